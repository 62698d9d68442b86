"""Adaptive methods: a per-coordinate rate from gradient statistics (AdaGrad, RMSProp, Adam,
AdamW)."""

from __future__ import annotations

import numpy as np

from .. import _checks
from ..schedules import Schedule
from .base import (
    Hyper,
    Optimizer,
    _along,
    _betas,
    _decayed,
    _ema_square,
    _flag,
    _Hyper,
    _lerp,
    _off,
    _unit,
)


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
        :math:`\epsilon \ge 0`, added to the root. ``0`` is allowed, as PyTorch allows it:
        a coordinate whose gradients have all been exactly 0 is then divided 0/0 and becomes
        NaN, exactly as in PyTorch.

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

    def _effective_lr(self, state, lr, like):
        clr = lr / (1 + (state["step"] - 1) * _along(self.lr_decay, like))
        return clr / (np.sqrt(state["sum"]) + _along(self.eps, like))

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
        :math:`\epsilon \ge 0`, added to the root. ``0`` is allowed, as PyTorch allows it:
        a coordinate whose gradients have all been exactly 0 is then divided 0/0 and becomes
        NaN, exactly as in PyTorch.
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

    def _effective_lr(self, state, lr, like):
        v = state["square_avg"]
        if self.centered and "grad_avg" in state:
            v = v - state["grad_avg"] ** 2
        return lr / (np.sqrt(v) + _along(self.eps, like))

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
        :math:`\epsilon \ge 0`. ``0`` is allowed, as PyTorch allows it: a coordinate
        whose gradients have all been exactly 0 is then divided 0/0 and becomes NaN, exactly
        as in PyTorch.
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

    def _effective_lr(self, state, lr, like):
        v = state["max_exp_avg_sq"] if "max_exp_avg_sq" in state else state["exp_avg_sq"]
        bias_correction2_sqrt = (1 - _along(self.betas[1], like) ** float(state["step"])) ** 0.5
        return lr / (np.sqrt(v) / bias_correction2_sqrt + _along(self.eps, like))

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
        :math:`\epsilon \ge 0`. ``0`` is allowed, as PyTorch allows it: a coordinate
        whose gradients have all been exactly 0 is then divided 0/0 and becomes NaN, exactly
        as in PyTorch.
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
