r"""Learning-rate schedules: the rate as a function of the update number.

A schedule is an immutable value. ``schedule(k)`` is the learning rate of step ``k``: the rate the
``(k+1)``-th update uses, which is what PyTorch's ``scheduler.get_last_lr()[0]`` returns after
``k`` calls of ``scheduler.step()``. ``k`` is a non-negative ``int`` (the result is a Python
``float``) or an integer ndarray (the result is a float64 ndarray of the same shape), so a whole
schedule is computed, or plotted, with one call::

    >>> import numpy as np
    >>> from lrcourse.schedules import StepDecay
    >>> StepDecay(1.0, step_size=3, gamma=0.5)(np.arange(7))
    array([1.  , 1.  , 1.  , 0.5 , 0.5 , 0.5 , 0.25])

Every schedule is written in closed form (no loop over ``k``), and agrees with its PyTorch
counterpart to rounding: PyTorch updates most rates recursively (``lr_k = lr_{k-1} * ratio``),
so the two differ by a few units in the last place. Two deliberate differences are documented where
they occur: `CosineAnnealing` stays at ``min_lr`` after ``total_steps`` (PyTorch's recursive form
is periodic there), and `OneCycle` refuses ``k >= total_steps`` (PyTorch extrapolates).

`ReduceOnPlateau` and `BoldDriver` are different in kind: they react to a measured metric, so they
are stateful objects with ``.step(metric)`` rather than functions of ``k``.

The package's modules, each re-exported here (``lrcourse.schedules.StepDecay`` is
``lrcourse.schedules.decay.StepDecay``):

- ``base``: the `Schedule` interface;
- ``decay``: `Constant`, `StepDecay`, `MultiStepDecay`, `ExponentialDecay`, `InverseTimeDecay`,
  `InverseSqrtDecay`, `LinearDecay`, `PolynomialDecay`, `CosineAnnealing`,
  `CosineWarmRestarts`;
- ``cyclic``: `CyclicLR`, `OneCycle`;
- ``composite``: `Warmup`, `Sequential`;
- ``reactive``: `ReduceOnPlateau`, `BoldDriver`;
- ``kinds``: `make_schedule` and its `SCHEDULE_KINDS`.
"""

from .base import Schedule
from .composite import Sequential, Warmup
from .cyclic import CyclicLR, OneCycle
from .decay import (
    Constant,
    CosineAnnealing,
    CosineWarmRestarts,
    ExponentialDecay,
    InverseSqrtDecay,
    InverseTimeDecay,
    LinearDecay,
    MultiStepDecay,
    PolynomialDecay,
    StepDecay,
)
from .kinds import SCHEDULE_KINDS, make_schedule
from .reactive import BoldDriver, ReduceOnPlateau

__all__ = [
    "SCHEDULE_KINDS",
    "BoldDriver",
    "Constant",
    "CosineAnnealing",
    "CosineWarmRestarts",
    "CyclicLR",
    "ExponentialDecay",
    "InverseSqrtDecay",
    "InverseTimeDecay",
    "LinearDecay",
    "MultiStepDecay",
    "OneCycle",
    "PolynomialDecay",
    "ReduceOnPlateau",
    "Schedule",
    "Sequential",
    "StepDecay",
    "Warmup",
    "make_schedule",
]
