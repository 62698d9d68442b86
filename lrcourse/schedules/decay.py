"""Decays: a constant rate, steps, and smooth decays to a floor or to zero (chapter 4)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _checks
from .base import Schedule, _at_most, _flag, _milestones, _refuse


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
        with np.errstate(over="ignore"):  # a huge decay_rate: the rate is 0 after step 0
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
        # halving (1 + cos) first is exact, and keeps lr = 1e308 from overflowing
        return self.min_lr + (self.lr - self.min_lr) * ((1 + cos) / 2)


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
        """Position ``t`` within its cycle and the cycle length, for every step ``k`` (int64,
        or Python integers in an object array)."""
        t0, m = self.period, self.period_mult
        if m == 1:
            return k % t0, np.full(k.shape, t0, dtype=np.int64)
        i = np.floor(np.log1p(k.astype(np.float64) * ((m - 1) / t0)) / math.log(m))
        i = i.astype(np.int64).astype(k.dtype)

        def start(j: np.ndarray) -> np.ndarray:
            return t0 * (m**j - 1) // (m - 1)

        i = i + (start(i + 1) <= k) - (start(i) > k)
        return k - start(i), t0 * m**i

    def _rates(self, k: np.ndarray) -> np.ndarray:
        t0, m = self.period, self.period_mult
        # Steps whose cycles end beyond int64 (huge steps or factors) go in Python integers:
        # m**i <= 1 + k (m-1)/T_0 (up to rounding), and the next start needs T_0 m**(i+2).
        fits = math.log(_checks.INT64_MAX / (t0 * m**3)) if t0 * m**3 <= _checks.INT64_MAX \
            else -math.inf
        huge = np.log1p(k * ((m - 1) / t0)) > fits if m > 1 else np.zeros(k.shape, bool)
        angle = np.empty(k.shape)
        t, length = self._cycle(k[~huge])
        angle[~huge] = np.pi * t / length
        if huge.any():
            t, length = self._cycle(k[huge].astype(object))
            angle[huge] = np.pi * np.asarray(t / length, dtype=np.float64)
        return self.min_lr + (self.lr - self.min_lr) * ((1 + np.cos(angle)) / 2)
