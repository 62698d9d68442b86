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
"""

from __future__ import annotations

import itertools
import math
import numbers
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _checks

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


# --------------------------------------------------------------------------------------------
# Private checks that involve more than one argument (the single-argument ones are in _checks)
# --------------------------------------------------------------------------------------------


def _refuse(owner: str, name: str, allowed: str, value: object) -> None:
    raise ValueError(f"{owner}: {name} must be {allowed}, got {value!r}")


def _flag(owner: str, name: str, value: object) -> bool:
    """A genuine ``bool`` (``0``/``1`` and strings are refused)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{owner}: {name} must be True or False, got {value!r}")
    return bool(value)


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


# --------------------------------------------------------------------------------------------
# Decays
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Constant(Schedule):
    r"""The same learning rate at every step: :math:`\eta_k = \eta_0`.

    Parameters
    ----------
    lr : float
        The rate, ``> 0``.

    Notes
    -----
    PyTorch: no scheduler (or ``torch.optim.lr_scheduler.ConstantLR(opt, factor=1.0)``).
    Keras: a float ``learning_rate``.
    """

    lr: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "lr", _checks.positive("Constant", "lr", self.lr))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        return np.full(k.shape, self.lr)


@dataclass(frozen=True)
class StepDecay(Schedule):
    r"""Multiply the rate by ``gamma`` every ``step_size`` steps.

    .. math:: \eta_k = \eta_0 \, \gamma^{\lfloor k / N \rfloor}, \qquad N = \text{step\_size}.

    Parameters
    ----------
    lr : float
        Initial rate :math:`\eta_0`, ``> 0``.
    step_size : int
        Number of steps :math:`N` between two decays, ``>= 1``.
    gamma : float
        Decay factor, in ``(0, 1]``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.StepLR(opt, step_size, gamma)``.
    Keras: ``keras.optimizers.schedules.ExponentialDecay(lr, step_size, gamma, staircase=True)``.

    Examples
    --------
    >>> StepDecay(1.0, 3, 0.5)(np.arange(7))
    array([1.  , 1.  , 1.  , 0.5 , 0.5 , 0.5 , 0.25])
    """

    lr: float
    step_size: int
    gamma: float = 0.1

    def __post_init__(self) -> None:
        o = "StepDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "step_size", _checks.integer(o, "step_size", self.step_size,
                                                              minimum=1))
        object.__setattr__(self, "gamma", _checks.in_interval(o, "gamma", self.gamma, 0.0, 1.0,
                                                              low_open=True))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        return self.lr * self.gamma ** (k // self.step_size)


@dataclass(frozen=True)
class MultiStepDecay(Schedule):
    r"""Multiply the rate by ``gamma`` at each milestone.

    .. math:: \eta_k = \eta_0 \, \gamma^{\#\{i \,:\, m_i \le k\}}

    Parameters
    ----------
    lr : float
        Initial rate :math:`\eta_0`, ``> 0``.
    milestones : sequence of int
        Steps :math:`m_1 < m_2 < \dots` at which the rate drops; strictly increasing, ``>= 1``,
        at least one.
    gamma : float
        Decay factor, in ``(0, 1]``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.MultiStepLR(opt, milestones, gamma)``.
    Keras: ``keras.optimizers.schedules.PiecewiseConstantDecay(boundaries, values)`` with
    ``boundaries = [m - 1 for m in milestones]`` (Keras switches after the boundary step) and
    ``values = [lr * gamma**i for i in range(len(milestones) + 1)]``.

    Examples
    --------
    >>> MultiStepDecay(1.0, [2, 5], 0.1)(np.arange(7))
    array([1.  , 1.  , 0.1 , 0.1 , 0.1 , 0.01, 0.01])
    """

    lr: float
    milestones: tuple[int, ...]
    gamma: float = 0.1

    def __post_init__(self) -> None:
        o = "MultiStepDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        milestones = _milestones(o, self.milestones)
        if not milestones:
            _refuse(o, "milestones", "non-empty", list(milestones))
        object.__setattr__(self, "milestones", milestones)
        object.__setattr__(self, "gamma", _checks.in_interval(o, "gamma", self.gamma, 0.0, 1.0,
                                                              low_open=True))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        passed = np.searchsorted(np.asarray(self.milestones), k, side="right")
        return self.lr * self.gamma**passed


@dataclass(frozen=True)
class ExponentialDecay(Schedule):
    r"""Multiply the rate by ``gamma`` at every step: :math:`\eta_k = \eta_0 \gamma^k`.

    Parameters
    ----------
    lr : float
        Initial rate :math:`\eta_0`, ``> 0``.
    gamma : float
        Decay factor per step, in ``(0, 1]``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.ExponentialLR(opt, gamma)``.
    Keras: ``keras.optimizers.schedules.ExponentialDecay(lr, 1, gamma)``.
    """

    lr: float
    gamma: float

    def __post_init__(self) -> None:
        o = "ExponentialDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "gamma", _checks.in_interval(o, "gamma", self.gamma, 0.0, 1.0,
                                                              low_open=True))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        return self.lr * self.gamma**k


