"""Explorers on the noisy quadratic: a schedule against a constant rate (`schedule_explorer`)
and the rate against the batch size (`minibatch_explorer`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks, plots, theory
from ..schedules import SCHEDULE_KINDS, make_schedule
from ..train import noisy_quadratic_sgd
from ._explorer import (
    Explorer,
    _checked,
    _dropdown,
    _fewer_ticks,
    _float_slider,
    _int_slider,
    _log_slider,
    _number,
    _panels,
    _suptitle,
    recorded,
)


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


@recorded
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
    _checks.noise(owner, "noise", noise)
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
        left, right = _panels(fig, lambda: fig.subplots(1, 2))
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
                  f"{_number(data['loss'][-1])} vs {_number(data['constant_loss'][-1])} at "
                  f"constant η = {_number(data['peak_lr'], 3)}")

    kind_menu = _dropdown("schedule", list(SCHEDULE_KINDS), kind)
    visible(kind)
    kind_menu.observe(lambda change: visible(change["new"]), names="value")
    return Explorer({"kind": kind_menu, **sliders}, draw, primary={"kind": None})



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
    seed = _checks.integer(owner, "seed", seed, minimum=0)  # one run: one seed
    steps = examples // batch_size
    floor = theory.noisy_quadratic_floor(lr, sigma)
    loss = noisy_quadratic_sgd(lr, steps, sigma, seed)
    clean = theory.noisy_quadratic_gd_loss(lr, steps)
    clean[np.cumsum(clean > 1e6 * clean[0]) > 0] = np.inf  # noisy_quadratic_sgd's stop rule
    diverged = bool(np.isinf(loss[-1]))
    settled = np.nan if diverged else float(loss[-max(1, steps // 4):].mean())
    end = "diverged" if diverged else (
        f"settles at {_number(settled)}, floor {_number(floor)}" if np.isfinite(floor)
        else f"no floor (η ≥ 2/L = 2), last quarter at {_number(settled)}")
    title = (f"η = {_number(lr, 3)}, B = {batch_size}: η/B = {_number(lr / batch_size, 3)}, "
             f"{steps} updates; {end}")
    return {"steps": steps, "loss": loss, "clean_loss": clean, "floor": floor,
            "settled": settled, "noise_scale": lr / batch_size, "diverged": diverged,
            "title": title}


@recorded
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
    _checks.integer(owner, "batch_size", batch_size, minimum=1)
    if batch_size not in MINIBATCH_SIZES:
        _checks._fail(owner, "batch_size", f"one of {MINIBATCH_SIZES}", batch_size)
    minibatch_explorer_data(lr, batch_size, examples, noise)  # refuse bad arguments first
    most = examples // MINIBATCH_SIZES[0]
    rate = _checked(owner, "lr", lr, _log_slider("η", lr, 0.01, 2.5))

    def draw(fig, lr, batch_size):
        data = minibatch_explorer_data(lr, batch_size, examples, noise)
        ax = _panels(fig, fig.subplots)
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
    return Explorer({"lr": rate, "batch_size": batch}, draw,
                    figsize=(7.5, 4.0), margins={"left": 0.1, "top": 0.8, "bottom": 0.13},
                    primary={"lr": (0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0), "batch_size": None})
