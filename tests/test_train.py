"""Tests of lrcourse.train: History shapes, minimize, fit, divergence, batched runs."""

import contextlib
import warnings

import numpy as np
import pytest

from lrcourse.data import digits, noisy_sine
from lrcourse.nn import MLP
from lrcourse.optimizers import SGD, AdaGrad, Adam
from lrcourse.schedules import (
    BoldDriver,
    CosineAnnealing,
    CyclicLR,
    ExponentialDecay,
    OneCycle,
    ReduceOnPlateau,
    StepDecay,
    Warmup,
)
from lrcourse.surfaces import Quadratic
from lrcourse.theory import NQM_EIGENVALUES
from lrcourse.train import History, fit, minimize, noisy_quadratic_sgd, sweep


class Data:
    def __init__(self, X_train, y_train, X_val, y_val):
        self.X_train, self.y_train, self.X_val, self.y_val = X_train, y_train, X_val, y_val


@pytest.fixture(scope="module")
def digits_data():
    return digits(seed=0)


@pytest.fixture(scope="module")
def small():
    """A small 3-class problem: fast enough to compare batched and single runs."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((90, 4))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5)
    return Data(X[:60], y[:60], X[60:], y[60:])


@contextlib.contextmanager
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --------------------------------------------------------------------------------------------
# minimize
# --------------------------------------------------------------------------------------------


def test_minimize_gd_below_two_over_L_converges():
    q = Quadratic((1.0, 10.0))
    h = minimize(q, SGD(0.99 * 2 / q.L), np.array([1.0, 1.0]), 2000)
    assert h.diverged is False
    assert h.path.shape == (2001, 2) and h.loss.shape == (2001,)
    assert h.lr.shape == h.grad_norm.shape == (2000,)
    assert h.loss[-1] < 1e-12 * h.loss[0]
    np.testing.assert_allclose(h.loss, q.value(h.path))
    np.testing.assert_allclose(h.grad_norm, np.linalg.norm(q.grad(h.path[:-1]), axis=-1))
    np.testing.assert_array_equal(h.lr, 0.99 * 2 / q.L)


def test_minimize_gd_above_two_over_L_diverges_cleanly():
    q = Quadratic((1.0, 10.0))
    with no_warnings():
        h = minimize(q, SGD(1.01 * 2 / q.L), np.array([1.0, 1.0]), 100_000,
                     divergence_threshold=1e6)
    assert h.diverged is True
    # the stiff coordinate is multiplied by 1 - 2.02 = -1.02 per step: the objective grows by
    # 1.02**2 per step, so it crosses f0 + 1e6 after ~ log(1e6 / 5) / log(1.0404) steps
    n = len(h.lr)
    assert n == len(h.path) - 1 == len(h.loss) - 1
    assert abs(h.loss[-1] - h.loss[0]) > 1e6 >= abs(h.loss[-2] - h.loss[0])
    assert n == pytest.approx(np.log(1e6 / 5.0) / np.log(1.0404), abs=2)


def test_minimize_nonfinite_is_divergence_without_warning():
    q = Quadratic((1.0, 1.0))
    with no_warnings():
        h = minimize(q, SGD(1e200), np.array([1e200, 0.0]), 10, divergence_threshold=1e300)
    assert h.diverged is True and not np.all(np.isfinite(h.path[-1]))


def test_minimize_batched_equals_single_runs():
    q = Quadratic((1.0, 10.0))
    lrs = np.array([0.05, 0.29, 0.31, 0.5])  # heavy ball: stable below 2(1+0.5)/L = 0.3
    x0 = np.array([[1.0, 1.0], [1.0, -2.0], [0.5, 1.0], [1.0, 1.0]])
    with no_warnings():
        hb = minimize(q, SGD(lrs, momentum=0.5), x0, 300)
    assert hb.path.shape == (301, 4, 2) and hb.loss.shape == (301, 4)
    assert hb.lr.shape == hb.grad_norm.shape == (300, 4)
    assert hb.diverged.dtype == bool
    for k in range(4):
        h = minimize(q, SGD(float(lrs[k]), momentum=0.5), x0[k], 300)
        assert hb.diverged[k] == h.diverged
        n = len(h.path)
        np.testing.assert_allclose(hb.path[:n, k], h.path, rtol=1e-13)
        np.testing.assert_allclose(hb.loss[:n, k], h.loss, rtol=1e-13)
        np.testing.assert_allclose(hb.lr[:n - 1, k], h.lr)
        assert np.all(np.isnan(hb.path[n:, k])) and np.all(np.isnan(hb.loss[n:, k]))
    assert hb.diverged.tolist() == [False, False, True, True]


def test_minimize_rates_from_one_start():
    q = Quadratic((1.0, 10.0))
    lrs = np.array([0.05, 0.1])
    h = minimize(q, SGD(lrs), np.array([1.0, -1.0]), 20)
    assert h.path.shape == (21, 2, 2)
    np.testing.assert_array_equal(h.path[0], [[1.0, -1.0], [1.0, -1.0]])
    # gradient descent on a diagonal quadratic: x_t = (1 - lr * eigenvalue)**t * x_0
    t = np.arange(21)[:, None]
    np.testing.assert_allclose(h.path[:, :, 0], (1 - lrs * 1.0) ** t, rtol=1e-12)
    np.testing.assert_allclose(h.path[:, :, 1], -((1 - lrs * 10.0) ** t), rtol=1e-12,
                               atol=1e-300)


def test_minimize_batch_stops_when_every_run_diverged():
    q = Quadratic((1.0, 10.0))
    with no_warnings():
        h = minimize(q, SGD(np.array([0.3, 0.5])), np.ones((2, 2)), 10_000)
    assert h.diverged.tolist() == [True, True]
    # the faster run diverges first and is frozen (NaN); the history ends with the slower one
    n = len(h.lr)
    assert n < 10_000 and h.path.shape == (n + 1, 2, 2)
    assert np.isnan(h.loss[-1, 1]) and np.isfinite(h.loss[-1, 0])
    single = minimize(q, SGD(0.3), np.ones(2), 10_000)
    assert single.n_steps == n


# --------------------------------------------------------------------------------------------
# fit
# --------------------------------------------------------------------------------------------


def test_fit_digits_reaches_95_percent(digits_data):
    model = MLP((64, 32, 10), seed=0)
    h = fit(model, digits_data, SGD(0.05, momentum=0.9), 8, 32)
    assert h.diverged is False
    assert h.val_acc[-1] >= 0.95 and h.val_acc[0] < 0.3
    assert h.val_loss[-1] < 0.25 * h.val_loss[0]
    # 1346 training rows: 42 batches of 32 and one of 2
    assert h.steps_per_epoch == 43 and h.n_steps == 344 and h.n_epochs == 8
    assert h.loss.shape == h.lr.shape == h.grad_norm.shape == (344,)
    assert h.update_ratio.shape == (344, 2)
    assert h.val_loss.shape == h.val_acc.shape == (9,)
    assert h.dead_fraction.shape == (9, 1)
    assert h.best_val_acc == h.val_acc.max()
    assert h.final_loss == h.loss[-1]
    # the model was trained in place: its validation loss is the last recorded one
    val = model.evaluate(digits_data.X_val, digits_data.y_val)[0]
    assert val == pytest.approx(h.val_loss[-1])


def test_fit_first_update_recorded_by_hand(small):
    """Loss, gradient norm and update ratio of update 0, recomputed from the same batch."""
    model = MLP((4, 5, 3), seed=3)
    start = model.copy()
    fit(model, small, SGD(0.1), 1, 16, seed=7)
    h = fit(start.copy(), small, SGD(0.1), 1, 16, seed=7)
    perm = np.random.default_rng(7).permutation(60)[:16]
    loss, grads = start.loss_and_grads(small.X_train[perm], small.y_train[perm])
    assert h.loss[0] == pytest.approx(loss, rel=1e-14)
    assert h.grad_norm[0] == pytest.approx(np.sqrt(sum(np.sum(g * g) for g in grads)),
                                           rel=1e-14)
    for i, (W, g) in enumerate(zip(start.params[0::2], grads[0::2], strict=True)):
        assert h.update_ratio[0, i] == pytest.approx(0.1 * np.linalg.norm(g) / np.linalg.norm(W),
                                                     rel=1e-12)
    assert h.steps_per_epoch == 4  # 16 + 16 + 16 + 12


def test_fit_absurd_rate_diverges_cleanly(digits_data):
    model = MLP((64, 32, 10), seed=0)
    with no_warnings():
        h = fit(model, digits_data, SGD(1e3), 3, 32)
    assert h.diverged is True
    assert h.n_steps < 43  # stopped in the first epoch
    assert not (h.loss[-1] <= 100 * h.loss[0])
    assert np.all(h.loss[:-1] <= 100 * 2.5)
    assert h.val_loss.shape == (1,)  # only epoch 0 was completed


def test_fit_batched_equals_single_fits(small):
    lrs = np.array([0.01, 0.3, 50.0])
    base = MLP((4, 6, 3), seed=2)
    with no_warnings():
        hb = fit(base.replicate(3), small, SGD(lrs, momentum=0.9), 4, 8, seed=5)
    assert hb.loss.shape == (32, 3) and hb.update_ratio.shape == (32, 3, 2)
    assert hb.val_acc.shape == (5, 3) and hb.dead_fraction.shape == (5, 3, 1)
    for k in range(3):
        h = fit(base.copy(), small, SGD(float(lrs[k]), momentum=0.9), 4, 8, seed=5)
        assert hb.diverged[k] == h.diverged
        n, e = h.n_steps, len(h.val_loss)
        np.testing.assert_allclose(hb.loss[:n, k], h.loss, rtol=1e-10)
        np.testing.assert_allclose(hb.update_ratio[:n - h.diverged, k],
                                   h.update_ratio[:n - h.diverged], rtol=1e-10)
        np.testing.assert_allclose(hb.val_loss[:e, k], h.val_loss, rtol=1e-10)
        np.testing.assert_allclose(hb.val_acc[:e, k], h.val_acc)
        assert np.all(np.isnan(hb.loss[n:, k]))
    assert hb.diverged.tolist() == [False, False, True]


def test_schedule_drives_the_rate_per_step(small):
    sched = ExponentialDecay(0.2, gamma=0.9)
    opt = SGD(123.0)  # replaced by the schedule
    h = fit(MLP((4, 5, 3), seed=1), small, opt, 3, 16, schedule=sched)
    assert h.n_steps == 12
    np.testing.assert_allclose(h.lr, 0.2 * 0.9 ** np.arange(12), rtol=1e-15)
    assert opt.last_lr == pytest.approx(0.2 * 0.9 ** 11)


def test_schedule_drives_the_rate_per_epoch(small):
    sched = StepDecay(0.3, step_size=2, gamma=0.1)
    h = fit(MLP((4, 5, 3), seed=1), small, SGD(1.0), 5, 16, schedule=sched, schedule_unit="epoch")
    # 4 updates per epoch; epochs 0-1 at 0.3, epochs 2-3 at 0.03, epoch 4 at 0.003
    expected = np.repeat([0.3, 0.3, 0.03, 0.03, 0.003], 4)
    np.testing.assert_allclose(h.lr, expected, rtol=1e-14)


def test_warmup_from_zero_makes_a_first_update_of_zero(small):
    sched = Warmup(CosineAnnealing(0.1, total_steps=8), warmup_steps=4)
    h = fit(MLP((4, 5, 3), seed=1), small, SGD(0.1, momentum=0.9), 3, 16, schedule=sched)
    np.testing.assert_allclose(h.lr, sched(np.arange(12)), rtol=1e-15)
    assert h.lr[0] == 0.0 and np.all(h.update_ratio[0] == 0.0)
    assert np.all(h.update_ratio[1:] > 0.0)


def test_schedule_scales_an_array_of_rates(small):
    sched = ExponentialDecay(0.5, gamma=0.8)
    lrs = np.array([0.01, 0.1])
    h = fit(MLP((4, 5, 3), seed=1).replicate(2), small, SGD(lrs.copy()), 2, 32, schedule=sched)
    np.testing.assert_allclose(h.lr, lrs * 0.8 ** np.arange(4)[:, None], rtol=1e-14)


def test_cycle_momentum_follows_the_schedule(small):
    sched = OneCycle(0.1, total_steps=8)
    opt = SGD(0.1, momentum=0.0)
    h = fit(MLP((4, 5, 3), seed=1), small, opt, 2, 16, schedule=sched, cycle_momentum=True)
    np.testing.assert_allclose(h.momentum, sched.momentum(np.arange(8)), rtol=1e-15)
    np.testing.assert_allclose(h.lr, sched(np.arange(8)), rtol=1e-15)
    assert opt.momentum == sched.momentum(7)
    cyc = CyclicLR(0.01, 0.1, step_size_up=3)
    h = fit(MLP((4, 5, 3), seed=1), small, SGD(0.1), 2, 16, schedule=cyc, cycle_momentum=True)
    np.testing.assert_allclose(h.momentum, cyc.momentum(np.arange(8)), rtol=1e-15)


def test_cycle_momentum_sets_adam_beta1(small):
    sched = OneCycle(0.01, total_steps=8)
    opt = Adam(0.01, betas=(0.9, 0.99))
    h = fit(MLP((4, 5, 3), seed=1), small, opt, 2, 16, schedule=sched, cycle_momentum=True)
    np.testing.assert_allclose(h.momentum, sched.momentum(np.arange(8)), rtol=1e-15)
    assert opt.betas == (sched.momentum(7), 0.99)


def test_plateau_reductions_recorded(small):
    # a rate so small that the validation loss barely moves: after the first step sets the
    # best, no epoch improves on it by the 10 % relative threshold; with patience 1 the second
    # bad epoch in a row lowers the rate: after epochs 3 and 5
    plateau = ReduceOnPlateau(1e-6, factor=0.5, patience=1, threshold=0.1)
    h = fit(MLP((4, 5, 3), seed=1), small, SGD(1.0), 6, 16, plateau=plateau)
    assert h.plateau_reductions == [3, 5]
    assert [r + 1 for r in plateau.reductions] == h.plateau_reductions
    # the optimizer followed the plateau's rate: 1e-6 in epochs 1-3, 5e-7 in 4-5, then 2.5e-7
    np.testing.assert_allclose(h.lr, np.repeat([1e-6, 5e-7, 2.5e-7], [12, 8, 4]), rtol=1e-15)


def test_plateau_on_accuracy_in_max_mode(small):
    plateau = ReduceOnPlateau(1e-6, mode="max", factor=0.5, patience=0, threshold=0.5)
    h = fit(MLP((4, 5, 3), seed=1), small, SGD(1.0), 3, 16, plateau=plateau)
    # the accuracy never improves by 50 %: after the first step sets the best, each later epoch
    # lowers the rate (patience 0)
    assert h.plateau_reductions == [2, 3]


def test_bold_driver_drives_the_rate_from_the_validation_loss(small):
    driver = BoldDriver(0.5, increase=2.0, decrease=0.5)
    h = fit(MLP((4, 5, 3), seed=1), small, SGD(0.5), 8, 16, plateau=driver)
    # The driver is stepped after each epoch; its first step only records epoch 1's validation
    # loss. From epoch 3 on, epoch e runs at the rate set after comparing epochs e-1 and e-2:
    # doubled when the validation loss went down, halved otherwise.
    went_down = np.diff(h.val_loss[1:]) < 0
    expected = 0.5 * np.cumprod(np.where(went_down, 2.0, 0.5))
    per_epoch = h.lr[:: h.steps_per_epoch]
    np.testing.assert_allclose(per_epoch, np.r_[0.5, 0.5, expected[:-1]], rtol=1e-15)
    assert went_down.any() and not went_down.all()  # both branches taken
    assert driver.lr == expected[-1]
    assert h.plateau_reductions == [r + 1 for r in driver.reductions]


def test_sweep_equals_a_loop_of_fits(small):
    lrs = np.array([0.01, 0.3, 50.0])
    base = MLP((4, 6, 3), seed=2)
    before = base.get_params()
    with no_warnings():
        hs = sweep(base, small, lrs, epochs=3, batch_size=8, optimizer_kwargs={"momentum": 0.9},
                   seed=4)
    for p, q in zip(base.params, before, strict=True):  # the model itself is not trained
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(hs.lrs, lrs)
    assert hs.diverged.tolist() == [False, False, True]
    for k, lr in enumerate(lrs):
        h = fit(base.copy(), small, SGD(float(lr), momentum=0.9), 3, 8, seed=4)
        n, e = h.n_steps, len(h.val_loss)
        np.testing.assert_allclose(hs.loss[:n, k], h.loss, rtol=1e-10)
        np.testing.assert_allclose(hs.val_loss[:e, k], h.val_loss, rtol=1e-10)
        np.testing.assert_allclose(hs.dead_fraction[:e, k], h.dead_fraction)
        np.testing.assert_allclose(hs.lr[:n, k], h.lr)
        assert hs.diverged[k] == h.diverged


def test_sweep_schedule_scales_every_rate(small):
    lrs = np.array([0.001, 0.01, 0.1])
    sched = OneCycle(1.0, total_steps=8)
    h = sweep(MLP((4, 5, 3), seed=0), small, lrs, epochs=2, batch_size=16, schedule=sched,
              optimizer="adam", track_dead=False)
    np.testing.assert_allclose(h.lr, lrs * (sched(np.arange(8)) / sched(0))[:, None],
                               rtol=1e-14)
    assert h.dead_fraction is None


def test_sweep_bad_input(small):
    model = MLP((4, 5, 3))
    with pytest.raises(ValueError, match=r"sweep: lrs must be positive, got -0\.1"):
        sweep(model, small, [0.1, -0.1])
    with pytest.raises(ValueError, match="sweep: lrs must be a 1-D array"):
        sweep(model, small, [[0.1]])
    with pytest.raises(TypeError, match=r"sweep: model must be a single lrcourse MLP"):
        sweep(model.replicate(2), small, [0.1, 0.2])
    with pytest.raises(ValueError, match="sweep: optimizer must be one of 'sgd', 'adagrad'"):
        sweep(model, small, [0.1], optimizer="lbfgs")
    with pytest.raises(ValueError, match="sweep: optimizer_kwargs must be free of 'lr'"):
        sweep(model, small, [0.1], optimizer_kwargs={"lr": 0.1})
    with pytest.raises(TypeError, match="sweep: optimizer_kwargs must be a dict or None"):
        sweep(model, small, [0.1], optimizer_kwargs=0.9)
    with pytest.raises(ValueError, match="sweep: epochs must be a positive integer, got 0"):
        sweep(model, small, [0.1], epochs=0)
    with pytest.raises(ValueError, match="sweep: batch_size must be at most the training-set"):
        sweep(model, small, [0.1], batch_size=100)
    with pytest.raises(TypeError, match="sweep: schedule must be a Schedule"):
        sweep(model, small, [0.1], schedule=0.5)
    with pytest.raises(ValueError, match=r"sweep: data\.X_train must be of shape \(n, 4\)"):
        sweep(model, Data(small.X_train[:, :3], small.y_train, small.X_val, small.y_val), [0.1])


def test_fit_batch_of_different_networks_epoch_zero(small):
    models = MLP((4, 6, 3), seed=5, n_models=3)  # three different initializations
    h = fit(models.copy(), small, SGD(0.1), 1, 16)
    expected = [models.select(i).evaluate(small.X_val, small.y_val)[0] for i in range(3)]
    np.testing.assert_allclose(h.val_loss[0], expected, rtol=1e-12)
    assert len(set(h.val_loss[0])) == 3


def test_dead_fraction_of_a_batch_is_the_models_own(digits_data):
    """The batch's dead fractions (computed over row chunks) equal MLP.dead_fraction."""
    models = MLP((64, 16, 16, 10), seed=3, n_models=4, bias_init=-3.0)
    expected = models.dead_fraction(digits_data.X_train)
    assert 0.2 < expected[:, 1].min() and expected.max() < 1  # partly dead: a real check
    h = fit(models, digits_data, SGD(0.05), 1, 64)
    np.testing.assert_array_equal(h.dead_fraction[0], expected)
    np.testing.assert_array_equal(h.dead_fraction[1], models.dead_fraction(digits_data.X_train))


