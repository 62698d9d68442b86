"""lrcourse.widgets.vanishing: per-layer gradients of fresh networks and their prediction; the
explorer builds headless and redraws."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_sigmoid_gradients_vanish_and_relu_he_keeps_them():
    sig = widgets.gradient_explorer_data("sigmoid", "xavier", depth=6, replicates=3)
    relu = widgets.gradient_explorer_data("relu", "he", depth=6, replicates=3)
    assert sig["grad_norm"].shape == (3, 6) and sig["predicted"].shape == (6,)
    ratio = np.median(sig["grad_norm"][:, 0]) / np.median(sig["grad_norm"][:, -1])
    assert ratio < 0.25**5 * 2  # at least about fourfold per layer
    assert sig["predicted"][0] / sig["predicted"][-1] == pytest.approx(ratio, rel=1.0)
    assert np.all(sig["factor"] < 0.25)
    np.testing.assert_allclose(relu["factor"], 1.0)
    relu_ratio = np.median(relu["grad_norm"][:, 0]) / np.median(relu["grad_norm"][:, -1])
    assert 0.1 < relu_ratio < 10


def test_the_prediction_goes_through_the_last_layer_and_pre_activations_are_the_first_net():
    data = widgets.gradient_explorer_data("tanh", "normal", depth=3, init_std=1.0, width=8,
                                          replicates=4)
    assert data["predicted"][-1] == pytest.approx(np.median(data["grad_norm"][:, -1]))
    assert data["pre_first"].shape == (256 * 8,) and data["pre_last"].shape == (256 * 8,)
    assert np.std(data["pre_first"]) > 3  # a large gain spreads the inputs


def test_gradient_explorer_builds_and_redraws():
    explorer = widgets.gradient_explorer(depth=4)
    grad_ax = explorer.figure.axes[0]
    assert len(grad_ax.get_lines()[0].get_xdata()) == 4
    assert suptitle(explorer).startswith("sigmoid, xavier init, 4 layers")
    std = explorer._widgets["init_std"]
    assert std.layout.display == "none"
    explorer.set(activation="relu", init="normal", init_std=0.1, depth=6)
    assert std.layout.display is None
    assert suptitle(explorer).startswith("relu, normal(0.1) init, 6 layers")
    assert len(explorer.figure.axes[0].get_lines()[0].get_xdata()) == 6
    assert explorer.error is None
    with pytest.raises(ValueError, match="activation must be one of"):
        widgets.gradient_explorer(activation="elu")
