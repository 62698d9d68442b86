"""Tests of lrcourse.finder: suggestion rules, the LR range test, grid search."""

import contextlib
import warnings

import numpy as np
import pytest

from lrcourse.data import digits
from lrcourse.finder import LRFinderResult, grid_search, lr_range_test, suggest_lr
from lrcourse.nn import MLP


@pytest.fixture(scope="module")
def data():
    return digits(seed=0)


@contextlib.contextmanager
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --------------------------------------------------------------------------------------------
# suggestion rules on constructed curves
# --------------------------------------------------------------------------------------------


def test_minimum_is_a_tenth_of_the_rate_at_the_lowest_loss():
    lrs = np.logspace(-5, 1, 61)
    losses = (np.log10(lrs) + 1.0) ** 2  # lowest at lr = 0.1
    assert suggest_lr(lrs, losses, "minimum") == pytest.approx(0.01)


def test_steep_is_the_left_point_of_the_steepest_pair_against_log_lr():
    lrs = np.logspace(-4, 0, 41)
    u = np.log(lrs)
    # a smooth step down centred half-way between the points 19 and 20: that pair falls
    # fastest, and the rule reads it at its left point, 19
    losses = 2.0 - np.tanh((u - (u[19] + u[20]) / 2) / 0.8)
    assert suggest_lr(lrs, losses, "steep") == lrs[19]
    # a piecewise-linear curve: flat, slope -1, one drop of 4 between the points 12 and 13,
    # then rising: the pair (12, 13) is the steepest, read at 12
    losses = np.concatenate([np.full(5, 10.0), 10.0 - np.arange(1, 9), [-2.0],
                             -1.0 + np.arange(1, 28)])
    lrs = np.logspace(-4, 0, len(losses))
    assert losses[13] - losses[12] == -4.0 and np.all(np.delete(np.diff(losses), 12) >= -1)
    assert suggest_lr(lrs, losses, "steep") == lrs[12]


@pytest.mark.parametrize(
    ("losses", "fastai", "central"),
    [
        # forward differences (one per pair, left point): -1, -0.1, -0.1, -2.3 -> index 3.
        # np.gradient (one-sided at the ends, central inside): -1, -0.55, -0.1, -1.2, -2.3 ->
        # index 4, the last point
        ([4.0, 3.0, 2.9, 2.8, 0.5], 3, 4),
        # forward: -0.1, -1.0, -0.95, -0.05 -> index 1; central: -0.1, -0.55, -0.975, -0.5,
        # -0.05 -> index 2, one point to the right
        ([3.0, 2.9, 1.9, 0.95, 0.9], 1, 2),
    ],
)
def test_steep_follows_fastai_where_central_differences_disagree(losses, fastai, central):
    # rates a decade apart, so every difference is divided by the same log(10); the expected
    # indices are worked out by hand above and agree with fastai's steep() run on these curves
    lrs = 10.0 ** np.arange(5)
    losses = np.array(losses)
    assert int(np.argmin(np.gradient(losses, np.log(lrs)))) == central  # the old rule differs
    assert suggest_lr(lrs, losses, "steep") == lrs[fastai]


def test_steep_divides_by_the_log_spacing_of_unevenly_spaced_rates():
    lrs = np.array([1.0, 2.0, 10.0, 20.0])
    # loss differences -0.3, -0.5, -0.1: the middle pair falls most, but it spans ln 5 of
    # log-rate against ln 2 for the others, so per unit of log(lr) the slopes are -0.43, -0.31
    # and -0.14, and the first pair is the steepest
    assert suggest_lr(lrs, np.array([1.0, 0.7, 0.2, 0.1]), "steep") == 1.0


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
    # fastai's formula gives -1 for two points (its last rate); the index is kept at 0
    assert suggest_lr(lrs[:2], losses[:2], "valley") == lrs[0]


def test_valley_is_the_longest_decreasing_subsequence_not_a_contiguous_stretch():
    # 4, 5, 3, 6, 2, 1.5: the longest contiguous decreasing stretch is 6, 2, 1.5 (indices 3 to
    # 5), but the longest decreasing subsequence is 4 (or 5), 3, 2, 1.5: four points ending at
    # index 5, so fastai's start is 5 - 4 = 1, d = 4/3, and the index is 1 + 1 + 0 = 2
    lrs = 10.0 ** np.arange(6)
    assert suggest_lr(lrs, np.array([4.0, 5.0, 3.0, 6.0, 2.0, 1.5]), "valley") == lrs[2]


