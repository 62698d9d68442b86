"""Pictures of training runs and of the search for a rate: loss, rate and accuracy curves, update
ratios, the LR range test and sweep results."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks
from ..finder import LRFinderResult, _methods
from ._style import (
    _ETA,
    COLORS,
    _band_legend,
    _check_ax,
    _curve,
    _ema,
    _finish_legend,
    _label,
    _mapping,
    _new_ax,
    _series,
    _smoothed,
    _spread,
    _styled,
    log_axis,
)


def _positive_curves(owner: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Curves drawn on a log axis: their finite values must be positive."""
    for label, arr in arrays.items():
        finite = arr[np.isfinite(arr)]
        if finite.size and finite.min() <= 0:
            raise ValueError(f"{owner}: curves[{label!r}] must be positive for logy=True, got "
                             f"a minimum of {finite.min()!r} (pass logy=False)")


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
    logy = _checks.flag(owner, "logy", logy)
    xlabel = _checks.text(owner, "xlabel", xlabel)
    ylabel = _label(owner, "ylabel", ylabel)
    _check_ax(owner, ax)
    beta = None if smooth is None else _checks.in_interval(owner, "smooth", smooth, 0.0, 1.0,
                                                           high_open=True)
    if ylim is not None:
        ylim = _checks.pair(owner, "ylim", ylim)
        if not ylim[0] < ylim[1] or (logy and ylim[0] <= 0):
            _checks._fail(owner, "ylim", "(low, high) with low < high" + (" and low > 0 on a log "
                          "axis" if logy else ""), ylim)
    if mark is not None:
        mark = {label: _checks.finite_array(owner, f"mark[{label!r}]", xs).ravel()
                for label, xs in _mapping(owner, "mark", mark).items()}
    arrays = {label: _curve(owner, label, data, key) for label, data in curves.items()}
    if logy:
        _positive_curves(owner, {label: arr for label, (arr, _) in arrays.items()})
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
        for n, xv in enumerate(xs):
            ax.axvline(xv, color=COLORS[6 - j % 3], linestyle=":", linewidth=1.4,
                       label=label if n == 0 else None)
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel(xlabel)
    if ylabel is None:
        ylabel = "validation loss" if key == "val_loss" else "loss"
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
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
    logy = _checks.flag(owner, "logy", logy)
    _check_ax(owner, ax)
    arrays = {label: _curve(owner, label, data, "lr")[0] for label, data in curves.items()}
    if logy:
        _positive_curves(owner, arrays)
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
    key = _checks.text(owner, "key", key)
    xlabel = _checks.text(owner, "xlabel", xlabel)
    _check_ax(owner, ax)
    arrays = {label: _curve(owner, label, data, key)[0] for label, data in curves.items()}
    for label, arr in arrays.items():  # NaN: a frozen run of a sweep
        if np.any((arr < 0) | (arr > 1)):
            _checks._fail(owner, f"curves[{label!r}]", "accuracies in [0, 1] (or NaN)",
                          float(arr[(arr < 0) | (arr > 1)][0]))
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
        ``history.update_ratio`` or an array of shape ``(updates, n_weight_matrices)``, or
        ``(updates, R, n_weight_matrices)`` for ``R`` replicates of one run (each smoothed,
        then their median drawn as the line and their range as a shaded band).
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
    ratios = _checks.positive_array(owner, "history", data)
    if ratios.ndim == 1:
        ratios = ratios[:, None]
    if ratios.ndim == 2:
        ratios = ratios[:, None, :]
    if ratios.ndim != 3:
        raise ValueError(f"{owner}: history must hold update ratios of shape (updates, "
                         f"n_weight_matrices) or (updates, R, n_weight_matrices), "
                         f"got {ratios.shape}")
    beta = None if smooth is None else _checks.in_interval(owner, "smooth", smooth, 0.0, 1.0,
                                                           high_open=True)
    if labels is None:
        labels = [f"$W_{{{j + 1}}}$" for j in range(ratios.shape[2])]
    if isinstance(labels, str) or not isinstance(labels, Sequence) \
            or len(labels) != ratios.shape[2]:
        _checks._fail(owner, "labels", f"a list of one label per weight matrix "
                      f"({ratios.shape[2]})", labels)
    for j, label in enumerate(labels):
        _checks.text(owner, f"labels[{j}]", label)
    ax = _new_ax(ax, owner)
    ax.axhspan(10 ** -3.5, 10 ** -2.5, color=COLORS[2], alpha=0.12, label=r"$\approx 10^{-3}$")
    ax.axhline(1e-3, color=COLORS[2], linewidth=1.0, linestyle="--")
    k = np.arange(ratios.shape[0])
    replicates = ratios.shape[1]
    for j, label in enumerate(labels):
        st = _series(j)
        if replicates == 1:
            y = ratios[:, 0, j] if beta is None else _ema(ratios[:, 0, j], beta)
        else:
            y, low, high = _spread(ratios[:, :, j], beta)
            ax.fill_between(k, low, high, color=st["color"], alpha=0.2, linewidth=0)
        ax.plot(k, y, color=st["color"], linestyle=st["linestyle"], label=label)
    if replicates > 1:
        _band_legend(ax, replicates)
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
    blow-up at the end does not flatten the part of the curve that matters, and reaches down to
    the lowest loss drawn (the raw losses dip below the smoothed curve, which lags them).

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.lr_finder"
    _checks.instance(owner, "result", result, LRFinderResult, "an LRFinderResult")
    lrs, smoothed = result.lrs, result.smoothed
    suggestions = _methods(owner, suggestions)
    show_raw = _checks.flag(owner, "show_raw", show_raw)
    if ylim is not None:
        ylim = _checks.pair(owner, "ylim", ylim)
        if not ylim[0] < ylim[1]:
            _checks._fail(owner, "ylim", "(low, high) with low < high", ylim)
    ax = _new_ax(ax, owner)
    if show_raw:
        ax.plot(lrs, result.losses, color=COLORS[0],
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
        if show_raw:
            raw = np.asarray(result.losses, dtype=np.float64)
            raw = raw[np.isfinite(raw)]
            low = min(low, raw.min()) if raw.size else low
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
                 label: str | None = None, index: int = 0,
                 chaotic: Sequence[bool] | None = None, higher_is_better: bool = False):
    """Final loss (or any score) against the learning rate (log axis), one point per rate.

    A diverged rate is a cross on the edge of the panel where the worst scores are: the top
    for a loss, the bottom with ``higher_is_better`` (an accuracy), so that it never reads as
    the best; the line breaks there rather than join the rates on either side of it.

    Parameters
    ----------
    lrs : sequence of float
        Positive rates, in any order (a random search): the curve joins them sorted.
    final_losses : array_like, shape (K,) or (R, K)
        One value per rate, or one per replicate and rate: ``R`` independent runs of each
        rate (other initializations and minibatch orders). With replicates the curve joins
        the means, and a bar spans the lowest to the highest replicate. Non-finite values
        count as diverged.
    diverged : array_like of bool, optional
        Shaped like ``final_losses`` (e.g. ``history.diverged`` of a sweep), or ``(K,)``;
        or-ed with non-finite values. A rate counts as diverged when any replicate did.
    ax : matplotlib Axes, optional
    logy : bool
    label : str, optional
        Legend entry of the curve.
    index : int
        Series number (colour, line style, marker) when several sweeps share ``ax``.
    chaotic : array_like of bool, shape (K,), optional
        Rates whose runs are chaotic (their result changes with the last bits of the starting
        weights): each run is drawn as a hollow grey point, with no line, mean or bar, since
        no single number describes them.
    higher_is_better : bool
        Draw diverged rates at the bottom edge (for an accuracy) instead of the top.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.sweep_result"
    lrs = _checks.positive_array(owner, "lrs", lrs, ndim=1)
    values = _checks.real_array(owner, "final_losses", final_losses)  # NaN: diverged
    logy = _checks.flag(owner, "logy", logy)
    higher_is_better = _checks.flag(owner, "higher_is_better", higher_is_better)
    label = _label(owner, "label", label)
    _check_ax(owner, ax)
    if values.shape not in (lrs.shape, (values.shape[0], *lrs.shape)) or values.ndim > 2:
        raise ValueError(f"{owner}: final_losses must have one entry per rate {lrs.shape} or "
                         f"shape (R, {lrs.size}), got shape {values.shape}")
    values = values.reshape(-1, lrs.size)  # (R, K)
    bad = ~np.isfinite(values)
    if diverged is not None:
        flags = np.asarray(diverged) if isinstance(diverged, Sequence | np.ndarray) else None
        if flags is None or flags.dtype != bool or flags.shape not in (lrs.shape, values.shape):
            _checks._fail(owner, "diverged", f"None or a bool array of shape {lrs.shape} or "
                          f"{values.shape}", diverged)
        bad = bad | flags
    bad = bad.any(axis=0)
    messy = np.zeros(lrs.size, dtype=bool)
    if chaotic is not None:
        messy = np.asarray(chaotic) if isinstance(chaotic, Sequence | np.ndarray) else None
        if messy is None or messy.dtype != bool or messy.shape != lrs.shape:
            _checks._fail(owner, "chaotic", f"None or a bool array of shape {lrs.shape}",
                          chaotic)
        messy = messy & ~bad
    _checks.integer(owner, "index", index)
    ax = _new_ax(ax, owner)
    st = _series(index)
    ok = ~bad & ~messy
    order = np.argsort(lrs)  # rates of a random search come in any order
    # a diverged or chaotic rate breaks the line: no segment joins the rates on either side
    mean = np.where(ok, values.mean(axis=0), np.nan)
    ax.plot(lrs[order], mean[order], label="final loss" if label is None else label, **st)
    if values.shape[0] > 1 and ok.any():
        runs = values[:, ok]
        ax.errorbar(lrs[ok], mean[ok], yerr=(mean[ok] - runs.min(axis=0),
                                              runs.max(axis=0) - mean[ok]),
                    fmt="none", ecolor=st["color"], elinewidth=1.3, capsize=4,
                    label=f"range of {values.shape[0]} runs")
    if messy.any():
        xs = np.broadcast_to(lrs[messy], values[:, messy].shape)
        ax.scatter(xs, values[:, messy], marker="o", s=28, facecolors="none",
                   edgecolors="0.35", linewidths=1.2, zorder=4, label="chaotic: one per run")
    if bad.any():
        # Crosses along the worst edge: x in data coordinates, y in axes coordinates.
        edge = 0.04 if higher_is_better else 0.96
        ax.scatter(lrs[bad], np.full(int(bad.sum()), edge), marker="x", s=70, linewidths=2.2,
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


@_styled
def spread_curves(curves: Mapping[str, Any], x: Sequence[float] | None = None, ax=None,
                  center: str = "mean", band: str = "range", logx: bool = False,
                  logy: bool = True, xlabel: str = "epoch", ylabel: str = "validation loss",
                  markers: bool = False, index: int = 0, smooth: float | None = None,
                  percent: bool = False):
    r"""Replicated runs: one line per label (their mean or median) in a shaded band.

    Parameters
    ----------
    curves : dict of str to array or History
        Label -> an array of shape ``(n, R)``: ``R`` replicates (runs that differ only in their
        random initialization and minibatch order) at ``n`` points, e.g. per epoch or per rate;
        or a batched `History`, whose ``val_loss`` ``(E + 1, R)`` is drawn. NaN entries (a
        diverged replicate) are left out of the mean and the band; where every replicate is NaN
        the line and band are broken.
    x : sequence of float, optional
        Positions of the ``n`` points (the rates of a sweep, say); by default ``0, ..., n-1``.
    ax : matplotlib Axes, optional
    center : {"mean", "median"}
        The line: :math:`\bar y_j = \frac1R \sum_r y_{jr}` or the median over replicates.
    band : {"range", "sd", "quartiles"}
        The shaded band: from the smallest to the largest replicate, :math:`\bar y_j \pm s_j`
        (the standard deviation), or the 25th to 75th percentile.
    logx, logy : bool
        Log scales (``logx`` for a sweep over rates).
    xlabel, ylabel : str
    markers : bool
        Mark each point (for a few points, such as the rates of a sweep).
    index : int
        Series number (colour, line style, marker) of the first curve, when several calls share
        ``ax``.
    smooth : float, optional
        :math:`\beta \in [0, 1)` of a bias-corrected exponential moving average applied to each
        replicate before the line and the band are taken (for per-update minibatch losses); a
        replicate is cut at its first non-finite value (a divergence) and smoothed up to there.
    percent : bool
        The values are fractions (accuracies): label the y axis in percent.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.spread_curves"
    curves = _mapping(owner, "curves", curves)
    _checks.choice(owner, "center", center, ("mean", "median"))
    _checks.choice(owner, "band", band, ("range", "sd", "quartiles"))
    beta = None if smooth is None else _checks.in_interval(owner, "smooth", smooth, 0.0, 1.0,
                                                           high_open=True)
    for name, flag in (("logx", logx), ("logy", logy), ("markers", markers),
                       ("percent", percent)):
        _checks.flag(owner, name, flag)
    for name, label in (("xlabel", xlabel), ("ylabel", ylabel)):
        _checks.text(owner, name, label)
    _check_ax(owner, ax)
    arrays = {}
    for label, data in curves.items():
        where = f"curves[{label!r}]"
        arr = getattr(data, "val_loss", data)
        if not _checks._entries_are_real(arr):
            raise TypeError(f"{owner}: {where} must be an (n, R) array of real numbers or a "
                            f"History, got {_checks._short(data)}")
        arr = _checks.real_array(owner, where, arr)
        if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
            raise ValueError(f"{owner}: {where} must have shape (n, R), one column per "
                             f"replicate, got shape {arr.shape}")
        if beta is not None:
            arr = _smoothed(arr, beta)
        arrays[label] = arr
    if logy:
        _positive_curves(owner, arrays)
    lengths = {a.shape[0] for a in arrays.values()}
    if x is None:
        xs = np.arange(max(lengths), dtype=np.float64)
    else:
        xs = _checks.finite_array(owner, "x", x, ndim=1)
        if lengths != {xs.size}:
            raise ValueError(f"{owner}: x has {xs.size} points, the curves have "
                             f"{sorted(lengths)}")
    if logx and xs.min() <= 0:
        raise ValueError(f"{owner}: x must be positive for logx=True, got {xs.min()!r}")
    index = _checks.integer(owner, "index", index, minimum=0)
    ax = _new_ax(ax, owner)
    for i, (label, arr) in enumerate(arrays.items()):
        st = _series(index + i)
        n = arr.shape[0]
        some = np.isfinite(arr).any(axis=1)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows give NaN, as wanted
            mid = np.nanmean(arr, axis=1) if center == "mean" else np.nanmedian(arr, axis=1)
            if band == "range":
                low, high = np.nanmin(arr, axis=1), np.nanmax(arr, axis=1)
            elif band == "sd":
                sd = np.nanstd(arr, axis=1)
                low, high = mid - sd, mid + sd
            else:
                low, high = np.nanpercentile(arr, [25, 75], axis=1)
        mid, low, high = (np.where(some, v, np.nan) for v in (mid, low, high))
        if logy:
            low = np.where(low > 0, low, np.nan)
        xi = xs[:n]
        ax.fill_between(xi, low, high, color=st["color"], alpha=0.2, linewidth=0)
        line = {"color": st["color"], "linestyle": st["linestyle"]}
        if markers:
            line["marker"] = st["marker"]
        ax.plot(xi, mid, label=label, **line)
    if logx:
        log_axis(ax, "x")
    if logy:
        log_axis(ax, "y")
    elif percent:
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _finish_legend(ax)
    return ax


