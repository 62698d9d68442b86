"""Argument checks shared by every public constructor and function.

Each check raises ``ValueError`` (or ``TypeError`` for a value of the wrong kind) with a message
of the form ``"<owner>: <name> must be <what is allowed>, got <value>"``, e.g.
``"StepDecay: step_size must be a positive integer, got 0"``, and returns the value in the form
the caller computes with (a ``float``, an ``int``, a float64 array). Where a limit is needed only
to keep the arithmetic sound, it is one no course reaches (the int64 range for counts and steps,
a finite result for magnitudes), and the message says so.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NoReturn

import numpy as np

#: The largest count or step index: numpy's int64, in which steps are computed.
INT64_MAX = 2**63 - 1


def _short(value: object) -> str:
    """``repr(value)``, cut short (a whole array has no place in a message)."""
    text = repr(value)
    if len(text) <= 80:
        return text
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return text[:76] + " ..."


def _fail(owner: str, name: str, allowed: str, value: object, exc: type = ValueError) -> NoReturn:
    raise exc(f"{owner}: {name} must be {allowed}, got {_short(value)}")


def _describe(value: object) -> object:
    """``value``, or a description of an array, for a message refusing it as an array."""
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return value


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def real(owner: str, name: str, value: object, *, limit: float | None = None,
         why: str = "") -> float:
    """A finite real number (bools are refused), of absolute value at most ``limit`` if given;
    ``why`` (e.g. ``" (a larger one overflows)"``) explains the limit in the message."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        _fail(owner, name, "a finite real number", value, TypeError)
    try:
        x = float(value)
    except OverflowError:  # an int beyond the float range
        x = math.inf
    if not math.isfinite(x):
        _fail(owner, name, "a finite real number", value)
    if limit is not None and abs(x) > limit:
        _fail(owner, name, f"a real number with |{name}| <= {limit:g}{why}", value)
    return x


def positive(owner: str, name: str, value: object, *, limit: float | None = None,
             why: str = "") -> float:
    """A finite number > 0 (at most ``limit`` if given)."""
    x = real(owner, name, value)
    if x <= 0:
        _fail(owner, name, "a positive finite number (> 0)", value)
    if limit is not None and x > limit:
        _fail(owner, name, f"a positive number at most {limit:g}{why}", value)
    return x


def nonnegative(owner: str, name: str, value: object, *, limit: float | None = None,
                why: str = "") -> float:
    """A finite number >= 0 (at most ``limit`` if given)."""
    x = real(owner, name, value)
    if x < 0:
        _fail(owner, name, "a non-negative finite number (>= 0)", value)
    if limit is not None and x > limit:
        _fail(owner, name, f"a non-negative number at most {limit:g}{why}", value)
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


def integer(owner: str, name: str, value: object, *, minimum: int = 0,
            maximum: int = INT64_MAX) -> int:
    """An integer from ``minimum`` to ``maximum`` (bools and floats are refused).

    ``maximum`` is the int64 range by default: counts and steps are computed in int64 arrays,
    where a larger one would overflow.
    """
    what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        _fail(owner, name, what, value, TypeError)
    if value < minimum:
        _fail(owner, name, what, value)
    if value > maximum:
        top = "2**63 - 1 (the int64 range)" if maximum == INT64_MAX else str(maximum)
        _fail(owner, name, f"{what} at most {top}", value)
    return int(value)


def flag(owner: str, name: str, value: object) -> bool:
    """A genuine ``bool`` (``0``/``1``, ``None``, strings and arrays are refused)."""
    if not isinstance(value, bool | np.bool_):
        _fail(owner, name, "True or False", value, TypeError)
    return bool(value)


def choice(owner: str, name: str, value: object, choices: Iterable[str]) -> str:
    """One of a fixed set of strings."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        allowed = "one of " + ", ".join(repr(c) for c in choices)
        _fail(owner, name, allowed, value)
    return value


def text(owner: str, name: str, value: object) -> str:
    """A string (a label or a title)."""
    if not isinstance(value, str):
        _fail(owner, name, "a str", value, TypeError)
    return value


def pair(owner: str, name: str, value: object,
         check: Callable[[str, str, object], float] = real) -> tuple[float, float]:
    """Two numbers ``(a, b)`` (a tuple, list or 1-D array of length 2), each passed through
    ``check(owner, f"{name}[i]", v)``."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        _fail(owner, name, "a pair of two numbers", value, TypeError)
    if np.ndim(value) != 1 or len(value) != 2:
        _fail(owner, name, "a pair of two numbers", value)
    first, second = (check(owner, f"{name}[{i}]", v) for i, v in enumerate(value))
    return first, second


def function(owner: str, name: str, value: object) -> Callable:
    """Something callable."""
    if not callable(value):
        _fail(owner, name, "callable", value, TypeError)
    return value


def instance(owner: str, name: str, value: object, cls: type | tuple[type, ...],
             what: str) -> object:
    """An instance of ``cls``; ``what`` says it in words (``"an lrcourse MLP"``)."""
    if not isinstance(value, cls):
        _fail(owner, name, what, f"a {type(value).__name__}", TypeError)
    return value


