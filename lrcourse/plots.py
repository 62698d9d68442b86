r"""Figures of the course: one function per kind of picture, one colour-blind-safe style.

Every function takes an optional ``ax`` (a matplotlib ``Axes``) and returns what it drew on: the
``Axes``, or ``(fig, axes)`` for the multi-panel pictures. When ``ax`` is ``None`` a new figure is
made with ``matplotlib.pyplot.subplots``, so under ``%matplotlib inline`` it is shown once, at the
end of the cell; no function calls ``plt.show()``. To draw into a figure that pyplot does not
manage (the widgets do this), pass the ``Axes`` of a ``matplotlib.figure.Figure``.

The style: the Okabe-Ito palette (`COLORS`, distinguishable with every common colour-vision
deficiency), a different line style (`LINESTYLES`) and marker (`MARKERS`) for each series so a
figure also reads in greyscale, and font sizes for a page about 1280 pixels wide (`style`).
Learning rates that span decades are drawn on log axes.

matplotlib is imported here only, and only when this module is first used
(``lrcourse.plots`` is loaded lazily by ``import lrcourse``).
"""

from __future__ import annotations

import contextlib
import functools
import math
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from cycler import cycler

from . import _checks, theory

__all__ = [
    "COLORS",
    "LINESTYLES",
    "MARKERS",
    "RC",
    "accuracy_curves",
    "activation_histograms",
    "contour_trajectories",
    "convergence_rate",
    "dead_fractions",
    "log_axis",
    "loss_curves",
    "lr_curves",
    "lr_finder",
    "momentum",
    "path_1d",
    "rate_ticks",
    "schedule",
    "schedule_grid",
    "schedule_momentum",
    "schedules",
    "style",
    "sweep_result",
    "update_ratio",
]

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

# Markers of critical points, and their legend labels.
_CRITICAL = {
    "minimum": {"marker": "o", "color": "black", "s": 70},
    "saddle": {"marker": "x", "color": "black", "s": 80, "linewidths": 2.5},
    "maximum": {"marker": "^", "color": "black", "s": 75},
    "inflection": {"marker": "D", "color": "black", "s": 55},
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
    """``ax`` itself, or the single Axes of a new pyplot figure."""
    if ax is None:
        import matplotlib.pyplot as plt

        return plt.subplots(layout="constrained")[1]
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"{owner}: ax must be a matplotlib Axes or None, got {ax!r}")
    return ax


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


def _curve(owner: str, label: str, data: object, key: str) -> tuple[np.ndarray, bool]:
    """A 1-D float curve from an array or from ``getattr(history, key)``, and a diverged flag.

    Non-finite entries are allowed (a diverged run); the flag is true when the curve has one,
    or when the History says it diverged.
    """
    diverged = False
    if hasattr(data, key) and not isinstance(data, np.ndarray):
        diverged = bool(np.any(getattr(data, "diverged", False)))
        data = getattr(data, key)
        if data is None:
            raise ValueError(f"{owner}: curve {label!r} must be a History that recorded "
                             f".{key}, got one where it is None")
    try:
        arr = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{owner}: curve {label!r} must be a 1-D array or a History with .{key}, "
            f"got {type(data).__name__}"
        ) from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{owner}: curve {label!r} must be a non-empty 1-D array (one run; pass the "
            f"columns of a sweep one by one), got an array of shape {arr.shape}"
        )
    return arr, diverged or not np.all(np.isfinite(arr))


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


