"""Tests of lrcourse.finder: suggestion rules, the LR range test, grid search."""

import numpy as np
import pytest

from lrcourse.finder import LRFinderResult, suggest_lr

# --------------------------------------------------------------------------------------------
# suggestion rules on constructed curves
# --------------------------------------------------------------------------------------------


def test_minimum_is_a_tenth_of_the_rate_at_the_lowest_loss():
    lrs = np.logspace(-5, 1, 61)
    losses = (np.log10(lrs) + 1.0) ** 2  # lowest at lr = 0.1
    assert suggest_lr(lrs, losses, "minimum") == pytest.approx(0.01)


def test_steep_is_where_the_loss_falls_fastest_against_log_lr():
    lrs = np.logspace(-4, 0, 41)
    u = np.log(lrs)
    # a smooth step down centred at log(1e-2): the slope is most negative exactly there
    losses = 2.0 - np.tanh((u - np.log(1e-2)) / 0.8)
    assert suggest_lr(lrs, losses, "steep") == pytest.approx(1e-2)
    # a piecewise-linear curve: flat, then slope -1, then slope -3 on [10, 14], then rising
    losses = np.concatenate([np.full(5, 10.0), 10.0 - np.arange(1, 6), 5.0 - 3 * np.arange(1, 5),
                             -7.0 + np.arange(1, 28)])
    lrs = np.logspace(-4, 0, len(losses))
    assert lrs[11] <= suggest_lr(lrs, losses, "steep") <= lrs[13]


def test_valley_by_construction():
    # flat (equal, so not decreasing) for 10 points, strictly decreasing on indices 9..39
    # (31 points), then rising: the longest decreasing subsequence ends at e = 39 with length
    # 31, so fastai's start is s = 8, d = 31 / 3 and the index is 8 + 10 + 5 = 23
    losses = np.concatenate([np.full(10, 3.0), 3.0 - 0.05 * np.arange(1, 31),
                             1.5 + 0.2 * np.arange(1, 21)])
    lrs = np.logspace(-6, 0, len(losses))
    assert suggest_lr(lrs, losses, "valley") == lrs[23]
    # a noisy bump inside the descent does not break the valley (a subsequence may skip it)
    bumpy = losses.copy()
    bumpy[20] += 0.3
    # (it drops one point: length 30 ending at 39, s = 9, d = 10, index 9 + 10 + 5 = 24)
    assert suggest_lr(lrs, bumpy, "valley") == lrs[24]


def test_valley_on_a_curve_that_only_decreases():
    losses = np.linspace(1.0, 0.0, 12)
    lrs = np.logspace(-3, 0, 12)
    # length 12 ending at 11: s = -1, d = 4, index -1 + 4 + 2 = 5
    assert suggest_lr(lrs, losses, "valley") == lrs[5]
    # fastai's formula gives -1 for two points; the index is kept at 0
    assert suggest_lr(lrs[:2], losses[:2], "valley") == lrs[0]


def test_suggest_trims_like_fastai():
    lrs = np.logspace(-7, 1, 100)
    smoothed = (np.log10(lrs) + 2.0) ** 2  # lowest at 1e-2, rising after
    smoothed[-5:] = np.inf  # the last five (trimmed) are ignored even when not finite
    res = LRFinderResult(lrs=lrs, losses=smoothed, smoothed=smoothed, stopped_early=False,
                         num_steps=100)
    assert res.suggest("minimum") == pytest.approx(lrs[np.argmin(smoothed)] / 10)
    # a minimum in the first 10 % (the noisy start) is ignored
    early = smoothed.copy()
    early[3] = -1.0
    res = LRFinderResult(lrs=lrs, losses=early, smoothed=early, stopped_early=False,
                         num_steps=100)
    assert res.suggest("minimum") == pytest.approx(lrs[np.argmin(smoothed)] / 10)
    short = LRFinderResult(lrs=lrs[:15], losses=smoothed[:15], smoothed=smoothed[:15],
                           stopped_early=True, num_steps=100)
    with pytest.raises(ValueError, match=r"LRFinderResult\.suggest: the curve must be at least 2"):
        short.suggest()


def test_suggest_lr_bad_input():
    lrs = np.logspace(-3, 0, 10)
    loss = np.linspace(1.0, 0.0, 10)
    with pytest.raises(ValueError, match="suggest_lr: method must be one of 'valley', 'steep'"):
        suggest_lr(lrs, loss, "fastest")
    with pytest.raises(ValueError, match=r"suggest_lr: smoothed must be of shape \(10,\)"):
        suggest_lr(lrs, loss[:-1], "valley")
    with pytest.raises(ValueError, match="suggest_lr: lrs must be positive and strictly incr"):
        suggest_lr(lrs[::-1], loss, "valley")
    with pytest.raises(ValueError, match="suggest_lr: smoothed must be finite"):
        suggest_lr(lrs, np.full(10, np.nan), "valley")
    with pytest.raises(ValueError, match="suggest_lr: lrs must be at least 2 rates"):
        suggest_lr(lrs[:1], loss[:1], "valley")
