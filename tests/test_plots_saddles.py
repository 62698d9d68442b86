"""lrcourse.plots.saddles: escape times, their spread over methods, index against loss."""

import matplotlib.pyplot as plt
import numpy as np
from conftest import legend_texts

from lrcourse import plots


def teardown_function():
    plt.close("all")


def test_escape_times_draws_every_replicate_medians_and_predictions():
    deltas = np.geomspace(1e-8, 1e-2, 4)
    measured = {"a": np.array([[40.0, 30, 20, 10], [42, 32, 22, 12]])}
    ax = plots.escape_times(deltas, measured, {"a, predicted": [41.0, 31, 21, 11]})
    assert ax.get_xscale() == "log"
    assert len(ax.collections) == 2  # one scatter per replicate
    (median, prediction) = ax.lines
    assert np.array_equal(median.get_ydata(), [41.0, 31, 21, 11])
    assert np.array_equal(prediction.get_ydata(), [41.0, 31, 21, 11])
    assert legend_texts(ax) == ["a", "a, predicted"]


def test_escape_spread_puts_never_on_its_own_row():
    ax = plots.escape_spread({"GD": [10.0, 20.0, np.inf], "none": [np.inf, np.inf]},
                             horizon=100)
    assert ax.get_yscale() == "log"
    gd, none = ax.collections
    assert np.array_equal(gd.get_offsets()[:, 1], [10.0, 20.0, 200.0])
    assert np.array_equal(none.get_offsets()[:, 1], [200.0, 200.0])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["GD", "none"]
    medians = [line for line in ax.lines if line.get_color() == "black"]
    assert len(medians) == 1 and medians[0].get_ydata()[0] == 20.0  # GD's, not "none"'s
    assert any(t.get_text() == "never" for t in ax.texts)


def test_index_vs_loss_separates_critical_points():
    ax = plots.index_vs_loss([0.1, 0.2, 0.3], [0.0, 0.2, 0.4], [1e-9, 1e-3, 1e-2], tol=1e-6)
    filled, hollow = ax.collections
    assert len(filled.get_offsets()) == 1 and len(hollow.get_offsets()) == 2
    assert legend_texts(ax) == ["‖g‖ < 10⁻⁶: critical (1)", "‖g‖ ≥ 10⁻⁶: not critical (2)"]
    ax = plots.index_vs_loss([0.1], [0.5], [1.0], tol=2e-6)
    assert legend_texts(ax) == ["‖g‖ ≥ 2×10⁻⁶: not critical (1)"]
