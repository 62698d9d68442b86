"""Explorers of gradient descent on a surface: the learning rate against :math:`2/L`
(`lr_explorer`) and heavy-ball momentum against plain descent (`momentum_explorer`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks, plots, theory
from ..optimizers import SGD
from ..surfaces import Quadratic, Surface
from ..theory import heavy_ball_rate
from ..train import minimize
from ._explorer import (
    Explorer,
    _checked,
    _float_slider,
    _grid,
    _log_slider,
    _number,
    _panels,
    _suptitle,
    recorded,
)


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
    r"""Gradient descent on a surface, :math:`\theta_{k+1} = \theta_k - \eta g_k`.

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
    _surface(owner, surface)
    lr = _checks.positive(owner, "lr", lr)
    x0 = _start(owner, surface, x0)
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
        title = f"η = {_number(lr, 3)}: {outcome}{detail}"
    else:
        threshold = theory.stability_limit([big])
        relation = "<" if lr < threshold else (">" if lr > threshold else "=")
        title = (f"η = {_number(lr, 3)} {relation} 2/L = {_number(threshold, 3)}: "
                 f"{outcome}{detail}")
    return {"path": path, "loss": history.loss, "diverged": bool(history.diverged),
            "L": big, "threshold": threshold, "converged": converged, "outcome": outcome,
            "title": title}


def _draw_surface_paths(ax, surface: Any, paths: Mapping[str, np.ndarray]) -> None:
    if surface.dim == 1:
        plots.path_1d(surface, {k: v[:, 0] for k, v in paths.items()}, ax=ax)
    else:
        plots.contour_trajectories(surface, paths, ax=ax)


@recorded
def lr_explorer(surface: Any = None, lr: float = 0.15, x0: Sequence[float] | None = None,
                steps: int = 50, lr_range: tuple[float, float] = (1e-3, 1.0)) -> Explorer:
    r"""Gradient descent on a surface for a learning-rate slider (log scale).

    Left: the path over the contours (2-D) or on the curve (1-D). Right: the loss
    :math:`\mathcal{L}(\theta_k)` above its minimum (log scale). The title compares :math:`\eta`
    with :math:`2/L` and says whether the run converges or diverges.

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
    surface = Quadratic() if surface is None else _surface(owner, surface, dims=(1, 2))
    low, high = _checks.pair(owner, "lr_range", lr_range, _checks.positive)
    if not low < high:
        raise ValueError(f"{owner}: lr_range must be (low, high) with low < high, "
                         f"got {lr_range!r}")
    _checks.positive(owner, "lr", lr)
    slider = _checked(owner, "lr", lr, _log_slider("η", lr, low, high))
    if x0 is None:
        box = np.asarray(surface.bounds, dtype=np.float64)
        centre = np.asarray(surface.minima, dtype=np.float64).reshape(-1, surface.dim)
        centre = centre[0] if centre.size else box.mean(axis=1)
        x0 = centre + 0.8 * (box[:, 1] - centre)
    lr_explorer_data(surface, lr, x0, steps)  # refuse bad arguments before building widgets

    def draw(fig, lr):
        data = lr_explorer_data(surface, lr, x0, steps)
        left, right = _panels(fig, lambda: fig.subplots(1, 2, width_ratios=(1.15, 1)))
        _draw_surface_paths(left, surface, {"gradient descent": data["path"]})
        # the title names the run and the minimum is the black dot: a legend would only hide
        # the path where it crosses the middle (rates near 2/L)
        left.get_legend().remove()
        if data["L"] is None:  # no minimum: the loss itself, which may go negative
            plots.loss_curves({"f": data["loss"]}, ax=right, logy=False, xlabel="step $k$")
            right.set_ylabel(r"$\mathcal{L}(\theta_k)$")
        else:
            gap = data["loss"] - _minimum_value(surface)
            plots.loss_curves({"f": np.maximum(gap, 1e-16 * max(1.0, abs(gap[0])))},
                              ax=right, xlabel="step $k$")
            right.set_ylabel(r"$\mathcal{L}(\theta_k) - \mathcal{L}(\theta^\star)$")
        right.get_legend().remove()
        _suptitle(fig, data["title"])

    # the static site's rates: five a decade, and 90 % to 105 % of 2/L, where the run turns
    rates = _grid(slider)
    if (big := _curvature(surface)) is not None:
        rates += [float(f"{f * 2 / big:.3g}") for f in (0.9, 0.95, 1.0, 1.05)]
    rates = sorted({r for r in rates if low <= r <= high})
    return Explorer({"lr": slider}, draw, primary={"lr": rates})


def _surface(owner: str, surface: Any, dims: tuple[int, ...] | None = None,
             quadratic: bool = False) -> Any:
    """A `Surface` (of dimension among ``dims``; with ``L`` and ``mu`` if ``quadratic``)."""
    what = "a Quadratic (a Surface with L and mu)" if quadratic else "a Surface"
    _checks.instance(owner, "surface", surface, Surface, what)
    if quadratic and not (hasattr(surface, "L") and hasattr(surface, "mu")):
        _checks._fail(owner, "surface", what, f"a {type(surface).__name__}", TypeError)
    if dims is not None and surface.dim not in dims:
        _checks._fail(owner, "surface", f"of dimension {' or '.join(map(str, dims))} (drawn)",
                      f"a surface of dimension {surface.dim}")
    return surface


def _start(owner: str, surface: Any, x0: object) -> np.ndarray:
    """One starting point of shape ``(surface.dim,)``."""
    x0 = _checks.finite_array(owner, "x0", x0, ndim=1)
    if x0.shape != (surface.dim,):
        _checks._fail(owner, "x0", f"one point of shape ({surface.dim},)",
                      f"an array of shape {x0.shape}")
    return x0


def _minimum_value(surface: Any) -> float:
    minima = np.asarray(surface.minima, dtype=np.float64).reshape(-1, surface.dim)
    return float(np.min(surface.value(minima))) if minima.size else 0.0




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
        (`heavy_ball_rate` with ``beta`` and with 0), ``predicted`` (label -> the theory's
        envelope :math:`\mathcal{L}(\theta_0)\,\rho^{2k}` of each run: the error shrinks like
        :math:`\rho^k`, the loss like its square), ``best_lr``, ``best_beta`` (the optimal
        pair, `lrcourse.theory.heavy_ball_optimal`) and ``title``.
    """
    owner = "momentum_explorer_data"
    _surface(owner, surface, quadratic=True)
    lr = _checks.positive(owner, "lr", lr)
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    x0 = _start(owner, surface, x0)
    runs = {"gradient descent": SGD(lr), f"momentum β={beta:.2g}": SGD(lr, momentum=beta)}
    histories = {label: minimize(surface, opt, x0, steps) for label, opt in runs.items()}
    best_lr, best_beta, best_rate = theory.heavy_ball_optimal(surface)
    rate, gd_rate = heavy_ball_rate(surface, lr, beta), heavy_ball_rate(surface, lr, 0.0)
    title = (f"η = {_number(lr, 3)}, β = {beta:.2g}: factor ρ = {rate:.3f} (GD {gd_rate:.3f}); "
             f"best pair: η = {_number(best_lr, 3)}, β = {best_beta:.2f}, ρ* = {best_rate:.3f}")
    k = np.arange(steps + 1)
    start = float(surface.value(x0))
    with np.errstate(over="ignore"):
        predicted = {label: start * rho ** (2.0 * k)
                     for label, rho in zip(runs, (gd_rate, rate), strict=True)}
    return {"paths": {k: h.path for k, h in histories.items()},
            "losses": {k: h.loss for k, h in histories.items()},
            "diverged": {k: bool(h.diverged) for k, h in histories.items()},
            "rate": rate, "gd_rate": gd_rate, "predicted": predicted, "best_lr": best_lr,
            "best_beta": best_beta, "title": title}


