"""lrcourse.plots.loss_curves(ylim=...) (chapter 2): a fixed loss range, so a blow-up or a few
extreme minibatch losses do not squeeze the other curves; bad ranges are refused."""

import numpy as np
import pytest

from lrcourse import plots


def test_loss_curves_ylim_sets_the_range_and_keeps_every_value_drawn():
    blow_up = np.array([1.0, 50.0, 1e4, np.inf])
    spiky = np.array([1.0, 0.5, 1e-11, 0.2])
    ax = plots.loss_curves({"blow-up": blow_up, "spiky": spiky}, ylim=(1e-3, 1e5))
    assert ax.get_ylim() == pytest.approx((1e-3, 1e5))
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), spiky)  # clipped by the view only


def test_loss_curves_without_ylim_fits_the_values():
    ax = plots.loss_curves({"spiky": np.array([1.0, 0.5, 1e-11, 0.2])})
    assert ax.get_ylim()[0] < 1e-11


def test_loss_curves_ylim_on_a_linear_axis_may_include_zero():
    ax = plots.loss_curves({"a": np.array([1.0, -0.5, 0.2])}, logy=False, ylim=(-1.0, 2.0))
    assert ax.get_ylim() == pytest.approx((-1.0, 2.0))


@pytest.mark.parametrize(
    ("ylim", "logy", "exc", "match"),
    [((1.0, 0.1), True, ValueError, r"ylim must be \(low, high\) with low < high"),
     ((0.0, 1.0), True, ValueError, r"ylim must be .* and low > 0 on a log axis"),
     ((1.0,), True, ValueError, r"ylim must be a pair \(low, high\) or None"),
     ("ab", True, ValueError, r"ylim must be a pair"),
     ((0.1, np.inf), True, ValueError, "ylim must be a finite real number"),
     ((0.1, "1"), True, TypeError, "ylim must be a finite real number")],
)
def test_loss_curves_refuses_a_bad_ylim(ylim, logy, exc, match):
    with pytest.raises(exc, match=f"plots.loss_curves: {match}"):
        plots.loss_curves({"a": np.array([1.0, 0.5])}, logy=logy, ylim=ylim)
