"""`History`: what a training loop recorded, time along the first axis."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import _checks


def _epochs(owner: str, name: str, value: object, per_run: bool = False) -> list:
    """A list of epochs (positive integers) or, if ``per_run``, of such lists (one per run of a
    batch with a plateau rule each)."""
    if not isinstance(value, list | tuple):
        _checks._fail(owner, name, "a list of epochs" + (" or one such list per run"
                      if per_run else ""), value, TypeError)
    if per_run and value and all(isinstance(e, list | tuple) for e in value):
        return [_epochs(owner, f"{name}[{i}]", e) for i, e in enumerate(value)]
    return [_checks.integer(owner, f"{name}[{i}]", e, minimum=1) for i, e in enumerate(value)]


@dataclass
class History:
    r"""What a training loop recorded, time along the first axis.

    ``T`` is the number of updates (`fit`, `sweep`) or of steps (`minimize`), ``E`` the number
    of epochs completed, ``K`` the number of runs of a batched run (the axis is absent for a
    single run). A `sweep` with ``replicates=R`` puts a replicate axis of length ``R`` before
    the run axis: ``(T, R, K)``, ``(E + 1, R, K)``, ``diverged`` ``(R, K)``.

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
    plateau_reductions : list of int, or list of lists of int
        Epochs (1-based: after epoch ``e``) at which a ``ReduceOnPlateau`` (or ``BoldDriver``)
        lowered the rate; one list per network for a batch with one rule per network.
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

    def __post_init__(self) -> None:
        owner = "History"
        if self.lrs is not None:
            self.lrs = _checks.positive_array(owner, "lrs", self.lrs, ndim=1)
        for name in ("loss", "lr", "grad_norm", "path", "val_loss", "val_acc", "dead_fraction",
                     "update_ratio", "momentum"):
            value = getattr(self, name)
            if value is None and name not in ("loss", "lr", "grad_norm"):
                continue
            arr = _checks.real_array(owner, name, value)  # NaN: a frozen or diverged run
            if arr.ndim == 0:
                _checks._fail(owner, name, "an array with a time (or run) axis", value)
            setattr(self, name, arr)
        if self.steps_per_epoch is not None:
            self.steps_per_epoch = _checks.integer(owner, "steps_per_epoch",
                                                   self.steps_per_epoch, minimum=1)
        if isinstance(self.diverged, np.ndarray):
            if self.diverged.dtype != bool:
                _checks._fail(owner, "diverged", "True, False or a bool array",
                              f"an array of dtype {self.diverged.dtype}", TypeError)
        else:
            self.diverged = _checks.flag(owner, "diverged", self.diverged)
        self.plateau_reductions = _epochs(owner, "plateau_reductions", self.plateau_reductions,
                                          per_run=True)


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
