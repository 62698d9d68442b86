r"""Gradient-descent optimizers in numpy, numerically identical to ``torch.optim``.

`SGD`, `AdaGrad`, `RMSProp`, `Adam` and `AdamW` follow the single-tensor algorithms of
``torch.optim`` (``foreach=False``) operation by operation, in float64, so that a trajectory
computed here matches PyTorch's to rounding. All share the interface of `Optimizer`:

``opt.step(params, grads)``
    updates ``params`` (one float64 ndarray or a list of them) **in place** from ``grads`` (the
    same structure and shapes) and returns ``None``.
``opt.lr``
    a positive float; a `lrcourse.schedules.Schedule` (the update number :math:`k`, counted from
    0, uses ``lr(k)``, i.e. what PyTorch's ``scheduler.get_last_lr()`` returns after :math:`k`
    calls of ``scheduler.step()``); or a 1-D array of :math:`K` positive rates, applied along the
    leading axis of every parameter (each parameter then has shape ``(K, ...)``): :math:`K`
    independent runs in one pass. A loop may later assign a rate of 0 (a schedule's value, such
    as the first rate of a warmup from 0), as PyTorch allows; the constructor refuses it.
``opt.step_count``, ``opt.last_lr``, ``opt.state``
    the number of updates made, the rate (float, or the ``(K,)`` array) the last update used,
    and one dict per parameter holding the optimizer's buffers under PyTorch's names
    (``momentum_buffer``, ``sum``, ``square_avg``, ``grad_avg``, ``exp_avg``, ``exp_avg_sq``,
    ``max_exp_avg_sq``, ``step``).

Every hyper-parameter is a plain public attribute, validated when it is set and read afresh at
every step, so a training loop may reassign ``opt.lr``, ``opt.momentum`` or ``opt.betas`` between
steps (cycled momentum, reduce-on-plateau). The numeric hyper-parameters (``momentum``,
``weight_decay``, ``eps``, ``betas``, ...) also accept a 1-D array of per-run values, like ``lr``,
so that a chapter can sweep momentum in one pass. ``opt.reset()`` forgets the state.

A non-finite gradient is not an error here (a training loop detects divergence): it turns its own
parameter (or its own run, along the leading axis) into NaN or infinity without raising or
warning, and never touches the other parameters or runs, since no quantity mixes them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np

from . import _checks
from .schedules import Schedule

__all__ = ["SGD", "AdaGrad", "Adam", "AdamW", "Optimizer", "RMSProp"]

Params = np.ndarray | Sequence[np.ndarray]
"""One float64 ndarray, or a list of them."""

Hyper = float | np.ndarray
"""A hyper-parameter: one value, or a 1-D array of per-run values."""


# --------------------------------------------------------------------------------------------
# Validated hyper-parameter attributes
# --------------------------------------------------------------------------------------------


def _flag(owner: str, name: str, value: object) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{owner}: {name} must be True or False, got {value!r}")
    return bool(value)


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

    # -- the step -------------------------------------------------------------------------------

    def step(self, params: Params, grads: Params) -> None:
        """Update ``params`` in place from ``grads``; return ``None``.

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
            When the structure or a shape of ``grads`` differs from ``params``, when a parameter's
            shape differs from the one the state was built for (call `reset` first), when
            per-run hyper-parameters disagree in length or a parameter lacks their leading axis,
            or when a schedule gives a negative or non-finite rate.
        TypeError
            When a parameter is not a float64 ndarray.
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
            gname = name.replace("params", "grads")
            try:
                g = np.asarray(g, dtype=np.float64)
            except (TypeError, ValueError):
                raise TypeError(f"{owner}: {gname} must be an array of real numbers, "
                                f"got {type(g).__name__}") from None
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


