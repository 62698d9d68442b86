"""Pictures of loss landscapes: gradient descent's rate on a quadratic, paths over contours and
on 1-D curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks, theory
from ..surfaces import Surface
from ._style import _ETA, COLORS, _check_ax, _finish_legend, _mapping, _new_ax, _series, _styled

# Markers of critical points, and their legend labels.
_CRITICAL = {
    "minimum": {"marker": "o", "color": "black", "s": 70},
    "saddle": {"marker": "x", "color": "black", "s": 80, "linewidths": 2.5},
    "maximum": {"marker": "^", "color": "black", "s": 75},
    "inflection": {"marker": "D", "color": "black", "s": 55},
}


@_styled
def convergence_rate(quadratic: Any, lrs: Sequence[float] | None = None, ax=None):
    r"""Convergence factor of gradient descent on a quadratic against the learning rate.

    On :math:`\mathcal{L}(\theta) = \tfrac12 \theta^\top A \theta` with eigenvalues
    :math:`\mu = \lambda_{\min} \le \dots \le \lambda_{\max} = L`, the error along each
    eigenvector is multiplied by :math:`1 - \eta\lambda_i` at every step, so the error shrinks
    like :math:`\rho(\eta)^k` (and the loss, quadratic in the error, like :math:`\rho^{2k}`)
    with the convergence factor

    .. math:: \rho(\eta) = \max_i |1 - \eta\lambda_i| = \max(|1-\eta\mu|, |1-\eta L|).

    Gradient descent converges iff :math:`\rho < 1`, i.e. :math:`0 < \eta < 2/L`; the best
    step :math:`\eta^* = 2/(L+\mu)` gives :math:`\rho^* = (\kappa-1)/(\kappa+1)`,
    :math:`\kappa = L/\mu`. Both are marked; the formulas are those of `lrcourse.theory`.

    Parameters
    ----------
    quadratic : Quadratic
        Anything with positive ``L`` and ``mu``.
    lrs : sequence of float, optional
        Learning rates drawn (linear axis); 400 points on :math:`[0, 2.4/L]` by default.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.convergence_rate"
    if not (hasattr(quadratic, "L") and hasattr(quadratic, "mu")):
        raise TypeError(f"{owner}: quadratic must have L and mu (a Quadratic), "
                        f"got {type(quadratic).__name__}")
    big = _checks.positive(owner, "quadratic.L", quadratic.L)
    small = _checks.positive(owner, "quadratic.mu", quadratic.mu)
    _check_ax(owner, ax)
    if lrs is None:
        eta = np.linspace(0.0, 2.4 / big, 400)
    else:
        eta = _checks.finite_array(owner, "lrs", lrs, ndim=1)
        if eta.min() < 0:
            raise ValueError(f"{owner}: lrs must be non-negative, got a minimum of {eta.min()!r}")
    ax = _new_ax(ax, owner)
    ax.plot(eta, theory.gd_rate([small], eta), color=COLORS[2], linestyle="--", linewidth=1.2,
            label=r"$|1-\eta\mu|$")
    ax.plot(eta, theory.gd_rate([big], eta), color=COLORS[3], linestyle="-.", linewidth=1.2,
            label=r"$|1-\eta L|$")
    ax.plot(eta, theory.gd_rate([small, big], eta), color=COLORS[0],
            label=r"$\rho(\eta)=\max_i|1-\eta\lambda_i|$")
    ax.axhline(1.0, color="0.4", linewidth=1.0)
    limit = theory.stability_limit([small, big])
    ax.axvline(limit, color=COLORS[1], linestyle=":", label=rf"$2/L = {limit:.3g}$")
    best = theory.optimal_lr([small, big])
    rho = theory.optimal_gd_rate([small, big])
    ax.axvline(best, color=COLORS[6], linestyle=(0, (1, 1)),
               label=rf"$2/(L+\mu) = {best:.3g}$, $\rho^* = {rho:.3g}$")
    ax.scatter([best], [rho], color=COLORS[6], zorder=5)
    ax.set_xlabel(_ETA)
    ax.set_ylabel(r"convergence factor $\rho(\eta)$")
    _finish_legend(ax)
    return ax


# ---- surfaces ------------------------------------------------------------------------------


def _critical_points(surface: Any) -> dict[str, np.ndarray]:
    """Kind -> points ``(m, dim)``: the surface's minima, saddles, maxima and inflections."""
    points = {}
    for kind, attr in (("minimum", "minima"), ("saddle", "saddles"), ("maximum", "maxima"),
                       ("inflection", "inflections")):
        arr = np.asarray(getattr(surface, attr, np.empty((0, surface.dim))), dtype=np.float64)
        points[kind] = arr.reshape(-1, surface.dim)
    return points