@recorded
def momentum_explorer(surface: Any = None, lr: float = 0.035, beta: float = 0.7,
                      x0: Sequence[float] = (-2.8, 2.0), steps: int = 60) -> Explorer:
    """Heavy-ball momentum against plain gradient descent on an ill-conditioned quadratic.

    Left: both paths over the contours. Right: the loss :math:`\\mathcal{L}(\\theta_k)` of both
    (log scale), each beside the theory's envelope :math:`\\mathcal{L}(\\theta_0)\\,\\rho^{2k}`
    (thin dotted lines). The
    title gives the theoretical factors (`heavy_ball_rate`) and the optimal pair.

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
    owner = "momentum_explorer"
    surface = Quadratic((1.0, 50.0), angle=0.3) if surface is None else _surface(
        owner, surface, dims=(2,), quadratic=True)
    momentum_explorer_data(surface, lr, beta, x0, steps)  # refuse bad arguments first
    high = 4.0 / surface.L  # beyond 2/L: momentum is stable up to 2(1 + beta)/L
    controls = {"lr": _checked(owner, "lr", lr, _log_slider("η", lr, high / 300, high)),
                "beta": _checked(owner, "beta", beta, _float_slider("β", beta, 0.0, 0.99, 0.01))}

    def draw(fig, lr, beta):
        data = momentum_explorer_data(surface, lr, beta, x0, steps)
        left, right = _panels(fig, lambda: fig.subplots(1, 2, width_ratios=(1.15, 1)))
        plots.contour_trajectories(surface, data["paths"], ax=left)
        plots.loss_curves({k: np.maximum(v, 1e-300) for k, v in data["losses"].items()},
                          ax=right, xlabel="step $k$")
        for color, envelope in zip(plots.COLORS, data["predicted"].values(), strict=False):
            right.plot(np.minimum(envelope, 1e300), color=color, linestyle=":", linewidth=1.0)
        right.plot([], [], color="0.3", linestyle=":", linewidth=1.0,
                   label=r"theory: $\rho^{2k}$ envelope")
        right.legend()
        lows = [np.nanmin(v) for v in data["losses"].values()]
        right.set_ylim(max(min(lows), 1e-300) / 3, None)
        right.set_ylabel(r"$\mathcal{L}(\theta_k)$")
        left.get_legend().remove()  # the loss panel's legend names both runs
        _suptitle(fig, data["title"])  # two lines: this pair's rates, then the best pair

    rates = [float(f"{high / f:.2g}") for f in (10, 3)]
    return Explorer(controls, draw, figsize=(7.5, 4.0), margins={"top": 0.8, "bottom": 0.13},
                    primary={"beta": (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95), "lr": rates})
