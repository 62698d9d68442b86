r"""Weight initializations of `MLP` (the ``init`` argument), randomized asymmetric included.

The formulas and their PyTorch / Keras equivalents are in `MLP`'s docstring.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

INITS: tuple[str, ...] = ("he", "xavier", "lecun", "normal", "rai")
"""Names accepted for ``init``."""

RAI_SIGMA: float = 0.6007
r"""Scale of the normal entries of randomized asymmetric initialization: their standard deviation
is ``RAI_SIGMA / sqrt(fan_in)``, the value Lu, Shin, Su and Karniadakis pair with the
asymmetric distribution :math:`\mathrm{Beta}(2, 1)` (see `MLP`, ``init="rai"``)."""


def _initial_layers(rng: np.random.Generator, lead: tuple[int, ...], sizes: tuple[int, ...],
                    init: str, init_std: float | None, bias_init: float) -> list[np.ndarray]:
    """``[W1, b1, ..., WL, bL]`` drawn from ``rng`` in that order (see `MLP`, ``init``)."""
    n_hidden = len(sizes) - 2
    weights: list[np.ndarray] = []
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        hidden = i < n_hidden
        if init == "rai" and hidden:
            W, b = _rai_layer(rng, lead, fan_in, fan_out)
        else:
            if init == "xavier":
                std = math.sqrt(2.0 / (fan_in + fan_out))
            elif init == "lecun":
                std = math.sqrt(1.0 / fan_in)
            elif init == "normal":
                std = init_std
            else:  # "he", and the linear output layer under "rai"
                std = math.sqrt(2.0 / fan_in)
            W = rng.standard_normal((*lead, fan_in, fan_out)) * std
            b = np.full((*lead, fan_out), bias_init)
        weights += [W, b]
    return weights


def _rai_layer(rng: np.random.Generator, lead: tuple[int, ...], fan_in: int, fan_out: int):
    """Randomized asymmetric initialization of one hidden layer (see `MLP`, ``init="rai"``)."""
    # Row j of V (in the paper's layout; column j here) holds unit j's weights, then its bias.
    V = rng.standard_normal((*lead, fan_in + 1, fan_out)) * (RAI_SIGMA / math.sqrt(fan_in))
    position = rng.integers(0, fan_in + 1, size=(*lead, 1, fan_out))
    positive = rng.beta(2.0, 1.0, size=(*lead, 1, fan_out))
    np.put_along_axis(V, position, positive, axis=-2)
    return V[..., :fan_in, :].copy(), V[..., fan_in, :].copy()
