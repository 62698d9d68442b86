"""lrcourse.widgets.saddles: runs near a saddle, and the explorer."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import theory, widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_gradient_descent_on_the_stable_manifold_stays_at_the_saddle():
    on = widgets.saddle_explorer_data(offset=0.0, steps=400)
    assert on["near"] > 380 and np.linalg.norm(on["path"][-1]) < 1e-10
    near = widgets.saddle_explorer_data(offset=1e-6, steps=400)
    assert np.linalg.norm(near["path"][-1] - [0.0, 1.0]) < 1e-3  # left for a minimum


def test_time_near_the_saddle_follows_the_log_of_the_offset():
    near = {d: widgets.saddle_explorer_data(offset=d, steps=600)["near"]
            for d in (1e-9, 1e-6, 1e-3)}
    per_decade = np.log(10) / np.log1p(0.05)  # |lambda_min| = 1, eta = 0.05
    assert near[1e-9] - near[1e-6] == pytest.approx(3 * per_decade, abs=3)
    assert near[1e-6] - near[1e-3] == pytest.approx(3 * per_decade, abs=3)
    assert theory.saddle_growth_factor(1.0, 0.05) == pytest.approx(1.05)


def test_noise_leaves_the_manifold_and_adam_does_not_come_near():
    noisy = widgets.saddle_explorer_data(method="noisy GD (σ = 0.01)", offset=0.0)
    assert np.abs(noisy["path"][-1, 1]) > 0.9
    adam = widgets.saddle_explorer_data(method="Adam", offset=1e-6)
    assert adam["near"] < 5
    again = widgets.saddle_explorer_data(method="noisy GD (σ = 0.01)", offset=0.0)
    assert np.array_equal(noisy["path"], again["path"])  # seeded


def test_unbounded_surface_stops_cleanly():
    run = widgets.saddle_explorer_data(surface="x² − y²", offset=1e-3, steps=400)
    assert run["diverged"] and run["path"].shape[0] < 401


def test_saddle_explorer_builds_and_redraws():
    explorer = widgets.saddle_explorer(steps=100)
    assert "100 iterates" not in suptitle(explorer)
    assert "of 101 iterates" in suptitle(explorer)
    before = explorer.png()
    explorer.set(method="Adam")
    assert "Adam" in suptitle(explorer) and explorer.error is None
    assert explorer.png() != before
    with pytest.raises(ValueError, match="offset"):
        explorer.set(offset=0.5)