def test_fit_regression():
    data = noisy_sine(seed=0)
    h = fit(MLP((1, 32, 1), loss="mse", activation="tanh", seed=0), data,
            SGD(0.05, momentum=0.9), 30, 32)
    assert h.val_acc is None and h.diverged is False
    assert h.val_loss[-1] < 0.05 * h.val_loss[0]
    # the noise has standard deviation 0.1: a good fit's validation MSE is near 0.01
    assert h.val_loss[-1] < 0.03
    with pytest.raises(ValueError, match=r"History\.best_val_acc: val_acc must be recorded"):
        _ = h.best_val_acc
    with pytest.raises(ValueError, match="fit: plateau must be in mode 'min'"):
        fit(MLP((1, 4, 1), loss="mse"), data, SGD(0.1), 1, 32,
            plateau=ReduceOnPlateau(0.1, mode="max"))


def test_history_properties():
    h = History(loss=np.array([3.0, 2.0]), lr=np.array([0.1, 0.1]), grad_norm=np.ones(2),
                val_loss=np.array([3.0, 1.0]), val_acc=np.array([0.1, np.nan]))
    assert h.n_steps == 2 and h.n_epochs == 1 and h.final_loss == 2.0
    assert h.best_val_acc == 0.1
    assert History(loss=np.ones(1), lr=np.ones(1), grad_norm=np.ones(1)).n_epochs == 0


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


