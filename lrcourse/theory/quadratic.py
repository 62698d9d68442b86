r"""Gradient descent, heavy-ball and Nesterov momentum on a quadratic: factors, limits, best pairs.

Along each eigenvector of the Hessian the three methods are linear recurrences, so their
convergence factor is the largest root of a small characteristic polynomial (one root for
gradient descent, two for the momentum methods), worst over the curvatures
:math:`\lambda_i \in [\mu, L]`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks
from ._shared import _curvatures, _momentum, _rates

__all__ = [
    "gd_rate",
    "heavy_ball_optimal",
    "heavy_ball_rate",
    "nesterov_optimal",
    "nesterov_rate",
    "optimal_gd_rate",
    "optimal_lr",
    "stability_limit",
]



def gd_rate(curvature: Any, lr: float | np.ndarray) -> float | np.ndarray:
    r"""Gradient descent's convergence factor :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|`.

    :math:`\theta_{k+1} = \theta_k - \eta A\theta_k` multiplies the error along the
    :math:`i`-th eigenvector by :math:`1 - \eta\lambda_i` at every step, so the worst error
    shrinks like :math:`\rho^k` (grows if :math:`\rho > 1`). Derivation: chapter 1, "The
    quadratic bowl"; Goh, "Why momentum really works" (Distill, 2017), section 1.

    Parameters
    ----------
    curvature : sequence of float or Quadratic
        The eigenvalues :math:`\lambda_i > 0` (see the module docstring).
    lr : float or ndarray
        :math:`\eta \ge 0`; an array gives one factor per rate.

    Returns
    -------
    float or ndarray
        :math:`\rho(\eta)`, of the shape of ``lr``.
    """
    owner = "gd_rate"
    lam = _curvatures(owner, curvature)
    eta = _rates(owner, lr)
    with np.errstate(over="ignore"):
        rate = np.max(np.abs(1.0 - eta[..., None] * lam), axis=-1)
    _checks.finite_result(owner, "lr", lr, rate)
    return float(rate) if rate.ndim == 0 else rate


def stability_limit(curvature: Any) -> float:
    r"""The largest stable rate of gradient descent, :math:`2/L`.

    :math:`|1 - \eta\lambda_i| < 1` for every :math:`i` exactly when
    :math:`0 < \eta < 2/L` (`gd_rate`): above it the stiffest direction oscillates with a
    growing amplitude from almost every start. Chapter 1, "The threshold 2/L".
    """
    return 2.0 / float(_curvatures("stability_limit", curvature).max())


def optimal_lr(curvature: Any) -> float:
    r"""The rate with the smallest `gd_rate`, :math:`\eta^* = 2/(L+\mu)`.

    :math:`\rho(\eta) = \max(|1-\eta\mu|, |1-\eta L|)`; the first falls and the second rises
    with :math:`\eta` near the optimum, which is where they are equal:
    :math:`1 - \eta\mu = \eta L - 1`. Chapter 1; Nesterov, *Lectures on convex optimization*
    (2018), theorem 2.1.15.
    """
    lam = _curvatures("optimal_lr", curvature)
    return 2.0 / (float(lam.max()) + float(lam.min()))


def optimal_gd_rate(curvature: Any) -> float:
    r"""Gradient descent's best factor, :math:`\rho^* = (L-\mu)/(L+\mu) = (\kappa-1)/(\kappa+1)`.

    `gd_rate` at `optimal_lr`: close to :math:`1 - 2/\kappa` for a large condition number, so
    the number of steps to a given precision grows like :math:`\kappa`.
    """
    lam = _curvatures("optimal_gd_rate", curvature)
    big, small = float(lam.max()), float(lam.min())
    return (big - small) / (big + small)


def _worst_root(b: np.ndarray, c: np.ndarray | float) -> float:
    """:math:`\\max |z|` over the roots of :math:`z^2 - b z + c = 0` (elementwise, then max)."""
    disc = np.sqrt((b * b - 4 * c).astype(complex))
    return float(np.max(np.abs(np.stack([(b + disc) / 2, (b - disc) / 2]))))


def heavy_ball_rate(curvature: Any, lr: float, beta: float) -> float:
    r"""Convergence factor of heavy-ball momentum on a quadratic.

    Along an eigenvector with curvature :math:`\lambda`, :math:`\theta_{k+1} = \theta_k -
    \eta\lambda\theta_k + \beta(\theta_k - \theta_{k-1})` (PyTorch ``SGD(momentum=beta)``:
    :math:`z \leftarrow \beta z + g`, :math:`\theta \leftarrow \theta - \eta z`) is a linear
    recurrence whose characteristic roots solve

    .. math:: z^2 - (1 + \beta - \eta\lambda)\, z + \beta = 0;

    the error shrinks like :math:`\rho^k` with :math:`\rho = \max_i \max |z|` over the
    eigenvalues. :math:`\beta = 0` gives `gd_rate`. Complex roots have :math:`|z| =
    \sqrt\beta`: the oscillation that momentum trades for speed. Polyak (1964); Goh, "Why
    momentum really works" (Distill, 2017), section 2.

    Parameters
    ----------
    curvature : sequence of float or Quadratic
        The eigenvalues :math:`\lambda_i > 0`.
    lr : float
        :math:`\eta > 0`.
    beta : float
        :math:`\beta \in [0, 1)`.

    Returns
    -------
    float
        :math:`\rho`; at least 1 means no convergence.
    """
    owner = "heavy_ball_rate"
    lam = _curvatures(owner, curvature)
    lr = _checks.positive(owner, "lr", lr)
    beta = _momentum(owner, beta)
    with np.errstate(over="ignore", invalid="ignore"):
        rate = _worst_root(1 + beta - lr * lam, beta)
    _checks.finite_result(owner, "lr", lr, rate)
    return rate


def heavy_ball_optimal(curvature: Any) -> tuple[float, float, float]:
    r"""The best heavy-ball pair and its factor.

    .. math::

        \eta^* = \frac{4}{(\sqrt L + \sqrt\mu)^2}, \qquad
        \beta^* = \Big(\frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}\Big)^2
        = \Big(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Big)^2, \qquad
        \rho^* = \sqrt{\beta^*}.

    At this pair both extreme curvatures sit exactly on the edge of complex roots, where every
    root has modulus :math:`\sqrt{\beta}` (`heavy_ball_rate`): close to
    :math:`1 - 2/\sqrt\kappa`, so the steps to a given precision grow like :math:`\sqrt\kappa`
    instead of :math:`\kappa`. Polyak (1964); Goh (Distill, 2017), section 2.

    Returns
    -------
    (float, float, float)
        :math:`(\eta^*, \beta^*, \rho^*)`.
    """
    lam = _curvatures("heavy_ball_optimal", curvature)
    root_l, root_mu = np.sqrt(float(lam.max())), np.sqrt(float(lam.min()))
    lr = 4.0 / (root_l + root_mu) ** 2
    beta = ((root_l - root_mu) / (root_l + root_mu)) ** 2
    return float(lr), float(beta), float(beta**0.5)


def nesterov_rate(curvature: Any, lr: float, beta: float) -> float:
    r"""Convergence factor of Nesterov momentum on a quadratic.

    PyTorch's ``SGD(momentum=beta, nesterov=True)`` (:math:`z \leftarrow \beta z + g`,
    :math:`\theta \leftarrow \theta - \eta(g + \beta z)`) and the look-ahead form
    :math:`\theta_{k+1} = y_k - \eta\nabla f(y_k)`, :math:`y_k = \theta_k + \beta(\theta_k -
    \theta_{k-1})`, give along an eigenvector the same characteristic equation

    .. math:: z^2 - (1 + \beta)(1 - \eta\lambda)\, z + \beta(1 - \eta\lambda) = 0,

    and :math:`\rho = \max_i \max |z|`. The gradient is taken at the look-ahead point, so the
    momentum term is damped by :math:`1 - \eta\lambda` where heavy ball's is not. Lessard,
    Recht and Packard (2016), section 3.

    Parameters
    ----------
    curvature : sequence of float or Quadratic
    lr : float
        :math:`\eta > 0`.
    beta : float
        :math:`\beta \in [0, 1)`.

    Returns
    -------
    float
    """
    owner = "nesterov_rate"
    lam = _curvatures(owner, curvature)
    lr = _checks.positive(owner, "lr", lr)
    beta = _momentum(owner, beta)
    with np.errstate(over="ignore", invalid="ignore"):
        damped = 1.0 - lr * lam
        rate = _worst_root((1 + beta) * damped, beta * damped)
    _checks.finite_result(owner, "lr", lr, rate)
    return rate


def nesterov_optimal(curvature: Any) -> tuple[float, float, float]:
    r"""The best Nesterov pair on a quadratic and its factor.

    .. math::

        \eta^* = \frac{4}{3L + \mu}, \qquad
        \beta^* = \frac{\sqrt{3\kappa + 1} - 2}{\sqrt{3\kappa + 1} + 2}, \qquad
        \rho^* = 1 - \frac{2}{\sqrt{3\kappa + 1}},

    (Lessard, Recht and Packard 2016, section 3.2). Slightly slower than heavy ball's
    :math:`\rho^*` on a quadratic; Nesterov's advantage is that it also converges on every
    smooth strongly convex function, where heavy ball can cycle. The textbook pair
    :math:`\eta = 1/L`, :math:`\beta = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)` is close to it.

    Returns
    -------
    (float, float, float)
        :math:`(\eta^*, \beta^*, \rho^*)`.
    """
    lam = _curvatures("nesterov_optimal", curvature)
    big, small = float(lam.max()), float(lam.min())
    root = np.sqrt(3.0 * big / small + 1.0)
    return 4.0 / (3.0 * big + small), float((root - 2.0) / (root + 2.0)), float(1.0 - 2.0 / root)
