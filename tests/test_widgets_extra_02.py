"""lrcourse.widgets.minibatch_explorer (chapter 2): SGD on the noisy quadratic with the noise of a
minibatch of B examples; the floor, the update count and the closed-form noise-free curve are
checked against hand-derived values, and the explorer builds and redraws headless."""

import numpy as np
import pytest

from lrcourse import widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_without_noise_the_run_is_gradient_descent_in_closed_form():
    h = widgets.NQM_EIGENVALUES
    data = widgets.minibatch_explorer_data(0.5, 16, examples=800, noise=0.0)
    k = np.arange(51)[:, None]
    expected = 0.5 * (h * (1 - 0.5 * h) ** (2 * k)).sum(axis=1)
    assert data["steps"] == 50
    np.testing.assert_allclose(data["clean_loss"], expected, rtol=1e-12)
    np.testing.assert_allclose(data["loss"], expected, rtol=1e-12)  # sigma = 0: no noise at all


def test_budget_of_examples_sets_the_number_of_updates():
    for batch_size, steps in [(4, 800), (32, 100), (256, 12)]:
        data = widgets.minibatch_explorer_data(0.3, batch_size)
        assert data["steps"] == steps and data["loss"].shape == (steps + 1,)
        assert data["noise_scale"] == pytest.approx(0.3 / batch_size)


def test_floor_is_the_stationary_mean_with_noise_over_sqrt_b():
    h, eta, B, sigma1 = widgets.NQM_EIGENVALUES, 0.5, 8, 2.0
    data = widgets.minibatch_explorer_data(eta, B, examples=8 * 8000, noise=sigma1)
    # E[theta_i^2] = eta sigma_B^2 / (2 - eta h_i), sigma_B^2 = sigma1^2 / B
    floor = 0.5 * np.sum(h * eta * (sigma1**2 / B) / (2 - eta * h))
    assert data["floor"] == pytest.approx(floor, rel=1e-12)
    assert data["settled"] == pytest.approx(floor, rel=0.1)       # the run does settle there
    assert data["settled"] == pytest.approx(data["loss"][-2000:].mean())


def test_same_rate_over_batch_gives_about_the_same_floor():
    small = widgets.minibatch_explorer_data(0.1, 8)["floor"]
    scaled = widgets.minibatch_explorer_data(0.4, 32)["floor"]       # linear scaling: x4, x4
    larger_batch = widgets.minibatch_explorer_data(0.1, 32)["floor"]
    # equal to first order in eta; the 2 - eta h of the exact floor makes 4 eta ~10 % worse
    assert scaled == pytest.approx(small, rel=0.11) and scaled > small
    assert larger_batch == pytest.approx(small / 4, rel=1e-12)


def test_no_floor_from_two_over_L_and_divergence_beyond():
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
def test_data_refuses_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        widgets.minibatch_explorer_data(*args)


def test_explorer_draws_both_curves_and_the_floor_and_redraws():
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


def test_explorer_refuses_a_batch_size_off_its_slider():
    with pytest.raises(ValueError, match="minibatch_explorer: batch_size must be one of"):
        widgets.minibatch_explorer(batch_size=10)