@dataclass(frozen=True)
class InverseTimeDecay(Schedule):
    r"""Rate inversely proportional to (a multiple of) the step number.

    .. math::
        \eta_k = \frac{\eta_0}{1 + r\,p}, \qquad
        p = \frac{k}{s} \;\;\text{or}\;\; p = \left\lfloor \frac{k}{s} \right\rfloor
        \text{ if staircase}

    with :math:`r` = ``decay_rate`` and :math:`s` = ``decay_steps``.

    Parameters
    ----------
    lr : float
        Initial rate :math:`\eta_0`, ``> 0``.
    decay_rate : float
        :math:`r`, ``> 0``.
    decay_steps : int
        :math:`s`, ``>= 1``.
    staircase : bool
        Floor ``k / decay_steps`` (the rate changes only every ``decay_steps`` steps).

    Notes
    -----
    Keras: ``keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps, decay_rate,
    staircase)``. PyTorch has no class for it:
    ``LambdaLR(opt, lambda k: 1 / (1 + decay_rate * k / decay_steps))`` is the same.
    """

    lr: float
    decay_rate: float
    decay_steps: int = 1
    staircase: bool = False

    def __post_init__(self) -> None:
        o = "InverseTimeDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "decay_rate", _checks.positive(o, "decay_rate",
                                                                self.decay_rate))
        object.__setattr__(self, "decay_steps", _checks.integer(o, "decay_steps",
                                                                self.decay_steps, minimum=1))
        object.__setattr__(self, "staircase", _flag(o, "staircase", self.staircase))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        p = k // self.decay_steps if self.staircase else k / self.decay_steps
        return self.lr / (1.0 + self.decay_rate * p)


@dataclass(frozen=True)
class InverseSqrtDecay(Schedule):
    r"""Rate inversely proportional to the square root of the step number.

    .. math:: \eta_k = \frac{\eta_0}{\sqrt{1 + k / s}}, \qquad s = \text{decay\_steps}.

    Parameters
    ----------
    lr : float
        Initial rate :math:`\eta_0`, ``> 0``.
    decay_steps : int
        :math:`s`, ``>= 1``: the rate halves when ``k = 3 s``.

    Notes
    -----
    The "rsqrt" decay of Transformer training (usually after a warm-up: wrap it in `Warmup`).
    PyTorch has no class for it: ``LambdaLR(opt, lambda k: (1 + k / decay_steps) ** -0.5)`` is
    the same; Keras has ``keras.optimizers.schedules.InverseTimeDecay`` only for the ``1/k`` form.
    """

    lr: float
    decay_steps: int = 1

    def __post_init__(self) -> None:
        o = "InverseSqrtDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "decay_steps", _checks.integer(o, "decay_steps",
                                                                self.decay_steps, minimum=1))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        return self.lr / np.sqrt(1.0 + k / self.decay_steps)


@dataclass(frozen=True)
class LinearDecay(Schedule):
    r"""Straight line from ``lr`` to ``end_lr`` over ``total_steps`` steps, then ``end_lr``.

    .. math::
        \eta_k = (1 - a_k)\,\eta_0 + a_k\,\eta_{\text{end}}, \qquad
        a_k = \frac{\min(k, T)}{T}.

    Parameters
    ----------
    lr : float
        Rate at step 0, ``> 0``.
    end_lr : float
        Rate from step ``total_steps`` on, ``>= 0`` (it may exceed ``lr``: a linear increase).
    total_steps : int
        :math:`T`, ``>= 1``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0,
    end_factor=end_lr / lr, total_iters=total_steps)`` (PyTorch accepts only
    ``end_factor <= 1``, a decrease). Keras: ``PolynomialDecay(lr, total_steps, end_lr, power=1)``.
    """

    lr: float
    end_lr: float
    total_steps: int

    def __post_init__(self) -> None:
        o = "LinearDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "end_lr", _checks.nonnegative(o, "end_lr", self.end_lr))
        object.__setattr__(self, "total_steps", _checks.integer(o, "total_steps",
                                                                self.total_steps, minimum=1))

    def _rates(self, k: np.ndarray) -> np.ndarray:
        a = np.minimum(k, self.total_steps) / self.total_steps
        return (1.0 - a) * self.lr + a * self.end_lr


@dataclass(frozen=True)
class PolynomialDecay(Schedule):
    r"""Polynomial decay from ``lr`` to ``end_lr`` over ``total_steps`` steps, then ``end_lr``.

    .. math::
        \eta_k = (\eta_0 - \eta_{\text{end}})
        \left(1 - \frac{\min(k, T)}{T}\right)^{p} + \eta_{\text{end}}.

    Parameters
    ----------
    lr : float
        Rate at step 0, ``> 0``.
    total_steps : int
        :math:`T`, ``>= 1``.
    power : float
        :math:`p`, ``> 0`` (``1`` is a straight line).
    end_lr : float
        Final rate, in ``[0, lr]``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=total_steps, power)``,
    which always ends at 0 (our ``end_lr=0``). Keras:
    ``keras.optimizers.schedules.PolynomialDecay(lr, total_steps, end_lr, power)``.
    """

    lr: float
    total_steps: int
    power: float = 1.0
    end_lr: float = 0.0

    def __post_init__(self) -> None:
        o = "PolynomialDecay"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "total_steps", _checks.integer(o, "total_steps",
                                                                self.total_steps, minimum=1))
        object.__setattr__(self, "power", _checks.positive(o, "power", self.power))
        object.__setattr__(self, "end_lr", _checks.nonnegative(o, "end_lr", self.end_lr))
        _at_most(o, "end_lr", self.end_lr, self.lr, "lr")

    def _rates(self, k: np.ndarray) -> np.ndarray:
        frac = 1.0 - np.minimum(k, self.total_steps) / self.total_steps
        return (self.lr - self.end_lr) * frac**self.power + self.end_lr


