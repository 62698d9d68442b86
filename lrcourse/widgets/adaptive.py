"""The explorer of per-parameter learning rates: one optimizer at a time on a 2-D valley, with
the effective rate of each coordinate drawn next to its path (`adaptive_explorer`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _checks, plots
from ..optimizers import SGD, AdaGrad, Adam, RMSProp
from ..surfaces import Quadratic
from ..theory._shared import _CURVATURE_RANGE
from ._explorer import (
    Explorer,
    _dropdown,
    _int_slider,
    _log_slider,
    _number,
    _panels,
    _suptitle,
    recorded,
)

__all__ = ["ADAPTIVE_OPTIMIZERS", "adaptive_explorer", "adaptive_explorer_data"]

#: Optimizers of `adaptive_explorer`: name -> (class, default rate on its valley, label).
ADAPTIVE_OPTIMIZERS: dict[str, tuple[type, float, str]] = {
    "sgd": (SGD, 0.09, "SGD"),
    "adagrad": (AdaGrad, 1.0, "AdaGrad"),
    "rmsprop": (RMSProp, 0.1, "RMSProp"),
    "adam": (Adam, 0.1, "Adam"),
}


def adaptive_explorer_data(optimizer: str = "adagrad", angle: float = 0.0,
                           lr: float | None = None, steps: int = 40, kappa: float = 20.0,
                           x0: Sequence[float] = (-2.0, 1.0)) -> dict[str, Any]:
    r"""One optimizer of `lrcourse.optimizers` (PyTorch defaults) on a 2-D valley, with the
    effective rate of each coordinate at every step.

    The valley is :math:`\mathcal{L}(\theta) = \tfrac12 \theta^\top A \theta` with curvatures 1 and
    :math:`\kappa`, rotated by ``angle`` degrees (`lrcourse.surfaces.Quadratic`). After every
    update :math:`k` the optimizer's `~lrcourse.optimizers.Optimizer.effective_lr` gives each
    coordinate's rate: :math:`\eta` for SGD, :math:`\eta/(\sqrt{G_k} + \epsilon)` for AdaGrad,
    :math:`\eta/(\sqrt{v_k} + \epsilon)` for RMSProp and
    :math:`\eta/(\sqrt{\hat v_k} + \epsilon)` for Adam. On the axis-aligned valley the adaptive
    methods give the flat coordinate :math:`\theta_1` a larger rate than the steep
    :math:`\theta_2` (from a start with :math:`|\theta_{0,1}| = |\theta_{0,2}|`, AdaGrad's
    two rates end exactly a factor :math:`\kappa` apart: the preconditioner :math:`1/\lambda_i`);
    on the valley rotated by 45 degrees they end about equal.

    Parameters
    ----------
    optimizer : str
        One of `ADAPTIVE_OPTIMIZERS`.
    angle : float
        Rotation of the valley in degrees, in [0, 90].
    lr : float, optional
        :math:`\eta > 0`; the optimizer's default of `ADAPTIVE_OPTIMIZERS` if None.
    steps : int
        Number of updates, >= 1.
    kappa : float
        The condition number, >= 1.
    x0 : sequence of float
        Starting point (2 numbers).

    Returns
    -------
    dict
        ``surface``, ``path`` ``(steps + 1, 2)``, ``loss`` ``(steps + 1,)``, ``rates``
        ``(steps, 2)`` (non-finite entries once the run diverged), ``lr`` and ``title``.
    """
    owner = "adaptive_explorer_data"
    name = _checks.choice(owner, "optimizer", optimizer, ADAPTIVE_OPTIMIZERS)
    angle = _checks.in_interval(owner, "angle", angle, 0.0, 90.0)
    cls, default, label = ADAPTIVE_OPTIMIZERS[name]
    lr = default if lr is None else _checks.positive(owner, "lr", lr)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    kappa = _checks.real(owner, "kappa", kappa)
    if not 1 <= kappa <= _CURVATURE_RANGE[1]:
        _checks._fail(owner, "kappa", f"a finite number in [1, {_CURVATURE_RANGE[1]:g}] "
                      "(the largest curvature)", kappa)
    x = _checks.finite_array(owner, "x0", x0, ndim=1).copy()
    if x.size != 2:
        _checks._fail(owner, "x0", "2 numbers", f"{x.size} numbers")
    surface = Quadratic((1.0, kappa), angle=math.radians(angle))
    opt = cls(lr)
    path = np.full((steps + 1, 2), np.nan)
    rates = np.full((steps, 2), np.nan)
    path[0] = x
    with np.errstate(all="ignore"):
        for k in range(steps):
            opt.step(x, surface.grad(x))
            path[k + 1] = x
            rates[k] = opt.effective_lr()[0]
        loss = surface.value(path)
    final = loss[-1]
    end = f"f = {_number(final)}" if np.isfinite(final) and final < 1e6 else "diverges"
    title = (f"{label}, η = {_number(lr, 3)}, valley at {angle:g}°: {end} after {steps} "
             f"steps; final rates θ₁ {_number(rates[-1, 0], 3)}, θ₂ {_number(rates[-1, 1], 3)}")
    return {"surface": surface, "path": path, "loss": loss, "rates": rates, "lr": lr,
            "title": title}


@recorded
def adaptive_explorer(optimizer: str = "adagrad", angle: float = 0.0, steps: int = 40,
                      kappa: float = 20.0) -> Explorer:
    r"""One optimizer at a time on a valley, with the per-coordinate effective rates drawn.

    Left: the path over the contours. Right: the effective rate of :math:`\theta_1` (the flat
    direction when the valley is axis-aligned) and of :math:`\theta_2` at every step (log
    scale), from `adaptive_explorer_data`. The primary controls are the optimizer and the angle
    of the valley (0 to 90 degrees in steps of 15); every optimizer keeps its own rate slider,
    shown while it is selected, starting at its default of `ADAPTIVE_OPTIMIZERS`.

    Parameters
    ----------
    optimizer : str
        Initial optimizer, one of `ADAPTIVE_OPTIMIZERS`.
    angle : float
        Initial angle in degrees, a multiple of 15 in [0, 90].
    steps : int
        Updates drawn.
    kappa : float
        The valley's condition number.

    Returns
    -------
    Explorer
    """
    owner = "adaptive_explorer"
    adaptive_explorer_data(optimizer, angle, None, steps, kappa)  # refuse bad arguments first
    if angle % 15:
        _checks._fail(owner, "angle", "a multiple of 15 in [0, 90]", angle)
    sliders = {f"lr_{name}": _log_slider(f"η {label}", lr, lr / 100, lr * 10)
               for name, (_, lr, label) in ADAPTIVE_OPTIMIZERS.items()}

    def visible(chosen: str) -> None:
        for name, widget in sliders.items():
            widget.layout.display = None if name == f"lr_{chosen}" else "none"

    def draw(fig, optimizer, angle, **rates):
        data = adaptive_explorer_data(optimizer, float(angle), rates[f"lr_{optimizer}"],
                                      steps, kappa)
        left, right = _panels(fig, lambda: fig.subplots(1, 2, width_ratios=(1.0, 1.1)))
        plots.contour_trajectories(data["surface"], {"path": data["path"]}, ax=left,
                                   bounds=((-3, 3), (-3, 3)))
        left.get_legend().remove()
        k = np.arange(1, steps + 1)
        plots.step_curves({r"$\theta_1$": data["rates"][:, 0],
                           r"$\theta_2$": data["rates"][:, 1]}, ax=right, x=k,
                          xlabel="step $k$", ylabel="effective rate")
        _suptitle(fig, data["title"])

    menu = _dropdown("optimizer", list(ADAPTIVE_OPTIMIZERS), optimizer)
    turn = _int_slider("angle °", int(angle), 0, 90, 15)
    visible(optimizer)
    menu.observe(lambda change: visible(change["new"]), names="value")
    return Explorer({"optimizer": menu, "angle": turn, **sliders}, draw,
                    figsize=(7.5, 4.0), margins={"top": 0.8, "bottom": 0.13, "wspace": 0.42},
                    primary={"optimizer": None, "angle": None})
