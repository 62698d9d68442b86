"""Pictures of a network's units: activation histograms and dead-unit fractions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _checks
from ._style import (
    COLORS,
    _check_ax,
    _finish_legend,
    _label,
    _new_ax,
    _series,
    _styled,
    log_axis,
)


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
        Histogram the pre-activations :math:`h` instead of :math:`f(h)`.
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
    pre_activation = _checks.flag(owner, "pre_activation", pre_activation)
    logy = _checks.flag(owner, "logy", logy)
    layers = model.hidden_activations(X)
    if not layers:
        raise ValueError(f"{owner}: model must have at least one hidden layer, got {model!r}")
    dead = np.atleast_1d(model.dead_fraction(X))
    axes = _panel_axes(owner, ax, len(layers))
    for i, (a, (pre, act)) in enumerate(zip(axes, layers, strict=True)):
        values = (pre if pre_activation else act).ravel()
        values = values[np.isfinite(values)]
        a.hist(values, bins=bins, color=COLORS[i % len(COLORS)], alpha=0.85)
        a.set_title(f"layer {i + 1}: {100 * dead[i]:.0f}% dead")
        a.set_xlabel("pre-activation $h$" if pre_activation else "activation $f(h)$")
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
    frac = _checks.finite_array(owner, "data (dead fractions)", raw)
    if frac.ndim not in (1, 2) or frac.min() < 0 or frac.max() > 1:
        raise ValueError(f"{owner}: data (dead fractions) must be a 1-D or 2-D array of values "
                         f"in [0, 1], got shape {frac.shape}, range [{frac.min()}, {frac.max()}]")
    xlabel = _label(owner, "xlabel", xlabel)
    logx = _checks.flag(owner, "logx", logx)
    _check_ax(owner, ax)
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