def _steps_of(owner: str, sched: object, steps: object) -> tuple[np.ndarray, np.ndarray]:
    n = _checks.integer(owner, "steps", steps, minimum=1)
    if not callable(sched):
        raise TypeError(
            f"{owner}: sched must be a schedule callable as sched(k), got {type(sched).__name__}"
        )
    k = np.arange(n)
    return k, np.asarray(sched(k), dtype=np.float64)


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
    _checks.choice(owner, "axis", axis, ("x", "y"))
    rates = _checks.finite_array(owner, "rates", rates, ndim=1)
    if rates.size == 0 or rates.min() <= 0:
        raise ValueError(f"{owner}: rates must be a non-empty list of positive rates, "
                         f"got {rates.tolist()!r}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_ticks(rates, [f"{r:g}" for r in rates])
    target.set_minor_locator(NullLocator())


def _finish_legend(ax) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend()


# ---- schedules -----------------------------------------------------------------------------


@_styled
def schedule(sched: Callable, steps: int, ax=None, label: str | None = None,
             logy: bool = False, index: int = 0):
    r"""Draw a learning-rate schedule :math:`\eta_k` for the steps :math:`k = 0, \dots, n-1`.

    Step :math:`k` is the rate of the :math:`(k+1)`-th update (PyTorch's
    ``scheduler.get_last_lr()`` after :math:`k` calls of ``scheduler.step()``); the curve is a
    staircase because the rate is constant during an update.

    Parameters
    ----------
    sched : Schedule
        Any callable that maps an integer array of steps to the array of rates.
    steps : int
        Number of steps drawn, :math:`n \ge 1`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when ``None``.
    label : str, optional
        Legend entry; the schedule's class name when ``None``.
    logy : bool
        Log scale for the rate (for schedules that decay over decades).
    index : int
        Series number: picks colour and line style, so several calls on one ``ax`` differ.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.schedule"
    k, lr = _steps_of(owner, sched, steps)
    _checks.integer(owner, "index", index)
    ax = _new_ax(ax, owner)
    style_ = _series(index)
    ax.plot(k, lr, drawstyle="steps-post", color=style_["color"],
            linestyle=style_["linestyle"], label=type(sched).__name__ if label is None else label)
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel("step $k$")
    ax.set_ylabel(_ETA)
    _finish_legend(ax)
    return ax


@_styled
def schedules(scheds: Mapping[str, Callable], steps: int, ax=None, logy: bool = False):
    """Several schedules overlaid on one Axes, one colour and line style each.

    Parameters
    ----------
    scheds : dict of str to Schedule
        Legend label -> schedule.
    steps : int
        Number of steps drawn.
    ax : matplotlib Axes, optional
    logy : bool
        Log scale for the rate.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.schedules"
    scheds = _mapping(owner, "scheds", scheds)
    ax = _new_ax(ax, owner)
    for i, (label, sched) in enumerate(scheds.items()):
        schedule(sched, steps, ax=ax, label=label, logy=logy, index=i)
    return ax


@_styled
def schedule_grid(scheds: Mapping[str, Callable], steps: int, ncols: int = 3,
                  logy: bool = False, sharey: bool = True):
    """Several schedules side by side, one small panel each (titled by its label).

    The figure is one page column wide (``RC["figure.figsize"]``) whatever ``ncols`` is, so that
    its text is as large as every other figure's on the page; three or more panels per row get
    fewer step ticks, and only the outer panels carry axis labels.

    Parameters
    ----------
    scheds : dict of str to Schedule
    steps : int
    ncols : int
        Panels per row.
    logy : bool
    sharey : bool
        One rate axis for all panels (compare magnitudes) or one each (compare shapes).

    Returns
    -------
    (Figure, ndarray of Axes)
        ``axes`` is flat, one per schedule in order; unused panels are removed.
    """
    import matplotlib.pyplot as plt

    owner = "plots.schedule_grid"
    scheds = _mapping(owner, "scheds", scheds)
    ncols = min(_checks.integer(owner, "ncols", ncols, minimum=1), len(scheds))
    nrows = -(-len(scheds) // ncols)
    from matplotlib.ticker import MaxNLocator

    width = RC["figure.figsize"][0]
    panel_height = 2.8 if ncols <= 2 else 2.3
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, panel_height * nrows), sharex=True,
                             sharey=sharey, squeeze=False, layout="constrained")
    axes = axes.ravel()
    for ax in axes[len(scheds):]:
        ax.remove()
    axes = axes[: len(scheds)]
    for i, (ax, (label, sched)) in enumerate(zip(axes, scheds.items(), strict=True)):
        # each panel has one curve: skip the last colour (yellow, weak on white alone)
        schedule(sched, steps, ax=ax, label=label, logy=logy, index=i % (len(COLORS) - 1))
        ax.get_legend().remove()
        # a title longer than its panel is wide wraps instead of running into the next one
        ax.set_title(textwrap.fill(label, width=max(12, int(width / ncols * 9))))
        if ncols >= 3:  # narrow panels: step numbers like 15000 would run into each other
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        if i + ncols < len(scheds):  # a panel below carries the step axis
            ax.set_xlabel("")
        else:  # bottom of its column (also above a removed spare): show the step numbers
            ax.xaxis.set_tick_params(labelbottom=True)
        if sharey and i % ncols:
            ax.set_ylabel("")
    return fig, axes