def test_minimize_bad_input():
    q = Quadratic((1.0, 2.0))
    with pytest.raises(ValueError, match=r"minimize: x0 must be of shape \(2,\) or \(K, 2\)"):
        minimize(q, SGD(0.1), np.ones(3), 10)
    with pytest.raises(ValueError, match="minimize: x0 must be finite"):
        minimize(q, SGD(0.1), np.array([np.nan, 1.0]), 10)
    with pytest.raises(ValueError, match="minimize: steps must be a positive integer, got 0"):
        minimize(q, SGD(0.1), np.ones(2), 0)
    with pytest.raises(TypeError, match="minimize: problem must be a surface"):
        minimize(object(), SGD(0.1), np.ones(2), 10)
    with pytest.raises(TypeError, match="minimize: optimizer must be an optimizer of lrcourse"):
        minimize(q, object(), np.ones(2), 10)
    with pytest.raises(ValueError, match=r"optimizer.lr must be a float or an array of shape "
                       r"\(3,\)"):
        minimize(q, SGD(np.ones(2)), np.ones((3, 2)), 10)
    with pytest.raises(ValueError, match="divergence_threshold must be a positive"):
        minimize(q, SGD(0.1), np.ones(2), 10, divergence_threshold=0.0)


def test_fit_bad_input(small):
    model = MLP((4, 5, 3))
    with pytest.raises(TypeError, match="fit: model must be an lrcourse MLP"):
        fit("net", small, SGD(0.1), 1, 8)
    with pytest.raises(TypeError, match="fit: optimizer must be an optimizer of lrcourse"):
        fit(model, small, 0.1, 1, 8)
    with pytest.raises(TypeError, match="fit: optimizer must be an optimizer with momentum or "
                       "betas"):
        fit(model, small, AdaGrad(0.1), 1, 8, schedule=OneCycle(0.1, 8), cycle_momentum=True)
    with pytest.raises(ValueError, match=r"fit: data\.X_train must be of shape \(n, 5\)"):
        fit(MLP((5, 3)), small, SGD(0.1), 1, 8)
    with pytest.raises(TypeError, match="fit: data must be a Dataset"):
        fit(model, (small.X_train, small.y_train), SGD(0.1), 1, 8)
    with pytest.raises(ValueError, match="fit: epochs must be a positive integer, got 0"):
        fit(model, small, SGD(0.1), 0, 8)
    with pytest.raises(ValueError, match="fit: batch_size must be at most the training-set "
                       "size 60, got 61"):
        fit(model, small, SGD(0.1), 1, 61)
    with pytest.raises(ValueError, match="fit: schedule_unit must be one of 'step', 'epoch'"):
        fit(model, small, SGD(0.1), 1, 8, schedule_unit="update")
    with pytest.raises(ValueError, match="fit: divergence_factor must be a finite number > 1"):
        fit(model, small, SGD(0.1), 1, 8, divergence_factor=1.0)
    with pytest.raises(ValueError, match=r"fit: optimizer\.lr must be a float or a Schedule"):
        fit(model, small, SGD(np.ones(3)), 1, 8)
    with pytest.raises(ValueError, match=r"fit: schedule must be a schedule with \.momentum"):
        fit(model, small, SGD(0.1), 1, 8, cycle_momentum=True)
    with pytest.raises(ValueError, match=r"fit: schedule must be a schedule with \.momentum"):
        fit(model, small, SGD(0.1), 1, 8, schedule=StepDecay(0.1, 2), cycle_momentum=True)
    with pytest.raises(ValueError, match="fit: schedule must be positive at k=0 to scale"):
        fit(model.replicate(2), small, SGD(np.array([0.1, 0.2])), 1, 8,
            schedule=Warmup(StepDecay(0.1, 2), 3))
    with pytest.raises(TypeError, match="fit: schedule must be a Schedule"):
        fit(model, small, SGD(0.1), 1, 8, schedule=lambda k: 0.1)
    with pytest.raises(TypeError, match="fit: plateau must be a ReduceOnPlateau, a BoldDriver, "
                       "a list of them or None, got 'float'"):
        fit(model, small, SGD(0.1), 1, 8, plateau=0.5)
    with pytest.raises(ValueError, match="fit: schedule must be None when a plateau"):
        fit(model, small, SGD(0.1), 1, 8, schedule=StepDecay(0.1, 2),
            plateau=ReduceOnPlateau(0.1))
    with pytest.raises(ValueError, match="fit: plateau must be a list of 2 rules for a batched "
                       "model"):
        fit(model.replicate(2), small, SGD(0.1), 1, 8, plateau=ReduceOnPlateau(0.1))
    with pytest.raises(TypeError, match="fit: track_dead must be True or False, got 1"):
        fit(model, small, SGD(0.1), 1, 8, track_dead=1)
    with pytest.raises(ValueError, match=r"fit \(data\.y_train\): y must be integer class"):
        fit(model, Data(small.X_train, small.y_train + 5, small.X_val, small.y_val), SGD(0.1),
            1, 8)