@_styled
def search_points(lrs: Sequence[float], scores: Sequence[float], ax=None, logy: bool = True,
                  label: str | None = None, index: int = 0,
                  unranked: Sequence[bool] | None = None):
    """The runs of a search as points, score against learning rate (log axis), not joined.

    For random searches (and grids) repeated with other seeds: every run is one point, so the
    picture shows which rates were tried and how much the score varies at each.

    Parameters
    ----------
    lrs, scores : array_like
        One rate and one score per run, of the same shape (any shape; flattened).
    ax : matplotlib Axes, optional
    logy : bool
    label : str, optional
        Legend entry of the ranked points.
    index : int
        Series number (colour and marker) when several searches share ``ax``.
    unranked : array_like of bool, optional
        Shaped like ``lrs``: runs left out of the ranking (for example chaotic ones), drawn as
        hollow grey points. Non-finite scores (diverged runs) are not drawn.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.search_points"
    grid = _checks.positive_array(owner, "lrs", lrs)
    values = _checks.real_array(owner, "scores", scores)  # NaN or inf: diverged, not drawn
    if values.shape != grid.shape:
        _checks._fail(owner, "scores", f"of the shape of lrs {grid.shape}",
                      f"an array of shape {values.shape}")
    logy = _checks.flag(owner, "logy", logy)
    label = _label(owner, "label", label)
    _checks.integer(owner, "index", index)
    _check_ax(owner, ax)
    rates, values = grid.ravel(), values.ravel()
    skip = np.zeros(rates.size, dtype=bool)
    if unranked is not None:
        flags = np.asarray(unranked) if isinstance(unranked, Sequence | np.ndarray) else None
        if flags is None or flags.dtype != bool or flags.shape != grid.shape:
            _checks._fail(owner, "unranked", f"None or a bool array of the shape of lrs "
                          f"{grid.shape}", unranked)
        skip = flags.ravel()
    finite = np.isfinite(values)
    ax = _new_ax(ax, owner)
    st = _series(index)
    ranked = finite & ~skip
    ax.scatter(rates[ranked], values[ranked], marker=st["marker"], s=36, color=st["color"],
               alpha=0.8, edgecolors="none", label=label, zorder=3)
    if (finite & skip).any():
        named = "not ranked" in ax.get_legend_handles_labels()[1]  # one entry per Axes
        ax.scatter(rates[finite & skip], values[finite & skip], marker="o", s=30,
                   facecolors="none", edgecolors="0.4", linewidths=1.1, zorder=2,
                   label=None if named else "not ranked")
    log_axis(ax, "x")
    if logy:
        log_axis(ax, "y")
    ax.set_xlabel(_ETA)
    ax.set_ylabel("score")
    _finish_legend(ax)
    return ax
