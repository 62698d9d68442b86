r"""Plateaus and vanishing gradients: how long a flat region takes to cross, where sigmoid and
tanh units saturate, and how a gradient's size changes from layer to layer of a deep network."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .. import _checks
from ._shared import _momentum

__all__ = ["backprop_profile", "plateau_crossing_steps", "saturation_threshold"]

#: Activations whose saturation and mean-field gradients have closed forms here.
_SATURATING = ("sigmoid", "tanh")
_PROFILED = ("sigmoid", "tanh", "relu")


def _sinh_term(owner: str, name: str, u: np.ndarray) -> np.ndarray:
    r""":math:`F(u) = \ln\sinh u + \tfrac12 \sinh^2 u`, the gradient-flow time of the tanh
    plateau (see `plateau_crossing_steps`)."""
    with np.errstate(over="ignore"):
        s = np.sinh(u)
        square = s * s
    if not np.all(np.isfinite(square)):
        _checks._fail(owner, name, "at most about 350 widths from the minimum (beyond, the "
                      "crossing time overflows)", float(np.max(u)))
    return np.log(s) + 0.5 * square


def plateau_crossing_steps(x0: float | np.ndarray, x1: float, lr: float | np.ndarray,
                           width: float = 1.0, beta: float = 0.0) -> float | np.ndarray:
    r"""Steps gradient descent (with heavy-ball momentum :math:`\beta`) takes to move from
    :math:`x_0` to :math:`x_1` on one coordinate of `lrcourse.surfaces.Plateau`.

    On :math:`f(x) = \tanh^2(x/w)` the gradient is :math:`f'(x) = (2/w)\tanh(x/w)
    \,\mathrm{sech}^2(x/w)`. For small steps gradient descent follows the flow
    :math:`dx/dk = -\eta f'(x)`, and with momentum, once the buffer has filled, the flow with
    the effective rate :math:`\eta/(1-\beta)`. Separating the variables, with
    :math:`u = x/w`, :math:`\int \cosh^3 u / \sinh u \, du = \ln\sinh u + \tfrac12\sinh^2 u`,
    so

    .. math::

        T = \frac{(1-\beta)\, w^2}{2\eta}\, \bigl[F(x_0/w) - F(x_1/w)\bigr], \qquad
        F(u) = \ln\sinh u + \tfrac12 \sinh^2 u .

    Far out, :math:`F(u) \approx e^{2u}/8`: the time grows exponentially with the distance
    travelled on the plateau, and falls as :math:`1/\eta` and as :math:`1-\beta`. The formula
    ignores the steps momentum needs to build up its speed (about :math:`1/(1-\beta)`), so it
    underestimates short crossings with momentum.

    Parameters
    ----------
    x0 : float or ndarray
        Start(s), :math:`x_0 > x_1`, at most about 350 widths out (beyond, the time overflows).
    x1 : float
        Target, :math:`0 < x_1`.
    lr : float or ndarray
        :math:`\eta > 0`, broadcast against ``x0``.
    width : float
        The plateau's :math:`w > 0`.
    beta : float
        Momentum :math:`\beta \in [0, 1)`.

    Returns
    -------
    float or ndarray
    """
    owner = "plateau_crossing_steps"
    w = _checks.positive(owner, "width", width, limit=1e100)
    target = _checks.positive(owner, "x1", x1)
    start = _checks.finite_array(owner, "x0", x0)
    if np.any(start <= target):
        _checks._fail(owner, "x0", f"greater than x1 = {target}", float(np.min(start)))
    eta = _checks.positive_array(owner, "lr", lr)
    b = _momentum(owner, beta)
    far = _sinh_term(owner, "x0", start / w)
    near = _sinh_term(owner, "x1", np.asarray(target / w))
    with np.errstate(over="ignore"):
        steps = (1.0 - b) * w * w / (2.0 * eta) * (far - near)
    if not np.all(np.isfinite(steps)):
        _checks._fail(owner, "lr", "large enough that the crossing time is finite", lr)
    return float(steps) if steps.ndim == 0 else steps


def saturation_threshold(activation: str, fraction: float) -> float:
    r"""The input size :math:`|z|` beyond which a sigmoid or tanh unit's derivative is below
    ``fraction`` of its maximum.

    Both derivatives are a squared hyperbolic secant: :math:`\tanh'(z) = \mathrm{sech}^2 z`
    (maximum 1 at 0) and, since :math:`\sigma(z) = \tfrac12(1 + \tanh(z/2))`,
    :math:`\sigma'(z) = \tfrac14 \mathrm{sech}^2(z/2)` (maximum 1/4). Solving
    :math:`\mathrm{sech}^2 u = p` gives

    .. math::

        |z|_{\tanh} = \operatorname{arccosh}(1/\sqrt p), \qquad
        |z|_{\sigma} = 2 \operatorname{arccosh}(1/\sqrt p):

    a sigmoid saturates at twice the input of a tanh. For :math:`p = 0.01`: 2.99 and 5.99.

    Parameters
    ----------
    activation : {"sigmoid", "tanh"}
    fraction : float
        :math:`p \in (0, 1]`.

    Returns
    -------
    float
    """
    owner = "saturation_threshold"
    name = _checks.choice(owner, "activation", activation, _SATURATING)
    p = _checks.in_interval(owner, "fraction", fraction, 0.0, 1.0, low_open=True)
    u = math.acosh(1.0 / math.sqrt(p))
    return 2.0 * u if name == "sigmoid" else u


def _f(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Activation ``name`` and its derivative at ``z`` (those of `lrcourse.nn.activation`)."""
    if name == "sigmoid":
        s = 0.5 * (1.0 + np.tanh(0.5 * z))
        return s, s * (1.0 - s)
    if name == "tanh":
        t = np.tanh(z)
        return t, 1.0 - t * t
    return np.maximum(z, 0.0), (z > 0).astype(np.float64)