def test_valley_corner_case_where_fastai_indexes_from_the_end():
    # 2, 1, 3, 4: the longest decreasing subsequence is 2, 1 (two points from the first one),
    # so fastai's start is 1 - 2 = -1, d = 2/3 and its index -1 + 0 + 0 = -1: Python then returns
    # fastai's *last* rate, 1000, the largest of the test. suggest_lr returns the first instead.
    lrs = 10.0 ** np.arange(4)
    assert suggest_lr(lrs, np.array([2.0, 1.0, 3.0, 4.0]), "valley") == lrs[0]
    # a curve that only rises has no decreasing pair: both give the first rate
    assert suggest_lr(lrs[:3], np.array([1.0, 2.0, 3.0]), "valley") == lrs[0]


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


# --------------------------------------------------------------------------------------------
# the range test
# --------------------------------------------------------------------------------------------


def test_range_test_restores_the_weights_and_stops_on_divergence(data):
    model = MLP((64, 32, 10), seed=0)
    arrays = list(model.params)
    before = model.get_params()
    with no_warnings():
        res = lr_range_test(model, data, optimizer_kwargs={"momentum": 0.9})
    for p, q, a in zip(model.params, before, arrays, strict=True):
        np.testing.assert_array_equal(p, q)
        assert p is a  # restored in place: references held elsewhere see the old weights
    assert res.stopped_early and len(res.lrs) < 100
    # stopped at the first step whose smoothed loss exceeds 4x the best so far
    best = np.minimum.accumulate(res.smoothed)
    assert res.smoothed[-1] > 4 * best[-1]
    assert np.all(res.smoothed[:-1] <= 4 * best[:-1])


def test_range_test_ramp_and_smoothing_by_definition(data):
    model = MLP((64, 32, 10), seed=0)
    res = lr_range_test(model, data, start_lr=1e-6, end_lr=1e-3, num_steps=30, beta=0.9)
    assert not res.stopped_early and len(res.lrs) == 30
    np.testing.assert_allclose(res.lrs, 1e-6 * 1000.0 ** (np.arange(30) / 30), rtol=1e-14)
    avg, expected = 0.0, []
    for i, loss in enumerate(res.losses):
        avg = 0.9 * avg + 0.1 * loss
        expected.append(avg / (1 - 0.9 ** (i + 1)))
    np.testing.assert_allclose(res.smoothed, expected, rtol=1e-14)
    assert res.smoothed[0] == res.losses[0]  # bias correction: the first value is unbiased
    lin = lr_range_test(model, data, start_lr=1e-4, end_lr=1e-2, num_steps=20, mode="linear")
    np.testing.assert_allclose(lin.lrs, 1e-4 + (1e-2 - 1e-4) * np.arange(20) / 20, rtol=1e-14)


def test_range_test_losses_are_those_of_the_ramp(data):
    """Step 0 sees the untrained model on the first shuffled minibatch; a tiny rate barely
    changes the loss afterwards, so the same seed gives the same first loss."""
    model = MLP((64, 32, 10), seed=0)
    res = lr_range_test(model, data, num_steps=10, batch_size=64, seed=3)
    perm = np.random.default_rng(3).permutation(len(data.X_train))[:64]
    expected = model.evaluate(data.X_train[perm], data.y_train[perm])[0]
    assert res.losses[0] == pytest.approx(expected, rel=1e-14)


def test_range_test_drops_the_last_incomplete_batch_like_fastai(data, monkeypatch):
    """fastai trains the range test on its training loader, which drops the last, incomplete
    batch (``drop_last=shuffle``): every minibatch has batch_size rows, a pass over the 1346
    training images at B = 64 is 21 minibatches (the last 2 images unseen), then reshuffle."""
    model = MLP((64, 32, 10), seed=0)
    rows = []
    original = model.loss_and_grads

    def spy(X, y):
        rows.append(X.copy())
        return original(X, y)

    monkeypatch.setattr(model, "loss_and_grads", spy)
    n, batch = len(data.X_train), 64
    assert n % batch == 2  # one incomplete batch per pass if it were kept
    lr_range_test(model, data, start_lr=1e-7, end_lr=1e-6, num_steps=50, batch_size=batch,
                  seed=5)
    assert len(rows) == 50 and all(len(r) == batch for r in rows)
    rng = np.random.default_rng(5)
    per_pass = n // batch  # 21
    for first in (0, per_pass, 2 * per_pass):  # the passes start at steps 0, 21 and 42
        perm = rng.permutation(n)
        count = min(per_pass, 50 - first)
        expected = data.X_train[perm[:count * batch]]
        np.testing.assert_array_equal(np.concatenate(rows[first:first + count]), expected)


