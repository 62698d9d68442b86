"""The course's figure style (`COLORS`, `LINESTYLES`, `MARKERS`, `RC`, `style`), log axes that
read well (`log_axis`, `rate_ticks`), and the argument checks every picture shares."""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from cycler import cycler

from .. import _checks

#: Okabe-Ito colours, most legible first (yellow, weak on white, last).
COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
#: One line style per series, paired with `COLORS`, so curves differ in greyscale too.
LINESTYLES: tuple[Any, ...] = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 1, 1, 1, 1, 1)),
    (0, (8, 2)),
    (0, (1, 1)),
    (0, (3, 1, 1, 1)),
)
#: One marker per series, paired with `COLORS`.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")

#: matplotlib settings of every course figure (see `style`).
RC: dict[str, Any] = {
    "figure.figsize": (7.5, 4.3),
    "figure.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 10.5,
    "legend.framealpha": 0.85,
    "lines.linewidth": 2.0,
    "lines.markersize": 6.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=COLORS) + cycler(linestyle=LINESTYLES),
    "image.cmap": "cividis",
}

_ETA = r"learning rate $\eta$"


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The course's matplotlib settings (`RC`) for everything drawn inside the ``with`` block.

    Every function of this module already draws inside it; use it for a hand-made figure::

        with plots.style():
            fig, ax = plt.subplots()
    """
    with mpl.rc_context(RC):
        yield


def _styled(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return wrapper


def _new_ax(ax, owner: str):
    """``ax`` itself (checked by `_check_ax`), or the single Axes of a new pyplot figure."""
    if ax is None:
        import matplotlib.pyplot as plt

        return plt.subplots(layout="constrained")[1]
    return _check_ax(owner, ax)


def _check_ax(owner: str, ax: object, optional: bool = True):
    """``ax``, refused unless it is a matplotlib ``Axes`` (or None where ``optional``)."""
    from matplotlib.axes import Axes

    if not (isinstance(ax, Axes) or (optional and ax is None)):
        allowed = "a matplotlib Axes or None" if optional else "a matplotlib Axes"
        _checks._fail(owner, "ax", allowed, ax, TypeError)
    return ax


def _log_value(owner: str, name: str, value: object) -> float:
    """A positive number drawn on a log axis, whose ticks matplotlib cannot place near the
    float limit: at most 1e100."""
    return _checks.positive(owner, name, value, limit=1e100, why=" (it is drawn on a log axis)")


def _label(owner: str, name: str, value: object) -> str | None:
    """A text (a label) or None."""
    if value is not None and not isinstance(value, str):
        _checks._fail(owner, name, "a str or None", value, TypeError)
    return value


def _series(i: int) -> dict[str, Any]:
    """Colour, line style and marker of the i-th series."""
    n = len(COLORS)
    return {"color": COLORS[i % n], "linestyle": LINESTYLES[i % n], "marker": MARKERS[i % n]}


def _mapping(owner: str, name: str, value: object) -> Mapping:
    if not isinstance(value, Mapping) or not value:
        raise TypeError(f"{owner}: {name} must be a non-empty dict of label -> data, got {value!r}")
    for label in value:
        if not isinstance(label, str):
            raise TypeError(f"{owner}: {name} keys must be str labels, got {label!r}")
    return value


def _curve(owner: str, label: str, data: object, key: str,
           name: str = "curves") -> tuple[np.ndarray, bool]:
    """A 1-D float curve from an array or from ``getattr(history, key)``, and a diverged flag.

    Non-finite entries are allowed (a diverged run); the flag is true when the curve has one,
    or when the History says it diverged. ``name`` is the argument the curve comes from.
    """
    where = f"{name}[{label!r}]"
    diverged = False
    if hasattr(data, key) and not isinstance(data, np.ndarray):
        diverged = bool(np.any(getattr(data, "diverged", False)))
        data = getattr(data, key)
        if data is None:
            raise ValueError(f"{owner}: {where} must be a History that recorded "
                             f".{key}, got one where it is None")
    if not _checks._entries_are_real(data):
        raise TypeError(f"{owner}: {where} must be a 1-D array of real numbers or a History "
                        f"with .{key}, got {_checks._short(data)}")
    arr = _checks.real_array(owner, where, data)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{owner}: {where} must be a non-empty 1-D array (one run; pass the "
            f"columns of a sweep one by one), got an array of shape {arr.shape}"
        )
    return arr, diverged or not np.all(np.isfinite(arr))


def _smoothed(arr: np.ndarray, beta: float | None) -> np.ndarray:
    """Each column of ``arr`` cut at its first non-finite value (a divergence) and smoothed
    (`_ema`, unless ``beta`` is None) up to there; NaN after."""
    out = np.full(arr.shape, np.nan)
    for r in range(arr.shape[1]):
        finite = np.isfinite(arr[:, r])
        end = int(np.argmin(finite)) if not finite.all() else arr.shape[0]
        if end:
            out[:end, r] = arr[:end, r] if beta is None else _ema(arr[:end, r], beta)
    return out


def _spread(arr: np.ndarray, beta: float | None) -> tuple[np.ndarray, ...]:
    """Each replicate (column) cut at its first non-finite value and smoothed (EMA ``beta``),
    then per step: the median over the replicates still running (NaN where half or fewer
    are), and the lowest and highest of them (NaN where none is)."""
    steps, n = arr.shape
    ys = _smoothed(arr, beta)
    running = np.isfinite(ys).sum(axis=1)
    mid, low, high = (np.full(steps, np.nan) for _ in range(3))
    some, most = running > 0, running > n / 2
    low[some], high[some] = np.nanmin(ys[some], axis=1), np.nanmax(ys[some], axis=1)
    mid[most] = np.nanmedian(ys[most], axis=1)
    return mid, low, high


def _band_legend(ax, n: int) -> None:
    """One grey legend entry explaining the shaded bands of ``n`` replicates."""
    ax.fill_between([], [], color="0.5", alpha=0.25, linewidth=0,
                    label=f"range of {n} runs (line: median)")


def _ema(values: np.ndarray, beta: float) -> np.ndarray:
    r"""Bias-corrected exponential moving average :math:`m_k/(1-\beta^{k+1})`, vectorized.

    :math:`m_k = \beta m_{k-1} + (1-\beta) v_k` is a scaled cumulative sum, computed in chunks
    short enough that :math:`\beta^{-\text{chunk}}` stays below :math:`e^{40}`.
    """
    if beta == 0.0:
        return values.copy()
    chunk = max(1, int(40.0 / -np.log(beta)))
    out = np.empty(values.size)
    m = 0.0
    for start in range(0, values.size, chunk):
        v = values[start : start + chunk]
        power = beta ** np.arange(1.0, v.size + 1)  # beta^(i+1)
        out[start : start + v.size] = power * m + (1 - beta) * np.cumsum(v / power) * power
        m = out[start + v.size - 1]
    return out / (1 - beta ** np.arange(1.0, values.size + 1))


def _steps_of(owner: str, sched: object, steps: object,
              name: str = "sched") -> tuple[np.ndarray, np.ndarray]:
    n = _checks.integer(owner, "steps", steps, minimum=1)
    if not callable(sched):
        raise TypeError(
            f"{owner}: {name} must be a schedule callable as sched(k), got {type(sched).__name__}"
        )
    k = np.arange(n)
    return k, _checks.real_array(owner, f"{name}(k)", sched(k))


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(x: float) -> str:
    """``10⁻³``, ``2×10⁻¹``: a positive number as plain text with Unicode superscripts."""
    exponent = math.floor(math.log10(x) + 1e-9)
    mantissa = round(x / 10.0**exponent, 6)
    power = "10" + str(exponent).translate(_SUPERSCRIPT)
    return power if mantissa == 1 else f"{mantissa:g}×{power}"


def _powers_in_view(vmin: float, vmax: float) -> float:
    """How many powers of ten lie in ``[vmin, vmax]`` (both positive)."""
    low, high = sorted((vmin, vmax))
    return math.floor(math.log10(high) + 1e-9) - math.ceil(math.log10(low) - 1e-9) + 1


def _log_locators():
    """Major and minor tick locators of the course's log axes (see `log_axis`)."""
    from matplotlib.ticker import LogLocator

    class Major(LogLocator):
        def tick_values(self, vmin, vmax):
            if vmin > 0 and vmax > 0:
                powers = _powers_in_view(vmin, vmax)
                if powers <= 1:  # too few powers of ten to read a value: 1, 2, 3, 5 times
                    self.set_params(subs=(1.0, 2.0, 3.0, 5.0), numticks=None)
                elif powers == 2:  # 1, 2 and 5 times
                    self.set_params(subs=(1.0, 2.0, 5.0), numticks=None)
                else:  # powers of ten, every other one beyond seven
                    self.set_params(subs=(1.0,), numticks=7 if powers > 7 else None)
            return super().tick_values(vmin, vmax)

    class Minor(LogLocator):
        def tick_values(self, vmin, vmax):
            if vmin > 0 and vmax > 0 and _powers_in_view(vmin, vmax) <= 2:
                return []  # the major ticks already sit at 2 and 5 times
            return super().tick_values(vmin, vmax)

    # minor ticks at 2 and 5 times a power of ten: enough to read a value, and a quarter of
    # matplotlib's default (2, ..., 9) tick objects, which an explorer rebuilds at every move
    return Major(), Minor(subs=(2.0, 5.0))


