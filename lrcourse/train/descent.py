"""Loops on toy problems: `minimize` on a surface, `noisy_quadratic_sgd` on the noisy quadratic."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import _checks
from ..optimizers import SGD, Optimizer
from ..schedules import Schedule
from ..surfaces import Surface
from ..theory import NQM_EIGENVALUES
from ._shared import _check_lr_for_runs, _check_optimizer
from .history import History


def minimize(problem: Surface, optimizer: Optimizer, x0: np.ndarray, steps: int, *,
             divergence_threshold: float = 1e6, noise: float = 0.0,
             seed: int = 0) -> History:
    r"""Run an optimizer on a toy objective from ``x0`` for ``steps`` updates.

    Update :math:`t = 0, \dots, T-1` computes :math:`g_t = \nabla f(x_t)` and lets the optimizer
    move :math:`x_t \to x_{t+1}` (plain gradient descent: :math:`x_{t+1} = x_t - \eta_t g_t`).
    With ``noise`` :math:`\sigma > 0` the gradient is perturbed as a minibatch gradient is,
    :math:`g_t = \nabla f(x_t) + \sigma \xi_t` with :math:`\xi_t \sim N(0, I)` drawn from
    ``np.random.default_rng(seed)`` (independent for every run of a batch).

    A run **diverges** at the first point :math:`x_t` (:math:`t \ge 1`) where a coordinate or
    :math:`f(x_t)` is not finite, or :math:`|f(x_t) - f(x_0)| > \mathrm{divergence\_threshold}`.
    A single run then stops: the history ends with that point and ``diverged`` is True. In a
    batched run (``x0`` of shape ``(K, dim)``) that run is frozen (its point no longer moves),
    its entries after that point are NaN, and ``diverged[k]`` is True.

    PyTorch: ``x = torch.tensor(x0, requires_grad=True)``, then ``steps`` times
    ``opt.zero_grad(); f(x).backward(); opt.step()``.

    Parameters
    ----------
    problem : Surface
        An objective of `lrcourse.surfaces` (anything with ``dim``, ``value(x)`` and
        ``grad(x)`` vectorized over leading axes).
    optimizer : optimizer of `lrcourse.optimizers`
        Its ``lr`` is a float, a Schedule, or (batched runs) a ``(K,)`` array: K rates at once.
        The optimizer is used as is (its state and step count continue).
    x0 : array_like, shape (dim,) or (K, dim)
        Starting point, or one starting point per run. With a ``(K,)`` array of rates and
        one starting point, the K runs all start there.
    steps : int
        Number of updates, >= 1.
    divergence_threshold : float
        How far (> 0) the objective may move away from :math:`f(x_0)`.
    noise : float
        Standard deviation :math:`\sigma \ge 0` of the Gaussian noise added to every
        gradient coordinate (0: exact gradients, and ``seed`` is unused).
    seed : int
        Seed of the noise.

    Returns
    -------
    History
        ``path`` ``(T+1, [K,] dim)``, ``loss`` (the objective at every point) ``(T+1, [K])``,
        ``lr`` and ``grad_norm`` per update ``(T, [K])``, ``diverged``.
    """
    owner = "minimize"
    for attr in ("dim", "value", "grad"):
        if not hasattr(problem, attr):
            _checks._fail(owner, "problem", "a surface with dim, value(x) and grad(x)",
                          type(problem).__name__, TypeError)
    _check_optimizer(owner, optimizer)
    x = _checks.finite_array(owner, "x0", x0).copy()
    dim = problem.dim
    if x.ndim not in (1, 2) or x.shape[-1] != dim:
        _checks._fail(owner, "x0", f"of shape ({dim},) or (K, {dim})",
                      f"an array of shape {x.shape}")
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    threshold = _checks.positive(owner, "divergence_threshold", divergence_threshold)
    sigma = _checks.noise(owner, "noise", noise)
    rng = np.random.default_rng(_checks.integer(owner, "seed", seed, minimum=0))
    if x.ndim == 1 and isinstance(optimizer.lr, np.ndarray) and optimizer.lr.ndim == 1:
        x = np.tile(x, (len(optimizer.lr), 1))  # K rates from one start
    batched = x.ndim == 2
    n_runs = x.shape[0] if batched else None
    _check_lr_for_runs(owner, optimizer.lr, n_runs)
    lead = (n_runs,) if batched else ()

    path = np.full((steps + 1, *x.shape), np.nan)
    loss = np.full((steps + 1, *lead), np.nan)
    lrs = np.full((steps, *lead), np.nan)
    grad_norm = np.full((steps, *lead), np.nan)
    frozen = np.zeros(lead, dtype=bool)
    end = steps
    with np.errstate(all="ignore"):
        path[0] = x
        loss[0] = f0 = problem.value(x)
        for t in range(steps):
            g = problem.grad(x)
            if sigma > 0:
                g = g + sigma * rng.standard_normal(x.shape)
            if batched:
                g[frozen] = 0.0
                anchor = x[frozen]
            grad_norm[t] = np.sqrt(np.sum(g * g, axis=-1))
            optimizer.step(x, g)
            lrs[t] = optimizer.last_lr
            value = problem.value(x)
            # NaN compares False, so a non-finite value is caught by the first test too
            bad = np.logical_not(np.abs(value - f0) <= threshold) \
                | np.logical_not(np.all(np.isfinite(x), axis=-1))
            if batched:
                x[frozen] = anchor
                new = bad & ~frozen
                path[t + 1, ~frozen] = x[~frozen]
                loss[t + 1, ~frozen] = value[~frozen]
                grad_norm[t, frozen] = lrs[t, frozen] = np.nan
                x[new] = path[t, new]  # freeze the run at its last point before divergence
            else:
                path[t + 1] = x
                loss[t + 1] = value
            frozen |= bad
            if frozen.all():  # a single run that diverged, or every run of a batch
                end = t + 1
                break
    return History(loss=loss[:end + 1], lr=lrs[:end], grad_norm=grad_norm[:end],
                   path=path[:end + 1], diverged=frozen.copy() if batched else bool(frozen))


def noisy_quadratic_sgd(lr: float | Schedule, steps: int, noise: float = 0.5,
                        seed: int | Sequence[int] = 0) -> np.ndarray:
    r"""SGD on the noisy quadratic: a cheap stand-in for training with minibatch noise.

    The loss is :math:`\mathcal{L}(\theta) = \tfrac12 \sum_i \lambda_i \theta_i^2` with the 20
    curvatures :math:`\lambda_i` of `lrcourse.theory.NQM_EIGENVALUES` (log-spaced from 0.01 to
    :math:`L = 1`), started at :math:`\theta_0 = \mathbf 1`. Each update uses a noisy gradient
    :math:`g_k = \lambda \odot \theta_k + \sigma \sqrt{\lambda} \odot \xi_k`,
    :math:`\xi_k \sim N(0, I)` drawn from ``np.random.default_rng(seed)`` (noise proportional
    to the curvature, as for a minibatch gradient; Zhang et al. 2019, "Which algorithmic
    choices matter at which batch sizes?"), and :math:`\theta_{k+1} = \theta_k - \eta_k g_k`
    (`SGD`). With a constant rate the loss stalls at a noise floor of about
    :math:`\eta \sigma^2 \sum_i \lambda_i / 4` (`lrcourse.theory.noisy_quadratic_floor`): a
    large rate is fast but imprecise, a small one precise but slow; decaying the rate gets both.

    Parameters
    ----------
    lr : float or Schedule
    steps : int
    noise : float
        :math:`\sigma \ge 0`.
    seed : int or sequence of int
        Seed of the noise; ``R`` seeds run ``R`` independent replicates side by side.

    Returns
    -------
    ndarray, shape (steps + 1,) or (steps + 1, R)
        :math:`\mathcal{L}(\theta_k)` for :math:`k = 0, \dots,` ``steps`` (inf after a divergence),
        one column per seed (each equal, to rounding, to the run with that seed alone).
    """
    owner = "noisy_quadratic_sgd"
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    sigma = _checks.noise(owner, "noise", noise)
    h = NQM_EIGENVALUES
    if isinstance(seed, Sequence | np.ndarray) and not isinstance(seed, str | bytes):
        if len(seed) == 0:
            _checks._fail(owner, "seed", "an integer >= 0 or a non-empty sequence of them", seed)
        seeds = [_checks.integer(owner, "seed", s, minimum=0) for s in seed]
        xi = np.stack([np.random.default_rng(s).standard_normal((steps, h.size))
                       for s in seeds], axis=1) * (sigma * np.sqrt(h))  # (steps, R, d)
        theta = np.ones((len(seeds), h.size))
        loss = np.empty((steps + 1, len(seeds)))
        loss[0] = theta**2 @ h / 2
        opt = SGD(lr)
        with np.errstate(all="ignore"):
            for k in range(steps):
                opt.step(theta, h * theta + xi[k])
                loss[k + 1] = theta**2 @ h / 2
        blown = ~(loss <= 1e6 * loss[0])  # NaN and inf included
        loss[np.cumsum(blown, axis=0) > 0] = np.inf  # from the first blow-up on
        return loss
    seed = _checks.integer(owner, "seed", seed, minimum=0)
    xi = np.random.default_rng(seed).standard_normal((steps, h.size)) * (sigma * np.sqrt(h))
    theta = np.ones(h.size)
    loss = np.full(steps + 1, np.inf)
    loss[0] = 0.5 * h @ theta**2
    opt = SGD(lr)
    with np.errstate(all="ignore"):
        for k in range(steps):
            opt.step(theta, h * theta + xi[k])
            loss[k + 1] = 0.5 * h @ theta**2
            if not np.isfinite(loss[k + 1]) or loss[k + 1] > 1e6 * loss[0]:
                loss[k + 1] = np.inf
                break
    return loss


def escape_step(path: np.ndarray, direction: np.ndarray, radius: float,
                center: np.ndarray | None = None) -> float | np.ndarray:
    r"""The first step :math:`k` at which a run has left a saddle along ``direction``.

    With :math:`c` the saddle (``center``, the origin by default) and :math:`v` the unit vector
    along ``direction`` (say the eigenvector of the negative curvature), the first :math:`k`
    with :math:`|\langle \theta_k - c, v\rangle| \ge r`, or ``inf`` if the run never gets
    there (a diverged run's NaN entries never count).

    Parameters
    ----------
    path : array (T+1, dim) or (T+1, K, dim)
        Iterates, as `minimize` returns them in ``History.path``.
    direction : array (dim,)
        A nonzero vector (normalized here).
    radius : float
        :math:`r > 0`.
    center : array (dim,), optional

    Returns
    -------
    float or ndarray (K,)
    """
    owner = "escape_step"
    arr = _checks.real_array(owner, "path", path)
    if arr.ndim not in (2, 3) or arr.shape[0] == 0:
        _checks._fail(owner, "path", "an array of shape (T+1, dim) or (T+1, K, dim)",
                      f"an array of shape {arr.shape}")
    dim = arr.shape[-1]
    v = _checks.finite_array(owner, "direction", direction, ndim=1)
    if v.size != dim or not np.any(v):
        _checks._fail(owner, "direction", f"a nonzero vector of length {dim}", direction)
    r = _checks.positive(owner, "radius", radius)
    c = np.zeros(dim) if center is None else _checks.finite_array(owner, "center", center,
                                                                    ndim=1)
    if c.size != dim:
        _checks._fail(owner, "center", f"a point of length {dim}", center)
    with np.errstate(invalid="ignore"):
        out = np.abs((arr - c) @ (v / np.linalg.norm(v))) >= r
    steps = np.where(out.any(axis=0), out.argmax(axis=0), np.inf).astype(np.float64)
    return float(steps) if arr.ndim == 2 else steps
