r"""Small data sets with a fixed train/validation split.

Three seeded generators written with numpy (two moons, spirals, a noisy sine for regression) and
scikit-learn's bundled 8x8 handwritten digits, which ship inside scikit-learn (nothing is
downloaded). Every loader takes a ``seed`` and returns a `Dataset`; numpy's ``default_rng``
(PCG64) makes the same seed give the same numbers on every machine.

Classification splits are stratified: each class sends :math:`\lfloor f n_c + \tfrac12\rfloor`
of its :math:`n_c` points to validation (:math:`f` = ``val_fraction``), so both parts keep the
class proportions; regression splits are a seeded permutation. Training points come in a
seeded random order, never sorted by class.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _checks

__all__ = ["Dataset", "digits", "noisy_sine", "spirals", "two_moons"]


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr)  # an own copy, so freezing it touches nobody else's array
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, eq=False)
class Dataset:
    """A train/validation split of one data set (immutable; arrays are read-only).

    Parameters
    ----------
    X_train : array_like
        Training inputs, shape ``(n_train, d)``; stored as float64.
    y_train : array_like
        Training targets. Classification (``n_classes`` an int >= 2): 1-D integer labels in
        ``[0, n_classes)`` (whole-valued floats are accepted), stored as int64.
        Regression (``n_classes=None``): targets of shape ``(n_train, k)``, stored as float64;
        a 1-D target becomes one column ``(n_train, 1)``.
    X_val : array_like
        Validation inputs, shape ``(n_val, d)`` with the same ``d``.
    y_val : array_like
        Validation targets, like ``y_train``.
    name : str
        A short label for titles.
    n_classes : int or None
        Number of classes, or None for regression.

    Notes
    -----
    In PyTorch the same split is two ``torch.utils.data.TensorDataset`` objects, e.g.
    ``TensorDataset(torch.tensor(d.X_train), torch.tensor(d.y_train))`` for training, fed to a
    ``DataLoader(..., batch_size=32, shuffle=True)``. Use ``torch.tensor`` (a copy):
    ``torch.from_numpy`` would share memory with the read-only arrays and warns about it.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    name: str
    n_classes: int | None = None

    def __post_init__(self) -> None:
        owner = "Dataset"
        if not isinstance(self.name, str) or not self.name:
            _checks._fail(owner, "name", "a non-empty string", self.name, TypeError)
        if self.n_classes is not None:
            _checks.integer(owner, "n_classes", self.n_classes, minimum=2)
        X_train = _checks.finite_array(owner, "X_train", self.X_train, ndim=2)
        X_val = _checks.finite_array(owner, "X_val", self.X_val, ndim=2)
        if X_val.shape[1] != X_train.shape[1]:
            _checks._fail(owner, "X_val", f"of shape (n_val, {X_train.shape[1]}) like X_train",
                          f"an array of shape {X_val.shape}")
        arrays = {"X_train": X_train, "X_val": X_val,
                  "y_train": self._labels("y_train", self.y_train, len(X_train)),
                  "y_val": self._labels("y_val", self.y_val, len(X_val))}
        if self.n_classes is None and arrays["y_val"].shape[1] != arrays["y_train"].shape[1]:
            _checks._fail(owner, "y_val", f"{arrays['y_train'].shape[1]} target column(s) like "
                          "y_train", f"an array of shape {arrays['y_val'].shape}")
        for key, arr in arrays.items():
            object.__setattr__(self, key, _read_only(arr))

    def _labels(self, key: str, y: object, n: int) -> np.ndarray:
        owner = "Dataset"
        if self.n_classes is None:
            arr = _checks.finite_array(owner, key, y)
            if arr.ndim == 1:
                arr = arr[:, None]
            if arr.ndim != 2 or len(arr) != n:
                _checks._fail(owner, key, f"regression targets of shape ({n}, k) or ({n},), "
                              f"one per row of X_{key[2:]}", f"an array of shape {arr.shape}")
            return arr
        allowed = f"integer class labels in [0, {self.n_classes})"
        arr = np.asarray(y)
        if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                     or np.issubdtype(arr.dtype, np.floating)):
            _checks._fail(owner, key, allowed, f"an array of dtype {arr.dtype}", TypeError)
        if arr.ndim != 1 or len(arr) != n:
            _checks._fail(owner, key, f"a 1-D array of {n} labels, one per row of X_{key[2:]}",
                          f"an array of shape {arr.shape}")
        if np.issubdtype(arr.dtype, np.floating):
            bad = ~np.isfinite(arr) | (arr != np.round(arr))
            if bad.any():
                _checks._fail(owner, key, allowed, arr[bad][0].item())
        if arr.min() < 0 or arr.max() >= self.n_classes:
            worst = arr.min() if arr.min() < 0 else arr.max()
            _checks._fail(owner, key, allowed, worst.item())
        return arr.astype(np.int64)

    @property
    def n_features(self) -> int:
        """Number of input features ``d``."""
        return self.X_train.shape[1]

    @property
    def n_train(self) -> int:
        """Number of training points."""
        return len(self.X_train)

    @property
    def n_val(self) -> int:
        """Number of validation points."""
        return len(self.X_val)

    def __repr__(self) -> str:
        kind = "regression" if self.n_classes is None else f"{self.n_classes} classes"
        return (f"Dataset({self.name!r}: {self.n_train} train + {self.n_val} validation points, "
                f"{self.n_features} features, {kind})")


