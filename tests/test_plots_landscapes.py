"""lrcourse.plots.landscapes: gradient descent's rate on a quadratic, paths over contours and on
1-D curves, checked on the artists; bad input refused."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import legend_texts, scatter_by_label

from lrcourse import (
    Cubic,
    MonkeySaddle,
    Quadratic,
    SaddleQuadratic,
    SaddleWithMinima,
    TiltedDoubleWell,
    plots,
)


def test_convergence_rate_marks_two_over_L_and_the_optimum():
    q = Quadratic((1.0, 10.0))
    ax = plots.convergence_rate(q)
    rho = next(line for line in ax.get_lines() if line.get_label().startswith(r"$\rho"))
    eta, r = rho.get_xdata(), rho.get_ydata()
    np.testing.assert_allclose(r, np.maximum(np.abs(1 - eta), np.abs(1 - 10 * eta)))
    verticals = {line.get_label(): line.get_xdata()[0] for line in ax.get_lines()
                 if line.get_label().startswith("$2/")}
    assert sorted(verticals.values()) == pytest.approx([2 / 11, 0.2])
    (best,) = ax.collections
    np.testing.assert_allclose(best.get_offsets(), [[2 / 11, 9 / 11]])
    assert eta.max() == pytest.approx(0.24)
    # a course on the learning rate keeps "rate" for eta: the y axis is the convergence factor
    assert ax.get_xlabel() == r"learning rate $\eta$"
    assert ax.get_ylabel() == r"convergence factor $\rho(\eta)$"
    with pytest.raises(TypeError, match="must have L and mu"):
        plots.convergence_rate(TiltedDoubleWell())
    with pytest.raises(ValueError, match="lrs must be non-negative"):
        plots.convergence_rate(q, lrs=[-0.1, 0.1])


def test_contour_trajectories_paths_critical_points_and_window():
    surface = SaddleWithMinima()
    path = np.array([[1.5, 0.1], [0.8, 0.3], [0.2, 0.8], [0.0, 1.0]])
    ax = plots.contour_trajectories(surface, {"GD": path, "other": path[:2]})
    gd = ax.get_lines()[0]
    np.testing.assert_array_equal(gd.get_xydata(), path)
    assert gd.get_label() == "GD"
    marks = scatter_by_label(ax)
    np.testing.assert_array_equal(marks["minimum"].get_offsets(), [[0, -1], [0, 1]])
    np.testing.assert_array_equal(marks["saddle"].get_offsets(), [[0, 0]])
    assert legend_texts(ax) == ["GD", "other", "minimum", "saddle"]
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-2.0, 2.0)


def test_contour_levels_log_spaced_above_the_lowest_value():
    surface = Quadratic((1.0, 10.0))
    ax = plots.contour_trajectories(surface, levels=5, resolution=51)
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    top = surface.value(np.array([3.0, 3.0]))
    np.testing.assert_allclose(contours.levels, top * np.geomspace(1e-3, 1, 5), atol=1e-12)
    ax = plots.contour_trajectories(surface, levels=5, log_levels=False, resolution=51)
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    np.testing.assert_allclose(contours.levels, np.linspace(0, top, 5), atol=1e-12)


def test_contour_levels_of_a_saddle_are_dense_around_its_value_on_both_sides():
    ax = plots.contour_trajectories(SaddleQuadratic(), levels=6, resolution=41)
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    step = np.geomspace(1e-3, 1, 3)
    np.testing.assert_allclose(contours.levels, np.r_[-4 * step[::-1], 4 * step], atol=1e-12)


def test_contour_trajectories_keeps_a_diverged_path_and_a_monkey_saddle():
    path = np.array([[1.0, 1.0], [-2.0, -2.0], [8.0, 8.0], [np.inf, np.inf]])
    ax = plots.contour_trajectories(MonkeySaddle(), {"diverging": path}, bounds=[(-1, 1), (-1, 1)])
    assert ax.get_xlim() == (-1.0, 1.0)
    assert legend_texts(ax) == ["diverging", "saddle"]


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        ((Cubic(),), {}, ValueError, "surface must be 2-D, got a surface of dim 1"),
        (("bowl",), {}, TypeError, "surface must be a Surface"),
        ((Quadratic(), {"a": np.zeros((3, 3))}), {}, ValueError, r"paths\['a'\] must have shape"),
        ((Quadratic(),), {"levels": 1}, ValueError, "levels must be an integer >= 2"),
        ((Quadratic(),), {"bounds": [(1, -1), (0, 1)]}, ValueError, "low < high"),
    ],
)
def test_contour_trajectories_refuses_bad_input(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plots.contour_trajectories(*args, **kwargs)


def test_path_1d_iterates_on_the_curve_with_minima_and_barrier():
    well = TiltedDoubleWell()
    path = np.array([1.3, 0.7, 1.1, 0.95])
    assert np.all((path > well.bounds[0][0]) & (path < well.bounds[0][1]))
    ax = plots.path_1d(well, {"small η": path})
    curve, run = ax.get_lines()
    assert (curve.get_xdata()[0], curve.get_xdata()[-1]) == well.bounds[0]
    np.testing.assert_array_equal(run.get_xdata(), path)
    np.testing.assert_allclose(run.get_ydata(), well.value(path[:, None]))
    marks = scatter_by_label(ax)
    np.testing.assert_allclose(marks["minimum"].get_offsets(), [[-2.0, -1.6], [1.0, -0.925]])
    np.testing.assert_allclose(marks["maximum"].get_offsets(), [[0.0, 0.0]])
    assert legend_texts(ax)[:2] == ["$\\mathcal{L}(\\theta)$", "small η"]


def test_path_1d_inflection_point_and_given_ax():
    _, ax = plt.subplots()
    out = plots.path_1d(Cubic(), {"GD": np.array([[1.0], [0.7], [0.55]])}, ax=ax)
    assert out is ax
    np.testing.assert_array_equal(scatter_by_label(ax)["inflection"].get_offsets(), [[0, 0]])
    with pytest.raises(ValueError, match="surface must be 1-D"):
        plots.path_1d(Quadratic(), {})