# --------------------------------------------------------------------------------------------
# replicates: one minibatch order, schedule or plateau rule per network of a batch
# --------------------------------------------------------------------------------------------


def test_fit_one_seed_per_network_equals_single_fits(small):
    inits = MLP((4, 6, 3), seed=3, n_models=3)
    seeds = [7, 0, 7]
    with no_warnings():
        hb = fit(inits.copy(), small, SGD(np.array([0.05, 0.3, 0.3]), momentum=0.9), 3, 8,
                 seed=seeds)
    for i, (lr, s) in enumerate(zip([0.05, 0.3, 0.3], seeds, strict=True)):
        h = fit(inits.select(i), small, SGD(lr, momentum=0.9), 3, 8, seed=s)
        # the same batches in the same order: the same numbers, bit for bit
        np.testing.assert_array_equal(hb.loss[:, i], h.loss)
        np.testing.assert_array_equal(hb.val_loss[:, i], h.val_loss)
        np.testing.assert_array_equal(hb.update_ratio[:, i], h.update_ratio)
    # networks with different seeds saw different batches; a shared seed gives shared batches
    shared = fit(inits.copy(), small, SGD(0.1), 1, 8, seed=7)
    own = fit(inits.copy(), small, SGD(0.1), 1, 8, seed=[7, 0, 7])
    assert np.array_equal(shared.loss[:, 0], own.loss[:, 0])
    assert not np.array_equal(shared.loss[:, 1], own.loss[:, 1])


