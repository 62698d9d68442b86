"""Tests of lrcourse.optimizers: hand-derived updates, K runs in one pass, bad input, state,
reassigned hyper-parameters, non-finite gradients, and replay of stored PyTorch trajectories
(``tests/reference/optimizers.json``, written by ``scripts/torch_reference_optimizers.py``)."""

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from conftest import run_doctests

from lrcourse import schedules
from lrcourse.optimizers import SGD, AdaGrad, Adam, AdamW, Optimizer, RMSProp

REFERENCE = Path(__file__).parent / "reference" / "optimizers.json"
CLASSES = {"SGD": SGD, "AdaGrad": AdaGrad, "RMSProp": RMSProp, "Adam": Adam, "AdamW": AdamW}

# One configuration per class that switches on every feature it has.
FULL = {
    "SGD": {"lr": 0.1, "momentum": 0.9, "dampening": 0.2, "weight_decay": 0.05},
    "SGD_nesterov": {"lr": 0.1, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05},
    "AdaGrad": {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.05,
                "initial_accumulator_value": 0.2},
    "RMSProp": {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True,
                "weight_decay": 0.05},
    "Adam": {"lr": 0.01, "betas": (0.8, 0.95), "weight_decay": 0.05, "amsgrad": True},
    "AdamW": {"lr": 0.01, "betas": (0.8, 0.95), "weight_decay": 0.1, "amsgrad": True},
}


def make(key, **overrides):
    cls = CLASSES[key.split("_")[0]]
    return cls(**{**FULL[key], **overrides})


# ------------------------------------------------------------------------------------------------
# Hand-derived updates
# ------------------------------------------------------------------------------------------------


def test_sgd_without_momentum_is_p_minus_lr_g():
    p = np.array([1.0, -2.0, 3.0])
    g = np.array([0.5, 0.25, -4.0])
    SGD(0.1).step(p, g)
    np.testing.assert_array_equal(p, np.array([1.0, -2.0, 3.0]) - 0.1 * g)


def test_sgd_momentum_buffer_after_two_steps():
    # b1 = g1 (copied, no dampening); b2 = mu*b1 + (1-tau)*g2; p2 = p0 - lr*b1 - lr*b2
    opt = SGD(0.5, momentum=0.9, dampening=0.5)
    p = np.array([2.0])
    opt.step(p, np.array([1.0]))
    assert opt.state[0]["momentum_buffer"][0] == 1.0
    assert p[0] == 2.0 - 0.5
    opt.step(p, np.array([4.0]))
    assert opt.state[0]["momentum_buffer"][0] == pytest.approx(0.9 * 1.0 + 0.5 * 4.0, rel=1e-15)
    assert p[0] == pytest.approx(1.5 - 0.5 * 2.9, rel=1e-15)


def test_sgd_nesterov_step_uses_gradient_plus_mu_times_buffer():
    opt = SGD(0.1, momentum=0.5, nesterov=True)
    p = np.array([0.0])
    opt.step(p, np.array([1.0]))  # b = 1, d = 1 + 0.5 * 1
    assert p[0] == pytest.approx(-0.15, rel=1e-15)
    opt.step(p, np.array([2.0]))  # b = 0.5 + 2 = 2.5, d = 2 + 1.25
    assert p[0] == pytest.approx(-0.15 - 0.325, rel=1e-15)


def test_sgd_weight_decay_adds_lambda_p_to_gradient():
    p = np.array([2.0, -1.0])
    SGD(0.1, weight_decay=0.5).step(p, np.zeros(2))
    np.testing.assert_allclose(p, [2.0 - 0.1 * 1.0, -1.0 + 0.1 * 0.5], rtol=1e-15)


@pytest.mark.parametrize("key", ["Adam", "AdamW"])
def test_adam_first_step_moves_every_coordinate_by_lr(key):
    # m1 = (1-b1) g and sqrt(v1) = sqrt(1-b2) |g|: both bias corrections cancel exactly
    g = np.array([1e-3, -2.0, 5e4, -7e-2, 3.0])
    p = np.linspace(-1.0, 1.0, 5)
    p0 = p.copy()
    make(key, weight_decay=0.0, lr=0.03, eps=0.0).step(p, g)
    np.testing.assert_allclose(p0 - p, 0.03 * np.sign(g), rtol=1e-14)
    # with eps the move is lr * |g| / (|g| + eps)
    p = p0.copy()
    make(key, weight_decay=0.0, lr=0.03, eps=1e-4).step(p, g)
    np.testing.assert_allclose(p0 - p, 0.03 * g / (np.abs(g) + 1e-4), rtol=1e-14)


def test_adagrad_first_step():
    g = np.array([0.5, -3.0, 1e-3])
    p = np.zeros(3)
    AdaGrad(0.2, eps=1e-10).step(p, g)
    np.testing.assert_allclose(p, -0.2 * g / (np.abs(g) + 1e-10), rtol=1e-15)


