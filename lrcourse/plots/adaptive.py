r"""Pictures of per-parameter learning rates and of hyper-parameter sweeps with replicates.

`step_curves` draws quantities against the step (effective rates, step sizes), `effective_lr_bands`
the spread of a network's effective rates per layer over training, and `sweep_bands` a final
metric against a hyper-parameter (learning rate, weight decay) with the spread of the
replicates and, optionally, each curve's good range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks
from ._style import (
    COLORS,
    _check_ax,
    _finish_legend,
    _log_value,
    _mapping,
    _new_ax,
    _series,
    _styled,
    log_axis,
)

__all__ = ["effective_lr_bands", "step_curves", "sweep_bands"]


def _positive_axis(owner: str, name: str, values: object, n: int | None = None) -> np.ndarray:
    arr = _checks.finite_array(owner, name, values, ndim=1)
    if arr.min() <= 0:
        _checks._fail(owner, name, "positive (a log axis)", float(arr.min()))
    if n is not None and arr.size != n:
        _checks._fail(owner, name, f"of length {n}", f"length {arr.size}")
    return arr


@_styled
def step_curves(curves: Mapping[str, Any], ax=None, x: Sequence[float] | None = None,
                xlabel: str = "step $k$", ylabel: str = "value", logx: bool = False,
                logy: bool = True, mark: Mapping[str, Sequence[float]] | None = None):
    r"""Quantities against the step, one curve per label (e.g. effective learning rates).

    Parameters
    ----------
    curves : dict of str to 1-D array
        Label -> one value per step (all of the length of ``x``; non-finite values are not
        drawn).
    ax : matplotlib Axes, optional
    x : sequence of float, optional
        The steps, :math:`0, 1, \dots` by default (positive for ``logx``).
    xlabel, ylabel : str
    logx, logy : bool
        Log scales (values must then be positive).
    mark : dict of str to sequence of float, optional
        Label -> x positions marked with vertical dotted lines.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.step_curves"
    curves = _mapping(owner, "curves", curves)
    for name, flag in (("logx", logx), ("logy", logy)):
        _checks.flag(owner, name, flag)
    for name, text in (("xlabel", xlabel), ("ylabel", ylabel)):
        _checks.text(owner, name, text)
    _check_ax(owner, ax)
    arrays = {}
    for label, values in curves.items():
        arr = _checks.real_array(owner, f"curves[{label!r}]", values)  # NaN: not drawn
        if arr.ndim != 1 or arr.size == 0:
            _checks._fail(owner, f"curves[{label!r}]", "a non-empty 1-D array",
                          f"an array of shape {arr.shape}")
        finite = arr[np.isfinite(arr)]
        if logy and finite.size and finite.min() <= 0:
            _checks._fail(owner, f"curves[{label!r}]", "positive for logy=True",
                          float(finite.min()))
        arrays[label] = arr
    lengths = {a.size for a in arrays.values()}
    if len(lengths) != 1:
        _checks._fail(owner, "curves", "arrays of one common length", sorted(lengths))
    n = lengths.pop()
    if x is None:
        xs = np.arange(n, dtype=np.float64)
        if logx:
            xs += 1.0
    else:
        xs = (_positive_axis(owner, "x", x, n) if logx
              else _checks.finite_array(owner, "x", x, ndim=1))
        if xs.size != n:
            _checks._fail(owner, "x", f"of length {n} (one per value)", f"length {xs.size}")
    if mark is not None:
        mark = {label: _checks.finite_array(owner, f"mark[{label!r}]", positions).ravel()
                for label, positions in _mapping(owner, "mark", mark).items()}
    ax = _new_ax(ax, owner)
    for i, (label, arr) in enumerate(arrays.items()):
        st = _series(i)
        ax.plot(xs, np.where(np.isfinite(arr), arr, np.nan), color=st["color"],
                linestyle=st["linestyle"], label=label)
    for j, (label, pos) in enumerate((mark or {}).items()):
        for m, xv in enumerate(pos):
            ax.axvline(xv, color=COLORS[6 - j % 3], linestyle=":", linewidth=1.4,
                       label=label if m == 0 else None)
    if logx:
        log_axis(ax, "x")
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _finish_legend(ax)
    return ax


