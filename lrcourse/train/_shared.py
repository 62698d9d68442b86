"""Argument checks and small computations the training loops share."""

from __future__ import annotations

import numpy as np

from .. import _checks
from ..data import Dataset
from ..nn import MLP
from ..optimizers import Optimizer
from ..schedules import Schedule


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
