"""Explorers that replay a recorded run under other settings: the smoothing of an LR range test
(`smoothing_explorer`) and the decisions of reduce-on-plateau (`plateau_explorer`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _checks, plots
from ..finder import LRFinderResult, _methods, lr_range_test
from ..nn import MLP
from ..optimizers import SGD
from ..plots._style import _ema, _log_value
from ..schedules import ReduceOnPlateau
from ._explorer import (
    Explorer,
    _checked,
    _dropdown,
    _float_slider,
    _int_slider,
    _log_slider,
    _panels,
    _suptitle,
    recorded,
)


def default_lr_range_result() -> LRFinderResult:
    """An LR range test of an MLP (64-32-10, He init, seed 0) on the digits (batch 64)."""
    from ..data import digits

    return lr_range_test(MLP((64, 32, 10), seed=0), digits(seed=0), batch_size=64)


def smoothing_explorer_data(result: LRFinderResult, beta: float,
                            suggestions: Sequence[str] = ("valley", "steep", "minimum")
                            ) -> dict[str, Any]:
    r"""Re-smooth a recorded LR range test with another :math:`\beta_{\mathrm{s}}`, re-suggest.

    :math:`\tilde{\mathcal{L}}_k = \beta_{\mathrm{s}} \tilde{\mathcal{L}}_{k-1}
    + (1-\beta_{\mathrm{s}})\mathcal{L}_k`, :math:`\bar{\mathcal{L}}_k = \tilde{\mathcal{L}}_k
    / (1-\beta_{\mathrm{s}}^{k+1})` (bias-corrected, as `lr_range_test`); the suggestions are
    `LRFinderResult.suggest` on the re-smoothed curve (the recorded steps are kept: the stop rule
    is not re-applied).

    Returns
    -------
    dict
        ``result`` (an `LRFinderResult` with the new ``smoothed``), ``smoothed``, and
        ``suggestions`` (method -> rate).
    """
    owner = "smoothing_explorer_data"
    _checks.instance(owner, "result", result, LRFinderResult, "an LRFinderResult")
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    suggestions = _methods(owner, suggestions)
    smoothed = _ema(result.losses, beta)
    new = LRFinderResult(lrs=result.lrs, losses=result.losses, smoothed=smoothed,
                         stopped_early=result.stopped_early, num_steps=result.num_steps)
    return {"result": new, "smoothed": smoothed,
            "suggestions": {m: new.suggest(m) for m in suggestions}}


@recorded
def smoothing_explorer(result: LRFinderResult | None = None, beta: float = 0.98) -> Explorer:
    r"""Raw and smoothed loss of an LR range test, a :math:`\beta_{\mathrm{s}}` slider, suggestions.

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
    owner = "smoothing_explorer"
    if result is not None:
        _checks.instance(owner, "result", result, LRFinderResult, "an LRFinderResult or None")
    _checks.real(owner, "beta", beta)
    slider = _checked(owner, "beta", beta, _float_slider("βₛ", beta, 0.0, 0.995, 0.005))
    result = default_lr_range_result() if result is None else result
    smoothing_explorer_data(result, beta)  # refuse bad arguments first

    def draw(fig, beta):
        data = smoothing_explorer_data(result, beta)
        ax = _panels(fig, fig.subplots)
        plots.lr_finder(data["result"], ax=ax)
        # beside the panel: inside, it would hide the raw losses at some βₛ
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
        ax.set_title(f"smoothing βₛ = {beta:.3g} (about {1 / (1 - beta):.0f} steps "
                     "averaged)")

    return Explorer({"beta": slider}, draw,
                    figsize=(7.5, 3.6), margins={"left": 0.1, "right": 0.74, "top": 0.9},
                    primary={"beta": (0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995)})




def default_plateau_curve() -> np.ndarray:
    """A recorded validation loss: 60 epochs of an MLP (64-32-10) on the digits, SGD 0.3.

    Epoch 0 is the untrained model. The loss falls fast, then flattens and wobbles from about
    epoch 20 on: a plateau for `ReduceOnPlateau` to find.
    """
    from ..data import digits
    from ..train import fit

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


@recorded
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
    owner = "plateau_explorer"
    ReduceOnPlateau(lr, factor=factor, patience=patience, threshold=threshold,
                    threshold_mode=threshold_mode, cooldown=cooldown)  # refuse bad values first
    _log_value(owner, "lr", lr)  # its rates are drawn on a log axis
    controls = {
        "patience": _checked(owner, "patience", patience,
                             _int_slider("patience", patience, 0, 30)),
        "threshold": _checked(owner, "threshold", threshold,
                              _log_slider("threshold", threshold, 1e-5, 0.5)),
        "threshold_mode": _checked(owner, "threshold_mode", threshold_mode,
                                   _dropdown("mode", ("rel", "abs"), threshold_mode)),
        "factor": _checked(owner, "factor", factor, _float_slider("factor", factor, 0.05, 0.95,
                                                                  0.05)),
        "cooldown": _checked(owner, "cooldown", cooldown, _int_slider("cooldown", cooldown, 0, 20)),
    }
    if metric_curve is not None:
        _checks.finite_array(owner, "metric_curve", metric_curve, ndim=1)
    curve = default_plateau_curve() if metric_curve is None else metric_curve
    plateau_explorer_data(curve, lr, "min", factor, patience, threshold, threshold_mode,
                          cooldown)  # refuse bad arguments first

    def draw(fig, patience, threshold, threshold_mode, factor, cooldown):
        data = plateau_explorer_data(curve, lr, "min", factor, patience, threshold,
                                     threshold_mode, cooldown)
        top, bottom = _panels(fig, lambda: fig.subplots(2, 1, sharex=True,
                                                        height_ratios=(1.4, 1)))
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

    return Explorer(controls, draw, figsize=(7.5, 5.0), margins={"left": 0.12, "top": 0.9},
                    primary={"patience": (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20),
                             "threshold": (1e-4, 1e-3, 1e-2, 0.1)})
