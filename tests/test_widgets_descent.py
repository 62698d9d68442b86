"""lrcourse.widgets.descent: gradient descent against 2/L and heavy-ball momentum; the data
functions compute what they claim, the explorers build headless and redraw."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import Cubic, Quadratic, SaddleQuadratic, TiltedDoubleWell, widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.mark.parametrize(
    ("lr", "outcome", "relation"),
    [(0.05, "not settled", "<"), (0.15, "converges", "<"), (0.18, "converges", "<"),
     (0.199, "not settled", "<"),
     (0.201, "diverges", ">"), (0.5, "diverges", ">")],
)
def test_lr_explorer_data_on_the_quadratic_follows_two_over_L(lr, outcome, relation):
    data = widgets.lr_explorer_data(Quadratic((1.0, 10.0)), lr, [2.0, 2.0], 60)
    assert data["threshold"] == pytest.approx(0.2)
    assert data["outcome"] == outcome
    assert f"{relation} 2/L = 0.2: {outcome}" in data["title"]
    assert data["path"].shape[1] == 2 and np.array_equal(data["path"][0], [2.0, 2.0])


def test_lr_explorer_data_double_well_small_rate_stays_large_rate_crosses():
    well = TiltedDoubleWell()
    small = widgets.lr_explorer_data(well, well.SMALL_LR, [well.START], 200)
    large = widgets.lr_explorer_data(well, well.LARGE_LR, [well.START], 200)
    assert small["threshold"] == pytest.approx(2 / well.LOCAL_CURVATURE)
    assert small["path"][-1, 0] == pytest.approx(well.LOCAL_MIN, abs=1e-6)
    assert large["path"][-1, 0] == pytest.approx(well.GLOBAL_MIN, abs=1e-6)
    assert small["outcome"] == large["outcome"] == "converges"


def test_lr_explorer_on_surfaces_without_a_minimum():
    data = widgets.lr_explorer_data(Cubic(), 0.1, [1.0], 30)
    assert data["L"] is None and data["threshold"] is None
    assert data["outcome"] == "not settled" and "2/L" not in data["title"]
    assert np.all(np.diff(data["path"][:, 0]) < 0) and data["path"][-1, 0] > 0  # creeps to 0
    explorer = widgets.lr_explorer(SaddleQuadratic(), lr=0.1, steps=40)
    assert "diverges" in suptitle(explorer)
    assert explorer.figure.axes[1].get_yscale() == "linear"


def test_lr_explorer_data_refuses_bad_rate():
    with pytest.raises(ValueError, match="lr_explorer_data: lr must be a positive"):
        widgets.lr_explorer_data(Quadratic(), 0.0, [1.0, 1.0], 5)


def test_lr_explorer_builds_headless_and_redraws_on_the_slider():
    explorer = widgets.lr_explorer(steps=60)
    assert set(explorer.values) == {"lr"}
    assert len(explorer.figure.axes) == 2
    assert "converges" in suptitle(explorer)
    explorer.controls.children[0].value = 0.3  # what moving the slider does
    assert "diverges" in suptitle(explorer) and "0.3" in suptitle(explorer)
    assert explorer.figure.axes[1].get_yscale() == "log"


def test_lr_explorer_on_a_1d_surface_draws_the_curve():
    well = TiltedDoubleWell()
    explorer = widgets.lr_explorer(well, lr=well.LARGE_LR, x0=[well.START], steps=60)
    curve_ax = explorer.figure.axes[0]
    assert curve_ax.get_xlabel() == r"$\theta$"
    assert "converges" in suptitle(explorer)


def test_momentum_explorer_data_optimal_pair_and_faster_than_gd():
    q = Quadratic((1.0, 49.0))
    data = widgets.momentum_explorer_data(q, 0.035, 0.7, [-2.0, 2.0], 60)
    assert data["best_lr"] == pytest.approx(4 / 64) and data["best_beta"] == pytest.approx(0.5625)
    assert widgets.heavy_ball_rate(q, data["best_lr"], data["best_beta"]) == pytest.approx(0.75)
    gd, mom = data["losses"].values()
    assert mom[-1] < 1e-3 * gd[-1]
    assert list(data["paths"]) == ["gradient descent", "momentum β=0.7"]
    with pytest.raises(ValueError, match="beta must be in \\[0, 1\\)"):
        widgets.momentum_explorer_data(q, 0.01, 1.0, [1.0, 1.0], 5)


def test_momentum_explorer_redraws_two_paths():
    explorer = widgets.momentum_explorer(steps=30)
    contour_ax = explorer.figure.axes[0]
    assert [line.get_label() for line in contour_ax.get_lines()] == ["gradient descent",
                                                                    "momentum β=0.7"]
    explorer.set(beta=0.0)
    assert "β = 0:" in suptitle(explorer)


def test_momentum_explorer_envelope_follows_the_runs():
    q = Quadratic((1.0, 49.0))
    data = widgets.momentum_explorer_data(q, 0.02, 0.5, [-2.0, 2.0], 80)
    k = np.arange(81)
    for (label, loss), rho in zip(data["losses"].items(), (data["gd_rate"], data["rate"]),
                                  strict=True):
        envelope = data["predicted"][label]
        assert envelope[0] == pytest.approx(q.value(np.array([-2.0, 2.0])))
        np.testing.assert_allclose(envelope, envelope[0] * rho ** (2 * k), rtol=1e-12)
        slope = np.polyfit(k[30:], np.log(loss[30:]), 1)[0]
        assert slope == pytest.approx(2 * np.log(rho), abs=0.03), label
    explorer = widgets.momentum_explorer(steps=30)
    loss_ax = explorer.figure.axes[1]
    assert any("theory" in t.get_text() for t in loss_ax.get_legend().get_texts())
    assert "factor ρ" in suptitle(explorer)
