r"""Weight initializations of `MLP` (the ``init`` argument), randomized asymmetric included.

The formulas and their PyTorch / Keras equivalents are in `MLP`'s docstring.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .. import _checks

INITS: tuple[str, ...] = ("he", "xavier", "lecun", "normal", "rai")
"""Names accepted for ``init``."""

RAI_SIGMA: float = 0.6007
r"""Scale of the normal entries of randomized asymmetric initialization: their standard deviation
is ``RAI_SIGMA / sqrt(fan_in)``, the value public implementations of Lu, Shin, Su and
Karniadakis's RAI pair with the asymmetric distribution :math:`\mathrm{Beta}(2, 1)`, and
lrcourse's choice (see `MLP`, ``init="rai"``)."""


def weight_std(init: str, fan_in: int, fan_out: int, init_std: float | None = None) -> float:
    r"""Standard deviation of the normal weights of a layer under ``init`` (not ``"rai"``).

    ``"he"``: :math:`\sqrt{2/\mathrm{fan\_in}}`; ``"xavier"``:
    :math:`\sqrt{2/(\mathrm{fan\_in} + \mathrm{fan\_out})}`; ``"lecun"``:
    :math:`\sqrt{1/\mathrm{fan\_in}}`; ``"normal"``: ``init_std`` (required there, refused
    elsewhere). `MLP` draws its weights with exactly these.
    """
    owner = "weight_std"
    init = _checks.choice(owner, "init", init, INITS[:4])
    fan_in = _checks.integer(owner, "fan_in", fan_in, minimum=1)
    fan_out = _checks.integer(owner, "fan_out", fan_out, minimum=1)
    if init == "normal":
        if init_std is None:
            _checks._fail(owner, "init_std", "a positive number for init='normal'", init_std,
                          TypeError)
        return _checks.positive(owner, "init_std", init_std, limit=1e3)
    if init_std is not None:
        _checks._fail(owner, "init_std", "None unless init='normal'", init_std, TypeError)
    if init == "xavier":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if init == "lecun":
        return math.sqrt(1.0 / fan_in)
    return math.sqrt(2.0 / fan_in)


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
            kind = "he" if init == "rai" else init  # the linear output layer under "rai"
            std = init_std if kind == "normal" else weight_std(kind, fan_in, fan_out)
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
