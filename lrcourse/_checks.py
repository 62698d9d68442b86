"""Argument checks shared by every public constructor and function.

Each check raises ``ValueError`` (or ``TypeError`` for a value of the wrong kind) with a message
of the form ``"<owner>: <name> must be <what is allowed>, got <value>"``, e.g.
``"StepDecay: step_size must be a positive integer, got 0"``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np


def _fail(owner: str, name: str, allowed: str, value: object, exc: type = ValueError) -> None:
    raise exc(f"{owner}: {name} must be {allowed}, got {value!r}")


def real(owner: str, name: str, value: object) -> float:
    """A finite real number (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        _fail(owner, name, "a finite real number", value, TypeError)
    value = float(value)
    if not math.isfinite(value):
        _fail(owner, name, "a finite real number", value)
    return value


def positive(owner: str, name: str, value: object) -> float:
    """A finite number > 0."""
    x = real(owner, name, value)
    if x <= 0:
        _fail(owner, name, "a positive finite number (> 0)", value)
    return x


def nonnegative(owner: str, name: str, value: object) -> float:
    """A finite number >= 0."""
    x = real(owner, name, value)
    if x < 0:
        _fail(owner, name, "a non-negative finite number (>= 0)", value)
    return x


def in_interval(
    owner: str,
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite number in the interval between ``low`` and ``high`` (ends open or closed)."""
    x = real(owner, name, value)
    too_low = x <= low if low_open else x < low
    too_high = x >= high if high_open else x > high
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        _fail(owner, name, f"in {left}{low:g}, {high:g}{right}", value)
    return x


def integer(owner: str, name: str, value: object, *, minimum: int = 0) -> int:
    """An integer >= ``minimum`` (bools and floats are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        _fail(owner, name, what, value, TypeError)
    if value < minimum:
        what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        _fail(owner, name, what, value)
    return int(value)


def choice(owner: str, name: str, value: object, choices: Iterable[str]) -> str:
    """One of a fixed set of strings."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        allowed = "one of " + ", ".join(repr(c) for c in choices)
        _fail(owner, name, allowed, value)
    return value


def steps(owner: str, k: object) -> np.ndarray:
    """Step indices: a non-negative int or an integer ndarray; returned as an int64 array."""
    if isinstance(k, bool):
        _fail(owner, "step k", "a non-negative integer or an integer array", k, TypeError)
    if isinstance(k, numbers.Integral):
        arr = np.asarray(int(k), dtype=np.int64)
    else:
        arr = np.asarray(k)
        if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
            _fail(owner, "step k", "a non-negative integer or an integer array", k, TypeError)
        arr = arr.astype(np.int64, copy=False)
    if arr.size and arr.min() < 0:
        _fail(owner, "step k", "non-negative", int(arr.min()))
    return arr


def finite_array(owner: str, name: str, value: object, *, ndim: int | None = None) -> np.ndarray:
    """A non-empty float64 array of finite numbers (optionally of a given ``ndim``)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        _fail(owner, name, "an array of real numbers", type(value).__name__, TypeError)
    if ndim is not None and arr.ndim != ndim:
        _fail(owner, name, f"a {ndim}-D array", f"an array of shape {arr.shape}")
    if arr.size == 0:
        _fail(owner, name, "non-empty", f"an array of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        n_bad = int(np.sum(~np.isfinite(arr)))
        _fail(owner, name, "finite (no NaN or inf)", f"{n_bad} non-finite entries")
    return arr