def test_adagrad_lr_decay_divides_the_rate_by_one_plus_k_delta():
    opt = AdaGrad(1.0, lr_decay=0.5, eps=0.0)
    p = np.zeros(1)
    opt.step(p, np.array([1.0]))  # s = 1: -1
    opt.step(p, np.array([1.0]))  # s = 2: -(1 / 1.5) / sqrt(2)
    assert p[0] == pytest.approx(-1.0 - 1.0 / 1.5 / np.sqrt(2.0), rel=1e-15)


def test_rmsprop_first_step():
    g = np.array([2.0, -0.5])
    p = np.zeros(2)
    RMSProp(0.01, alpha=0.9, eps=0.0).step(p, g)  # v = 0.1 g^2
    np.testing.assert_allclose(p, -0.01 * np.sign(g) / np.sqrt(0.1), rtol=1e-15)


def test_rmsprop_centered_first_step():
    # v = 0.1 g^2, gbar = 0.1 g: v - gbar^2 = 0.09 g^2
    g = np.array([2.0, -0.5])
    p = np.zeros(2)
    RMSProp(0.01, alpha=0.9, eps=0.0, centered=True).step(p, g)
    np.testing.assert_allclose(p, -0.01 * np.sign(g) / 0.3, rtol=1e-14)


def test_adamw_decay_is_decoupled_while_adam_decay_is_rescaled():
    # A zero gradient: AdamW shrinks p by the factor 1 - lr*wd and then makes no Adam move;
    # Adam's L2 term g = wd * p goes through the normalization, so it moves p by lr itself.
    p_w, p_a = np.array([3.0]), np.array([3.0])
    AdamW(0.01, weight_decay=0.1).step(p_w, np.zeros(1))
    Adam(0.01, weight_decay=0.1, eps=0.0).step(p_a, np.zeros(1))
    assert p_w[0] == 3.0 * (1 - 0.01 * 0.1)
    assert p_a[0] == pytest.approx(3.0 - 0.01, rel=1e-15)


def test_amsgrad_uses_the_running_maximum_of_the_second_moment():
    opt = Adam(0.1, betas=(0.0, 0.5), amsgrad=True, eps=0.0)
    p = np.zeros(1)
    opt.step(p, np.array([4.0]))
    opt.step(p, np.array([1.0]))
    st = opt.state[0]
    assert st["exp_avg_sq"][0] == 0.5 * 8.0 + 0.5 * 1.0
    assert st["max_exp_avg_sq"][0] == 8.0
    # second move: lr * m / (sqrt(max v) / sqrt(1 - 0.25)) with m = g = 1
    assert p[0] == pytest.approx(-0.1 - 0.1 * np.sqrt(0.75) / np.sqrt(8.0), rel=1e-14)


@pytest.mark.parametrize("key", list(FULL))
def test_schedule_lr_update_k_uses_lr_of_k(key):
    sched = schedules.StepDecay(0.05, step_size=2, gamma=0.5)
    rng = np.random.default_rng(1)
    p0 = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) for _ in range(5)]
    p_s, p_f = p0.copy(), p0.copy()
    opt_s, opt_f = make(key, lr=sched), make(key)
    for k, g in enumerate(grads):
        opt_f.lr = sched(k)
        opt_s.step(p_s, g)
        opt_f.step(p_f, g)
        assert opt_s.last_lr == sched(k)
    np.testing.assert_array_equal(p_s, p_f)
    assert opt_s.step_count == 5


# ------------------------------------------------------------------------------------------------
# K runs in one pass
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(FULL))
def test_k_rates_equal_k_separate_runs(key):
    lrs = np.array([0.3, 0.01, 0.07, 1.5])
    K = len(lrs)
    rng = np.random.default_rng(4)
    shapes = [(3, 2), (2,), (1, 2, 2)]
    batched = [rng.normal(size=(K, *s)) for s in shapes]
    curv = [rng.uniform(0.5, 2.0, size=(K, *s)) for s in shapes]
    singles = [[b[i].copy() for b in batched] for i in range(K)]
    opt = make(key, lr=lrs)
    single_opts = [make(key, lr=float(lr)) for lr in lrs]
    for _ in range(12):
        noise = [rng.normal(size=b.shape) for b in batched]
        opt.step(batched, [c * b + z for c, b, z in zip(curv, batched, noise, strict=True)])
        for i, (o, ps) in enumerate(zip(single_opts, singles, strict=True)):
            o.step(ps, [c[i] * q + z[i] for c, q, z in zip(curv, ps, noise, strict=True)])
    for i in range(K):
        for b, q in zip(batched, singles[i], strict=True):
            np.testing.assert_array_equal(b[i], q)
    np.testing.assert_array_equal(opt.last_lr, lrs)


