"""Pictures of schedules: the rate (and the cycled momentum) against the step."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from typing import Any

from .. import _checks
from ._style import (
    _ETA,
    COLORS,
    LINESTYLES,
    RC,
    _check_ax,
    _finish_legend,
    _label,
    _mapping,
    _new_ax,
    _series,
    _steps_of,
    _styled,
    log_axis,
)


def _schedule_mapping(owner: str, scheds: object) -> Mapping:
    """A non-empty dict of label -> schedule (anything callable as ``sched(k)``)."""
    scheds = _mapping(owner, "scheds", scheds)
    for label, sched in scheds.items():
        _checks.function(owner, f"scheds[{label!r}]", sched)
    return scheds


def _cycled(owner: str, sched: object, momentum_kw: dict) -> None:
    """A schedule with cycled momentum, and keyword arguments its ``momentum`` takes."""
    if not callable(getattr(sched, "momentum", None)):
        raise TypeError(f"{owner}: sched must have a momentum(k) method (CyclicLR, OneCycle), "
                        f"got {type(sched).__name__}")
    _checks.keywords(owner, momentum_kw, ("base_momentum", "max_momentum"))


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
    label = _label(owner, "label", label)
    _checks.flag(owner, "logy", logy)
    _checks.integer(owner, "index", index)
    _check_ax(owner, ax)
    k, lr = _steps_of(owner, sched, steps)
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
    scheds = _schedule_mapping(owner, scheds)
    _checks.integer(owner, "steps", steps, minimum=1)
    _checks.flag(owner, "logy", logy)
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
    scheds = _schedule_mapping(owner, scheds)
    _checks.integer(owner, "steps", steps, minimum=1)
    _checks.flag(owner, "logy", logy)
    _checks.flag(owner, "sharey", sharey)
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
    _cycled(owner, sched, momentum_kw)
    label = _label(owner, "label", label)
    _check_ax(owner, ax)
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
    _cycled(owner, sched, momentum_kw)
    _checks.integer(owner, "steps", steps, minimum=1)
    _checks.flag(owner, "logy", logy)
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