def test_fit_one_seed_per_network_regression():
    sine = noisy_sine(n=60)
    inits = MLP((1, 8, 1), loss="mse", seed=1, n_models=2)
    hb = fit(inits.copy(), sine, SGD(0.01), 2, 16, seed=[3, 4])
    for i in range(2):
        h = fit(inits.select(i), sine, SGD(0.01), 2, 16, seed=3 + i)
        np.testing.assert_array_equal(hb.val_loss[:, i], h.val_loss)


def test_fit_one_schedule_per_network_equals_single_fits(small):
    inits = MLP((4, 6, 3), seed=4, n_models=2)
    scheds = [StepDecay(0.2, step_size=5, gamma=0.5), CosineAnnealing(0.1, total_steps=16)]
    hb = fit(inits.tile(2), small, SGD(0.3), 2, 8, schedule=scheds * 2, seed=[1, 2, 1, 2])
    np.testing.assert_allclose(hb.lr[:, 0], scheds[0](np.arange(16)), rtol=1e-15)
    np.testing.assert_allclose(hb.lr[:, 1], scheds[1](np.arange(16)), rtol=1e-15)
    for i in range(4):
        h = fit(inits.select(i % 2), small, SGD(0.3), 2, 8, schedule=scheds[i % 2],
                seed=1 + i % 2)
        np.testing.assert_array_equal(hb.val_loss[:, i], h.val_loss)
    # an array of rates scales each network's own schedule
    hs = fit(inits.copy(), small, SGD(np.array([0.1, 1.0])), 1, 8, schedule=scheds)
    np.testing.assert_allclose(hs.lr[:, 0], 0.1 * scheds[0](np.arange(8)) / 0.2, rtol=1e-15)
    np.testing.assert_allclose(hs.lr[:, 1], 1.0 * scheds[1](np.arange(8)) / 0.1, rtol=1e-15)