def test_sgd_momentum_per_run_equals_separate_runs():
    moms = np.array([0.0, 0.5, 0.9])
    p0 = np.random.default_rng(0).normal(size=(3, 4))
    grads = [np.random.default_rng(k).normal(size=(3, 4)) for k in range(6)]
    batched = p0.copy()
    opt = SGD(0.1, momentum=moms, weight_decay=0.01)
    singles = [(p0[i].copy(), SGD(0.1, momentum=float(m), weight_decay=0.01))
               for i, m in enumerate(moms)]
    for g in grads:
        opt.step(batched, g)
        for i, (p, o) in enumerate(singles):
            o.step(p, g[i])
    for i, (p, _) in enumerate(singles):
        np.testing.assert_array_equal(batched[i], p)


@pytest.mark.parametrize("key", ["Adam", "AdamW", "RMSProp", "AdaGrad"])
def test_other_per_run_hyper_parameters_equal_separate_runs(key):
    per_run = {
        "Adam": {"betas": (np.array([0.5, 0.9]), np.array([0.99, 0.9])),
                 "eps": np.array([1e-8, 1e-3])},
        "AdamW": {"weight_decay": np.array([0.0, 0.3])},
        "RMSProp": {"alpha": np.array([0.5, 0.99]), "momentum": np.array([0.0, 0.7])},
        "AdaGrad": {"lr_decay": np.array([0.0, 0.2]),
                    "initial_accumulator_value": np.array([0.0, 1.0])},
    }[key]
    p0 = np.random.default_rng(0).normal(size=(2, 5))
    grads = [np.random.default_rng(k).normal(size=(2, 5)) for k in range(8)]
    batched = p0.copy()
    opt = make(key, **per_run)
    singles = []
    for i in range(2):
        kw = {n: (tuple(float(b[i]) for b in v) if isinstance(v, tuple) else float(v[i]))
              for n, v in per_run.items()}
        singles.append((p0[i].copy(), make(key, **kw)))
    for g in grads:
        opt.step(batched, g)
        for i, (p, o) in enumerate(singles):
            o.step(p, g[i])
    for i, (p, _) in enumerate(singles):
        # beta**t is np.power for arrays and Python's pow for floats: equal up to rounding
        np.testing.assert_allclose(batched[i], p, rtol=1e-13, atol=0)