@_styled
def momentum(sched: Any, steps: int, ax=None, label: str | None = None, **momentum_kw: float):
    r"""The cycled momentum :math:`\beta_k` of a `CyclicLR` or `OneCycle` schedule.

    Momentum moves opposite to the rate: low while the rate is high, high while it is low
    (PyTorch ``cycle_momentum=True``).

    Parameters
    ----------
    sched : CyclicLR or OneCycle
        A schedule with a ``momentum(k, ...)`` method.
    steps : int
    ax : matplotlib Axes, optional
    label : str, optional
    **momentum_kw
        ``base_momentum`` / ``max_momentum``, passed to ``sched.momentum``.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.momentum"
    if not callable(getattr(sched, "momentum", None)):
        raise TypeError(f"{owner}: sched must have a momentum(k) method (CyclicLR, OneCycle), "
                        f"got {type(sched).__name__}")
    k, beta = _steps_of(owner, lambda k: sched.momentum(k, **momentum_kw), steps)
    ax = _new_ax(ax, owner)
    ax.plot(k, beta, drawstyle="steps-post", color=COLORS[1], linestyle=LINESTYLES[1],
            label=f"momentum of {type(sched).__name__}" if label is None else label)
    ax.set_xlabel("step $k$")
    ax.set_ylabel(r"momentum $\beta$")
    _finish_legend(ax)
    return ax


@_styled
def schedule_momentum(sched: Any, steps: int, ax=None, logy: bool = False,
                      **momentum_kw: float):
    r"""A cycled schedule's rate :math:`\eta_k` and its momentum :math:`\beta_k` on twin axes.

    The rate is drawn on ``ax`` (left axis), the momentum of ``sched.momentum`` on a twin axis
    sharing the steps (right axis), with one legend for both above the axes (so a title, if
    any, belongs to the figure): where the rate peaks, the momentum is lowest (PyTorch
    ``CyclicLR`` / ``OneCycleLR`` with ``cycle_momentum=True``).

    Parameters
    ----------
    sched : CyclicLR or OneCycle
        A schedule with a ``momentum(k, ...)`` method.
    steps : int
        Number of steps drawn.
    ax : matplotlib Axes, optional
        Axes of the rate; a new figure when ``None``.
    logy : bool
        Log scale for the rate.
    **momentum_kw
        ``base_momentum`` / ``max_momentum``, passed to ``sched.momentum``.

    Returns
    -------
    (Axes, Axes)
        The rate's axes and the momentum's twin axes.
    """
    owner = "plots.schedule_momentum"
    if not callable(getattr(sched, "momentum", None)):
        raise TypeError(f"{owner}: sched must have a momentum(k) method (CyclicLR, OneCycle), "
                        f"got {type(sched).__name__}")
    ax = _new_ax(ax, owner)
    schedule(sched, steps, ax=ax, label=r"rate $\eta$", logy=logy)
    twin = momentum(sched, steps, ax=ax.twinx(), label=r"momentum $\beta$", **momentum_kw)
    handles, labels = [], []
    for a in (ax, twin):
        h, lab = a.get_legend_handles_labels()
        handles += h
        labels += lab
        a.get_legend().remove()
    # above the axes: the two curves cross everywhere inside
    ax.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2,
              frameon=False)
    return ax, twin


# ---- training curves -----------------------------------------------------------------------


@_styled
def loss_curves(curves: Mapping[str, Any], ax=None, logy: bool = True,
                smooth: float | None = None, xlabel: str = "update",
                mark: Mapping[str, Sequence[float]] | None = None, key: str = "loss",
                ylabel: str | None = None, ylim: tuple[float, float] | None = None):
    r"""Loss curves, one per run; diverged runs end with a cross.

    Parameters
    ----------
    curves : dict of str to array or History
        Label -> 1-D losses, or a `History` (its attribute ``key`` is drawn, and its
        ``diverged`` flag honoured). Non-finite values (a diverged run) are not drawn; a cross
        marks the last finite value.
    ax : matplotlib Axes, optional
    logy : bool
        Log scale for the loss (losses must then be positive).
    smooth : float, optional
        :math:`\beta \in [0, 1)` of a bias-corrected exponential moving average
        :math:`m_k = \beta m_{k-1} + (1-\beta)\ell_k`, :math:`\hat m_k = m_k / (1-\beta^{k+1})`.
        The raw curve is then drawn faintly behind the smoothed one (minibatch noise).
    xlabel : str
        ``"update"`` for per-update losses, ``"epoch"`` for per-epoch ones.
    mark : dict of str to sequence of float, optional
        Label -> x positions marked with vertical dotted lines, e.g.
        ``{"rate lowered": history.plateau_reductions}``.
    key : str
        Attribute read from a History: ``"loss"`` (per update) or ``"val_loss"`` (per epoch,
        epoch 0 being the untrained model, so ``History.plateau_reductions`` mark directly).
    ylabel : str, optional
        Label of the loss axis; by default ``"validation loss"`` for ``key="val_loss"``, else
        ``"loss"`` (pass it when the curves are arrays of something more specific, e.g. a
        validation loss averaged over runs).
    ylim : (float, float), optional
        Range of the loss axis, ``low < high`` (``low > 0`` on a log axis); by default it fits
        every drawn value, so a blow-up or a few extreme minibatch losses can squeeze the
        curves into a thin band.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.loss_curves"
    curves = _mapping(owner, "curves", curves)
    _checks.choice(owner, "key", key, ("loss", "val_loss"))
    beta = None if smooth is None else _checks.in_interval(owner, "smooth", smooth, 0.0, 1.0,
                                                           high_open=True)
    if mark is not None:
        mark = _mapping(owner, "mark", mark)
    arrays = {label: _curve(owner, label, data, key) for label, data in curves.items()}
    if logy:
        for label, (arr, _) in arrays.items():
            finite = arr[np.isfinite(arr)]
            if finite.size and finite.min() <= 0:
                raise ValueError(f"{owner}: curve {label!r} must be positive for logy=True, got "
                                 f"a minimum of {finite.min()!r} (pass logy=False)")
    ax = _new_ax(ax, owner)
    first_diverged = True
    for i, (label, (arr, diverged)) in enumerate(arrays.items()):
        st = _series(i)
        x = np.arange(arr.size)
        finite = np.isfinite(arr)
        end = int(np.argmin(finite)) if not finite.all() else arr.size  # first non-finite
        x, y = x[:end], arr[:end]
        if beta is not None and y.size:
            ax.plot(x, y, color=st["color"], linestyle="-", linewidth=0.8, alpha=0.3)
            y = _ema(y, beta)
        ax.plot(x, y, color=st["color"], linestyle=st["linestyle"], label=label)
        if diverged and y.size:
            ax.scatter(x[-1], y[-1], marker="X", s=110, color=st["color"], edgecolor="black",
                       zorder=5, label="diverged" if first_diverged else None)
            first_diverged = False
    for j, (label, xs) in enumerate((mark or {}).items()):
        xs = np.asarray(xs, dtype=np.float64).ravel()
        for n, xv in enumerate(xs):
            ax.axvline(xv, color=COLORS[6 - j % 3], linestyle=":", linewidth=1.4,
                       label=label if n == 0 else None)
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel(xlabel)
    if ylabel is None:
        ylabel = "validation loss" if key == "val_loss" else "loss"
    elif not isinstance(ylabel, str):
        raise TypeError(f"{owner}: ylabel must be a str or None, got {ylabel!r}")
    ax.set_ylabel(ylabel)
    if ylim is not None:
        if not isinstance(ylim, Sequence) or isinstance(ylim, str) or len(ylim) != 2:
            _checks._fail(owner, "ylim", "a pair (low, high) or None", ylim)
        low, high = (_checks.real(owner, "ylim", v) for v in ylim)
        if not low < high or (logy and low <= 0):
            _checks._fail(owner, "ylim", "(low, high) with low < high" + (" and low > 0 on a log "
                          "axis" if logy else ""), ylim)
        ax.set_ylim(low, high)
    _finish_legend(ax)
    return ax