def backprop_profile(activation: str, sizes: Sequence[int], weight_std: Sequence[float],
                     input_sq: float = 1.0, nodes: int = 100) -> dict[str, np.ndarray]:
    r"""Mean-field prediction of the pre-activation variances and of the size of every
    hidden layer's weight gradient in a randomly initialized network.

    The network is `lrcourse.nn.MLP` with widths ``sizes`` :math:`= (d_0, \dots, d_L)`, zero
    biases, and weights of layer :math:`l` drawn with standard deviation :math:`s_l`; write
    :math:`g_l = d_{l-1} s_l^2` for its gain. For a wide layer the pre-activations are
    Gaussian with variance :math:`q_l = g_l\, E[a_{l-1}^2]` (averaged over the units),
    :math:`E[a_l^2] = E[f(z)^2]` with :math:`z \sim N(0, q_l)`, and :math:`E[a_0^2]` is
    ``input_sq``. Backward, :math:`\delta^{(l-1)} = (\delta^{(l)} W^{(l)\top}) \odot
    f'(z^{(l-1)})` multiplies the squared norm of the error by

    .. math::

        \chi_l = g_l\, E[f'(z_{l-1})^2]

    per layer: the product of derivatives. Each factor is a derivative (at most 1/4 for a
    sigmoid, 1 for tanh) times a weight gain, so :math:`L` layers multiply the error by
    :math:`\prod_l \sqrt{\chi_l}`. The gradient of :math:`W^{(l)}`,
    :math:`A^{(l-1)\top}\delta^{(l)}`, has, for one example, the norm
    :math:`\lVert a_{l-1}\rVert \lVert \delta^{(l)} \rVert`,
    with :math:`\lVert a_l \rVert^2 = d_l E[a_l^2]`. Expectations over :math:`z` are taken by
    Gauss-Hermite quadrature with ``nodes`` points; an even number puts no node at the kink of
    ReLU, and then gives its :math:`E[f'^2] = 1/2` and :math:`E[f^2] = q/2` exactly. The
    prediction ignores the correlations between the examples of a batch; it is exact for wide
    layers and one example.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    sizes : sequence of int
        :math:`(n_0, n_1, \dots, n_L)`, at least one hidden layer.
    weight_std : sequence of float
        :math:`s_1, \dots, s_L` (one per weight matrix, the output layer's last).
    input_sq : float
        :math:`E[a_0^2]`, the mean square of the inputs (1 for standardized data).
    nodes : int
        Quadrature points (even: see above).

    Returns
    -------
    dict
        ``"pre_var"``: :math:`q_1, \dots, q_{L-1}`; ``"factor"``: the per-layer backward factor
        :math:`\sqrt{\chi_l}` by which the error shrinks (< 1) or grows (> 1) from hidden layer
        :math:`l` to :math:`l-1`, for :math:`l = 2, \dots, L-1`; ``"grad_norm"``: the predicted
        norms of the hidden weight gradients :math:`\partial \ell/\partial W^{(1)}, \dots,
        \partial \ell/\partial W^{(L-1)}`, relative to the last one (which is 1).
    """
    owner = "backprop_profile"
    name = _checks.choice(owner, "activation", activation, _PROFILED)
    if not isinstance(sizes, Sequence) or isinstance(sizes, str) or len(sizes) < 3:
        _checks._fail(owner, "sizes", "a sequence of at least 3 widths (one hidden layer)",
                      sizes, TypeError if not isinstance(sizes, Sequence) else ValueError)
    widths = [_checks.integer(owner, f"sizes[{i}]", n, minimum=1) for i, n in enumerate(sizes)]
    std = _checks.positive_array(owner, "weight_std", weight_std, ndim=1)
    if std.size != len(widths) - 1:
        _checks._fail(owner, "weight_std", f"{len(widths) - 1} values (one per weight matrix)",
                      f"{std.size} values")
    if np.any(std > 1e3):
        _checks._fail(owner, "weight_std", "at most 1e3 (a larger one overflows the forward "
                      "pass)", float(std.max()))
    a2 = _checks.positive(owner, "input_sq", input_sq, limit=1e6)
    n_nodes = _checks.integer(owner, "nodes", nodes, minimum=2, maximum=1000)
    u, w = np.polynomial.hermite_e.hermegauss(n_nodes)
    w = w / w.sum()
    gains = np.array(widths[:-1]) * std**2
    hidden = len(widths) - 2
    pre_var, chi, log_act = [], [], [math.log(widths[0] * a2)]
    for layer in range(hidden):
        q = gains[layer] * a2
        f, d = _f(name, math.sqrt(q) * u)
        a2 = float(np.sum(w * f * f))
        pre_var.append(q)
        chi.append(float(np.sum(w * d * d)))
        log_act.append(math.log(widths[layer + 1] * a2) if a2 > 0 else -math.inf)
    # log ||delta_l||^2 of hidden layer l, up to a constant: the output's error times chi's
    log_delta = np.zeros(hidden)
    for layer in range(hidden - 2, -1, -1):
        log_delta[layer] = log_delta[layer + 1] + math.log(gains[layer + 1] * chi[layer])
    log_grad = 0.5 * (np.array(log_act[:hidden]) + log_delta)
    factor = np.sqrt(gains[1:hidden] * np.array(chi[:-1]))
    return {"pre_var": np.array(pre_var), "factor": factor,
            "grad_norm": np.exp(log_grad - log_grad[-1])}