def keywords(owner: str, given: Mapping[str, object], allowed: Iterable[str],
             name: str = "keyword arguments") -> None:
    """Keyword arguments (``**kwargs``, or a dict of them called ``name``) all among
    ``allowed``."""
    allowed = sorted(allowed)
    unknown = sorted(str(key) for key in set(given) - set(allowed))
    if unknown:
        raise TypeError(f"{owner}: {name} must be among {allowed}, "
                        f"got unknown {', '.join(unknown)}")


def finite_result(owner: str, name: str, value: object, result: float | np.ndarray) -> None:
    """Refuse ``value`` of argument ``name`` when ``result`` computed from it is not finite:
    the computation overflowed the float range, which no course goes near."""
    if not np.all(np.isfinite(result)):
        _fail(owner, name, "small enough that the computation stays within the float range",
              value)


def noise(owner: str, name: str, value: object) -> float:
    """A noise scale (a standard deviation): a finite number >= 0, at most 1e300, beyond which
    it times a Gaussian draw overflows."""
    return nonnegative(owner, name, value, limit=1e300, why=" (a larger one overflows the draws)")


# --------------------------------------------------------------------------------------------
# Steps and arrays
# --------------------------------------------------------------------------------------------


def steps(owner: str, k: object) -> np.ndarray:
    """Step indices: a non-negative int or an integer ndarray, in the int64 range; returned as
    an int64 array."""
    allowed = "a non-negative integer or an integer array"
    if isinstance(k, bool | np.bool_):
        _fail(owner, "step k", allowed, k, TypeError)
    if isinstance(k, numbers.Integral):
        if k > INT64_MAX:
            _fail(owner, "step k", "at most 2**63 - 1 (the int64 range)", k)
        if k < 0:
            _fail(owner, "step k", "non-negative", int(k))
        return np.asarray(int(k), dtype=np.int64)
    arr = np.asarray(k)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        _fail(owner, "step k", allowed, k, TypeError)
    if arr.size and arr.dtype.kind == "u" and arr.max() > INT64_MAX:
        _fail(owner, "step k", "at most 2**63 - 1 (the int64 range)", int(arr.max()))
    arr = arr.astype(np.int64, copy=False)
    if arr.size and arr.min() < 0:
        _fail(owner, "step k", "non-negative", int(arr.min()))
    return arr


def _entries_are_real(value: object) -> bool:
    """Whether every entry of the (nested) array-like ``value`` is a real number, so that its
    float64 conversion changes no meaning: bools, strings and None are not."""
    if value is None or isinstance(value, bool | np.bool_ | str | bytes):
        return False
    if isinstance(value, list | tuple):
        return all(_entries_are_real(v) for v in value)
    if isinstance(value, numbers.Real):
        return True
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return False
    if arr.dtype.kind == "O":
        return all(_entries_are_real(v) for v in arr.ravel())
    return arr.dtype.kind in "iuf"


def real_array(owner: str, name: str, value: object, *, ndim: int | None = None) -> np.ndarray:
    """A float64 array of real numbers (optionally of a given ``ndim``); NaN and infinity are
    allowed (a diverged run's values), bools, strings and None are not."""
    if not _entries_are_real(value):
        _fail(owner, name, "an array of real numbers", _describe(value), TypeError)
    try:
        arr = np.asarray(value, dtype=np.float64)
    except OverflowError:  # an int beyond the float range
        _fail(owner, name, "finite (no NaN or inf)", "an integer beyond the float range")
    except ValueError:  # ragged nesting
        _fail(owner, name, "a regular array (rows of equal length)", value)
    if ndim is not None and arr.ndim != ndim:
        _fail(owner, name, f"a {ndim}-D array", f"an array of shape {arr.shape}")
    return arr


def finite_array(owner: str, name: str, value: object, *, ndim: int | None = None,
                 limit: float | None = None, why: str = "") -> np.ndarray:
    """A non-empty float64 array of finite numbers (optionally of a given ``ndim``, with
    entries of absolute value at most ``limit``)."""
    arr = real_array(owner, name, value, ndim=ndim)
    if arr.size == 0:
        _fail(owner, name, "non-empty", f"an array of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        n_bad = int(np.sum(~np.isfinite(arr)))
        _fail(owner, name, "finite (no NaN or inf)", f"{n_bad} non-finite entries")
    if limit is not None and np.abs(arr).max() > limit:
        _fail(owner, name, f"of entries with absolute value at most {limit:g}{why}",
              float(arr.flat[np.abs(arr).argmax()]))
    return arr


def positive_array(owner: str, name: str, value: object, *,
                   ndim: int | None = None) -> np.ndarray:
    """A non-empty float64 array of finite positive numbers (rates, curvatures)."""
    arr = finite_array(owner, name, value, ndim=ndim)
    if np.any(arr <= 0):
        _fail(owner, name, "positive", float(arr.min()))
    return arr
