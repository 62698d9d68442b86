"""lrcourse.plots.plateaus: saturation, measured against predicted, escape epochs and layer
gradients draw what they are given."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrcourse import nn, plots, theory


def new_ax():
    return Figure().subplots()


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_saturation_draws_the_function_its_derivative_and_the_flat_regions(name):
    ax = plots.saturation(name, ax=new_ax(), fraction=0.01, zmax=8.0)
    f, d = ax.get_lines()[:2]
    np.testing.assert_allclose(f.get_ydata(), nn.activation(name, f.get_xdata()))
    np.testing.assert_allclose(d.get_ydata(), nn.activation_grad(name, d.get_xdata()))
    edge = theory.saturation_threshold(name, 0.01)
    spans = ax.patches
    assert len(spans) == 2
    xs = [x for p in spans for x in (p.get_x(), p.get_x() + p.get_width())]
    assert min(abs(x + edge) for x in xs) < 1e-9 and min(abs(x - edge) for x in xs) < 1e-9
    assert "0.25" in d.get_label() if name == "sigmoid" else "1" in d.get_label()


def test_saturation_without_flat_region_in_view():
    ax = plots.saturation("sigmoid", ax=new_ax(), zmax=3.0)
    assert len(ax.patches) == 0


def test_measured_vs_predicted_draws_the_diagonal_and_each_series():
    ax = plots.measured_vs_predicted({"a": ([1.0, 10.0], [1.1, 12.0]), "b": ([5.0], [4.0])},
                                     ax=new_ax())
    labels = [ln.get_label() for ln in ax.get_lines()]
    assert labels == ["measured = predicted", "a", "b"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [1.1, 12.0])
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert ax.get_xlim()[0] < 1.0 and ax.get_xlim()[1] > 12.0


def test_escape_epochs_puts_the_never_runs_in_their_own_column():
    ax = plots.escape_epochs({"slow": [np.inf, np.inf, 5.0], "fast": [1.0, 2.0, 1.0]}, 10,
                             ax=new_ax())
    slow_done, slow_never, fast_done, fast_never = ax.get_lines()[:4]
    assert list(slow_done.get_xdata()) == [5.0]
    assert len(slow_never.get_xdata()) == 2 and slow_never.get_xdata()[0] > 10
    assert len(fast_done.get_xdata()) == 3 and len(fast_never.get_xdata()) == 0
    assert [t.get_text() for t in ax.texts] == ["2/3", "0/3"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["fast", "slow"]
    with pytest.raises(ValueError, match="results"):
        plots.escape_epochs({"a": [11.0]}, 10, ax=new_ax())


def test_layer_gradients_draws_median_band_and_prediction():
    norms = np.array([[1e-4, 1e-2, 1.0], [3e-4, 3e-2, 2.0], [2e-4, 2e-2, 1.5]])
    ax = plots.layer_gradients({"sigmoid": norms}, ax=new_ax(),
                               predicted={"sigmoid": [1e-4, 1e-2, 1.0]})
    median, prediction = ax.get_lines()[:2]
    np.testing.assert_allclose(median.get_ydata(), [2e-4, 2e-2, 1.5])
    np.testing.assert_allclose(prediction.get_ydata(), [1e-4, 1e-2, 1.0])
    np.testing.assert_array_equal(median.get_xdata(), [1, 2, 3])
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="predicted"):
        plots.layer_gradients({"a": norms}, ax=new_ax(), predicted={"b": [1.0, 1.0, 1.0]})
