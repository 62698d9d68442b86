"""The `Schedule` interface every step-indexed schedule implements, and the argument checks
the schedules share (the single-argument ones are in ``lrcourse._checks``)."""

from __future__ import annotations

import itertools
import numbers
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _checks

# --------------------------------------------------------------------------------------------
# Private checks that involve more than one argument (the single-argument ones are in _checks)
# --------------------------------------------------------------------------------------------


def _refuse(owner: str, name: str, allowed: str, value: object) -> None:
    raise ValueError(f"{owner}: {name} must be {allowed}, got {value!r}")


_flag = _checks.flag  # the check of the schedules' True/False arguments


def _milestones(owner: str, value: object) -> tuple[int, ...]:
    """Strictly increasing positive integers, as a tuple."""
    allowed = "a sequence of strictly increasing positive integers"
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{owner}: milestones must be {allowed}, got {value!r}")
    items = list(value)
    for m in items:
        if isinstance(m, bool | np.bool_) or not isinstance(m, numbers.Integral):
            raise TypeError(f"{owner}: milestones must be {allowed}, got {value!r}")
    out = tuple(int(m) for m in items)
    if any(m > _checks.INT64_MAX for m in out):
        _refuse(owner, "milestones", "below 2**63 (the int64 range of the steps)", list(out))
    if any(m < 1 for m in out) or any(b <= a for a, b in itertools.pairwise(out)):
        _refuse(owner, "milestones", allowed, list(out))
    return out


def _at_most(owner: str, name: str, value: float, high: float, high_name: str) -> None:
    if value > high:
        _refuse(owner, name, f"<= {high_name} ({high:g})", value)


# --------------------------------------------------------------------------------------------
# Base class
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule(ABC):
    """Base class of the step-indexed schedules: an immutable function ``k -> learning rate``.

    Subclasses validate their arguments in ``__post_init__`` and implement ``_rates``, which maps
    an int64 array of steps (at least 1-D) to a float64 array of rates of the same shape.
    ``__call__`` validates ``k`` and returns a Python ``float`` for an ``int`` and an ndarray for
    an array.
    """

    @abstractmethod
    def _rates(self, k: np.ndarray) -> np.ndarray:
        """Rates at the validated int64 steps ``k`` (at least 1-D), as float64."""

    def __call__(self, k: int | np.ndarray) -> float | np.ndarray:
        """Learning rate at step ``k``.

        Parameters
        ----------
        k : int or ndarray of int
            Step index (number of updates already made), ``>= 0``.

        Returns
        -------
        float or ndarray
            A Python ``float`` for an integer ``k``; a float64 ndarray of the shape of ``k``
            for an array.
        """
        steps = _checks.steps(type(self).__name__, k)
        rates = self._rates(np.atleast_1d(steps)).astype(np.float64, copy=False)
        rates = rates.reshape(steps.shape)
        if isinstance(k, numbers.Integral):
            return float(rates)
        return rates
