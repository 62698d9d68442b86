"""lrcourse.plots._style: the colour-blind-safe palette, the style context, and log axes that
label what is needed to read a value."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lrcourse import plots
from lrcourse.plots._style import _power_of_ten


def test_palette_is_okabe_ito_and_series_differ_in_greyscale():
    okabe_ito = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
                 "#cc79a7"}
    assert {c.lower() for c in plots.COLORS} == okabe_ito
    assert len(set(map(str, plots.LINESTYLES))) == len(plots.COLORS)
    assert len(set(plots.MARKERS)) == len(plots.COLORS)


def test_style_context_sets_and_restores_rc():
    before = matplotlib.rcParams["font.size"]
    with plots.style():
        assert matplotlib.rcParams["font.size"] == plots.RC["font.size"]
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert matplotlib.rcParams["font.size"] == before


def test_log_axis_labels_are_plain_text_powers_of_ten():
    ax = plots.sweep_result([1e-3, 1e-2, 1e-1], [0.5, 0.2, 0.3])
    ax.figure.canvas.draw()
    labels = {t.get_text() for t in ax.get_xticklabels() if t.get_text()}
    assert {"10⁻³", "10⁻²", "10⁻¹"} <= labels
    assert not any("$" in label for label in labels)
    assert _power_of_ten(0.2) == "2×10⁻¹" and _power_of_ten(3e4) == "3×10⁴"
    with pytest.raises(ValueError, match="axis must be one of 'x', 'y'"):
        plots.log_axis(ax, "z")


def _labels_in_view(low: float, high: float) -> list[str]:
    _, ax = plt.subplots()
    ax.plot([low, high], [1, 2])
    plots.log_axis(ax, "x")
    ax.figure.canvas.draw()
    left, right = ax.get_xlim()
    ticks = zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
    return [label.get_text() for label, x in ticks if label.get_text() and left <= x <= right]


def test_log_axis_labels_what_is_needed_to_read_a_value():
    # at most one power of ten in view: labelled ticks at 2, 3 and 5 times the powers
    assert _labels_in_view(0.15, 0.9) == ["2×10⁻¹", "3×10⁻¹", "5×10⁻¹"]
    assert _labels_in_view(0.02, 0.35) == ["2×10⁻²", "3×10⁻²", "5×10⁻²", "10⁻¹", "2×10⁻¹",
                                           "3×10⁻¹"]
    # two powers of ten in view: 1, 2 and 5 times them
    assert _labels_in_view(0.08, 1.2) == ["10⁻¹", "2×10⁻¹", "5×10⁻¹", "10⁰"]
    # four decades: the powers of ten only, the 2 and 5 ticks unlabelled
    assert _labels_in_view(1e-4, 1.0) == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    # more than seven powers of ten: every other one
    assert _labels_in_view(1e-8, 1.0) == ["10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "10⁰"]


def test_rate_ticks_label_the_axis_at_the_rates_of_a_grid():
    grid = 0.025 * 2.0 ** np.arange(7)
    ax = plots.sweep_result(grid, np.linspace(0.3, 0.2, 7), logy=False)
    plots.rate_ticks(ax, grid)
    ax.figure.canvas.draw()
    np.testing.assert_allclose(ax.get_xticks(), grid)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "0.025", "0.05", "0.1", "0.2", "0.4", "0.8", "1.6"]
    assert len(ax.get_xticks(minor=True)) == 0
    with pytest.raises(ValueError, match=r"plots.rate_ticks: rates must be positive, got 0.0"):
        plots.rate_ticks(ax, [0.0, 0.1])
    with pytest.raises(ValueError, match="axis must be one of 'x', 'y'"):
        plots.rate_ticks(ax, grid, axis="z")
