"""plots.lr_finder's ylim (chapter 3 shows raw losses below the lagging smoothed curve)."""

import numpy as np
import pytest

from lrcourse import plots
from lrcourse.finder import LRFinderResult


def _result() -> LRFinderResult:
    lrs = np.logspace(-3, 0, 40)
    losses = np.concatenate([np.linspace(2.0, 0.2, 30), np.linspace(0.5, 9.0, 10)])
    smoothed = losses + 0.5  # stands in for a lagging average: the raw curve goes lower
    return LRFinderResult(lrs=lrs, losses=losses, smoothed=smoothed, stopped_early=True,
                          num_steps=40)


def test_lr_finder_default_range_hides_raw_losses_below_the_smoothed_minimum() -> None:
    ax = plots.lr_finder(_result(), suggestions=())
    low, high = ax.get_ylim()
    assert low > 0.2  # the raw minimum is cut off by default
    assert high == pytest.approx(1.5 * 2.5)


def test_lr_finder_ylim_sets_the_loss_axis() -> None:
    ax = plots.lr_finder(_result(), suggestions=(), ylim=(0.0, 4.0))
    assert ax.get_ylim() == (0.0, 4.0)


@pytest.mark.parametrize("bad", [(1.0,), (2.0, 1.0), (0.0, np.inf), "ab", 3.0])
def test_lr_finder_refuses_a_bad_ylim(bad) -> None:
    with pytest.raises((TypeError, ValueError), match=r"plots.lr_finder: ylim must be"):
        plots.lr_finder(_result(), suggestions=(), ylim=bad)
