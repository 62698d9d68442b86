"""Schedules stay right at the edges of their ranges: steps up to the int64 limit, rates up to
the float limit (the walk of test_bad_input only checks that such values are refused, or give
finite results; these check that the results are the right ones)."""

import math
import sys

import numpy as np
import pytest

from lrcourse.schedules import BoldDriver, CosineAnnealing, CosineWarmRestarts, CyclicLR

INT64_MAX = 2**63 - 1
HUGE_STEPS = [2**53, 2**53 + 1, 2**61 + 12345, 2**62, 10**18, INT64_MAX]


def _warm_restarts_exact(k: int, period: int, mult: int) -> float:
    """Cycle position of step k, in Python integers: (1 + cos(pi t / T_i)) / 2."""
    if mult == 1:
        t, length = k % period, period
    else:
        start, length = 0, period
        while start + length <= k:
            start, length = start + length, length * mult
        t = k - start
    return (1 + math.cos(math.pi * (t / length))) / 2


@pytest.mark.parametrize(("period", "mult"), [(10, 1), (10, 2), (7, 3), (2**40, 2), (3, 10**18),
                                              (1, 2**62)])
def test_warm_restarts_find_the_right_cycle_for_huge_steps(period, mult):
    """Cycles that end beyond int64 used to wrap around silently and give wrong rates."""
    sched = CosineWarmRestarts(1.0, period, mult)
    steps = [0, 1, 5, 123456789, *HUGE_STEPS]
    rates = sched(np.array(steps, dtype=np.int64))
    for k, rate in zip(steps, rates, strict=True):
        assert rate == pytest.approx(_warm_restarts_exact(k, period, mult), abs=1e-12), k
        assert sched(k) == rate  # a step computes the same alone as in an array


def test_cyclic_counts_huge_steps_exactly():
    """Beyond 2**53 float64 no longer holds k / cycle exactly; the position is k mod cycle."""
    sched = CyclicLR(0.01, 0.1, 10, 30)  # a cycle of 40 steps
    for k in HUGE_STEPS:
        x = (k % 40) / 40
        height = x / 0.25 if x <= 0.25 else (x - 1) / (0.25 - 1)
        assert sched(k) == pytest.approx(0.01 + 0.09 * height, rel=1e-12), k
    two = CyclicLR(0.01, 0.1, 10, mode="triangular2")
    assert two(2**62) == 0.01  # the amplitude has halved to nothing, without an overflow warning


@pytest.mark.parametrize("cls", [CosineAnnealing, CosineWarmRestarts])
def test_cosine_rates_near_the_float_limit_do_not_overflow(cls):
    sched = cls(1e308, 10)
    rates = sched(np.arange(11))
    assert np.all(np.isfinite(rates)) and rates[0] == 1e308 and sched(5) == 5e307


def test_cosine_rates_are_bit_for_bit_the_usual_formula():
    """Halving (1 + cos) before scaling changes no bit of an ordinary rate."""
    k = np.arange(301)
    for lr, min_lr in [(0.5, 0.0), (0.123, 0.001), (3.0, 0.3)]:
        cos = np.cos(np.pi * k / 300)
        usual = min_lr + (lr - min_lr) * (1 + cos) / 2
        assert np.array_equal(CosineAnnealing(lr, 300, min_lr)(k), usual)


def test_bold_driver_without_max_lr_stops_at_the_largest_float():
    driver = BoldDriver(1e300, increase=1e5)
    rates = [driver.step(m) for m in (3.0, 2.0, 1.0, 0.5)]
    assert rates[-1] == sys.float_info.max and np.all(np.isfinite(rates))
    assert "max_lr=None" in repr(driver)
