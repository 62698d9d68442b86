"""lrcourse.plots.adaptive: step curves, effective-rate bands and sweep bands draw what they are
given, on log axes, and refuse bad input with a message naming the argument."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrcourse import plots
from lrcourse.finder import good_rate_range


def new_ax():
    return Figure().subplots()


def test_step_curves_draws_each_curve_on_log_axes():
    ax = plots.step_curves({"a": [1.0, 0.5, 0.25], "b": [2.0, 2.0, 2.0]}, ax=new_ax(),
                           x=[1, 2, 3], logx=True, mark={"drop": [2]}, ylabel="rate")
    lines = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in lines] == ["a", "b", "drop"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[0].get_ydata(), [1.0, 0.5, 0.25])
    assert ax.get_xscale() == ax.get_yscale() == "log" and ax.get_ylabel() == "rate"
    # default x: 0, 1, ... (1, 2, ... on a log axis)
    ax = plots.step_curves({"a": [3.0, 2.0]}, ax=new_ax())
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 1])


@pytest.mark.parametrize("kwargs", [
    {"curves": {}},
    {"curves": {"a": [1.0, -1.0]}},
    {"curves": {"a": [1.0, 2.0], "b": [1.0]}},
    {"curves": {"a": [[1.0]]}},
    {"curves": {"a": [1.0, 2.0]}, "x": [0.0, 1.0], "logx": True},
    {"curves": {"a": [1.0, 2.0]}, "x": [1.0, 2.0, 3.0]},
    {"curves": {"a": [1.0, 2.0]}, "logy": "yes"},
])
def test_step_curves_refuses_bad_input(kwargs):
    with pytest.raises((ValueError, TypeError)):
        plots.step_curves(ax=new_ax(), **kwargs)


def test_effective_lr_bands_draws_median_band_and_eta():
    steps = np.array([1, 10, 100])
    band = np.array([[0.01, 0.02, 0.05], [0.02, 0.03, 0.06], [0.03, 0.05, 0.1]])
    ax = plots.effective_lr_bands(steps, {"W1": band, "W2": band / 2}, ax=new_ax(), lr=1e-3)
    labelled = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in labelled] == ["W1", "W2", r"$\eta$"]
    np.testing.assert_allclose(labelled[1].get_ydata(), band[:, 1] / 2)
    assert len(ax.collections) == 2  # one band per layer
    assert ax.get_xscale() == ax.get_yscale() == "log"


@pytest.mark.parametrize("bands", [
    {"W1": np.ones((2, 3))},
    {"W1": np.array([[0.1, 0.05, 0.2]] * 3)},  # median below the low quantile
    {"W1": np.zeros((3, 3))},
    {"W1": np.ones((3, 2))},
])
def test_effective_lr_bands_refuses_bad_bands(bands):
    with pytest.raises((ValueError, TypeError)):
        plots.effective_lr_bands([1, 10, 100], bands, ax=new_ax())


def test_sweep_bands_mean_band_crosses_baseline_and_good_range():
    rates = np.array([1e-3, 1e-2, 1e-1, 1.0])
    res = np.array([[1.0, 1.2], [0.2, 0.3], [0.25, 0.35], [np.inf, 0.5]])
    good = good_rate_range(rates, res)
    ax = plots.sweep_bands(rates, {"SGD": res}, ax=new_ax(), baseline=("none", [0.8, 0.9]),
                           good={"SGD": good}, ylim=(0.1, 2.0))
    mean = next(ln for ln in ax.get_lines() if ln.get_label() == "SGD")
    # the mean of the replicates that did not diverge (spread_curves)
    np.testing.assert_allclose(mean.get_ydata(), [1.1, 0.25, 0.3, 0.5])
    assert any(ln.get_label() == "none" for ln in ax.get_lines())
    bars = [ln for ln in ax.get_lines() if ln.get_linewidth() == 4]
    np.testing.assert_allclose(bars[0].get_xdata(), [good.low, good.high])
    assert ax.get_ylim() == pytest.approx((0.1, 2.0))


@pytest.mark.parametrize("kwargs", [
    {"values": [1.0, 0.5], "results": {"a": np.ones((2, 3))}},
    {"values": [0.0, 1.0], "results": {"a": np.ones((2, 3))}},
    {"values": [1.0, 2.0], "results": {"a": np.ones((3, 3))}},
    {"values": [1.0, 2.0], "results": {"a": -np.ones((2, 3))}},
    {"values": [1.0, 2.0], "results": {"a": np.full((2, 3), np.nan)}},
    {"values": [1.0, 2.0], "results": {"a": np.full((2, 3), np.inf)}},
    {"values": [1.0, 2.0], "results": {"a": np.ones((2, 3))}, "good": {"b": None}},
    {"values": [1.0, 2.0], "results": {"a": np.ones((2, 3))}, "ylim": (1.0, 0.5)},
    {"values": [1.0, 2.0], "results": {"a": np.ones((2, 3))}, "baseline": [1.0]},
])
def test_sweep_bands_refuses_bad_input(kwargs):
    with pytest.raises((ValueError, TypeError)):
        plots.sweep_bands(ax=new_ax(), **kwargs)


def test_sweep_bands_shows_every_value_and_staggers_the_crosses():
    rates = np.array([1e-3, 1e-2, 1e-1, 1.0])
    res = {"a": np.array([[1.0], [0.5], [np.inf], [np.inf]]),
           "b": np.array([[1.0], [0.5], [0.4], [np.inf]])}
    ax = plots.sweep_bands(rates, res, ax=new_ax())
    lo, hi = ax.get_xlim()
    assert lo < 1e-3 and hi > 1.0
    rows = [c.get_offsets()[:, 1] for c in ax.collections if len(c.get_offsets())
            and c.get_offsets()[0, 1] > 0.5 and c.get_offsets()[0, 1] < 1]
    assert sorted({float(r[0]) for r in rows}) == pytest.approx([0.91, 0.96])