@_styled
def lr_curves(curves: Mapping[str, Any], ax=None, steps_per_epoch: int | None = None,
              logy: bool = True):
    r"""The learning rate each update used, one step-shaped curve per run.

    Parameters
    ----------
    curves : dict of str to array or History
        Label -> the rate of every update, or a `History` (its ``lr``). Non-finite entries (a
        frozen run of a sweep) are not drawn.
    ax : matplotlib Axes, optional
    steps_per_epoch : int, optional
        Updates per epoch. The x axis is then in epochs, update :math:`k` drawn at
        :math:`k / \text{steps\_per\_epoch}`, so the curve lines up with per-epoch curves such
        as `loss_curves` with ``key="val_loss"``.
    logy : bool
        Log scale for the rate (rates must then be positive).

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.lr_curves"
    curves = _mapping(owner, "curves", curves)
    per = None if steps_per_epoch is None else _checks.integer(owner, "steps_per_epoch",
                                                               steps_per_epoch, minimum=1)
    arrays = {label: _curve(owner, label, data, "lr")[0] for label, data in curves.items()}
    if logy:
        for label, arr in arrays.items():
            finite = arr[np.isfinite(arr)]
            if finite.size and finite.min() <= 0:
                raise ValueError(f"{owner}: curve {label!r} must be positive for logy=True, got "
                                 f"a minimum of {finite.min()!r} (pass logy=False)")
    ax = _new_ax(ax, owner)
    for i, (label, arr) in enumerate(arrays.items()):
        st = _series(i)
        x = np.arange(arr.size, dtype=np.float64)
        if per is not None:
            x /= per
        y = np.where(np.isfinite(arr), arr, np.nan)
        ax.plot(x, y, drawstyle="steps-post", color=st["color"], linestyle=st["linestyle"],
                label=label)
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel("update" if per is None else "epoch")
    ax.set_ylabel(_ETA)
    _finish_legend(ax)
    return ax


@_styled
def accuracy_curves(curves: Mapping[str, Any], ax=None, key: str = "val_acc",
                    xlabel: str = "epoch"):
    """Accuracy per epoch, one curve per run (markers at the epochs), as a percentage.

    Parameters
    ----------
    curves : dict of str to array or History
        Label -> accuracies in [0, 1], one per epoch from epoch 0 (the untrained model), or a
        `History` whose attribute ``key`` is drawn.
    ax : matplotlib Axes, optional
    key : str
        Attribute read from a History.
    xlabel : str

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.ticker import PercentFormatter

    owner = "plots.accuracy_curves"
    curves = _mapping(owner, "curves", curves)
    arrays = {label: _curve(owner, label, data, key)[0] for label, data in curves.items()}
    ax = _new_ax(ax, owner)
    for i, (label, arr) in enumerate(arrays.items()):
        st = _series(i)
        ax.plot(np.arange(arr.size), arr, label=label, markersize=5, **st)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("validation accuracy" if key == "val_acc" else "accuracy")
    _finish_legend(ax)
    return ax


@_styled
def update_ratio(history: Any, ax=None, smooth: float | None = 0.9,
                 labels: Sequence[str] | None = None):
    r"""Update-to-weight ratio :math:`\lVert \Delta W \rVert / \lVert W \rVert` per update.

    A rule of thumb (cs231n): around :math:`10^{-3}` is healthy; much lower, the rate is too
    small; much higher, too large. The band :math:`[10^{-3.5}, 10^{-2.5}]` is shaded.

    Parameters
    ----------
    history : History or array
        ``history.update_ratio`` or an array of shape ``(updates, n_weight_matrices)``.
    ax : matplotlib Axes, optional
    smooth : float or None
        EMA :math:`\beta` (bias-corrected) applied to each curve; ``None`` draws them raw.
    labels : sequence of str, optional
        One per weight matrix; ``W1, W2, ...`` by default.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.update_ratio"
    data = history.update_ratio if hasattr(history, "update_ratio") else history
    ratios = _checks.finite_array(owner, "update_ratio", data)
    if ratios.ndim == 1:
        ratios = ratios[:, None]
    if ratios.ndim != 2:
        raise ValueError(f"{owner}: update_ratio must have shape (updates, n_weight_matrices), "
                         f"got {ratios.shape}")
    if ratios.min() <= 0:
        raise ValueError(f"{owner}: update_ratio must be positive for a log axis, got a minimum "
                         f"of {ratios.min()!r}")
    beta = None if smooth is None else _checks.in_interval(owner, "smooth", smooth, 0.0, 1.0,
                                                           high_open=True)
    if labels is None:
        labels = [f"$W_{{{j + 1}}}$" for j in range(ratios.shape[1])]
    if len(labels) != ratios.shape[1]:
        raise ValueError(f"{owner}: labels must have one entry per weight matrix "
                         f"({ratios.shape[1]}), got {len(labels)}")
    ax = _new_ax(ax, owner)
    ax.axhspan(10 ** -3.5, 10 ** -2.5, color=COLORS[2], alpha=0.12, label=r"$\approx 10^{-3}$")
    ax.axhline(1e-3, color=COLORS[2], linewidth=1.0, linestyle="--")
    k = np.arange(ratios.shape[0])
    for j, label in enumerate(labels):
        y = ratios[:, j] if beta is None else _ema(ratios[:, j], beta)
        st = _series(j)
        ax.plot(k, y, color=st["color"], linestyle=st["linestyle"], label=label)
    log_axis(ax, "y")
    ax.set_xlabel("update")
    ax.set_ylabel(r"$\Vert \Delta W \Vert \,/\, \Vert W \Vert$")
    _finish_legend(ax)
    return ax


# ---- learning-rate search ------------------------------------------------------------------


@_styled
def lr_finder(result: Any, ax=None, suggestions: Sequence[str] = ("valley", "steep", "minimum"),
              show_raw: bool = True, ylim: tuple[float, float] | None = None):
    """The LR range test: loss against the (log-scaled) rate, with the suggested rates.

    Parameters
    ----------
    result : LRFinderResult
        With ``lrs``, ``losses``, ``smoothed`` and ``suggest(method)``.
    ax : matplotlib Axes, optional
    suggestions : sequence of str
        Suggestion rules to mark (``result.suggest(method)``), each with its own marker and
        a dotted vertical line; the legend gives the rate.
    show_raw : bool
        Draw the raw losses faintly behind the smoothed curve.
    ylim : (float, float), optional
        Range of the loss axis, ``low < high``, instead of the default below (e.g. to show
        raw losses that fall below the smoothed curve, which lags behind them).

    By default the loss axis stops at 1.5 times the starting (smoothed) loss so that the
    blow-up at the end does not flatten the part of the curve that matters.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.lr_finder"
    for attr in ("lrs", "losses", "smoothed", "suggest"):
        if not hasattr(result, attr):
            raise TypeError(f"{owner}: result must be an LRFinderResult (with .lrs, .losses, "
                            f".smoothed, .suggest), got {type(result).__name__}")
    lrs = np.asarray(result.lrs, dtype=np.float64)
    smoothed = np.asarray(result.smoothed, dtype=np.float64)
    if isinstance(suggestions, str):
        raise TypeError(f"{owner}: suggestions must be a sequence of method names, "
                        f"got {suggestions!r}")
    if ylim is not None:
        if not isinstance(ylim, Sequence) or isinstance(ylim, str) or len(ylim) != 2:
            _checks._fail(owner, "ylim", "a pair (low, high) or None", ylim)
        ylim = tuple(_checks.real(owner, "ylim", v) for v in ylim)
        if not ylim[0] < ylim[1]:
            _checks._fail(owner, "ylim", "(low, high) with low < high", ylim)
    ax = _new_ax(ax, owner)
    if show_raw:
        ax.plot(lrs, np.asarray(result.losses, dtype=np.float64), color=COLORS[0],
                linewidth=0.9, alpha=0.35, label="raw loss")
    ax.plot(lrs, smoothed, color=COLORS[0], label="smoothed loss")
    for i, method in enumerate(suggestions):
        lr = float(result.suggest(method))
        j = int(np.argmin(np.abs(np.log(lrs) - np.log(lr))))
        st = _series(i + 1)
        ax.axvline(lr, color=st["color"], linestyle=":", linewidth=1.3)
        ax.scatter([lr], [smoothed[j]], marker=st["marker"], s=90, color=st["color"],
                   edgecolor="black", zorder=5, label=f"{method}: {lr:.2g}")
    finite = smoothed[np.isfinite(smoothed)]
    if ylim is not None:
        ax.set_ylim(*ylim)
    elif finite.size:
        # The final blow-up would squash the curve: show up to 1.5x the starting loss.
        low, high = finite.min(), max(finite[0], finite.min()) * 1.5
        pad = 0.05 * (high - low) if high > low else 0.05 * abs(high) + 1e-12
        ax.set_ylim(low - pad, high)
    log_axis(ax, "x")
    ax.set_xlabel(_ETA)
    ax.set_ylabel("loss")
    _finish_legend(ax)
    return ax


