"""lrcourse.plots.networks: activation histograms and dead-unit fractions."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import legend_texts

from lrcourse import MLP, plots


def test_activation_histograms_one_panel_per_layer_titled_by_dead_fraction():
    X = np.random.default_rng(0).normal(size=(64, 4))
    net = MLP((4, 16, 8, 2), seed=0)
    fig, axes = plots.activation_histograms(net, X)
    assert len(axes) == 2 and len(fig.axes) == 2
    dead = net.dead_fraction(X)
    assert [ax.get_title() for ax in axes] == [f"layer {i + 1}: {100 * d:.0f}% dead"
                                               for i, d in enumerate(dead)]
    counts = [sum(p.get_height() for p in ax.patches) for ax in axes]
    assert counts == [64 * 16, 64 * 8]  # every activation counted once


def test_activation_histograms_all_dead_network_and_given_axes():
    X = np.random.default_rng(0).normal(size=(32, 4))
    net = MLP((4, 8, 2), init="normal", init_std=0.01, bias_init=-5.0, seed=0)
    fig, ax = plt.subplots()
    out_fig, axes = plots.activation_histograms(net, X, ax=[ax], pre_activation=True, logy=True)
    assert out_fig is fig and axes[0] is ax
    assert ax.get_title() == "layer 1: 100% dead"
    assert ax.get_yscale() == "log" and "pre-activation" in ax.get_xlabel()
    with pytest.raises(ValueError, match="one Axes per hidden layer \\(1\\), got 2"):
        plots.activation_histograms(net, X, ax=[ax, ax])
    with pytest.raises(ValueError, match="single network"):
        plots.activation_histograms(MLP((4, 8, 2), n_models=3), X)
    with pytest.raises(TypeError, match="model must be an MLP"):
        plots.activation_histograms("net", X)


def test_dead_fractions_bars_per_layer():
    ax = plots.dead_fractions(np.array([0.25, 0.5, 1.0]))
    assert [p.get_height() for p in ax.patches] == [0.25, 0.5, 1.0]
    assert ax.get_xlabel() == "hidden layer"
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "25%"


def test_dead_fractions_curves_against_learning_rate():
    lrs = [1e-3, 1e-2, 1e-1]
    frac = np.array([[0.0, 0.1], [0.1, 0.2], [0.6, 0.9]])
    ax = plots.dead_fractions(frac, x=lrs, logx=True, xlabel="learning rate")
    assert ax.get_xscale() == "log"
    assert legend_texts(ax) == ["layer 1", "layer 2"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [0.1, 0.2, 0.9])
    with pytest.raises(ValueError, match="values in \\[0, 1\\]"):
        plots.dead_fractions(np.array([0.5, 1.5]))
    with pytest.raises(ValueError, match="one entry per row \\(3\\), got 2"):
        plots.dead_fractions(frac, x=[1, 2])