def _log_levels(surface: Any, box: np.ndarray, lo: float, hi: float, n: int) -> np.ndarray:
    """Contour levels dense near a reference value (see `contour_trajectories`)."""
    points = _critical_points(surface)
    inside = {kind: pts[np.all((pts >= box[:, 0]) & (pts <= box[:, 1]), axis=1)]
              for kind, pts in points.items()}
    if inside["minimum"].size:
        ref = float(np.min(surface.value(inside["minimum"])))
    else:
        others = np.concatenate([inside[k] for k in ("saddle", "inflection", "maximum")])
        ref = float(surface.value(others[0])) if others.size else lo
    ref = min(max(ref, lo), hi)
    n_below = n // 2 if ref - lo > 1e-9 * (hi - lo) else 0
    below = ref - (ref - lo) * np.geomspace(1e-3, 1.0, n_below)[::-1]
    above = ref + (hi - ref) * np.geomspace(1e-3, 1.0, n - n_below)
    return np.concatenate([below, above])


def _check_surface(owner: str, surface: Any, dim: int) -> None:
    _checks.instance(owner, "surface", surface, Surface, "a Surface of lrcourse.surfaces")
    if surface.dim != dim:
        raise ValueError(f"{owner}: surface must be {dim}-D, got a surface of dim {surface.dim}")


def _bounds(owner: str, bounds: object, dim: int) -> np.ndarray:
    b = _checks.finite_array(owner, "bounds", bounds, ndim=2)
    if b.shape != (dim, 2) or np.any(b[:, 0] >= b[:, 1]):
        raise ValueError(f"{owner}: bounds must be {dim} pairs (low, high) with low < high, "
                         f"got {bounds!r}")
    return b


def _paths(owner: str, paths: object, dim: int) -> dict[str, np.ndarray]:
    paths = _mapping(owner, "paths", paths)
    out = {}
    for label, path in paths.items():
        arr = _checks.real_array(owner, f"paths[{label!r}]", path)  # NaN: a diverged run
        if dim == 1 and arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        want = (-1,) if dim == 1 else (-1, dim)
        if arr.ndim != len(want) or (dim > 1 and arr.shape[1] != dim) or arr.shape[0] == 0:
            shape = "(n,)" if dim == 1 else f"(n, {dim})"
            raise ValueError(f"{owner}: paths[{label!r}] must have shape {shape}, "
                             f"got {arr.shape}")
        out[label] = arr
    return out


def _mark_critical(ax, points: dict[str, np.ndarray], bounds: np.ndarray, surface=None) -> None:
    for kind, pts in points.items():
        inside = np.all((pts >= bounds[:, 0]) & (pts <= bounds[:, 1]), axis=1)
        pts = pts[inside]
        if not pts.size:
            continue
        if pts.shape[1] == 1:
            xy = (pts[:, 0], surface.value(pts))
        else:
            xy = (pts[:, 0], pts[:, 1])
        ax.scatter(*xy, zorder=6, label=kind, **_CRITICAL[kind])


