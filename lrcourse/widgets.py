r"""Interactive explorers: sliders wired to a picture of `lrcourse.plots`.

Each explorer is two pieces:

- a **pure function** ``*_data(...)`` that computes what the picture shows (a dict of arrays and
  numbers; tested, usable without any widget), and
- a **widget function** that builds the sliders and returns an `Explorer`.

An `Explorer` shows its controls when it is displayed and its figure with `Explorer.show`, so a
chapter uses two cells, as CONTRIBUTING.md describes::

    explorer = widgets.lr_explorer()
    explorer            # controls cell (nbval-ignore-output)

    explorer.show()     # picture cell: the default state's PNG,
                        # updated as the sliders move

The figure is a ``matplotlib.figure.Figure`` that pyplot does not manage (it is never shown
twice) displayed with ``IPython.display.display(fig, display_id=True)``; every slider change
recomputes the data, redraws and calls ``handle.update(fig)``. The stored output is therefore an
ordinary PNG: the static site shows it without a kernel. ipywidgets and IPython are imported
only when an explorer is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from . import _checks, plots, theory
from .finder import LRFinderResult, lr_range_test
from .nn import INITS, MLP
from .optimizers import SGD
from .plots._style import _ema
from .schedules import SCHEDULE_KINDS, ReduceOnPlateau, make_schedule
from .surfaces import Quadratic
from .theory import NQM_EIGENVALUES, heavy_ball_rate
from .train import minimize, noisy_quadratic_sgd

__all__ = [
    "FIGSIZE",
    "MARGINS",
    "MINIBATCH_SIZES",
    "NQM_EIGENVALUES",
    "RELU_INITS",
    "SCHEDULE_KINDS",
    "Explorer",
    "default_lr_range_result",
    "default_plateau_curve",
    "heavy_ball_rate",
    "lr_explorer",
    "lr_explorer_data",
    "make_schedule",
    "minibatch_explorer",
    "minibatch_explorer_data",
    "momentum_explorer",
    "momentum_explorer_data",
    "noisy_quadratic_sgd",
    "plateau_explorer",
    "plateau_explorer_data",
    "relu_explorer",
    "relu_explorer_data",
    "schedule_explorer",
    "schedule_explorer_data",
    "smoothing_explorer",
    "smoothing_explorer_data",
]


#: Default size of an explorer's figure in inches: two panels side by side, about one page
#: column wide (the book's column is about 690 px; a wider picture is shrunk and its text with it).
FIGSIZE: tuple[float, float] = (9.0, 4.0)

#: Default margins of an explorer's figure (fractions of a `FIGSIZE` figure, `Explorer`): room
#: for log tick labels and a y label on the left, half a tick label on the right, a one-line
#: suptitle on top.
MARGINS: dict[str, float] = {"left": 0.09, "right": 0.975, "bottom": 0.14, "top": 0.865,
                             "wspace": 0.3, "hspace": 0.15}

#: Font size of an explorer's suptitle (that of an axes title, `plots.RC`).
TITLE_SIZE = 13


def _png(figure) -> bytes:
    """The figure as PNG bytes, in one draw (its margins are fixed: no cropping needed)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class _Picture:
    """A figure displayed as a PNG rendered in one draw.

    The notebook's own figure formatter crops to a tight bounding box, which draws the figure
    twice at every slider move; an explorer's margins are fixed, so one ``savefig`` (one draw)
    gives the same picture.
    """

    def __init__(self, figure) -> None:
        self.figure = figure

    def _repr_png_(self) -> bytes:
        return _png(self.figure)

    def __repr__(self) -> str:
        return repr(self.figure)


class Explorer:
    """Controls (an ipywidgets ``VBox``) wired to a figure redrawn from a pure function.

    Parameters
    ----------
    controls : dict of str to ipywidgets widget
        Name -> control with a ``value``; the names are the keyword arguments of ``draw``.
    draw : callable
        ``draw(fig, **values)`` draws the whole picture into the empty figure ``fig``.
    figsize : (float, float)
        Figure size in inches, `FIGSIZE` by default; at most about 9 inches wide so that the
        picture is legible at the width of a page.
    margins : dict, optional
        ``Figure.subplots_adjust`` arguments overriding `MARGINS`. Fixed margins instead of a
        layout engine: a layout engine costs one more full draw at every slider move.

    Attributes
    ----------
    controls : ipywidgets.VBox
        The sliders; displaying the explorer displays them.
    figure : matplotlib.figure.Figure
        The picture of the current values (not managed by pyplot).
    error : str or None
        Why the current values could not be drawn (see `redraw`), or None.
    """

    def __init__(self, controls: Mapping[str, Any], draw: Callable[..., None],
                 figsize: tuple[float, float] = FIGSIZE,
                 margins: Mapping[str, float] | None = None):
        import ipywidgets
        from matplotlib.figure import Figure

        self._widgets = dict(controls)
        self._draw = draw
        self._handle = None
        self._hold = False
        with plots.style():
            self.figure = Figure(figsize=figsize)
        self._margins = {**MARGINS, **(margins or {})}
        self.controls = ipywidgets.VBox(list(self._widgets.values()))
        for widget in self._widgets.values():
            widget.observe(self._on_change, names="value")
        self.redraw()

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control."""
        return {name: widget.value for name, widget in self._widgets.items()}

    def redraw(self) -> None:
        """Recompute and redraw the picture; update the displayed figure if shown.

        Slider values that the functions refuse together (say a cyclic schedule whose base
        rate is above its peak) give a picture of the error message instead of a blank one;
        the message is also in `error`.
        """
        self.figure.clear()
        self.error = None
        try:
            with plots.style():
                self._draw(self.figure, **self.values)
        except (ValueError, TypeError) as err:
            self.error = str(err)
            self.figure.clear()
            self.figure.text(0.5, 0.5, f"Cannot draw these values:\n{err}", ha="center",
                             va="center", wrap=True, fontsize=12, color=plots.COLORS[1])
        self.figure.subplots_adjust(**self._margins)
        if self._handle is not None:
            self._handle.update(_Picture(self.figure))

    def _on_change(self, _change=None) -> None:
        if not self._hold:
            self.redraw()

    def set(self, **values: Any) -> None:
        """Set several controls at once (one redraw), as moving the sliders would."""
        unknown = sorted(set(values) - set(self._widgets))
        if unknown:
            raise ValueError(f"Explorer.set: names must be among {sorted(self._widgets)}, "
                             f"got {unknown}")
        self._hold = True
        try:
            for name, value in values.items():
                self._widgets[name].value = value
        finally:
            self._hold = False
        self.redraw()

    def png(self) -> bytes:
        """The current picture as the PNG bytes that `show` displays (and each update sends)."""
        return _png(self.figure)

    def show(self) -> None:
        """Display the figure (a PNG) with a display id; later redraws update it in place."""
        from IPython.display import display

        self._handle = display(_Picture(self.figure), display_id=True)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.controls)


def _suptitle(fig, text: str) -> None:
    """The figure's title at `TITLE_SIZE`; ``"; "`` in ``text`` starts a new line."""
    fig.suptitle(text.replace("; ", "\n"), fontsize=TITLE_SIZE, linespacing=1.3)


