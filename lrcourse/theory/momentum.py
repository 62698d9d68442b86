r"""Momentum on a quadratic, beyond the best pairs: factor maps, roots, critical damping, the
effective step on a slope and the steps a factor needs to reach a tolerance.

Along an eigenvector with curvature :math:`\lambda` the error :math:`e_k` of heavy-ball momentum
(PyTorch ``SGD(momentum=beta)``) obeys the two-step recurrence
:math:`e_{k+1} = (1 + \beta - \eta\lambda)\, e_k - \beta\, e_{k-1}`, that is the 2x2 system

.. math::

    \begin{pmatrix} e_{k+1} \\ e_k \end{pmatrix} =
    \begin{pmatrix} 1 + \beta - \eta\lambda & -\beta \\ 1 & 0 \end{pmatrix}
    \begin{pmatrix} e_k \\ e_{k-1} \end{pmatrix},

whose eigenvalues are the roots of :math:`z^2 - (1 + \beta - \eta\lambda) z + \beta = 0`
(`lrcourse.theory.heavy_ball_rate`). Goh, "Why momentum really works" (Distill, 2017).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _checks
from ._shared import _curvatures, _momentum, _rates

__all__ = [
    "critical_momentum",
    "heavy_ball_roots",
    "momentum_factor",
    "momentum_step_limit",
    "steps_to_tolerance",
]


def _betas(owner: str, beta: float | np.ndarray) -> np.ndarray:
    """``beta`` as an array of momenta in :math:`[0, 1)`."""
    if isinstance(beta, np.ndarray):
        b = _checks.finite_array(owner, "beta", beta)
        if np.any((b < 0) | (b >= 1)):
            bad = float(b[(b < 0) | (b >= 1)].flat[0])
            _checks._fail(owner, "beta", "in [0, 1)", bad)
        return b
    return np.asarray(_momentum(owner, beta))


def momentum_factor(curvature: Any, lr: float | np.ndarray, beta: float | np.ndarray,
                    nesterov: bool = False) -> float | np.ndarray:
    r"""The convergence factor of heavy-ball or Nesterov momentum, for arrays of rates and
    momenta at once (a map over the :math:`(\eta, \beta)` plane).

    :math:`\rho = \max_i \max |z|` over the roots of
    :math:`z^2 - (1 + \beta - \eta\lambda_i) z + \beta` (heavy ball) or
    :math:`z^2 - (1+\beta)(1 - \eta\lambda_i) z + \beta(1 - \eta\lambda_i)` (Nesterov): the
    same numbers as `heavy_ball_rate` and `nesterov_rate`, elementwise. :math:`\rho < 1`
    converges, like :math:`\rho^k`.

    Parameters
    ----------
    curvature : sequence of float or Quadratic
        The eigenvalues :math:`\lambda_i > 0`.
    lr : float or ndarray
        :math:`\eta \ge 0`.
    beta : float or ndarray
        :math:`\beta \in [0, 1)`; broadcast against ``lr``.
    nesterov : bool
        Nesterov's factor instead of heavy ball's.

    Returns
    -------
    float or ndarray
        :math:`\rho`, of the broadcast shape of ``lr`` and ``beta``.
    """
    owner = "momentum_factor"
    lam = _curvatures(owner, curvature)
    eta = _rates(owner, lr)
    b = _betas(owner, beta)
    nesterov = _checks.flag(owner, "nesterov", nesterov)
    try:
        eta, b = np.broadcast_arrays(eta, b)
    except ValueError:
        _checks._fail(owner, "beta", f"broadcastable against lr of shape {np.shape(eta)}",
                      f"an array of shape {np.shape(b)}")
    with np.errstate(over="ignore", invalid="ignore"):
        e, m = eta[..., None], b[..., None]
        if nesterov:
            damped = 1.0 - e * lam
            trace, det = (1.0 + m) * damped, m * damped
        else:
            trace, det = 1.0 + m - e * lam, m + 0.0 * lam
        disc = np.sqrt((trace * trace - 4.0 * det).astype(complex))
        roots = np.maximum(np.abs(trace + disc), np.abs(trace - disc)) / 2.0
        rate = roots.max(axis=-1)
    _checks.finite_result(owner, "lr", lr, rate)
    return float(rate) if rate.ndim == 0 else rate


def heavy_ball_roots(curvature: float, lr: float, beta: float) -> tuple[complex, complex]:
    r"""The two roots of :math:`z^2 - (1 + \beta - \eta\lambda) z + \beta = 0`, the
    eigenvalues of heavy ball's 2x2 recurrence along one eigenvector.

    Their product is :math:`\beta` and their sum :math:`1 + \beta - \eta\lambda`. Real roots
    (:math:`(1 + \beta - \eta\lambda)^2 \ge 4\beta`) give a monotone or sign-flipping decay;
    complex roots have modulus exactly :math:`\sqrt\beta` and make the error spiral. A
    negative curvature (the downhill direction of a saddle) gives a root above 1: the factor by
    which the distance from the saddle grows per step, :math:`1 + \eta|\lambda|` without
    momentum.

    Parameters
    ----------
    curvature : float
        One eigenvalue :math:`\lambda` (negative along a saddle's downhill direction).
    lr : float
        :math:`\eta > 0`.
    beta : float
        :math:`\beta \in [0, 1)`.

    Returns
    -------
    (complex, complex)
        The roots, the larger modulus first.
    """
    owner = "heavy_ball_roots"
    lam = _checks.real(owner, "curvature", curvature, limit=1e100,
                       why=" (beyond, the closed form overflows)")
    lr = _checks.positive(owner, "lr", lr)
    beta = _momentum(owner, beta)
    trace = 1.0 + beta - lr * lam
    _checks.finite_result(owner, "lr", lr, trace * trace)
    disc = complex(trace * trace - 4.0 * beta) ** 0.5
    z1, z2 = (trace + disc) / 2.0, (trace - disc) / 2.0
    return (z1, z2) if abs(z1) >= abs(z2) else (z2, z1)


def critical_momentum(curvature: float, lr: float) -> float:
    r"""The momentum that damps one eigen-direction critically, :math:`\beta_c =
    (1 - \sqrt{\eta\lambda})^2`.

    The roots of heavy ball's recurrence are equal where the discriminant
    :math:`(1 + \beta - \eta\lambda)^2 - 4\beta` vanishes, i.e. :math:`\sqrt\beta = |1 -
    \sqrt{\eta\lambda}|`. Below :math:`\beta_c` the direction decays without spiralling (over
    damped), above it the roots are complex with modulus :math:`\sqrt\beta` (under damped);
    at :math:`\beta_c` the factor :math:`\sqrt{\beta_c} = |1 - \sqrt{\eta\lambda}|` is the
    smallest any momentum gives that direction at this rate (for :math:`\eta\lambda \le 1`).
    Goh (Distill, 2017), "The critical damping coefficient".

    Parameters
    ----------
    curvature : float
        :math:`\lambda > 0`.
    lr : float
        :math:`\eta > 0`, with :math:`\eta\lambda \le 4` (beyond, no momentum converges).

    Returns
    -------
    float
    """
    owner = "critical_momentum"
    lam = float(_curvatures(owner, [curvature])[0])
    lr = _checks.positive(owner, "lr", lr)
    if not lr * lam <= 4.0:
        _checks._fail(owner, "lr", f"at most 4/curvature = {4.0 / lam:g} (beyond, momentum "
                      "cannot converge)", lr)
    return (1.0 - math.sqrt(lr * lam)) ** 2


def momentum_step_limit(lr: float | np.ndarray, beta: float | np.ndarray) -> float | np.ndarray:
    r"""The step of heavy-ball momentum under a constant gradient, per unit of gradient:
    :math:`\eta/(1 - \beta)`.

    With :math:`g_k = g` the buffer :math:`z_k = \sum_{j \le k} \beta^j g` tends to
    :math:`g/(1 - \beta)`, so on a slope momentum moves :math:`1/(1-\beta)` times as far per step
    as plain gradient descent at the same rate (10 times for :math:`\beta = 0.9`). The same limit
    holds for PyTorch's and Sutskever's forms and for Nesterov's.

    Parameters
    ----------
    lr : float or ndarray
        :math:`\eta \ge 0`.
    beta : float or ndarray
        :math:`\beta \in [0, 1)`.

    Returns
    -------
    float or ndarray
    """
    owner = "momentum_step_limit"
    eta = _rates(owner, lr)
    b = _betas(owner, beta)
    try:
        with np.errstate(over="ignore"):
            out = eta / (1.0 - b)
    except ValueError:
        _checks._fail(owner, "beta", f"broadcastable against lr of shape {np.shape(eta)}",
                      f"an array of shape {np.shape(b)}")
    _checks.finite_result(owner, "lr", lr, out)
    return float(out) if out.ndim == 0 else out


def steps_to_tolerance(rate: float | np.ndarray, tol: float) -> float | np.ndarray:
    r"""Steps until an error shrinking like :math:`\rho^k` is below ``tol`` times its start:
    :math:`\lceil \ln(\mathrm{tol}) / \ln\rho \rceil`.

    A prediction from the factor alone; a method with two roots also has a constant in front
    of :math:`\rho^k` (it depends on the start and, near equal roots, on :math:`k`), so
    measured counts differ by a few steps. ``inf`` where :math:`\rho \ge 1`.

    Parameters
    ----------
    rate : float or ndarray
        :math:`\rho \ge 0`.
    tol : float
        In :math:`(0, 1)`.

    Returns
    -------
    float or ndarray
    """
    owner = "steps_to_tolerance"
    rho = _checks.finite_array(owner, "rate", rate) if isinstance(rate, np.ndarray) else \
        np.asarray(_checks.nonnegative(owner, "rate", rate))
    if np.any(rho < 0):
        _checks._fail(owner, "rate", "non-negative (>= 0)", float(rho.min()))
    tol = _checks.in_interval(owner, "tol", tol, 0.0, 1.0, low_open=True, high_open=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.where(rho >= 1.0, np.inf,
                         np.where(rho == 0.0, 1.0, np.ceil(np.log(tol) / np.log(rho))))
    return float(steps) if steps.ndim == 0 else steps