def test_fit_one_plateau_rule_per_network_equals_single_fits(small):
    inits = MLP((4, 6, 3), seed=5, n_models=3)

    def rules():
        return [ReduceOnPlateau(0.3, factor=0.5, patience=0, threshold=0.05),
                ReduceOnPlateau(0.05, factor=0.5, patience=1, threshold=0.05),
                BoldDriver(0.1, increase=1.5, decrease=0.5)]

    batch_rules = rules()
    hb = fit(inits.copy(), small, SGD(np.ones(3), momentum=0.9), 6, 8, seed=[0, 1, 2],
             plateau=batch_rules)
    assert len(hb.plateau_reductions) == 3
    assert sum(len(r) for r in hb.plateau_reductions) > 0  # some rule acted
    for i, rule in enumerate(rules()):
        h = fit(inits.select(i), small, SGD(1.0, momentum=0.9), 6, 8, seed=i, plateau=rule)
        np.testing.assert_array_equal(hb.lr[:, i], h.lr)
        np.testing.assert_array_equal(hb.val_loss[:, i], h.val_loss)
        assert hb.plateau_reductions[i] == h.plateau_reductions
        assert batch_rules[i].lr == rule.lr  # each list entry was stepped on its own network


def test_fit_plateau_rule_of_a_diverged_network_is_not_stepped(small):
    inits = MLP((4, 6, 3), seed=5, n_models=2)
    rules = [ReduceOnPlateau(1e6, patience=0), ReduceOnPlateau(0.01, patience=0)]
    with no_warnings():
        h = fit(inits, small, SGD(np.ones(2)), 3, 8, plateau=rules)
    assert h.diverged.tolist() == [True, False]
    assert rules[0].reductions == [] and rules[0].best == np.inf  # never stepped
    assert np.isfinite(rules[1].best)


def test_mlp_tile_lays_out_replicates_per_copy():
    inits = MLP((3, 4, 2), seed=6, n_models=2)
    tiled = inits.tile(3)
    assert tiled.n_models == 6
    for i in range(6):
        for p, q in zip(tiled.select(i).params, inits.select(i % 2).params, strict=True):
            np.testing.assert_array_equal(p, q)
    tiled.params[0][0] += 1.0  # a copy: the original batch is unchanged
    assert not np.array_equal(tiled.params[0][0], inits.params[0][0])


def test_fit_replicates_bad_input(small):
    batch = MLP((4, 5, 3), n_models=2)
    with pytest.raises(ValueError, match=r"fit: seed must be an int or 2 ints \(one per network\)"
                       r", got 'an array of shape \(3,\)'"):
        fit(batch, small, SGD(0.1), 1, 8, seed=[1, 2, 3])
    with pytest.raises(ValueError, match="fit: seed must be an integer >= 0, got -1"):
        fit(batch, small, SGD(0.1), 1, 8, seed=[1, -1])
    with pytest.raises(ValueError, match="fit: schedule must be one object or a list of 2 "
                       r"\(one per network\), got 'a list of 3'"):
        fit(batch, small, SGD(0.1), 1, 8, schedule=[StepDecay(0.1, 2)] * 3)
    with pytest.raises(ValueError, match="fit: schedule must be a single object for a single "
                       "network"):
        fit(MLP((4, 5, 3)), small, SGD(0.1), 1, 8, schedule=[StepDecay(0.1, 2)])
    with pytest.raises(TypeError, match=r"fit: schedule must be a Schedule of lrcourse\.schedules, "
                       r"a list of them or None, got 'float'"):
        fit(batch, small, SGD(0.1), 1, 8, schedule=[StepDecay(0.1, 2), 0.1])
    with pytest.raises(ValueError, match="fit: schedule must be a single schedule when "
                       "cycle_momentum=True"):
        fit(batch, small, SGD(0.1), 1, 8, schedule=[OneCycle(0.1, 8)] * 2, cycle_momentum=True)
    rule = ReduceOnPlateau(0.1)
    with pytest.raises(ValueError, match="fit: plateau must be 2 distinct rule objects"):
        fit(batch, small, SGD(0.1), 1, 8, plateau=[rule, rule])
    with pytest.raises(ValueError, match="fit: plateau must be one object or a list of 2"):
        fit(batch, small, SGD(0.1), 1, 8, plateau=[rule])
    with pytest.raises(ValueError, match=r"MLP\.tile: the model must be a batch of networks"):
        MLP((4, 5, 3)).tile(2)
    with pytest.raises(ValueError, match=r"MLP\.tile: n must be a positive integer, got 0"):
        batch.tile(0)
    assert rule.best == np.inf  # nothing was stepped by the refused calls


# --------------------------------------------------------------------------------------------
# live parity with a hand-written PyTorch training loop
# --------------------------------------------------------------------------------------------