# --------------------------------------------------------------------------------------------
# The optimizers
# --------------------------------------------------------------------------------------------


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional (Nesterov) momentum and L2 weight decay.

    With :math:`g_k = \nabla L(\theta_k) + \lambda\,\theta_k` (``weight_decay`` :math:`\lambda`),
    momentum :math:`\mu` and dampening :math:`\tau`:

    .. math::

        b_0 = g_0, \qquad b_k = \mu\, b_{k-1} + (1 - \tau)\, g_k \quad (k \ge 1),

        \theta_{k+1} = \theta_k - \eta_k\, d_k, \qquad
        d_k = \begin{cases} g_k & \mu = 0 \\ b_k & \text{heavy ball} \\
        g_k + \mu\, b_k & \text{Nesterov} \end{cases}

    The first step copies the gradient into the buffer, without dampening, as PyTorch does.

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray
        Learning rate :math:`\eta` (> 0), a schedule, or ``K`` per-run rates.
    momentum : float or numpy.ndarray, default 0.0
        :math:`\mu \ge 0` (PyTorch's range; values of 1 or more diverge), or ``K`` per-run values.
    dampening : float or numpy.ndarray, default 0.0
        :math:`\tau \in [0, 1]`; must be 0 for Nesterov momentum, and for any run whose momentum
        is 0 (so that such a run is plain SGD, as in PyTorch).
    nesterov : bool
        Nesterov's look-ahead form; needs momentum > 0 (for every run) and no dampening.
    weight_decay : float or numpy.ndarray, default 0.0
        L2 coefficient :math:`\lambda \ge 0`, added to the gradient.

    Notes
    -----
    PyTorch: ``torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)``.
    Keras' ``SGD(momentum=m)`` keeps a velocity scaled by the rate instead; with a constant rate
    the trajectories agree.
    State per parameter: ``momentum_buffer`` (once momentum is used).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([1.0, -2.0])
    >>> opt = SGD(0.1, momentum=0.9)
    >>> opt.step(p, 2 * p)  # the gradient of ||p||^2
    >>> p
    array([ 0.8, -1.6])
    >>> opt.state[0]["momentum_buffer"]
    array([ 2., -4.])

    Three rates in one pass, on three copies of :math:`f(x) = x^2` (:math:`2/L = 1`):

    >>> x = np.ones((3, 1))
    >>> opt = SGD(np.array([0.1, 1.0, 1.1]))
    >>> for _ in range(3):
    ...     opt.step(x, 2 * x)
    >>> x.ravel()
    array([ 0.512, -1.   , -1.728])
    """

    _hyper_names = ("lr", "momentum", "dampening", "nesterov", "weight_decay")

    momentum = _Hyper(_checks.nonnegative)
    dampening = _Hyper(_unit)
    nesterov = _Hyper(_flag, per_run=False)
    weight_decay = _Hyper(_checks.nonnegative)

    def __init__(self, lr: float | Schedule | np.ndarray, momentum: Hyper = 0.0,
                 dampening: Hyper = 0.0, nesterov: bool = False,
                 weight_decay: Hyper = 0.0) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weight_decay = weight_decay
        self._check_combination("SGD")

    def _check_hypers(self, owner: str, lr: Hyper, params: list[np.ndarray]) -> None:
        self._check_combination(owner)
        super()._check_hypers(owner, lr, params)

    def _check_combination(self, owner: str) -> None:
        """Nesterov needs momentum and no dampening; dampening needs momentum in every run."""
        mom = np.asarray(self.momentum)
        if self.nesterov and (np.any(mom <= 0) or not _off(self.dampening)):
            raise ValueError(f"{owner}: nesterov must be False unless momentum > 0 and "
                             f"dampening == 0, got momentum={self.momentum!r}, "
                             f"dampening={self.dampening!r}")
        if mom.ndim and np.any(mom == 0) and not _off(self.dampening):
            raise ValueError(f"{owner}: dampening must be 0 when some runs have momentum 0, "
                             f"got dampening={self.dampening!r}")

    def _init_state(self, p: np.ndarray) -> dict:
        return {}

    def _update(self, p, g, state, lr, work):
        gbuf, tmp = work
        mom, damp = _along(self.momentum, p), _along(self.dampening, p)
        g = _decayed(g, p, _along(self.weight_decay, p), gbuf)
        d = g
        if not _off(mom):
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = g.copy()
            else:
                buf *= mom
                if _off(damp):
                    buf += g
                else:
                    np.multiply(g, 1 - damp, out=tmp)
                    buf += tmp
            if self.nesterov:
                np.multiply(buf, mom, out=tmp)
                tmp += g
                d = tmp
            else:
                d = buf
        np.multiply(d, lr, out=tmp)
        p -= tmp


class AdaGrad(Optimizer):
    r"""AdaGrad: a per-coordinate rate that shrinks with the sum of squared gradients.

    With :math:`g_k = \nabla L(\theta_k) + \lambda\,\theta_k`, :math:`s_0 = s_{\text{init}}`:

    .. math::

        s_{k+1} = s_k + g_k^2, \qquad
        \tilde\eta_k = \frac{\eta_k}{1 + k\,\delta}, \qquad
        \theta_{k+1} = \theta_k - \tilde\eta_k\, \frac{g_k}{\sqrt{s_{k+1}} + \epsilon}

    (all operations per coordinate; :math:`\delta` is ``lr_decay``, :math:`k` counts from 0).

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray, default 0.01
        Learning rate :math:`\eta` (> 0), a schedule, or ``K`` per-run rates.
    lr_decay : float or numpy.ndarray, default 0.0
        :math:`\delta \ge 0`.
    weight_decay : float or numpy.ndarray, default 0.0
        L2 coefficient :math:`\lambda \ge 0`.
    initial_accumulator_value : float or numpy.ndarray, default 0.0
        :math:`s_{\text{init}} \ge 0`, read when the state is built (first step after `reset`).
    eps : float or numpy.ndarray, default 1e-10
        :math:`\epsilon \ge 0`, added to the root.

    Notes
    -----
    PyTorch: ``torch.optim.Adagrad(params, lr, lr_decay, weight_decay, initial_accumulator_value,
    eps)``. Keras: ``Adagrad(learning_rate, initial_accumulator_value=0.1, epsilon=1e-7)``
    (Keras adds :math:`\epsilon` inside the root).
    State per parameter: ``sum`` (:math:`s`), ``step``.
    """

    _hyper_names = ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")

    lr_decay = _Hyper(_checks.nonnegative)
    weight_decay = _Hyper(_checks.nonnegative)
    initial_accumulator_value = _Hyper(_checks.nonnegative)
    eps = _Hyper(_checks.nonnegative)

    def __init__(self, lr: float | Schedule | np.ndarray = 0.01, lr_decay: Hyper = 0.0,
                 weight_decay: Hyper = 0.0, initial_accumulator_value: Hyper = 0.0,
                 eps: Hyper = 1e-10) -> None:
        super().__init__(lr)
        self.lr_decay = lr_decay
        self.weight_decay = weight_decay
        self.initial_accumulator_value = initial_accumulator_value
        self.eps = eps

    def _init_state(self, p: np.ndarray) -> dict:
        s = np.empty_like(p)
        s[...] = _along(self.initial_accumulator_value, p)
        return {"step": 0, "sum": s}

    def _update(self, p, g, state, lr, work):
        gbuf, tmp = work
        state["step"] += 1
        clr = lr / (1 + (state["step"] - 1) * _along(self.lr_decay, p))
        g = _decayed(g, p, _along(self.weight_decay, p), gbuf)
        s = state["sum"]
        np.multiply(g, g, out=tmp)
        s += tmp
        np.sqrt(s, out=tmp)
        tmp += _along(self.eps, p)
        np.divide(g, tmp, out=tmp)
        tmp *= clr
        p -= tmp


class RMSProp(Optimizer):
    r"""RMSProp: divide the gradient by a running root mean square of recent gradients.

    With :math:`g_k = \nabla L(\theta_k) + \lambda\,\theta_k` and all buffers starting at 0:

    .. math::

        v_{k+1} = \alpha\, v_k + (1 - \alpha)\, g_k^2, \qquad
        \bar g_{k+1} = \alpha\, \bar g_k + (1 - \alpha)\, g_k,

        r_k = \sqrt{v_{k+1}} + \epsilon \quad\text{or, centered,}\quad
        r_k = \sqrt{v_{k+1} - \bar g_{k+1}^2} + \epsilon,

        b_{k+1} = \mu\, b_k + g_k / r_k, \qquad \theta_{k+1} = \theta_k - \eta_k\, b_{k+1}

    (without momentum, :math:`\theta_{k+1} = \theta_k - \eta_k\, g_k / r_k`).

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray, default 0.01
        Learning rate :math:`\eta` (> 0), a schedule, or ``K`` per-run rates.
    alpha : float or numpy.ndarray, default 0.99
        Smoothing constant :math:`\alpha \in [0, 1]`.
    eps : float or numpy.ndarray, default 1e-8
        :math:`\epsilon \ge 0`, added to the root.
    weight_decay : float or numpy.ndarray, default 0.0
        L2 coefficient :math:`\lambda \ge 0`.
    momentum : float or numpy.ndarray, default 0.0
        :math:`\mu \ge 0`.
    centered : bool
        Normalize by an estimate of the variance instead of the second moment.

    Notes
    -----
    PyTorch: ``torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered)``.
    Keras: ``RMSprop(learning_rate, rho=alpha, momentum, epsilon, centered)`` (Keras adds
    :math:`\epsilon` inside the root).
    State per parameter: ``step``, ``square_avg`` (:math:`v`), ``momentum_buffer`` (:math:`b`,
    with momentum), ``grad_avg`` (:math:`\bar g`, when centered).
    """

    _hyper_names = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    alpha = _Hyper(_unit)
    eps = _Hyper(_checks.nonnegative)
    weight_decay = _Hyper(_checks.nonnegative)
    momentum = _Hyper(_checks.nonnegative)
    centered = _Hyper(_flag, per_run=False)

    def __init__(self, lr: float | Schedule | np.ndarray = 0.01, alpha: Hyper = 0.99,
                 eps: Hyper = 1e-8, weight_decay: Hyper = 0.0, momentum: Hyper = 0.0,
                 centered: bool = False) -> None:
        super().__init__(lr)
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.centered = centered

    def _init_state(self, p: np.ndarray) -> dict:
        return {"step": 0, "square_avg": np.zeros_like(p)}

    def _update(self, p, g, state, lr, work):
        gbuf, tmp = work
        alpha, mom = _along(self.alpha, p), _along(self.momentum, p)
        state["step"] += 1
        g = _decayed(g, p, _along(self.weight_decay, p), gbuf)
        v = state["square_avg"]
        _ema_square(v, g, alpha, tmp)
        if self.centered:
            if "grad_avg" not in state:
                state["grad_avg"] = np.zeros_like(p)
            ga = state["grad_avg"]
            _lerp(ga, g, 1 - alpha, tmp)
            np.multiply(ga, ga, out=tmp)
            np.subtract(v, tmp, out=tmp)
            np.sqrt(tmp, out=tmp)
        else:
            np.sqrt(v, out=tmp)
        tmp += _along(self.eps, p)
        np.divide(g, tmp, out=tmp)
        if not _off(mom):
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = np.zeros_like(p)
            buf = state["momentum_buffer"]
            buf *= mom
            buf += tmp
            np.multiply(buf, lr, out=tmp)
        else:
            tmp *= lr
        p -= tmp


class Adam(Optimizer):
    r"""Adam: momentum on the gradient, divided by a running root mean square, bias-corrected.

    With :math:`g_k = \nabla L(\theta_k) + \lambda\,\theta_k` (L2 decay, here; see `AdamW`), moments
    starting at 0 and :math:`t = k + 1` the number of updates so far:

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_k, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_k^2,

        \theta_{k+1} = \theta_k - \frac{\eta_k}{1 - \beta_1^t}\,
        \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    With ``amsgrad``, :math:`v_t` in the denominator is replaced by :math:`\max_{s \le t} v_s`.
    The first update moves every coordinate with a nonzero gradient by (almost exactly)
    :math:`\eta_0`: :math:`m_1/\sqrt{v_1}` is :math:`\pm\sqrt{1-\beta_2}/(1-\beta_1)` there.

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray, default 0.001
        Learning rate :math:`\eta` (> 0), a schedule, or ``K`` per-run rates.
    betas : tuple of two floats or numpy.ndarrays, default (0.9, 0.999)
        :math:`(\beta_1, \beta_2)`, each in :math:`[0, 1)` (or ``K`` per-run values).
    eps : float or numpy.ndarray, default 1e-8
        :math:`\epsilon \ge 0`.
    weight_decay : float or numpy.ndarray, default 0.0
        L2 coefficient :math:`\lambda \ge 0`, added to the gradient (so it passes through the
        adaptive scaling, unlike `AdamW`'s).
    amsgrad : bool
        Use the running maximum of :math:`v` (Reddi et al., 2018).

    Notes
    -----
    PyTorch: ``torch.optim.Adam(params, lr, betas, eps, weight_decay, amsgrad)``.
    Keras: ``Adam(learning_rate, beta_1, beta_2, epsilon, amsgrad)``; Keras adds its
    :math:`\epsilon` to the uncorrected root :math:`\sqrt{v_t}`, which is this update with
    :math:`\epsilon` replaced by :math:`\epsilon / \sqrt{1 - \beta_2^t}`.
    State per parameter: ``step``, ``exp_avg`` (:math:`m`), ``exp_avg_sq`` (:math:`v`),
    ``max_exp_avg_sq`` (with amsgrad).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.zeros(2)
    >>> # the first step moves every coordinate by lr, whatever its gradient
    >>> Adam(0.1).step(p, np.array([0.01, -50.0]))
    >>> p.round(6)
    array([-0.1,  0.1])
    """

    _hyper_names = ("lr", "betas", "eps", "weight_decay", "amsgrad")
    _decoupled = False

    betas = _Hyper(_betas, per_run=False)
    eps = _Hyper(_checks.nonnegative)
    weight_decay = _Hyper(_checks.nonnegative)
    amsgrad = _Hyper(_flag, per_run=False)

    def __init__(self, lr: float | Schedule | np.ndarray = 0.001,
                 betas: tuple[Hyper, Hyper] = (0.9, 0.999), eps: Hyper = 1e-8,
                 weight_decay: Hyper = 0.0, amsgrad: bool = False) -> None:
        super().__init__(lr)
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay
        self.amsgrad = amsgrad

    def _init_state(self, p: np.ndarray) -> dict:
        return {"step": 0, "exp_avg": np.zeros_like(p), "exp_avg_sq": np.zeros_like(p)}

    def _update(self, p, g, state, lr, work):
        gbuf, tmp = work
        beta1, beta2 = (_along(b, p) for b in self.betas)
        wd = _along(self.weight_decay, p)
        state["step"] += 1
        t = float(state["step"])
        if self._decoupled:
            if not _off(wd):
                p *= 1 - lr * wd
        else:
            g = _decayed(g, p, wd, gbuf)
        m, v = state["exp_avg"], state["exp_avg_sq"]
        _lerp(m, g, 1 - beta1, tmp)
        _ema_square(v, g, beta2, tmp)
        step_size = lr / (1 - beta1**t)
        bias_correction2_sqrt = (1 - beta2**t) ** 0.5
        if self.amsgrad:
            if "max_exp_avg_sq" not in state:
                state["max_exp_avg_sq"] = np.zeros_like(p)
            v = np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
        np.sqrt(v, out=tmp)
        tmp /= bias_correction2_sqrt
        tmp += _along(self.eps, p)
        np.divide(m, tmp, out=tmp)
        tmp *= step_size
        p -= tmp


class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, 2019).

    The decay shrinks the parameters directly instead of entering the gradient, so it is not
    rescaled by the adaptive denominator: before the `Adam` update (with :math:`\lambda = 0` in
    the gradient),

    .. math::

        \theta_k \leftarrow (1 - \eta_k \lambda)\, \theta_k .

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray, default 0.001
        Learning rate :math:`\eta` (> 0), a schedule, or ``K`` per-run rates.
    betas : tuple of two floats or numpy.ndarrays, default (0.9, 0.999)
        :math:`(\beta_1, \beta_2)`, each in :math:`[0, 1)`.
    eps : float or numpy.ndarray, default 1e-8
        :math:`\epsilon \ge 0`.
    weight_decay : float or numpy.ndarray, default 0.01
        Decoupled decay coefficient :math:`\lambda \ge 0`.
    amsgrad : bool
        Use the running maximum of the second moment.

    Notes
    -----
    PyTorch: ``torch.optim.AdamW(params, lr, betas, eps, weight_decay, amsgrad)``.
    Keras: ``AdamW(learning_rate, weight_decay=0.004, ...)``.
    State per parameter: as `Adam`.
    """

    _decoupled = True

    def __init__(self, lr: float | Schedule | np.ndarray = 0.001,
                 betas: tuple[Hyper, Hyper] = (0.9, 0.999), eps: Hyper = 1e-8,
                 weight_decay: Hyper = 0.01, amsgrad: bool = False) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad)
