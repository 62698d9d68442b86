"""A step that fails changes nothing: every parameter and all of the optimizer's state
(buffers, ``step_count``, ``last_lr``) stay as they were, bit for bit, so the next valid step
gives exactly what it would have given without the failed one."""

import copy

import numpy as np
import pytest

from lrcourse.optimizers import SGD, AdaGrad, Adam, AdamW, RMSProp, SutskeverSGD
from lrcourse.schedules import Schedule, StepDecay

K = 3  # runs of the per-run optimizers


class _FallsBelowZero(Schedule):
    """0.1, 0.1, then a negative rate: a user's schedule gone wrong at update 2."""

    def _rates(self, k):
        return np.where(k < 2, 0.1, -1.0)


OPTIMIZERS = {
    "SGD, Nesterov": lambda: SGD(0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "SGD, dampened": lambda: SGD(0.1, momentum=0.9, dampening=0.3),
    "SGD on a schedule": lambda: SGD(StepDecay(0.1, 1, 0.5), momentum=0.5),
    "SGD, per-run rates": lambda: SGD(np.array([0.01, 0.1, 0.5]), momentum=0.9),
    "Sutskever, Nesterov, scheduled": lambda: SutskeverSGD(StepDecay(0.1, 1, 0.5), momentum=0.9,
                                                           nesterov=True),
    "AdaGrad": lambda: AdaGrad(0.1, lr_decay=0.01, initial_accumulator_value=0.1),
    "RMSProp, centered": lambda: RMSProp(0.01, centered=True, momentum=0.5, weight_decay=0.1),
    "Adam, amsgrad": lambda: Adam(0.01, amsgrad=True, weight_decay=0.1),
    "Adam, per-run betas": lambda: Adam(0.01, betas=(np.array([0.8, 0.9, 0.95]), 0.999)),
    "AdamW": lambda: AdamW(0.01),
}


def _read_only(a):
    a = a.copy()
    a.flags.writeable = False
    return a


#: How a step fails: (params, grads) -> the failing (params, grads). The first parameter is
#: always valid, so a step that updated parameters one by one would have changed it.
FAILURES = {
    "a read-only second parameter": lambda p, g: ([p[0], _read_only(p[1])], g),
    "an int second parameter": lambda p, g: ([p[0], p[1].astype(np.int64)], g),
    "a float32 second parameter": lambda p, g: ([p[0], p[1].astype(np.float32)], g),
    "a second gradient of another shape": lambda p, g: (p, [g[0], g[1][..., :1]]),
    "a bool second gradient": lambda p, g: (p, [g[0], g[1] > 0]),
    "a str second gradient": lambda p, g: (p, [g[0], g[1].astype(str)]),
    "one gradient too few": lambda p, g: (p, [g[0]]),
    "a third parameter the state was not built for": lambda p, g: (
        [*p, np.ones((K, 2))], [*g, np.ones((K, 2))]),
    "a second parameter of another shape than the state's": lambda p, g: (
        [p[0], np.ones((K, 5))], [g[0], np.ones((K, 5))]),
    "no parameters": lambda p, g: ([], []),
}


def _grads(rng):
    return [rng.standard_normal((K, 4)), rng.standard_normal((K, 2, 3))]


def _snapshot(opt, params):
    return ([p.copy() for p in params], copy.deepcopy(opt.state), opt.step_count,
            copy.deepcopy(opt.last_lr))


def _assert_same(before, after):
    for a, b in zip(before[0], after[0], strict=True):
        assert a.tobytes() == b.tobytes()
    assert len(before[1]) == len(after[1])
    for sa, sb in zip(before[1], after[1], strict=True):
        assert sa.keys() == sb.keys()
        for key in sa:
            assert np.asarray(sa[key]).tobytes() == np.asarray(sb[key]).tobytes(), key
    assert before[2] == after[2]
    assert np.array_equal(before[3], after[3])


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_a_failed_step_changes_nothing(name, failure):
    rng = np.random.default_rng(0)
    opt, twin = OPTIMIZERS[name](), OPTIMIZERS[name]()
    params = [np.ones((K, 4)), np.full((K, 2, 3), -0.5)]
    twin_params = [p.copy() for p in params]
    for _ in range(2):  # buffers and step counts built
        grads = _grads(rng)
        opt.step(params, grads)
        twin.step(twin_params, [g.copy() for g in grads])
    before = _snapshot(opt, params)
    bad_params, bad_grads = FAILURES[failure](params, _grads(rng))
    with pytest.raises((ValueError, TypeError)):
        opt.step(bad_params, bad_grads)
    _assert_same(before, _snapshot(opt, params))
    # the next valid step is exactly the twin's, which never failed
    grads = _grads(rng)
    opt.step(params, grads)
    twin.step(twin_params, [g.copy() for g in grads])
    _assert_same(_snapshot(twin, twin_params), _snapshot(opt, params))


def test_a_schedule_that_fails_at_a_step_changes_nothing():
    opt = SGD(_FallsBelowZero(), momentum=0.9)
    params = [np.ones(3), np.ones(2)]
    for _ in range(2):
        opt.step(params, [np.full(3, 0.5), np.full(2, 0.5)])
    before = _snapshot(opt, params)
    with pytest.raises(ValueError, match=r"SGD.step: lr\(2\) must be a non-negative"):
        opt.step(params, [np.full(3, 0.5), np.full(2, 0.5)])
    _assert_same(before, _snapshot(opt, params))


def test_a_read_only_parameter_is_refused_before_any_update():
    """The case that used to half-apply: params[0] updated, then numpy's "output array is
    read-only" on params[1], step_count still 0."""
    first, second = np.ones(3), _read_only(np.ones(2))
    opt = SGD(0.1)
    with pytest.raises(ValueError, match=r"SGD.step: params\[1\] must be writeable"):
        opt.step([first, second], [np.ones(3), np.ones(2)])
    assert np.array_equal(first, np.ones(3)) and opt.step_count == 0 and opt.state == []
