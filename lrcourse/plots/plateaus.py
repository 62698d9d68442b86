r"""Pictures of plateaus and vanishing gradients: saturating activations with their flat
regions, measured times against their predictions, and epochs to escape a stalled run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _checks
from ..nn import activation as _activation
from ..nn import activation_grad
from ..theory import saturation_threshold
from ._style import (
    COLORS,
    _check_ax,
    _finish_legend,
    _mapping,
    _new_ax,
    _series,
    _styled,
    log_axis,
)

__all__ = ["escape_epochs", "layer_gradients", "measured_vs_predicted", "saturation"]


@_styled
def saturation(activation: str, ax=None, fraction: float = 0.01, zmax: float = 8.0):
    r"""A saturating activation :math:`f(h)` of the pre-activation :math:`h` and its
    derivative :math:`f'(h)`, with the inputs where :math:`f'` is below ``fraction`` of its
    maximum shaded (`lrcourse.theory.saturation_threshold`): there a unit passes almost no
    gradient back.

    Parameters
    ----------
    activation : {"sigmoid", "tanh"}
    ax : matplotlib Axes, optional
    fraction : float
        :math:`p \in (0, 1]`: the shaded region is :math:`f'(h) < p \max f'`.
    zmax : float
        The inputs drawn, :math:`h \in` [-zmax, zmax].

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.saturation"
    edge = saturation_threshold(activation, fraction)  # checks activation and fraction
    name = activation
    zmax = _checks.positive(owner, "zmax", zmax, limit=700.0, why=" (exp overflows beyond)")
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    z = np.linspace(-zmax, zmax, 401)
    f, d = _activation(name, z), activation_grad(name, z)
    peak = float(activation_grad(name, 0.0))
    ax.plot(z, f, label=f"{name}$(h)$", **{**_series(0), "marker": None})
    ax.plot(z, d, label=f"derivative (max {peak:g})", **{**_series(1), "marker": None})
    if edge < zmax:
        for lo, hi in ((-zmax, -edge), (edge, zmax)):
            ax.axvspan(lo, hi, color=COLORS[2], alpha=0.15, linewidth=0)
        ax.fill_between([], [], color=COLORS[2], alpha=0.15, linewidth=0,
                        label=f"$f'(h) < {fraction:g}\\,\\max f'$: $|h| > {edge:.3g}$")
    ax.axhline(0.0, color="0.5", linewidth=0.8)
    ax.set_xlim(-zmax, zmax)
    ax.set_xlabel("pre-activation $h$")
    ax.set_ylabel("value")
    _finish_legend(ax)
    return ax


def _pairs(owner: str, pairs: object) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    pairs = _mapping(owner, "pairs", pairs)
    out = {}
    for label, pair in pairs.items():
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            _checks._fail(owner, f"pairs[{label!r}]", "a pair (predicted, measured)", pair,
                          TypeError)
        pred = _checks.positive_array(owner, f"pairs[{label!r}] (predicted)", pair[0])
        meas = _checks.positive_array(owner, f"pairs[{label!r}] (measured)", pair[1])
        if pred.shape != meas.shape:
            _checks._fail(owner, f"pairs[{label!r}]", "predicted and measured of one shape",
                          f"shapes {pred.shape} and {meas.shape}")
        out[label] = (pred.ravel(), meas.ravel())
    return out


