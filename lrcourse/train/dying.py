r"""`track_units`: which ReLU units are dead, unit by unit, while a network trains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _checks
from ..data import Dataset
from ..nn import MLP
from ..optimizers import Optimizer
from ..schedules import Schedule
from .history import History
from .network import fit


@dataclass
class UnitTrack:
    r"""Dead units of a training run, unit by unit (`track_units`).

    Attributes
    ----------
    history : History
        The run's `History` (`fit`).
    steps : ndarray, shape (M,)
        Number of updates done at each record (0: before training).
    dead : list of ndarray
        Per hidden layer, ``(M, h)`` or ``(M, K, h)`` booleans: unit dead on the whole
        training set at that record (`MLP.dead_fraction`, unit by unit).
    """

    history: History | None
    steps: np.ndarray
    dead: list[np.ndarray]

    def __post_init__(self) -> None:
        owner = "UnitTrack"
        if self.history is not None and not isinstance(self.history, History):
            _checks._fail(owner, "history", "a History or None", self.history, TypeError)
        self.steps = _checks.finite_array(owner, "steps", self.steps, ndim=1)
        dead = self.dead
        if not isinstance(dead, list) or not dead or not all(
                isinstance(d, np.ndarray) and d.dtype == bool and d.ndim in (2, 3)
                and d.shape[0] == self.steps.size for d in dead):
            _checks._fail(owner, "dead", f"a non-empty list of bool arrays of shape "
                          f"({self.steps.size}, [K,] units), one row per entry of steps", dead)

    def died(self) -> np.ndarray:
        """Per hidden layer, the number of units dead at some record (summed over networks)."""
        return np.array([d.any(axis=0).sum() for d in self.dead])

    def revived(self) -> np.ndarray:
        """Per hidden layer, the number of units dead at some record and alive at a later one:
        those that came back."""
        counts = []
        for d in self.dead:
            dead_before = np.logical_or.accumulate(d, axis=0)[:-1]
            counts.append((dead_before & ~d[1:]).any(axis=0).sum())
        return np.array(counts)


def track_units(model: MLP, data: Dataset, optimizer: Optimizer, epochs: int, batch_size: int,
                *, schedule: Schedule | None = None, seed: int | Sequence[int] = 0,
                every: int = 10) -> UnitTrack:
    r"""Train like `fit` and record, every ``every`` updates, which hidden units are dead.

    A unit is dead when its ReLU output is 0 on every training example. Its incoming weights
    and bias then get exactly zero gradient from every minibatch: under plain SGD without
    weight decay they never change again, so a dead unit of the first hidden layer (whose
    inputs are the fixed data) stays dead for good. A deeper unit can come back when the
    layers below it change what it sees; `UnitTrack.revived` counts how often that happens.

    Parameters
    ----------
    model, data, optimizer, epochs, batch_size, schedule, seed
        As in `fit` (the model is trained in place; ``schedule`` per update).
    every : int
        Record every this many updates (and before the first).

    Returns
    -------
    UnitTrack
    """
    owner = "track_units"
    if not isinstance(model, MLP):
        _checks._fail(owner, "model", "an lrcourse MLP", type(model).__name__, TypeError)
    if model.activation != "relu":
        _checks._fail(owner, "model", "a ReLU network (activation='relu')", model.activation)
    every = _checks.integer(owner, "every", every, minimum=1)
    X = getattr(data, "X_train", None)
    steps: list[int] = []
    records: list[list[np.ndarray]] = []

    def record(k: int, net: MLP, _opt=None) -> None:
        if (k + 1) % every == 0 or k < 0:
            acts = [a for _, a in net.hidden_activations(X)]
            records.append([np.all(a == 0.0, axis=-2) for a in acts])
            steps.append(k + 1)

    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[1] == model.sizes[0]:
        record(-1, model)
    # fit checks the data and the rest before any update
    history = fit(model, data, optimizer, epochs, batch_size, schedule=schedule, seed=seed,
                  track_dead=False, callback=record)
    dead = [np.stack([r[i] for r in records]) for i in range(model.n_hidden)]
    return UnitTrack(history, np.array(steps), dead)
