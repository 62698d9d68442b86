r"""Dying ReLU: which step size kills a unit, and a lower bound on networks born dead."""

from __future__ import annotations

import numpy as np

from .. import _checks

__all__ = ["born_dead_bound", "kill_interval"]


def kill_interval(z: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""The step sizes :math:`\eta \ge 0` after which a ReLU unit is dead on every input.

    One gradient step changes a unit's pre-activation on input :math:`x` from :math:`z(x)` to
    :math:`z(x) - \eta\, s(x)`, with :math:`s(x) = \partial_b \mathcal{L} + x^\top \nabla_w
    \mathcal{L}` the gradient of its bias plus that of its incoming weights along :math:`x`
    (exact for the first hidden layer, whose inputs do not move). The unit is dead after the
    step when :math:`z(x) - \eta s(x) \le 0` for every input, that is for :math:`\eta` in

    .. math::

        \Big[\max\Big(0, \max_{s(x) > 0} \frac{z(x)}{s(x)}\Big),\;
        \min_{s(x) < 0} \frac{z(x)}{s(x)}\Big],

    an interval that is empty (``low > high``, or ``low = inf``) when no step kills it: some
    input with :math:`z(x) > 0` and :math:`s(x) \le 0` keeps it alive. Every :math:`\eta` in
    it kills the unit; below, it lives.

    Parameters
    ----------
    z, s : array_like, shape (n,) or (n, h)
        Pre-activations and their per-unit-rate decrease on ``n`` inputs, for ``h`` units.

    Returns
    -------
    low, high : ndarray
        Shape ``()`` or ``(h,)``; ``low`` is inf when no rate kills the unit, ``high`` inf when
        no rate is too large.
    """
    owner = "kill_interval"
    z = _checks.finite_array(owner, "z", z)
    s = _checks.finite_array(owner, "s", s)
    if z.ndim not in (1, 2) or z.shape != s.shape or z.shape[0] == 0:
        raise ValueError(f"{owner}: z and s must have the same shape (n,) or (n, h) with "
                         f"n >= 1, got {z.shape} and {s.shape}")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = z / s
    alive_anyway = np.any((z > 0) & (s <= 0), axis=0)
    low = np.max(np.where(s > 0, ratio, 0.0), axis=0)
    low = np.where(alive_anyway, np.inf, np.maximum(low, 0.0))
    high = np.min(np.where(s < 0, ratio, np.inf), axis=0)
    return low, high


def born_dead_bound(width: int, depth: int) -> float:
    r"""A lower bound on the probability that a ReLU network is born dead (zero biases).

    Take ``depth`` hidden layers of ``width`` units, zero biases and weights drawn
    independently from any distribution symmetric about 0 with no atom at 0 (He, Xavier,
    LeCun, normal). The inputs of hidden layer :math:`l \ge 2` are outputs of ReLUs, hence
    :math:`\ge 0`; if all :math:`d^2` weights of that layer are negative, every unit of it
    outputs 0 for every input and the network is a constant function. That happens with
    probability :math:`2^{-d^2}`, independently in each of the layers :math:`2, \dots, D`, so

    .. math::

        P(\text{born dead}) \ \ge\ 1 - \big(1 - 2^{-d^2}\big)^{D - 1}
        \ \xrightarrow[D \to \infty]{}\ 1 .

    A crude bound (it ignores every other way to die), but a proof that at a fixed width a
    deep enough network is almost surely born dead.

    Parameters
    ----------
    width : int
        :math:`d \ge 1`.
    depth : int
        Number of hidden layers :math:`D \ge 1`.

    Returns
    -------
    float
    """
    owner = "born_dead_bound"
    width = _checks.integer(owner, "width", width, minimum=1)
    depth = _checks.integer(owner, "depth", depth, minimum=1)
    q = 2.0 ** -float(width * width)  # underflows to 0 for a wide layer
    return float(-np.expm1((depth - 1) * np.log1p(-q)))