# ------------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "kwargs", "exc", "message"), [
    (SGD, {"lr": 0.0}, ValueError, "SGD: lr must be a positive finite number (> 0), got 0.0"),
    (SGD, {"lr": -1}, ValueError, "SGD: lr must be a positive finite number (> 0), got -1"),
    (SGD, {"lr": float("nan")}, ValueError, "SGD: lr must be a finite real number, got nan"),
    (SGD, {"lr": "0.1"}, TypeError, "SGD: lr must be a finite real number, got '0.1'"),
    (SGD, {"lr": np.array([0.1, -0.2])}, ValueError,
     "SGD: lr[1] must be a positive finite number (> 0), got -0.2"),
    (SGD, {"lr": np.array([[0.1]])}, ValueError,
     "SGD: lr must be a 1-D array, got 'an array of shape (1, 1)'"),
    (SGD, {"lr": np.array([0.1, np.inf])}, ValueError,
     "SGD: lr must be finite (no NaN or inf), got '1 non-finite entries'"),
    (SGD, {"lr": np.array([0.1, 0.2, -1.0, 0.3])}, ValueError,
     "SGD: lr[2] must be a positive finite number (> 0), got -1.0"),
    (SGD, {"lr": 0.1, "dampening": np.array([0.2, 1.5, 0.3])}, ValueError,
     "SGD: dampening[1] must be in [0, 1], got 1.5"),
    (SGD, {"lr": 0.1, "momentum": np.array([0.5, -0.1, 0.2])}, ValueError,
     "SGD: momentum[1] must be a non-negative finite number (>= 0), got -0.1"),
    (SGD, {"lr": 0.1, "momentum": -0.5}, ValueError,
     "SGD: momentum must be a non-negative finite number (>= 0), got -0.5"),
    (SGD, {"lr": 0.1, "dampening": 1.5}, ValueError, "SGD: dampening must be in [0, 1], got 1.5"),
    (SGD, {"lr": 0.1, "weight_decay": -1e-4}, ValueError,
     "SGD: weight_decay must be a non-negative finite number (>= 0), got -0.0001"),
    (SGD, {"lr": 0.1, "nesterov": 1}, TypeError, "SGD: nesterov must be True or False, got 1"),
    (SGD, {"lr": 0.1, "nesterov": True}, ValueError,
     "SGD: nesterov must be False unless momentum > 0 and dampening == 0, got momentum=0.0"),
    (SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}, ValueError,
     "SGD: nesterov must be False unless momentum > 0 and dampening == 0"),
    (SGD, {"lr": 0.1, "momentum": np.array([0.0, 0.9]), "dampening": 0.1}, ValueError,
     "SGD: dampening must be 0 when some runs have momentum 0, got dampening=0.1"),
    (AdaGrad, {"lr_decay": -0.1}, ValueError,
     "AdaGrad: lr_decay must be a non-negative finite number (>= 0), got -0.1"),
    (AdaGrad, {"initial_accumulator_value": -1.0}, ValueError,
     "AdaGrad: initial_accumulator_value must be a non-negative finite number (>= 0), got -1.0"),
    (AdaGrad, {"eps": -1e-10}, ValueError,
     "AdaGrad: eps must be a non-negative finite number (>= 0), got -1e-10"),
    (AdaGrad, {"weight_decay": np.inf}, ValueError,
     "AdaGrad: weight_decay must be a finite real number, got inf"),
    (RMSProp, {"alpha": 1.01}, ValueError, "RMSProp: alpha must be in [0, 1], got 1.01"),
    (RMSProp, {"momentum": -0.1}, ValueError,
     "RMSProp: momentum must be a non-negative finite number (>= 0), got -0.1"),
    (RMSProp, {"centered": "yes"}, TypeError, "RMSProp: centered must be True or False, got 'yes'"),
    (RMSProp, {"eps": None}, TypeError, "RMSProp: eps must be a finite real number, got None"),
    (Adam, {"betas": (0.9, 1.0)}, ValueError, "Adam: betas[1] must be in [0, 1), got 1.0"),
    (Adam, {"betas": (-0.1, 0.9)}, ValueError, "Adam: betas[0] must be in [0, 1), got -0.1"),
    (Adam, {"betas": 0.9}, TypeError, "Adam: betas must be a pair (beta1, beta2), got 0.9"),
    (Adam, {"betas": (np.array([0.9, 1.2]), 0.9)}, ValueError,
     "Adam: betas[0][1] must be in [0, 1), got 1.2"),
    (Adam, {"amsgrad": None}, TypeError, "Adam: amsgrad must be True or False, got None"),
    (AdamW, {"weight_decay": -0.01}, ValueError,
     "AdamW: weight_decay must be a non-negative finite number (>= 0), got -0.01"),
    (AdamW, {"lr": 0}, ValueError, "AdamW: lr must be a positive finite number (> 0), got 0"),
])
def test_bad_constructor_arguments(cls, kwargs, exc, message):
    with pytest.raises(exc) as info:
        cls(**kwargs)
    assert str(info.value).startswith(message)


def test_reassigned_hyper_parameters_are_validated():
    opt = SGD(0.1, momentum=0.9)
    with pytest.raises(ValueError, match=r"^SGD: lr must be a non-negative finite number "
                                         r"\(>= 0\), got -0.1$"):
        opt.lr = -0.1
    with pytest.raises(ValueError, match=r"^SGD: lr\[0\] must be a non-negative finite number"):
        opt.lr = np.array([-0.1, 0.1])
    with pytest.raises(ValueError, match=r"^SGD: momentum must be a non-negative"):
        opt.momentum = -0.9
    opt.nesterov = True
    opt.momentum = 0.0  # the combination is checked when a step reads it
    with pytest.raises(ValueError, match=r"^SGD.step: nesterov must be False unless momentum > 0"):
        opt.step(np.zeros(2), np.ones(2))
    adam = Adam()
    with pytest.raises(ValueError, match=r"^Adam: betas\[0\] must be in \[0, 1\), got 1$"):
        adam.betas = (1, 0.9)


def test_per_run_arrays_are_copied_and_read_only():
    lrs = np.array([0.1, 0.2])
    opt = SGD(lrs)
    lrs[0] = -5.0
    assert opt.lr[0] == 0.1
    with pytest.raises(ValueError, match="read-only"):
        opt.lr[0] = -5.0


@pytest.mark.parametrize(("params", "grads", "exc", "message"), [
    ([np.zeros(3), np.zeros((3, 4))], [np.zeros(3), np.zeros(3)], ValueError,
     "SGD.step: grads[1] has shape (3,) but params[1] has shape (3, 4)"),
    (np.zeros(3), np.zeros(4), ValueError,
     "SGD.step: grads has shape (4,) but params has shape (3,)"),
    ([np.zeros(3)], [np.zeros(3), np.zeros(3)], ValueError, "SGD.step: got 2 grads for 1 params"),
    (np.zeros(3), [np.zeros(3)], ValueError,
     "SGD.step: grads must be one ndarray like params, got list"),
    ([np.zeros(3)], np.zeros(3), ValueError,
     "SGD.step: grads must be a list like params, got ndarray"),
    ([np.zeros(3, dtype=np.float32)], [np.zeros(3)], TypeError,
     "SGD.step: params[0] must be a float64 ndarray, got float32 ndarray"),
    ([np.zeros(2)], ["ab"], TypeError,
     "SGD.step: grads[0] must be an array of real numbers, got 'ab'"),
    ([np.zeros(2)], [np.array([True, False])], TypeError,
     "SGD.step: grads[0] must be an array of real numbers, got 'an array of dtype bool'"),
    ([], [], TypeError,
     "SGD.step: params must be a float64 ndarray or a non-empty list of them, got []"),
    (None, None, TypeError,
     "SGD.step: params must be a float64 ndarray or a non-empty list of them, got None"),
    ([[0.0, 1.0]], [np.zeros(2)], TypeError,
     "SGD.step: params[0] must be a float64 ndarray, got list"),
])
def test_bad_step_arguments(params, grads, exc, message):
    with pytest.raises(exc) as info:
        SGD(0.1).step(params, grads)
    assert str(info.value) == message


