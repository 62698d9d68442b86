"""plots.schedule_momentum (chapter 5): a cycled schedule's rate and momentum on twin axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lrcourse import plots, schedules


def test_rate_left_momentum_right_one_legend() -> None:
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


def test_one_cycle_momentum_lowest_where_the_rate_peaks() -> None:
    sched = schedules.OneCycle(1.0, total_steps=100, pct_start=0.3)
    ax, twin = plots.schedule_momentum(sched, 100, logy=True)
    rate = ax.get_lines()[0].get_ydata()
    beta = twin.get_lines()[0].get_ydata()
    assert np.argmax(rate) == np.argmin(beta) == 29
    assert beta[0] == pytest.approx(0.95) and beta[29] == pytest.approx(0.85)
    assert ax.get_yscale() == "log" and twin.get_yscale() == "linear"


def test_draws_into_the_given_axes() -> None:
    fig, given = plt.subplots()
    ax, twin = plots.schedule_momentum(schedules.OneCycle(0.5, total_steps=20), 20, ax=given)
    assert ax is given and twin in fig.axes and len(fig.axes) == 2


def test_refuses_a_schedule_without_momentum() -> None:
    with pytest.raises(TypeError, match=r"plots.schedule_momentum: sched must have a "
                                        r"momentum\(k\) method \(CyclicLR, OneCycle\), "
                                        r"got StepDecay"):
        plots.schedule_momentum(schedules.StepDecay(0.1, 10), 20)