@dataclass(frozen=True)
class CosineAnnealing(Schedule):
    r"""Half a cosine from ``lr`` down to ``min_lr`` over ``total_steps`` steps, then ``min_lr``.

    .. math::
        \eta_k = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
        \left(1 + \cos\frac{\pi \min(k, T)}{T}\right).

    Parameters
    ----------
    lr : float
        Rate at step 0, ``> 0``.
    total_steps : int
        :math:`T`, ``>= 1``.
    min_lr : float
        :math:`\eta_{\min}`, in ``[0, lr]``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total_steps,
    eta_min=min_lr)`` for ``0 <= k <= T``. After ``T`` the two differ on purpose: this schedule
    stays at ``min_lr``, whereas PyTorch's recursive form keeps following the cosine, which climbs
    back to ``lr`` at ``k = 2T`` and is periodic with period ``2T``. Keras:
    ``keras.optimizers.schedules.CosineDecay(lr, total_steps, alpha=min_lr / lr)``.
    """

    lr: float
    total_steps: int
    min_lr: float = 0.0

    def __post_init__(self) -> None:
        o = "CosineAnnealing"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "total_steps", _checks.integer(o, "total_steps",
                                                                self.total_steps, minimum=1))
        object.__setattr__(self, "min_lr", _checks.nonnegative(o, "min_lr", self.min_lr))
        _at_most(o, "min_lr", self.min_lr, self.lr, "lr")

    def _rates(self, k: np.ndarray) -> np.ndarray:
        t = np.minimum(k, self.total_steps)
        cos = np.cos(np.pi * t / self.total_steps)
        return self.min_lr + (self.lr - self.min_lr) * (1 + cos) / 2


@dataclass(frozen=True)
class CosineWarmRestarts(Schedule):
    r"""Cosine annealing restarted every cycle, cycles growing by ``period_mult`` (SGDR).

    Cycle :math:`i = 0, 1, \dots` lasts :math:`T_i = T_0 m^i` steps and starts at step
    :math:`S_i = T_0 (m^i - 1)/(m - 1)` (:math:`S_i = i T_0` for :math:`m = 1`). Within a cycle,
    with :math:`t = k - S_i`,

    .. math::
        \eta_k = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
        \left(1 + \cos\frac{\pi t}{T_i}\right).

    The cycle of step :math:`k` is found in closed form,
    :math:`i = \lfloor \log_m (1 + k (m-1)/T_0) \rfloor` (then corrected by one if rounding put
    ``k`` on the wrong side of a restart), so an array of steps needs no loop.

    Parameters
    ----------
    lr : float
        Rate at the start of every cycle, :math:`\eta_0 > 0`.
    period : int
        :math:`T_0`, length of the first cycle, ``>= 1``.
    period_mult : int
        :math:`m`, factor by which each cycle is longer than the previous one, ``>= 1``.
    min_lr : float
        :math:`\eta_{\min}`, in ``[0, lr]``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=period,
    T_mult=period_mult, eta_min=min_lr)``. Keras:
    ``keras.optimizers.schedules.CosineDecayRestarts(lr, period, t_mul=period_mult, m_mul=1.0,
    alpha=min_lr / lr)``.
    """

    lr: float
    period: int
    period_mult: int = 1
    min_lr: float = 0.0

    def __post_init__(self) -> None:
        o = "CosineWarmRestarts"
        object.__setattr__(self, "lr", _checks.positive(o, "lr", self.lr))
        object.__setattr__(self, "period", _checks.integer(o, "period", self.period, minimum=1))
        object.__setattr__(self, "period_mult", _checks.integer(o, "period_mult",
                                                                self.period_mult, minimum=1))
        object.__setattr__(self, "min_lr", _checks.nonnegative(o, "min_lr", self.min_lr))
        _at_most(o, "min_lr", self.min_lr, self.lr, "lr")

    def _cycle(self, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Position ``t`` within its cycle and the cycle length, for every step ``k``."""
        t0, m = self.period, self.period_mult
        if m == 1:
            return k % t0, np.full(k.shape, t0, dtype=np.int64)
        i = np.floor(np.log1p(k * ((m - 1) / t0)) / math.log(m)).astype(np.int64)

        def start(j: np.ndarray) -> np.ndarray:
            return t0 * (m**j - 1) // (m - 1)

        i = i + (start(i + 1) <= k) - (start(i) > k)
        return k - start(i), t0 * m**i

    def _rates(self, k: np.ndarray) -> np.ndarray:
        t, length = self._cycle(k)
        return self.min_lr + (self.lr - self.min_lr) * (1 + np.cos(np.pi * t / length)) / 2


# --------------------------------------------------------------------------------------------
# Cycles
# --------------------------------------------------------------------------------------------


def _momentum_bounds(owner: str, base_momentum: object, max_momentum: object) -> tuple[float,
                                                                                      float]:
    base = _checks.in_interval(owner, "base_momentum", base_momentum, 0.0, 1.0, high_open=True)
    top = _checks.in_interval(owner, "max_momentum", max_momentum, 0.0, 1.0, high_open=True)
    if base > top:
        _refuse(owner, "base_momentum", f"<= max_momentum ({top:g})", base)
    return base, top


@dataclass(frozen=True)
class CyclicLR(Schedule):
    r"""Triangular cycles between ``base_lr`` and ``max_lr`` (Smith's cyclical learning rates).

    With :math:`C = s_{\text{up}} + s_{\text{down}}`, cycle number
    :math:`c = \lfloor 1 + k/C \rfloor`, position :math:`x = 1 + k/C - c \in [0, 1)` and
    :math:`\rho = s_{\text{up}} / C`,

    .. math::
        h_k = \begin{cases} x / \rho & x \le \rho \\ (x - 1)/(\rho - 1) & x > \rho \end{cases},
        \qquad
        \eta_k = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}})\, h_k\, s_k,

    where the amplitude scale :math:`s_k` is :math:`1` (``"triangular"``), :math:`2^{1-c}`
    (``"triangular2"``: halved every cycle) or :math:`\gamma^k` (``"exp_range"``).

    Parameters
    ----------
    base_lr : float
        Lower rate, ``> 0``; the rate at step 0.
    max_lr : float
        Upper rate, ``> base_lr``; reached at step ``step_size_up`` (scaled by :math:`s_k`).
    step_size_up : int
        Steps of the rising half of a cycle, ``>= 1``.
    step_size_down : int or None
        Steps of the falling half; ``None`` means ``step_size_up``.
    mode : {"triangular", "triangular2", "exp_range"}
        Amplitude scaling.
    gamma : float
        :math:`\gamma` of ``"exp_range"``, in ``(0, 1]`` (ignored by the other modes).

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.CyclicLR(opt, base_lr, max_lr, step_size_up,
    step_size_down, mode, gamma)``; its momentum cycling is `momentum`.
    """

    base_lr: float
    max_lr: float
    step_size_up: int
    step_size_down: int | None = None
    mode: str = "triangular"
    gamma: float = 1.0

    def __post_init__(self) -> None:
        o = "CyclicLR"
        object.__setattr__(self, "base_lr", _checks.positive(o, "base_lr", self.base_lr))
        object.__setattr__(self, "max_lr", _checks.positive(o, "max_lr", self.max_lr))
        if self.max_lr <= self.base_lr:
            _refuse(o, "max_lr", f"> base_lr ({self.base_lr:g})", self.max_lr)
        object.__setattr__(self, "step_size_up", _checks.integer(o, "step_size_up",
                                                                 self.step_size_up, minimum=1))
        if self.step_size_down is not None:
            object.__setattr__(self, "step_size_down", _checks.integer(
                o, "step_size_down", self.step_size_down, minimum=1))
        _checks.choice(o, "mode", self.mode, ("triangular", "triangular2", "exp_range"))
        object.__setattr__(self, "gamma", _checks.in_interval(o, "gamma", self.gamma, 0.0, 1.0,
                                                              low_open=True))

    def _shape(self, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Triangle height ``h_k`` in [0, 1] and amplitude scale ``s_k``, in torch's float order."""
        up = float(self.step_size_up)
        down = up if self.step_size_down is None else float(self.step_size_down)
        total = up + down
        ratio = up / total
        cycle = np.floor(1 + k / total)
        x = 1.0 + k / total - cycle
        height = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        if self.mode == "triangular":
            scale = np.ones(k.shape)
        elif self.mode == "triangular2":
            scale = 1 / (2.0 ** (cycle - 1))
        else:
            scale = self.gamma ** k.astype(np.float64)
        return height, scale

    def _rates(self, k: np.ndarray) -> np.ndarray:
        height, scale = self._shape(k)
        return self.base_lr + (self.max_lr - self.base_lr) * height * scale

    def momentum(self, k: int | np.ndarray, base_momentum: float = 0.8,
                 max_momentum: float = 0.9) -> float | np.ndarray:
        r"""Momentum cycled inversely to the rate, as PyTorch's ``cycle_momentum=True`` does.

        .. math::
            \beta_k = \beta_{\max} - (\beta_{\max} - \beta_{\text{base}})\, h_k\, s_k

        (``max_momentum`` when the rate is ``base_lr``, ``base_momentum`` at the peak).
        For Adam it is :math:`\beta_1`.

        Parameters
        ----------
        k : int or ndarray of int
            Step(s), ``>= 0``.
        base_momentum, max_momentum : float
            Momentum bounds, ``0 <= base_momentum <= max_momentum < 1``.

        Returns
        -------
        float or ndarray
            As for the rate: a ``float`` for an ``int``, an array of the shape of ``k`` otherwise.
        """
        base, top = _momentum_bounds("CyclicLR.momentum", base_momentum, max_momentum)
        steps = _checks.steps("CyclicLR.momentum", k)
        height, scale = self._shape(steps)
        out = top - (top - base) * height * scale
        return float(out) if isinstance(k, numbers.Integral) else out