def torch_fit(torch, model, data, make_opt, make_sched, epochs, batch, seed, per="step",
              plateau=None):
    """The PyTorch loop `fit` claims to be: same weights, same minibatches (the same numpy
    permutations), scheduler stepped after every update (or epoch), plateau after each epoch."""
    F = torch.nn.functional
    W1, b1, W2, b2 = (torch.tensor(p) for p in model.params)
    net = torch.nn.Sequential(torch.nn.Linear(*W1.shape), torch.nn.ReLU(),
                              torch.nn.Linear(*W2.shape)).double()
    with torch.no_grad():
        for layer, W, b in ((net[0], W1, b1), (net[2], W2, b2)):
            layer.weight.copy_(W.T)
            layer.bias.copy_(b)
    opt = make_opt(net.parameters())
    sched = make_sched(opt) if make_sched else None
    red = plateau(opt) if plateau else None
    X, y = torch.tensor(data.X_train), torch.tensor(data.y_train)
    Xv, yv = torch.tensor(data.X_val), torch.tensor(data.y_val)
    rng = np.random.default_rng(seed)
    out = {"loss": [], "lr": [], "momentum": [], "val_loss": []}
    group = opt.param_groups[0]
    with torch.no_grad():
        out["val_loss"].append(F.cross_entropy(net(Xv), yv).item())
    for _ in range(epochs):
        perm = torch.tensor(rng.permutation(len(X)))
        for start in range(0, len(X), batch):
            idx = perm[start:start + batch]
            out["lr"].append(group["lr"])
            out["momentum"].append(group["betas"][0] if "betas" in group else group["momentum"])
            loss = F.cross_entropy(net(X[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            out["loss"].append(loss.item())
            if sched is not None and per == "step":
                sched.step()
        if sched is not None and per == "epoch":
            sched.step()
        with torch.no_grad():
            out["val_loss"].append(F.cross_entropy(net(Xv), yv).item())
        if red is not None:
            red.step(out["val_loss"][-1])
    out["params"] = [net[0].weight.detach().numpy().T, net[0].bias.detach().numpy(),
                     net[2].weight.detach().numpy().T, net[2].bias.detach().numpy()]
    return {k: np.asarray(v) if k != "params" else v for k, v in out.items()}


def check_parity(h, model, ref, momentum=True):
    np.testing.assert_allclose(h.loss, ref["loss"], rtol=1e-9)
    np.testing.assert_allclose(h.lr, ref["lr"], rtol=1e-12)
    np.testing.assert_allclose(h.val_loss, ref["val_loss"], rtol=1e-9)
    if momentum:
        np.testing.assert_allclose(h.momentum, ref["momentum"], rtol=1e-12)
    for p, q in zip(model.params, ref["params"], strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-8, atol=1e-12)


@pytest.mark.torch_live
def test_fit_matches_torch_sgd_one_cycle_with_cycled_momentum(torch, small):
    model = MLP((4, 6, 3), seed=3)
    ref = torch_fit(torch, model, small,
                    lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
                    lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=20),
                    epochs=5, batch=16, seed=2)
    h = fit(model, small, SGD(0.1, momentum=0.9, nesterov=True), 5, 16,
            schedule=OneCycle(0.5, total_steps=20), cycle_momentum=True, seed=2)
    check_parity(h, model, ref)


@pytest.mark.torch_live
def test_fit_matches_torch_adam_one_cycle_with_cycled_beta1(torch, small):
    model = MLP((4, 6, 3), seed=4)
    ref = torch_fit(torch, model, small,
                    lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.99)),
                    lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.05, total_steps=12,
                                                                  three_phase=True),
                    epochs=3, batch=16, seed=5)
    h = fit(model, small, Adam(0.01, betas=(0.9, 0.99)), 3, 16,
            schedule=OneCycle(0.05, total_steps=12, three_phase=True), cycle_momentum=True,
            seed=5)
    check_parity(h, model, ref)


@pytest.mark.torch_live
def test_fit_matches_torch_per_epoch_schedule_and_plateau(torch, small):
    model = MLP((4, 6, 3), seed=5)
    ref = torch_fit(torch, model, small, lambda ps: torch.optim.SGD(ps, lr=0.2, momentum=0.5),
                    lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5),
                    epochs=6, batch=20, seed=1, per="epoch")
    h = fit(model, small, SGD(0.2, momentum=0.5), 6, 20, schedule=StepDecay(0.2, 2, 0.5),
            schedule_unit="epoch", seed=1)
    check_parity(h, model, ref, momentum=False)

    model = MLP((4, 6, 3), seed=6)
    ref = torch_fit(torch, model, small, lambda ps: torch.optim.SGD(ps, lr=0.3), None,
                    epochs=10, batch=20, seed=1,
                    plateau=lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
                        o, factor=0.5, patience=0, threshold=0.02))
    h = fit(model, small, SGD(0.3), 10, 20, seed=1,
            plateau=ReduceOnPlateau(0.3, factor=0.5, patience=0, threshold=0.02))
    check_parity(h, model, ref, momentum=False)
    assert h.plateau_reductions  # the comparison covered at least one reduction


# ---- noisy_quadratic_sgd ----------------------------------------------------------------------


def test_noisy_quadratic_without_noise_is_exact_gradient_descent():
    h = NQM_EIGENVALUES
    loss = noisy_quadratic_sgd(0.5, 50, noise=0.0)
    k = np.arange(51)[:, None]
    np.testing.assert_allclose(loss, 0.5 * (h * (1 - 0.5 * h) ** (2 * k)).sum(axis=1),
                               rtol=1e-12)


def test_noisy_quadratic_constant_rate_stalls_at_its_noise_floor():
    h, eta, sigma = NQM_EIGENVALUES, 0.5, 0.5
    loss = noisy_quadratic_sgd(eta, 6000, noise=sigma)
    # stationary E[theta_i^2] = eta sigma^2 / (2 - eta h_i) for noise sigma sqrt(h_i)
    floor = 0.5 * np.sum(h * eta * sigma**2 / (2 - eta * h))
    assert loss[3000:].mean() == pytest.approx(floor, rel=0.1)


def test_noisy_quadratic_diverges_above_two_over_L():
    loss = noisy_quadratic_sgd(2.2, 400, noise=0.0)
    assert np.isinf(loss[-1])
    assert np.all(np.isfinite(noisy_quadratic_sgd(1.9, 400, noise=0.0)))


def test_fit_calls_back_after_every_update(small):
    seen = []

    def record(k, model, optimizer):
        seen.append((k, optimizer.step_count, model.params[0].copy()))

    net = MLP((4, 5, 3), seed=0)
    h = fit(net, small, Adam(0.01), 2, 16, callback=record, track_dead=False)
    assert [s[0] for s in seen] == list(range(h.n_steps)) == [s[1] - 1 for s in seen]
    np.testing.assert_array_equal(seen[-1][2], net.params[0])  # after the update
    with pytest.raises(TypeError, match="callback must be a callable"):
        fit(net, small, Adam(0.01), 1, 16, callback=3)


# ---- replicates of a sweep, chaos tests, several noise sequences at once -------------------


def test_sweep_replicates_are_paired_fits_of_fresh_networks(small):
    base = MLP((4, 6, 3), seed=3)
    lrs = np.array([0.05, 0.5])
    with no_warnings():
        h = sweep(base, small, lrs, epochs=2, batch_size=8, seed=1, replicates=3)
    T = h.steps_per_epoch * 2
    assert h.loss.shape == (T, 3, 2) and h.val_loss.shape == (3, 3, 2)
    assert h.update_ratio.shape == (T, 3, 2, 2) and h.dead_fraction.shape == (3, 3, 2, 1)
    assert h.diverged.shape == (3, 2) and h.lrs.tolist() == lrs.tolist()
    plain = sweep(base, small, lrs, epochs=2, batch_size=8, seed=1)  # replicate 0
    np.testing.assert_allclose(h.loss[:, 0], plain.loss, rtol=1e-10)
    for r in range(3):  # replicate r: network seed 3 + r, shuffling seed 1 + r
        for k, lr in enumerate(lrs):
            alone = fit(MLP((4, 6, 3), seed=3 + r), small, SGD(float(lr)), 2, 8, seed=1 + r)
            np.testing.assert_allclose(h.val_loss[:, r, k], alone.val_loss, rtol=1e-10)
    # within a replicate the two rates start from the same weights: equal epoch-0 scores
    np.testing.assert_array_equal(h.val_loss[0, :, 0], h.val_loss[0, :, 1])
    assert np.ptp(h.val_loss[0, :, 0]) > 0  # across replicates they differ


