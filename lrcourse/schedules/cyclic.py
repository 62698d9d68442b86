"""Cycles: the cyclic rate and the one-cycle policy, with their cycled momentum (chapter 5)."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .. import _checks
from .base import Schedule, _flag, _refuse


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
        huge = k >= 2**53  # float64 no longer counts these steps exactly: integers do
        if np.any(huge):
            whole = int(total)
            cycle = np.where(huge, 1 + k // whole, cycle)
            x = np.where(huge, (k % whole) / whole, x)
        height = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        if self.mode == "triangular":
            scale = np.ones(k.shape)
        elif self.mode == "triangular2":
            with np.errstate(over="ignore"):  # beyond cycle 1025 the amplitude is 0
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
