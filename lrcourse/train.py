r"""Training loops: `minimize` on a toy surface, `fit` of an `MLP`, and `sweep` over learning rates.

`noisy_quadratic_sgd` runs SGD on the noisy quadratic, the course's model of minibatch noise.

Every loop returns a `History`: numpy arrays whose first axis is time (update, point or epoch)
and whose second axis, for a batched run of ``K`` learning rates, is the run. A run that diverges
(a non-finite value or an exploding loss, defined precisely in each function) stops cleanly: no
exception, no numpy warning, ``diverged`` set and the history up to that moment kept. In a batched
run only the diverged members stop (they are frozen and their later entries are NaN) while the
others go on.

PyTorch equivalent: the usual hand-written loop ::

    for epoch in range(epochs):
        for X, y in loader:          # DataLoader(shuffle=True)
            loss = loss_fn(net(X), y)
            optimizer.zero_grad(); loss.backward(); optimizer.step()
            scheduler.step()         # per update (or per epoch)
        plateau.step(val_loss)       # ReduceLROnPlateau, per epoch
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .data import Dataset
from .nn import MLP
from .optimizers import SGD, AdaGrad, Adam, AdamW, Optimizer, RMSProp
from .schedules import BoldDriver, ReduceOnPlateau, Schedule
from .surfaces import Surface
from .theory import NQM_EIGENVALUES

__all__ = ["OPTIMIZERS", "History", "fit", "minimize", "noisy_quadratic_sgd", "sweep"]

OPTIMIZERS: tuple[str, ...] = ("sgd", "adagrad", "rmsprop", "adam", "adamw")
"""Optimizer names accepted by `sweep` (and `lrcourse.finder`): the classes of
`lrcourse.optimizers` ``SGD``, ``AdaGrad``, ``RMSProp``, ``Adam``, ``AdamW``."""


@dataclass
class History:
    r"""What a training loop recorded, time along the first axis.

    ``T`` is the number of updates (`fit`, `sweep`) or of steps (`minimize`), ``E`` the number
    of epochs completed, ``K`` the number of runs of a batched run (the axis is absent for a
    single run).

    Attributes
    ----------
    loss : ndarray, shape (T,) or (T, K)
        `fit`: the minibatch loss of each update, computed before the update. `minimize`: the
        objective at every point of the path, shape ``(T + 1,)`` or ``(T + 1, K)``.
    lr : ndarray, shape (T,) or (T, K)
        The learning rate of each update.
    grad_norm : ndarray, shape (T,) or (T, K)
        :math:`\lVert g \rVert_2` of each update's gradient (all parameters together).
    path : ndarray or None
        `minimize` only: every point, shape ``(T + 1, dim)`` or ``(T + 1, K, dim)``.
    val_loss, val_acc : ndarray or None
        `fit` only: validation loss and accuracy after each epoch, epoch 0 being the untrained
        model: shape ``(E + 1,)`` or ``(E + 1, K)``. ``val_acc`` is None for regression.
    dead_fraction : ndarray or None
        `fit` with ``track_dead``: per epoch (epoch 0 included) and hidden layer, the fraction
        of units that output 0 on every training input, shape ``(E + 1, n_hidden)`` or
        ``(E + 1, K, n_hidden)``.
    update_ratio : ndarray or None
        `fit` only: per update and weight matrix, :math:`\lVert \Delta W \rVert_F /
        \lVert W \rVert_F` (the weights before the update), shape ``(T, n_layers)`` or
        ``(T, K, n_layers)``. About :math:`10^{-3}` is the classic healthy order of magnitude.
    momentum : ndarray or None
        `fit` with ``cycle_momentum``: the momentum (or :math:`\beta_1`) of each update.
    steps_per_epoch : int or None
        Updates per epoch (`fit`): :math:`\lceil n_{\mathrm{train}} / \mathrm{batch\_size}
        \rceil`.
    diverged : bool or ndarray
        Whether the run diverged; a ``(K,)`` bool array for a batched run.
    plateau_reductions : list of int
        Epochs (1-based: after epoch ``e``) at which a ``ReduceOnPlateau`` (or ``BoldDriver``)
        lowered the rate.
    lrs : ndarray or None
        `sweep` only: the ``(K,)`` base learning rates, one per run.
    """

    loss: np.ndarray
    lr: np.ndarray
    grad_norm: np.ndarray
    path: np.ndarray | None = None
    val_loss: np.ndarray | None = None
    val_acc: np.ndarray | None = None
    dead_fraction: np.ndarray | None = None
    update_ratio: np.ndarray | None = None
    momentum: np.ndarray | None = None
    steps_per_epoch: int | None = None
    diverged: bool | np.ndarray = False
    plateau_reductions: list[int] = field(default_factory=list)
    lrs: np.ndarray | None = None

    @property
    def n_steps(self) -> int:
        """Number of updates (or steps of `minimize`) recorded."""
        return len(self.lr)

    @property
    def n_epochs(self) -> int:
        """Number of epochs completed (0 for `minimize`)."""
        return 0 if self.val_loss is None else len(self.val_loss) - 1

    @property
    def final_loss(self) -> float | np.ndarray:
        """The last recorded loss: a float, or ``(K,)`` (NaN for runs that diverged)."""
        last = self.loss[-1]
        return float(last) if np.ndim(last) == 0 else last.copy()

    @property
    def best_val_acc(self) -> float | np.ndarray:
        """The best validation accuracy over the epochs (float, or ``(K,)``)."""
        if self.val_acc is None:
            _checks._fail("History.best_val_acc", "val_acc", "recorded (a classification fit)",
                          None)
        with np.errstate(all="ignore"):
            best = np.max(np.where(np.isnan(self.val_acc), -np.inf, self.val_acc), axis=0)
        return float(best) if np.ndim(best) == 0 else best


# ------------------------------------------------------------------------------------------------
# Shared helpers
# ------------------------------------------------------------------------------------------------


def _check_optimizer(owner: str, optimizer: object) -> None:
    if not isinstance(optimizer, Optimizer):
        _checks._fail(owner, "optimizer", "an optimizer of lrcourse.optimizers",
                      type(optimizer).__name__, TypeError)


def _check_lr_for_runs(owner: str, lr: object, n_runs: int | None) -> None:
    """An array rate must be 1-D with one entry per run, and only for a batched run."""
    if not isinstance(lr, np.ndarray):
        return
    if n_runs is None:
        _checks._fail(owner, "optimizer.lr", "a float or a Schedule for a single run",
                      f"an array of shape {lr.shape}")
    if lr.shape != (n_runs,):
        _checks._fail(owner, "optimizer.lr", f"a float or an array of shape ({n_runs},) "
                      f"(one rate per run)", f"an array of shape {lr.shape}")


def _rows_sq_norm(a: np.ndarray, batched: bool) -> np.ndarray | float:
    """Sum of squares of ``a``, per leading slice when batched."""
    if batched:
        r = a.reshape(a.shape[0], 1, -1)
        return (r @ np.swapaxes(r, 1, 2)).reshape(-1)  # one batched dot: faster than einsum
    r = a.reshape(-1)
    return float(r @ r)


def _current_rate(optimizer) -> float | np.ndarray:
    """The rate the optimizer's next update will use (its Schedule evaluated if it has one)."""
    lr = optimizer.lr
    return lr(int(optimizer.step_count)) if isinstance(lr, Schedule) else lr


