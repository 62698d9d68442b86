"""SutskeverSGD: a hand derivation, Keras' update, and PyTorch's form (lrcourse.SGD, itself
tested against PyTorch) for a constant rate."""

import numpy as np
import pytest

from lrcourse.optimizers import SGD, SutskeverSGD
from lrcourse.schedules import MultiStepDecay, StepDecay


def test_hand_derivation_with_a_scheduled_rate():
    # rates 0.1, 0.1, 0.01, 0.01; gradients 2, -1, 4, 1; beta 0.5
    opt = SutskeverSGD(MultiStepDecay(0.1, [2], 0.1), momentum=0.5)
    p = np.array([1.0])
    u, theta = 0.0, 1.0
    for k, (g, lr) in enumerate(zip((2.0, -1.0, 4.0, 1.0), (0.1, 0.1, 0.01, 0.01), strict=True)):
        opt.step(p, np.array([g]))
        u = lr * g if k == 0 else 0.5 * u + lr * g
        theta -= u
        assert p[0] == pytest.approx(theta, abs=1e-15)
        assert opt.state[0]["velocity"][0] == pytest.approx(u, abs=1e-15)
    # by hand: u = 0.2, 0.0, 0.04, 0.03; theta = 0.8, 0.8, 0.76, 0.73
    assert p[0] == pytest.approx(0.73)


def test_nesterov_hand_derivation():
    opt = SutskeverSGD(0.1, momentum=0.5, nesterov=True)
    p = np.array([0.0])
    opt.step(p, np.array([1.0]))  # u = 0.1, step 0.5 * 0.1 + 0.1 = 0.15
    opt.step(p, np.array([1.0]))  # u = 0.15, step 0.075 + 0.1 = 0.175
    assert p[0] == pytest.approx(-0.325)


def _keras_sgd(w, grads, lrs, momentum, nesterov):
    """Keras 3's SGD.update_step, written out (m starts at 0)."""
    m = np.zeros_like(w)
    for g, lr in zip(grads, lrs, strict=True):
        m = momentum * m - lr * g
        w = w + (momentum * m - lr * g if nesterov else m)
    return w


@pytest.mark.parametrize("nesterov", [False, True])
def test_keras_update(nesterov):
    rng = np.random.default_rng(0)
    grads = rng.standard_normal((30, 4))
    sched = StepDecay(0.1, 10, 0.3)
    lrs = sched(np.arange(30))
    w0 = rng.standard_normal(4)
    opt = SutskeverSGD(sched, momentum=0.8, nesterov=nesterov)
    p = w0.copy()
    for g in grads:
        opt.step(p, g)
    np.testing.assert_allclose(p, _keras_sgd(w0, grads, lrs, 0.8, nesterov), rtol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_equals_pytorch_form_for_a_constant_rate(nesterov):
    rng = np.random.default_rng(1)
    lrs = np.array([0.01, 0.1, 0.3])
    moms = np.array([0.5, 0.9, 0.99])
    a = rng.standard_normal((3, 5))
    b = a.copy()
    torch_form = SGD(lrs, momentum=moms, nesterov=nesterov)
    sutskever = SutskeverSGD(lrs, momentum=moms, nesterov=nesterov)
    for _ in range(100):
        g = rng.standard_normal((3, 5))
        torch_form.step(a, g)
        sutskever.step(b, g)
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(sutskever.state[0]["velocity"],
                               lrs[:, None] * torch_form.state[0]["momentum_buffer"], rtol=1e-10)


def test_differs_from_pytorch_form_after_a_step_decay():
    torch_form = SGD(StepDecay(0.1, 5, 0.1), momentum=0.9)
    sutskever = SutskeverSGD(StepDecay(0.1, 5, 0.1), momentum=0.9)
    a, b = np.zeros(1), np.zeros(1)
    steps = []
    for _ in range(6):
        a0, b0 = a.copy(), b.copy()
        torch_form.step(a, np.ones(1))
        sutskever.step(b, np.ones(1))
        steps.append((a0[0] - a[0], b0[0] - b[0]))
    assert steps[4][0] == pytest.approx(steps[4][1])  # the same before the decay
    # at the decay: PyTorch rescales the whole buffer, Sutskever only the new gradient
    assert steps[5][1] == pytest.approx(0.9 * steps[4][1] + 0.01)
    assert steps[5][0] == pytest.approx(0.01 * (0.9 * steps[4][0] / 0.1 + 1))


def test_plain_without_momentum_and_refusals():
    opt = SutskeverSGD(0.1)
    p = np.array([1.0])
    opt.step(p, np.array([2.0]))
    assert p[0] == pytest.approx(0.8) and opt.state[0] == {}
    with pytest.raises(ValueError, match="nesterov"):
        SutskeverSGD(0.1, nesterov=True)
    with pytest.raises(ValueError, match="momentum"):
        SutskeverSGD(0.1, momentum=-0.1)
