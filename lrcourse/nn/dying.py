r"""Dead and silent ReLU units, and networks born dead: `inactive_fraction`, `born_dead`,
`born_dead_rates`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _checks
from .init import INITS
from .mlp import MLP


def _model(owner: str, model: object) -> MLP:
    if not isinstance(model, MLP):
        _checks._fail(owner, "model", "an lrcourse MLP", type(model).__name__, TypeError)
    return model


def inactive_fraction(model: MLP, X: np.ndarray) -> np.ndarray:
    r"""Per hidden layer, the fraction of units whose pre-activation is :math:`\le 0` on every
    row of ``X``.

    For ReLU these are exactly the dead units (`MLP.dead_fraction`). For leaky ReLU, PReLU and
    ELU they output small negative values and still pass a gradient
    (:math:`f'(z) > 0` everywhere), so they are silent but not dead: a step can bring them
    back.

    Returns
    -------
    ndarray
        Shape ``(n_hidden,)``, or ``(K, n_hidden)`` for K models.
    """
    owner = "inactive_fraction"
    model = _model(owner, model)
    layers = model.hidden_activations(X)  # checks X
    fractions = [np.all(z <= 0.0, axis=-2).mean(axis=-1) for z, _ in layers]
    return np.stack(fractions, axis=-1)


def born_dead(model: MLP, X: np.ndarray) -> bool | np.ndarray:
    r"""Whether some hidden layer outputs exactly 0 for every row of ``X``.

    Every later layer then sees the same input whatever the row, so the network computes one
    constant on ``X``, and every gradient below that layer is 0: gradient descent can only fit
    the constant (Lu, Shin, Su and Karniadakis 2020 call such a network *born dead* when this
    holds at initialization).

    Returns
    -------
    bool or ndarray of bool
        One flag, or ``(K,)`` flags for K models.
    """
    owner = "born_dead"
    model = _model(owner, model)
    dead = np.asarray(model.dead_fraction(X)) == 1.0  # checks X
    flags = dead.any(axis=-1)
    return bool(flags) if flags.ndim == 0 else flags


def born_dead_rates(widths: Sequence[int], depths: Sequence[int], init: str = "he",
                    n_models: int = 1000, seed: int = 0, n_inputs: int = 17) -> np.ndarray:
    r"""Monte Carlo estimate of the probability that a ReLU network is born dead.

    For each width :math:`N`, ``n_models`` networks with ``max(depths)`` hidden layers of
    :math:`N` units, one input and one output are drawn (`MLP`, ``init``, seed ``seed`` plus
    the width's index), and for each depth :math:`D` the fraction whose first :math:`D`
    hidden layers already contain a layer that is 0 on all ``n_inputs`` points evenly spaced
    in :math:`[-1, 1]` (`born_dead`). The first :math:`D` layers of a deeper network are
    distributed exactly like a network of depth :math:`D`, so one draw serves every depth.
    With zero biases (He) a ReLU network is positively homogeneous, so the two ends
    :math:`\pm 1` decide; RAI draws biases, and more points change nothing measurable.
    The standard error of an estimate :math:`\hat P` is
    :math:`\sqrt{\hat P (1 - \hat P)/n_\mathrm{models}}`.

    Parameters
    ----------
    widths, depths : sequence of int
        Positive widths and numbers of hidden layers.
    init : str
        One of `INITS`, except ``"normal"`` (whose scale is irrelevant here).
    n_models : int
        Networks per width.
    seed : int
    n_inputs : int
        Points in :math:`[-1, 1]`, at least 2.

    Returns
    -------
    ndarray
        ``(len(widths), len(depths))`` fractions.
    """
    owner = "born_dead_rates"
    widths = _counts(owner, "widths", widths)
    depths = _counts(owner, "depths", depths)
    init = _checks.choice(owner, "init", init, tuple(i for i in INITS if i != "normal"))
    n_models = _checks.integer(owner, "n_models", n_models, minimum=1)
    seed = _checks.integer(owner, "seed", seed, minimum=0)
    n_inputs = _checks.integer(owner, "n_inputs", n_inputs, minimum=2)
    X = np.linspace(-1.0, 1.0, n_inputs)[:, None]
    rates = np.empty((len(widths), len(depths)))
    for i, width in enumerate(widths):
        net = MLP((1, *[width] * max(depths), 1), init=init, loss="mse", seed=seed + i,
                  n_models=n_models)
        dead = np.asarray(net.dead_fraction(X)).reshape(n_models, -1) == 1.0
        dead_by = np.logical_or.accumulate(dead, axis=1)  # some layer among the first D
        rates[i] = [dead_by[:, d - 1].mean() for d in depths]
    return rates


def _counts(owner: str, name: str, values: object) -> list[int]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray) \
            or len(values) == 0:
        _checks._fail(owner, name, "a non-empty sequence of positive integers", values)
    return [_checks.integer(owner, f"{name}[{i}]", v, minimum=1, maximum=4096)
            for i, v in enumerate(values)]
