"""The `Optimizer` interface (validated hyper-parameters, state, ``step``) and the in-place
helpers the optimizers share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np

from .. import _checks
from ..schedules import Schedule

Params = np.ndarray | Sequence[np.ndarray]
"""One float64 ndarray, or a list of them."""

Hyper = float | np.ndarray
"""A hyper-parameter: one value, or a 1-D array of per-run values."""


# --------------------------------------------------------------------------------------------
# Validated hyper-parameter attributes
# --------------------------------------------------------------------------------------------


_flag = _checks.flag  # the check of the optimizers' True/False hyper-parameters


def _unit(owner: str, name: str, value: object) -> float:
    return _checks.in_interval(owner, name, value, 0.0, 1.0)


def _beta(owner: str, name: str, value: object) -> float:
    return _checks.in_interval(owner, name, value, 0.0, 1.0, high_open=True)


def _per_run(owner: str, name: str, value: object, check: Callable) -> Hyper:
    """``value`` checked by ``check``: a float, or a read-only 1-D float64 array of such values.

    Every allowed set is an interval, so an array is checked through its smallest and largest
    entries (a loop may assign a new array of rates at every step).
    """
    if isinstance(value, np.ndarray):
        arr = _checks.finite_array(owner, name, value, ndim=1).copy()
        for i in (int(arr.argmin()), int(arr.argmax())):
            check(owner, f"{name}[{i}]", float(arr[i]))
        arr.flags.writeable = False
        return arr
    return check(owner, name, value)


def _betas(owner: str, name: str, value: object) -> tuple[Hyper, Hyper]:
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise TypeError(f"{owner}: {name} must be a pair (beta1, beta2), got {value!r}")
    return tuple(_per_run(owner, f"{name}[{i}]", v, _beta) for i, v in enumerate(value))


class _Hyper:
    """A public hyper-parameter attribute, validated by ``check`` whenever it is assigned.

    ``per_run``: a 1-D array of values (one per run along the leading axis) is accepted too;
    ``schedule``: a `Schedule` is accepted as it is (for ``lr``).
    """

    def __init__(self, check: Callable, *, per_run: bool = True, schedule: bool = False):
        self.check = check
        self.per_run = per_run
        self.schedule = schedule

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, objtype: type | None = None):
        return self if obj is None else obj.__dict__[self.name]

    def __set__(self, obj: object, value: object) -> None:
        owner = type(obj).__name__
        if not (self.schedule and isinstance(value, Schedule)):
            if self.per_run:
                value = _per_run(owner, self.name, value, self.check)
            else:
                value = self.check(owner, self.name, value)
        obj.__dict__[self.name] = value


# --------------------------------------------------------------------------------------------
# Small in-place helpers
# --------------------------------------------------------------------------------------------


def _along(value: Hyper, p: np.ndarray) -> Hyper:
    """A per-run ``(K,)`` array reshaped to ``(K, 1, ..., 1)`` to broadcast against ``p``."""
    if isinstance(value, np.ndarray):
        return value.reshape(value.shape + (1,) * (p.ndim - 1))
    return value


def _off(value: Hyper) -> bool:
    """True when a hyper-parameter is zero (for every run)."""
    return value == 0 if isinstance(value, float) else not value.any()


def _decayed(g: np.ndarray, p: np.ndarray, weight_decay: Hyper, out: np.ndarray) -> np.ndarray:
    """The L2-regularized gradient ``g + weight_decay * p`` (written into ``out``), or ``g``."""
    if _off(weight_decay):
        return g
    np.multiply(p, weight_decay, out=out)
    out += g
    return out


def _lerp(a: np.ndarray, b: np.ndarray, weight: Hyper, tmp: np.ndarray) -> None:
    """``a <- a + weight * (b - a)`` in place, as torch's ``a.lerp_(b, weight)`` computes it.

    Like torch, a weight of 0.5 or more uses ``b - (1 - weight) * (b - a)`` (exact at weight 1);
    per-run weights always use the first form.
    """
    np.subtract(b, a, out=tmp)
    if isinstance(weight, float) and weight >= 0.5:
        tmp *= 1 - weight
        np.subtract(b, tmp, out=a)
    else:
        tmp *= weight
        a += tmp


def _ema_square(v: np.ndarray, g: np.ndarray, beta: Hyper, tmp: np.ndarray) -> None:
    """``v <- beta * v + (1 - beta) * g**2`` in place (torch's ``v.mul_(beta).addcmul_(g, g,
    value=1 - beta)``)."""
    v *= beta
    np.multiply(g, g, out=tmp)
    tmp *= 1 - beta
    v += tmp


# --------------------------------------------------------------------------------------------
# The base class
# --------------------------------------------------------------------------------------------


class Optimizer(ABC):
    """Base of the optimizers: argument checks, state bookkeeping and the per-parameter loop.

    A subclass lists its hyper-parameters in ``_hyper_names``, builds a parameter's state in
    ``_init_state`` and updates one parameter in ``_update``.

    Attributes
    ----------
    lr : float, Schedule or numpy.ndarray
        The learning rate (see the module documentation): > 0 at construction; a loop may later
        assign 0 (a scheduled value such as a warmup's first rate), as PyTorch allows.
    step_count : int
        Number of updates made since construction or the last `reset`.
    last_lr : float, numpy.ndarray or None
        The rate the last update used (``None`` before the first update).
    state : list of dict
        One dict per parameter with the optimizer's buffers, under PyTorch's names; empty before
        the first update. ``step`` is an ``int`` here (a 0-d tensor in PyTorch).
    """

    _hyper_names: tuple[str, ...] = ("lr",)

    lr = _Hyper(_checks.nonnegative, schedule=True)

    def __init__(self, lr: float | Schedule | np.ndarray) -> None:
        if not isinstance(lr, Schedule):
            _per_run(type(self).__name__, "lr", lr, _checks.positive)
        self.lr = lr
        self.reset()

    def reset(self) -> None:
        """Forget every buffer and the step count: the next `step` starts afresh."""
        self.state: list[dict] = []
        self.step_count = 0
        self.last_lr: float | np.ndarray | None = None
        self._work: list[tuple[np.ndarray, np.ndarray]] = []

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._hyper_names)
        return f"{type(self).__name__}({args})"

    # -- hooks of the subclasses ----------------------------------------------------------------

    @abstractmethod
    def _init_state(self, p: np.ndarray) -> dict:
        """The state dict of parameter ``p`` before its first update."""

    @abstractmethod
    def _update(self, p: np.ndarray, g: np.ndarray, state: dict, lr: Hyper,
                work: tuple[np.ndarray, np.ndarray]) -> None:
        """Update ``p`` in place from ``g`` with rate ``lr`` (per-run rates already shaped to
        broadcast against ``p``); ``work`` holds two scratch arrays shaped like ``p``."""

    def _effective_lr(self, state: dict, lr: Hyper, like: np.ndarray) -> np.ndarray:
        """The effective rate of one parameter (shaped like ``like``) from its ``state`` and the
        last rate ``lr`` (per-run rates shaped to broadcast); plain :math:`\\eta` by default."""
        return np.broadcast_to(lr, like.shape).astype(np.float64)

    def effective_lr(self) -> list[np.ndarray]:
        r"""The per-coordinate rate :math:`\eta^{\mathrm{eff}}_k` of the last update, one array per
        parameter (shaped like it).

        The factor by which the last update multiplied its direction, coordinate by coordinate:
        :math:`\eta_k` everywhere for `SGD` (the direction being the gradient, or the momentum
        buffer), :math:`\tilde\eta_k / (\sqrt{G_k} + \epsilon)` for `AdaGrad`,
        :math:`\eta_k / (\sqrt{v_k} + \epsilon)` for `RMSProp` (of :math:`v_k - \bar g_k^2`
        when centered; with momentum the rate scales what enters the buffer) and
        :math:`\eta_k / (\sqrt{\hat v_k} + \epsilon)` for `Adam` and `AdamW`, whose step is
        this times :math:`\hat m_k` (AdamW's decay apart). It is computed from the state, the
        rate of the last update (`last_lr`) and the current hyper-parameters.

        PyTorch keeps no such number; for Adam it is
        ``lr / (state["exp_avg_sq"].sqrt() / (1 - beta2 ** state["step"]) ** 0.5 + eps)``.

        Raises
        ------
        ValueError
            Before the first update (there is no state yet).
        """
        owner = f"{type(self).__name__}.effective_lr"
        if self.last_lr is None or not self.state:
            raise ValueError(f"{owner}: the optimizer must have made an update (call step "
                             f"first), got step_count={self.step_count}")
        with np.errstate(all="ignore"):
            return [self._effective_lr(state, _along(self.last_lr, like), like)
                    for state, (like, _) in zip(self.state, self._work, strict=True)]

    # -- the step -------------------------------------------------------------------------------

    def step(self, params: Params, grads: Params) -> None:
        """Update ``params`` in place from ``grads``; return ``None``.

        Every check comes before the first change: a step that raises leaves every parameter
        and all of the optimizer's state (``step_count`` included) as they were.

        Parameters
        ----------
        params : numpy.ndarray or list of numpy.ndarray
            float64 arrays, updated in place. With per-run hyper-parameters (``K`` values), every
            parameter has a leading axis of length ``K``.
        grads : numpy.ndarray or list of numpy.ndarray
            The gradients, with the structure and shapes of ``params``; never modified.

        Raises
        ------
        ValueError
            When the structure or a shape of ``grads`` differs from ``params``, when a parameter
            is read-only, when a parameter's shape differs from the one the state was built for
            (call `reset` first), when per-run hyper-parameters disagree in length or a
            parameter lacks their leading axis, or when a schedule gives a negative or
            non-finite rate.
        TypeError
            When a parameter is not a float64 ndarray, or a gradient not an array of real
            numbers.
        """
        owner = f"{type(self).__name__}.step"
        params, grads = self._pair(owner, params, grads)
        lr = self._current_lr(owner)
        self._check_hypers(owner, lr, params)
        if not self.state:
            self.state = [self._init_state(p) for p in params]
            self._work = [(np.empty_like(p), np.empty_like(p)) for p in params]
        self._check_state(owner, params)
        with np.errstate(all="ignore"):
            for p, g, state, work in zip(params, grads, self.state, self._work, strict=True):
                self._update(p, g, state, _along(lr, p), work)
        self.step_count += 1
        self.last_lr = lr

    def _pair(self, owner: str, params: Params, grads: Params):
        """``params`` and ``grads`` as two equally long lists of same-shape float64 arrays."""
        if isinstance(params, np.ndarray):
            if not isinstance(grads, np.ndarray):
                raise ValueError(f"{owner}: grads must be one ndarray like params, "
                                 f"got {type(grads).__name__}")
            names, params, grads = ["params"], [params], [grads]
        else:
            if isinstance(params, str | bytes) or not isinstance(params, Sequence) or not params:
                _checks._fail(owner, "params", "a float64 ndarray or a non-empty list of them",
                              params, TypeError)
            if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence):
                raise ValueError(f"{owner}: grads must be a list like params, "
                                 f"got {type(grads).__name__}")
            if len(grads) != len(params):
                raise ValueError(f"{owner}: got {len(grads)} grads for {len(params)} params")
            names = [f"params[{i}]" for i in range(len(params))]
        out = []
        for name, p, g in zip(names, params, grads, strict=True):
            if not isinstance(p, np.ndarray) or p.dtype != np.float64:
                what = f"{p.dtype} ndarray" if isinstance(p, np.ndarray) else type(p).__name__
                raise TypeError(f"{owner}: {name} must be a float64 ndarray, got {what}")
            if not p.flags.writeable:
                raise ValueError(f"{owner}: {name} must be writeable (it is updated in place), "
                                 "got a read-only array")
            gname = name.replace("params", "grads")
            g = _checks.real_array(owner, gname, g)  # NaN and inf are a diverging run's
            if g.shape != p.shape:
                raise ValueError(f"{owner}: {gname} has shape {g.shape} "
                                 f"but {name} has shape {p.shape}")
            out.append(g)
        return params, out

    def _current_lr(self, owner: str) -> Hyper:
        """The rate of update number ``step_count``."""
        if isinstance(self.lr, Schedule):
            k = self.step_count
            return _checks.nonnegative(owner, f"lr({k})", self.lr(k))
        return self.lr

    def _check_hypers(self, owner: str, lr: Hyper, params: list[np.ndarray]) -> None:
        """What a step checks of the hyper-parameters beyond their single values: per-run ones
        agree on ``K``, and every parameter has that leading axis (subclasses add more)."""
        arrays = [("lr", lr)] if isinstance(lr, np.ndarray) else []
        for name in self._hyper_names[1:]:
            value = getattr(self, name)
            if isinstance(value, tuple):
                arrays += [(f"{name}[{i}]", v) for i, v in enumerate(value)]
            else:
                arrays.append((name, value))
        arrays = [(name, v) for name, v in arrays if isinstance(v, np.ndarray)]
        if not arrays:
            return
        first, k = arrays[0][0], arrays[0][1].size
        for name, v in arrays[1:]:
            if v.size != k:
                raise ValueError(f"{owner}: {name} has {v.size} entries but {first} has {k}; "
                                 "per-run hyper-parameters must have the same length")
        for i, p in enumerate(params):
            if p.ndim == 0 or p.shape[0] != k:
                raise ValueError(f"{owner}: params[{i}] has shape {p.shape} but {first} has {k} "
                                 f"entries: each parameter needs a leading axis of length {k}")

    def _check_state(self, owner: str, params: list[np.ndarray]) -> None:
        if len(params) != len(self._work):
            raise ValueError(f"{owner}: got {len(params)} params but the state was built for "
                             f"{len(self._work)}; call reset() to start afresh")
        for i, (p, work) in enumerate(zip(params, self._work, strict=True)):
            if p.shape != work[0].shape:
                raise ValueError(f"{owner}: params[{i}] has shape {p.shape} but the state was "
                                 f"built for shape {work[0].shape}; call reset() to start afresh")