# -------------------------------------------------------------------------------------------
# Splitting
# -------------------------------------------------------------------------------------------


def _check_common(owner: str, val_fraction: float, seed: int) -> None:
    _checks.in_interval(owner, "val_fraction", val_fraction, 0.0, 1.0,
                        low_open=True, high_open=True)
    _checks.integer(owner, "seed", seed, minimum=0)


def _n_val(count: int, val_fraction: float) -> int:
    return math.floor(val_fraction * count + 0.5)


def _split_classes(owner: str, X: np.ndarray, y: np.ndarray, n_classes: int,
                   val_fraction: float, rng: np.random.Generator, name: str) -> Dataset:
    """Stratified split; training and validation points in a seeded random order."""
    train, val = [], []
    for c in range(n_classes):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = _n_val(len(idx), val_fraction)
        if k == 0 or k == len(idx):
            _checks._fail(owner, "n", f"large enough that every class has points in both parts "
                          f"with val_fraction={val_fraction:g}",
                          f"{len(y)} points ({len(idx)} in class {c})")
        val.append(idx[:k])
        train.append(idx[k:])
    tr = rng.permutation(np.concatenate(train))
    va = rng.permutation(np.concatenate(val))
    return Dataset(X[tr], y[tr], X[va], y[va], name=name, n_classes=n_classes)


def _class_sizes(n: int, n_classes: int) -> np.ndarray:
    """``n`` points over ``n_classes`` classes as evenly as possible (first classes get extra)."""
    return n // n_classes + (np.arange(n_classes) < n % n_classes)


# -------------------------------------------------------------------------------------------
# Generators
# -------------------------------------------------------------------------------------------


def two_moons(n: int = 400, noise: float = 0.2, val_fraction: float = 0.25,
              seed: int = 0) -> Dataset:
    r"""Two interleaving half circles, a 2-D binary classification problem.

    Class 0 lies on the upper half circle :math:`(\cos t, \sin t)`, class 1 on the lower one
    :math:`(1 - \cos t, \tfrac12 - \sin t)`, with :math:`t \sim U[0, \pi]`; isotropic Gaussian
    noise of standard deviation ``noise`` is added to both coordinates. Not linearly separable,
    so a hidden layer is needed. (scikit-learn's ``make_moons`` draws the same shape.)

    Parameters
    ----------
    n : int, default 400
        Total number of points (at least 4), split evenly between the classes.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise (>= 0).
    val_fraction : float, default 0.25
        Fraction of each class kept for validation, in (0, 1).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    Dataset
        ``n_features = 2``, ``n_classes = 2``, labels int64.
    """
    owner = "two_moons"
    n = _checks.integer(owner, "n", n, minimum=4)
    noise = _checks.noise(owner, "noise", noise)
    _check_common(owner, val_fraction, seed)
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(2), _class_sizes(n, 2))
    t = rng.uniform(0.0, np.pi, n)
    X = np.where((y == 0)[:, None],
                 np.stack([np.cos(t), np.sin(t)], axis=1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1))
    X = X + noise * rng.standard_normal((n, 2))
    return _split_classes(owner, X, y, 2, val_fraction, rng, "two moons")


