"""`fit`: minibatch training of an `MLP`, with its rate control (schedule, cycled momentum,
plateau rule) and divergence checks as named helpers."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence

import numpy as np

from .. import _checks
from ..data import Dataset
from ..nn import MLP
from ..optimizers import Optimizer
from ..schedules import BoldDriver, ReduceOnPlateau, Schedule
from ._shared import (
    _check_batch_size,
    _check_data,
    _check_lr_for_runs,
    _check_optimizer,
    _current_rate,
    _rows_sq_norm,
)
from .history import History


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


def _per_model(owner: str, name: str, value: object, K: int | None) -> list | None:
    """``value`` as a list of ``K`` items when it is a list or tuple (one per network of a
    batch), else None."""
    if not isinstance(value, list | tuple):
        return None
    if K is None:
        _checks._fail(owner, name, "a single object for a single network (one per network only "
                      "for a batched model)", f"a {type(value).__name__} of {len(value)}")
    if len(value) != K:
        _checks._fail(owner, name, f"one object or a list of {K} (one per network)",
                      f"a {type(value).__name__} of {len(value)}")
    return list(value)


def _check_seeds(owner: str, seed: object, K: int | None) -> int | list[int]:
    """The shuffling seed: an int >= 0, or (batched model) ``K`` of them, one per network."""
    if K is not None and isinstance(seed, list | tuple | np.ndarray):
        seeds = np.asarray(seed)
        if seeds.shape != (K,):
            _checks._fail(owner, "seed", f"an int or {K} ints (one per network)",
                          f"an array of shape {seeds.shape}")
        return [_checks.integer(owner, "seed", s, minimum=0) for s in seeds.tolist()]
    return _checks.integer(owner, "seed", seed, minimum=0)


def _check_rate_control(owner: str, model: MLP, optimizer: Optimizer, schedule: object,
                        cycle_momentum: bool, plateau: object) -> None:
    """Refuse a schedule, cycled momentum or plateau rule that `fit` cannot apply."""
    K = model.n_models
    schedules = _per_model(owner, "schedule", schedule, K)
    rules = _per_model(owner, "plateau", plateau, K)
    for s in schedules or ():
        if not isinstance(s, Schedule):
            _checks._fail(owner, "schedule", "a Schedule of lrcourse.schedules, a list of them "
                          "or None", type(s).__name__, TypeError)
    if schedules is not None and cycle_momentum:
        _checks._fail(owner, "schedule", "a single schedule when cycle_momentum=True",
                      f"a list of {K}")
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
        for rule in rules if rules is not None else [plateau]:
            if not isinstance(rule, ReduceOnPlateau | BoldDriver):
                _checks._fail(owner, "plateau", "a ReduceOnPlateau, a BoldDriver, a list of "
                              "them or None", type(rule).__name__, TypeError)
            if rule.mode == "max" and model.loss != "cross_entropy":
                _checks._fail(owner, "plateau", "in mode 'min' (on the validation loss) for a "
                              "regression model", rule)
        if rules is None and K is not None:
            _checks._fail(owner, "plateau", f"a list of {K} rules for a batched model (one "
                          "metric per network)", plateau)
        if rules is not None and len({id(r) for r in rules}) != K:
            _checks._fail(owner, "plateau", f"{K} distinct rule objects (each keeps its own "
                          "state)", "a list with repeated objects")


class _RateControl:
    r"""What sets `fit`'s learning rate: the optimizer's own ``lr``, a schedule (with cycled
    momentum), or a plateau rule; for a batched model also one schedule or one rule per network.

    ``schedule(j)`` and ``schedule.momentum(j)`` are tabulated once for the ``n`` values of
    ``j`` (updates or epochs), a ``(n, K)`` table for one schedule per network; a ``(K,)``
    array of base rates scales the table, :math:`\eta_j = \eta\, s(j) / s(0)`. A plateau rule
    sets the optimizer's rate to its own at once and after every epoch.
    """

    def __init__(self, owner: str, optimizer: Optimizer, schedule: Schedule | list | None,
                 unit: str, cycle_momentum: bool,
                 plateau: ReduceOnPlateau | BoldDriver | list | None, n: int) -> None:
        self.optimizer, self.unit, self.plateau = optimizer, unit, plateau
        self.batched = isinstance(optimizer.lr, np.ndarray)
        self.rates = self.momenta = None
        if schedule is not None:
            if isinstance(schedule, list | tuple):
                self.rates = np.stack([_schedule_table(owner, s, n) for s in schedule], axis=1)
            else:
                self.rates = _schedule_table(owner, schedule, n)
            if self.batched:
                if np.any(self.rates[0] <= 0):
                    _checks._fail(owner, "schedule", "positive at k=0 to scale an array of rates",
                                  schedule)
                table = self.rates if self.rates.ndim == 2 else self.rates[:, None]
                self.rates = table * (optimizer.lr / self.rates[0])
            if cycle_momentum:
                self.momenta = np.asarray(schedule.momentum(np.arange(n)), dtype=np.float64)
        if isinstance(plateau, list | tuple):
            optimizer.lr = np.array([float(r.lr) for r in plateau])
            self.batched = True
        elif plateau is not None:
            optimizer.lr = float(plateau.lr)

    def before_update(self, k: int, e: int) -> float:
        """Set the rate (and momentum) of update ``k`` in epoch ``e``; return the momentum set
        (NaN when it is not cycled)."""
        j = k if self.unit == "step" else e
        if self.rates is not None:
            row = self.rates[j]
            self.optimizer.lr = row if np.ndim(row) else float(row)
        if self.momenta is None:
            return np.nan
        m = float(self.momenta[j])
        if hasattr(self.optimizer, "betas"):
            self.optimizer.betas = (m, self.optimizer.betas[1])
        else:
            self.optimizer.momentum = m
        return m

    def after_epoch(self, val_loss: float | np.ndarray, val_acc: float | np.ndarray | None,
                    frozen: np.ndarray | None = None) -> bool | np.ndarray:
        """Step the plateau rule(s) on the epoch's validation metric; True where it lowered the
        rate (one flag per network for a list of rules, whose frozen networks are skipped)."""
        if self.plateau is None:
            return False
        old = self.optimizer.lr
        if isinstance(self.plateau, list | tuple):
            new = old.copy()
            for i, rule in enumerate(self.plateau):
                if not frozen[i]:
                    metric = val_loss[i] if rule.mode == "min" else val_acc[i]
                    new[i] = float(rule.step(float(metric)))
            self.optimizer.lr = new
            return new < old
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
    schedule: Schedule | Sequence[Schedule] | None = None,
    schedule_unit: str = "step",
    cycle_momentum: bool = False,
    plateau: ReduceOnPlateau | BoldDriver | Sequence[ReduceOnPlateau | BoldDriver] | None = None,
    seed: int | Sequence[int] = 0,
    track_dead: bool = True,
    divergence_factor: float = 100.0,
    callback: Callable[[int, MLP, Optimizer], None] | None = None,
) -> History:
    r"""Train ``model`` on ``data`` with minibatches, in place; record a `History`.

    Every epoch shuffles the training set (one ``np.random.default_rng(seed)`` for the whole
    run, so the same seed gives the same batches) and cuts it into
    :math:`\lceil n / \mathrm{batch\_size} \rceil` minibatches, the last one possibly smaller
    (PyTorch ``DataLoader(shuffle=True, drop_last=False)``). Each update computes the minibatch
    loss and gradients and calls ``optimizer.step``. After each epoch the model is evaluated
    on the validation set.

    **Replicates.** The ``K`` networks of a batched model share one order of minibatches when
    ``seed`` is an int. With ``K`` seeds, network ``i`` shuffles with its own
    ``np.random.default_rng(seed[i])``: it then sees exactly the batches, and computes exactly
    the numbers, of ``fit(model.select(i), ..., seed=seed[i])``, so that replicates differing in
    initialization *and* minibatch order train in one vectorized run. Likewise ``schedule`` and
    ``plateau`` may be lists with one schedule or rule per network.

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
    schedule : Schedule, list of Schedule, or None
        Learning-rate schedule (see above), or for a batched model a list of ``K``, one per
        network. Not together with ``plateau``, and the optimizer's ``lr`` must then not be a
        Schedule itself.
    schedule_unit : {"step", "epoch"}
        What the schedule's ``k`` counts.
    cycle_momentum : bool
        Cycle the momentum with ``schedule.momentum`` (needs a schedule having it and an
        optimizer with ``momentum`` or ``betas``).
    plateau : ReduceOnPlateau, BoldDriver, list of them, or None
        A rule that sets the rate from the validation metric after each epoch; for a batched
        model a list of ``K`` distinct rule objects, each stepped on its own network's metric
        (a diverged network's rule is no longer stepped).
    seed : int or sequence of int
        Seed of the shuffling; for a batched model also ``K`` seeds, one per network.
    track_dead : bool
        Record the dead-unit fraction per epoch (one forward pass over the training set).
    divergence_factor : float
        How many times (> 1) its initial value the loss may reach before the run counts as
        diverged.
    callback : callable or None
        Called as ``callback(k, model, optimizer)`` after every update ``k`` (counted from 0),
        e.g. to record the optimizer's state (`lrcourse.optimizers.Optimizer.effective_lr`).

    Returns
    -------
    History
        ``loss``, ``lr``, ``grad_norm`` ``(T, [K])``; ``update_ratio`` ``(T, [K,] n_layers)``;
        ``val_loss``, ``val_acc`` ``(E+1, [K])``; ``dead_fraction``; ``steps_per_epoch``;
        ``diverged``; ``plateau_reductions`` (a list per network for a list of rules);
        ``momentum`` when cycled.
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
    seed = _check_seeds(owner, seed, model.n_models)
    factor = _checks.real(owner, "divergence_factor", divergence_factor)
    if factor <= 1.0:
        _checks._fail(owner, "divergence_factor", "a finite number > 1", divergence_factor)
    for name, flag in (("cycle_momentum", cycle_momentum), ("track_dead", track_dead)):
        if not isinstance(flag, bool):
            _checks._fail(owner, name, "True or False", flag, TypeError)
    if callback is not None:
        if not callable(callback):
            _checks._fail(owner, "callback", "a callable (k, model, optimizer) or None",
                          callback, TypeError)
        try:  # refused now, not after the first update has changed the model
            inspect.signature(callback).bind(0, model, optimizer)
        except TypeError:
            _checks._fail(owner, "callback", "callable as callback(k, model, optimizer)",
                          callback, TypeError)
        except ValueError:  # a builtin without a signature: called as it is
            pass
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
    per_rule = isinstance(plateau, list | tuple)
    reductions: list = [[] for _ in range(K)] if per_rule else []
    frozen = np.zeros(lead, dtype=bool)
    per_net = isinstance(seed, list)  # one minibatch order per network
    rngs = [np.random.default_rng(s) for s in seed] if per_net else np.random.default_rng(seed)
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
            if per_net:  # (K, n): row i is network i's order of the training set
                perm = np.stack([r.permutation(n_train) for r in rngs])
            else:
                perm = rngs.permutation(n_train)
            Xp, yp = X_train[perm], y_train[perm]
            for start in range(0, n_train, batch_size):
                momentum = rate.before_update(k, e)
                if momenta is not None:
                    momenta[k] = momentum
                lrs[k] = _current_rate(optimizer)
                rows = slice(start, start + batch_size)
                batch = (Xp[:, rows], yp[:, rows]) if per_net else (Xp[rows], yp[rows])
                batch_loss, grads = model.loss_and_grads(*batch)
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
                if callback is not None:
                    callback(k, model, optimizer)
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
            lowered = rate.after_epoch(v, None if val_acc is None else val_acc[e + 1], frozen)
            if per_rule:
                for i in np.flatnonzero(lowered):
                    reductions[i].append(e + 1)
            elif lowered:
                reductions.append(e + 1)
    keep = epochs_done + 1
    return History(
        loss=loss[:k], lr=lrs[:k], grad_norm=grad_norm[:k], update_ratio=ratio[:k],
        momentum=None if momenta is None else momenta[:k],
        val_loss=val_loss[:keep], val_acc=None if val_acc is None else val_acc[:keep],
        dead_fraction=None if dead is None else dead[:keep], steps_per_epoch=steps_per_epoch,
        diverged=frozen.copy() if batched else stop, plateau_reductions=reductions,
    )