@_styled
def effective_lr_bands(steps: Sequence[float], bands: Mapping[str, Any], ax=None,
                       lr: float | None = None):
    r"""The spread of effective per-parameter rates over training, one band per layer.

    Parameters
    ----------
    steps : sequence of float
        Positive update numbers (log axis), one per row of every band.
    bands : dict of str to array (n, 3)
        Layer name -> per step, the low quantile, the median and the high quantile of the
        effective rates :math:`\eta / (\sqrt{\hat v_k} + \epsilon)` (see
        `lrcourse.optimizers.Optimizer.effective_lr`); all positive.
    ax : matplotlib Axes, optional
    lr : float, optional
        The optimizer's :math:`\eta`, drawn as a dashed horizontal line.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.effective_lr_bands"
    x = _positive_axis(owner, "steps", steps)
    bands = _mapping(owner, "bands", bands)
    arrays = {}
    for label, band in bands.items():
        arr = _checks.finite_array(owner, f"bands[{label!r}]", band, ndim=2)
        if arr.shape != (x.size, 3):
            _checks._fail(owner, f"bands[{label!r}]", f"of shape ({x.size}, 3) (low, median, "
                          "high per step)", f"an array of shape {arr.shape}")
        if arr.min() <= 0 or np.any(np.diff(arr, axis=1) < 0):
            _checks._fail(owner, f"bands[{label!r}]", "positive with low <= median <= high",
                          "other values")
        arrays[label] = arr
    if lr is not None:
        lr = _log_value(owner, "lr", lr)
    ax = _new_ax(ax, owner)
    for i, (label, arr) in enumerate(arrays.items()):
        st = _series(i)
        ax.fill_between(x, arr[:, 0], arr[:, 2], color=st["color"], alpha=0.18, linewidth=0)
        ax.plot(x, arr[:, 1], color=st["color"], linestyle=st["linestyle"], label=label)
    if lr is not None:
        ax.axhline(lr, color="black", linestyle="--", linewidth=1.2, label=r"$\eta$")
    log_axis(ax, "x")
    log_axis(ax, "y")
    ax.set_xlabel("update")
    ax.set_ylabel(r"effective rate $\eta / (\sqrt{\hat v_k} + \epsilon)$")
    _finish_legend(ax)
    return ax


@_styled
def sweep_bands(values: Sequence[float], results: Mapping[str, Any], ax=None,
                xlabel: str = r"learning rate $\eta$", ylabel: str = "final loss",
                baseline: tuple[str, Any] | None = None, good: Mapping[str, Any] | None = None,
                ylim: tuple[float, float] | None = None):
    r"""A final metric against a hyper-parameter, with the spread of the replicates, the values
    where some replicate diverged, and each curve's good range.

    The curves are `lrcourse.plots.spread_curves` (the mean of the replicates that did not
    diverge, in a band from the smallest to the largest, log axes). A value at which some
    replicate diverged (an infinite or NaN result) gets a cross at the top of the axes, one
    row of crosses per curve. The x axis shows every value tried.

    Parameters
    ----------
    values : sequence of float
        Positive hyper-parameter values (a log axis), increasing.
    results : dict of str to array (n_values, replicates)
        Label -> final metric of every replicate at every value: positive, or inf or NaN for a
        diverged run.
    ax : matplotlib Axes, optional
    xlabel, ylabel : str
    baseline : (str, array), optional
        A label and the replicates of a run without the hyper-parameter (e.g. no weight decay):
        a dashed line at their mean and a band over their range.
    good : dict of str to object with ``low`` and ``high``, optional
        Label -> the good range of that curve (`lrcourse.finder.good_rate_range`), drawn as a
        bar in the curve's colour along the bottom of the axes.
    ylim : (float, float), optional
        Range of the metric axis, ``0 < low < high``.

    Returns
    -------
    matplotlib Axes
    """
    from .training import spread_curves

    owner = "plots.sweep_bands"
    x = _positive_axis(owner, "values", values)
    if np.any(np.diff(x) <= 0):
        _checks._fail(owner, "values", "increasing", x.tolist())
    results = _mapping(owner, "results", results)
    for name, text in (("xlabel", xlabel), ("ylabel", ylabel)):
        _checks.text(owner, name, text)
    _check_ax(owner, ax)
    arrays = {}
    for label, res in results.items():
        arr = _checks.real_array(owner, f"results[{label!r}]", res)  # inf, NaN: diverged
        if arr.ndim != 2 or arr.shape[0] != x.size or arr.shape[1] == 0:
            _checks._fail(owner, f"results[{label!r}]", f"of shape ({x.size}, replicates)",
                          f"an array of shape {arr.shape}")
        finite = np.isfinite(arr)
        if np.any(arr[finite] <= 0) or not finite.any():
            _checks._fail(owner, f"results[{label!r}]", "positive (inf or NaN for a diverged "
                          "run), some finite", "zero, negative or no finite values")
        arrays[label] = np.where(finite, arr, np.nan)
    if good is not None:
        good = _mapping(owner, "good", good)
        for label, rng in good.items():
            if label not in arrays or not (hasattr(rng, "low") and hasattr(rng, "high")):
                _checks._fail(owner, f"good[{label!r}]", "a range (low, high) of a curve in "
                              "results", rng)
    if ylim is not None:
        if not isinstance(ylim, Sequence) or isinstance(ylim, str) or len(ylim) != 2:
            _checks._fail(owner, "ylim", "a pair (low, high) or None", ylim)
        low, high = (_checks.positive(owner, "ylim", v) for v in ylim)
        if not low < high:
            _checks._fail(owner, "ylim", "(low, high) with low < high", ylim)
    base = None
    if baseline is not None:
        if not isinstance(baseline, tuple) or len(baseline) != 2 or not isinstance(baseline[0],
                                                                                    str):
            _checks._fail(owner, "baseline", "a pair (label, replicates)", baseline, TypeError)
        base = _checks.finite_array(owner, "baseline", baseline[1]).ravel()
    ax = spread_curves(arrays, x=x, ax=_new_ax(ax, owner), logx=True, xlabel=xlabel,
                       ylabel=ylabel, markers=True)
    for i, arr in enumerate(arrays.values()):
        bad = np.isnan(arr).any(axis=1)
        if bad.any():  # one row of crosses per curve, so that they do not hide each other
            ax.scatter(x[bad], np.full(int(bad.sum()), 0.96 - 0.05 * i), marker="x", s=50,
                       color=_series(i)["color"], transform=ax.get_xaxis_transform(),
                       clip_on=False, zorder=5)
    if base is not None:
        ax.axhspan(base.min(), base.max(), color="0.6", alpha=0.2, linewidth=0)
        ax.axhline(base.mean(), color="0.3", linestyle="--", linewidth=1.2, label=baseline[0])
    for i, label in enumerate(arrays):
        if good is None or label not in good:
            continue
        rng = good[label]
        y = 0.03 + 0.035 * i
        ax.plot([rng.low, rng.high], [y, y], transform=ax.get_xaxis_transform(),
                color=_series(i)["color"], linewidth=4, solid_capstyle="butt")
    ax.set_xlim(x[0] / 10**0.15, x[-1] * 10**0.15)  # every value tried, diverged or not
    if ylim is not None:
        ax.set_ylim(low, high)
    _finish_legend(ax)
    return ax