@_styled
def sweep_result(lrs: Sequence[float], final_losses: Sequence[float],
                 diverged: Sequence[bool] | None = None, ax=None, logy: bool = True,
                 label: str | None = None, index: int = 0):
    """Final loss against the learning rate (log axis); diverged rates are crosses at the top.

    Parameters
    ----------
    lrs : sequence of float
        Positive rates, in any order (a random search): the curve joins them sorted.
    final_losses : sequence of float
        One per rate; non-finite values count as diverged.
    diverged : sequence of bool, optional
        One per rate (e.g. ``history.diverged`` of a sweep), or-ed with non-finite losses.
    ax : matplotlib Axes, optional
    logy : bool
    label : str, optional
        Legend entry of the curve.
    index : int
        Series number (colour, line style, marker) when several sweeps share ``ax``.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.sweep_result"
    lrs = _checks.finite_array(owner, "lrs", lrs, ndim=1)
    if lrs.min() <= 0:
        raise ValueError(f"{owner}: lrs must be positive, got a minimum of {lrs.min()!r}")
    losses = np.asarray(final_losses, dtype=np.float64)
    if losses.shape != lrs.shape:
        raise ValueError(f"{owner}: final_losses must have one entry per rate {lrs.shape}, "
                         f"got shape {losses.shape}")
    bad = ~np.isfinite(losses)
    if diverged is not None:
        flags = np.asarray(diverged)
        if flags.shape != lrs.shape or flags.dtype != bool:
            raise ValueError(f"{owner}: diverged must be a bool array of shape {lrs.shape}, "
                             f"got {flags.dtype} of shape {flags.shape}")
        bad = bad | flags
    _checks.integer(owner, "index", index)
    ax = _new_ax(ax, owner)
    st = _series(index)
    ok = ~bad
    order = np.argsort(lrs[ok])  # rates of a random search come in any order
    ax.plot(lrs[ok][order], losses[ok][order], label="final loss" if label is None else label,
            **st)
    if bad.any():
        # Crosses along the top edge: x in data coordinates, y in axes coordinates.
        ax.scatter(lrs[bad], np.full(int(bad.sum()), 0.96), marker="x", s=70, linewidths=2.2,
                   color=COLORS[1], transform=ax.get_xaxis_transform(), label="diverged",
                   clip_on=False, zorder=5)
        ax.dataLim.update_from_data_x(lrs, ignore=False)  # the crosses' rates in view
        ax.autoscale_view()
    log_axis(ax, "x")
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel(_ETA)
    ax.set_ylabel("final loss")
    _finish_legend(ax)
    return ax


# ---- stability on a quadratic --------------------------------------------------------------


@_styled
def convergence_rate(quadratic: Any, lrs: Sequence[float] | None = None, ax=None):
    r"""Rate of convergence of gradient descent on a quadratic against the step size.

    On :math:`f(\theta) = \tfrac12 \theta^\top A \theta` with eigenvalues
    :math:`\mu = \lambda_{\min} \le \dots \le \lambda_{\max} = L`, the error along each
    eigenvector is multiplied by :math:`1 - \eta\lambda_i` at every step, so the error shrinks
    like :math:`\rho(\eta)^k` with

    .. math:: \rho(\eta) = \max_i |1 - \eta\lambda_i| = \max(|1-\eta\mu|, |1-\eta L|).

    Gradient descent converges iff :math:`\rho < 1`, i.e. :math:`0 < \eta < 2/L`; the best
    step :math:`\eta^* = 2/(L+\mu)` gives :math:`\rho^* = (\kappa-1)/(\kappa+1)`,
    :math:`\kappa = L/\mu`. Both are marked; the formulas are those of `lrcourse.theory`.

    Parameters
    ----------
    quadratic : Quadratic
        Anything with positive ``L`` and ``mu``.
    lrs : sequence of float, optional
        Step sizes drawn (linear axis); 400 points on :math:`[0, 2.4/L]` by default.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.convergence_rate"
    if not (hasattr(quadratic, "L") and hasattr(quadratic, "mu")):
        raise TypeError(f"{owner}: quadratic must have L and mu (a Quadratic), "
                        f"got {type(quadratic).__name__}")
    big = _checks.positive(owner, "quadratic.L", quadratic.L)
    small = _checks.positive(owner, "quadratic.mu", quadratic.mu)
    if lrs is None:
        eta = np.linspace(0.0, 2.4 / big, 400)
    else:
        eta = _checks.finite_array(owner, "lrs", lrs, ndim=1)
        if eta.min() < 0:
            raise ValueError(f"{owner}: lrs must be non-negative, got a minimum of {eta.min()!r}")
    ax = _new_ax(ax, owner)
    ax.plot(eta, theory.gd_rate([small], eta), color=COLORS[2], linestyle="--", linewidth=1.2,
            label=r"$|1-\eta\mu|$")
    ax.plot(eta, theory.gd_rate([big], eta), color=COLORS[3], linestyle="-.", linewidth=1.2,
            label=r"$|1-\eta L|$")
    ax.plot(eta, theory.gd_rate([small, big], eta), color=COLORS[0],
            label=r"$\rho(\eta)=\max_i|1-\eta\lambda_i|$")
    ax.axhline(1.0, color="0.4", linewidth=1.0)
    limit = theory.stability_limit([small, big])
    ax.axvline(limit, color=COLORS[1], linestyle=":", label=rf"$2/L = {limit:.3g}$")
    best = theory.optimal_lr([small, big])
    rho = theory.optimal_gd_rate([small, big])
    ax.axvline(best, color=COLORS[6], linestyle=(0, (1, 1)),
               label=rf"$2/(L+\mu) = {best:.3g}$, $\rho^* = {rho:.3g}$")
    ax.scatter([best], [rho], color=COLORS[6], zorder=5)
    ax.set_xlabel(r"step size $\eta$")
    ax.set_ylabel(r"rate $\rho(\eta)$")
    _finish_legend(ax)
    return ax


