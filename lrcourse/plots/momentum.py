"""Pictures of momentum on a quadratic: the convergence factor over the (rate, momentum) plane."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks, theory
from ._style import _ETA, COLORS, _new_ax, _styled


@_styled
def momentum_factor_map(quadratic: Any, ax=None, nesterov: bool = False,
                        resolution: int = 300):
    r"""The convergence factor of momentum over the :math:`(\eta, \beta)` plane, with the best
    pair, gradient descent's best rate and the edge of stability marked.

    Colour: :math:`\rho(\eta, \beta)` (`lrcourse.theory.momentum_factor`) where it is below 1,
    white where the method diverges; thin contours at :math:`\rho` = 0.5, 0.6, ..., 0.9, 0.95
    and 0.99 (those above the best factor). Star: the best pair
    (`lrcourse.theory.heavy_ball_optimal` or `nesterov_optimal`), circle: plain gradient
    descent's best, :math:`\eta = 2/(L+\mu)` on :math:`\beta = 0`.
    Dashed: critical damping of the flattest direction, :math:`\beta = (1 - \sqrt{\eta\mu})^2`
    (above it that direction spirals). Heavy ball converges exactly when
    :math:`0 < \eta L < 2(1 + \beta)`, the dotted line.

    Parameters
    ----------
    quadratic : Quadratic
        Anything with positive ``L`` and ``mu``.
    ax : matplotlib Axes, optional
    nesterov : bool
        Nesterov's factor instead of heavy ball's.
    resolution : int
        Grid points per axis (at least 10).

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.momentum_factor_map"
    if not (hasattr(quadratic, "L") and hasattr(quadratic, "mu")):
        _checks._fail(owner, "quadratic", "a Quadratic (with L and mu)",
                      type(quadratic).__name__, TypeError)
    big = _checks.positive(owner, "quadratic.L", quadratic.L)
    small = _checks.positive(owner, "quadratic.mu", quadratic.mu)
    nesterov = _checks.flag(owner, "nesterov", nesterov)
    n = _checks.integer(owner, "resolution", resolution, minimum=10, maximum=4000)
    ax = _new_ax(ax, owner)
    curv = [small, big]
    eta = np.linspace(0.0, 4.2 / big, n)[1:]
    beta = np.linspace(0.0, 0.995, n)
    rho = theory.momentum_factor(curv, eta[None, :], beta[:, None], nesterov=nesterov)
    shown = np.where(rho < 1.0, rho, np.nan)
    best = theory.nesterov_optimal(curv) if nesterov else theory.heavy_ball_optimal(curv)
    low = np.floor(best[2] * 20.0) / 20.0  # the colours span the factors that occur
    mesh = ax.pcolormesh(eta, beta, shown, shading="auto", cmap="cividis", vmin=low, vmax=1.0,
                         rasterized=True)
    ax.figure.colorbar(mesh, ax=ax, label=r"factor $\rho$ (white: diverges)")
    levels = [v for v in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99) if v > best[2]]
    lines = ax.contour(eta, beta, rho, levels=levels, colors="0.25", linewidths=0.6)
    ax.clabel(lines, fmt="%.2f", fontsize="x-small")
    if not nesterov:
        ax.plot(2.0 * (1.0 + beta) / big, beta, color="black", linestyle=":", linewidth=1.2,
                label=r"edge: $\eta L = 2(1+\beta)$")
    slow = eta[eta * small <= 1.0]
    critical = (1.0 - np.sqrt(slow * small)) ** 2
    inside = theory.momentum_factor(curv, slow, critical, nesterov=nesterov) < 1.0
    ax.plot(slow[inside], critical[inside], color=COLORS[3], linestyle="--",
            linewidth=1.2, label=r"critical damping of $\mu$")
    name = "Nesterov" if nesterov else "heavy ball"
    ax.scatter([best[0]], [best[1]], marker="*", s=220, color=COLORS[1], edgecolor="black",
               zorder=6, label=rf"best {name}: $\rho^* = {best[2]:.3f}$")
    gd = theory.optimal_lr(curv)
    ax.scatter([gd], [0.0], marker="o", s=70, color=COLORS[2], edgecolor="black", zorder=6,
               clip_on=False, label=rf"best GD: $\rho = {theory.optimal_gd_rate(curv):.3f}$")
    ax.set_xlim(0.0, eta[-1])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel(_ETA)
    ax.set_ylabel(r"momentum $\beta$")
    ax.legend(loc="lower right")
    return ax
