"""lrcourse.widgets.replay: the LR range test re-smoothed and reduce-on-plateau replayed on a
recorded curve, and their explorers."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import ReduceOnPlateau, widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_smoothing_explorer_data_matches_the_finder_at_its_beta(small_range_test):
    data = widgets.smoothing_explorer_data(small_range_test, 0.98)
    np.testing.assert_allclose(data["smoothed"], small_range_test.smoothed, rtol=1e-12)
    for method, lr in data["suggestions"].items():
        assert lr == small_range_test.suggest(method)
    raw = widgets.smoothing_explorer_data(small_range_test, 0.0)
    np.testing.assert_array_equal(raw["smoothed"], small_range_test.losses)


def test_smoothing_explorer_redraws_with_beta(small_range_test):
    explorer = widgets.smoothing_explorer(small_range_test, beta=0.9)
    ax = explorer.figure.axes[0]
    assert ax.get_xscale() == "log" and "βₛ = 0.9" in ax.get_title()  # the notation's β_s
    explorer.set(beta=0.5)
    assert "0.5" in explorer.figure.axes[0].get_title()
    with pytest.raises(ValueError, match="beta must be in"):
        widgets.smoothing_explorer(small_range_test, beta=1.0)


def test_plateau_explorer_data_replays_reduce_on_plateau():
    flat = [1.0] * 8
    data = widgets.plateau_explorer_data(flat, lr=0.1, patience=2, factor=0.5)
    assert data["reductions"] == [3, 6]  # 3 bad epochs after the first exceed patience 2
    np.testing.assert_allclose(data["lr"], [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])
    plateau = ReduceOnPlateau(0.1, patience=2, factor=0.5)
    assert [plateau.step(m) for m in flat] == list(data["lr"])


def test_plateau_explorer_data_negative_loss_pitfall_of_relative_threshold():
    curve = -1.0 - 0.001 * np.sin(np.arange(40))  # a negative, flat metric
    rel = widgets.plateau_explorer_data(curve, patience=3, threshold=0.01)
    absolute = widgets.plateau_explorer_data(curve, patience=3, threshold=0.01,
                                             threshold_mode="abs")
    assert rel["reductions"] == [] and len(absolute["reductions"]) > 0


def test_plateau_explorer_on_the_recorded_curve():
    curve = widgets.default_plateau_curve()
    assert curve.shape == (61,) and curve[-1] < 0.1 * curve[0]
    explorer = widgets.plateau_explorer(curve)
    assert explorer.figure.axes[1].get_yscale() == "log"
    n_default = len(widgets.plateau_explorer_data(curve, patience=5, threshold=1e-2,
                                                  factor=0.5)["reductions"])
    assert suptitle(explorer).startswith(f"{n_default} reductions")
    explorer.set(patience=30)
    assert suptitle(explorer).startswith("0 reductions")
