"""Pictures of dying ReLU units: the activations, one step that kills, dead units against the
rate and unit by unit, the cures, and networks born dead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks
from ._style import (
    _ETA,
    COLORS,
    MARKERS,
    _check_ax,
    _finish_legend,
    _label,
    _mapping,
    _new_ax,
    _series,
    _styled,
    log_axis,
    rate_ticks,
)


def _figure(owner: str, rows: int, cols: int, size: tuple[float, float], **kw):
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.subplots(rows, cols, squeeze=False, **kw)


@_styled
def relu_family(names: Sequence[str] = ("relu", "leaky_relu", "elu"),
                negative_slope: float = 0.1, span: float = 3.0):
    r"""Activation functions (top) and their derivatives (bottom) on :math:`[-s, s]`.

    The ReLU's derivative is 0 for every negative input: that flat zero is where a unit dies.
    Leaky ReLU keeps a slope ``negative_slope`` there (drawn larger than PyTorch's 0.01 so it
    can be seen), ELU a slope :math:`e^u` that fades but never reaches 0.

    Returns
    -------
    (Figure, ndarray of Axes)
    """
    from ..nn import ACTIVATIONS, activation, activation_grad

    owner = "plots.relu_family"
    if isinstance(names, str) or not isinstance(names, Sequence) or not names:
        _checks._fail(owner, "names", f"a non-empty sequence of {ACTIVATIONS}", names)
    names = [_checks.choice(owner, "names", n, ACTIVATIONS) for n in names]
    slope = _checks.in_interval(owner, "negative_slope", negative_slope, 0.0, 1.0)
    span = _checks.positive(owner, "span", span, limit=50.0)
    u = np.linspace(-span, span, 601)
    fig, axes = _figure(owner, 2, 1, (7.5, 5.6), sharex=True)
    top, bottom = axes[:, 0]
    for i, name in enumerate(names):
        kw = {"negative_slope": slope, "prelu_slope": slope}
        label = f"leaky ReLU ({slope:g})" if name == "leaky_relu" else name.replace(
            "relu", "ReLU").replace("elu", "ELU").replace("pReLU", "PReLU")
        st = _series(i)
        st.pop("marker")
        top.plot(u, activation(name, u, **kw), label=label, **st)
        bottom.plot(u, activation_grad(name, u, **kw), **st)
    top.set_ylabel("$f(u)$")
    bottom.set_ylabel("$f'(u)$")
    bottom.set_xlabel("pre-activation $u$")
    bottom.set_ylim(-0.05, 1.1)
    _finish_legend(top)
    return fig, axes[:, 0]


@_styled
def one_step_deaths(lrs: Sequence[float], predicted: Sequence[float],
                    measured: Mapping[str, Any], ax=None):
    r"""Fraction of a layer's units dead after one gradient step, against its size :math:`\eta`.

    ``predicted`` is a line (from `lrcourse.theory.kill_interval`), each ``measured`` series
    markers only, so that a marker on the line is a prediction that held.

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.ticker import PercentFormatter

    owner = "plots.one_step_deaths"
    lrs = _checks.positive_array(owner, "lrs", lrs, ndim=1)
    pred = _checks.finite_array(owner, "predicted", predicted, ndim=1)
    if pred.shape != lrs.shape:
        raise ValueError(f"{owner}: predicted must have one entry per rate {lrs.shape}, got "
                         f"{pred.shape}")
    measured = _mapping(owner, "measured", measured)
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    ax.plot(lrs, pred, color=COLORS[0], label="predicted", marker="none")
    for i, (label, values) in enumerate(measured.items()):
        vals = _checks.finite_array(owner, f"measured[{label!r}]", values, ndim=1)
        if vals.shape != lrs.shape:
            raise ValueError(f"{owner}: measured[{label!r}] must have one entry per rate")
        ax.plot(lrs, vals, linestyle="none", marker=MARKERS[i + 1], color=COLORS[i + 1],
                markersize=8, markerfacecolor="none" if i else COLORS[i + 1], label=label)
    log_axis(ax, "x")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(r"size $\eta$ of the one step")
    ax.set_ylabel("units dead after it")
    _finish_legend(ax)
    return ax