def _fewer_ticks(axis, nbins: int = 5) -> None:
    """At most about ``nbins`` major ticks on a linear ``axis`` (a narrow panel's)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=nbins, steps=(1, 2, 2.5, 5, 10)))


def _log_slider(description: str, value: float, low: float, high: float):
    import ipywidgets

    return ipywidgets.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high),
                                     step=0.02, description=description, readout_format=".3g",
                                     continuous_update=False)


def _int_slider(description: str, value: int, low: int, high: int, step: int = 1):
    import ipywidgets

    return ipywidgets.IntSlider(value=value, min=low, max=high, step=step,
                                description=description, continuous_update=False)


def _float_slider(description: str, value: float, low: float, high: float, step: float):
    import ipywidgets

    return ipywidgets.FloatSlider(value=value, min=low, max=high, step=step,
                                  description=description, readout_format=".4g",
                                  continuous_update=False)


def _dropdown(description: str, options: Sequence[str], value: str):
    import ipywidgets

    return ipywidgets.Dropdown(options=list(options), value=value, description=description)


# ---- learning rate on a surface ------------------------------------------------------------


def _curvature(surface: Any) -> float | None:
    """:math:`L`: the quadratic's, else the largest Hessian eigenvalue over the minima (None
    for a surface without a minimum)."""
    if hasattr(surface, "L"):
        return float(surface.L)
    minima = np.asarray(surface.minima, dtype=np.float64).reshape(-1, surface.dim)
    if not minima.size:
        return None
    return float(np.linalg.eigvalsh(surface.hessian(minima)).max())


def lr_explorer_data(surface: Any, lr: float, x0: Sequence[float], steps: int) -> dict[str, Any]:
    r"""Gradient descent :math:`\theta_{k+1} = \theta_k - \eta \nabla f(\theta_k)` on a surface.

    Parameters
    ----------
    surface : Surface
        1-D or 2-D.
    lr : float
        :math:`\eta > 0`.
    x0 : sequence of float
        Starting point, length ``surface.dim``.
    steps : int
        Number of updates.

    Returns
    -------
    dict
        ``path`` (``(n, dim)``, fewer than ``steps + 1`` rows if it diverged), ``loss`` (f at
        every point), ``diverged`` (bool, `minimize`'s rule), ``L`` (the quadratic's largest
        eigenvalue; for other surfaces the largest Hessian eigenvalue over the minima; None
        without a minimum), ``threshold`` :math:`2/L` (above it no minimum of that curvature
        is stable; None without a minimum),
        ``converged`` (the last point within :math:`10^{-3}` of a minimum), ``outcome``
        (``"diverges"``: diverged, or :math:`f - f^*` ended above where it started;
        ``"converges"``; ``"not settled"`` otherwise) and ``title``.
    """
    owner = "lr_explorer_data"
    lr = _checks.positive(owner, "lr", lr)
    big = _curvature(surface)
    history = minimize(surface, SGD(lr), x0, steps)
    path = history.path
    minima = np.asarray(surface.minima, dtype=np.float64).reshape(-1, surface.dim)
    last = path[-1]
    converged = bool(not history.diverged and minima.size
                     and np.min(np.linalg.norm(minima - last, axis=1)) < 1e-3)
    gap = history.loss - _minimum_value(surface)
    if history.diverged or not gap[-1] <= gap[0]:
        outcome = "diverges"
    else:
        outcome = "converges" if converged else "not settled"
    detail = f" after {steps} steps" if outcome == "not settled" else ""
    if big is None:
        threshold = None
        title = f"η = {lr:.3g}: {outcome}{detail}"
    else:
        threshold = theory.stability_limit([big])
        relation = "<" if lr < threshold else (">" if lr > threshold else "=")
        title = f"η = {lr:.3g} {relation} 2/L = {threshold:.3g}: {outcome}{detail}"
    return {"path": path, "loss": history.loss, "diverged": bool(history.diverged),
            "L": big, "threshold": threshold, "converged": converged, "outcome": outcome,
            "title": title}


def _draw_surface_paths(ax, surface: Any, paths: Mapping[str, np.ndarray]) -> None:
    if surface.dim == 1:
        plots.path_1d(surface, {k: v[:, 0] for k, v in paths.items()}, ax=ax)
    else:
        plots.contour_trajectories(surface, paths, ax=ax)


def lr_explorer(surface: Any = None, lr: float = 0.15, x0: Sequence[float] | None = None,
                steps: int = 50, lr_range: tuple[float, float] = (1e-3, 1.0)) -> Explorer:
    r"""Gradient descent on a surface for a learning-rate slider (log scale).

    Left: the path over the contours (2-D) or on the curve (1-D). Right: :math:`f(\theta_k)`
    (log scale). The title compares :math:`\eta` with :math:`2/L` and says whether the run
    converges or diverges.

    Parameters
    ----------
    surface : Surface, optional
        ``Quadratic()`` (eigenvalues 1 and 10: :math:`2/L = 0.2`) by default.
    lr : float
        Initial slider value.
    x0 : sequence of float, optional
        Starting point; 80% of the way from the first minimum to the upper corner of
        ``surface.bounds`` by default.
    steps : int
        Number of updates drawn.
    lr_range : (float, float)
        Slider range (log scale).

    Returns
    -------
    Explorer
    """
    owner = "lr_explorer"
    surface = Quadratic() if surface is None else surface
    low, high = (_checks.positive(owner, "lr_range", v) for v in lr_range)
    if not low < high:
        raise ValueError(f"{owner}: lr_range must be (low, high) with low < high, "
                         f"got {lr_range!r}")
    if x0 is None:
        box = np.asarray(surface.bounds, dtype=np.float64)
        centre = np.asarray(surface.minima, dtype=np.float64).reshape(-1, surface.dim)
        centre = centre[0] if centre.size else box.mean(axis=1)
        x0 = centre + 0.8 * (box[:, 1] - centre)
    lr_explorer_data(surface, lr, x0, steps)  # refuse bad arguments before building widgets

    def draw(fig, lr):
        data = lr_explorer_data(surface, lr, x0, steps)
        left, right = fig.subplots(1, 2, width_ratios=(1.15, 1))
        _draw_surface_paths(left, surface, {"gradient descent": data["path"]})
        # the title names the run and the minimum is the black dot: a legend would only hide
        # the path where it crosses the middle (rates near 2/L)
        left.get_legend().remove()
        if data["L"] is None:  # no minimum: f itself, which may go negative
            plots.loss_curves({"f": data["loss"]}, ax=right, logy=False, xlabel="step $k$")
            right.set_ylabel(r"$f(\theta_k)$")
        else:
            gap = data["loss"] - _minimum_value(surface)
            plots.loss_curves({"f": np.maximum(gap, 1e-16 * max(1.0, abs(gap[0])))},
                              ax=right, xlabel="step $k$")
            right.set_ylabel(r"$f(\theta_k) - f^*$")
        right.get_legend().remove()
        _suptitle(fig, data["title"])

    return Explorer({"lr": _log_slider("η", lr, low, high)}, draw)


def _minimum_value(surface: Any) -> float:
    minima = np.asarray(surface.minima, dtype=np.float64).reshape(-1, surface.dim)
    return float(np.min(surface.value(minima))) if minima.size else 0.0


# ---- schedules -----------------------------------------------------------------------------

def schedule_explorer_data(kind: str, steps: int = 400, noise: float = 0.5,
                           **params: Any) -> dict[str, Any]:
    """A schedule's curve and SGD on the noisy quadratic with it and with a constant rate.

    Parameters
    ----------
    kind : str
        One of `SCHEDULE_KINDS` (see `make_schedule`).
    steps : int
    noise : float
        Gradient noise :math:`\\sigma` of `noisy_quadratic_sgd`.
    **params
        The schedule's parameters.

    Returns
    -------
    dict
        ``schedule``; ``k`` (``0 .. steps-1``) and ``lr`` (the rate of each update);
        ``loss`` (``steps + 1`` losses with the schedule) and ``constant_loss`` (with the
        constant rate :math:`\\max_k \\eta_k`, the schedule's peak), ``peak_lr``.
    """
    sched = make_schedule(kind, steps, **params)
    k = np.arange(steps)
    lr = np.asarray(sched(k), dtype=np.float64)
    peak = float(lr.max())
    return {"schedule": sched, "k": k, "lr": lr, "peak_lr": peak,
            "loss": noisy_quadratic_sgd(sched, steps, noise),
            "constant_loss": noisy_quadratic_sgd(peak, steps, noise)}


# Slider of each schedule parameter: the parameter's name, or kind:parameter when one name means
# different ranges in different kinds.
_GAMMA_PER_STEP = ("exponential", "cyclic_exp_range")


def _schedule_control_key(kind: str, param: str) -> str:
    return f"{param}_per_step" if param == "gamma" and kind in _GAMMA_PER_STEP else param


def _schedule_controls(steps: int) -> dict[str, Any]:
    import ipywidgets

    return {
        "lr": _log_slider("η₀", 0.5, 1e-3, 1.5),
        "max_lr": _log_slider("max η", 0.5, 1e-3, 1.5),
        "base_lr": _log_slider("base η", 0.01, 1e-4, 1.0),
        "min_lr": _float_slider("min η", 0.0, 0.0, 0.1, 0.001),
        "end_lr": _float_slider("end η", 0.005, 0.0, 0.1, 0.001),
        "step_size": _int_slider("step size", 100, 1, steps),
        "gamma": _float_slider("γ", 0.3, 0.05, 0.95, 0.05),
        "gamma_per_step": _float_slider("γ per step", 0.99, 0.95, 0.9999, 0.0001),
        "milestones": ipywidgets.IntRangeSlider(value=(200, 300), min=1, max=steps - 1,
                                                description="milestones",
                                                continuous_update=False),
        "decay_rate": _log_slider("decay rate", 0.05, 1e-4, 1.0),
        "decay_steps": _int_slider("decay steps", 5, 1, 100),
        "staircase": ipywidgets.Checkbox(value=False, description="staircase"),
        "power": _float_slider("power", 2.0, 0.25, 4.0, 0.25),
        "warmup_steps": _int_slider("warmup", 40, 1, steps // 2),
        "start_factor": _float_slider("start factor", 0.0, 0.0, 1.0, 0.05),
        "step_size_up": _int_slider("half cycle", 50, 1, steps // 2),
        "period": _int_slider("period", 100, 1, steps),
        "period_mult": _int_slider("period ×", 1, 1, 3),
        "pct_start": _float_slider("warm part", 0.3, 0.05, 0.95, 0.05),
        "div_factor": _log_slider("div factor", 25.0, 1.0, 1e3),
        "final_div_factor": _log_slider("final div", 1e4, 1.0, 1e5),
    }


def schedule_explorer(kind: str = "step", steps: int = 400, noise: float = 0.5) -> Explorer:
    """Choose a schedule and its parameters: its curve, and SGD on a noisy quadratic with it.

    Left: the schedule and, dashed, a constant rate at its peak. Right: the loss of
    `noisy_quadratic_sgd` with both (log scale): decaying the rate goes below the constant
    rate's noise floor. Changing the kind keeps the values of shared sliders and shows only
    the kind's own.

    Parameters
    ----------
    kind : str
        Initial kind, one of `SCHEDULE_KINDS`.
    steps : int
        Updates of the run (>= 20).
    noise : float
        Gradient noise of the quadratic.

    Returns
    -------
    Explorer
    """
    owner = "schedule_explorer"
    _checks.choice(owner, "kind", kind, SCHEDULE_KINDS)
    steps = _checks.integer(owner, "steps", steps, minimum=20)
    _checks.nonnegative(owner, "noise", noise)
    sliders = _schedule_controls(steps)
    first, second = SCHEDULE_KINDS["multistep"]["milestones"]  # milestones inside the run
    sliders["milestones"].value = (min(first, steps // 2), min(second, steps - 1))
    sliders["step_size"].value = min(sliders["step_size"].value, steps // 4)

    def visible(kind: str) -> None:
        wanted = {_schedule_control_key(kind, p) for p in SCHEDULE_KINDS[kind]}
        for name, widget in sliders.items():
            widget.layout.display = None if name in wanted else "none"

    def draw(fig, kind, **values):
        params = {p: values[_schedule_control_key(kind, p)] for p in SCHEDULE_KINDS[kind]}
        data = schedule_explorer_data(kind, steps, noise, **params)
        left, right = fig.subplots(1, 2)
        plots.schedule(data["schedule"], steps, ax=left, label=kind)
        left.axhline(data["peak_lr"], color=plots.COLORS[1], linestyle="--", linewidth=1.2,
                     label="constant")
        # room above the peak for a one-row legend: a cyclic rate fills the panel below it
        left.set_ylim(top=1.25 * data["peak_lr"])
        left.legend(loc="upper center", ncols=2)
        plots.loss_curves({kind: data["loss"], "constant": data["constant_loss"]}, ax=right,
                          xlabel="step $k$")
        for ax in (left, right):
            _fewer_ticks(ax.xaxis)
        _suptitle(fig, f"{type(data['schedule']).__name__}: final loss "
                  f"{data['loss'][-1]:.2e} vs {data['constant_loss'][-1]:.2e} at constant "
                  f"η = {data['peak_lr']:.3g}")

    kind_menu = _dropdown("schedule", list(SCHEDULE_KINDS), kind)
    visible(kind)
    kind_menu.observe(lambda change: visible(change["new"]), names="value")
    return Explorer({"kind": kind_menu, **sliders}, draw)


# ---- minibatch noise: rate and batch size ---------------------------------------------------

#: Batch sizes offered by `minibatch_explorer`.
MINIBATCH_SIZES: tuple[int, ...] = (4, 8, 16, 32, 64, 128, 256)


def minibatch_explorer_data(lr: float, batch_size: int, examples: int = 3200,
                            noise: float = 1.0, seed: int = 0) -> dict[str, Any]:
    r"""SGD on the noisy quadratic with the gradient noise of a minibatch of ``batch_size``.

    A gradient averaged over :math:`B` independent examples has the noise of one example
    divided by :math:`\sqrt{B}`, so the run is `noisy_quadratic_sgd` with
    :math:`\sigma_B = \sigma_1 / \sqrt{B}` (:math:`\sigma_1` = ``noise``) for a fixed budget of
    examples, hence :math:`\lfloor \mathrm{examples} / B \rfloor` updates. With a constant rate
    the loss settles at the noise floor :math:`f_\infty` of
    `lrcourse.theory.noisy_quadratic_floor` with :math:`\sigma_B`, about
    :math:`(\eta / B)\, (\sigma_1^2/4) \sum_i h_i`: it depends on the rate and the batch size
    through :math:`\eta / B` (the noise scale; Goyal et al. 2017's linear scaling rule keeps it
    fixed), and is infinite from :math:`\eta \ge 2/L = 2` on, where SGD diverges whatever
    the batch.

    Parameters
    ----------
    lr : float
        Constant rate :math:`\eta > 0`.
    batch_size : int
        :math:`B \ge 1`.
    examples : int
        Budget of examples (>= ``batch_size``).
    noise : float
        :math:`\sigma_1 \ge 0`, the gradient noise of a single example.
    seed : int

    Returns
    -------
    dict
        ``steps`` (updates), ``loss`` (``steps + 1`` values, with noise), ``clean_loss``
        (the same rate without noise, full-batch gradient descent, in closed form:
        `lrcourse.theory.noisy_quadratic_gd_loss`, inf once above :math:`10^6` times its
        start), ``floor`` :math:`f_\infty` (inf for :math:`\eta \ge 2`), ``settled`` (the
        mean loss over the last quarter of the updates, NaN after a divergence),
        ``noise_scale`` :math:`\eta / B`, ``diverged`` and ``title``.
    """
    owner = "minibatch_explorer_data"
    lr = _checks.positive(owner, "lr", lr)
    batch_size = _checks.integer(owner, "batch_size", batch_size, minimum=1)
    examples = _checks.integer(owner, "examples", examples, minimum=batch_size)
    sigma = _checks.nonnegative(owner, "noise", noise) / np.sqrt(batch_size)
    steps = examples // batch_size
    floor = theory.noisy_quadratic_floor(lr, sigma)
    loss = noisy_quadratic_sgd(lr, steps, sigma, seed)
    clean = theory.noisy_quadratic_gd_loss(lr, steps)
    clean[np.cumsum(clean > 1e6 * clean[0]) > 0] = np.inf  # noisy_quadratic_sgd's stop rule
    diverged = bool(np.isinf(loss[-1]))
    settled = np.nan if diverged else float(loss[-max(1, steps // 4):].mean())
    end = "diverged" if diverged else (
        f"settles at {settled:.3g}, floor {floor:.3g}" if np.isfinite(floor)
        else f"no floor (η ≥ 2/L = 2), last quarter at {settled:.3g}")
    title = (f"η = {lr:.3g}, B = {batch_size}: η/B = {lr / batch_size:.3g}, "
             f"{steps} updates; {end}")
    return {"steps": steps, "loss": loss, "clean_loss": clean, "floor": floor,
            "settled": settled, "noise_scale": lr / batch_size, "diverged": diverged,
            "title": title}


def minibatch_explorer(lr: float = 0.5, batch_size: int = 8, examples: int = 3200,
                       noise: float = 1.0) -> Explorer:
    r"""Rate and batch size on a noisy quadratic, for a fixed budget of examples.

    The loss of `minibatch_explorer_data` against the update (log scale) with the same rate
    without noise (full batch) and the noise floor :math:`f_\infty` (dotted). A larger rate
    falls faster but settles higher; a larger batch lowers the floor but, for the same
    examples, takes fewer updates; rates and batches with the same :math:`\eta / B` share a
    floor.

    Parameters
    ----------
    lr : float
        Initial rate (log slider from 0.01 to 2.5; :math:`2/L = 2`).
    batch_size : int
        Initial batch size, one of `MINIBATCH_SIZES`.
    examples : int
        Budget of examples of every run.
    noise : float
        Gradient noise :math:`\sigma_1` of a single example.

    Returns
    -------
    Explorer
    """
    import ipywidgets

    owner = "minibatch_explorer"
    if batch_size not in MINIBATCH_SIZES:
        _checks._fail(owner, "batch_size", f"one of {MINIBATCH_SIZES}", batch_size)
    minibatch_explorer_data(lr, batch_size, examples, noise)  # refuse bad arguments first
    most = examples // MINIBATCH_SIZES[0]

    def draw(fig, lr, batch_size):
        data = minibatch_explorer_data(lr, batch_size, examples, noise)
        ax = fig.subplots()
        plots.loss_curves({f"minibatch of {batch_size}": data["loss"],
                           "no noise (full batch)": np.maximum(data["clean_loss"], 1e-300)},
                          ax=ax, xlabel="update $k$")
        if np.isfinite(data["floor"]):
            ax.axhline(data["floor"], color=plots.COLORS[2], linestyle=":", linewidth=1.6,
                       label="noise floor")
            ax.legend()
        ax.set_xlim(0, most)
        ax.set_ylim(1e-4, 20.0)
        _suptitle(fig, data["title"])  # two lines: the run, then where it settles

    batch = ipywidgets.SelectionSlider(options=list(MINIBATCH_SIZES), value=batch_size,
                                       description="B", continuous_update=False)
    return Explorer({"lr": _log_slider("η", lr, 0.01, 2.5), "batch_size": batch}, draw,
                    figsize=(9.0, 4.3), margins={"left": 0.085, "top": 0.82, "bottom": 0.13})


# ---- momentum ------------------------------------------------------------------------------


def momentum_explorer_data(surface: Any, lr: float, beta: float, x0: Sequence[float],
                           steps: int) -> dict[str, Any]:
    r"""Gradient descent and heavy-ball momentum from the same start, at the same rate.

    Parameters
    ----------
    surface : Quadratic
        Anything with ``L``, ``mu`` (the rates use them) and the `Surface` interface.
    lr : float
        :math:`\eta > 0`.
    beta : float
        Momentum :math:`\beta \in [0, 1)`.
    x0 : sequence of float
    steps : int

    Returns
    -------
    dict
        ``paths`` and ``losses`` (label -> array, for ``"gradient descent"`` and
        ``"momentum β=..."``), ``diverged`` (label -> bool), ``rate`` and ``gd_rate``
        (`heavy_ball_rate` with ``beta`` and with 0), ``best_lr``, ``best_beta`` (the optimal
        pair, `lrcourse.theory.heavy_ball_optimal`) and ``title``.
    """
    owner = "momentum_explorer_data"
    lr = _checks.positive(owner, "lr", lr)
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    runs = {"gradient descent": SGD(lr), f"momentum β={beta:.2g}": SGD(lr, momentum=beta)}
    histories = {label: minimize(surface, opt, x0, steps) for label, opt in runs.items()}
    best_lr, best_beta, best_rate = theory.heavy_ball_optimal(surface)
    rate, gd_rate = heavy_ball_rate(surface, lr, beta), heavy_ball_rate(surface, lr, 0.0)
    title = (f"η = {lr:.3g}, β = {beta:.2g}: rate ρ = {rate:.3f} (GD {gd_rate:.3f}); "
             f"best η* = {best_lr:.3g}, β* = {best_beta:.2f}, ρ* = {best_rate:.3f}")
    return {"paths": {k: h.path for k, h in histories.items()},
            "losses": {k: h.loss for k, h in histories.items()},
            "diverged": {k: bool(h.diverged) for k, h in histories.items()},
            "rate": rate, "gd_rate": gd_rate, "best_lr": best_lr, "best_beta": best_beta,
            "title": title}


def momentum_explorer(surface: Any = None, lr: float = 0.035, beta: float = 0.7,
                      x0: Sequence[float] = (-2.8, 2.0), steps: int = 60) -> Explorer:
    """Heavy-ball momentum against plain gradient descent on an ill-conditioned quadratic.

    Left: both paths over the contours. Right: :math:`f(\\theta_k)` of both (log scale). The
    title gives the theoretical rates (`heavy_ball_rate`) and the optimal pair.

    Parameters
    ----------
    surface : Quadratic, optional
        ``Quadratic((1.0, 50.0), angle=0.3)`` (:math:`\\kappa = 50`) by default.
    lr, beta : float
        Initial slider values.
    x0 : sequence of float
    steps : int

    Returns
    -------
    Explorer
    """
    surface = Quadratic((1.0, 50.0), angle=0.3) if surface is None else surface
    momentum_explorer_data(surface, lr, beta, x0, steps)  # refuse bad arguments first
    high = 2.5 / surface.L

    def draw(fig, lr, beta):
        data = momentum_explorer_data(surface, lr, beta, x0, steps)
        left, right = fig.subplots(1, 2, width_ratios=(1.15, 1))
        plots.contour_trajectories(surface, data["paths"], ax=left)
        plots.loss_curves({k: np.maximum(v, 1e-300) for k, v in data["losses"].items()},
                          ax=right, xlabel="step $k$")
        right.set_ylabel(r"$f(\theta_k)$")
        left.get_legend().remove()  # the loss panel's legend names both runs
        _suptitle(fig, data["title"])  # two lines: this pair's rates, then the best pair

    return Explorer({"lr": _log_slider("η", lr, high / 300, high),
                     "beta": _float_slider("β", beta, 0.0, 0.99, 0.01)}, draw,
                    figsize=(9.0, 4.3), margins={"top": 0.82, "bottom": 0.13})


# ---- dying ReLU ----------------------------------------------------------------------------

#: Inits offered by `relu_explorer` (those of `lrcourse.nn`).
RELU_INITS: tuple[str, ...] = tuple(INITS)


def _relu_data():
    from .data import two_moons

    data = two_moons(n=400, noise=0.2, seed=0)
    return data.X_train, data.y_train


def relu_explorer_data(init: str = "he", depth: int = 4, width: int = 16, lr: float = 0.1,
                       init_std: float = 0.5, steps: int = 50, activation: str = "relu",
                       seed: int = 0) -> dict[str, Any]:
    r"""Dead ReLU units of an MLP on two moons, at initialization and after training.

    An MLP with ``depth`` hidden layers of ``width`` units (`MLP`, cross-entropy) is trained by
    full-batch gradient descent at rate ``lr`` for ``steps`` updates on the training set of
    ``two_moons(n=400, noise=0.2, seed=0)``. A unit is dead when it outputs 0 on every
    training input (`MLP.dead_fraction`): it then gets no gradient and never recovers.

    Parameters
    ----------
    init : str
        One of `lrcourse.nn.INITS`; ``init_std`` is used for ``"normal"`` only.
    depth, width : int
    lr : float
    init_std : float
    steps : int
        Updates (a run that diverges stops early).
    activation : str
    seed : int
        Seed of the initialization.

    Returns
    -------
    dict
        ``dead_init`` and ``dead_trained`` (``(depth,)`` fractions), ``activations``
        (per hidden layer, the activations on the training set after training), ``loss``
        (per update), ``diverged``, ``born_dead`` (every input gives the same output at
        initialization: some layer entirely dead).
    """
    owner = "relu_explorer_data"
    _checks.choice(owner, "init", init, INITS)
    depth = _checks.integer(owner, "depth", depth, minimum=1)
    width = _checks.integer(owner, "width", width, minimum=1)
    lr = _checks.positive(owner, "lr", lr)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    X, y = _relu_data()
    std = _checks.positive(owner, "init_std", init_std) if init == "normal" else None
    model = MLP((X.shape[1], *([width] * depth), 2), activation=activation, init=init,
                init_std=std, seed=seed)
    dead_init = model.dead_fraction(X)
    opt = SGD(lr)
    losses = []
    diverged = False
    for _ in range(steps):
        loss, grads = model.loss_and_grads(X, y)
        if not np.isfinite(loss) or (losses and loss > 100 * losses[0]):
            diverged = True
            break
        losses.append(loss)
        opt.step(model.params, grads)
    return {"dead_init": dead_init, "dead_trained": model.dead_fraction(X),
            "activations": [a for _, a in model.hidden_activations(X)],
            "loss": np.asarray(losses), "diverged": diverged,
            "born_dead": bool(np.any(dead_init == 1.0))}


def relu_explorer(init: str = "he", depth: int = 4, width: int = 16, lr: float = 0.1,
                  init_std: float = 0.5, steps: int = 50) -> Explorer:
    """Initialization, depth, width and learning rate against dead ReLU units.

    Top: dead fraction per hidden layer at initialization and after ``steps`` updates.
    Bottom left: histogram of the activations of the first and last hidden layers after
    training (log counts; dead units pile up at 0). Bottom right: the training loss.

    Returns
    -------
    Explorer
    """
    relu_explorer_data(init, depth, width, lr, init_std, steps)  # refuse bad arguments first

    def draw(fig, init, depth, width, lr, init_std):
        from matplotlib.ticker import PercentFormatter

        data = relu_explorer_data(init, depth, width, lr, init_std, steps)
        grid = fig.add_gridspec(2, 2)  # dead units per layer across the top: up to 12 layers
        dead = fig.add_subplot(grid[0, :])
        hist, loss = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
        layers = np.arange(1, depth + 1)
        dead.bar(layers - 0.2, data["dead_init"], width=0.4, color=plots.COLORS[0],
                 label="at init")
        dead.bar(layers + 0.2, data["dead_trained"], width=0.4, color=plots.COLORS[1],
                 hatch="//", edgecolor="black", label="after training")
        dead.set_ylim(0, 1.02)
        dead.yaxis.set_major_formatter(PercentFormatter(1.0))
        dead.set_xlabel("hidden layer")
        dead.set_ylabel("dead units")
        dead.set_xticks(layers)
        # above the panel, right: bars reach 100 % and would hide under a legend inside
        dead.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, borderaxespad=0.2)
        picked = {1: data["activations"][0], depth: data["activations"][-1]}
        for i, (layer, act) in enumerate(picked.items()):
            hist.hist(act.ravel(), bins=30, histtype="step", linewidth=1.8,
                      color=plots.COLORS[i], linestyle=plots.LINESTYLES[i],
                      label=f"layer {layer}")
        plots.log_axis(hist, "y")
        hist.set_xlabel("activation after training")
        hist.set_ylabel("count")
        hist.legend()
        _fewer_ticks(hist.xaxis, nbins=6)
        if data["loss"].size:
            plots.loss_curves({"train": data["loss"]}, ax=loss, xlabel="update")
        status = "diverged, " if data["diverged"] else ""
        _suptitle(fig, f"{init} init, {depth}×{width}, η = {lr:.3g}: {status}"
                  f"{100 * np.mean(data['dead_trained']):.0f}% of units dead after training")

    init_menu = _dropdown("init", RELU_INITS, init)
    std_slider = _log_slider("normal std", init_std, 1e-2, 3.0)

    def std_visible(init: str) -> None:  # the standard deviation is normal's only
        std_slider.layout.display = None if init == "normal" else "none"

    std_visible(init)
    init_menu.observe(lambda change: std_visible(change["new"]), names="value")
    return Explorer({"init": init_menu,
                     "depth": _int_slider("depth", depth, 1, 12),
                     "width": _int_slider("width", width, 2, 64),
                     "lr": _log_slider("η", lr, 1e-3, 10.0),
                     "init_std": std_slider},
                    draw, figsize=(9.0, 6.5),
                    margins={"left": 0.095, "bottom": 0.085, "top": 0.87, "hspace": 0.42})


# ---- LR range test smoothing ---------------------------------------------------------------


def default_lr_range_result() -> LRFinderResult:
    """An LR range test of an MLP (64-32-10, He init, seed 0) on the digits (batch 64)."""
    from .data import digits

    return lr_range_test(MLP((64, 32, 10), seed=0), digits(seed=0), batch_size=64)


def smoothing_explorer_data(result: LRFinderResult, beta: float,
                            suggestions: Sequence[str] = ("valley", "steep", "minimum")
                            ) -> dict[str, Any]:
    r"""Re-smooth a recorded LR range test with another :math:`\beta` and re-suggest.

    :math:`a_i = \beta a_{i-1} + (1-\beta)\ell_i`, :math:`\bar\ell_i = a_i/(1-\beta^{i+1})`
    (bias-corrected, as `lr_range_test`); the suggestions are `LRFinderResult.suggest` on the
    re-smoothed curve (the recorded steps are kept: the stop rule is not re-applied).

    Returns
    -------
    dict
        ``result`` (an `LRFinderResult` with the new ``smoothed``), ``smoothed``, and
        ``suggestions`` (method -> rate).
    """
    owner = "smoothing_explorer_data"
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    losses = np.asarray(result.losses, dtype=np.float64)
    smoothed = _ema(losses, beta)
    new = LRFinderResult(lrs=np.asarray(result.lrs, dtype=np.float64), losses=losses,
                         smoothed=smoothed, stopped_early=result.stopped_early,
                         num_steps=result.num_steps)
    return {"result": new, "smoothed": smoothed,
            "suggestions": {m: new.suggest(m) for m in suggestions}}


def smoothing_explorer(result: LRFinderResult | None = None, beta: float = 0.98) -> Explorer:
    r"""Raw and smoothed loss of an LR range test for a :math:`\beta` slider, with suggestions.

    Parameters
    ----------
    result : LRFinderResult, optional
        A recorded test; `default_lr_range_result` (computed once, here) by default.
    beta : float
        Initial smoothing factor.

    Returns
    -------
    Explorer
    """
    result = default_lr_range_result() if result is None else result
    smoothing_explorer_data(result, beta)  # refuse bad arguments first

    def draw(fig, beta):
        data = smoothing_explorer_data(result, beta)
        ax = fig.subplots()
        plots.lr_finder(data["result"], ax=ax)
        # beside the panel: inside, it would hide the raw losses at some β
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
        ax.set_title(f"smoothing β = {beta:.3g} (about {1 / (1 - beta):.0f} steps "
                     "averaged)")

    return Explorer({"beta": _float_slider("β", beta, 0.0, 0.995, 0.005)}, draw,
                    figsize=(9.0, 4.0), margins={"left": 0.085, "right": 0.78, "top": 0.91})


# ---- reduce on plateau ---------------------------------------------------------------------


def default_plateau_curve() -> np.ndarray:
    """A recorded validation loss: 60 epochs of an MLP (64-32-10) on the digits, SGD 0.3.

    Epoch 0 is the untrained model. The loss falls fast, then flattens and wobbles from about
    epoch 20 on: a plateau for `ReduceOnPlateau` to find.
    """
    from .data import digits
    from .train import fit

    history = fit(MLP((64, 32, 10), seed=0), digits(seed=0), SGD(0.3), epochs=60,
                  batch_size=64, track_dead=False)
    return history.val_loss


def plateau_explorer_data(metric_curve: Sequence[float], lr: float = 0.1, mode: str = "min",
                          factor: float = 0.1, patience: int = 10, threshold: float = 1e-4,
                          threshold_mode: str = "rel", cooldown: int = 0,
                          min_lr: float = 0.0) -> dict[str, Any]:
    r"""Replay a recorded metric through `ReduceOnPlateau`: where would it lower the rate?

    ``step(metric_curve[e])`` is called for each epoch :math:`e` in turn (PyTorch:
    ``scheduler.step(val_loss)`` after each epoch). The curve is fixed: the lowered rate does
    not change it, so this shows the rule's decisions, not their effect.

    Parameters
    ----------
    metric_curve : sequence of float
        One value per epoch.
    lr, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr
        As `ReduceOnPlateau`.

    Returns
    -------
    dict
        ``epochs`` (``0 .. n-1``), ``metric``, ``lr`` (the rate after each step: the rate of
        the next epoch), ``reductions`` (epochs whose step lowered the rate), ``best`` (the
        best metric after each step).
    """
    metric = _checks.finite_array("plateau_explorer_data", "metric_curve", metric_curve, ndim=1)
    plateau = ReduceOnPlateau(lr, mode=mode, factor=factor, patience=patience,
                              threshold=threshold, threshold_mode=threshold_mode,
                              cooldown=cooldown, min_lr=min_lr)
    rates, best = np.empty(metric.size), np.empty(metric.size)
    for e, m in enumerate(metric):
        rates[e] = plateau.step(float(m))
        best[e] = plateau.best
    return {"epochs": np.arange(metric.size), "metric": metric, "lr": rates,
            "reductions": list(plateau.reductions), "best": best}


def plateau_explorer(metric_curve: Sequence[float] | None = None, lr: float = 0.1,
                     patience: int = 5, threshold: float = 1e-2, factor: float = 0.5,
                     cooldown: int = 0, threshold_mode: str = "rel") -> Explorer:
    """Reduce-on-plateau's controls against a fixed validation-loss curve.

    Top: the metric (its axis zoomed on the plateau) with dotted lines where the rate is
    lowered. Bottom: the rate (log scale).

    Parameters
    ----------
    metric_curve : sequence of float, optional
        `default_plateau_curve` (a recorded digits run) by default.
    lr, patience, threshold, factor, cooldown, threshold_mode
        Initial control values (`ReduceOnPlateau`).

    Returns
    -------
    Explorer
    """
    curve = default_plateau_curve() if metric_curve is None else metric_curve
    plateau_explorer_data(curve, lr, "min", factor, patience, threshold, threshold_mode,
                          cooldown)  # refuse bad arguments first

    def draw(fig, patience, threshold, threshold_mode, factor, cooldown):
        data = plateau_explorer_data(curve, lr, "min", factor, patience, threshold,
                                     threshold_mode, cooldown)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(1.4, 1))
        mark = {"rate lowered": data["reductions"]} if data["reductions"] else None
        plots.loss_curves({"validation metric": data["metric"]}, ax=top, logy=False,
                          xlabel="", mark=mark)
        low, spread = data["metric"].min(), np.median(data["metric"]) - data["metric"].min()
        top.set_ylim(low - 0.5 * spread, min(data["metric"].max(), low + 6 * spread) + spread)
        top.plot(data["epochs"], data["best"], color=plots.COLORS[2], linestyle="--",
                 linewidth=1.2, label="best so far")
        top.legend()
        bottom.plot(data["epochs"], data["lr"], drawstyle="steps-post", color=plots.COLORS[1])
        plots.log_axis(bottom, "y")
        bottom.set_xlabel("epoch")
        bottom.set_ylabel(r"$\eta$ next epoch")
        epochs = data["reductions"]
        shown = epochs if len(epochs) <= 12 else [*epochs[:10], "…", epochs[-1]]
        _suptitle(fig, f"{len(epochs)} reductions: epochs [{', '.join(map(str, shown))}]")

    return Explorer({"patience": _int_slider("patience", patience, 0, 30),
                     "threshold": _log_slider("threshold", threshold, 1e-5, 0.5),
                     "threshold_mode": _dropdown("mode", ("rel", "abs"), threshold_mode),
                     "factor": _float_slider("factor", factor, 0.05, 0.95, 0.05),
                     "cooldown": _int_slider("cooldown", cooldown, 0, 20)},
                    draw, figsize=(9.0, 5.5), margins={"left": 0.1, "top": 0.9})