# ---- surfaces ------------------------------------------------------------------------------


def _critical_points(surface: Any) -> dict[str, np.ndarray]:
    """Kind -> points ``(m, dim)``: the surface's minima, saddles, maxima and inflections."""
    points = {}
    for kind, attr in (("minimum", "minima"), ("saddle", "saddles"), ("maximum", "maxima"),
                       ("inflection", "inflections")):
        arr = np.asarray(getattr(surface, attr, np.empty((0, surface.dim))), dtype=np.float64)
        points[kind] = arr.reshape(-1, surface.dim)
    return points


def _log_levels(surface: Any, box: np.ndarray, lo: float, hi: float, n: int) -> np.ndarray:
    """Contour levels dense near a reference value (see `contour_trajectories`)."""
    points = _critical_points(surface)
    inside = {kind: pts[np.all((pts >= box[:, 0]) & (pts <= box[:, 1]), axis=1)]
              for kind, pts in points.items()}
    if inside["minimum"].size:
        ref = float(np.min(surface.value(inside["minimum"])))
    else:
        others = np.concatenate([inside[k] for k in ("saddle", "inflection", "maximum")])
        ref = float(surface.value(others[0])) if others.size else lo
    ref = min(max(ref, lo), hi)
    n_below = n // 2 if ref - lo > 1e-9 * (hi - lo) else 0
    below = ref - (ref - lo) * np.geomspace(1e-3, 1.0, n_below)[::-1]
    above = ref + (hi - ref) * np.geomspace(1e-3, 1.0, n - n_below)
    return np.concatenate([below, above])


def _check_surface(owner: str, surface: Any, dim: int) -> None:
    for attr in ("dim", "value", "bounds"):
        if not hasattr(surface, attr):
            raise TypeError(f"{owner}: surface must be a Surface (with dim, value, bounds), "
                            f"got {type(surface).__name__}")
    if surface.dim != dim:
        raise ValueError(f"{owner}: surface must be {dim}-D, got a surface of dim {surface.dim}")


def _bounds(owner: str, bounds: object, dim: int) -> np.ndarray:
    b = _checks.finite_array(owner, "bounds", bounds, ndim=2)
    if b.shape != (dim, 2) or np.any(b[:, 0] >= b[:, 1]):
        raise ValueError(f"{owner}: bounds must be {dim} pairs (low, high) with low < high, "
                         f"got {bounds!r}")
    return b


def _paths(owner: str, paths: object, dim: int) -> dict[str, np.ndarray]:
    paths = _mapping(owner, "paths", paths)
    out = {}
    for label, path in paths.items():
        arr = np.asarray(path, dtype=np.float64)
        if dim == 1 and arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        want = (-1,) if dim == 1 else (-1, dim)
        if arr.ndim != len(want) or (dim > 1 and arr.shape[1] != dim) or arr.shape[0] == 0:
            shape = "(n,)" if dim == 1 else f"(n, {dim})"
            raise ValueError(f"{owner}: path {label!r} must have shape {shape}, "
                             f"got {arr.shape}")
        out[label] = arr
    return out