# ------------------------------------------------------------------------------------------------
# minimize
# ------------------------------------------------------------------------------------------------


def minimize(problem: Surface, optimizer: Optimizer, x0: np.ndarray, steps: int, *,
             divergence_threshold: float = 1e6) -> History:
    r"""Run an optimizer on a toy objective from ``x0`` for ``steps`` updates.

    Update :math:`t = 0, \dots, T-1` computes :math:`g_t = \nabla f(x_t)` and lets the optimizer
    move :math:`x_t \to x_{t+1}` (plain gradient descent: :math:`x_{t+1} = x_t - \eta_t g_t`).

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
                        seed: int = 0) -> np.ndarray:
    r"""SGD on the noisy quadratic: a cheap stand-in for training with minibatch noise.

    The loss is :math:`f(\theta) = \tfrac12 \sum_i h_i \theta_i^2` with the 20 curvatures
    :math:`h_i` of `lrcourse.theory.NQM_EIGENVALUES` (log-spaced from 0.01 to :math:`L = 1`),
    started at
    :math:`\theta_0 = \mathbf 1`. Each update uses a noisy gradient
    :math:`g_k = h \odot \theta_k + \sigma \sqrt{h} \odot \xi_k`, :math:`\xi_k \sim N(0, I)`
    drawn from ``np.random.default_rng(seed)`` (noise proportional to the curvature, as for a
    minibatch gradient; Zhang et al. 2019, "Which algorithmic choices matter at which batch
    sizes?"), and :math:`\theta_{k+1} = \theta_k - \eta_k g_k` (`SGD`). With a constant rate the
    loss stalls at a noise floor of about :math:`\eta \sigma^2 \sum_i h_i / 4`
    (`lrcourse.theory.noisy_quadratic_floor`): a large rate is fast but imprecise, a small one
    precise but slow; decaying the rate gets both.

    Parameters
    ----------
    lr : float or Schedule
    steps : int
    noise : float
        :math:`\sigma \ge 0`.
    seed : int

    Returns
    -------
    ndarray, shape (steps + 1,)
        :math:`f(\theta_k)` for :math:`k = 0, \dots,` ``steps`` (inf after a divergence).
    """
    owner = "noisy_quadratic_sgd"
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    sigma = _checks.nonnegative(owner, "noise", noise)
    seed = _checks.integer(owner, "seed", seed)
    h = NQM_EIGENVALUES
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


# ------------------------------------------------------------------------------------------------
# fit
# ------------------------------------------------------------------------------------------------


def _check_data(owner: str, data: Dataset, model: MLP) -> tuple[np.ndarray, ...]:
    """``(X_train, y_train, X_val, y_val)`` of ``data``, checked against ``model``."""
    for attr in ("X_train", "y_train", "X_val", "y_val"):
        if not hasattr(data, attr):
            _checks._fail(owner, "data", "a Dataset (X_train, y_train, X_val, y_val)",
                          type(data).__name__, TypeError)
    arrays = []
    for part in ("train", "val"):
        X = _checks.finite_array(owner, f"data.X_{part}", getattr(data, f"X_{part}"))
        if X.ndim != 2 or X.shape[1] != model.sizes[0]:
            _checks._fail(owner, f"data.X_{part}", f"of shape (n, {model.sizes[0]}) (the "
                          "model's input size)", f"an array of shape {X.shape}")
        y = model._check_y(f"{owner} (data.y_{part})", getattr(data, f"y_{part}"), len(X))
        arrays += [X, y]
    return tuple(arrays)


def _check_batch_size(owner: str, batch_size: object, n_train: int) -> int:
    """``batch_size``: an integer from 1 to the number of training rows."""
    batch_size = _checks.integer(owner, "batch_size", batch_size, minimum=1)
    if batch_size > n_train:
        _checks._fail(owner, "batch_size", f"at most the training-set size {n_train}",
                      batch_size)
    return batch_size


def _dead_fraction(model: MLP, X: np.ndarray, rows: int = 256) -> np.ndarray:
    """`MLP.dead_fraction` on ``X``; for a batched model computed ``rows`` rows at a time.

    A unit is dead when it outputs 0 on every row, so it is alive if it is active in any
    chunk. Chunks keep the ``(K, rows, width)`` intermediates of a batched model in cache:
    about twice as fast as one pass over the whole training set (for a single network one
    pass is faster).
    """
    if model.n_models is None or model.n_hidden == 0:
        return model.dead_fraction(X)
    alive = None
    for start in range(0, len(X), rows):
        layers = model.hidden_activations(X[start:start + rows])
        now = [np.any(a != 0.0, axis=-2) for _, a in layers]
        alive = now if alive is None else [a | b for a, b in zip(alive, now, strict=True)]
    return 1.0 - np.stack([a.mean(axis=-1) for a in alive], axis=-1)


def _schedule_table(owner: str, schedule: Schedule, n: int) -> np.ndarray:
    """``schedule(k)`` for ``k = 0, ..., n-1`` in one vectorized call."""
    if not isinstance(schedule, Schedule):
        _checks._fail(owner, "schedule", "a Schedule of lrcourse.schedules or None",
                      type(schedule).__name__, TypeError)
    return schedule(np.arange(n))


def _check_rate_control(owner: str, model: MLP, optimizer: Optimizer, schedule: object,
                        cycle_momentum: bool, plateau: object) -> None:
    """Refuse a schedule, cycled momentum or plateau rule that `fit` cannot apply."""
    if schedule is not None and plateau is not None:
        _checks._fail(owner, "schedule", "None when a plateau drives the rate", schedule)
    if (schedule is not None or plateau is not None) and isinstance(optimizer.lr, Schedule):
        _checks._fail(owner, "optimizer.lr", "a number or an array when a schedule or plateau "
                      "drives the rate", optimizer.lr)
    if cycle_momentum:
        if schedule is None or not callable(getattr(schedule, "momentum", None)):
            _checks._fail(owner, "schedule", "a schedule with .momentum(k) (CyclicLR, OneCycle)"
                          " when cycle_momentum=True", schedule)
        if not hasattr(optimizer, "betas") and not hasattr(optimizer, "momentum"):
            _checks._fail(owner, "optimizer", "an optimizer with momentum or betas (SGD, "
                          "RMSProp, Adam, AdamW) when cycle_momentum=True",
                          type(optimizer).__name__, TypeError)
    if plateau is not None:
        if not isinstance(plateau, ReduceOnPlateau | BoldDriver):
            _checks._fail(owner, "plateau", "a ReduceOnPlateau, a BoldDriver or None",
                          type(plateau).__name__, TypeError)
        if model.n_models is not None:
            _checks._fail(owner, "plateau", "None for a batched model (one metric per run)",
                          plateau)
        if plateau.mode == "max" and model.loss != "cross_entropy":
            _checks._fail(owner, "plateau", "in mode 'min' (on the validation loss) for a "
                          "regression model", plateau)


class _RateControl:
    r"""What sets `fit`'s learning rate: the optimizer's own ``lr``, a schedule (with cycled
    momentum), or a plateau rule.

    ``schedule(j)`` and ``schedule.momentum(j)`` are tabulated once for the ``n`` values of
    ``j`` (updates or epochs); a ``(K,)`` array of base rates scales the table,
    :math:`\eta_j = \eta\, s(j) / s(0)`. A plateau rule sets the optimizer's rate to its own
    at once and after every epoch.
    """

    def __init__(self, owner: str, optimizer: Optimizer, schedule: Schedule | None, unit: str,
                 cycle_momentum: bool, plateau: ReduceOnPlateau | BoldDriver | None,
                 n: int) -> None:
        self.optimizer, self.unit, self.plateau = optimizer, unit, plateau
        self.batched = isinstance(optimizer.lr, np.ndarray)
        self.rates = self.momenta = None
        if schedule is not None:
            self.rates = _schedule_table(owner, schedule, n)
            if self.batched:
                if self.rates[0] <= 0:
                    _checks._fail(owner, "schedule", "positive at k=0 to scale an array of rates",
                                  schedule)
                self.rates = self.rates[:, None] * (optimizer.lr / self.rates[0])
            if cycle_momentum:
                self.momenta = np.asarray(schedule.momentum(np.arange(n)), dtype=np.float64)
        if plateau is not None:
            optimizer.lr = float(plateau.lr)

    def before_update(self, k: int, e: int) -> float:
        """Set the rate (and momentum) of update ``k`` in epoch ``e``; return the momentum set
        (NaN when it is not cycled)."""
        j = k if self.unit == "step" else e
        if self.rates is not None:
            self.optimizer.lr = self.rates[j] if self.batched else float(self.rates[j])
        if self.momenta is None:
            return np.nan
        m = float(self.momenta[j])
        if hasattr(self.optimizer, "betas"):
            self.optimizer.betas = (m, self.optimizer.betas[1])
        else:
            self.optimizer.momentum = m
        return m

    def after_epoch(self, val_loss: float, val_acc: float | None) -> bool:
        """Step the plateau rule on the epoch's validation metric; True if it lowered the rate."""
        if self.plateau is None:
            return False
        old = self.optimizer.lr
        metric = val_loss if self.plateau.mode == "min" else val_acc
        self.optimizer.lr = float(self.plateau.step(float(metric)))
        return self.optimizer.lr < old


def _exceeds(value: float | np.ndarray, factor: float, reference: float | np.ndarray):
    """Divergence: ``value`` is not finite or above ``factor`` times its ``reference``."""
    return np.logical_not(value <= factor * reference)  # NaN is caught too


def _update(model: MLP, optimizer: Optimizer, grads: list[np.ndarray], ratio: np.ndarray,
            frozen: np.ndarray | None, before: list[np.ndarray]) -> None:
    r"""One optimizer step; ``ratio[..., i]`` gets :math:`\lVert \Delta W \rVert_F /
    \lVert W \rVert_F` of weight matrix ``i`` (``before``: scratch arrays shaped like the weight
    matrices). For a batched model, the runs marked in ``frozen`` (diverged) keep their
    parameters and get NaN ratios."""
    batched = frozen is not None
    any_frozen = batched and bool(frozen.any())
    if any_frozen:
        for g in grads:
            g[frozen] = 0.0
        anchors = [p[frozen] for p in model.params]
    weights = model.params[0:2 * model.n_layers:2]
    w_sq = [_rows_sq_norm(w, batched) for w in weights]
    for w, b in zip(weights, before, strict=True):
        np.copyto(b, w)
    optimizer.step(model.params, grads)
    for i, (w, b) in enumerate(zip(weights, before, strict=True)):
        ratio[..., i] = np.sqrt(_rows_sq_norm(np.subtract(w, b, out=b), batched) / w_sq[i])
    if any_frozen:
        for p, a in zip(model.params, anchors, strict=True):
            p[frozen] = a
        ratio[frozen] = np.nan


def fit(
    model: MLP,
    data: Dataset,
    optimizer: Optimizer,
    epochs: int,
    batch_size: int,
    *,
    schedule: Schedule | None = None,
    schedule_unit: str = "step",
    cycle_momentum: bool = False,
    plateau: ReduceOnPlateau | BoldDriver | None = None,
    seed: int = 0,
    track_dead: bool = True,
    divergence_factor: float = 100.0,
) -> History:
    r"""Train ``model`` on ``data`` with minibatches, in place; record a `History`.

    Every epoch shuffles the training set (one ``np.random.default_rng(seed)`` for the whole
    run, so the same seed gives the same batches) and cuts it into
    :math:`\lceil n / \mathrm{batch\_size} \rceil` minibatches, the last one possibly smaller
    (PyTorch ``DataLoader(shuffle=True, drop_last=False)``). Each update computes the minibatch
    loss and gradients and calls ``optimizer.step``. After each epoch the model is evaluated
    on the validation set.

    **Learning rate.** Without ``schedule`` and ``plateau`` the optimizer's own ``lr`` is used.
    With a ``schedule``, update :math:`k` (counted from 0 over the whole run) sets
    ``optimizer.lr = schedule(k)`` (``schedule_unit="step"``, PyTorch: ``scheduler.step()``
    after every update), or ``schedule(e)`` during epoch :math:`e` (``"epoch"``:
    ``scheduler.step()`` once per epoch). For a batched model whose ``optimizer.lr`` is a
    ``(K,)`` array :math:`\eta`, the schedule scales it:
    :math:`\eta_k = \eta\, s(k) / s(0)`. With ``cycle_momentum`` (a ``CyclicLR`` or
    ``OneCycle`` schedule) the momentum follows ``schedule.momentum(k)`` as in PyTorch:
    ``optimizer.momentum`` for SGD/RMSProp, :math:`\beta_1` of ``optimizer.betas`` for
    Adam/AdamW. A ``plateau`` (``ReduceOnPlateau`` or ``BoldDriver``) owns the rate instead:
    the optimizer starts at ``plateau.lr``, and after each epoch ``plateau.step(val_loss)``
    (``val_acc`` when the plateau's ``mode`` is ``"max"``) gives the next rate
    (PyTorch ``ReduceLROnPlateau.step(val_loss)``); the epochs where it lowered the rate are
    recorded in ``plateau_reductions``. The ``plateau`` object is stepped (its state changes).

    **Divergence.** With :math:`\ell_0` the loss of the first minibatch (before any update)
    and :math:`v_0` the validation loss of the untrained model, a run diverges at the first
    minibatch loss that is not finite or exceeds :math:`\mathrm{divergence\_factor} \cdot
    \ell_0` (that update is not applied; its loss is the last entry of ``loss``), or at the
    first epoch whose validation loss is not finite or exceeds
    :math:`\mathrm{divergence\_factor} \cdot v_0`. A single model then stops with
    ``diverged=True``; in a batched model the diverged networks are frozen (their parameters
    no longer change) and their later entries are NaN.

    Parameters
    ----------
    model : MLP
        Trained in place; a single network or a batch of ``K`` (``n_models=K``).
    data : Dataset
        ``X_train`` ``(n, d)`` with ``d = model.sizes[0]``, ``y_train``, ``X_val``, ``y_val``.
    optimizer : optimizer of `lrcourse.optimizers`
        Updates ``model.params``; for a batched model its ``lr`` may be a ``(K,)`` array.
    epochs : int
        Passes over the training set, >= 1.
    batch_size : int
        Rows per minibatch, >= 1 (at most the training-set size).
    schedule : Schedule or None
        Learning-rate schedule (see above). Not together with ``plateau``, and the optimizer's
        ``lr`` must then not be a Schedule itself.
    schedule_unit : {"step", "epoch"}
        What the schedule's ``k`` counts.
    cycle_momentum : bool
        Cycle the momentum with ``schedule.momentum`` (needs a schedule having it and an
        optimizer with ``momentum`` or ``betas``).
    plateau : ReduceOnPlateau, BoldDriver or None
        A rule that sets the rate from the validation metric after each epoch (single models
        only).
    seed : int
        Seed of the shuffling.
    track_dead : bool
        Record the dead-unit fraction per epoch (one forward pass over the training set).
    divergence_factor : float
        How many times (> 1) its initial value the loss may reach before the run counts as
        diverged.

    Returns
    -------
    History
        ``loss``, ``lr``, ``grad_norm`` ``(T, [K])``; ``update_ratio`` ``(T, [K,] n_layers)``;
        ``val_loss``, ``val_acc`` ``(E+1, [K])``; ``dead_fraction``; ``steps_per_epoch``;
        ``diverged``; ``plateau_reductions``; ``momentum`` when cycled.
    """
    owner = "fit"
    if not isinstance(model, MLP):
        _checks._fail(owner, "model", "an lrcourse MLP", type(model).__name__, TypeError)
    X_train, y_train, X_val, y_val = _check_data(owner, data, model)
    _check_optimizer(owner, optimizer)
    epochs = _checks.integer(owner, "epochs", epochs, minimum=1)
    n_train = len(X_train)
    batch_size = _check_batch_size(owner, batch_size, n_train)
    schedule_unit = _checks.choice(owner, "schedule_unit", schedule_unit, ("step", "epoch"))
    seed = _checks.integer(owner, "seed", seed, minimum=0)
    factor = _checks.real(owner, "divergence_factor", divergence_factor)
    if factor <= 1.0:
        _checks._fail(owner, "divergence_factor", "a finite number > 1", divergence_factor)
    for name, flag in (("cycle_momentum", cycle_momentum), ("track_dead", track_dead)):
        if not isinstance(flag, bool):
            _checks._fail(owner, name, "True or False", flag, TypeError)
    batched = model.n_models is not None
    K = model.n_models
    _check_lr_for_runs(owner, optimizer.lr, K)
    _check_rate_control(owner, model, optimizer, schedule, cycle_momentum, plateau)

    steps_per_epoch = math.ceil(n_train / batch_size)
    total = epochs * steps_per_epoch
    rate = _RateControl(owner, optimizer, schedule, schedule_unit, cycle_momentum, plateau,
                        total if schedule_unit == "step" else epochs)

    lead = (K,) if batched else ()
    n_w = model.n_layers
    loss = np.full((total, *lead), np.nan)
    lrs = np.full((total, *lead), np.nan)
    grad_norm = np.full((total, *lead), np.nan)
    ratio = np.full((total, *lead, n_w), np.nan)
    momenta = np.full(total, np.nan) if cycle_momentum else None
    val_loss = np.full((epochs + 1, *lead), np.nan)
    is_class = model.loss == "cross_entropy"
    val_acc = np.full((epochs + 1, *lead), np.nan) if is_class else None
    dead = np.full((epochs + 1, *lead, model.n_hidden), np.nan) if track_dead else None
    reductions: list[int] = []
    frozen = np.zeros(lead, dtype=bool)
    rng = np.random.default_rng(seed)
    before = [np.empty_like(w) for w in model.params[0:2 * n_w:2]]

    def record_epoch(e: int, net: MLP) -> np.ndarray:
        """Validation metrics (and dead fractions) of ``net`` after epoch ``e``; returns the
        validation loss (``net`` is ``model``, or one of its identical copies at epoch 0)."""
        v_loss, v_acc = net.evaluate(X_val, y_val)
        val_loss[e] = v_loss
        if is_class:
            val_acc[e] = v_acc
        if track_dead:
            dead[e] = _dead_fraction(net, X_train)
        if batched:
            val_loss[e, frozen] = np.nan
            if is_class:
                val_acc[e, frozen] = np.nan
            if track_dead:
                dead[e, frozen] = np.nan
        return val_loss[e]

    # K copies of one network (a sweep's start) need their epoch-0 metrics computed only once
    same = batched and all(np.array_equal(p, np.broadcast_to(p[:1], p.shape))
                           for p in model.params)
    val0 = record_epoch(0, model.select(0) if same else model).copy()
    loss0 = None
    k = 0
    epochs_done = 0
    stop = False
    with np.errstate(all="ignore"):
        for e in range(epochs):
            perm = rng.permutation(n_train)
            Xp, yp = X_train[perm], y_train[perm]
            for start in range(0, n_train, batch_size):
                momentum = rate.before_update(k, e)
                if momenta is not None:
                    momenta[k] = momentum
                lrs[k] = _current_rate(optimizer)
                batch_loss, grads = model.loss_and_grads(Xp[start:start + batch_size],
                                                         yp[start:start + batch_size])
                loss[k] = batch_loss
                if loss0 is None:
                    loss0 = np.array(batch_loss)  # a copy: the reference of every later loss
                grad_norm[k] = np.sqrt(sum(_rows_sq_norm(g, batched) for g in grads))
                bad = _exceeds(batch_loss, factor, loss0)
                if not batched and bad:
                    stop = True
                    k += 1
                    break
                if batched:
                    was_frozen = frozen.copy()
                    frozen |= bad
                _update(model, optimizer, grads, ratio[k], frozen if batched else None, before)
                if batched:  # a run frozen before this update records nothing for it
                    loss[k, was_frozen] = grad_norm[k, was_frozen] = np.nan
                    lrs[k, was_frozen] = np.nan
                k += 1
                if batched and frozen.all():
                    stop = True
                    break
            if stop:
                break
            v = record_epoch(e + 1, model)
            epochs_done = e + 1
            bad_val = _exceeds(v, factor, val0)
            if batched:
                frozen |= bad_val
                stop = bool(frozen.all())
            else:
                stop = bool(bad_val)
            if stop:
                break
            if rate.after_epoch(v, None if val_acc is None else val_acc[e + 1]):
                reductions.append(e + 1)
    keep = epochs_done + 1
    return History(
        loss=loss[:k], lr=lrs[:k], grad_norm=grad_norm[:k], update_ratio=ratio[:k],
        momentum=None if momenta is None else momenta[:k],
        val_loss=val_loss[:keep], val_acc=None if val_acc is None else val_acc[:keep],
        dead_fraction=None if dead is None else dead[:keep], steps_per_epoch=steps_per_epoch,
        diverged=frozen.copy() if batched else stop, plateau_reductions=reductions,
    )


# ------------------------------------------------------------------------------------------------
# sweep
# ------------------------------------------------------------------------------------------------


def _make_optimizer(owner: str, name: object, lr: float | np.ndarray,
                    kwargs: object) -> Optimizer:
    """The optimizer of `lrcourse.optimizers` called ``name`` with rate ``lr`` and ``kwargs``."""
    name = _checks.choice(owner, "optimizer", name, OPTIMIZERS)
    if kwargs is None:
        kwargs = {}
    if not isinstance(kwargs, dict):
        _checks._fail(owner, "optimizer_kwargs", "a dict or None", type(kwargs).__name__,
                      TypeError)
    if "lr" in kwargs:
        _checks._fail(owner, "optimizer_kwargs", "free of 'lr' (the rates are given apart)",
                      kwargs)
    classes = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam, "adamw": AdamW}
    return classes[name](lr=lr, **kwargs)