def test_parameters_must_keep_their_shapes_until_reset():
    opt = Adam()
    opt.step([np.zeros(3)], [np.ones(3)])
    with pytest.raises(ValueError, match=r"^Adam.step: params\[0\] has shape \(4,\) but the state "
                                         r"was built for shape \(3,\); call reset\(\)"):
        opt.step([np.zeros(4)], [np.ones(4)])
    with pytest.raises(ValueError, match=r"^Adam.step: got 2 params but the state was built for 1"):
        opt.step([np.zeros(3)] * 2, [np.ones(3)] * 2)
    opt.reset()
    opt.step([np.zeros(4)], [np.ones(4)])
    assert opt.step_count == 1


def test_per_run_lengths_must_agree_with_each_other_and_the_parameters():
    with pytest.raises(ValueError, match=r"^SGD.step: momentum has 3 entries but lr has 2; "):
        SGD(np.array([0.1, 0.2]), momentum=np.array([0.1, 0.2, 0.3])).step(
            np.zeros((2, 1)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"^SGD.step: params\[1\] has shape \(3,\) but lr has 2 "
                                         r"entries: each parameter needs a leading axis"):
        SGD(np.array([0.1, 0.2])).step([np.zeros((2, 3)), np.zeros(3)], [np.zeros((2, 3)),
                                                                         np.zeros(3)])
    with pytest.raises(ValueError, match=r"^Adam.step: params\[0\] has shape \(\) but betas\[1\]"):
        Adam(betas=(0.9, np.array([0.9, 0.99]))).step([np.zeros(())], [np.zeros(())])


def test_a_schedule_giving_a_bad_rate_is_refused_when_the_step_reads_it():
    class Broken(schedules.Schedule):
        def _rates(self, k):
            return np.where(k < 2, 0.1, -1.0)

    opt = SGD(Broken())
    p = np.zeros(1)
    opt.step(p, np.ones(1))
    opt.step(p, np.ones(1))
    with pytest.raises(ValueError, match=r"^SGD.step: lr\(2\) must be a non-negative finite number "
                                         r"\(>= 0\), got -1.0$"):
        opt.step(p, np.ones(1))
    assert opt.step_count == 2
    np.testing.assert_array_equal(p, [-0.2])


def test_a_loop_may_set_the_rate_to_zero_as_a_schedule_may_reach_it():
    # e.g. a warmup from 0 written into opt.lr by a training loop; the constructor refuses 0
    opt = SGD(0.1, momentum=0.5)
    p = np.ones((2, 1))
    opt.step(p, np.ones((2, 1)))
    opt.lr = 0.0
    opt.step(p, np.ones((2, 1)))
    np.testing.assert_array_equal(p, np.full((2, 1), 0.9))
    assert opt.state[0]["momentum_buffer"][0, 0] == 1.5
    opt.lr = np.array([0.0, 0.1])
    opt.step(p, np.ones((2, 1)))
    np.testing.assert_allclose(p, [[0.9], [0.9 - 0.1 * 1.75]], rtol=1e-15)


def test_a_schedule_may_reach_zero():
    opt = SGD(schedules.CosineAnnealing(0.1, total_steps=1))
    p = np.ones(1)
    opt.step(p, np.ones(1))
    opt.step(p, np.ones(1))
    assert opt.last_lr == 0.0
    assert p[0] == pytest.approx(0.9, rel=1e-15)


# ------------------------------------------------------------------------------------------------
# State, reset, reassignment
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "names"), [
    ("SGD", {"momentum_buffer"}),
    ("AdaGrad", {"step", "sum"}),
    ("RMSProp", {"step", "square_avg", "momentum_buffer", "grad_avg"}),
    ("Adam", {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
    ("AdamW", {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
])
def test_state_names_step_count_and_reset(key, names):
    opt = make(key)
    assert opt.state == [] and opt.step_count == 0 and opt.last_lr is None
    params = [np.ones((2, 3)), np.ones(3)]
    for _ in range(3):
        opt.step(params, [np.full((2, 3), 0.5), np.full(3, -0.5)])
    assert opt.step_count == 3
    assert opt.last_lr == FULL[key]["lr"]
    assert len(opt.state) == 2
    for st, p in zip(opt.state, params, strict=True):
        assert set(st) == names
        for name in names - {"step"}:
            assert st[name].shape == p.shape and st[name].dtype == np.float64
        if "step" in names:
            assert st["step"] == 3
    opt.reset()
    assert opt.state == [] and opt.step_count == 0 and opt.last_lr is None


def test_reset_restarts_exactly_like_a_new_optimizer():
    g = [np.array([1.0, -2.0]), np.array([0.5, 3.0])]
    used = make("Adam")
    p = np.zeros(2)
    for gk in g:
        used.step(p, gk)
    used.reset()
    p_used, p_new = np.zeros(2), np.zeros(2)
    fresh = make("Adam")
    for gk in g:
        used.step(p_used, gk)
        fresh.step(p_new, gk)
    np.testing.assert_array_equal(p_used, p_new)


def test_reassigning_lr_and_momentum_between_steps_takes_effect():
    opt = SGD(0.1, momentum=0.5)
    p = np.zeros(1)
    opt.step(p, np.array([1.0]))  # b = 1, p = -0.1
    opt.lr, opt.momentum = 0.2, 0.25
    opt.step(p, np.array([1.0]))  # b = 0.25 + 1, p = -0.1 - 0.25
    assert opt.last_lr == 0.2
    assert p[0] == pytest.approx(-0.35, rel=1e-15)


def test_reassigning_betas_between_steps_takes_effect():
    a, b = Adam(0.1, betas=(0.9, 0.999)), Adam(0.1, betas=(0.9, 0.999))
    pa, pb = np.zeros(2), np.zeros(2)
    g = np.array([1.0, -0.5])
    a.step(pa, g)
    b.step(pb, g)
    a.betas = (0.5, 0.999)
    a.step(pa, 2 * g)
    b.step(pb, 2 * g)
    m = 0.5 * 0.1 * g + 0.5 * 2 * g  # exp_avg after the second step with beta1 = 0.5
    np.testing.assert_allclose(a.state[0]["exp_avg"], m, rtol=1e-15)
    assert not np.allclose(pa, pb)


def test_switching_flags_on_later_creates_their_buffers():
    opt = RMSProp(0.01)
    p = np.ones(2)
    opt.step(p, np.ones(2))
    assert set(opt.state[0]) == {"step", "square_avg"}
    opt.centered, opt.momentum = True, 0.9
    opt.step(p, np.ones(2))
    assert set(opt.state[0]) == {"step", "square_avg", "grad_avg", "momentum_buffer"}


def test_gradients_are_never_modified():
    for key in FULL:
        g = np.array([1.0, -2.0])
        make(key).step(np.ones(2), g)
        np.testing.assert_array_equal(g, [1.0, -2.0])


def test_repr_lists_the_hyper_parameters():
    assert repr(SGD(0.1, momentum=0.9)) == (
        "SGD(lr=0.1, momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0)")
    assert isinstance(SGD(0.1), Optimizer)


# ------------------------------------------------------------------------------------------------
# Non-finite gradients
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(FULL))
@pytest.mark.parametrize("bad", [np.nan, np.inf, 1e300])
def test_a_non_finite_gradient_leaves_the_other_parameters_identical(key, bad):
    rng = np.random.default_rng(3)
    p0 = [rng.normal(size=(2, 3)), rng.normal(size=(4,))]
    gs = [[rng.normal(size=(2, 3)), rng.normal(size=(4,))] for _ in range(5)]
    clean, poisoned = [p.copy() for p in p0], [p.copy() for p in p0]
    o_clean, o_poisoned = make(key), make(key)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for k, g in enumerate(gs):
            o_clean.step(clean, g)
            bad_g = [g[0].copy(), g[1]]
            if k >= 2:
                bad_g[0][1, 2] = bad
            o_poisoned.step(poisoned, bad_g)
    np.testing.assert_array_equal(poisoned[1], clean[1])
    if bad != 1e300:
        assert not np.all(np.isfinite(poisoned[0]))


@pytest.mark.parametrize("key", list(FULL))
def test_a_diverging_run_does_not_touch_the_other_runs(key):
    lrs = np.array([0.1, 0.2])
    rng = np.random.default_rng(5)
    p = rng.normal(size=(2, 3))
    q = p.copy()
    a, b = make(key, lr=lrs), make(key, lr=lrs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for k in range(4):
            g = rng.normal(size=(2, 3))
            a.step(p, g)
            g = g.copy()
            if k == 1:
                g[1, 0] = np.nan
            b.step(q, g)
    np.testing.assert_array_equal(q[0], p[0])
    np.testing.assert_array_equal(q[1, 1:], p[1, 1:])
    assert np.isnan(q[1, 0])


# ------------------------------------------------------------------------------------------------
# Replay of the stored PyTorch trajectories
# ------------------------------------------------------------------------------------------------


REFERENCE_DOC = json.loads(REFERENCE.read_text())


def reference_cases():
    return REFERENCE_DOC["cases"]


def case_id(case):
    kw = ",".join(f"{k}={v}" for k, v in case["kwargs"].items())
    extra = case["schedule"]["class"] if "schedule" in case else ""
    extra += "+changes" if "changes" in case else ""
    return f"{case['optimizer']}({kw}){extra}"


def test_reference_file_covers_every_optimizer_and_flag():
    cases = reference_cases()
    by_name = {name: [c for c in cases if c["optimizer"] == name] for name in CLASSES}
    assert all(len(v) >= 9 for v in by_name.values())
    for name, flag in [("SGD", "nesterov"), ("RMSProp", "centered"), ("Adam", "amsgrad"),
                       ("AdamW", "amsgrad")]:
        assert {c["kwargs"].get(flag, False) for c in by_name[name]} == {False, True}
    for name, hyper in [("SGD", "momentum"), ("SGD", "dampening"), ("SGD", "weight_decay"),
                        ("AdaGrad", "lr_decay"), ("AdaGrad", "initial_accumulator_value"),
                        ("RMSProp", "momentum"), ("RMSProp", "weight_decay"),
                        ("Adam", "weight_decay"), ("AdamW", "weight_decay")]:
        assert any(c["kwargs"].get(hyper, 0) > 0 for c in by_name[name]), (name, hyper)
    assert sum("schedule" in c for c in cases) >= 5
    assert sum("changes" in c for c in cases) >= 5
    assert all(c["steps"] >= 25 for c in cases)


@pytest.mark.parametrize("case", reference_cases(), ids=case_id)
def test_replay_of_torch_trajectory(case):
    kwargs = dict(case["kwargs"])
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    sched = None
    if "schedule" in case:
        sched = getattr(schedules, case["schedule"]["class"])(**case["schedule"]["kwargs"])
        kwargs["lr"] = sched
    opt = CLASSES[case["optimizer"]](**kwargs)
    params = [np.array(p, dtype=np.float64) for p in case["init"]]
    curvature = [np.array(c) for c in case["curvature"]]
    noise = np.random.default_rng(case["noise_seed"])
    for k in range(case["steps"]):
        for name, value in case.get("changes", {}).get(str(k), {}).items():
            setattr(opt, name, tuple(value) if name == "betas" else value)
        if "cycle_momentum" in case:
            m = sched.momentum(k, **case["cycle_momentum"])
            if case["optimizer"] == "SGD":
                opt.momentum = m
            else:
                opt.betas = (m, opt.betas[1])
        grads = [c * p + REFERENCE_DOC["noise"] * noise.normal(size=p.shape)
                 for c, p in zip(curvature, params, strict=True)]
        opt.step(params, grads)
        assert opt.last_lr == pytest.approx(case["lr"][k], rel=1e-12, abs=0)
        for p, ref in zip(params, case["trajectory"][k], strict=True):
            np.testing.assert_allclose(p, np.array(ref), rtol=1e-9, atol=1e-12,
                                       err_msg=f"after update {k}")
    for st, ref in zip(opt.state, case["final_state"], strict=True):
        assert set(st) == set(ref)
        for name, value in ref.items():
            if name == "step":
                assert st["step"] == value
            else:
                np.testing.assert_allclose(st[name], np.array(value), rtol=1e-9, atol=1e-12)


def test_docstring_examples():
    import lrcourse.optimizers

    attempted, failed = run_doctests(lrcourse.optimizers)
    assert attempted >= 8 and failed == 0


# ------------------------------------------------------------------------------------------------
# The effective per-coordinate rate
# ------------------------------------------------------------------------------------------------


def _direction(opt, g, p_before):
    """What the effective rate multiplied in the last update (no momentum for SGD/RMSProp)."""
    if isinstance(opt, Adam):
        st = opt.state[0]
        return st["exp_avg"] / (1 - opt.betas[0] ** st["step"])
    return g + opt.weight_decay * p_before


@pytest.mark.parametrize("opt", [
    SGD(0.1, weight_decay=0.05), AdaGrad(0.3, lr_decay=0.1, weight_decay=0.05, eps=1e-3),
    RMSProp(0.01, weight_decay=0.05), RMSProp(0.01, alpha=0.9, centered=True),
    Adam(0.05, weight_decay=0.05), Adam(0.05, betas=(0.5, 0.9), amsgrad=True),
    AdamW(0.05, weight_decay=0.1),
], ids=repr)
def test_effective_lr_times_the_direction_is_the_update(opt):
    rng = np.random.default_rng(3)
    p = rng.normal(size=(3, 2))
    for _ in range(6):
        before, g = p.copy(), rng.normal(size=p.shape)
        opt.step(p, g)
        start = before * (1 - opt.last_lr * opt.weight_decay) if isinstance(opt, AdamW) \
            else before
        direction = _direction(opt, g, before) if not isinstance(opt, AdamW) \
            else opt.state[0]["exp_avg"] / (1 - opt.betas[0] ** opt.state[0]["step"])
        eff = opt.effective_lr()
        assert len(eff) == 1 and eff[0].shape == p.shape
        np.testing.assert_allclose(p - start, -eff[0] * direction, rtol=1e-12, atol=1e-15)


def test_effective_lr_of_sgd_is_the_rate_and_of_adagrad_shrinks():
    sgd, ada = SGD(np.array([0.1, 0.2])), AdaGrad(0.5)
    p, q = np.zeros((2, 3)), np.zeros(4)
    sgd.step(p, np.ones((2, 3)))
    np.testing.assert_array_equal(sgd.effective_lr()[0], [[0.1] * 3, [0.2] * 3])
    rates = []
    for _ in range(4):
        ada.step(q, np.full(4, 2.0))
        rates.append(ada.effective_lr()[0][0])
    np.testing.assert_allclose(rates, 0.5 / (2.0 * np.sqrt([1, 2, 3, 4])), rtol=1e-9)


def test_effective_lr_per_run_and_for_several_parameters():
    opt = Adam(np.array([0.01, 0.1]))
    params = [np.zeros((2, 3)), np.zeros((2,))]
    opt.step(params, [np.ones((2, 3)), np.full(2, -3.0)])
    eff = opt.effective_lr()
    assert [e.shape for e in eff] == [(2, 3), (2,)]
    np.testing.assert_allclose(eff[0][1], 0.1 / (1.0 + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(eff[1], np.array([0.01, 0.1]) / (3.0 + 1e-8), rtol=1e-12)


def test_effective_lr_before_any_update_is_refused():
    opt = Adam(0.01)
    with pytest.raises(ValueError, match=r"Adam\.effective_lr: the optimizer must have made "
                                         r"an update"):
        opt.effective_lr()
    opt.step(np.zeros(2), np.ones(2))
    opt.reset()
    with pytest.raises(ValueError, match="step_count=0"):
        opt.effective_lr()


def _no_momentum(case):
    kw = case["kwargs"]
    return case["optimizer"] in ("AdaGrad", "Adam", "AdamW") or (
        case["optimizer"] in ("SGD", "RMSProp") and kw.get("momentum", 0.0) == 0.0
        and "changes" not in case and "cycle_momentum" not in case)


@pytest.mark.parametrize("case", [c for c in reference_cases() if _no_momentum(c)], ids=case_id)
def test_effective_lr_reproduces_every_torch_update(case):
    """The effective rate times the update's direction is PyTorch's own step, at every update."""
    kwargs = dict(case["kwargs"])
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    sched = None
    if "schedule" in case:
        sched = getattr(schedules, case["schedule"]["class"])(**case["schedule"]["kwargs"])
        kwargs["lr"] = sched
    opt = CLASSES[case["optimizer"]](**kwargs)
    params = [np.array(p, dtype=np.float64) for p in case["init"]]
    curvature = [np.array(c) for c in case["curvature"]]
    noise = np.random.default_rng(case["noise_seed"])
    torch_before = [np.array(p) for p in case["init"]]
    for k in range(case["steps"]):
        for name, value in case.get("changes", {}).get(str(k), {}).items():
            setattr(opt, name, tuple(value) if name == "betas" else value)
        if "cycle_momentum" in case:  # Adam's beta1 cycled (SGD's momentum is excluded)
            opt.betas = (sched.momentum(k, **case["cycle_momentum"]), opt.betas[1])
        grads = [c * p + REFERENCE_DOC["noise"] * noise.normal(size=p.shape)
                 for c, p in zip(curvature, params, strict=True)]
        before = [p.copy() for p in params]
        opt.step(params, grads)
        torch_after = [np.array(p) for p in case["trajectory"][k]]
        for i, (eff, g, b) in enumerate(zip(opt.effective_lr(), grads, before, strict=True)):
            st = opt.state[i]
            if isinstance(opt, Adam):
                direction = st["exp_avg"] / (1 - opt.betas[0] ** st["step"])
            else:
                direction = g + opt.weight_decay * b
            start = torch_before[i] * (1 - opt.last_lr * opt.weight_decay) \
                if isinstance(opt, AdamW) else torch_before[i]
            np.testing.assert_allclose(torch_after[i] - start, -eff * direction, rtol=1e-7,
                                       atol=1e-12, err_msg=f"parameter {i}, update {k}")
        torch_before = torch_after
