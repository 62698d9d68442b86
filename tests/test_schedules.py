"""Tests of lrcourse.schedules: hand-derived values, vectorization, bad input, and stored
PyTorch reference values (tests/reference/schedules.json, written by
scripts/torch_reference_schedules.py), replayed without torch."""

import dataclasses
import doctest
import json
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import build_schedule, run_doctests

from lrcourse import schedules as S
from lrcourse.schedules import (
    BoldDriver,
    Constant,
    CosineAnnealing,
    CosineWarmRestarts,
    CyclicLR,
    ExponentialDecay,
    InverseSqrtDecay,
    InverseTimeDecay,
    LinearDecay,
    MultiStepDecay,
    OneCycle,
    PolynomialDecay,
    ReduceOnPlateau,
    Schedule,
    Sequential,
    StepDecay,
    Warmup,
)

REFERENCE = Path(__file__).parent / "reference" / "schedules.json"

# One instance of every step-indexed schedule, including the composite ones.
EXAMPLES = [
    Constant(0.3),
    StepDecay(1.0, 3, 0.5),
    MultiStepDecay(0.5, [2, 5, 9], 0.3),
    ExponentialDecay(0.2, 0.9),
    InverseTimeDecay(1.0, 0.5, 3),
    InverseTimeDecay(1.0, 0.5, 3, staircase=True),
    InverseSqrtDecay(0.4, 5),
    LinearDecay(1.0, 0.1, 7),
    LinearDecay(0.1, 1.0, 7),
    PolynomialDecay(1.0, 9, power=2.5, end_lr=0.05),
    CosineAnnealing(1.0, 8, 0.1),
    CosineWarmRestarts(1.0, 3),
    CosineWarmRestarts(1.0, 2, 3, 0.01),
    CyclicLR(0.1, 1.0, 3),
    CyclicLR(0.1, 1.0, 2, 5, mode="triangular2"),
    CyclicLR(0.1, 1.0, 4, mode="exp_range", gamma=0.97),
    OneCycle(1.0, 40),
    OneCycle(1.0, 40, pct_start=0.25, anneal="linear", three_phase=True),
    Warmup(CosineAnnealing(1.0, 10), 4),
    Warmup(ExponentialDecay(0.5, 0.9), 3, start_factor=0.2),
    Sequential([Constant(0.1), StepDecay(1.0, 2, 0.5), CosineAnnealing(0.5, 6)], [3, 8]),
]
IDS = [repr(s) for s in EXAMPLES]


def steps_for(s: Schedule) -> np.ndarray:
    """Steps 0..39 (OneCycle of 40 steps accepts exactly these)."""
    return np.arange(40)


# --------------------------------------------------------------------------------------------
# Hand-derived values
# --------------------------------------------------------------------------------------------


def test_constant():
    np.testing.assert_array_equal(Constant(0.3)(np.arange(5)), np.full(5, 0.3))


def test_step_decay_staircase():
    np.testing.assert_allclose(StepDecay(1, 3, 0.5)(np.arange(7)),
                               [1, 1, 1, 0.5, 0.5, 0.5, 0.25], rtol=0, atol=0)


def test_multistep_decay_drops_at_each_milestone():
    got = MultiStepDecay(1.0, [2, 5], 0.1)(np.arange(7))
    np.testing.assert_allclose(got, [1, 1, 0.1, 0.1, 0.1, 0.01, 0.01], rtol=1e-15)


def test_exponential_decay():
    np.testing.assert_allclose(ExponentialDecay(2.0, 0.5)(np.arange(4)), [2, 1, 0.5, 0.25])


def test_inverse_time_decay_keras_formula():
    # lr / (1 + r k / s): k = 0, 3, 6 -> 1, 1/1.5, 1/2; staircase floors k / s.
    s = InverseTimeDecay(1.0, 0.5, decay_steps=3)
    np.testing.assert_allclose(s(np.array([0, 3, 6])), [1, 1 / 1.5, 0.5], rtol=1e-15)
    assert s(1) == pytest.approx(1 / (1 + 0.5 / 3), rel=1e-15)
    stair = InverseTimeDecay(1.0, 0.5, decay_steps=3, staircase=True)
    np.testing.assert_allclose(stair(np.arange(7)), [1, 1, 1, 1 / 1.5, 1 / 1.5, 1 / 1.5, 0.5])


def test_inverse_sqrt_decay_halves_at_three_decay_steps():
    s = InverseSqrtDecay(0.8, decay_steps=5)
    assert s(0) == 0.8
    assert s(15) == pytest.approx(0.4, rel=1e-15)
    assert s(5) == pytest.approx(0.8 / math.sqrt(2), rel=1e-15)


def test_linear_decay_reaches_end_and_stays():
    s = LinearDecay(1.0, 0.2, 4)
    np.testing.assert_allclose(s(np.arange(7)), [1, 0.8, 0.6, 0.4, 0.2, 0.2, 0.2], rtol=1e-14)
    up = LinearDecay(0.1, 0.5, 2)
    np.testing.assert_allclose(up(np.arange(4)), [0.1, 0.3, 0.5, 0.5], rtol=1e-14)


def test_polynomial_decay():
    s = PolynomialDecay(1.0, 4, power=2.0)
    np.testing.assert_allclose(s(np.arange(6)), [1, 9 / 16, 1 / 4, 1 / 16, 0, 0], rtol=1e-15)
    e = PolynomialDecay(1.0, 2, power=1.0, end_lr=0.2)
    np.testing.assert_allclose(e(np.arange(4)), [1, 0.6, 0.2, 0.2], rtol=1e-14)