def spirals(n: int = 600, n_classes: int = 3, noise: float = 0.2, val_fraction: float = 0.25,
            seed: int = 0) -> Dataset:
    r"""Interleaved spiral arms, one per class, a 2-D classification problem.

    A point of class :math:`j` at radius :math:`r \sim U[0, 1]` sits at angle
    :math:`\theta = 2\pi j / C + 4r + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma^2)`
    with :math:`\sigma` = ``noise`` (in radians), i.e. at :math:`r(\cos\theta, \sin\theta)`:
    each arm winds about two thirds of a turn outwards from the centre, where the arms meet.

    Parameters
    ----------
    n : int, default 600
        Total number of points (at least ``2 * n_classes``), split as evenly as possible.
    n_classes : int, default 3
        Number of arms (>= 2).
    noise : float, default 0.2
        Standard deviation of the angular noise in radians (>= 0).
    val_fraction : float, default 0.25
        Fraction of each class kept for validation, in (0, 1).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    Dataset
        ``n_features = 2``, labels int64 in ``[0, n_classes)``.
    """
    owner = "spirals"
    n_classes = _checks.integer(owner, "n_classes", n_classes, minimum=2)
    n = _checks.integer(owner, "n", n, minimum=2 * n_classes)
    noise = _checks.noise(owner, "noise", noise)
    _check_common(owner, val_fraction, seed)
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(n_classes), _class_sizes(n, n_classes))
    r = rng.uniform(0.0, 1.0, n)
    theta = 2.0 * np.pi * y / n_classes + 4.0 * r + noise * rng.standard_normal(n)
    X = r[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    return _split_classes(owner, X, y, n_classes, val_fraction, rng, "spirals")


def noisy_sine(n: int = 200, noise: float = 0.1, val_fraction: float = 0.25,
               seed: int = 0) -> Dataset:
    r"""A 1-D regression problem: :math:`y = \sin x + \varepsilon`.

    :math:`x \sim U[-\pi, \pi]`, :math:`\varepsilon \sim N(0, \sigma^2)` with :math:`\sigma` =
    ``noise``; for a network with mean-squared-error loss and one output.

    Parameters
    ----------
    n : int, default 200
        Number of points (at least 2).
    noise : float, default 0.1
        Standard deviation of the noise on the targets (>= 0).
    val_fraction : float, default 0.25
        Fraction kept for validation, in (0, 1); both parts must be non-empty.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    Dataset
        ``X`` of shape ``(n, 1)``, ``y`` of shape ``(n, 1)`` float64, ``n_classes=None``.
    """
    owner = "noisy_sine"
    n = _checks.integer(owner, "n", n, minimum=2)
    noise = _checks.noise(owner, "noise", noise)
    _check_common(owner, val_fraction, seed)
    k = _n_val(n, val_fraction)
    if k == 0 or k == n:
        _checks._fail(owner, "n", f"large enough for non-empty training and validation parts "
                      f"with val_fraction={val_fraction:g}", n)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-np.pi, np.pi, (n, 1))
    y = np.sin(X) + noise * rng.standard_normal((n, 1))
    order = rng.permutation(n)
    va, tr = order[:k], order[k:]
    return Dataset(X[tr], y[tr], X[va], y[va], name="noisy sine", n_classes=None)


def digits(val_fraction: float = 0.25, seed: int = 0, standardize: bool = True) -> Dataset:
    r"""scikit-learn's 8x8 handwritten digits (1797 images, 10 classes), standardized.

    The images ship inside scikit-learn (``sklearn.datasets.load_digits``), so this works
    offline; scikit-learn is imported only when the function is called. Each of the 64 pixels
    is standardized with the **training** statistics, :math:`x' = (x - m)/s` with :math:`m`,
    :math:`s` the pixel's training mean and standard deviation; pixels constant over the
    training set (:math:`s = 0`, e.g. always-blank corners) use :math:`s = 1` and so become
    0 on the training set. With ``standardize=False`` the pixels keep their raw values, the
    integers 0 to 16 (the same split).

    Parameters
    ----------
    val_fraction : float, default 0.25
        Fraction of each class kept for validation, in (0, 1).
    seed : int, default 0
        Seed of the stratified split (``numpy.random.default_rng``).
    standardize : bool
        Standardize each pixel with the training statistics (the default), or keep the raw
        values 0 to 16.

    Returns
    -------
    Dataset
        ``n_features = 64``, ``n_classes = 10``, labels int64.
    """
    owner = "digits"
    _check_common(owner, val_fraction, seed)
    standardize = _checks.flag(owner, "standardize", standardize)
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.int64)
    raw = _split_classes(owner, X, y, 10, val_fraction, np.random.default_rng(seed),
                         "digits" if standardize else "digits (raw pixels)")
    if not standardize:
        return raw
    mean = raw.X_train.mean(axis=0)
    std = raw.X_train.std(axis=0)
    std[std == 0.0] = 1.0
    return Dataset((raw.X_train - mean) / std, raw.y_train, (raw.X_val - mean) / std,
                   raw.y_val, name="digits", n_classes=10)