def test_range_test_suggestion_agrees_with_grid_search(data):
    """The issue's requirement: on the same problem, each suggestion of the range test lies
    within one order of magnitude of the rate a grid search finds best."""
    model = MLP((64, 32, 10), seed=0)
    kwargs = {"momentum": 0.9}
    res = lr_range_test(model, data, optimizer_kwargs=kwargs)
    grid = grid_search(model, data, epochs=2, batch_size=32, optimizer_kwargs=kwargs)
    np.testing.assert_allclose(grid.lrs, np.logspace(-4, 0, 9))
    assert grid.best_lr is not None
    for method in ("valley", "steep", "minimum"):
        assert abs(np.log10(res.suggest(method) / grid.best_lr)) <= 1.0, method


def test_grid_search_picks_the_best_score(data):
    model = MLP((64, 32, 10), seed=0)
    lrs = np.array([1e-3, 3e-2, 1e3])
    with no_warnings():
        g = grid_search(model, data, lrs, epochs=1, optimizer_kwargs={"momentum": 0.9})
    assert g.metric == "val_loss"
    assert np.isnan(g.scores[2]) and g.history.diverged.tolist() == [False, False, True]
    np.testing.assert_array_equal(g.scores[:2], g.history.val_loss[-1, :2])
    assert g.best_lr == 3e-2 and g.scores[1] < g.scores[0]
    acc = grid_search(model, data, lrs, epochs=1, metric="val_acc",
                      optimizer_kwargs={"momentum": 0.9})
    assert acc.best_lr == 3e-2 and acc.scores[1] > acc.scores[0]
    none = grid_search(model, data, [1e3, 1e4], epochs=1)
    assert none.best_lr is None and np.all(np.isnan(none.scores))


def test_range_test_bad_input(data):
    model = MLP((64, 32, 10))
    with pytest.raises(ValueError, match="lr_range_test: end_lr must be greater than start_lr"):
        lr_range_test(model, data, start_lr=1.0, end_lr=0.1)
    with pytest.raises(ValueError, match="lr_range_test: start_lr must be a positive"):
        lr_range_test(model, data, start_lr=0.0)
    with pytest.raises(ValueError, match="lr_range_test: num_steps must be an integer >= 2, got 0"):
        lr_range_test(model, data, num_steps=0)
    with pytest.raises(ValueError, match=r"lr_range_test: beta must be in \[0, 1\)"):
        lr_range_test(model, data, beta=1.0)
    with pytest.raises(ValueError, match="lr_range_test: diverge_factor must be a finite number"):
        lr_range_test(model, data, diverge_factor=1.0)
    with pytest.raises(ValueError, match="lr_range_test: mode must be one of 'exp', 'linear'"):
        lr_range_test(model, data, mode="log")
    with pytest.raises(ValueError, match="lr_range_test: batch_size must be at most"):
        lr_range_test(model, data, batch_size=10_000)
    with pytest.raises(TypeError, match="lr_range_test: model must be a single lrcourse MLP"):
        lr_range_test(model.replicate(2), data)
    with pytest.raises(ValueError, match=r"lr_range_test: data\.X_train must be of shape"):
        lr_range_test(MLP((3, 2)), data)
    with pytest.raises(ValueError, match="lr_range_test: optimizer must be one of"):
        lr_range_test(model, data, optimizer="newton")
    with pytest.raises(ValueError, match="grid_search: metric must be one of 'val_loss'"):
        grid_search(model, data, metric="loss")
    with pytest.raises(ValueError, match=r"grid_search: lrs must be positive, got -0\.1"):
        grid_search(model, data, [0.1, -0.1])
    with pytest.raises(ValueError, match="grid_search: batch_size must be at most"):
        grid_search(model, data, batch_size=10_000)
    regression = MLP((64, 1), loss="mse")
    with pytest.raises(ValueError, match="grid_search: metric must be 'val_loss' for a regr"):
        grid_search(regression, data, metric="val_acc")