def _runs(owner: str, name: str, value: object, shape: tuple[int, ...] | None = None):
    arr = _checks.real_array(owner, name, value, ndim=2)  # NaN: diverged
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{owner}: {name} must have shape {shape}, got {arr.shape}")
    return arr


@_styled
def rate_deaths(lrs: Sequence[float], dead: Any, accuracy: Any,
                chaotic: Sequence[bool] | None = None):
    r"""Dead units (top) and validation accuracy (bottom) after training, against the rate.

    ``dead`` and ``accuracy`` are ``(R, K)``: one value per replicate and rate, NaN for a run
    that diverged (counted in the top panel's labels). Every run is a point; a line joins the
    means of the rates that are not ``chaotic``. A chaotic rate's runs are hollow grey points
    with no mean: their values change with the last bits of the starting weights.

    Returns
    -------
    (Figure, ndarray of Axes)
    """
    from matplotlib.ticker import PercentFormatter

    owner = "plots.rate_deaths"
    lrs = _checks.positive_array(owner, "lrs", lrs, ndim=1)
    dead = _runs(owner, "dead", dead)
    if dead.shape[1] != lrs.size:
        raise ValueError(f"{owner}: dead must have shape (R, {lrs.size}), one column per entry "
                         f"of lrs, got {dead.shape}")
    acc = _runs(owner, "accuracy", accuracy, dead.shape)
    messy = np.zeros(lrs.size, dtype=bool)
    if chaotic is not None:
        messy = np.asarray(chaotic)
        if messy.dtype != bool or messy.shape != lrs.shape:
            _checks._fail(owner, "chaotic", f"None or a bool array of shape {lrs.shape}",
                          chaotic)
    fig, axes = _figure(owner, 2, 1, (7.5, 6.0), sharex=True)
    top, bottom = axes[:, 0]
    R = dead.shape[0]
    jitter = np.exp(0.06 * (np.arange(R) - (R - 1) / 2) / max(R - 1, 1))
    for ax, values, ylabel in ((top, dead, "units dead"), (bottom, acc, "validation accuracy")):
        ok = np.isfinite(values)
        mean = np.array([values[ok[:, k], k].mean() if ok[:, k].any() and not messy[k]
                         else np.nan for k in range(lrs.size)])
        ax.plot(lrs, mean, color=COLORS[0], marker="none", label="mean of the runs")
        for k in range(lrs.size):
            xs = lrs[k] * jitter[ok[:, k]]
            if messy[k]:
                ax.scatter(xs, values[ok[:, k], k], s=26, facecolors="none", edgecolors="0.35",
                           linewidths=1.2, zorder=4)
            else:
                ax.scatter(xs, values[ok[:, k], k], s=20, color=COLORS[0], alpha=0.6, zorder=4)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylim(-0.03, 1.03)
    if messy.any():
        top.scatter([], [], s=26, facecolors="none", edgecolors="0.35",
                    label="chaotic rate: one point per run")
    n_div = (~np.isfinite(dead)).sum(axis=0)
    for k in np.flatnonzero(n_div):
        top.annotate(f"{n_div[k]} of {R}\ndiverged", (lrs[k], 1.0), ha="center", va="top",
                     fontsize=9.5, color=COLORS[1])
    log_axis(bottom, "x")
    rate_ticks(bottom, lrs)
    bottom.set_xlabel(_ETA)
    top.legend(loc="center left")
    return fig, axes[:, 0]