def sweep(
    model: MLP,
    data: Dataset,
    lrs: Sequence[float] | np.ndarray,
    *,
    epochs: int = 1,
    batch_size: int = 32,
    optimizer: str = "sgd",
    optimizer_kwargs: dict | None = None,
    schedule: Schedule | None = None,
    seed: int = 0,
    track_dead: bool = True,
) -> History:
    r"""Train one copy of ``model`` per learning rate, all ``K`` in one vectorized pass.

    The ``K`` copies start from the same weights (``model.replicate(K)``; ``model`` itself is
    not changed) and see the same minibatches (one shuffling, ``seed``); one optimizer carries
    the ``(K,)`` rates. Run ``k`` is therefore the same computation as
    ``fit(model.copy(), data, Optimizer(lr=lrs[k], ...), epochs, batch_size, seed=seed)``,
    while costing about one batched matrix product per layer and update instead of ``K``.
    A diverged run (see `fit`) is frozen: its parameters stop changing and its later entries
    are NaN; the others go on.

    With a ``schedule`` :math:`s`, every rate follows its shape:
    :math:`\eta_k(t) = \mathrm{lrs}_k \, s(t) / s(0)`.

    Parameters
    ----------
    model : MLP
        A single network (``n_models=None``): the common starting point.
    data : Dataset
        As in `fit`.
    lrs : array_like, shape (K,)
        Positive learning rates.
    epochs, batch_size, seed
        As in `fit`.
    optimizer : str
        One of `OPTIMIZERS`.
    optimizer_kwargs : dict or None
        Other arguments of the optimizer (e.g. ``{"momentum": 0.9}``), not ``lr``.
    schedule : Schedule or None
        Shape of the rates over the updates (see above).
    track_dead : bool
        Record the dead-unit fractions (as in `fit`; off saves about a quarter of a short
        sweep's time).

    Returns
    -------
    History
        As `fit`'s with a ``K`` axis after time, ``diverged`` a ``(K,)`` bool array and
        ``lrs`` the rates.
    """
    return _sweep("sweep", model, data, lrs, epochs, batch_size, optimizer, optimizer_kwargs,
                  schedule, seed, track_dead)