def _mark_critical(ax, points: dict[str, np.ndarray], bounds: np.ndarray, surface=None) -> None:
    for kind, pts in points.items():
        inside = np.all((pts >= bounds[:, 0]) & (pts <= bounds[:, 1]), axis=1)
        pts = pts[inside]
        if not pts.size:
            continue
        if pts.shape[1] == 1:
            xy = (pts[:, 0], surface.value(pts))
        else:
            xy = (pts[:, 0], pts[:, 1])
        ax.scatter(*xy, zorder=6, label=kind, **_CRITICAL[kind])


@_styled
def contour_trajectories(surface: Any, paths: Mapping[str, Any] | None = None, ax=None,
                         levels: int = 20, log_levels: bool = True, bounds=None,
                         resolution: int = 200, critical_points: bool = True):
    r"""Contours of a 2-D surface with optimization paths over it and its critical points.

    Critical points are marked: minima ●, saddles ×, maxima ▲, inflections ◆ (from the
    surface's ``minima``, ``saddles``, ``maxima``, ``inflections``), each once in the legend.

    Parameters
    ----------
    surface : Surface
        A 2-D surface (``dim == 2``, vectorized ``value``, ``bounds``).
    paths : dict of str to array (n, 2), optional
        Label -> iterates :math:`\theta_0, \dots, \theta_{n-1}`; each drawn as a line with
        markers, its start larger. Points outside ``bounds`` are clipped from view; non-finite
        ones (a diverged run) are not drawn.
    ax : matplotlib Axes, optional
    levels : int
        Number of contour levels.
    log_levels : bool
        Levels spaced geometrically away from a reference value :math:`c`, dense near it:
        :math:`c + (f_{\max} - c) \cdot 10^{-3 \dots 0}` above it and, when the window goes
        below it, :math:`c - (c - f_{\min}) \cdot 10^{-3 \dots 0}` (half of the levels each
        side). :math:`c` is the lowest minimum in the window, else the value at a listed
        critical point in it (a saddle: its neighbourhood, where paths crawl, gets the dense
        levels), else :math:`f_{\min}` on the grid. ``False``: linear levels.
    bounds : ((x_low, x_high), (y_low, y_high)), optional
        The drawn window; ``surface.bounds`` by default.
    resolution : int
        Grid points per axis.
    critical_points : bool
        Mark minima, saddles, maxima and inflection points.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.contour_trajectories"
    _check_surface(owner, surface, 2)
    n_levels = _checks.integer(owner, "levels", levels, minimum=2)
    res = _checks.integer(owner, "resolution", resolution, minimum=10)
    box = _bounds(owner, surface.bounds if bounds is None else bounds, 2)
    drawn = {} if paths is None else _paths(owner, paths, 2)
    xs = np.linspace(box[0, 0], box[0, 1], res)
    ys = np.linspace(box[1, 0], box[1, 1], res)
    gx, gy = np.meshgrid(xs, ys)
    z = np.asarray(surface.value(np.stack([gx, gy], axis=-1)), dtype=np.float64)
    lo, hi = float(z.min()), float(z.max())
    lv = _log_levels(surface, box, lo, hi, n_levels) if log_levels else np.linspace(lo, hi,
                                                                                  n_levels)
    ax = _new_ax(ax, owner)
    ax.contour(gx, gy, z, levels=lv, cmap="cividis", linewidths=0.9, alpha=0.8)
    for i, (label, path) in enumerate(drawn.items()):
        st = _series(i)
        ax.plot(path[:, 0], path[:, 1], color=st["color"], linestyle=st["linestyle"],
                marker=st["marker"], markersize=4, linewidth=1.6, label=label)
        ax.scatter(path[:1, 0], path[:1, 1], marker=st["marker"], s=90, color=st["color"],
                   edgecolor="black", zorder=5)
    if critical_points:
        _mark_critical(ax, _critical_points(surface), box)
    ax.set_xlim(*box[0])
    ax.set_ylim(*box[1])
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    _finish_legend(ax)
    return ax


@_styled
def path_1d(surface: Any, paths: Mapping[str, Any] | None = None, ax=None, bounds=None,
            resolution: int = 400, critical_points: bool = True):
    """A 1-D loss curve with the iterates of one or more runs on it.

    Each run's iterates :math:`(\\theta_k, f(\\theta_k))` are markers joined by thin lines (the
    jumps), its start larger; minima ●, maxima ▲, inflections ◆ of the surface are marked.

    Parameters
    ----------
    surface : Surface
        A 1-D surface.
    paths : dict of str to array (n,) or (n, 1), optional
    ax : matplotlib Axes, optional
    bounds : ((low, high),), optional
        The drawn interval; ``surface.bounds`` by default.
    resolution : int
        Points of the curve.
    critical_points : bool

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.path_1d"
    _check_surface(owner, surface, 1)
    res = _checks.integer(owner, "resolution", resolution, minimum=10)
    box = _bounds(owner, surface.bounds if bounds is None else bounds, 1)
    drawn = {} if paths is None else _paths(owner, paths, 1)
    xs = np.linspace(box[0, 0], box[0, 1], res)
    fx = np.asarray(surface.value(xs[:, None]), dtype=np.float64)
    ax = _new_ax(ax, owner)
    ax.plot(xs, fx, color="0.35", linestyle="-", linewidth=1.8, label="$f(\\theta)$")
    for i, (label, path) in enumerate(drawn.items()):
        st = _series(i)
        path = path[np.isfinite(path)]
        fp = np.asarray(surface.value(path[:, None]), dtype=np.float64)
        ax.plot(path, fp, color=st["color"], linestyle=st["linestyle"], marker=st["marker"],
                markersize=5, linewidth=1.0, alpha=0.9, label=label)
        ax.scatter(path[:1], fp[:1], marker=st["marker"], s=90, color=st["color"],
                   edgecolor="black", zorder=5)
    if critical_points:
        _mark_critical(ax, _critical_points(surface), box, surface)
    pad = 0.08 * (fx.max() - fx.min())
    ax.set_xlim(*box[0])
    ax.set_ylim(fx.min() - pad, fx.max() + pad)
    ax.set_xlabel(r"$\theta$")
    ax.set_ylabel(r"$f(\theta)$")
    _finish_legend(ax)
    return ax


