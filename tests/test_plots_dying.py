"""Pictures of `lrcourse.plots.dying`."""

import matplotlib
import numpy as np

from lrcourse import plots

matplotlib.use("Agg")


def test_relu_family_draws_each_activation_and_its_derivative():
    _fig, (top, bottom) = plots.relu_family(("relu", "elu"))
    assert len(top.get_lines()) == 2 and len(bottom.get_lines()) == 2
    relu_grad = bottom.get_lines()[0].get_ydata()
    assert set(np.unique(relu_grad)) == {0.0, 1.0}


def test_one_step_deaths_line_and_markers():
    ax = plots.one_step_deaths([0.1, 1.0, 10.0], [0.0, 0.1, 0.3],
                               {"a": [0.0, 0.1, 0.3], "b": [0.0, 0.2, 0.4]})
    lines = ax.get_lines()
    assert len(lines) == 3 and lines[1].get_linestyle() == "None"


def test_rate_deaths_draws_no_mean_at_a_chaotic_rate():
    dead = np.array([[0.0, 0.2, np.nan], [0.0, 0.3, 0.4]])
    acc = np.array([[0.9, 0.5, np.nan], [0.9, 0.6, 0.2]])
    _fig, (top, _bottom) = plots.rate_deaths([0.1, 1.0, 2.0], dead, acc,
                                           chaotic=np.array([False, False, True]))
    mean = top.get_lines()[0].get_ydata()
    assert mean[0] == 0.0 and np.isclose(mean[1], 0.25) and np.isnan(mean[2])
    assert any("diverged" in t.get_text() for t in top.texts)


def test_unit_raster_and_born_dead_map():
    ax = plots.unit_raster(np.array([[False, True], [True, True]]), [0, 5], title="t")
    assert ax.get_title() == "t"
    ax = plots.born_dead_map([[0.5, 0.9], [0.0, 0.1]], [2, 3], [5, 10])
    assert [t.get_text() for t in ax.texts] == ["50%", "90%", "0%", "10%"]


def test_cure_runs_marks_diverged_runs():
    _fig, (left, right) = plots.cure_runs({"a": {"dead": [0.1, np.nan],
                                                "accuracy": [0.9, np.nan]},
                                          "b": {"dead": [0.0, 0.0], "accuracy": [0.8, 0.9]}})
    assert [t.get_text() for t in left.get_yticklabels()] == ["a", "b"]
    assert len(right.collections) == 3  # two rows of runs and one cross
