"""Pictures of saddle points: escape times against the start's offset, escape times of several
methods over replicates, and the index of critical points against their loss."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _checks
from ._style import _finish_legend, _mapping, _new_ax, _power_of_ten, _series, _styled, log_axis


def _rows(owner: str, name: str, value: object, n: int | None = None) -> np.ndarray:
    arr = _checks.real_array(owner, name, value)
    if arr.ndim == 1:
        arr = arr[None]
    if arr.ndim != 2 or arr.size == 0 or (n is not None and arr.shape[1] != n):
        want = "(K,) or (R, K)" if n is None else f"({n},) or (R, {n})"
        _checks._fail(owner, name, f"an array of shape {want}", f"an array of shape {arr.shape}")
    if np.any(np.isnan(arr)) or np.any(arr < 0):
        _checks._fail(owner, name, "step counts >= 0 (inf: never)", value)
    return arr


@_styled
def escape_times(offsets: Any, measured: Mapping[str, Any],
                 predicted: Mapping[str, Any] | None = None, ax=None):
    r"""Steps spent near a saddle against the start's distance :math:`\delta` from its stable
    manifold (log axis).

    Parameters
    ----------
    offsets : array (K,)
        The distances :math:`\delta > 0`.
    measured : dict of str to array (K,) or (R, K)
        Label -> measured steps per offset (R replicates: every one drawn, their median
        joined).
    predicted : dict of str to array (K,), optional
        Label -> a prediction per offset, drawn as a line of the same colour as the measured
        series with the same position in its dict.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.escape_times"
    delta = _checks.positive_array(owner, "offsets", offsets, ndim=1)
    measured = {k: _rows(owner, f"measured[{k!r}]", v, delta.size)
                for k, v in _mapping(owner, "measured", measured).items()}
    preds = {} if predicted is None else {
        k: _rows(owner, f"predicted[{k!r}]", v, delta.size)[0]
        for k, v in _mapping(owner, "predicted", predicted).items()}
    ax = _new_ax(ax, owner)
    for i, (label, steps) in enumerate(measured.items()):
        st = _series(i)
        for row in steps:
            ax.scatter(delta, row, marker=st["marker"], color=st["color"], s=22, alpha=0.6)
        ax.plot(delta, np.median(steps, axis=0), color=st["color"], marker=st["marker"],
                linestyle="none", markersize=7, label=label)
    for i, (label, steps) in enumerate(preds.items()):
        st = _series(i)
        ax.plot(delta, steps, color=st["color"], linestyle=st["linestyle"], linewidth=1.5,
                label=label)
    log_axis(ax, "x")
    ax.set_xlabel(r"distance $\delta$ of the start from the stable manifold")
    ax.set_ylabel("steps to escape")
    _finish_legend(ax)
    return ax


@_styled
def escape_spread(steps: Mapping[str, Any], horizon: int, ax=None):
    """Steps to escape of several methods, one dot per replicate, on a log axis.

    Parameters
    ----------
    steps : dict of str to array (R,)
        Method -> steps to escape of each replicate; ``inf`` for a run that had not escaped
        after ``horizon`` steps, drawn on a row marked "never".
    horizon : int
        The steps each run was given.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.escape_spread"
    data = {}
    for k, v in _mapping(owner, "steps", steps).items():
        if np.ndim(v) != 1:
            _checks._fail(owner, f"steps[{k!r}]", "an array of shape (R,)", v)
        data[k] = _rows(owner, f"steps[{k!r}]", v)[0]
    horizon = _checks.integer(owner, "horizon", horizon, minimum=1)
    ax = _new_ax(ax, owner)
    never = 2.0 * horizon
    for i, s in enumerate(data.values()):
        st = _series(i)
        jitter = np.linspace(-0.18, 0.18, s.size) if s.size > 1 else np.zeros(1)
        shown = np.where(np.isfinite(s), np.maximum(s, 1.0), never)
        ax.scatter(i + jitter, shown, marker=st["marker"], color=st["color"], s=30,
                   edgecolor="black", linewidths=0.4, zorder=3)
        finite = s[np.isfinite(s)]
        if finite.size > s.size / 2:
            med = np.median(np.where(np.isfinite(s), s, np.inf))
            ax.plot([i - 0.3, i + 0.3], [med, med], color="black", linewidth=2)
    log_axis(ax, "y")
    ax.axhline(horizon, color="0.5", linestyle=":", linewidth=1.0)
    ax.set_xticks(range(len(data)), list(data))
    ax.set_xlim(-0.6, len(data) - 0.4)
    lo = min([np.min(np.maximum(s[np.isfinite(s)], 1.0)) for s in data.values()
              if np.isfinite(s).any()], default=1.0)
    ax.set_ylim(lo / 2, never * 2)
    ax.text(len(data) - 0.45, never, "never", ha="right", va="bottom", fontsize=11)
    ax.set_ylabel("steps to escape")
    return ax


@_styled
def index_vs_loss(loss: Any, index: Any, grad_norm: Any, tol: float = 1e-6, ax=None):
    r"""The index :math:`I` (fraction of negative Hessian eigenvalues) of points found by
    a critical-point finder against their loss.

    Points whose gradient norm is below ``tol`` (critical points) are filled; the others
    (small gradient, but not zero) are open, and the legend counts both.

    Parameters
    ----------
    loss, index, grad_norm : array (K,)
    tol : float
        Gradient norm below which a point counts as critical.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.index_vs_loss"
    loss = _checks.finite_array(owner, "loss", loss, ndim=1)
    alpha = _checks.finite_array(owner, "index", index, ndim=1)
    gn = _checks.finite_array(owner, "grad_norm", grad_norm, ndim=1)
    if loss.size == 0:
        _checks._fail(owner, "loss", "a non-empty array", loss)
    for name, arr in (("index", alpha), ("grad_norm", gn)):
        if arr.size != loss.size:
            _checks._fail(owner, name, f"as long as loss ({loss.size})", f"length {arr.size}")
    if np.any((alpha < 0) | (alpha > 1)):
        _checks._fail(owner, "index", "fractions in [0, 1]", index)
    if np.any(gn < 0):
        _checks._fail(owner, "grad_norm", "norms >= 0", grad_norm)
    tol = _checks.positive(owner, "tol", tol)
    ax = _new_ax(ax, owner)
    crit = gn < tol
    bound = _power_of_ten(tol)
    st0, st1 = _series(0), _series(1)
    if crit.any():
        ax.scatter(loss[crit], alpha[crit], marker=st0["marker"], color=st0["color"], s=60,
                   edgecolor="black", zorder=4,
                   label=f"‖g‖ < {bound}: critical ({crit.sum()})")
    if (~crit).any():
        ax.scatter(loss[~crit], alpha[~crit], marker=st1["marker"], facecolor="none",
                   edgecolor=st1["color"], linewidths=1.5, s=50, zorder=3,
                   label=f"‖g‖ ≥ {bound}: not critical ({(~crit).sum()})")
    ax.set_xlabel(r"training loss $\mathcal{L}$")
    ax.set_ylabel(r"index $I$ (fraction of $\lambda_i < 0$)")
    _finish_legend(ax)
    return ax