def test_cosine_midpoint_end_and_clamp_after_total_steps():
    s = CosineAnnealing(1.0, 10, min_lr=0.2)
    assert s(0) == 1.0
    assert s(5) == pytest.approx(0.6, rel=1e-15)  # cos(pi/2) = 0: the midpoint
    assert s(10) == pytest.approx(0.2, rel=1e-15)
    np.testing.assert_array_equal(s(np.arange(10, 40)), np.full(30, s(10)))


def test_warm_restarts_period_one_and_mult():
    s = CosineWarmRestarts(1.0, 4)
    np.testing.assert_allclose(s(np.arange(9)), [1, 0.5 + 0.5 * math.cos(math.pi / 4), 0.5,
                                                  0.5 - 0.5 * math.cos(math.pi / 4), 1,
                                                  0.5 + 0.5 * math.cos(math.pi / 4), 0.5,
                                                  0.5 - 0.5 * math.cos(math.pi / 4), 1],
                               rtol=1e-14)
    # period 2, mult 3: cycles [0, 2), [2, 8), [8, 26), [26, 80): restarts at 0, 2, 8, 26.
    m = CosineWarmRestarts(1.0, 2, period_mult=3)
    k = np.arange(100)
    restarts = k[m(k) == 1.0]
    np.testing.assert_array_equal(restarts, [0, 2, 8, 26, 80])
    assert m(5) == pytest.approx(0.5, rel=1e-14)  # middle of the 6-step cycle starting at 2
    assert m(17) == pytest.approx(0.5, rel=1e-14)  # middle of the 18-step cycle starting at 8