@dataclass(frozen=True)
class OneCycle(Schedule):
    r"""Smith's one-cycle policy: warm up to ``max_lr``, then anneal far below the start.

    With :math:`\eta_{\text{start}} = \eta_{\max}/\text{div\_factor}` and
    :math:`\eta_{\text{end}} = \eta_{\text{start}}/\text{final\_div\_factor}`, the rate goes,
    with :math:`p = \text{pct\_start}` and :math:`T = \text{total\_steps}`,

    * from :math:`\eta_{\text{start}}` up to :math:`\eta_{\max}` over steps
      :math:`0 \dots pT - 1`,
    * then down to :math:`\eta_{\text{end}}` at step :math:`T - 1`;

    or, with ``three_phase=True``, up over :math:`0 \dots pT-1`, back down to
    :math:`\eta_{\text{start}}` at step :math:`2pT - 2`, then down to :math:`\eta_{\text{end}}`
    at step :math:`T - 1`. Each phase from :math:`a` to :math:`b` at fraction :math:`f \in [0, 1]`
    of its length is :math:`b + \tfrac12 (a - b)(1 + \cos \pi f)` (``anneal="cos"``) or
    :math:`a + (b - a) f` (``anneal="linear"``). Phase ends may fall between integer steps,
    exactly as in PyTorch.

    Parameters
    ----------
    max_lr : float
        Peak rate, ``> 0``.
    total_steps : int
        :math:`T`, number of updates of the whole policy, ``>= 2``. Steps ``k >= T`` raise.
    pct_start : float
        Fraction of the steps spent warming up, in ``(0, 1)``, with ``pct_start * T > 1``
        (and, for three phases, ``2 pct_start T - 2 < T - 1``).
    anneal : {"cos", "linear"}
        Shape of every phase.
    div_factor : float
        :math:`\eta_{\max} / \eta_{\text{start}}`, ``> 0``.
    final_div_factor : float
        :math:`\eta_{\text{start}} / \eta_{\text{end}}`, ``> 0``.
    three_phase : bool
        Smith's original three phases: up, back down symmetrically to the starting rate, then
        a short final annihilation (the default two-phase form is the one fastai popularised).

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.OneCycleLR(opt, max_lr, total_steps, pct_start,
    anneal_strategy=anneal, div_factor=div_factor, final_div_factor=final_div_factor,
    three_phase=three_phase)`` for ``0 <= k < total_steps``. PyTorch also returns a rate for
    ``k = total_steps`` by silently extrapolating the last phase (with ``anneal="linear"`` the
    result can be negative); here any ``k >= total_steps`` is a ``ValueError``. Its momentum
    cycling is `momentum`.
    """

    max_lr: float
    total_steps: int
    pct_start: float = 0.3
    anneal: str = "cos"
    div_factor: float = 25.0
    final_div_factor: float = 1e4
    three_phase: bool = False

    def __post_init__(self) -> None:
        o = "OneCycle"
        object.__setattr__(self, "max_lr", _checks.positive(o, "max_lr", self.max_lr))
        total = _checks.integer(o, "total_steps", self.total_steps, minimum=2)
        object.__setattr__(self, "total_steps", total)
        pct = _checks.in_interval(o, "pct_start", self.pct_start, 0.0, 1.0, low_open=True,
                                  high_open=True)
        object.__setattr__(self, "pct_start", pct)
        _checks.choice(o, "anneal", self.anneal, ("cos", "linear"))
        object.__setattr__(self, "div_factor", _checks.positive(o, "div_factor",
                                                                self.div_factor))
        object.__setattr__(self, "final_div_factor", _checks.positive(o, "final_div_factor",
                                                                      self.final_div_factor))
        object.__setattr__(self, "three_phase", _flag(o, "three_phase", self.three_phase))
        ends = self._phase_ends()
        if ends[0] <= 0:
            _refuse(o, "pct_start", f"> 1/total_steps (= {1 / total:g}) so that the warm-up "
                    "lasts beyond step 0", pct)
        if self.three_phase and ends[1] >= ends[2]:
            _refuse(o, "pct_start", f"< {(total + 1) / (2 * total):g} with three_phase=True "
                    f"and total_steps={total} so that the last phase is not empty", pct)

    def _phase_ends(self) -> tuple[float, ...]:
        """The step at which each phase ends (possibly between two integers, as in torch)."""
        p, t = self.pct_start, self.total_steps
        if self.three_phase:
            return (float(p * t) - 1, float(2 * p * t) - 2, float(t - 1))
        return (float(p * t) - 1, float(t - 1))

    def _interpolate(self, k: np.ndarray, phases: tuple[tuple[float, float], ...]) -> np.ndarray:
        """Anneal from ``a`` to ``b`` within each phase, ``phases`` listing the ``(a, b)``."""
        if k.size and k.max() >= self.total_steps:
            _refuse(type(self).__name__, "step k", f"< total_steps ({self.total_steps})",
                    int(k.max()))
        ends = np.array(self._phase_ends())
        phase = np.minimum(np.searchsorted(ends, k, side="left"), len(ends) - 1)
        starts = np.concatenate(([0.0], ends[:-1]))
        a, b = np.array(phases).T
        a, b = a[phase], b[phase]
        f = (k - starts[phase]) / (ends[phase] - starts[phase])
        if self.anneal == "cos":
            return b + (a - b) / 2.0 * (np.cos(np.pi * f) + 1)
        return (b - a) * f + a

    def _rates(self, k: np.ndarray) -> np.ndarray:
        start, top = self.max_lr / self.div_factor, self.max_lr
        end = start / self.final_div_factor
        if self.three_phase:
            return self._interpolate(k, ((start, top), (top, start), (start, end)))
        return self._interpolate(k, ((start, top), (top, end)))

    def momentum(self, k: int | np.ndarray, base_momentum: float = 0.85,
                 max_momentum: float = 0.95) -> float | np.ndarray:
        r"""Momentum cycled inversely to the rate, as PyTorch's ``cycle_momentum=True`` does.

        It goes from ``max_momentum`` down to ``base_momentum`` while the rate warms up, and back
        up to ``max_momentum`` while it anneals (three phases: down, up, then constant), with the
        same anneal shape as the rate. For Adam it is :math:`\beta_1`.

        Parameters
        ----------
        k : int or ndarray of int
            Step(s), ``0 <= k < total_steps``.
        base_momentum, max_momentum : float
            Momentum bounds, ``0 <= base_momentum <= max_momentum < 1``.

        Returns
        -------
        float or ndarray
            A ``float`` for an ``int``, an array of the shape of ``k`` otherwise.
        """
        base, top = _momentum_bounds("OneCycle.momentum", base_momentum, max_momentum)
        steps = _checks.steps("OneCycle.momentum", k)
        if self.three_phase:
            out = self._interpolate(steps, ((top, base), (base, top), (top, top)))
        else:
            out = self._interpolate(steps, ((top, base), (base, top)))
        return float(out) if isinstance(k, numbers.Integral) else out


