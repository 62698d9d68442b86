"""`sweep`: one model per learning rate, all trained in one vectorized `fit`."""

from __future__ import annotations

import inspect
from collections.abc import Sequence

import numpy as np

from .. import _checks
from ..data import Dataset
from ..nn import MLP
from ..optimizers import SGD, AdaGrad, Adam, AdamW, Optimizer, RMSProp
from ..schedules import Schedule
from ._shared import _check_batch_size, _check_data
from .history import History
from .network import fit

OPTIMIZERS: tuple[str, ...] = ("sgd", "adagrad", "rmsprop", "adam", "adamw")
"""Optimizer names accepted by `sweep` (and `lrcourse.finder`): the classes of
`lrcourse.optimizers` ``SGD``, ``AdaGrad``, ``RMSProp``, ``Adam``, ``AdamW``."""

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
    cls = classes[name]
    _checks.keywords(owner, kwargs, list(inspect.signature(cls).parameters)[1:],
                     name=f"optimizer_kwargs of {cls.__name__}")
    try:
        return cls(lr=lr, **kwargs)
    except (TypeError, ValueError) as err:  # a bad value among them: say where it came from
        raise type(err)(f"{owner}: optimizer_kwargs: {err}") from None


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
    replicates: int | None = None,
    perturb: float = 0.0,
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

    **Replicates.** One sweep is one initialization and one minibatch order: an anecdote. With
    ``replicates=R`` the whole sweep is repeated ``R`` times in the same pass (``R K``
    networks): replicate ``r`` starts from a fresh initialization of ``model``'s configuration
    with seed ``model.seed + r`` (`MLP.reseeded`; ``model``'s own weights are not used) and
    shuffles with seed ``seed + r``. Its ``K`` runs share both, so within a replicate only the
    rate differs, and replicate 0 of an untrained ``model`` is the plain sweep.

    **Is a run chaotic?** ``perturb=1e-15`` multiplies every starting weight of every network
    by :math:`1 + 10^{-15} z` (`MLP.perturbed`, :math:`z` standard normal, drawn from
    ``np.random.default_rng(seed)``), a change of the size of the rounding differences
    between two CPUs. A run whose result then moves by more than such a change can explain
    is chaotic: its digits are luck.

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
        Other arguments of the optimizer (e.g. ``{"momentum": 0.9}``), not ``lr``; an array
        value holds one entry per rate (repeated for every replicate).
    schedule : Schedule or None
        Shape of the rates over the updates (see above).
    track_dead : bool
        Record the dead-unit fractions (as in `fit`; off saves about a quarter of a short
        sweep's time).
    replicates : int or None
        ``R >= 1`` independent replicates of the sweep (see above), or None for one.
    perturb : float
        Relative size (>= 0) of a random change of every starting weight (see above).

    Returns
    -------
    History
        As `fit`'s with a ``K`` axis after time, ``diverged`` a ``(K,)`` bool array and
        ``lrs`` the rates. With ``replicates=R`` a replicate axis comes before the rate axis:
        ``loss`` ``(T, R, K)``, ``val_loss`` ``(E+1, R, K)``, ``update_ratio``
        ``(T, R, K, n_layers)``, ``diverged`` ``(R, K)``.
    """
    return _sweep("sweep", model, data, lrs, epochs, batch_size, optimizer, optimizer_kwargs,
                  schedule, seed, track_dead, replicates, perturb)


_PER_RUN = ("loss", "lr", "grad_norm", "update_ratio", "val_loss", "val_acc", "dead_fraction")


def _sweep(owner: str, model: MLP, data: Dataset, lrs, epochs, batch_size, optimizer,
           optimizer_kwargs, schedule, seed, track_dead, replicates=None,
           perturb=0.0) -> History:
    """`sweep`, its arguments checked in the name of ``owner`` (`sweep` or `grid_search`)."""
    if not isinstance(model, MLP) or model.n_models is not None:
        _checks._fail(owner, "model", "a single lrcourse MLP (n_models=None)", model, TypeError)
    n_train = len(_check_data(owner, data, model)[0])
    rates = _checks.positive_array(owner, "lrs", lrs, ndim=1)
    _checks.integer(owner, "epochs", epochs, minimum=1)
    _check_batch_size(owner, batch_size, n_train)
    _checks.integer(owner, "seed", seed, minimum=0)
    if schedule is not None and not isinstance(schedule, Schedule):
        _checks._fail(owner, "schedule", "a Schedule of lrcourse.schedules or None",
                      type(schedule).__name__, TypeError)
    perturb = _checks.in_interval(owner, "perturb", perturb, 0.0, 1.0, high_open=True)
    if replicates is None:
        opt = _make_optimizer(owner, optimizer, rates.copy(), optimizer_kwargs)
        nets = model.replicate(len(rates)).perturbed(perturb, seed)
        history = fit(nets, data, opt, epochs, batch_size, schedule=schedule, seed=seed,
                      track_dead=track_dead)
        history.lrs = rates
        return history
    R = _checks.integer(owner, "replicates", replicates, minimum=1)
    K = len(rates)
    if isinstance(optimizer_kwargs, dict):  # one value per rate -> one per network
        optimizer_kwargs = {key: np.tile(value, R) if isinstance(value, np.ndarray) else value
                            for key, value in optimizer_kwargs.items()}
    opt = _make_optimizer(owner, optimizer, np.tile(rates, R), optimizer_kwargs)
    offsets = np.repeat(np.arange(R), K)  # network r * K + k: replicate r, rate k
    nets = model.reseeded((model.seed + offsets).tolist()).perturbed(perturb, seed)
    history = fit(nets, data, opt, epochs, batch_size, schedule=schedule,
                  seed=(seed + offsets).tolist(), track_dead=track_dead)
    for name in _PER_RUN:
        value = getattr(history, name)
        if value is not None:
            setattr(history, name, value.reshape(value.shape[0], R, K, *value.shape[2:]))
    history.diverged = history.diverged.reshape(R, K)
    history.lrs = rates
    return history
