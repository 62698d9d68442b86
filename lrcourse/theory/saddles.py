r"""Saddle points: how long gradient descent stays near one.

Near a strict saddle the loss is, to second order, :math:`\tfrac12 \sum_i \lambda_i u_i^2` in
the Hessian's eigenvectors, with at least one :math:`\lambda_i < 0`. Gradient descent multiplies
each coordinate by :math:`1 - \eta\lambda_i` per step: the coordinates with
:math:`\lambda_i > 0` shrink (the iterate is drawn towards the saddle along its *stable
manifold*), the one along the most negative curvature :math:`\lambda_{\min} < 0` grows by
:math:`1 + \eta|\lambda_{\min}|`. A start at distance :math:`\delta` from the stable manifold
therefore needs a number of steps that grows like :math:`\log(1/\delta)` to leave. At a
degenerate critical point, where the test of second derivatives is silent, the gradient is
smaller still, and the time to leave grows like a power of :math:`1/\delta` instead.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _checks

__all__ = ["cubic_escape_steps", "saddle_escape_steps", "saddle_growth_factor"]


def saddle_growth_factor(curvature: float, lr: float, beta: float = 0.0) -> float:
    r"""The factor by which gradient descent (with momentum :math:`\beta`) multiplies the
    coordinate along a negative curvature :math:`-|\lambda_{\min}|` per step, in the long run.

    Plain descent: :math:`1 + \eta|\lambda_{\min}|`. Heavy ball,
    :math:`\xi_{k+1} = \xi_k + \eta|\lambda_{\min}| \xi_k + \beta(\xi_k - \xi_{k-1})`: the
    larger root :math:`\omega_1` of
    :math:`\omega^2 - (1 + \beta + \eta|\lambda_{\min}|)\omega + \beta = 0`, which exceeds
    :math:`1 + \eta|\lambda_{\min}|` for every :math:`\beta > 0` (when
    :math:`\eta|\lambda_{\min}|/(1-\beta)^2 \ll 1` it is about
    :math:`1 + \eta|\lambda_{\min}|/(1-\beta)`: momentum
    multiplies the escape speed by up to :math:`1/(1-\beta)`).
    """
    owner = "saddle_growth_factor"
    lam = _checks.positive(owner, "curvature", curvature)
    eta = _checks.positive(owner, "lr", lr)
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    s = 1.0 + beta + eta * lam  # (s/2)(1 + sqrt(1 - 4 beta/s^2)), without overflow
    return s / 2.0 * (1.0 + math.sqrt(1.0 - 4.0 * beta / s / s))


def saddle_escape_steps(curvature: float, offset: float | np.ndarray, radius: float,
                        lr: float, beta: float = 0.0) -> float | np.ndarray:
    r"""Steps for gradient descent (with momentum :math:`\beta`) to carry the unstable
    coordinate from ``offset`` to ``radius`` on a quadratic saddle.

    Along the eigenvector of the negative curvature :math:`\lambda_{\min} < 0` plain descent
    gives :math:`\xi_k = \delta (1 + \eta|\lambda_{\min}|)^k`, so :math:`\xi` first reaches
    :math:`r` after

    .. math::

        k_{\mathrm{esc}} = \left\lceil \frac{\ln(r/\delta)}{\ln(1 + \eta|\lambda_{\min}|)}
        \right\rceil \approx \frac{\ln(r/\delta)}{\eta|\lambda_{\min}|}

    steps (the approximation for :math:`\eta|\lambda_{\min}| \ll 1`): in time
    :math:`t = \eta k`, :math:`\ln(r/\delta)/|\lambda_{\min}|`, logarithmic in the distance to
    the stable manifold. Exact on `lrcourse.surfaces.SaddleQuadratic` (:math:`\lambda_{\min} =
    -2b`). With momentum (PyTorch's ``SGD(momentum=beta)``, starting at rest) :math:`\xi_k =
    A \omega_1^k + B \omega_2^k` with the roots of `saddle_growth_factor`, :math:`\xi_0 = \delta`,
    :math:`\xi_1 = (1 + \eta|\lambda_{\min}|)\delta`; the :math:`\omega_2^k` term dies out and
    :math:`k_{\mathrm{esc}} = \lceil \ln(r/A)/\ln \omega_1 \rceil`, exact to within a step.

    Parameters
    ----------
    curvature : float
        :math:`|\lambda_{\min}| > 0`, the size of the negative curvature.
    offset : float or ndarray
        :math:`\delta`, the starting distance from the stable manifold, ``0 < offset``.
    radius : float
        :math:`r`, the distance that counts as escaped, ``> 0``.
    lr : float
        :math:`\eta > 0`.
    beta : float
        Momentum :math:`\beta \in [0, 1)`.

    Returns
    -------
    float or ndarray
        :math:`k_{\mathrm{esc}}` (0 where ``offset >= radius``), the shape of ``offset``.
    """
    owner = "saddle_escape_steps"
    lam = _checks.positive(owner, "curvature", curvature)
    r = _checks.positive(owner, "radius", radius)
    eta = _checks.positive(owner, "lr", lr)
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    scalar = np.ndim(offset) == 0 and not isinstance(offset, np.ndarray)
    delta = _checks.positive_array(owner, "offset", offset)
    z1 = saddle_growth_factor(lam, eta, beta)
    growth = math.log(z1)
    if growth == 0.0:
        _checks._fail(owner, "lr", f"large enough that 1 + lr * curvature > 1 in floating point "
                      f"(curvature = {lam:g})", lr)
    z2 = beta / z1
    log_amplitude = np.log(delta) + math.log((1.0 + eta * lam - z2) / (z1 - z2))
    steps = np.ceil(np.maximum(math.log(r) - log_amplitude, 0.0) / growth)
    steps = np.where(delta >= r, 0.0, steps)
    return float(steps) if scalar else steps


def cubic_escape_steps(offset: float | np.ndarray, radius: float,
                       lr: float) -> float | np.ndarray:
    r"""Steps for gradient descent on :math:`f(x) = x^3` to run from :math:`x_0 = -\delta` down
    to :math:`-r`, in the small-step limit.

    Gradient flow :math:`\dot x = -3x^2` gives :math:`x(t) = x_0/(1 + 3x_0t)`: from
    :math:`-\delta` it reaches :math:`-r` at :math:`t = (1/\delta - 1/r)/3`, that is after about

    .. math:: k_{\mathrm{esc}} \approx \frac{1}{3\eta}\left(\frac1\delta - \frac1r\right)

    steps: a power of :math:`1/\delta`, not its logarithm, because the gradient :math:`3x^2`
    vanishes to second order. (From :math:`x_0 > 0` the flow creeps towards 0 as
    :math:`x_0/(1 + 3x_0 t)` and never arrives.) Gradient descent's step count agrees with
    the flow's to about 1 % when :math:`\eta\delta \ll 1` and :math:`\eta r` is small.

    Parameters
    ----------
    offset : float or ndarray
        :math:`\delta > 0`.
    radius : float
        :math:`r > 0`.
    lr : float
        :math:`\eta > 0`.

    Returns
    -------
    float or ndarray
        The steps (0 where ``offset >= radius``), the shape of ``offset``.
    """
    owner = "cubic_escape_steps"
    r = _checks.positive(owner, "radius", radius)
    eta = _checks.positive(owner, "lr", lr)
    scalar = np.ndim(offset) == 0 and not isinstance(offset, np.ndarray)
    delta = _checks.positive_array(owner, "offset", offset)
    with np.errstate(over="ignore"):
        steps = np.maximum(1.0 / delta - 1.0 / r, 0.0) / (3.0 * eta)
    return float(steps) if scalar else steps
