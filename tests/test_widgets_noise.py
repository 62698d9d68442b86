"""lrcourse.widgets.noise: a schedule against a constant rate, and the minibatch explorer (SGD on
the noisy quadratic with the noise of a minibatch of B examples: the floor, the update count
and the closed-form noise-free curve against hand-derived values); the explorers build
headless and redraw."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_schedule_explorer_data_decay_beats_the_constant_peak():
    data = widgets.schedule_explorer_data("cosine", steps=400)
    np.testing.assert_array_equal(data["k"], np.arange(400))
    assert data["peak_lr"] == data["lr"][0] == 0.5
    assert data["loss"].shape == data["constant_loss"].shape == (401,)
    np.testing.assert_array_equal(data["constant_loss"], widgets.noisy_quadratic_sgd(0.5, 400))
    assert data["loss"][-1] < 0.2 * data["constant_loss"][-1]


def test_schedule_explorer_shows_only_the_kinds_sliders_and_redraws():
    explorer = widgets.schedule_explorer("step", steps=100)
    shown = {name for name, w in explorer._widgets.items() if w.layout.display != "none"}
    assert shown == {"kind", "lr", "step_size", "gamma"}
    assert explorer.figure.axes[0].get_legend_handles_labels()[1] == ["step", "constant"]
    explorer.set(kind="exponential")
    shown = {name for name, w in explorer._widgets.items() if w.layout.display != "none"}
    assert shown == {"kind", "lr", "gamma_per_step"}
    assert suptitle(explorer).startswith("ExponentialDecay")
    for kind in widgets.SCHEDULE_KINDS:  # every kind draws with the sliders' values
        explorer.set(kind=kind)
        assert len(explorer.figure.axes) == 2


def test_values_the_schedules_refuse_show_the_error_in_the_picture():
    explorer = widgets.schedule_explorer("cyclic_triangular", steps=100)
    assert explorer.error is None
    explorer.set(base_lr=0.8, max_lr=0.1)
    assert explorer.error.startswith("CyclicLR: max_lr must be > base_lr")
    (text,) = explorer.figure.texts
    assert explorer.error in text.get_text() and explorer.figure.axes == []
    explorer.set(max_lr=1.0)
    assert explorer.error is None and len(explorer.figure.axes) == 2
    explorer.set(kind="multistep", milestones=(50, 50))
    assert "milestones must be a sequence of strictly increasing" in explorer.error


def test_minibatch_without_noise_the_run_is_gradient_descent_in_closed_form():
    h = widgets.NQM_EIGENVALUES
    data = widgets.minibatch_explorer_data(0.5, 16, examples=800, noise=0.0)
    k = np.arange(51)[:, None]
    expected = 0.5 * (h * (1 - 0.5 * h) ** (2 * k)).sum(axis=1)
    assert data["steps"] == 50
    np.testing.assert_allclose(data["clean_loss"], expected, rtol=1e-12)
    np.testing.assert_allclose(data["loss"], expected, rtol=1e-12)  # sigma = 0: no noise at all


def test_minibatch_budget_of_examples_sets_the_number_of_updates():
    for batch_size, steps in [(4, 800), (32, 100), (256, 12)]:
        data = widgets.minibatch_explorer_data(0.3, batch_size)
        assert data["steps"] == steps and data["loss"].shape == (steps + 1,)
        assert data["noise_scale"] == pytest.approx(0.3 / batch_size)


def test_minibatch_floor_is_the_stationary_mean_with_noise_over_sqrt_b():
    h, eta, B, sigma1 = widgets.NQM_EIGENVALUES, 0.5, 8, 2.0
    data = widgets.minibatch_explorer_data(eta, B, examples=8 * 8000, noise=sigma1)
    # E[theta_i^2] = eta sigma_B^2 / (2 - eta h_i), sigma_B^2 = sigma1^2 / B
    floor = 0.5 * np.sum(h * eta * (sigma1**2 / B) / (2 - eta * h))
    assert data["floor"] == pytest.approx(floor, rel=1e-12)
    assert data["settled"] == pytest.approx(floor, rel=0.1)       # the run does settle there
    assert data["settled"] == pytest.approx(data["loss"][-2000:].mean())


def test_minibatch_same_rate_over_batch_gives_about_the_same_floor():
    small = widgets.minibatch_explorer_data(0.1, 8)["floor"]
    scaled = widgets.minibatch_explorer_data(0.4, 32)["floor"]       # linear scaling: x4, x4
    larger_batch = widgets.minibatch_explorer_data(0.1, 32)["floor"]
    # equal to first order in eta; the 2 - eta h of the exact floor makes 4 eta ~10 % worse
    assert scaled == pytest.approx(small, rel=0.11) and scaled > small
    assert larger_batch == pytest.approx(small / 4, rel=1e-12)


def test_minibatch_no_floor_from_two_over_L_and_divergence_beyond():
    at_limit = widgets.minibatch_explorer_data(2.0, 64)
    assert at_limit["floor"] == np.inf and "no floor" in at_limit["title"]
    beyond = widgets.minibatch_explorer_data(2.2, 64)
    assert beyond["diverged"] and np.isnan(beyond["settled"]) and "diverged" in beyond["title"]
    assert np.isinf(beyond["clean_loss"][-1])
    assert not widgets.minibatch_explorer_data(1.9, 64, noise=0.0)["diverged"]


@pytest.mark.parametrize(
    ("args", "match"),
    [((0.0, 8), "minibatch_explorer_data: lr must be"),
     ((0.1, 0), "minibatch_explorer_data: batch_size must be"),
     ((0.1, 64, 32), "minibatch_explorer_data: examples must be"),
     ((0.1, 8, 3200, -1.0), "minibatch_explorer_data: noise must be")],
)
def test_minibatch_data_refuses_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        widgets.minibatch_explorer_data(*args)


def test_minibatch_explorer_draws_both_curves_and_the_floor_and_redraws():
    explorer = widgets.minibatch_explorer()
    ax = explorer.figure.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["minibatch of 8", "no noise (full batch)"] and "noise floor" in labels
    assert ax.get_yscale() == "log"
    assert "η = 0.5, B = 8: η/B = 0.0625, 400 updates" in explorer.figure.get_suptitle()
    explorer.set(batch_size=32)
    assert "B = 32" in explorer.figure.get_suptitle()
    assert "minibatch of 32" in [line.get_label() for line in explorer.figure.axes[0].get_lines()]
    explorer.set(lr=2.2)
    assert "diverged" in explorer.figure.get_suptitle()


def test_minibatch_explorer_refuses_a_batch_size_off_its_slider():
    with pytest.raises(ValueError, match="minibatch_explorer: batch_size must be one of"):
        widgets.minibatch_explorer(batch_size=10)