def test_warm_restarts_closed_form_exact_at_many_cycle_boundaries():
    # The logarithm may round either way exactly at a restart; every restart must still be 1.0.
    for period, mult in [(1, 2), (1, 3), (3, 2), (5, 3), (2, 10), (7, 4)]:
        s = CosineWarmRestarts(1.0, period, mult)
        starts = np.array([period * (mult**i - 1) // (mult - 1) for i in range(12)])
        np.testing.assert_array_equal(s(starts), np.ones(12))
        assert np.all(s(starts[2:] - 1) < 1.0)  # the last step of every cycle after the first


def test_cyclic_triangular_modes():
    tri = CyclicLR(0.1, 1.0, 3)
    np.testing.assert_allclose(tri(np.arange(7)), [0.1, 0.4, 0.7, 1.0, 0.7, 0.4, 0.1],
                               rtol=1e-14)
    tri2 = CyclicLR(0.1, 1.0, 3, mode="triangular2")
    assert tri2(9) == pytest.approx(0.1 + 0.9 / 2, rel=1e-14)  # second peak: half amplitude
    assert tri2(15) == pytest.approx(0.1 + 0.9 / 4, rel=1e-14)
    exp = CyclicLR(0.1, 1.0, 3, mode="exp_range", gamma=0.9)
    assert exp(3) == pytest.approx(0.1 + 0.9 * 0.9**3, rel=1e-14)
    asym = CyclicLR(0.0 + 1.0, 2.0, 1, step_size_down=3)
    np.testing.assert_allclose(asym(np.arange(5)), [1, 2, 5 / 3, 4 / 3, 1], rtol=1e-14)


def test_cyclic_momentum_inverse_to_rate():
    s = CyclicLR(0.1, 1.0, 3)
    np.testing.assert_allclose(s.momentum(np.arange(7)), [0.9, 0.9 - 0.1 / 3, 0.9 - 0.2 / 3,
                                                          0.8, 0.9 - 0.2 / 3, 0.9 - 0.1 / 3,
                                                          0.9], rtol=1e-14)
    assert s.momentum(3, base_momentum=0.5, max_momentum=0.95) == pytest.approx(0.5)


def test_one_cycle_start_peak_end():
    s = OneCycle(2.0, 100, pct_start=0.3, div_factor=25.0, final_div_factor=1e4)
    assert s(0) == pytest.approx(2.0 / 25, rel=1e-14)  # max + (start - max) / 2 * 2: rounding
    assert s(29) == 2.0  # the warm-up ends at step pct_start * T - 1
    assert s(99) == pytest.approx(2.0 / 25 / 1e4, rel=1e-12)
    k = np.arange(100)
    assert np.argmax(s(k)) == 29
    assert np.all(np.diff(s(k)[:30]) > 0) and np.all(np.diff(s(k)[29:]) < 0)
    m = s.momentum(k)
    assert m[0] == 0.95 and m[29] == 0.85 and m[99] == pytest.approx(0.95, rel=1e-14)


def test_one_cycle_three_phase_linear():
    s = OneCycle(1.0, 21, pct_start=0.5, anneal="linear", div_factor=10.0,
                 final_div_factor=10.0, three_phase=True)
    # phase ends: 9.5 (up), 19 (back down to 0.1), 20 (down to 0.01)
    assert s(0) == pytest.approx(0.1)
    assert s(19) == pytest.approx(0.1, rel=1e-14)
    assert s(20) == pytest.approx(0.01, rel=1e-14)
    np.testing.assert_allclose(s(np.array([5])), [0.1 + 0.9 * 5 / 9.5], rtol=1e-14)
    np.testing.assert_allclose(s.momentum(np.array([19, 20])), [0.95, 0.95], rtol=1e-14)


def test_one_cycle_refuses_steps_past_the_end():
    s = OneCycle(1.0, 10)
    with pytest.raises(ValueError, match=r"OneCycle: step k must be < total_steps \(10\), got 10"):
        s(10)
    with pytest.raises(ValueError, match="total_steps"):
        s(np.array([3, 12]))
    with pytest.raises(ValueError, match="total_steps"):
        s.momentum(10)


def test_warmup_ramp_then_schedule_from_its_own_step_zero():
    inner = CosineAnnealing(1.0, 4)
    w = Warmup(inner, 4)
    np.testing.assert_allclose(w(np.arange(4)), [0, 0.25, 0.5, 0.75], rtol=1e-15)
    np.testing.assert_allclose(w(np.arange(4, 10)), inner(np.arange(6)), rtol=1e-15)
    w2 = Warmup(Constant(2.0), 2, start_factor=0.5)
    np.testing.assert_allclose(w2(np.arange(4)), [1.0, 1.5, 2.0, 2.0], rtol=1e-15)


def test_sequential_children_restart():
    s = Sequential([Constant(0.1), ExponentialDecay(1.0, 0.5)], [2])
    np.testing.assert_allclose(s(np.arange(5)), [0.1, 0.1, 1, 0.5, 0.25], rtol=1e-15)
    single = Sequential([StepDecay(1.0, 2)], [])
    np.testing.assert_array_equal(single(np.arange(6)), StepDecay(1.0, 2)(np.arange(6)))


def test_sequential_propagates_a_child_refusal():
    s = Sequential([Constant(0.1), OneCycle(1.0, 10)], [5])
    s(np.arange(15))
    with pytest.raises(ValueError, match="OneCycle: step k"):
        s(15)


# --------------------------------------------------------------------------------------------
# Vectorization, types, immutability
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sched", EXAMPLES, ids=IDS)
def test_array_equals_scalar_calls(sched):
    k = steps_for(sched)
    got = sched(k)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == k.shape
    singles = [sched(int(i)) for i in k]
    assert all(type(v) is float for v in singles)
    # numpy's vectorized pow/cos may differ from its scalar path in the last bit
    np.testing.assert_allclose(got, singles, rtol=1e-15, atol=0)


@pytest.mark.parametrize("sched", EXAMPLES, ids=IDS)
def test_shape_kept_and_rates_positive(sched):
    k = np.arange(40).reshape(4, 2, 5)[:, :, ::-1]
    got = sched(k)
    assert got.shape == (4, 2, 5)
    np.testing.assert_allclose(got.ravel(), sched(k.ravel()), rtol=1e-15, atol=0)
    assert np.all(np.isfinite(got)) and np.all(got >= 0)
    assert sched(np.array(3)).shape == ()
    assert sched(np.zeros(0, dtype=np.int32)).shape == (0,)
    assert sched(np.int64(3)) == sched(3)
    assert sched([1, 2]).shape == (2,)


@pytest.mark.parametrize("sched", EXAMPLES, ids=IDS)
def test_schedules_are_frozen_values(sched):
    field = dataclasses.fields(sched)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(sched, field, 1.0)
    assert sched == dataclasses.replace(sched)
    assert hash(sched) == hash(dataclasses.replace(sched))
    assert type(sched).__name__ + "(" in repr(sched)


@pytest.mark.parametrize("momentum_of", [CyclicLR(0.1, 1.0, 2, 5, mode="triangular2"),
                                         OneCycle(1.0, 40, three_phase=True)], ids=repr)
def test_momentum_vectorized(momentum_of):
    k = np.arange(40)
    got = momentum_of.momentum(k.reshape(8, 5))
    assert got.shape == (8, 5)
    singles = [momentum_of.momentum(int(i)) for i in k]
    np.testing.assert_allclose(got.ravel(), singles, rtol=1e-15, atol=0)


@pytest.mark.parametrize("bad", [-1, np.array([0, -3]), 1.0, np.array([0.5]), True,
                                 np.array([True]), "3", None])
def test_bad_steps_refused(bad):
    with pytest.raises((ValueError, TypeError), match=r"StepDecay: step k must be"):
        StepDecay(1.0, 2)(bad)


def test_composites_keep_their_own_copy_of_the_children():
    children = [Constant(0.1), Constant(0.2)]
    milestones = [3]
    s = Sequential(children, milestones)
    children.append(Constant(0.3))
    milestones[0] = 1
    assert s.schedules == (Constant(0.1), Constant(0.2)) and s.milestones == (3,)
    assert s(2) == 0.1


def test_docstring_examples():
    attempted, failed = run_doctests(S, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert attempted >= 10 and failed == 0


def test_schedule_base_is_abstract():
    with pytest.raises(TypeError):
        Schedule()


def test_all_lists_every_public_name():
    public = {n for n, v in vars(S).items() if isinstance(v, type)
              and v.__module__.startswith(f"{S.__name__}.") and not n.startswith("_")}
    assert set(S.__all__) == public | {"SCHEDULE_KINDS", "make_schedule"}
    assert len(S.__all__) == 19


# --------------------------------------------------------------------------------------------
# Bad arguments
# --------------------------------------------------------------------------------------------

BAD = [
    (lambda: Constant(0.0), ValueError, "Constant: lr must be a positive finite number .*got 0.0"),
    (lambda: Constant(-1), ValueError, "Constant: lr must be a positive .*got -1"),
    (lambda: Constant(float("nan")), ValueError, "Constant: lr must be a finite real"),
    (lambda: Constant("0.1"), TypeError, "Constant: lr must be a finite real number, got '0.1'"),
    (lambda: StepDecay(1.0, 0), ValueError, "StepDecay: step_size must be a positive integer, "
                                            "got 0"),
    (lambda: StepDecay(1.0, 2.0), TypeError, "StepDecay: step_size must be a positive integer"),
    (lambda: StepDecay(1.0, 2, 1.5), ValueError, r"StepDecay: gamma must be in \(0, 1\], "
                                                 "got 1.5"),
    (lambda: StepDecay(1.0, 2, 0.0), ValueError, r"StepDecay: gamma must be in \(0, 1\]"),
    (lambda: MultiStepDecay(1.0, [3, 2]), ValueError,
     r"MultiStepDecay: milestones must be a sequence of strictly increasing positive integers, "
     r"got \[3, 2\]"),
    (lambda: MultiStepDecay(1.0, [2, 2]), ValueError, r"milestones .*got \[2, 2\]"),
    (lambda: MultiStepDecay(1.0, [0, 2]), ValueError, r"milestones .*got \[0, 2\]"),
    (lambda: MultiStepDecay(1.0, []), ValueError, r"MultiStepDecay: milestones must be "
                                                  r"non-empty, got \[\]"),
    (lambda: MultiStepDecay(1.0, [1.5]), TypeError, "MultiStepDecay: milestones must be"),
    (lambda: MultiStepDecay(1.0, 5), TypeError, "MultiStepDecay: milestones must be .*got 5"),
    (lambda: MultiStepDecay(1.0, [2], gamma=-0.1), ValueError, "MultiStepDecay: gamma"),
    (lambda: ExponentialDecay(1.0, 1.01), ValueError, r"ExponentialDecay: gamma must be in "
                                                      r"\(0, 1\], got 1.01"),
    (lambda: ExponentialDecay(0.0, 0.9), ValueError, "ExponentialDecay: lr must be"),
    (lambda: InverseTimeDecay(1.0, 0.0), ValueError, "InverseTimeDecay: decay_rate must be a "
                                                     "positive"),
    (lambda: InverseTimeDecay(1.0, 0.5, 0), ValueError, "InverseTimeDecay: decay_steps must be "
                                                        "a positive integer, got 0"),
    (lambda: InverseTimeDecay(1.0, 0.5, 1, staircase=1), TypeError,
     "InverseTimeDecay: staircase must be True or False, got 1"),
    (lambda: InverseSqrtDecay(1.0, 0), ValueError, "InverseSqrtDecay: decay_steps"),
    (lambda: InverseSqrtDecay(-2.0), ValueError, "InverseSqrtDecay: lr"),
    (lambda: LinearDecay(1.0, -0.1, 5), ValueError, r"LinearDecay: end_lr must be a non-negative "
                                                    r"finite number \(>= 0\), got -0.1"),
    (lambda: LinearDecay(1.0, 0.1, 0), ValueError, "LinearDecay: total_steps must be a positive "
                                                   "integer, got 0"),
    (lambda: PolynomialDecay(1.0, 10, power=0.0), ValueError, "PolynomialDecay: power must be "
                                                              "a positive"),
    (lambda: PolynomialDecay(1.0, 10, end_lr=2.0), ValueError,
     r"PolynomialDecay: end_lr must be <= lr \(1\), got 2.0"),
    (lambda: PolynomialDecay(1.0, 0), ValueError, "PolynomialDecay: total_steps"),
    (lambda: CosineAnnealing(1.0, 10, min_lr=1.5), ValueError,
     r"CosineAnnealing: min_lr must be <= lr \(1\), got 1.5"),
    (lambda: CosineAnnealing(1.0, 10, min_lr=-0.5), ValueError, "CosineAnnealing: min_lr must "
                                                                "be a non-negative"),
    (lambda: CosineAnnealing(1.0, -10), ValueError, "CosineAnnealing: total_steps .*got -10"),
    (lambda: CosineWarmRestarts(1.0, 0), ValueError, "CosineWarmRestarts: period must be a "
                                                     "positive integer, got 0"),
    (lambda: CosineWarmRestarts(1.0, 5, 0), ValueError, "CosineWarmRestarts: period_mult must "
                                                        "be a positive integer, got 0"),
    (lambda: CosineWarmRestarts(1.0, 5, 1.5), TypeError, "CosineWarmRestarts: period_mult"),
    (lambda: CosineWarmRestarts(1.0, 5, 2, min_lr=3.0), ValueError,
     r"CosineWarmRestarts: min_lr must be <= lr"),
    (lambda: CyclicLR(1.0, 1.0, 5), ValueError, r"CyclicLR: max_lr must be > base_lr \(1\), "
                                                "got 1.0"),
    (lambda: CyclicLR(0.0, 1.0, 5), ValueError, "CyclicLR: base_lr must be a positive"),
    (lambda: CyclicLR(0.1, 1.0, 0), ValueError, "CyclicLR: step_size_up must be a positive "
                                                "integer, got 0"),
    (lambda: CyclicLR(0.1, 1.0, 5, 0), ValueError, "CyclicLR: step_size_down must be a positive "
                                                   "integer, got 0"),
    (lambda: CyclicLR(0.1, 1.0, 5, mode="exp"), ValueError,
     "CyclicLR: mode must be one of 'triangular', 'triangular2', 'exp_range', got 'exp'"),
    (lambda: CyclicLR(0.1, 1.0, 5, mode="exp_range", gamma=1.2), ValueError,
     r"CyclicLR: gamma must be in \(0, 1\], got 1.2"),
    (lambda: CyclicLR(0.1, 1.0, 5).momentum(0, base_momentum=0.95, max_momentum=0.9), ValueError,
     r"CyclicLR.momentum: base_momentum must be <= max_momentum \(0.9\), got 0.95"),
    (lambda: CyclicLR(0.1, 1.0, 5).momentum(0, max_momentum=1.0), ValueError,
     r"CyclicLR.momentum: max_momentum must be in \[0, 1\), got 1.0"),
    (lambda: CyclicLR(0.1, 1.0, 5).momentum(-1), ValueError,
     "CyclicLR.momentum: step k must be non-negative, got -1"),
    (lambda: OneCycle(1.0, 100, pct_start=0.0), ValueError,
     r"OneCycle: pct_start must be in \(0, 1\), got 0.0"),
    (lambda: OneCycle(1.0, 100, pct_start=1.0), ValueError, r"pct_start must be in \(0, 1\)"),
    (lambda: OneCycle(1.0, 10, pct_start=0.1), ValueError,
     r"OneCycle: pct_start must be > 1/total_steps \(= 0.1\) so that the warm-up lasts beyond "
     "step 0, got 0.1"),
    (lambda: OneCycle(1.0, 10, pct_start=0.6, three_phase=True), ValueError,
     r"OneCycle: pct_start must be < 0.55 with three_phase=True and total_steps=10 so that the "
     "last phase is not empty, got 0.6"),
    (lambda: OneCycle(1.0, 1), ValueError, "OneCycle: total_steps must be an integer >= 2, got 1"),
    (lambda: OneCycle(1.0, 100, anneal="cosine"), ValueError,
     "OneCycle: anneal must be one of 'cos', 'linear', got 'cosine'"),
    (lambda: OneCycle(1.0, 100, div_factor=0), ValueError, "OneCycle: div_factor must be a "
                                                           "positive"),
    (lambda: OneCycle(1.0, 100, final_div_factor=-1.0), ValueError, "OneCycle: final_div_factor"),
    (lambda: OneCycle(1.0, 100, three_phase="yes"), TypeError,
     "OneCycle: three_phase must be True or False, got 'yes'"),
    (lambda: OneCycle(0.0, 100), ValueError, "OneCycle: max_lr must be a positive"),
    (lambda: OneCycle(1.0, 100).momentum(5, base_momentum=-0.1), ValueError,
     r"OneCycle.momentum: base_momentum must be in \[0, 1\), got -0.1"),
    (lambda: Warmup(0.1, 5), TypeError, r"Warmup: schedule must be a Schedule \(e.g. "
                                        r"CosineAnnealing\(...\)\), got 0.1"),
    (lambda: Warmup(Constant(0.1), 0), ValueError, "Warmup: warmup_steps must be a positive "
                                                   "integer, got 0"),
    (lambda: Warmup(Constant(0.1), 3, start_factor=1.5), ValueError,
     r"Warmup: start_factor must be in \[0, 1\], got 1.5"),
    (lambda: Sequential([Constant(0.1), Constant(0.2)], []), ValueError,
     r"Sequential: milestones must be of length len\(schedules\) - 1 = 1, got \[\]"),
    (lambda: Sequential([Constant(0.1), Constant(0.2), Constant(0.3)], [5, 5]), ValueError,
     r"Sequential: milestones must be a sequence of strictly increasing positive integers, "
     r"got \[5, 5\]"),
    (lambda: Sequential([], []), ValueError, r"Sequential: schedules must be a non-empty "
                                             r"sequence of Schedule, got \[\]"),
    (lambda: Sequential([Constant(0.1), 0.2], [3]), TypeError,
     r"Sequential: schedules\[1\] must be a Schedule"),
    (lambda: Sequential(Constant(0.1), []), TypeError, "Sequential: schedules must be a sequence"),
    (lambda: Sequential([Constant(0.1), ReduceOnPlateau(0.1)], [3]), TypeError,
     r"Sequential: schedules\[1\] must be a Schedule"),
    (lambda: ReduceOnPlateau(0.0), ValueError, "ReduceOnPlateau: lr must be a positive"),
    (lambda: ReduceOnPlateau(1.0, mode="minimum"), ValueError,
     "ReduceOnPlateau: mode must be one of 'min', 'max', got 'minimum'"),
    (lambda: ReduceOnPlateau(1.0, factor=1.0), ValueError,
     r"ReduceOnPlateau: factor must be in \(0, 1\), got 1.0"),
    (lambda: ReduceOnPlateau(1.0, factor=0.0), ValueError, r"factor must be in \(0, 1\)"),
    (lambda: ReduceOnPlateau(1.0, patience=-1), ValueError,
     "ReduceOnPlateau: patience must be an integer >= 0, got -1"),
    (lambda: ReduceOnPlateau(1.0, patience=2.5), TypeError, "ReduceOnPlateau: patience"),
    (lambda: ReduceOnPlateau(1.0, threshold=-1e-4), ValueError,
     "ReduceOnPlateau: threshold must be a non-negative"),
    (lambda: ReduceOnPlateau(1.0, threshold_mode="relative"), ValueError,
     "ReduceOnPlateau: threshold_mode must be one of 'rel', 'abs', got 'relative'"),
    (lambda: ReduceOnPlateau(1.0, cooldown=-2), ValueError, "ReduceOnPlateau: cooldown must be "
                                                            "an integer >= 0, got -2"),
    (lambda: ReduceOnPlateau(1.0, min_lr=2.0), ValueError,
     r"ReduceOnPlateau: min_lr must be <= lr \(1\), got 2.0"),
    (lambda: ReduceOnPlateau(1.0, min_lr=-1.0), ValueError, "ReduceOnPlateau: min_lr"),
    (lambda: ReduceOnPlateau(1.0, eps=-1.0), ValueError, "ReduceOnPlateau: eps must be a "
                                                         "non-negative"),
    (lambda: ReduceOnPlateau(1.0).step("0.5"), TypeError,
     "ReduceOnPlateau.step: metric must be a real number, got '0.5'"),
    (lambda: ReduceOnPlateau(1.0).step(None), TypeError, "ReduceOnPlateau.step: metric"),
    (lambda: ReduceOnPlateau(1.0).is_better(1.0, best="x"), TypeError,
     "ReduceOnPlateau.is_better: best must be a real number, got 'x'"),
]


@pytest.mark.parametrize(("make", "exc", "pattern"), BAD, ids=[b[2][:60] for b in BAD])
def test_bad_arguments_refused_with_a_message(make, exc, pattern):
    with pytest.raises(exc, match=pattern):
        make()


# --------------------------------------------------------------------------------------------
# ReduceOnPlateau by hand
# --------------------------------------------------------------------------------------------


def test_plateau_patience_and_reductions():
    p = ReduceOnPlateau(1.0, factor=0.5, patience=2, threshold=0.0)
    lrs = [p.step(m) for m in [5, 4, 4, 4, 4, 4, 4, 4, 3]]
    # bad steps at indices 2, 3, 4 -> the third (index 4) exceeds patience 2; again at 7.
    assert lrs == [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]
    assert p.reductions == [4, 7]
    assert p.best == 3 and p.num_bad_epochs == 0 and p.lr == 0.25 and p.steps_taken == 9


def test_plateau_cooldown_min_lr_and_eps():
    p = ReduceOnPlateau(1.0, factor=0.1, patience=0, cooldown=2, min_lr=0.05, threshold=0.0)
    lrs = [p.step(1.0) for _ in range(8)]
    # index 1: first bad step -> 0.1; cooldown ignores indices 2, 3; index 4 -> max(0.01, .05).
    assert lrs == pytest.approx([1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05])
    assert p.reductions == [1, 4]
    tiny = ReduceOnPlateau(1e-8, factor=0.5, patience=0, eps=1e-8)
    assert [tiny.step(1.0) for _ in range(3)] == [1e-8] * 3  # a 5e-9 decrease <= eps is skipped
    assert tiny.reductions == []


def test_plateau_max_mode_and_abs_threshold():
    p = ReduceOnPlateau(1.0, mode="max", factor=0.5, patience=0, threshold=0.1,
                        threshold_mode="abs")
    assert p.best == -math.inf
    lrs = [p.step(m) for m in [0.5, 0.65, 0.7, 0.5]]
    # 0.65 > 0.5 + 0.1: better; 0.7 < 0.75: bad -> reduce; 0.5 bad -> reduce.
    assert lrs == [1, 1, 0.5, 0.25]


def test_plateau_negative_metric_pitfall():
    rel = ReduceOnPlateau(1.0, factor=0.5, patience=1, threshold=0.1)
    assert rel.is_better(-0.95, best=-1.0)  # worse, yet "better": -1 * (1 - 0.1) = -0.9
    assert not rel.is_better(0.95, best=1.0)
    maxi = ReduceOnPlateau(1.0, mode="max", threshold=0.1)
    assert maxi.is_better(-1.05, best=-1.0)  # the same pitfall in max mode: -1 * 1.1 = -1.1
    assert not maxi.is_better(1.05, best=1.0)
    # A negative loss slowly getting *worse* never triggers a reduction in rel mode ...
    worsening = [-1.0 * 0.99**i for i in range(20)]
    assert [rel.step(m) for m in worsening] == [1.0] * 20
    # ... while abs mode reduces as soon as patience runs out.
    ab = ReduceOnPlateau(1.0, factor=0.5, patience=1, threshold=0.1, threshold_mode="abs")
    lrs = [ab.step(m) for m in worsening]
    assert lrs[:2] == [1.0, 1.0] and lrs[2] == 0.5 and ab.reductions[0] == 2


def test_plateau_non_finite_metrics_as_torch_compares_them():
    p = ReduceOnPlateau(1.0, factor=0.5, patience=0)
    assert [p.step(m) for m in [1.0, float("nan"), float("inf")]] == [1.0, 0.5, 0.25]
    assert p.best == 1.0
    assert p.step(-math.inf) == 0.25 and p.best == -math.inf  # -inf < 1.0: an improvement
    assert p.step(-1e300) == 0.125  # and nothing finite beats it afterwards


def test_plateau_reset_and_repr():
    p = ReduceOnPlateau(1.0, factor=0.5, patience=0)
    for m in [1.0, 2.0, 3.0]:
        p.step(m)
    assert p.lr == 0.25 and p.reductions == [1, 2]
    p.reset()
    assert (p.lr, p.best, p.num_bad_epochs, p.cooldown_counter, p.reductions, p.steps_taken) == (
        1.0, math.inf, 0, 0, [], 0)
    assert repr(p).startswith("ReduceOnPlateau(lr=1.0, mode='min', factor=0.5, patience=0")


def test_bold_driver_raises_on_progress_and_cuts_on_a_worse_metric():
    d = BoldDriver(0.1, increase=2.0, decrease=0.25)
    # first call only records; then better, better, worse, equal (not better), better
    rates = [d.step(m) for m in [5.0, 4.0, 3.0, 3.5, 3.5, 1.0]]
    assert rates == [0.1, 0.2, 0.4, 0.1, 0.025, 0.05]
    assert d.increases == [1, 2, 5] and d.reductions == [3, 4]
    assert d.previous == 1.0 and d.steps_taken == 6


def test_bold_driver_max_mode_bounds_and_non_finite_metrics():
    d = BoldDriver(1.0, mode="max", increase=3.0, decrease=0.5, min_lr=0.3, max_lr=5.0)
    assert [d.step(m) for m in [0.5, 0.6, 0.7, 0.8]] == [1.0, 3.0, 5.0, 5.0]
    assert d.increases == [1, 2]  # capped at max_lr from call 3 on: no further increase
    # NaN and inf are worse than anything; the first finite value after them is better.
    assert [d.step(m) for m in [float("nan"), 0.9, float("inf"), 0.1, 0.05]] == [
        2.5, 5.0, 2.5, 5.0, 2.5]
    assert [d.step(m) for m in [0.01, 0.0, -1.0, -2.0, -3.0]] == [1.25, 0.625, 0.3125, 0.3, 0.3]
    assert d.increases == [1, 2, 5, 7]
    assert d.reductions == [4, 6, 8, 9, 10, 11, 12]  # call 13 is at min_lr already


def test_bold_driver_reset_and_repr():
    d = BoldDriver(0.5, decrease=0.5)
    for m in [1.0, 2.0]:
        d.step(m)
    assert d.lr == 0.25
    d.reset()
    assert (d.lr, d.increases, d.reductions, d.steps_taken) == (0.5, [], [], 0)
    assert math.isnan(d.previous)
    assert repr(d) == ("BoldDriver(lr=0.5, mode='min', increase=1.1, decrease=0.5, min_lr=0.0, "
                       "max_lr=None)")


@pytest.mark.parametrize(("kwargs", "exc", "pattern"), [
    ({"lr": 0.0}, ValueError, "BoldDriver: lr must be a positive .*got 0.0"),
    ({"lr": 1.0, "mode": "up"}, ValueError, "BoldDriver: mode must be one of .*got 'up'"),
    ({"lr": 1.0, "increase": 0.9}, ValueError, "BoldDriver: increase must be a finite number >= 1, "
     "got 0.9"),
    ({"lr": 1.0, "decrease": 1.0}, ValueError,
     r"BoldDriver: decrease must be in \(0, 1\).*got 1.0"),
    ({"lr": 1.0, "min_lr": 2.0}, ValueError, "BoldDriver: min_lr must be <= lr .*got 2.0"),
    ({"lr": 1.0, "max_lr": 0.5}, ValueError, r"BoldDriver: max_lr must be None or >= lr \(1\), "
     "got 0.5"),
    ({"lr": "1"}, TypeError, "BoldDriver: lr must be"),
])
def test_bold_driver_bad_arguments(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        BoldDriver(**kwargs)
    with pytest.raises(TypeError, match=r"BoldDriver\.step: metric must be a real number, got '1'"):
        BoldDriver(1.0).step("1")


# --------------------------------------------------------------------------------------------
# Stored PyTorch reference values
# --------------------------------------------------------------------------------------------


def _load() -> dict:
    return json.loads(REFERENCE.read_text())


REF = _load()
RTOL, ATOL = 1e-9, 1e-15
SCHED_REFS = REF["schedules"]
SCHED_IDS = [f"{i:03d}-{r['name']}" for i, r in enumerate(SCHED_REFS)]


def test_reference_covers_every_schedule_many_times():
    counts = {}
    for r in SCHED_REFS:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    # BoldDriver has no torch counterpart: its tests above are hand-derived.
    expected = set(S.__all__) - {"Schedule", "ReduceOnPlateau", "BoldDriver",
                                  "SCHEDULE_KINDS", "make_schedule"}
    assert set(counts) == expected
    assert min(counts.values()) >= 6 and sum(counts.values()) >= 100
    assert all(60 <= r["steps"] <= 200 for r in SCHED_REFS if r["name"] != "OneCycle")
    assert len(REF["plateau"]) >= 12


@pytest.mark.parametrize("ref", SCHED_REFS, ids=SCHED_IDS)
def test_matches_stored_torch_rates(ref):
    sched = build_schedule(ref)
    k = np.arange(ref["steps"])
    torch_lr = np.array(ref["lr"])
    ours = sched(k)
    if ref["name"] == "CosineAnnealing":
        # torch agrees up to T; after T torch's recursive form is periodic, ours stays at min_lr
        t = sched.total_steps
        np.testing.assert_allclose(ours[: t + 1], torch_lr[: t + 1], rtol=RTOL, atol=ATOL)
        after = k[k >= t]
        np.testing.assert_array_equal(sched(after), np.full(after.shape, sched.min_lr))
        periodic = sched.min_lr + (sched.lr - sched.min_lr) * (1 + np.cos(np.pi * k / t)) / 2
        np.testing.assert_allclose(torch_lr, periodic, rtol=RTOL, atol=1e-12)
        return
    np.testing.assert_allclose(ours, torch_lr, rtol=RTOL, atol=ATOL)


MOMENTUM_REFS = [r for r in SCHED_REFS if "momentum_values" in r]


@pytest.mark.parametrize("ref", MOMENTUM_REFS,
                         ids=[f"{r['name']}-{i}" for i, r in enumerate(MOMENTUM_REFS)])
def test_matches_stored_torch_momentum(ref):
    sched = build_schedule(ref)
    got = sched.momentum(np.arange(ref["steps"]), **ref["momentum"])
    np.testing.assert_allclose(got, ref["momentum_values"], rtol=RTOL, atol=ATOL)


ONE_CYCLE_REFS = [r for r in SCHED_REFS if r["name"] == "OneCycle"]


@pytest.mark.parametrize("ref", ONE_CYCLE_REFS, ids=[str(r["kwargs"]) for r in ONE_CYCLE_REFS])
def test_one_cycle_refuses_the_step_torch_extrapolates(ref):
    sched = build_schedule(ref)
    # torch returned a rate for k = total_steps ...
    assert math.isfinite(ref["lr_at_total_steps"])
    # ... lrcourse refuses that step.
    with pytest.raises(ValueError, match="step k must be < total_steps"):
        sched(ref["steps"])


def test_one_cycle_torch_extrapolates_to_a_negative_rate_with_linear_anneal():
    negative = [r for r in ONE_CYCLE_REFS
                if r["kwargs"]["anneal"] == "linear" and r["kwargs"]["final_div_factor"] > 1]
    assert negative and all(r["lr_at_total_steps"] < 0 for r in negative)


PLATEAU_IDS = [f"{i:02d}-{r['metrics']}" for i, r in enumerate(REF["plateau"])]


@pytest.mark.parametrize("ref", REF["plateau"], ids=PLATEAU_IDS)
def test_plateau_matches_stored_torch(ref):
    p = ReduceOnPlateau(**ref["kwargs"])
    lrs, best, bad = [], [], []
    for m in REF["plateau_metrics"][ref["metrics"]]:
        lrs.append(p.step(m))
        best.append(p.best)
        bad.append(p.num_bad_epochs)
    assert lrs == ref["lr"]  # max(lr * factor, min_lr) is computed exactly as torch does
    assert best == ref["best"]
    assert bad == ref["num_bad_epochs"]
    lowered = [i for i in range(len(lrs)) if lrs[i] < (lrs[i - 1] if i else p.initial_lr)]
    assert p.reductions == lowered


def test_plateau_reference_exercises_every_branch():
    runs = REF["plateau"]
    reduced = [r for r in runs if r["lr"][-1] < r["kwargs"]["lr"]]
    assert len(reduced) >= 8
    # the negative-metric pitfall: rel never reduces on a slowly worsening negative loss, abs does
    worse = {r["kwargs"]["threshold_mode"]: r for r in runs
             if r["metrics"] == "negative_slowly_worse"}
    assert worse["rel"]["lr"][-1] == worse["rel"]["kwargs"]["lr"]
    assert worse["abs"]["lr"][-1] < worse["abs"]["kwargs"]["lr"]
    # min_lr floor and the eps rule
    floor = [r for r in runs if r["kwargs"]["min_lr"] > 0]
    assert all(min(r["lr"]) == r["kwargs"]["min_lr"] for r in floor)
    tiny = [r for r in runs if r["kwargs"]["lr"] == 1e-7]
    assert tiny and min(tiny[0]["lr"]) > tiny[0]["kwargs"]["eps"] / 2


# --------------------------------------------------------------------------------------------
# make_schedule: a schedule from a kind name
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("step", {"lr": 0.2, "step_size": 10}, StepDecay(0.2, 10, 0.3)),
        ("warmup_cosine", {"warmup_steps": 20}, None),
        ("cyclic_triangular2", {}, CyclicLR(0.01, 0.5, 50, mode="triangular2")),
        ("cyclic_exp_range", {"gamma": 0.99},
         CyclicLR(0.01, 0.5, 50, mode="exp_range", gamma=0.99)),
        ("warm_restarts", {"period": 30, "period_mult": 2}, CosineWarmRestarts(0.5, 30, 2, 0.0)),
        ("one_cycle", {"max_lr": 0.1}, OneCycle(0.1, 100)),
    ],
)
def test_make_schedule_builds_the_contract_schedule(kind, params, expected):
    sched = S.make_schedule(kind, 100, **params)
    if expected is None:  # warmup then cosine over the remaining 80 steps
        assert isinstance(sched, Warmup)
        k = np.arange(100)
        lr = sched(k)
        assert lr[0] == 0.0 and lr[20] == pytest.approx(0.5) and lr[99] < 1e-3
    else:
        np.testing.assert_array_equal(sched(np.arange(100)), expected(np.arange(100)))


def test_make_schedule_covers_every_kind_with_defaults():
    for kind in S.SCHEDULE_KINDS:
        lr = S.make_schedule(kind, 400)(np.arange(400))
        assert lr.shape == (400,) and np.all(lr >= 0) and lr.max() > 0


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("sawtooth", 100), {}, "kind must be one of"),
        (("step", 100), {"period": 3}, "parameters of 'step' must be among"),
        (("warmup_cosine", 100), {"warmup_steps": 100}, "warmup_steps must be < steps"),
        (("step", 0), {}, "steps must be a positive integer"),
        (("step", 100), {"gamma": 1.5}, "gamma"),
    ],
)
def test_make_schedule_refuses_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        S.make_schedule(*args, **kwargs)