def _sweep(owner: str, model: MLP, data: Dataset, lrs, epochs, batch_size, optimizer,
           optimizer_kwargs, schedule, seed, track_dead) -> History:
    """`sweep`, its arguments checked in the name of ``owner`` (`sweep` or `grid_search`)."""
    if not isinstance(model, MLP) or model.n_models is not None:
        _checks._fail(owner, "model", "a single lrcourse MLP (n_models=None)", model, TypeError)
    n_train = len(_check_data(owner, data, model)[0])
    rates = _checks.finite_array(owner, "lrs", lrs, ndim=1)
    if np.any(rates <= 0):
        _checks._fail(owner, "lrs", "positive", float(rates.min()))
    _checks.integer(owner, "epochs", epochs, minimum=1)
    _check_batch_size(owner, batch_size, n_train)
    _checks.integer(owner, "seed", seed, minimum=0)
    if schedule is not None and not isinstance(schedule, Schedule):
        _checks._fail(owner, "schedule", "a Schedule of lrcourse.schedules or None",
                      type(schedule).__name__, TypeError)
    opt = _make_optimizer(owner, optimizer, rates.copy(), optimizer_kwargs)
    history = fit(model.replicate(len(rates)), data, opt, epochs, batch_size,
                  schedule=schedule, seed=seed, track_dead=track_dead)
    history.lrs = rates
    return history
