r"""The noisy quadratic model: where SGD with a constant rate settles, and how fast it gets
there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _checks
from ._shared import _curvatures

__all__ = [
    "NQM_EIGENVALUES",
    "noisy_quadratic_floor",
    "noisy_quadratic_gd_loss",
]

#: Curvatures of the noisy quadratic (`noisy_quadratic_floor`,
#: `lrcourse.train.noisy_quadratic_sgd`): 20 values log-spaced from 0.01 to :math:`L = 1`.
NQM_EIGENVALUES = np.geomspace(0.01, 1.0, 20)


def noisy_quadratic_floor(lr: float, noise: float,
                          curvature: Sequence[float] | Any = NQM_EIGENVALUES) -> float:
    r"""The loss at which SGD with a constant rate settles on the noisy quadratic.

    With noisy gradients :math:`g_k = \lambda \odot \theta_k + \sigma\sqrt\lambda \odot \xi_k`,
    :math:`\xi_k \sim N(0, I)` (`lrcourse.train.noisy_quadratic_sgd`), each coordinate follows
    :math:`\theta_{k+1} = (1 - \eta \lambda_i)\theta_k - \eta\sigma\sqrt{\lambda_i}\,\xi_k`, whose
    stationary variance :math:`v_i` solves :math:`v_i = (1-\eta \lambda_i)^2 v_i + \eta^2\sigma^2
    \lambda_i`. The mean loss then is

    .. math::

        \mathcal{L}_\infty = \frac12 \sum_i \lambda_i v_i
        = \frac12 \sum_i \lambda_i \frac{\eta\,\sigma^2}{2 - \eta \lambda_i}
        \approx \frac{\eta\,\sigma^2}{4} \sum_i \lambda_i ,

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
        The :math:`\lambda_i`; `NQM_EIGENVALUES` by default.

    Returns
    -------
    float
        :math:`\mathcal{L}_\infty`; inf from :math:`\eta \ge 2/L` on, where SGD diverges.
    """
    owner = "noisy_quadratic_floor"
    h = _curvatures(owner, curvature)
    lr = _checks.positive(owner, "lr", lr)
    sigma = _checks.nonnegative(owner, "noise", noise, limit=1e150,
                                why=" (its square must stay within the float range)")
    if lr >= 2.0 / float(h.max()):
        return np.inf
    with np.errstate(over="ignore"):
        floor = float(0.5 * np.sum(h * lr * sigma**2 / (2.0 - lr * h)))
    _checks.finite_result(owner, "noise", noise, floor)
    return floor


def noisy_quadratic_gd_loss(lr: float, steps: int,
                            curvature: Sequence[float] | Any = NQM_EIGENVALUES) -> np.ndarray:
    r"""The noise-free loss curve of the noisy quadratic, in closed form.

    Without noise, gradient descent from :math:`\theta_0 = \mathbf 1` multiplies coordinate
    :math:`i` by :math:`1 - \eta \lambda_i` per step (`gd_rate`), so

    .. math:: \mathcal{L}(\theta_k) = \tfrac12 \sum_i \lambda_i (1 - \eta \lambda_i)^{2k}.

    Parameters
    ----------
    lr : float
        :math:`\eta > 0`.
    steps : int
        Last step :math:`k`.
    curvature : sequence of float or Quadratic
        The :math:`\lambda_i`; `NQM_EIGENVALUES` by default.

    Returns
    -------
    ndarray, shape (steps + 1,)
        :math:`\mathcal{L}(\theta_k)` for :math:`k = 0, \dots,` ``steps`` (inf where it overflows).
    """
    owner = "noisy_quadratic_gd_loss"
    h = _curvatures(owner, curvature)
    lr = _checks.positive(owner, "lr", lr)
    steps = _checks.integer(owner, "steps", steps, minimum=0)
    with np.errstate(over="ignore"):
        return 0.5 * ((1.0 - lr * h) ** (2 * np.arange(steps + 1)[:, None]) * h).sum(axis=1)
