"""The saddle explorer: a start near a saddle's stable manifold, a method, and the time the run
spends near the saddle."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks, plots
from ..optimizers import SGD, Adam
from ..surfaces import MonkeySaddle, SaddleQuadratic, SaddleWithMinima
from ..train import minimize
from ._explorer import (
    Explorer,
    _checked,
    _dropdown,
    _int_slider,
    _log_slider,
    _number,
    _panels,
    _suptitle,
    recorded,
)

#: Surfaces of `saddle_explorer`, each with its saddle at the origin.
SADDLE_SURFACES: dict[str, Any] = {
    "x² − y²": SaddleQuadratic(),
    "5x² − y²": SaddleQuadratic(5.0, 1.0),
    "saddle with minima": SaddleWithMinima(),
    "monkey saddle": MonkeySaddle(),
}

#: Methods of `saddle_explorer`: plain, noisy (gradient noise of standard deviation 0.01 per
#: coordinate), heavy-ball momentum and Adam (PyTorch's defaults), all at the slider's rate.
SADDLE_METHODS: tuple[str, ...] = ("gradient descent", "noisy GD (σ = 0.01)",
                                   "heavy ball (β = 0.9)", "Adam")

#: Distance from the saddle within which a run counts as near it.
NEAR = 0.25


def _optimizer(method: str, lr: float):
    if method == "heavy ball (β = 0.9)":
        return SGD(lr, momentum=0.9), 0.0
    if method == "Adam":
        return Adam(lr), 0.0
    return SGD(lr), 0.01 if method.startswith("noisy") else 0.0


def saddle_explorer_data(surface: str = "saddle with minima",
                         method: str = "gradient descent", offset: float = 1e-6,
                         lr: float = 0.05, steps: int = 300, seed: int = 0) -> dict[str, Any]:
    r"""A run from :math:`\theta_0 = (0.8, \delta)` near the saddle at the origin.

    The start lies at distance :math:`\delta` (``offset``) from the stable manifold, the
    :math:`\theta_1` axis, along which every surface of `SADDLE_SURFACES` slides into its
    saddle. The run is `minimize` with the method of `SADDLE_METHODS` (noisy GD adds
    :math:`N(0, 0.01^2)` noise to each gradient coordinate, drawn with ``seed``).

    Returns
    -------
    dict
        ``path`` ``(T+1, 2)``, ``distance`` (from the saddle, per iterate), ``near`` (the
        number of iterates within `NEAR` of the saddle), ``surface`` (the `Surface`),
        ``diverged``.
    """
    owner = "saddle_explorer_data"
    _checks.choice(owner, "surface", surface, tuple(SADDLE_SURFACES))
    _checks.choice(owner, "method", method, SADDLE_METHODS)
    delta = _checks.nonnegative(owner, "offset", offset, limit=1.0,
                                why=" (a start near the saddle)")
    lr = _checks.positive(owner, "lr", lr, limit=10.0, why=" (larger steps diverge at once)")
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    seed = _checks.integer(owner, "seed", seed, minimum=0)
    problem = SADDLE_SURFACES[surface]
    opt, noise = _optimizer(method, lr)
    history = minimize(problem, opt, np.array([0.8, delta]), steps, noise=noise, seed=seed,
                       divergence_threshold=1e3)
    distance = np.linalg.norm(history.path, axis=-1)
    return {"path": history.path, "distance": distance,
            "near": int(np.sum(distance < NEAR)), "surface": problem,
            "diverged": bool(history.diverged)}


@recorded
def saddle_explorer(surface: str = "saddle with minima", method: str = "gradient descent",
                    offset: float = 1e-6, lr: float = 0.05, steps: int = 300) -> Explorer:
    r"""A run near a saddle: surface, method, distance of the start from the stable manifold,
    and rate.

    Left: the path over the contours. Right: the distance :math:`\|\theta_k\|` from the
    saddle against the step (log scale), the band below `NEAR` shaded; the title counts the
    steps spent in it.

    Returns
    -------
    Explorer
    """
    owner = "saddle_explorer"
    saddle_explorer_data(surface, method, offset, lr, steps)  # refuse bad arguments first
    controls = {
        "surface": _checked(owner, "surface", surface,
                            _dropdown("surface", tuple(SADDLE_SURFACES), surface)),
        "method": _checked(owner, "method", method, _dropdown("method", SADDLE_METHODS,
                                                              method)),
        "offset": _checked(owner, "offset", offset, _log_slider("δ", offset, 1e-12, 1e-1)),
        "lr": _checked(owner, "lr", lr, _log_slider("η", lr, 1e-3, 0.3)),
        "steps": _checked(owner, "steps", steps, _int_slider("steps", steps, 50, 1000, 50)),
    }

    def draw(fig, surface, method, offset, lr, steps):
        data = saddle_explorer_data(surface, method, offset, lr, steps)
        left, right = _panels(fig, lambda: fig.subplots(1, 2, width_ratios=(1.0, 1.15)))
        box = ((-1.0, 1.0), (-1.5, 1.5))
        plots.contour_trajectories(data["surface"], {method: data["path"]}, ax=left,
                                   bounds=box, resolution=120)
        left.get_legend().remove()
        k = np.arange(data["distance"].size)
        right.axhspan(1e-16, NEAR, color=plots.COLORS[2], alpha=0.15, linewidth=0)
        right.plot(k, np.maximum(data["distance"], 1e-16), color=plots.COLORS[0])
        plots.log_axis(right, "y")
        right.set_ylim(max(1e-14, 0.3 * float(np.nanmin(data["distance"]))), 5.0)
        right.set_xlabel("step $k$")
        right.set_ylabel(r"distance from the saddle $\|\theta_k\|$")
        end = f"{data['near']} of {k.size} iterates"
        if data["diverged"]:
            end += " (then f fell without bound)"
        _suptitle(fig, f"{surface}, {method}, δ = {_number(offset)}, η = {_number(lr, 3)}; "
                  f"near the saddle (distance < {NEAR}): {end}")

    return Explorer(controls, draw, figsize=(7.5, 4.0),
                    margins={"left": 0.1, "top": 0.81, "wspace": 0.35},
                    primary={"method": None, "offset": (1e-12, 1e-9, 1e-6, 1e-3, 1e-1)})
