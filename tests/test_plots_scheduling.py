"""lrcourse.plots.scheduling: schedules and cycled momentum against the step, checked on the
artists; bad input refused."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import halving, legend_texts
from matplotlib.colors import to_hex

from lrcourse import CyclicLR, OneCycle, StepDecay, plots, schedules
from lrcourse.schedules import Constant


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


def test_schedule_momentum_rate_left_momentum_right_one_legend() -> None:
    sched = schedules.CyclicLR(0.1, 1.0, step_size_up=4)  # peak at k = 4, back at 0.1 at k = 8
    ax, twin = plots.schedule_momentum(sched, 9, base_momentum=0.8, max_momentum=0.9)
    assert twin.get_shared_x_axes().joined(ax, twin)
    (rate_line,) = ax.get_lines()
    (beta_line,) = twin.get_lines()
    np.testing.assert_allclose(rate_line.get_ydata(), [0.1, 0.325, 0.55, 0.775, 1.0,
                                                       0.775, 0.55, 0.325, 0.1])
    np.testing.assert_allclose(beta_line.get_ydata(), [0.9, 0.875, 0.85, 0.825, 0.8,
                                                       0.825, 0.85, 0.875, 0.9])
    assert twin.get_ylabel() == r"momentum $\beta$" and "learning rate" in ax.get_ylabel()
    assert twin.get_legend() is None
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [r"rate $\eta$",
                                                                  r"momentum $\beta$"]


def test_schedule_momentum_of_one_cycle_lowest_where_the_rate_peaks() -> None:
    sched = schedules.OneCycle(1.0, total_steps=100, pct_start=0.3)
    ax, twin = plots.schedule_momentum(sched, 100, logy=True)
    rate = ax.get_lines()[0].get_ydata()
    beta = twin.get_lines()[0].get_ydata()
    assert np.argmax(rate) == np.argmin(beta) == 29
    assert beta[0] == pytest.approx(0.95) and beta[29] == pytest.approx(0.85)
    assert ax.get_yscale() == "log" and twin.get_yscale() == "linear"


def test_schedule_momentum_draws_into_the_given_axes() -> None:
    fig, given = plt.subplots()
    ax, twin = plots.schedule_momentum(schedules.OneCycle(0.5, total_steps=20), 20, ax=given)
    assert ax is given and twin in fig.axes and len(fig.axes) == 2


def test_schedule_momentum_refuses_a_schedule_without_momentum() -> None:
    with pytest.raises(TypeError, match=r"plots.schedule_momentum: sched must have a "
                                        r"momentum\(k\) method \(CyclicLR, OneCycle\), "
                                        r"got StepDecay"):
        plots.schedule_momentum(schedules.StepDecay(0.1, 10), 20)


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