@_styled
def contour_trajectories(surface: Any, paths: Mapping[str, Any] | None = None, ax=None,
                         levels: int = 20, log_levels: bool = True, bounds=None,
                         resolution: int = 200, critical_points: bool = True):
    r"""Contours of a 2-D surface with optimization paths over it and its critical points.

    Critical points are marked: minima ●, saddles ×, maxima ▲, inflections ◆ (from the
    surface's ``minima``, ``saddles``, ``maxima``, ``inflections``), each once in the legend.

    Parameters
    ----------
    surface : Surface
        A 2-D surface (``dim == 2``, vectorized ``value``, ``bounds``).
    paths : dict of str to array (n, 2), optional
        Label -> iterates :math:`\theta_0, \dots, \theta_{n-1}`; each drawn as a line with
        markers, its start larger. Points outside ``bounds`` are clipped from view; non-finite
        ones (a diverged run) are not drawn.
    ax : matplotlib Axes, optional
    levels : int
        Number of contour levels.
    log_levels : bool
        Levels spaced geometrically away from a reference value :math:`c`, dense near it:
        :math:`c + (f_{\max} - c) \cdot 10^{-3 \dots 0}` above it and, when the window goes
        below it, :math:`c - (c - f_{\min}) \cdot 10^{-3 \dots 0}` (half of the levels each
        side). :math:`c` is the lowest minimum in the window, else the value at a listed
        critical point in it (a saddle: its neighbourhood, where paths crawl, gets the dense
        levels), else :math:`f_{\min}` on the grid. ``False``: linear levels.
    bounds : ((x_low, x_high), (y_low, y_high)), optional
        The drawn window; ``surface.bounds`` by default.
    resolution : int
        Grid points per axis.
    critical_points : bool
        Mark minima, saddles, maxima and inflection points.

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.contour_trajectories"
    _check_surface(owner, surface, 2)
    n_levels = _checks.integer(owner, "levels", levels, minimum=2)
    res = _checks.integer(owner, "resolution", resolution, minimum=10)
    log_levels = _checks.flag(owner, "log_levels", log_levels)
    critical_points = _checks.flag(owner, "critical_points", critical_points)
    _check_ax(owner, ax)
    box = _bounds(owner, surface.bounds if bounds is None else bounds, 2)
    drawn = {} if paths is None else _paths(owner, paths, 2)
    xs = np.linspace(box[0, 0], box[0, 1], res)
    ys = np.linspace(box[1, 0], box[1, 1], res)
    gx, gy = np.meshgrid(xs, ys)
    z = np.asarray(surface.value(np.stack([gx, gy], axis=-1)), dtype=np.float64)
    lo, hi = float(z.min()), float(z.max())
    lv = _log_levels(surface, box, lo, hi, n_levels) if log_levels else np.linspace(lo, hi,
                                                                                  n_levels)
    ax = _new_ax(ax, owner)
    ax.contour(gx, gy, z, levels=lv, cmap="cividis", linewidths=0.9, alpha=0.8)
    for i, (label, path) in enumerate(drawn.items()):
        st = _series(i)
        ax.plot(path[:, 0], path[:, 1], color=st["color"], linestyle=st["linestyle"],
                marker=st["marker"], markersize=4, linewidth=1.6, label=label)
        ax.scatter(path[:1, 0], path[:1, 1], marker=st["marker"], s=90, color=st["color"],
                   edgecolor="black", zorder=5)
    if critical_points:
        _mark_critical(ax, _critical_points(surface), box)
    ax.set_xlim(*box[0])
    ax.set_ylim(*box[1])
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    _finish_legend(ax)
    return ax


@_styled
def path_1d(surface: Any, paths: Mapping[str, Any] | None = None, ax=None, bounds=None,
            resolution: int = 400, critical_points: bool = True):
    """A 1-D loss curve with the iterates of one or more runs on it.

    Each run's iterates :math:`(\\theta_k, \\mathcal{L}(\\theta_k))` are markers joined by thin
    lines (the jumps), its start larger; minima ●, maxima ▲, inflections ◆ of the surface are
    marked.

    Parameters
    ----------
    surface : Surface
        A 1-D surface.
    paths : dict of str to array (n,) or (n, 1), optional
    ax : matplotlib Axes, optional
    bounds : ((low, high),), optional
        The drawn interval; ``surface.bounds`` by default.
    resolution : int
        Points of the curve.
    critical_points : bool

    Returns
    -------
    matplotlib Axes
    """
    owner = "plots.path_1d"
    _check_surface(owner, surface, 1)
    res = _checks.integer(owner, "resolution", resolution, minimum=10)
    critical_points = _checks.flag(owner, "critical_points", critical_points)
    _check_ax(owner, ax)
    box = _bounds(owner, surface.bounds if bounds is None else bounds, 1)
    drawn = {} if paths is None else _paths(owner, paths, 1)
    xs = np.linspace(box[0, 0], box[0, 1], res)
    fx = np.asarray(surface.value(xs[:, None]), dtype=np.float64)
    ax = _new_ax(ax, owner)
    ax.plot(xs, fx, color="0.35", linestyle="-", linewidth=1.8, label="$\\mathcal{L}(\\theta)$")
    for i, (label, path) in enumerate(drawn.items()):
        st = _series(i)
        path = path[np.isfinite(path)]
        fp = np.asarray(surface.value(path[:, None]), dtype=np.float64)
        ax.plot(path, fp, color=st["color"], linestyle=st["linestyle"], marker=st["marker"],
                markersize=5, linewidth=1.0, alpha=0.9, label=label)
        ax.scatter(path[:1], fp[:1], marker=st["marker"], s=90, color=st["color"],
                   edgecolor="black", zorder=5)
    if critical_points:
        _mark_critical(ax, _critical_points(surface), box, surface)
    pad = 0.08 * (fx.max() - fx.min())
    ax.set_xlim(*box[0])
    ax.set_ylim(fx.min() - pad, fx.max() + pad)
    ax.set_xlabel(r"$\theta$")
    ax.set_ylabel(r"$\mathcal{L}(\theta)$")
    _finish_legend(ax)
    return ax