# --------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------


def _schedule(owner: str, name: str, value: object) -> Schedule:
    if not isinstance(value, Schedule):
        raise TypeError(f"{owner}: {name} must be a Schedule (e.g. CosineAnnealing(...)), "
                        f"got {value!r}")
    return value


@dataclass(frozen=True)
class Warmup(Schedule):
    r"""Linear warm-up in front of another schedule.

    With :math:`w` = ``warmup_steps``, :math:`f` = ``start_factor`` and :math:`S` the wrapped
    schedule,

    .. math::
        \eta_k = \begin{cases}
        S(0) \left(f + (1 - f) \frac{k}{w}\right) & k < w \\
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
        Rate at step 0 as a fraction of ``schedule(0)``, in ``[0, 1]`` (``0``: start from zero).

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
        w, f = self.warmup_steps, self.start_factor
        out = self.schedule(np.zeros(k.shape, dtype=np.int64)) * (f + (1 - f) * (k / w))
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


# --------------------------------------------------------------------------------------------
# Reduce on plateau
# --------------------------------------------------------------------------------------------


class ReduceOnPlateau:
    r"""Reduce the rate when a monitored metric stops improving (stateful).

    Call ``.step(metric)`` once per evaluation (usually per epoch, on the validation loss). A
    metric *improves* on the best so far when, for ``mode="min"``,

    .. math::
        m < b\,(1 - \theta) \;\;(\text{threshold\_mode="rel"}) \qquad\text{or}\qquad
        m < b - \theta \;\;(\text{"abs"}),

    (for ``mode="max"``: :math:`m > b(1 + \theta)` or :math:`m > b + \theta`), with :math:`b`
    the best metric so far and :math:`\theta` = ``threshold``. After more than ``patience``
    consecutive steps without improvement the rate becomes
    :math:`\max(\eta \cdot \text{factor}, \eta_{\min})`, unless that lowers it by no more than
    ``eps``; then ``cooldown`` steps follow during which bad steps are not counted.

    The relative threshold assumes a positive metric. With a negative best :math:`b` in
    ``"min"`` mode, :math:`b(1 - \theta)` lies *above* :math:`b` (in ``"max"`` mode
    :math:`b(1 + \theta)` lies below it), so a metric slightly worse than the best still counts
    as an improvement: a slowly worsening negative loss never triggers a reduction (see
    `is_better`). Use ``threshold_mode="abs"`` for metrics that can be negative.
    A NaN metric never counts as an improvement (as in PyTorch); infinities compare as numbers.

    Parameters
    ----------
    lr : float
        Initial rate, ``> 0``.
    mode : {"min", "max"}
        Whether the metric should go down (a loss) or up (an accuracy).
    factor : float
        Multiplier applied at a reduction, in ``(0, 1)``.
    patience : int
        Number of steps without improvement tolerated, ``>= 0``.
    threshold : float
        :math:`\theta`, ``>= 0``.
    threshold_mode : {"rel", "abs"}
        Relative or absolute improvement threshold.
    cooldown : int
        Steps after a reduction during which bad steps are ignored, ``>= 0``.
    min_lr : float
        Lower bound of the rate, in ``[0, lr]``.
    eps : float
        Reductions of at most ``eps`` are skipped, ``>= 0``.

    Attributes
    ----------
    lr : float
        Current rate.
    best : float
        Best metric so far (``inf`` for ``"min"``, ``-inf`` for ``"max"`` before the first step).
    num_bad_epochs : int
        Consecutive steps without improvement (reset by an improvement, a reduction, or cooldown).
    cooldown_counter : int
        Cooldown steps left.
    reductions : list of int
        0-based indices of the ``step`` calls that lowered the rate.
    steps_taken : int
        Number of ``step`` calls so far.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode, factor, patience, threshold,
    threshold_mode, cooldown, min_lr, eps)``, followed step for step (its ``get_last_lr()[0]``
    after a ``step(metric)`` is our return value). Keras: ``keras.callbacks.ReduceLROnPlateau``
    (whose ``min_delta`` is an absolute threshold).

    Examples
    --------
    >>> plateau = ReduceOnPlateau(1.0, factor=0.5, patience=1)
    >>> [plateau.step(m) for m in (3.0, 2.0, 2.0, 2.0, 2.0)]
    [1.0, 1.0, 1.0, 0.5, 0.5]
    >>> plateau.reductions
    [3]
    """

    def __init__(self, lr: float, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0,
                 min_lr: float = 0.0, eps: float = 1e-8) -> None:
        o = "ReduceOnPlateau"
        self.initial_lr = _checks.positive(o, "lr", lr)
        self.mode = _checks.choice(o, "mode", mode, ("min", "max"))
        self.factor = _checks.in_interval(o, "factor", factor, 0.0, 1.0, low_open=True,
                                          high_open=True)
        self.patience = _checks.integer(o, "patience", patience, minimum=0)
        self.threshold = _checks.nonnegative(o, "threshold", threshold)
        self.threshold_mode = _checks.choice(o, "threshold_mode", threshold_mode,
                                             ("rel", "abs"))
        self.cooldown = _checks.integer(o, "cooldown", cooldown, minimum=0)
        self.min_lr = _checks.nonnegative(o, "min_lr", min_lr)
        _at_most(o, "min_lr", self.min_lr, self.initial_lr, "lr")
        self.eps = _checks.nonnegative(o, "eps", eps)
        self.reset()

    def reset(self) -> None:
        """Return to the state right after construction (initial rate, no history)."""
        self.lr: float = self.initial_lr
        self.best: float = math.inf if self.mode == "min" else -math.inf
        self.num_bad_epochs: int = 0
        self.cooldown_counter: int = 0
        self.reductions: list[int] = []
        self.steps_taken: int = 0

    def __repr__(self) -> str:
        return (f"ReduceOnPlateau(lr={self.initial_lr!r}, mode={self.mode!r}, "
                f"factor={self.factor!r}, patience={self.patience!r}, "
                f"threshold={self.threshold!r}, threshold_mode={self.threshold_mode!r}, "
                f"cooldown={self.cooldown!r}, min_lr={self.min_lr!r}, eps={self.eps!r})")

    def is_better(self, metric: float, best: float | None = None) -> bool:
        r"""Whether ``metric`` counts as an improvement on ``best`` (default: the current best).

        Parameters
        ----------
        metric : float
            The new value.
        best : float, optional
            The value to beat; default ``self.best``.

        Returns
        -------
        bool

        Examples
        --------
        The relative threshold misbehaves for negative metrics: with ``threshold=0.1`` the bar
        for a best of ``-1.0`` is ``-1.0 * (1 - 0.1) = -0.9``, so the *worse* value ``-0.95``
        counts as an improvement.

        >>> p = ReduceOnPlateau(1.0, threshold=0.1)
        >>> p.is_better(-0.95, best=-1.0)
        True
        >>> p.is_better(0.95, best=1.0)
        False
        """
        m = self._metric("is_better", "metric", metric)
        b = self.best if best is None else self._metric("is_better", "best", best)
        if self.mode == "min":
            bar = b * (1.0 - self.threshold) if self.threshold_mode == "rel" else b - self.threshold
            return bool(m < bar)
        bar = b * (1.0 + self.threshold) if self.threshold_mode == "rel" else b + self.threshold
        return bool(m > bar)

    @staticmethod
    def _metric(method: str, name: str, value: object) -> float:
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise TypeError(f"ReduceOnPlateau.{method}: {name} must be a real number, "
                            f"got {value!r}")
        return float(value)

    def step(self, metric: float) -> float:
        """Record one measurement of the metric and return the (possibly lowered) rate.

        Parameters
        ----------
        metric : float
            The monitored value (e.g. validation loss). NaN counts as no improvement.

        Returns
        -------
        float
            The rate to use from now on (also ``self.lr``).
        """
        current = self._metric("step", "metric", metric)
        if self.is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            new_lr = max(self.lr * self.factor, self.min_lr)
            if self.lr - new_lr > self.eps:
                self.lr = new_lr
                self.reductions.append(self.steps_taken)
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self.steps_taken += 1
        return self.lr


class BoldDriver:
    r"""Raise the rate while the monitored metric improves, cut it when it worsens (stateful).

    Call ``.step(metric)`` once per evaluation (usually per epoch, on the validation loss). Each
    call compares the metric :math:`m_t` with the previous one, :math:`m_{t-1}`; for
    ``mode="min"``

    .. math::
        \eta \leftarrow \begin{cases}
        \min(\eta \cdot \text{increase},\ \eta_{\max}) & m_t < m_{t-1} \\
        \max(\eta \cdot \text{decrease},\ \eta_{\min}) & \text{otherwise}
        \end{cases}

    (``mode="max"``: :math:`m_t > m_{t-1}` is the improvement). The first call only records
    the metric. A non-finite metric counts as a worsening, and the first finite metric after
    it as an improvement. This is the "bold driver" rule of
    Vogl et al. (1988) and Battiti (1989) without their rejection of the step that made the
    loss worse: the rate grows by a small factor while training goes well (progress is too
    slow at this rate, so try a larger one) and drops by a large factor as soon as it goes
    badly (the rate is too large: the loss is erratic).

    Parameters
    ----------
    lr : float
        Initial rate, ``> 0``.
    mode : {"min", "max"}
        Whether the metric should go down (a loss) or up (an accuracy).
    increase : float
        Factor applied after an improvement, ``>= 1``.
    decrease : float
        Factor applied after a worsening, in ``(0, 1)``.
    min_lr : float
        Lower bound of the rate, in ``[0, lr]``.
    max_lr : float or None
        Upper bound of the rate, ``>= lr``; ``None`` for none.

    Attributes
    ----------
    lr : float
        Current rate.
    previous : float
        The metric of the last call (``nan`` before the first).
    increases, reductions : list of int
        0-based indices of the ``step`` calls that raised / lowered the rate.
    steps_taken : int
        Number of ``step`` calls so far.

    Notes
    -----
    Neither PyTorch nor Keras ships it; in PyTorch set
    ``optimizer.param_groups[0]["lr"]`` yourself after each epoch.

    Examples
    --------
    >>> driver = BoldDriver(1.0, increase=1.5, decrease=0.5)
    >>> [driver.step(m) for m in (3.0, 2.0, 1.0, 1.5, 1.2)]
    [1.0, 1.5, 2.25, 1.125, 1.6875]
    >>> driver.increases, driver.reductions
    ([1, 2, 4], [3])
    """

    def __init__(self, lr: float, mode: str = "min", increase: float = 1.1,
                 decrease: float = 0.5, min_lr: float = 0.0, max_lr: float | None = None) -> None:
        o = "BoldDriver"
        self.initial_lr = _checks.positive(o, "lr", lr)
        self.mode = _checks.choice(o, "mode", mode, ("min", "max"))
        self.increase = _checks.real(o, "increase", increase)
        if not 1.0 <= self.increase < math.inf:
            _refuse(o, "increase", "a finite number >= 1", increase)
        self.decrease = _checks.in_interval(o, "decrease", decrease, 0.0, 1.0, low_open=True,
                                            high_open=True)
        self.min_lr = _checks.nonnegative(o, "min_lr", min_lr)
        _at_most(o, "min_lr", self.min_lr, self.initial_lr, "lr")
        self.max_lr = math.inf if max_lr is None else _checks.real(o, "max_lr", max_lr)
        if self.max_lr < self.initial_lr:
            _refuse(o, "max_lr", f"None or >= lr ({self.initial_lr:g})", max_lr)
        self.reset()

    def reset(self) -> None:
        """Return to the state right after construction (initial rate, no history)."""
        self.lr: float = self.initial_lr
        self.previous: float = math.nan
        self.increases: list[int] = []
        self.reductions: list[int] = []
        self.steps_taken: int = 0

    def __repr__(self) -> str:
        return (f"BoldDriver(lr={self.initial_lr!r}, mode={self.mode!r}, "
                f"increase={self.increase!r}, decrease={self.decrease!r}, "
                f"min_lr={self.min_lr!r}, "
                f"max_lr={None if math.isinf(self.max_lr) else self.max_lr!r})")

    def step(self, metric: float) -> float:
        """Record one measurement of the metric and return the (possibly changed) rate.

        Parameters
        ----------
        metric : float
            The monitored value (e.g. validation loss). NaN or inf counts as a worsening.

        Returns
        -------
        float
            The rate to use from now on (also ``self.lr``).
        """
        if isinstance(metric, bool | np.bool_) or not isinstance(metric, numbers.Real):
            raise TypeError(f"BoldDriver.step: metric must be a real number, got {metric!r}")
        current = float(metric)
        if self.steps_taken > 0:
            if not math.isfinite(current):
                better = False
            elif not math.isfinite(self.previous):
                better = True
            else:
                better = current < self.previous if self.mode == "min" else current > self.previous
            if better:
                new_lr = min(self.lr * self.increase, self.max_lr)
                if new_lr > self.lr:
                    self.increases.append(self.steps_taken)
            else:
                new_lr = max(self.lr * self.decrease, self.min_lr)
                if new_lr < self.lr:
                    self.reductions.append(self.steps_taken)
            self.lr = new_lr
        self.previous = current
        self.steps_taken += 1
        return self.lr


# --------------------------------------------------------------------------------------------
# A schedule from a kind name
# --------------------------------------------------------------------------------------------

#: Schedule kinds of `make_schedule` and their default parameters (``total_steps`` defaults to
#: the ``steps`` of the call wherever a schedule needs it).
SCHEDULE_KINDS: dict[str, dict[str, Any]] = {
    "constant": {"lr": 0.5},
    "step": {"lr": 0.5, "step_size": 100, "gamma": 0.3},
    "multistep": {"lr": 0.5, "milestones": (200, 300), "gamma": 0.2},
    "exponential": {"lr": 0.5, "gamma": 0.99},
    "inverse_time": {"lr": 0.5, "decay_rate": 0.05, "decay_steps": 1, "staircase": False},
    "inverse_sqrt": {"lr": 0.5, "decay_steps": 5},
    "linear": {"lr": 0.5, "end_lr": 0.005},
    "polynomial": {"lr": 0.5, "power": 2.0, "end_lr": 0.0},
    "cosine": {"lr": 0.5, "min_lr": 0.0},
    "warmup_cosine": {"lr": 0.5, "warmup_steps": 40, "start_factor": 0.0, "min_lr": 0.0},
    "cyclic_triangular": {"base_lr": 0.01, "max_lr": 0.5, "step_size_up": 50},
    "cyclic_triangular2": {"base_lr": 0.01, "max_lr": 0.5, "step_size_up": 50},
    "cyclic_exp_range": {"base_lr": 0.01, "max_lr": 0.5, "step_size_up": 50, "gamma": 0.995},
    "warm_restarts": {"lr": 0.5, "period": 100, "period_mult": 1, "min_lr": 0.0},
    "one_cycle": {"max_lr": 0.5, "pct_start": 0.3, "div_factor": 25.0,
                  "final_div_factor": 1e4},
}


def make_schedule(kind: str, steps: int, **params: Any) -> Schedule:
    """A schedule of `lrcourse.schedules` from a kind name and its parameters.

    Parameters
    ----------
    kind : str
        One of `SCHEDULE_KINDS`: the decays ``constant, step, multistep, exponential,
        inverse_time, inverse_sqrt, linear, polynomial, cosine``; ``warmup_cosine`` (linear
        warmup then cosine over the remaining steps); ``cyclic_triangular``,
        ``cyclic_triangular2``, ``cyclic_exp_range`` (`CyclicLR` modes); ``warm_restarts``
        (`CosineWarmRestarts`); ``one_cycle``.
    steps : int
        Length of the run: the ``total_steps`` of the schedules that end.
    **params
        Constructor arguments (names as in the schedule's signature); missing ones take the
        kind's defaults in `SCHEDULE_KINDS`.

    Returns
    -------
    Schedule
    """
    owner = "make_schedule"
    _checks.choice(owner, "kind", kind, SCHEDULE_KINDS)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    unknown = sorted(set(params) - set(SCHEDULE_KINDS[kind]))
    if unknown:
        raise ValueError(f"{owner}: parameters of {kind!r} must be among "
                         f"{sorted(SCHEDULE_KINDS[kind])}, got {unknown}")
    p = {**SCHEDULE_KINDS[kind], **params}
    if kind == "constant":
        return Constant(p["lr"])
    if kind == "step":
        return StepDecay(p["lr"], p["step_size"], p["gamma"])
    if kind == "multistep":
        return MultiStepDecay(p["lr"], tuple(p["milestones"]), p["gamma"])
    if kind == "exponential":
        return ExponentialDecay(p["lr"], p["gamma"])
    if kind == "inverse_time":
        return InverseTimeDecay(p["lr"], p["decay_rate"], p["decay_steps"], p["staircase"])
    if kind == "inverse_sqrt":
        return InverseSqrtDecay(p["lr"], p["decay_steps"])
    if kind == "linear":
        return LinearDecay(p["lr"], p["end_lr"], steps)
    if kind == "polynomial":
        return PolynomialDecay(p["lr"], steps, p["power"], p["end_lr"])
    if kind == "cosine":
        return CosineAnnealing(p["lr"], steps, p["min_lr"])
    if kind == "warmup_cosine":
        warm = _checks.integer(owner, "warmup_steps", p["warmup_steps"], minimum=1)
        if warm >= steps:
            raise ValueError(f"{owner}: warmup_steps must be < steps ({steps}), got {warm}")
        return Warmup(CosineAnnealing(p["lr"], steps - warm, p["min_lr"]), warm,
                      p["start_factor"])
    if kind.startswith("cyclic_"):
        return CyclicLR(p["base_lr"], p["max_lr"], p["step_size_up"], mode=kind[len("cyclic_"):],
                        gamma=p.get("gamma", 1.0))
    if kind == "warm_restarts":
        return CosineWarmRestarts(p["lr"], p["period"], p["period_mult"], p["min_lr"])
    return OneCycle(p["max_lr"], steps, pct_start=p["pct_start"], div_factor=p["div_factor"],
                    final_div_factor=p["final_div_factor"])
