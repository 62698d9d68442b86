"""lrcourse.widgets.relu: dead units at initialization and after training, and the explorer."""

import numpy as np
import pytest
from conftest import suptitle

from lrcourse import widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_relu_explorer_data_large_rate_kills_units():
    small = widgets.relu_explorer_data(lr=0.01)
    large = widgets.relu_explorer_data(lr=3.0)
    np.testing.assert_array_equal(small["dead_init"], large["dead_init"])  # same init
    assert large["dead_trained"].mean() > small["dead_trained"].mean() + 0.3
    assert len(large["activations"]) == 4 and large["activations"][0].shape[1] == 16
    assert small["loss"].shape == (50,) and not small["diverged"]


def test_relu_explorer_data_deep_narrow_born_dead_unless_rai():
    normal = widgets.relu_explorer_data(init="normal", depth=12, width=2, init_std=0.5)
    rai = widgets.relu_explorer_data(init="rai", depth=12, width=2)
    assert normal["born_dead"] and normal["dead_init"][-1] == 1.0
    assert not rai["born_dead"]


def test_relu_explorer_builds_and_redraws():
    explorer = widgets.relu_explorer(depth=3, width=8)
    dead_ax = explorer.figure.axes[0]
    assert len(dead_ax.patches) == 6  # 3 layers x (init, trained)
    explorer.set(depth=5, lr=3.0)
    assert len(explorer.figure.axes[0].patches) == 10
    assert "η = 3" in suptitle(explorer)
    std = explorer._widgets["init_std"]
    assert std.layout.display == "none"  # he init has no standard deviation to set
    explorer.set(init="normal", init_std=0.01)
    assert std.layout.display is None and suptitle(explorer).startswith("normal init")
    with pytest.raises(ValueError, match="init must be one of"):
        widgets.relu_explorer(init="orthogonal")
