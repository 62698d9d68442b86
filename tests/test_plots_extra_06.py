"""plots.lr_curves (chapter 6): the rate each update used, per run; schedule_grid's layout."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lrcourse import plots
from lrcourse.schedules import Constant
from lrcourse.train import History


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
    ({"curves": {"a": np.ones((2, 3))}}, ValueError, "curve 'a' must be a non-empty 1-D array"),
    ({"curves": {"a": np.ones(3)}, "steps_per_epoch": 0}, ValueError,
     "plots.lr_curves: steps_per_epoch must be"),
    ({"curves": {"a": np.zeros(3)}}, ValueError, "curve 'a' must be positive for logy=True"),
])
def test_lr_curves_bad_input(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        plots.lr_curves(**kwargs)


def test_schedule_grid_never_draws_a_lone_curve_in_yellow():
    _, axes = plots.schedule_grid({f"s{i}": Constant(0.1 * (i + 1)) for i in range(9)}, 5)
    colours = [ax.get_lines()[0].get_color() for ax in axes]
    assert plots.COLORS[-1] not in colours
    assert colours[:7] == list(plots.COLORS[:7]) and colours[7] == plots.COLORS[0]


def test_schedule_grid_is_one_page_column_wide_with_labels_on_outer_panels_only():
    scheds = {f"s{i}": Constant(0.1 * (i + 1)) for i in range(5)}
    for ncols in (2, 3, 5):
        fig, _ = plots.schedule_grid(scheds, 20000, ncols=ncols)
        assert fig.get_figwidth() == plots.RC["figure.figsize"][0]
    fig, axes = plots.schedule_grid(scheds, 20000, ncols=3)  # 2 rows, the 6th panel removed
    fig.canvas.draw()
    # x label under each column's lowest panel: s3 and s4 in row 2, s2 in row 1 (nothing below)
    assert [bool(ax.get_xlabel()) for ax in axes] == [False, False, True, True, True]
    assert [any(t.get_visible() and t.get_text() for t in ax.get_xticklabels())
            for ax in axes] == [False, False, True, True, True]
    # shared rate axis: labelled on the left column only
    assert [bool(ax.get_ylabel()) for ax in axes] == [True, False, False, True, False]
    # narrow panels: at most 4 step ticks, so 20000-step numbers do not collide
    assert all(len(ax.get_xticks()) <= 5 for ax in axes)
    _, own = plots.schedule_grid(scheds, 100, ncols=3, sharey=False)
    assert all(ax.get_ylabel() for ax in own)  # own scales: every panel keeps its label


def test_schedule_grid_wraps_a_title_longer_than_its_panel():
    long = "warmup, then 1/sqrt(k) (Transformer)"
    _, axes = plots.schedule_grid({"short": Constant(0.1), long: Constant(0.2),
                                   "third": Constant(0.3)}, 10, ncols=3)
    assert axes[0].get_title() == "short"
    assert "\n" in axes[1].get_title() and axes[1].get_title().replace("\n", " ") == long


def _labels_in_view(low: float, high: float) -> list[str]:
    _, ax = plt.subplots()
    ax.plot([low, high], [1, 2])
    plots.log_axis(ax, "x")
    ax.figure.canvas.draw()
    left, right = ax.get_xlim()
    ticks = zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
    return [label.get_text() for label, x in ticks if label.get_text() and left <= x <= right]


def test_log_axis_labels_what_is_needed_to_read_a_value():
    # at most one power of ten in view: labelled ticks at 2, 3 and 5 times the powers
    assert _labels_in_view(0.15, 0.9) == ["2×10⁻¹", "3×10⁻¹", "5×10⁻¹"]
    assert _labels_in_view(0.02, 0.35) == ["2×10⁻²", "3×10⁻²", "5×10⁻²", "10⁻¹", "2×10⁻¹",
                                           "3×10⁻¹"]
    # two powers of ten in view: 1, 2 and 5 times them
    assert _labels_in_view(0.08, 1.2) == ["10⁻¹", "2×10⁻¹", "5×10⁻¹", "10⁰"]
    # four decades: the powers of ten only, the 2 and 5 ticks unlabelled
    assert _labels_in_view(1e-4, 1.0) == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    # more than seven powers of ten: every other one
    assert _labels_in_view(1e-8, 1.0) == ["10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "10⁰"]


def test_rate_ticks_label_the_axis_at_the_rates_of_a_grid():
    grid = 0.025 * 2.0 ** np.arange(7)
    ax = plots.sweep_result(grid, np.linspace(0.3, 0.2, 7), logy=False)
    plots.rate_ticks(ax, grid)
    ax.figure.canvas.draw()
    np.testing.assert_allclose(ax.get_xticks(), grid)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "0.025", "0.05", "0.1", "0.2", "0.4", "0.8", "1.6"]
    assert len(ax.get_xticks(minor=True)) == 0
    with pytest.raises(ValueError, match=r"plots.rate_ticks: rates must be a non-empty list "
                                         r"of positive rates, got \[0.0, 0.1\]"):
        plots.rate_ticks(ax, [0.0, 0.1])
    with pytest.raises(ValueError, match="axis must be one of 'x', 'y'"):
        plots.rate_ticks(ax, grid, axis="z")
