"""lrcourse.plots.training: loss, rate and accuracy curves, update ratios, sweep results and the
LR range test, checked on the artists (also from real training runs); bad input refused."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import legend_texts, scatter_by_label

from lrcourse import MLP, Quadratic, plots
from lrcourse.finder import LRFinderResult
from lrcourse.plots._style import _ema
from lrcourse.train import History


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
        ({"curves": {"a": "abc"}}, TypeError,
         r"curves\['a'\] must be a 1-D array of real numbers or a History"),
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
    assert ax.yaxis.get_major_formatter()(0.5, 0) in ("50%", "50.0%")


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
    with pytest.raises(ValueError, match="labels must be a list of one label per weight matrix"):
        plots.update_ratio(ratios, labels=["W1"])


def test_sweep_result_log_x_and_diverged_crosses_at_the_top():
    lrs = np.array([1e-3, 1e-2, 1e-1, 1.0])
    ax = plots.sweep_result(lrs, [0.5, 0.2, 0.3, np.nan], diverged=np.array([0, 0, 1, 0], bool))
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), lrs)
    np.testing.assert_array_equal(line.get_ydata(), [0.5, 0.2, np.nan, np.nan])  # not drawn
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


def test_sweep_result_breaks_the_line_at_a_diverged_rate():
    # a diverged rate between two good ones: no segment may join them across it
    ax = plots.sweep_result([0.1, 0.01, 1.0, 0.001], [0.3, 0.2, 0.25, 0.5],
                            diverged=np.array([1, 0, 0, 0], bool))
    (line,) = ax.get_lines()
    x, y = line.get_xdata(), line.get_ydata()
    np.testing.assert_array_equal(x, [0.001, 0.01, 0.1, 1.0])
    assert np.isnan(y[2]) and np.all(np.isfinite(np.delete(y, 2)))


def test_spread_curves_mean_line_in_a_band_of_the_replicates():
    runs = np.array([[1.0, 2.0, 3.0], [0.5, 1.0, 3.0], [0.2, 0.3, 0.4]])  # 3 points, 3 replicates
    ax = plots.spread_curves({"A": runs}, x=[0.01, 0.1, 1.0], logx=True)
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), runs.mean(axis=1))
    (band,) = ax.collections
    vertices = band.get_paths()[0].vertices
    assert np.isclose(vertices[:, 1].min(), 0.2) and np.isclose(vertices[:, 1].max(), 3.0)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert legend_texts(ax) == ["A"]


def test_spread_curves_median_quartiles_sd_and_nan_replicates():
    runs = np.array([[1.0, 2.0, 4.0, np.nan], [np.nan] * 4, [1.0, 1.0, 1.0, 5.0]])
    ax = plots.spread_curves({"B": runs}, center="median", band="quartiles", logy=False)
    (line,) = ax.get_lines()
    y = line.get_ydata()
    # the median of the replicates that did not diverge; a point where all diverged is left out
    assert y[0] == 2.0 and np.isnan(y[1]) and y[2] == 1.0
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])  # epochs by default
    ax = plots.spread_curves({"C": runs[[0, 2]]}, band="sd", logy=False)
    (band,) = ax.collections
    top = band.get_paths()[0].vertices[:, 1].max()
    assert np.isclose(top, np.mean([1, 1, 1, 5]) + np.std([1, 1, 1, 5]))


def test_spread_curves_from_batched_histories_and_series_index():
    hist = History(loss=np.ones((4, 2)), lr=np.ones((4, 2)), grad_norm=np.ones((4, 2)),
                   val_loss=np.array([[1.0, 1.2], [0.5, 0.7]]))
    ax = plots.spread_curves({"fit": hist}, index=2)
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), [1.1, 0.6])
    assert line.get_color() == plots.COLORS[2]


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"curves": {"A": np.ones(3)}}, ValueError, "must have shape \\(n, R\\)"),
        ({"curves": {"A": np.ones((3, 2))}, "x": [1, 2]}, ValueError, "x has 2 points"),
        ({"curves": {"A": np.ones((3, 2))}, "center": "mode"}, ValueError, "center must be one"),
        ({"curves": {"A": np.ones((3, 2))}, "band": "iqr"}, ValueError, "band must be one of"),
        ({"curves": {"A": np.ones((3, 2))}, "x": [0, 1, 2], "logx": True}, ValueError,
         "x must be positive for logx=True"),
        ({"curves": {"A": "abc"}}, TypeError, "must be an \\(n, R\\) array of real numbers"),
        ({"curves": {}}, TypeError, "curves must be a non-empty dict"),
    ],
)
def test_spread_curves_refuses_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plots.spread_curves(**kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([0.0, 1.0], [1.0, 1.0]), {}, "lrs must be positive"),
        (([0.1, 1.0], [1.0]), {}, "one entry per rate"),
        (([0.1, 1.0], [1.0, 2.0]), {"diverged": [0, 1]},
         r"diverged must be None or a bool array of shape \(2,\)"),
    ],
)
def test_sweep_result_refuses_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.sweep_result(*args, **kwargs)


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
    with pytest.raises(ValueError,
                       match=r"curves\['run'\] must be a History that recorded \.val_loss"):
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


def test_loss_curves_ylim_sets_the_range_and_keeps_every_value_drawn():
    blow_up = np.array([1.0, 50.0, 1e4, np.inf])
    spiky = np.array([1.0, 0.5, 1e-11, 0.2])
    ax = plots.loss_curves({"blow-up": blow_up, "spiky": spiky}, ylim=(1e-3, 1e5))
    assert ax.get_ylim() == pytest.approx((1e-3, 1e5))
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), spiky)  # clipped by the view only


def test_loss_curves_without_ylim_fits_the_values():
    ax = plots.loss_curves({"spiky": np.array([1.0, 0.5, 1e-11, 0.2])})
    assert ax.get_ylim()[0] < 1e-11


def test_loss_curves_ylim_on_a_linear_axis_may_include_zero():
    ax = plots.loss_curves({"a": np.array([1.0, -0.5, 0.2])}, logy=False, ylim=(-1.0, 2.0))
    assert ax.get_ylim() == pytest.approx((-1.0, 2.0))


@pytest.mark.parametrize(
    ("ylim", "logy", "exc", "match"),
    [((1.0, 0.1), True, ValueError, r"ylim must be \(low, high\) with low < high"),
     ((0.0, 1.0), True, ValueError, r"ylim must be .* and low > 0 on a log axis"),
     ((1.0,), True, ValueError, r"ylim must be a pair of two numbers, got \(1.0,\)"),
     ("ab", True, TypeError, r"ylim must be a pair of two numbers, got 'ab'"),
     ((0.1, np.inf), True, ValueError, r"ylim\[1\] must be a finite real number"),
     ((0.1, "1"), True, TypeError, r"ylim\[1\] must be a finite real number")],
)
def test_loss_curves_refuses_a_bad_ylim(ylim, logy, exc, match):
    with pytest.raises(exc, match=f"plots.loss_curves: {match}"):
        plots.loss_curves({"a": np.array([1.0, 0.5])}, logy=logy, ylim=ylim)


def _result() -> LRFinderResult:
    lrs = np.logspace(-3, 0, 40)
    losses = np.concatenate([np.linspace(2.0, 0.2, 30), np.linspace(0.5, 9.0, 10)])
    smoothed = losses + 0.5  # stands in for a lagging average: the raw curve goes lower
    return LRFinderResult(lrs=lrs, losses=losses, smoothed=smoothed, stopped_early=True,
                          num_steps=40)


def test_lr_finder_ylim_sets_the_loss_axis() -> None:
    ax = plots.lr_finder(_result(), suggestions=(), ylim=(0.0, 4.0))
    assert ax.get_ylim() == (0.0, 4.0)


@pytest.mark.parametrize("bad", [(1.0,), (2.0, 1.0), (0.0, np.inf), "ab", 3.0])
def test_lr_finder_refuses_a_bad_ylim(bad) -> None:
    with pytest.raises((TypeError, ValueError), match=r"plots.lr_finder: ylim(\[1\])? must be"):
        plots.lr_finder(_result(), suggestions=(), ylim=bad)


def test_loss_curves_ylabel_defaults_and_override() -> None:
    curves = {"a": np.array([1.0, 0.5, 0.25])}
    assert plots.loss_curves(curves).get_ylabel() == "loss"
    assert plots.loss_curves(curves, key="val_loss").get_ylabel() == "validation loss"
    ax = plots.loss_curves(curves, ylabel="mean validation loss")
    assert ax.get_ylabel() == "mean validation loss"


def test_loss_curves_refuses_a_non_string_ylabel() -> None:
    with pytest.raises(TypeError, match=r"plots.loss_curves: ylabel must be a str or None, got 3"):
        plots.loss_curves({"a": np.array([1.0, 0.5])}, ylabel=3)


def test_lr_curves_draws_one_step_curve_per_run_in_updates_or_epochs():
    staircase = np.repeat([0.3, 0.09, 0.027], 4)
    history = History(loss=np.ones(12), lr=staircase, grad_norm=np.ones(12), steps_per_epoch=4)
    ax = plots.lr_curves({"constant": np.full(12, 0.1), "on plateau": history})
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["constant", "on plateau"]
    assert all(line.get_drawstyle() == "steps-post" for line in lines)
    np.testing.assert_array_equal(lines[1].get_ydata(), staircase)
    np.testing.assert_array_equal(lines[1].get_xdata(), np.arange(12))
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "update"
    assert "eta" in ax.get_ylabel()

    _, ax2 = plt.subplots()
    assert plots.lr_curves({"on plateau": history}, ax=ax2, steps_per_epoch=4, logy=False) is ax2
    np.testing.assert_array_equal(ax2.get_lines()[0].get_xdata(), np.arange(12) / 4)
    assert ax2.get_xlabel() == "epoch" and ax2.get_yscale() == "linear"


def test_lr_curves_leaves_out_the_frozen_part_of_a_run():
    rates = np.array([0.1, 0.1, np.nan, np.nan])
    ax = plots.lr_curves({"diverged": rates})
    y = ax.get_lines()[0].get_ydata()
    assert np.isnan(y[2:]).all() and (y[:2] == 0.1).all()


@pytest.mark.parametrize(("kwargs", "exc", "pattern"), [
    ({"curves": {}}, TypeError, "plots.lr_curves: curves must be a non-empty dict"),
    ({"curves": {"a": np.ones((2, 3))}}, ValueError,
     r"curves\['a'\] must be a non-empty 1-D array"),
    ({"curves": {"a": np.ones(3)}, "steps_per_epoch": 0}, ValueError,
     "plots.lr_curves: steps_per_epoch must be"),
    ({"curves": {"a": np.zeros(3)}}, ValueError, r"curves\['a'\] must be positive for logy=True"),
])
def test_lr_curves_bad_input(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        plots.lr_curves(**kwargs)


# ---- replicates: median lines, range bands, means with bars ----------------------------------


def _bands(ax):
    """The filled range bands of ``ax`` (the legend's empty proxy excluded)."""
    from matplotlib.collections import PolyCollection

    return [c for c in ax.collections if isinstance(c, PolyCollection)
            and len(c.get_paths()) and len(c.get_paths()[0].vertices)]


def test_update_ratio_of_replicates_draws_a_band_per_weight_matrix():
    ratios = np.full((20, 4, 2), 1e-3)
    ratios[:, 3, 1] = 1e-2
    ax = plots.update_ratio(ratios, smooth=None)
    lines = [line for line in ax.get_lines() if line.get_label().startswith("$W")]
    assert len(lines) == 2 and np.allclose(lines[1].get_ydata(), 1e-3)
    assert len(_bands(ax)) == 2  # one band per matrix (the 10^-3 strip is a patch)
    with pytest.raises(ValueError, match="history must hold update ratios of shape"):
        plots.update_ratio(np.ones((2, 2, 2, 2)))


def test_sweep_result_of_replicates_draws_means_with_range_bars_and_chaos_run_by_run():
    lrs = np.array([0.01, 0.1, 1.0, 10.0])
    values = np.array([[0.9, 0.3, 0.5, 2.0], [0.7, 0.1, 4.0, np.nan]])  # (R=2, K=4)
    chaotic = np.array([False, False, True, False])
    ax = plots.sweep_result(lrs, values, chaotic=chaotic, label="mean")
    (line,) = [line for line in ax.get_lines() if line.get_label() == "mean"]
    np.testing.assert_array_equal(line.get_xdata(), lrs)  # broken at the chaotic and the
    np.testing.assert_allclose(line.get_ydata(), [0.8, 0.2, np.nan, np.nan])  # diverged rate
    marks = scatter_by_label(ax)
    np.testing.assert_array_equal(marks["chaotic: one per run"].get_offsets(),
                                  [[1.0, 0.5], [1.0, 4.0]])
    np.testing.assert_array_equal(marks["diverged"].get_offsets()[:, 0], [10.0])  # one NaN
    assert "range of 2 runs" in legend_texts(ax)


def test_sweep_result_puts_diverged_rates_where_the_worst_scores_are():
    lrs = np.array([0.1, 1.0, 10.0])
    top = plots.sweep_result(lrs, [0.3, 0.2, np.nan])
    assert scatter_by_label(top)["diverged"].get_offsets()[0, 1] == pytest.approx(0.96)
    bottom = plots.sweep_result(lrs, [0.9, 0.95, np.nan], logy=False, higher_is_better=True)
    assert scatter_by_label(bottom)["diverged"].get_offsets()[0, 1] == pytest.approx(0.04)


def test_sweep_result_refuses_a_bad_chaotic_mask():
    with pytest.raises(ValueError, match=r"plots.sweep_result: chaotic must be None or a bool "
                                         r"array of shape \(2,\)"):
        plots.sweep_result([0.1, 1.0], [1.0, 2.0], chaotic=[0, 1])
    with pytest.raises(ValueError, match=r"final_losses must have one entry per rate"):
        plots.sweep_result([0.1, 1.0], np.ones((2, 2, 2)))


def test_search_points_scatter_every_run_and_leave_the_unranked_hollow():
    lrs = np.array([[1e-3, 0.1, 5.0], [1e-2, 0.3, 8.0]])
    scores = np.array([[2.0, 0.2, 9.0], [1.0, 0.1, np.nan]])
    ax = plots.search_points(lrs, scores, label="random", unranked=lrs > 1)
    marks = scatter_by_label(ax)
    assert len(marks["random"].get_offsets()) == 4
    np.testing.assert_array_equal(marks["not ranked"].get_offsets(), [[5.0, 9.0]])  # NaN left out
    plots.search_points(lrs, scores, ax=ax, label="grid", index=1, unranked=lrs > 1)
    assert legend_texts(ax).count("not ranked") == 1
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    with pytest.raises(ValueError, match=r"plots\.search_points: scores must be of the shape"):
        plots.search_points(lrs, scores[0])
    with pytest.raises(ValueError, match=r"search_points: unranked must be None or a bool array"):
        plots.search_points(lrs, scores, unranked=[1, 0])


def test_lr_finder_default_range_shows_the_raw_losses_below_the_smoothed_curve() -> None:
    ax = plots.lr_finder(_result(), suggestions=())
    low, high = ax.get_ylim()
    assert low < 0.2  # the raw minimum (0.2) is in view: the smoothed curve lags above it
    assert high == pytest.approx(1.5 * 2.5)
    low, _ = plots.lr_finder(_result(), suggestions=(), show_raw=False).get_ylim()
    assert low > 0.5  # without the raw losses, the axis starts at the smoothed minimum


def test_spread_curves_smooth_each_replicate_up_to_its_divergence():
    runs = np.ones((6, 3))
    runs[:, 1] = 3.0
    runs[3:, 0] = np.nan  # replicate 0 diverges after step 2
    ax = plots.spread_curves({"a": runs}, smooth=0.5, center="median", logy=False)
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), [1.0, 1.0, 1.0, 2.0, 2.0, 2.0])  # EMA of
    # a constant is the constant, and the median drops replicate 0 once it is gone
    with pytest.raises(ValueError, match=r"plots\.spread_curves: smooth must be in \[0, 1\)"):
        plots.spread_curves({"a": runs}, smooth=1.0)


def test_spread_curves_of_accuracies_in_percent():
    ax = plots.spread_curves({"a": np.array([[0.5, 0.6], [0.9, 0.95]])}, logy=False,
                             percent=True, ylabel="validation accuracy")
    ax.figure.canvas.draw()
    assert ax.yaxis.get_major_formatter()(0.5, 0) in ("50%", "50.0%")