@_styled
def unit_raster(dead: Any, steps: Sequence[float], ax=None, title: str | None = None):
    """Which units of a layer are dead (dark) at each record of a run: one row per unit.

    ``dead`` is ``(M, h)`` booleans (`lrcourse.train.UnitTrack.dead` of one network and layer),
    ``steps`` the ``M`` update counts of the records. A dark row that never lightens is a unit
    that died for good; a dark stretch that ends is a unit that came back.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.unit_raster"
    arr = np.asarray(dead)
    if arr.dtype != bool or arr.ndim != 2 or 0 in arr.shape:
        _checks._fail(owner, "dead", "a non-empty 2-D bool array (records, units)", dead)
    x = _checks.finite_array(owner, "steps", steps, ndim=1)
    if x.size != arr.shape[0]:
        raise ValueError(f"{owner}: steps must have one entry per record ({arr.shape[0]}), got "
                         f"{x.size}")
    title = _label(owner, "title", title)
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    edges = np.concatenate([x, [x[-1] + (x[-1] - x[-2] if x.size > 1 else 1.0)]])
    units = np.arange(arr.shape[1] + 1) + 0.5
    ax.pcolormesh(edges, units, arr.T.astype(float), cmap="Greys", vmin=0.0, vmax=1.25)
    ax.set_xlabel("update")
    ax.set_ylabel("unit")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


@_styled
def born_dead_map(rates: Any, widths: Sequence[int], depths: Sequence[int], ax=None,
                  title: str | None = None):
    """Heat map of the fraction of networks born dead, width (rows) by depth (columns).

    Each cell is labelled with its percentage.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.born_dead_map"
    rates = _checks.finite_array(owner, "rates", rates, ndim=2)
    w = _checks.positive_array(owner, "widths", widths, ndim=1)
    d = _checks.positive_array(owner, "depths", depths, ndim=1)
    if rates.shape != (w.size, d.size) or rates.min() < 0 or rates.max() > 1:
        raise ValueError(f"{owner}: rates must be fractions of shape ({w.size}, {d.size}), "
                         f"got {rates.shape}")
    title = _label(owner, "title", title)
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    ax.imshow(rates, cmap="cividis", vmin=0.0, vmax=1.0, aspect="auto")
    for i in range(w.size):
        for j in range(d.size):
            ax.text(j, i, f"{100 * rates[i, j]:.0f}%", ha="center", va="center", fontsize=10,
                    color="black" if rates[i, j] > 0.55 else "white")
    ax.set_xticks(range(d.size), [f"{v:g}" for v in d])
    ax.set_yticks(range(w.size), [f"{v:g}" for v in w])
    ax.set_xlabel("depth (hidden layers)")
    ax.set_ylabel("width")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


@_styled
def cure_runs(results: Mapping[str, Any]):
    """Silent units (left) and validation accuracy (right) of every run, one row per cure.

    ``results`` maps a label to ``{"dead": (R,), "accuracy": (R,)}``, ``dead`` the fraction of
    silent units (`lrcourse.nn.inactive_fraction`: dead, for ReLU); NaN marks a run that
    diverged (a cross at the left edge of the accuracy panel). Runs are drawn one by one, with
    no mean: at a rate that kills units the runs are chaotic.

    Returns
    -------
    (Figure, ndarray of Axes)
    """
    from matplotlib.ticker import PercentFormatter

    owner = "plots.cure_runs"
    results = _mapping(owner, "results", results)
    fig, axes = _figure(owner, 1, 2, (7.8, 0.42 * len(results) + 1.6), sharey=True)
    left, right = axes[0]
    labels = list(results)
    for i, label in enumerate(labels):
        entry = results[label]
        if not isinstance(entry, Mapping) or set(entry) != {"dead", "accuracy"}:
            _checks._fail(owner, f"results[{label!r}]", "a dict with keys 'dead', 'accuracy'",
                          entry)
        dead = _checks.real_array(owner, f"results[{label!r}]['dead']", entry["dead"], ndim=1)
        acc = _checks.real_array(owner, f"results[{label!r}]['accuracy']", entry["accuracy"],
                                 ndim=1)
        y = np.full(dead.size, float(i))
        ok = np.isfinite(dead)
        left.scatter(dead[ok], y[ok], s=24, facecolors="none", edgecolors=COLORS[0])
        right.scatter(acc[ok], y[ok], s=24, facecolors="none", edgecolors=COLORS[2])
        if (~ok).any():
            right.scatter(np.zeros(int((~ok).sum())), y[~ok], marker="x", s=50,
                          color=COLORS[1], zorder=5)
    left.set_yticks(range(len(labels)), labels)
    left.invert_yaxis()
    for ax, xlabel in ((left, "silent units (dead for ReLU)"), (right, "validation accuracy")):
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlim(-0.03, 1.03)
        ax.set_xlabel(xlabel)
    return fig, axes[0]
