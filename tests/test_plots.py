"""lrcourse.plots: every function draws what it claims (checked on the artists), refuses bad input,
reuses a given Axes and never needs a display."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from lrcourse import (
    MLP,
    Cubic,
    CyclicLR,
    MonkeySaddle,
    OneCycle,
    Quadratic,
    SaddleQuadratic,
    SaddleWithMinima,
    StepDecay,
    TiltedDoubleWell,
    plots,
)
from lrcourse.plots._style import _ema, _power_of_ten


def halving(k):
    """0.1 halved every 10 steps (a step decay written out)."""
    return 0.1 * 0.5 ** (np.asarray(k) // 10)


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ---- style ---------------------------------------------------------------------------------


def test_palette_is_okabe_ito_and_series_differ_in_greyscale():
    okabe_ito = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
                 "#cc79a7"}
    assert {c.lower() for c in plots.COLORS} == okabe_ito
    assert len(set(map(str, plots.LINESTYLES))) == len(plots.COLORS)
    assert len(set(plots.MARKERS)) == len(plots.COLORS)


def test_style_context_sets_and_restores_rc():
    before = matplotlib.rcParams["font.size"]
    with plots.style():
        assert matplotlib.rcParams["font.size"] == plots.RC["font.size"]
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert matplotlib.rcParams["font.size"] == before


def test_import_lrcourse_does_not_import_matplotlib():
    import subprocess
    import sys

    code = ("import sys, lrcourse; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'sklearn') if m in sys.modules]; "
            "assert not bad, bad; lrcourse.plots; assert 'matplotlib' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- schedules -----------------------------------------------------------------------------


def test_schedule_draws_every_step_as_a_staircase():
    ax = plots.schedule(halving, 30, label="halving")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), np.arange(30))
    np.testing.assert_allclose(line.get_ydata(), [0.1] * 10 + [0.05] * 10 + [0.025] * 10)
    assert line.get_drawstyle() == "steps-post"
    assert ax.get_yscale() == "linear"
    assert ax.get_xlabel() == "step $k$" and "learning rate" in ax.get_ylabel()
    assert legend_texts(ax) == ["halving"]


def test_schedule_reuses_ax_and_log_scale():
    _, ax = plt.subplots()
    out = plots.schedule(halving, 5, ax=ax, logy=True, label="a")
    assert out is ax and ax.get_yscale() == "log"
    assert len(plt.get_fignums()) == 1


def test_schedules_overlay_one_style_per_series():
    ax = plots.schedules({"a": halving, "b": lambda k: 0.2 + 0 * k, "c": halving}, 20)
    lines = ax.get_lines()
    assert len(lines) == 3
    assert legend_texts(ax) == ["a", "b", "c"]
    assert len({to_hex(line.get_color()) for line in lines}) == 3
    assert len({str(line.get_linestyle()) for line in lines}) == 3
    np.testing.assert_allclose(lines[1].get_ydata(), 0.2)


def test_schedule_grid_one_titled_panel_per_schedule():
    fig, axes = plots.schedule_grid({"a": halving, "b": halving, "c": halving, "d": halving},
                                    12, ncols=3)
    assert len(axes) == 4 and len(fig.axes) == 4  # the 6th-panel spare removed
    assert [ax.get_title() for ax in axes] == ["a", "b", "c", "d"]
    assert all(len(ax.get_lines()) == 1 and ax.get_legend() is None for ax in axes)


def test_schedule_of_a_real_schedule_is_labelled_by_its_class():
    sched = StepDecay(0.1, step_size=10, gamma=0.5)
    ax = plots.schedule(sched, 30)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), halving(np.arange(30)))
    assert legend_texts(ax) == ["StepDecay"]


def test_momentum_of_one_cycle_and_cyclic_mirrors_the_rate():
    sched = OneCycle(0.1, total_steps=100)
    ax = plots.momentum(sched, 100)
    beta = ax.get_lines()[0].get_ydata()
    np.testing.assert_allclose(beta, sched.momentum(np.arange(100)))
    assert beta[0] == pytest.approx(0.95) and beta.min() == pytest.approx(0.85)
    assert int(np.argmin(beta)) == int(np.argmax(sched(np.arange(100))))
    ax = plots.momentum(CyclicLR(0.01, 0.1, 10), 40, base_momentum=0.7, max_momentum=0.9)
    assert ax.get_lines()[0].get_ydata().min() == pytest.approx(0.7)
    assert "momentum" in ax.get_ylabel()


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: plots.schedule(halving, 0), ValueError, "steps must be a positive integer, got 0"),
        (lambda: plots.schedule(halving, 2.5), TypeError, "steps must be a positive integer"),
        (lambda: plots.schedule(0.1, 10), TypeError, "sched must be a schedule callable"),
        (lambda: plots.schedule(halving, 10, ax="left"), TypeError, "ax must be a matplotlib"),
        (lambda: plots.schedules({}, 10), TypeError, "scheds must be a non-empty dict"),
        (lambda: plots.schedules([halving], 10), TypeError, "scheds must be a non-empty dict"),
        (lambda: plots.schedule_grid({"a": halving}, 10, ncols=0), ValueError, "ncols"),
        (lambda: plots.momentum(halving, 10), TypeError, "momentum\\(k\\) method"),
    ],
)
def test_schedule_pictures_refuse_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ---- training curves -----------------------------------------------------------------------


def test_loss_curves_one_line_per_run_log_scale():
    ax = plots.loss_curves({"low": [1.0, 0.9, 0.8], "good": [1.0, 0.5, 0.2, 0.1]})
    lines = ax.get_lines()
    assert [len(line.get_xdata()) for line in lines] == [3, 4]
    np.testing.assert_array_equal(lines[1].get_xdata(), [0, 1, 2, 3])
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "update"
    assert legend_texts(ax) == ["low", "good"]


def test_loss_curves_marks_the_last_finite_point_of_a_diverged_run():
    ax = plots.loss_curves({"ok": [2.0, 1.0], "high": [2.0, 5.0, 40.0, np.inf, np.nan]})
    lines = ax.get_lines()
    np.testing.assert_array_equal(lines[1].get_ydata(), [2.0, 5.0, 40.0])
    (cross,) = ax.collections
    np.testing.assert_array_equal(cross.get_offsets(), [[2.0, 40.0]])
    assert legend_texts(ax) == ["ok", "high", "diverged"]


def test_loss_curves_smoothing_is_bias_corrected_ema_over_faint_raw():
    ax = plots.loss_curves({"run": [1.0, 3.0, 3.0]}, smooth=0.5, logy=False)
    raw, smooth = ax.get_lines()
    np.testing.assert_array_equal(raw.get_ydata(), [1.0, 3.0, 3.0])
    assert raw.get_alpha() < 0.5
    # m = 0.5, 1.75, 2.375 divided by 1 - 0.5**(k+1) = 0.5, 0.75, 0.875
    np.testing.assert_allclose(smooth.get_ydata(), [1.0, 1.75 / 0.75, 2.375 / 0.875])
    assert legend_texts(ax) == ["run"]


def test_ema_long_curve_matches_recursion():
    rng = np.random.default_rng(0)
    values = rng.normal(size=3000)
    for beta in (0.0, 0.9, 0.98):
        m, expected = 0.0, []
        for k, v in enumerate(values):
            m = beta * m + (1 - beta) * v
            expected.append(m / (1 - beta ** (k + 1)))
        np.testing.assert_allclose(_ema(values, beta), expected, rtol=1e-10, atol=1e-12)


def test_loss_curves_mark_draws_vertical_lines_with_one_legend_entry():
    ax = plots.loss_curves({"val": [1.0, 0.9, 0.9, 0.9, 0.7]}, xlabel="epoch",
                           mark={"rate lowered": [2, 4]})
    verticals = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert sorted(line.get_xdata()[0] for line in verticals) == [2, 4]
    assert legend_texts(ax) == ["val", "rate lowered"]
    assert ax.get_xlabel() == "epoch"


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"curves": {"a": [1.0, 0.0]}}, ValueError, "must be positive for logy=True"),
        ({"curves": {"a": np.ones((3, 2))}}, ValueError, "1-D array"),
        ({"curves": {"a": []}}, ValueError, "non-empty 1-D"),
        ({"curves": {"a": "abc"}}, TypeError, "1-D array or a History"),
        ({"curves": {1: [1.0]}}, TypeError, "keys must be str"),
        ({"curves": {"a": [1.0]}, "smooth": 1.0}, ValueError, "smooth must be in \\[0, 1\\)"),
        ({"curves": {"a": [1.0]}, "key": "acc"}, ValueError, "key must be one of"),
        ({"curves": {"a": [1.0]}, "mark": [1, 2]}, TypeError, "mark must be a non-empty dict"),
    ],
)
def test_loss_curves_refuses_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plots.loss_curves(**kwargs)


def test_accuracy_curves_per_epoch_in_percent():
    ax = plots.accuracy_curves({"a": [0.5, 0.8, 0.9], "b": [0.3, 0.4, 0.45]})
    lines = ax.get_lines()
    np.testing.assert_array_equal(lines[0].get_xdata(), [0, 1, 2])
    assert lines[0].get_marker() != lines[1].get_marker()
    assert ax.get_ylim() == (0, 1.02)
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "50%"


def test_update_ratio_band_and_one_line_per_weight_matrix():
    ratios = np.column_stack([np.full(50, 1e-3), np.full(50, 1e-5)])
    ax = plots.update_ratio(ratios)
    assert ax.get_yscale() == "log"
    data = [line for line in ax.get_lines() if line.get_label() in ("$W_{1}$", "$W_{2}$")]
    assert len(data) == 2
    np.testing.assert_allclose(data[1].get_ydata(), 1e-5)  # EMA of a constant is the constant
    (band,) = ax.patches
    ymin, ymax = band.get_path().get_extents(band.get_transform() - ax.transData).intervaly
    np.testing.assert_allclose([ymin, ymax], [10 ** -3.5, 10 ** -2.5])
    with pytest.raises(ValueError, match="must be positive"):
        plots.update_ratio(np.zeros((3, 1)))
    with pytest.raises(ValueError, match="one entry per weight matrix"):
        plots.update_ratio(ratios, labels=["W1"])


# ---- sweeps --------------------------------------------------------------------------------


def test_sweep_result_log_x_and_diverged_crosses_at_the_top():
    lrs = np.array([1e-3, 1e-2, 1e-1, 1.0])
    ax = plots.sweep_result(lrs, [0.5, 0.2, 0.3, np.nan], diverged=np.array([0, 0, 1, 0], bool))
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1e-3, 1e-2])
    (crosses,) = ax.collections
    np.testing.assert_array_equal(crosses.get_offsets()[:, 0], [1e-1, 1.0])
    low, high = ax.get_xlim()
    assert low < 1e-3 and high > 1.0  # every rate in view, the diverged ones too
    assert legend_texts(ax) == ["final loss", "diverged"]


def test_sweep_result_of_a_random_search_joins_the_rates_in_order():
    ax = plots.sweep_result([0.3, 0.001, 0.02], [0.4, 0.9, 0.2])
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [0.001, 0.02, 0.3])
    np.testing.assert_array_equal(line.get_ydata(), [0.9, 0.2, 0.4])


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([0.0, 1.0], [1.0, 1.0]), {}, "lrs must be positive"),
        (([0.1, 1.0], [1.0]), {}, "one entry per rate"),
        (([0.1, 1.0], [1.0, 2.0]), {"diverged": [0, 1]}, "diverged must be a bool array"),
    ],
)
def test_sweep_result_refuses_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.sweep_result(*args, **kwargs)


# ---- networks ------------------------------------------------------------------------------


def test_activation_histograms_one_panel_per_layer_titled_by_dead_fraction():
    X = np.random.default_rng(0).normal(size=(64, 4))
    net = MLP((4, 16, 8, 2), seed=0)
    fig, axes = plots.activation_histograms(net, X)
    assert len(axes) == 2 and len(fig.axes) == 2
    dead = net.dead_fraction(X)
    assert [ax.get_title() for ax in axes] == [f"layer {i + 1}: {100 * d:.0f}% dead"
                                               for i, d in enumerate(dead)]
    counts = [sum(p.get_height() for p in ax.patches) for ax in axes]
    assert counts == [64 * 16, 64 * 8]  # every activation counted once


def test_activation_histograms_all_dead_network_and_given_axes():
    X = np.random.default_rng(0).normal(size=(32, 4))
    net = MLP((4, 8, 2), init="normal", init_std=0.01, bias_init=-5.0, seed=0)
    fig, ax = plt.subplots()
    out_fig, axes = plots.activation_histograms(net, X, ax=[ax], pre_activation=True, logy=True)
    assert out_fig is fig and axes[0] is ax
    assert ax.get_title() == "layer 1: 100% dead"
    assert ax.get_yscale() == "log" and "pre-activation" in ax.get_xlabel()
    with pytest.raises(ValueError, match="one Axes per hidden layer \\(1\\), got 2"):
        plots.activation_histograms(net, X, ax=[ax, ax])
    with pytest.raises(ValueError, match="single network"):
        plots.activation_histograms(MLP((4, 8, 2), n_models=3), X)
    with pytest.raises(TypeError, match="model must be an MLP"):
        plots.activation_histograms("net", X)


def test_dead_fractions_bars_per_layer():
    ax = plots.dead_fractions(np.array([0.25, 0.5, 1.0]))
    assert [p.get_height() for p in ax.patches] == [0.25, 0.5, 1.0]
    assert ax.get_xlabel() == "hidden layer"
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "25%"


def test_dead_fractions_curves_against_learning_rate():
    lrs = [1e-3, 1e-2, 1e-1]
    frac = np.array([[0.0, 0.1], [0.1, 0.2], [0.6, 0.9]])
    ax = plots.dead_fractions(frac, x=lrs, logx=True, xlabel="learning rate")
    assert ax.get_xscale() == "log"
    assert legend_texts(ax) == ["layer 1", "layer 2"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [0.1, 0.2, 0.9])
    with pytest.raises(ValueError, match="values in \\[0, 1\\]"):
        plots.dead_fractions(np.array([0.5, 1.5]))
    with pytest.raises(ValueError, match="one entry per row \\(3\\), got 2"):
        plots.dead_fractions(frac, x=[1, 2])


# ---- stability on a quadratic --------------------------------------------------------------


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
    with pytest.raises(TypeError, match="must have L and mu"):
        plots.convergence_rate(TiltedDoubleWell())
    with pytest.raises(ValueError, match="lrs must be non-negative"):
        plots.convergence_rate(q, lrs=[-0.1, 0.1])


# ---- surfaces ------------------------------------------------------------------------------


def scatter_by_label(ax):
    return {c.get_label(): c for c in ax.collections if not c.get_label().startswith("_")}


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
        ((Quadratic(), {"a": np.zeros((3, 3))}), {}, ValueError, "path 'a' must have shape"),
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
    assert legend_texts(ax)[:2] == ["$f(\\theta)$", "small η"]


def test_path_1d_inflection_point_and_given_ax():
    _, ax = plt.subplots()
    out = plots.path_1d(Cubic(), {"GD": np.array([[1.0], [0.7], [0.55]])}, ax=ax)
    assert out is ax
    np.testing.assert_array_equal(scatter_by_label(ax)["inflection"].get_offsets(), [[0, 0]])
    with pytest.raises(ValueError, match="surface must be 1-D"):
        plots.path_1d(Quadratic(), {})


def test_log_axis_labels_are_plain_text_powers_of_ten():
    ax = plots.sweep_result([1e-3, 1e-2, 1e-1], [0.5, 0.2, 0.3])
    ax.figure.canvas.draw()
    labels = {t.get_text() for t in ax.get_xticklabels() if t.get_text()}
    assert {"10⁻³", "10⁻²", "10⁻¹"} <= labels
    assert not any("$" in label for label in labels)
    assert _power_of_ten(0.2) == "2×10⁻¹" and _power_of_ten(3e4) == "3×10⁴"
    with pytest.raises(ValueError, match="axis must be one of 'x', 'y'"):
        plots.log_axis(ax, "z")


# ---- with the real training loops ----------------------------------------------------------


@pytest.fixture(scope="module")
def moons_fit():
    from lrcourse import SGD, fit, two_moons

    data = two_moons(n=200, seed=0)
    return fit(MLP((2, 16, 16, 2), seed=0), data, SGD(0.1), epochs=4, batch_size=32)


def test_loss_curves_from_histories_honour_the_diverged_flag():
    from lrcourse import SGD, minimize

    q = Quadratic((1.0, 10.0))
    good = minimize(q, SGD(0.1), [1.0, 1.0], 20)
    bad = minimize(q, SGD(0.5), [1.0, 1.0], 200)
    assert bad.diverged and not good.diverged
    ax = plots.loss_curves({"η=0.1": good, "η=0.5": bad}, xlabel="step")
    lines = ax.get_lines()
    np.testing.assert_array_equal(lines[0].get_ydata(), good.loss)
    (cross,) = ax.collections
    finite = bad.loss[np.isfinite(bad.loss)]
    assert cross.get_offsets()[0, 1] == finite[-1]
    assert legend_texts(ax) == ["η=0.1", "η=0.5", "diverged"]


def test_a_history_without_the_curve_is_refused():
    from lrcourse import SGD, minimize

    history = minimize(Quadratic(), SGD(0.1), [1.0, 1.0], 5)
    with pytest.raises(ValueError, match=r"curve 'run' must be a History that recorded \.val_loss"):
        plots.loss_curves({"run": history}, key="val_loss")
    with pytest.raises(ValueError, match="at least one hidden layer, got MLP"):
        plots.activation_histograms(MLP((2, 3)), np.zeros((4, 2)))


def test_validation_curves_of_a_fit_start_at_epoch_zero(moons_fit):
    ax = plots.loss_curves({"val": moons_fit}, key="val_loss", xlabel="epoch")
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), np.arange(5))
    assert ax.get_ylabel() == "validation loss"
    ax = plots.accuracy_curves({"val": moons_fit})
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), moons_fit.val_acc)
    ax = plots.dead_fractions(moons_fit)
    assert legend_texts(ax) == ["layer 1", "layer 2"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), np.arange(5))
    ax = plots.update_ratio(moons_fit, smooth=None)
    weights = [line for line in ax.get_lines() if line.get_label().startswith("$W")]
    assert len(weights) == 3  # two hidden layers and the output layer
    np.testing.assert_array_equal(weights[2].get_ydata(), moons_fit.update_ratio[:, 2])


def test_lr_finder_marks_each_suggestion_on_the_smoothed_curve():
    from lrcourse import lr_range_test, two_moons

    result = lr_range_test(MLP((2, 16, 2), seed=0), two_moons(n=200, seed=0), start_lr=1e-4,
                           end_lr=10.0, num_steps=60, batch_size=32)
    ax = plots.lr_finder(result)
    assert ax.get_xscale() == "log"
    raw, smooth = ax.get_lines()[:2]
    np.testing.assert_array_equal(smooth.get_xdata(), result.lrs)
    np.testing.assert_array_equal(raw.get_ydata(), result.losses)
    marks = scatter_by_label(ax)
    for method in ("valley", "steep", "minimum"):
        lr = result.suggest(method)
        point = marks[f"{method}: {lr:.2g}"]
        assert point.get_offsets()[0, 0] == pytest.approx(lr)
    low, high = ax.get_ylim()  # the blow-up at the end does not set the scale
    assert low < np.nanmin(result.smoothed)
    assert high == pytest.approx(1.5 * max(result.smoothed[0], np.nanmin(result.smoothed)))
    ax = plots.lr_finder(result, suggestions=("valley",), show_raw=False)
    assert len(ax.get_lines()) == 2  # the smoothed curve and one vertical line
    with pytest.raises(TypeError, match="must be an LRFinderResult"):
        plots.lr_finder({"lrs": [1, 2]})
    with pytest.raises(TypeError, match="sequence of method names"):
        plots.lr_finder(result, suggestions="valley")


# ---- every single-Axes picture draws into a given Axes -------------------------------------

SINGLE_AX = {
    "schedule": lambda ax: plots.schedule(halving, 10, ax=ax),
    "schedules": lambda ax: plots.schedules({"a": halving}, 10, ax=ax),
    "momentum": lambda ax: plots.momentum(OneCycle(0.1, 20), 20, ax=ax),
    "loss_curves": lambda ax: plots.loss_curves({"a": [1.0, 0.5]}, ax=ax),
    "accuracy_curves": lambda ax: plots.accuracy_curves({"a": [0.5, 0.7]}, ax=ax),
    "update_ratio": lambda ax: plots.update_ratio(np.full((5, 2), 1e-3), ax=ax),
    "sweep_result": lambda ax: plots.sweep_result([0.1, 1.0], [0.5, 0.4], ax=ax),
    "convergence_rate": lambda ax: plots.convergence_rate(Quadratic(), ax=ax),
    "contour_trajectories": lambda ax: plots.contour_trajectories(Quadratic(), ax=ax,
                                                                  resolution=20),
    "path_1d": lambda ax: plots.path_1d(Cubic(), ax=ax),
    "dead_fractions": lambda ax: plots.dead_fractions(np.array([0.0, 0.5]), ax=ax),
}


@pytest.mark.parametrize("name", sorted(SINGLE_AX))
def test_a_given_ax_is_drawn_into_and_returned(name):
    fig, ax = plt.subplots()
    assert SINGLE_AX[name](ax) is ax
    assert plt.get_fignums() == [fig.number] and fig.axes == [ax]
    assert ax.has_data() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("name", sorted(SINGLE_AX))
def test_without_ax_each_picture_makes_one_new_figure(name):
    ax = SINGLE_AX[name](None)
    assert plt.get_fignums() == [ax.figure.number]
