"""Reactive rules: the rate follows a measured metric, not the step (chapter 6).

`ReduceOnPlateau` and `BoldDriver` are stateful objects with ``.step(metric)``, not functions of
the update number like the schedules of the other modules.
"""

from __future__ import annotations

import math
import numbers
import sys

import numpy as np

from .. import _checks
from .base import _at_most, _refuse


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
    after a ``step(metric)`` is our return value). Keras: the callback
    ``keras.callbacks.ReduceLROnPlateau(factor, patience, min_delta, cooldown, min_lr)`` counts
    differently (it cuts when its count *reaches* ``patience``, its cooldown ignores one epoch
    fewer, ``min_delta`` is absolute, it has no ``eps``); for Keras ``patience`` and
    ``cooldown`` of at least 1 it equals ``ReduceOnPlateau(lr, factor, patience=patience - 1,
    threshold=min_delta, threshold_mode="abs", cooldown=cooldown - 1, min_lr=min_lr, eps=0)``.

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


_FLOAT_MAX = sys.float_info.max


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
        Upper bound of the rate, ``>= lr``; ``None`` for none but the largest float (repeated
        increases then stop there instead of overflowing to infinity).

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
        # None: no bound but the float range, so that repeated increases cannot overflow
        self.max_lr = _FLOAT_MAX if max_lr is None else _checks.real(o, "max_lr", max_lr)
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
                f"max_lr={None if self.max_lr == _FLOAT_MAX else self.max_lr!r})")

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