def test_good_rate_range_interpolates_the_ends_in_log_space():
    from lrcourse.finder import good_rate_range

    rates = np.array([1e-3, 1e-2, 1e-1, 1.0])
    # log-loss is linear between the rates: threshold 2 * 0.1 is crossed exactly
    losses = np.array([[0.8], [0.1], [0.4], [np.inf]])
    r = good_rate_range(rates, losses, factor=2.0)
    assert r.best_lr == 0.01 and not r.at_edge
    assert np.log10(r.low) == pytest.approx(-2 - np.log(2) / np.log(8))
    assert np.log10(r.high) == pytest.approx(-2 + np.log(2) / np.log(4))
    assert r.width == pytest.approx(np.log10(r.high / r.low)) and r.width_spread == 0.0
    # a diverged rate ends the range at the last good one; an edge is flagged
    r = good_rate_range(rates, np.array([[0.1, 0.1], [0.12, 0.1], [0.11, np.nan],
                                         [0.1, 0.1]]))
    assert r.low == 1e-3 and r.high == pytest.approx(1e-2) and r.at_edge


def test_good_rate_range_spread_is_over_the_replicates():
    from lrcourse.finder import good_rate_range

    rates = 10.0 ** np.arange(5)
    a = np.array([4.0, 1.0, 1.0, 1.0, 4.0])  # width 2 + 2 * (log 2 / log 4) = 3 decades
    b = np.array([4.0, 4.0, 1.0, 4.0, 4.0])  # width 2 * (log 2 / log 4) = 1 decade
    r = good_rate_range(rates, np.stack([a, b], axis=1))
    assert r.width_spread == pytest.approx(1.0)


@pytest.mark.parametrize(("lrs", "losses", "message"), [
    ([1e-3], [[1.0]], "lrs must be at least 2 increasing positive rates"),
    ([1e-2, 1e-3], [[1.0], [2.0]], "lrs must be at least 2 increasing"),
    ([1e-3, 1e-2], [[1.0, 2.0]], r"final_losses must be of shape \(2, R\)"),
    ([1e-3, 1e-2], [[0.0], [1.0]], "final_losses must be positive"),
    ([1e-3, 1e-2], [[np.inf], [np.nan]], "final_losses must be positive, with at least one"),
    ([1e-3, 1e-2], [[np.inf, 1.0], [1.0, np.inf]], "final_losses must be finite for every"),
])
def test_good_rate_range_refuses_bad_input(lrs, losses, message):
    from lrcourse.finder import good_rate_range

    with pytest.raises(ValueError, match=message):
        good_rate_range(lrs, losses)
    with pytest.raises(ValueError, match="factor must be a finite number > 1"):
        good_rate_range([1e-3, 1e-2], [[1.0], [2.0]], factor=1.0)


def test_grid_search_replicates_rank_by_the_mean_and_count_wins(data):
    model = MLP((64, 8, 10), seed=0)
    rates = np.array([1e-3, 0.1, 1e3])
    res = grid_search(model, data, rates, epochs=1, batch_size=256, replicates=3)
    assert res.scores.shape == (3, 3) and res.history.val_loss.shape == (2, 3, 3)
    assert np.all(np.isnan(res.scores[:, 2])) and res.history.diverged[:, 2].all()
    mean = res.scores[:, :2].mean(axis=0)
    assert res.best_lr == rates[np.argmin(mean)] == 0.1
    winners = np.argmin(np.where(np.isnan(res.scores), np.inf, res.scores), axis=1)
    assert res.wins.tolist() == np.bincount(winners, minlength=3).tolist() and res.wins.sum() == 3
    for r in range(3):  # replicate r is the grid of a fresh network of seed r, shuffled with r
        alone = grid_search(MLP((64, 8, 10), seed=r), data, rates[:2], epochs=1,
                            batch_size=256, seed=r)
        np.testing.assert_allclose(res.scores[r, :2], alone.scores, rtol=1e-10)
    plain = grid_search(model, data, rates, epochs=1, batch_size=256)
    assert plain.wins is None and plain.scores.shape == (3,)
