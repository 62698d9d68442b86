"""Argument checks shared by the closed forms of `lrcourse.theory`."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .. import _checks

#: Eigenvalues the closed forms take: no course goes near the ends, beyond which sums, ratios
#: and squares of curvatures overflow or underflow.
_CURVATURE_RANGE = (1e-100, 1e100)


def _curvatures(owner: str, curvature: Any, name: str = "curvature") -> np.ndarray:
    """The eigenvalues :math:`\\lambda_i > 0` of ``curvature`` as a float64 array (``name``
    is the argument's name in messages)."""
    if hasattr(curvature, "eigenvalues"):
        curvature = curvature.eigenvalues
    elif hasattr(curvature, "mu") and hasattr(curvature, "L"):
        curvature = (curvature.mu, curvature.L)
    lam = _checks.finite_array(owner, name, curvature, ndim=1)
    if np.any(lam <= 0):
        _checks._fail(owner, name, "positive eigenvalues (> 0)", tuple(lam.tolist()))
    low, high = _CURVATURE_RANGE
    if lam.min() < low or lam.max() > high:
        _checks._fail(owner, name, f"in [{low:g}, {high:g}] (beyond, the closed forms "
                      "overflow)", tuple(lam.tolist()))
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