def test_sweep_replicates_repeat_per_rate_optimizer_arrays(small):
    wd = np.array([0.0, 0.5])
    h = sweep(MLP((4, 5, 3), seed=0), small, [0.1, 0.1], epochs=1, batch_size=16,
              optimizer_kwargs={"weight_decay": wd}, replicates=2, track_dead=False)
    for r in range(2):
        alone = sweep(MLP((4, 5, 3), seed=r), small, [0.1], epochs=1, batch_size=16, seed=r,
                      optimizer_kwargs={"weight_decay": 0.5}, track_dead=False)
        np.testing.assert_allclose(h.val_loss[:, r, 1], alone.val_loss[:, 0], rtol=1e-10)


def test_sweep_perturb_changes_the_start_in_the_last_digits(small):
    base = MLP((4, 6, 3), seed=0)
    h0 = sweep(base, small, [0.05], epochs=2, batch_size=8, replicates=2, track_dead=False)
    same = sweep(base, small, [0.05], epochs=2, batch_size=8, replicates=2, track_dead=False,
                 perturb=0.0)
    np.testing.assert_array_equal(h0.loss, same.loss)
    moved = sweep(base, small, [0.05], epochs=2, batch_size=8, replicates=2, track_dead=False,
                  perturb=1e-15)
    change = np.abs(moved.loss / h0.loss - 1)
    assert 0 < change.max() < 1e-12  # a stable run stays where it was
    big = sweep(base, small, [0.05], epochs=1, batch_size=8, track_dead=False, perturb=0.1)
    assert not np.allclose(big.val_loss[0], h0.val_loss[0, 0])  # the start itself moved
    for bad in (-1.0, 1.0):
        with pytest.raises(ValueError, match=r"sweep: perturb must be in \[0, 1\)"):
            sweep(base, small, [0.1], perturb=bad)


def test_sweep_replicates_bad_input(small):
    model = MLP((4, 5, 3))
    with pytest.raises(ValueError, match="sweep: replicates must be a positive integer, got 0"):
        sweep(model, small, [0.1], replicates=0)
    with pytest.raises(TypeError, match=r"sweep: replicates must be a positive integer, got 2\.0"):
        sweep(model, small, [0.1], replicates=2.0)


def test_noisy_quadratic_runs_several_seeds_side_by_side():
    runs = noisy_quadratic_sgd(0.5, 300, noise=0.5, seed=[4, 0, 4])
    assert runs.shape == (301, 3)
    for j, seed in enumerate([4, 0, 4]):
        np.testing.assert_allclose(runs[:, j], noisy_quadratic_sgd(0.5, 300, noise=0.5,
                                                                   seed=seed), rtol=1e-12)
    blown = noisy_quadratic_sgd(2.2, 400, noise=0.0, seed=[0, 1])
    assert np.all(np.isinf(blown[-1])) and np.isfinite(blown[0]).all()
    first = np.argmax(np.isinf(blown[:, 0]))
    assert np.all(np.isinf(blown[first:])) and np.all(np.isfinite(blown[:first]))
    with pytest.raises(ValueError, match="noisy_quadratic_sgd: seed must be an integer >= 0 or"):
        noisy_quadratic_sgd(0.5, 10, seed=[])


def test_minimize_noise_is_seeded_and_independent_per_run():
    from lrcourse.surfaces import SaddleQuadratic

    plain = minimize(Quadratic(), SGD(0.1), [1.0, 1.0], 20)
    quiet = minimize(Quadratic(), SGD(0.1), [1.0, 1.0], 20, noise=0.0, seed=5)
    assert np.array_equal(plain.path, quiet.path)  # no noise: the seed is unused
    a = minimize(Quadratic(), SGD(0.1), [1.0, 1.0], 20, noise=0.1, seed=1)
    b = minimize(Quadratic(), SGD(0.1), [1.0, 1.0], 20, noise=0.1, seed=1)
    c = minimize(Quadratic(), SGD(0.1), [1.0, 1.0], 20, noise=0.1, seed=2)
    assert np.array_equal(a.path, b.path) and not np.array_equal(a.path, c.path)
    # the noise of the first step: x1 = x0 - lr (grad + sigma xi)
    xi = np.random.default_rng(1).standard_normal(2)
    expected = np.array([1.0, 1.0]) - 0.1 * (Quadratic().grad(np.ones(2)) + 0.1 * xi)
    assert np.allclose(a.path[1], expected, rtol=1e-14)
    # a batch of runs on the stable manifold: each leaves along its own noise
    batch = minimize(SaddleQuadratic(), SGD(np.full(3, 0.1)), np.zeros((3, 2)), 50,
                     noise=0.01, seed=0)
    final_y = batch.path[-1, :, 1]
    assert np.all(np.abs(final_y) > 1e-3) and np.unique(final_y).size == 3


def test_escape_step_first_exit_along_a_direction():
    from lrcourse.train import escape_step

    path = np.array([[1.0, 0.0], [0.5, 0.2], [0.2, -0.6], [0.0, 0.9]])
    assert escape_step(path, [0.0, 1.0], 0.5) == 2.0
    assert escape_step(path, [0.0, 2.0], 1.0) == np.inf
    assert escape_step(path, [1.0, 0.0], 0.5, center=[1.0, 0.0]) == 1.0
    batch = np.stack([path, path[:, ::-1]], axis=1)
    assert np.array_equal(escape_step(batch, [0.0, 1.0], 0.5), [2.0, 0.0])
    batch[1:, 1] = np.nan  # a diverged run never counts as escaped
    assert escape_step(batch, [0.0, 1.0], 0.5)[1] == 0.0
