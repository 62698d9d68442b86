"""lrcourse.widgets.adaptive: one optimizer on a valley with its per-coordinate rates; the data
function computes what it claims, the explorer builds headless and redraws."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import widgets
from lrcourse.optimizers import AdaGrad

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_adagrad_rates_are_kappa_apart_from_a_symmetric_start_and_equal_when_rotated():
    axis = widgets.adaptive_explorer_data("adagrad", 0.0, x0=(-2.0, 2.0), kappa=20.0)
    assert axis["rates"][-1, 0] / axis["rates"][-1, 1] == pytest.approx(20.0, rel=1e-6)
    rotated = widgets.adaptive_explorer_data("adagrad", 45.0, x0=(-2.5, 1.0))
    assert rotated["rates"][-1, 0] / rotated["rates"][-1, 1] == pytest.approx(1.0, abs=0.1)
    assert axis["loss"][-1] < 1e-12 * axis["loss"][0]


def test_data_is_the_optimizer_run_and_its_effective_lr():
    data = widgets.adaptive_explorer_data("adagrad", 30.0, lr=0.5, steps=5)
    x = np.array([-2.0, 1.0])
    opt = AdaGrad(0.5)
    for k in range(5):
        opt.step(x, data["surface"].grad(x))
        np.testing.assert_allclose(data["path"][k + 1], x)
        np.testing.assert_allclose(data["rates"][k], opt.effective_lr()[0])
    sgd = widgets.adaptive_explorer_data("sgd", 0.0)
    assert np.all(sgd["rates"] == widgets.ADAPTIVE_OPTIMIZERS["sgd"][1])
    assert "SGD" in sgd["title"] and "0°" in sgd["title"]


def test_a_diverging_run_is_reported():
    data = widgets.adaptive_explorer_data("sgd", 0.0, lr=0.5, steps=60)
    assert "diverges" in data["title"]


@pytest.mark.parametrize("kwargs", [
    {"optimizer": "lbfgs"}, {"angle": 120.0}, {"angle": float("nan")}, {"lr": 0.0},
    {"steps": 0}, {"kappa": 0.5}, {"x0": (1.0, 2.0, 3.0)}, {"x0": (np.inf, 0.0)},
])
def test_data_refuses_bad_input(kwargs):
    with pytest.raises((ValueError, TypeError)):
        widgets.adaptive_explorer_data(**kwargs)


def test_explorer_builds_headless_shows_one_rate_slider_and_redraws():
    explorer = widgets.adaptive_explorer()
    assert explorer.values["optimizer"] == "adagrad" and explorer.values["angle"] == 0
    shown = [w for w in explorer.controls.children if w.layout.display != "none"]
    assert [w.description for w in shown] == ["optimizer", "angle °", "η AdaGrad"]
    assert "AdaGrad" in suptitle(explorer)
    explorer.set(optimizer="adam", angle=45)
    assert "Adam" in suptitle(explorer) and "45°" in suptitle(explorer)
    shown = [w for w in explorer.controls.children if w.layout.display != "none"]
    assert shown[-1].description == "η Adam"
    assert explorer.figure.get_size_inches()[0] <= 9.0
    with pytest.raises(ValueError):
        widgets.adaptive_explorer(angle=10.0)