@_styled
def measured_vs_predicted(pairs: Mapping[str, Any], ax=None, xlabel: str = "predicted",
                          ylabel: str = "measured", log: bool = True):
    """Measured values against their predictions, one marker series per label, with the
    diagonal where they agree.

    Parameters
    ----------
    pairs : dict of str to (array, array)
        Label -> ``(predicted, measured)``, positive arrays of one shape.
    ax : matplotlib Axes, optional
    xlabel, ylabel : str
    log : bool
        Log scales on both axes.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.measured_vs_predicted"
    data = _pairs(owner, pairs)
    for name, text in (("xlabel", xlabel), ("ylabel", ylabel)):
        _checks.text(owner, name, text)
    log = _checks.flag(owner, "log", log)
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    values = np.concatenate([np.concatenate(p) for p in data.values()])
    lo, hi = values.min(), values.max()
    lo, hi = (lo / 1.5, hi * 1.5) if log else (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    ax.plot([lo, hi], [lo, hi], color="0.4", linewidth=1.0, linestyle="--",
            label="measured = predicted")
    for i, (label, (pred, meas)) in enumerate(data.items()):
        st = _series(i)
        ax.plot(pred, meas, linestyle="none", marker=st["marker"], color=st["color"],
                markersize=6, alpha=0.8, label=label)
    if log:
        log_axis(ax, "x")
        log_axis(ax, "y")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _finish_legend(ax)
    return ax


@_styled
def escape_epochs(results: Mapping[str, Any], budget: int, ax=None,
                  xlabel: str = "epochs to escape the plateau"):
    """Epochs each replicate needed to escape a plateau, one row of dots per setting; a
    replicate that never escaped within ``budget`` epochs is drawn as a hollow marker in the
    column "never".

    Parameters
    ----------
    results : dict of str to array
        Label -> ``(R,)`` epochs (``inf`` for never), the first row at the top.
    budget : int
        Epochs the runs had.
    ax : matplotlib Axes, optional
    xlabel : str

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.escape_epochs"
    results = _mapping(owner, "results", results)
    budget = _checks.integer(owner, "budget", budget, minimum=1)
    _checks.text(owner, "xlabel", xlabel)
    rows = {}
    for label, values in results.items():
        arr = _checks.real_array(owner, f"results[{label!r}]", values, ndim=1)
        finite = arr[np.isfinite(arr)]
        if arr.size == 0 or np.any(np.isnan(arr)) or np.any(arr == -np.inf) \
                or np.any(finite < 0) or np.any(finite > budget):
            _checks._fail(owner, f"results[{label!r}]", f"epochs in [0, {budget}] or inf",
                          values)
        rows[label] = arr
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    never = budget + 0.12 * budget
    rng = np.random.default_rng(0)  # a fixed jitter, so that equal values stay visible
    for i, arr in enumerate(rows.values()):
        y = len(rows) - 1 - i + rng.uniform(-0.15, 0.15, arr.size)
        ok = np.isfinite(arr)
        st = _series(i)
        ax.plot(arr[ok], y[ok], linestyle="none", marker="o", color=st["color"], markersize=6,
                alpha=0.8)
        ax.plot(np.full((~ok).sum(), never), y[~ok], linestyle="none", marker="o",
                markerfacecolor="none", color=st["color"], markersize=6)
        ax.text(never, len(rows) - 1 - i + 0.33, f"{(~ok).sum()}/{arr.size}", ha="center",
                va="bottom", fontsize="small")
    ax.axvline(budget + 0.06 * budget, color="0.5", linewidth=0.8)
    ticks = [t for t in ax.get_xticks() if 0 <= t <= budget]
    ax.set_xticks([*ticks, never], [f"{t:g}" for t in ticks] + ["never"])
    ax.set_xlim(-0.03 * budget, budget + 0.2 * budget)
    ax.set_yticks(np.arange(len(rows)), list(rows)[::-1])
    ax.set_ylim(-0.6, len(rows) - 0.3)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    return ax


@_styled
def layer_gradients(norms: Mapping[str, Any], ax=None,
                    predicted: Mapping[str, Any] | None = None):
    r"""The norm of each hidden layer's weight gradient, one line per label: the median of the
    replicates in the band of their range, and optionally a prediction (dashed, hollow
    markers), on a log axis.

    Parameters
    ----------
    norms : dict of str to array
        Label -> ``(R, n_hidden)`` positive norms, :math:`\lVert \partial\mathcal{L} /
        \partial W^{(l)} \rVert` for :math:`l = 1, \dots` (`MLP.layer_stats`), one row per
        replicate.
    ax : matplotlib Axes, optional
    predicted : dict of str to array, optional
        Label (of ``norms``) -> ``(n_hidden,)`` predicted norms
        (`lrcourse.theory.backprop_profile`).

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.layer_gradients"
    norms = _mapping(owner, "norms", norms)
    arrays = {}
    for label, values in norms.items():
        arr = _checks.positive_array(owner, f"norms[{label!r}]", values)
        if arr.ndim != 2:
            _checks._fail(owner, f"norms[{label!r}]", "an array (R, n_hidden)",
                          f"an array of shape {arr.shape}")
        arrays[label] = arr
    lines = {}
    if predicted is not None:
        predicted = _mapping(owner, "predicted", predicted)
        for label, values in predicted.items():
            if label not in arrays:
                _checks._fail(owner, "predicted", f"keyed by labels of norms {list(arrays)}",
                              label)
            arr = _checks.positive_array(owner, f"predicted[{label!r}]", values, ndim=1)
            if arr.size != arrays[label].shape[1]:
                _checks._fail(owner, f"predicted[{label!r}]",
                              f"{arrays[label].shape[1]} values (one per hidden layer)",
                              f"{arr.size} values")
            lines[label] = arr
    _check_ax(owner, ax)
    ax = _new_ax(ax, owner)
    for i, (label, arr) in enumerate(arrays.items()):
        st = _series(i)
        layers = np.arange(1, arr.shape[1] + 1)
        ax.fill_between(layers, arr.min(axis=0), arr.max(axis=0), color=st["color"],
                        alpha=0.2, linewidth=0)
        ax.plot(layers, np.median(arr, axis=0), label=label, markersize=5, **st)
        if label in lines:
            ax.plot(layers, lines[label], color=st["color"], linestyle=":", marker=st["marker"],
                    markerfacecolor="none", markersize=7)
    if lines:
        ax.plot([], [], color="0.3", linestyle=":", marker="o", markerfacecolor="none",
                label="predicted")
    replicates = {arr.shape[0] for arr in arrays.values()}
    if max(replicates) > 1:
        ax.fill_between([], [], color="0.5", alpha=0.25, linewidth=0,
                        label=f"range of {max(replicates)} networks (line: median)")
    log_axis(ax, "y")
    ax.set_xlabel("hidden layer $i$")
    ax.set_ylabel(r"$\Vert \partial\mathcal{L}/\partial W^{(i)} \Vert$")
    _finish_legend(ax)
    return ax