# ---- networks ------------------------------------------------------------------------------


@_styled
def activation_histograms(model: Any, X: np.ndarray, ax=None, bins: int = 40,
                          pre_activation: bool = False, logy: bool = False):
    """Histogram of each hidden layer's activations on ``X``, one panel per layer.

    Each panel's title gives the layer's dead fraction (`MLP.dead_fraction`: units that output
    exactly 0 for every row of ``X``).

    Parameters
    ----------
    model : MLP
        A single network (``n_models=None``).
    X : ndarray (n, d)
    ax : sequence of matplotlib Axes, optional
        One Axes per hidden layer; a new row of panels when ``None``.
    bins : int
    pre_activation : bool
        Histogram the pre-activations :math:`z` instead of :math:`f(z)`.
    logy : bool
        Log scale for the counts (ReLU puts a tall spike at 0).

    Returns
    -------
    (Figure, ndarray of Axes)
    """
    owner = "plots.activation_histograms"
    if not hasattr(model, "hidden_activations"):
        raise TypeError(f"{owner}: model must be an MLP, got {type(model).__name__}")
    if getattr(model, "n_models", None) is not None:
        raise ValueError(f"{owner}: model must be a single network (n_models=None), "
                         f"got n_models={model.n_models}")
    bins = _checks.integer(owner, "bins", bins, minimum=1)
    layers = model.hidden_activations(X)
    if not layers:
        raise ValueError(f"{owner}: model must have at least one hidden layer, got {model!r}")
    dead = np.atleast_1d(model.dead_fraction(X))
    axes = _panel_axes(owner, ax, len(layers))
    for i, (a, (z, act)) in enumerate(zip(axes, layers, strict=True)):
        values = (z if pre_activation else act).ravel()
        values = values[np.isfinite(values)]
        a.hist(values, bins=bins, color=COLORS[i % len(COLORS)], alpha=0.85)
        a.set_title(f"layer {i + 1}: {100 * dead[i]:.0f}% dead")
        a.set_xlabel("pre-activation $z$" if pre_activation else "activation $f(z)$")
        if logy:
            log_axis(a, "y")
    axes[0].set_ylabel("count")
    return axes[0].figure, axes


def _panel_axes(owner: str, ax, n: int) -> np.ndarray:
    if ax is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, n, figsize=(min(3.4 * n, 13.0), 3.2), squeeze=False,
                               layout="constrained")
        return axes.ravel()
    axes = np.asarray(ax, dtype=object).ravel()
    if axes.size != n:
        raise ValueError(f"{owner}: ax must hold one Axes per hidden layer ({n}), "
                         f"got {axes.size}")
    for a in axes:
        _new_ax(a, owner)
    return axes


@_styled
def dead_fractions(data: Any, x: Sequence[float] | None = None, ax=None,
                   xlabel: str | None = None, logx: bool = False):
    """Fraction of dead hidden units: per layer (bars), or per layer against epoch or rate.

    Parameters
    ----------
    data : History or array
        ``(n_hidden,)``: one bar per layer. ``(n, n_hidden)``: one curve per layer against
        ``x`` (e.g. one row per learning rate of a sweep). A History: its ``dead_fraction``
        (one row per epoch, epoch 0 first) against the epoch.
    x : sequence of float, optional
        Positions of the rows; ``0, 1, ...`` by default.
    ax : matplotlib Axes, optional
    xlabel : str, optional
        ``"epoch"`` by default; pass ``logx=True`` and the rate label for a sweep.
    logx : bool

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.ticker import PercentFormatter

    owner = "plots.dead_fractions"
    raw = data.dead_fraction if hasattr(data, "dead_fraction") else data
    frac = _checks.finite_array(owner, "dead fractions", raw)
    if frac.ndim not in (1, 2) or frac.min() < 0 or frac.max() > 1:
        raise ValueError(f"{owner}: dead fractions must be a 1-D or 2-D array of values in "
                         f"[0, 1], got shape {frac.shape}, range [{frac.min()}, {frac.max()}]")
    ax = _new_ax(ax, owner)
    if frac.ndim == 1:
        if x is not None:
            raise ValueError(f"{owner}: x is only for a 2-D array of dead fractions")
        layers = np.arange(1, frac.size + 1)
        ax.bar(layers, frac, color=COLORS[0], hatch="//", edgecolor="black")
        ax.set_xticks(layers)
        ax.set_xlabel("hidden layer")
    else:
        pos = np.arange(frac.shape[0]) if x is None else _checks.finite_array(owner, "x", x,
                                                                              ndim=1)
        if pos.size != frac.shape[0]:
            raise ValueError(f"{owner}: x must have one entry per row ({frac.shape[0]}), "
                             f"got {pos.size}")
        for j in range(frac.shape[1]):
            ax.plot(pos, frac[:, j], label=f"layer {j + 1}", markersize=5, **_series(j))
        if logx:
            log_axis(ax, "x")
        ax.set_xlabel("epoch" if xlabel is None else xlabel)
        _finish_legend(ax)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("dead units")
    return ax
