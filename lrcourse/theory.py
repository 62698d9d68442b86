r"""The closed forms the course teaches: rates, optimal parameters and limits on a quadratic.

Everything here is about the quadratic :math:`f(\theta) = \tfrac12 \theta^\top A \theta` whose
Hessian :math:`A` has the eigenvalues (curvatures) :math:`\lambda_i`, from :math:`\mu` (the
smallest) to :math:`L` (the largest), :math:`\kappa = L/\mu`. Along each eigenvector the
methods of the course are linear recurrences, so their behaviour has a formula: gradient
descent's convergence factor, its stability limit :math:`2/L` and best rate
:math:`2/(L+\mu)`; the factors of heavy-ball and Nesterov momentum and their best pairs
:math:`(\eta, \beta)`; and the loss floor of SGD on the noisy quadratic.

Each function states its formula and where it comes from; the tests check every one against a
simulation (`lrcourse.optimizers` on `lrcourse.surfaces.Quadratic`, or the noisy quadratic of
`lrcourse.train.noisy_quadratic_sgd`). numpy only: the chapters, the pictures and the explorers
call these functions and keep no copies of the formulas.

The curvature argument of every function is either a sequence of eigenvalues or an object with
``eigenvalues`` (a `lrcourse.surfaces.Quadratic`), else with ``mu`` and ``L``. For all three
methods the worst eigenvalue of an interval :math:`[\mu, L]` is one of its ends, so
``(mu, L)`` gives the worst case over every quadratic with that spread.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _checks

__all__ = [
    "NQM_EIGENVALUES",
    "gd_rate",
    "heavy_ball_optimal",
    "heavy_ball_rate",
    "nesterov_optimal",
    "nesterov_rate",
    "noisy_quadratic_floor",
    "noisy_quadratic_gd_loss",
    "optimal_gd_rate",
    "optimal_lr",
    "stability_limit",
]

#: Curvatures of the noisy quadratic (`noisy_quadratic_floor`,
#: `lrcourse.train.noisy_quadratic_sgd`): 20 values log-spaced from 0.01 to :math:`L = 1`.
NQM_EIGENVALUES = np.geomspace(0.01, 1.0, 20)


def _curvatures(owner: str, curvature: Any) -> np.ndarray:
    """The eigenvalues :math:`\\lambda_i > 0` of ``curvature`` as a float64 array."""
    if hasattr(curvature, "eigenvalues"):
        curvature = curvature.eigenvalues
    elif hasattr(curvature, "mu") and hasattr(curvature, "L"):
        curvature = (curvature.mu, curvature.L)
    lam = _checks.finite_array(owner, "curvature", curvature, ndim=1)
    if np.any(lam <= 0):
        _checks._fail(owner, "curvature", "positive eigenvalues (> 0)", tuple(lam.tolist()))
    return lam


def _rates(owner: str, lr: float | np.ndarray) -> np.ndarray:
    """``lr`` as an array of non-negative finite rates (a scalar gives a 0-d array)."""
    if isinstance(lr, numbers.Real):  # bools are refused by nonnegative()
        return np.asarray(_checks.nonnegative(owner, "lr", lr))
    eta = _checks.finite_array(owner, "lr", lr)
    if np.any(eta < 0):
        _checks._fail(owner, "lr", "non-negative (>= 0)", float(eta.min()))
    return eta


def _momentum(owner: str, beta: float) -> float:
    return _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)


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
    rate = np.max(np.abs(1.0 - eta[..., None] * lam), axis=-1)
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
    return _worst_root(1 + beta - lr * lam, beta)


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
    damped = 1.0 - lr * lam
    return _worst_root((1 + beta) * damped, beta * damped)


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


def noisy_quadratic_floor(lr: float, noise: float,
                          curvature: Sequence[float] | Any = NQM_EIGENVALUES) -> float:
    r"""The loss at which SGD with a constant rate settles on the noisy quadratic.

    With noisy gradients :math:`g_k = h \odot \theta_k + \sigma\sqrt h \odot \xi_k`,
    :math:`\xi_k \sim N(0, I)` (`lrcourse.train.noisy_quadratic_sgd`), each coordinate follows
    :math:`\theta_{k+1} = (1 - \eta h_i)\theta_k - \eta\sigma\sqrt{h_i}\,\xi_k`, whose
    stationary variance :math:`v_i` solves :math:`v_i = (1-\eta h_i)^2 v_i + \eta^2\sigma^2
    h_i`. The mean loss then is

    .. math::

        f_\infty = \frac12 \sum_i h_i v_i
        = \frac12 \sum_i h_i \frac{\eta\,\sigma^2}{2 - \eta h_i}
        \approx \frac{\eta\,\sigma^2}{4} \sum_i h_i ,

    proportional to the rate: a large rate is fast but settles high. For a minibatch of
    :math:`B` examples :math:`\sigma^2 = \sigma_1^2/B`, so the floor depends on
    :math:`\eta/B` (the linear scaling rule of Goyal et al. 2017). Zhang et al. (2019), "Which
    algorithmic choices matter at which batch sizes?", section 3.

    Parameters
    ----------
    lr : float
        :math:`\eta > 0`.
    noise : float
        :math:`\sigma \ge 0`.
    curvature : sequence of float or Quadratic
        The :math:`h_i`; `NQM_EIGENVALUES` by default.

    Returns
    -------
    float
        :math:`f_\infty`; inf from :math:`\eta \ge 2/L` on, where SGD diverges.
    """
    owner = "noisy_quadratic_floor"
    h = _curvatures(owner, curvature)
    lr = _checks.positive(owner, "lr", lr)
    sigma = _checks.nonnegative(owner, "noise", noise)
    if lr >= 2.0 / float(h.max()):
        return np.inf
    return float(0.5 * np.sum(h * lr * sigma**2 / (2.0 - lr * h)))


def noisy_quadratic_gd_loss(lr: float, steps: int,
                            curvature: Sequence[float] | Any = NQM_EIGENVALUES) -> np.ndarray:
    r"""The noise-free loss curve of the noisy quadratic, in closed form.

    Without noise, gradient descent from :math:`\theta_0 = \mathbf 1` multiplies coordinate
    :math:`i` by :math:`1 - \eta h_i` per step (`gd_rate`), so

    .. math:: f(\theta_k) = \tfrac12 \sum_i h_i (1 - \eta h_i)^{2k}.

    Parameters
    ----------
    lr : float
        :math:`\eta > 0`.
    steps : int
        Last step :math:`k`.
    curvature : sequence of float or Quadratic
        The :math:`h_i`; `NQM_EIGENVALUES` by default.

    Returns
    -------
    ndarray, shape (steps + 1,)
        :math:`f(\theta_k)` for :math:`k = 0, \dots,` ``steps`` (inf where it overflows).
    """
    owner = "noisy_quadratic_gd_loss"
    h = _curvatures(owner, curvature)
    lr = _checks.positive(owner, "lr", lr)
    steps = _checks.integer(owner, "steps", steps, minimum=0)
    with np.errstate(over="ignore"):
        return 0.5 * ((1.0 - lr * h) ** (2 * np.arange(steps + 1)[:, None]) * h).sum(axis=1)
