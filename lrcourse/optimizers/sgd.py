"""Stochastic gradient descent, with heavy-ball or Nesterov momentum."""

from __future__ import annotations

import numpy as np

from .. import _checks
from ..schedules import Schedule
from .base import Hyper, Optimizer, _along, _decayed, _flag, _Hyper, _off, _unit


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional (Nesterov) momentum and L2 weight decay.

    With :math:`g_k = \nabla \mathcal{L}(\theta_k) + \lambda_{\mathrm{wd}}\,\theta_k`
    (``weight_decay`` :math:`\lambda_{\mathrm{wd}}`), momentum :math:`\beta` and
    ``dampening``:

    .. math::

        z_0 = g_0, \qquad z_k = \beta\, z_{k-1} + (1 - \mathrm{dampening})\, g_k \quad (k \ge 1),

        \theta_{k+1} = \theta_k - \eta_k\, d_k, \qquad
        d_k = \begin{cases} g_k & \beta = 0 \\ z_k & \text{heavy ball} \\
        g_k + \beta\, z_k & \text{Nesterov} \end{cases}

    The first step copies the gradient into the buffer, without dampening, as PyTorch does.

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray
        Learning rate :math:`\eta` (> 0), a schedule, or ``K`` per-run rates.
    momentum : float or numpy.ndarray, default 0.0
        :math:`\beta \ge 0` (PyTorch's range; values of 1 or more diverge), or ``K`` per-run values.
    dampening : float or numpy.ndarray, default 0.0
        In :math:`[0, 1]`; must be 0 for Nesterov momentum, and for any run whose momentum
        is 0 (so that such a run is plain SGD, as in PyTorch).
    nesterov : bool
        Nesterov's look-ahead form; needs momentum > 0 (for every run) and no dampening.
    weight_decay : float or numpy.ndarray, default 0.0
        L2 coefficient :math:`\lambda_{\mathrm{wd}} \ge 0`, added to the gradient.

    Notes
    -----
    PyTorch: ``torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)``.
    Keras' ``SGD(momentum=m)`` keeps a velocity scaled by the rate instead (`SutskeverSGD`); with
    a constant rate the trajectories agree.
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


class SutskeverSGD(Optimizer):
    r"""Momentum in Sutskever's form: the rate enters the velocity, not the step.

    .. math::

        \tilde z_0 = \eta_0 g_0, \qquad \tilde z_k = \beta\, \tilde z_{k-1} + \eta_k g_k, \qquad
        \theta_{k+1} = \begin{cases} \theta_k - \tilde z_k & \text{heavy ball} \\
        \theta_k - (\beta\, \tilde z_k + \eta_k g_k) & \text{Nesterov} \end{cases}

    (Sutskever et al. 2013, eq. 1-4, with :math:`\tilde z` the negative of their velocity).
    PyTorch's `SGD` keeps :math:`z_k = \beta z_{k-1} + g_k` and steps :math:`\eta_k z_k` instead.
    For a constant rate :math:`\tilde z_k = \eta z_k` and the two are the same method; once the
    rate changes, :math:`\tilde z_k` still carries the old rate's velocity while PyTorch's step
    rescales the whole buffer at once.

    Parameters
    ----------
    lr : float, Schedule or numpy.ndarray
        :math:`\eta > 0`, a schedule, or ``K`` per-run rates.
    momentum : float or numpy.ndarray, default 0.0
        :math:`\beta \ge 0`, or ``K`` per-run values.
    nesterov : bool
        Nesterov's look-ahead form; needs momentum > 0.

    Notes
    -----
    Keras: ``keras.optimizers.SGD(learning_rate, momentum, nesterov)`` keeps
    :math:`m = -\tilde z` (``m = momentum * m - lr * g``, ``w = w + m``, or
    ``w + momentum * m - lr * g`` with Nesterov). PyTorch has no such option;
    ``torch.optim.SGD`` is `SGD`.
    State per parameter: ``velocity`` (once momentum is used).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([1.0])
    >>> opt = SutskeverSGD(0.1, momentum=0.5)
    >>> opt.step(p, np.array([2.0]))  # velocity 0.1 * 2 = 0.2
    >>> opt.lr = 0.01
    >>> opt.step(p, np.array([2.0]))  # velocity 0.5 * 0.2 + 0.01 * 2 = 0.12
    >>> p
    array([0.68])
    """

    _hyper_names = ("lr", "momentum", "nesterov")

    momentum = _Hyper(_checks.nonnegative)
    nesterov = _Hyper(_flag, per_run=False)

    def __init__(self, lr: float | Schedule | np.ndarray, momentum: Hyper = 0.0,
                 nesterov: bool = False) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.nesterov = nesterov
        self._check_nesterov("SutskeverSGD")

    def _check_hypers(self, owner: str, lr: Hyper, params: list[np.ndarray]) -> None:
        self._check_nesterov(owner)
        super()._check_hypers(owner, lr, params)

    def _check_nesterov(self, owner: str) -> None:
        if self.nesterov and np.any(np.asarray(self.momentum) <= 0):
            raise ValueError(f"{owner}: nesterov must be False unless momentum > 0, "
                             f"got momentum={self.momentum!r}")

    def _init_state(self, p: np.ndarray) -> dict:
        return {}

    def _update(self, p, g, state, lr, work):
        step, tmp = work
        mom = _along(self.momentum, p)
        np.multiply(g, lr, out=step)  # eta_k g_k
        if not _off(mom):
            vel = state.get("velocity")
            if vel is None:
                vel = state["velocity"] = step.copy()
            else:
                vel *= mom
                vel += step
            if self.nesterov:
                np.multiply(vel, mom, out=tmp)
                step += tmp
            else:
                step[...] = vel
        p -= step