def log_axis(ax, axis: str = "y") -> None:
    """Put ``axis`` (``"x"`` or ``"y"``) of ``ax`` on a log scale with the course's tick labels.

    Labelled ticks at the powers of ten (``10⁻³``; every other one when more than seven are in
    view), small unlabelled ticks at 2 and 5 times them; with two powers of ten in view the
    2 and 5 ticks are labelled too, with at most one the ticks are at 1, 2, 3 and 5 times the
    powers (``3×10⁻¹``). The ticks follow the view at every draw. Labels are plain text with
    Unicode superscripts rather than mathtext, which matplotlib re-parses at every draw: a
    widget redraws several times faster.
    """
    from matplotlib.ticker import LogFormatter

    class _Ticks(LogFormatter):
        def _num_to_string(self, x, vmin, vmax):
            return _power_of_ten(x)

    _check_ax("plots.log_axis", ax, optional=False)
    _checks.choice("plots.log_axis", "axis", axis, ("x", "y"))
    getattr(ax, f"set_{axis}scale")("log")
    target = ax.xaxis if axis == "x" else ax.yaxis
    major, minor = _log_locators()
    target.set_major_locator(major)
    target.set_minor_locator(minor)
    # label every major tick (3×10⁻¹ included); the minor ticks only mark
    target.set_major_formatter(_Ticks(labelOnlyBase=False, minor_thresholds=(math.inf, math.inf)))
    target.set_minor_formatter(_Ticks(labelOnlyBase=True))


def rate_ticks(ax, rates: Sequence[float], axis: str = "x") -> None:
    """Label ``axis`` of ``ax`` at exactly the rates of a grid (``0.025, 0.05, ...``).

    For a sweep over a handful of rates this reads better than powers of ten: every point of
    the curve sits on a labelled tick. Minor ticks are switched off.
    """
    from matplotlib.ticker import NullLocator

    owner = "plots.rate_ticks"
    _check_ax(owner, ax, optional=False)
    _checks.choice(owner, "axis", axis, ("x", "y"))
    rates = _checks.positive_array(owner, "rates", rates, ndim=1)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_ticks(rates, [f"{r:g}" for r in rates])
    target.set_minor_locator(NullLocator())


def _finish_legend(ax) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
