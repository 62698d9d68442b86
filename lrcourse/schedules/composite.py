"""Composites: warmup before a schedule, and schedules in sequence (chapter 5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _checks
from .base import Schedule, _milestones, _refuse


def _schedule(owner: str, name: str, value: object) -> Schedule:
    if not isinstance(value, Schedule):
        raise TypeError(f"{owner}: {name} must be a Schedule (e.g. CosineAnnealing(...)), "
                        f"got {value!r}")
    return value


@dataclass(frozen=True)
class Warmup(Schedule):
    r"""Linear warm-up in front of another schedule.

    With :math:`w` = ``warmup_steps``, :math:`b` = ``start_factor`` and :math:`S` the wrapped
    schedule,

    .. math::
        \eta_k = \begin{cases}
        S(0) \left(b + (1 - b) \frac{k}{w}\right) & k < w \\
        S(k - w) & k \ge w
        \end{cases}

    so the wrapped schedule starts, at its own step 0, once the warm-up is over.

    Parameters
    ----------
    schedule : Schedule
        What follows the warm-up.
    warmup_steps : int
        :math:`w`, ``>= 1``.
    start_factor : float
        :math:`b`, the rate at step 0 as a fraction of ``schedule(0)``, in ``[0, 1]`` (``0``:
        start from zero).

    Notes
    -----
    PyTorch, for ``start_factor > 0`` (PyTorch refuses 0):
    ``SequentialLR(opt, [LinearLR(opt, start_factor, 1.0, w), after], milestones=[w])`` with
    ``after`` the scheduler of ``schedule``. Keras builds a linear warm-up into
    ``keras.optimizers.schedules.CosineDecay(..., warmup_target, warmup_steps)`` only.
    """

    schedule: Schedule
    warmup_steps: int
    start_factor: float = 0.0

    def __post_init__(self) -> None:
        o = "Warmup"
        _schedule(o, "schedule", self.schedule)
        object.__setattr__(self, "warmup_steps", _checks.integer(o, "warmup_steps",
                                                                 self.warmup_steps, minimum=1))
        object.__setattr__(self, "start_factor", _checks.in_interval(
            o, "start_factor", self.start_factor, 0.0, 1.0))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        w, b = self.warmup_steps, self.start_factor
        out = self.schedule(np.zeros(k.shape, dtype=np.int64)) * (b + (1 - b) * (k / w))
        after = k >= w
        out[after] = self.schedule(k[after] - w)
        return out


@dataclass(frozen=True)
class Sequential(Schedule):
    r"""Run schedules one after another, each restarting at its own step 0.

    With milestones :math:`m_1 < \dots < m_{n-1}` (and :math:`m_0 = 0`), step :math:`k` with
    :math:`m_i \le k < m_{i+1}` uses :math:`S_i(k - m_i)`.

    Parameters
    ----------
    schedules : sequence of Schedule
        :math:`S_0, \dots, S_{n-1}`, at least one.
    milestones : sequence of int
        The ``n - 1`` steps at which the next schedule takes over; strictly increasing, ``>= 1``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.SequentialLR(opt, schedulers, milestones)``. In PyTorch
    every child starts from the optimizer's one base rate; here each child has its own, so the
    two agree when the children are built with the same ``lr``.

    Examples
    --------
    >>> s = Sequential([Constant(0.1), ExponentialDecay(1.0, 0.5)], [2])
    >>> s(np.arange(5))
    array([0.1 , 0.1 , 1.  , 0.5 , 0.25])
    """

    schedules: tuple[Schedule, ...]
    milestones: tuple[int, ...]

    def __post_init__(self) -> None:
        o = "Sequential"
        if isinstance(self.schedules, Schedule) or not isinstance(self.schedules,
                                                                  Sequence):
            raise TypeError(f"{o}: schedules must be a sequence of Schedule, "
                            f"got {self.schedules!r}")
        schedules = tuple(self.schedules)
        if not schedules:
            _refuse(o, "schedules", "a non-empty sequence of Schedule", list(schedules))
        for i, s in enumerate(schedules):
            _schedule(o, f"schedules[{i}]", s)
        milestones = _milestones(o, self.milestones)
        if len(milestones) != len(schedules) - 1:
            _refuse(o, "milestones", f"of length len(schedules) - 1 = {len(schedules) - 1}",
                    list(milestones))
        object.__setattr__(self, "schedules", schedules)
        object.__setattr__(self, "milestones", milestones)

    def _rates(self, k: np.ndarray) -> np.ndarray:
        which = np.searchsorted(np.asarray(self.milestones, dtype=np.int64), k, side="right")
        offsets = (0, *self.milestones)
        out = np.empty(k.shape)
        for i, child in enumerate(self.schedules):
            mine = which == i
            out[mine] = child(k[mine] - offsets[i])
        return out
