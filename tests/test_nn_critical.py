"""Tests of lrcourse.nn.critical: Hessians of a small network, the index, the finder."""

import numpy as np
import pytest

from lrcourse import nn

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 3))
Y = RNG.integers(0, 2, 30)
ARCH = {"sizes": (3, 2, 2), "activation": "tanh", "init": "xavier"}


def theta_of(model):
    return nn.flatten(model.params)[None]


def test_flat_gradients_equal_the_network_gradient():
    model = nn.MLP(**ARCH, seed=1)
    loss, grad = nn.flat_gradients(model, theta_of(model), X, Y)
    ref_loss, ref = model.loss_and_grads(X, Y)
    assert loss[0] == pytest.approx(ref_loss, rel=1e-12)
    assert np.allclose(grad[0], nn.flatten(ref), rtol=1e-12, atol=1e-15)


def test_hessian_is_symmetric_and_matches_products_and_sharpness():
    model = nn.MLP(**ARCH, seed=2)
    theta = theta_of(model)
    H = nn.hessians(model, theta, X, Y)[0]
    assert H.shape == (theta.size, theta.size)
    assert np.array_equal(H, H.T)
    v = RNG.standard_normal(theta.size)
    v /= np.linalg.norm(v)
    plus = nn.flat_gradients(model, theta + 1e-5 * v, X, Y)[1][0]
    minus = nn.flat_gradients(model, theta - 1e-5 * v, X, Y)[1][0]
    assert np.allclose(H @ v, (plus - minus) / 2e-5, rtol=1e-4, atol=1e-7)
    top = np.max(np.abs(np.linalg.eigvalsh(H)))
    assert nn.sharpness(model, X, Y, iters=200) == pytest.approx(top, rel=1e-3)


def test_negative_index_counts_negative_eigenvalues_only():
    assert nn.negative_index(np.diag([-1.0, 1.0, 2.0, 0.0])) == 0.25
    assert nn.negative_index(np.diag([-1e-12, 1.0])) == 0.0  # rounding of a zero
    batch = np.stack([np.diag([-1.0, -1.0]), np.eye(2)])
    assert np.array_equal(nn.negative_index(batch), [1.0, 0.0])


def test_gradient_flatness_is_the_share_of_g_in_the_near_null_space():
    H = np.diag([2.0, 1e-6, -1.0])
    assert nn.gradient_flatness(H, np.array([1.0, 1.0, 0.0])) == pytest.approx(0.5)
    assert nn.gradient_flatness(H, np.array([0.0, 3.0, 0.0])) == pytest.approx(1.0)
    assert nn.gradient_flatness(H, np.array([1.0, 0.0, 1.0])) == 0.0
    # rotated: the answer does not depend on the basis
    R, _ = np.linalg.qr(RNG.standard_normal((3, 3)))
    batch = nn.gradient_flatness(np.stack([R @ H @ R.T, H]),
                                 np.stack([R @ [1.0, 1.0, 0.0], [1.0, 0.0, 1.0]]))
    assert batch == pytest.approx([0.5, 0.0])


def test_finder_converges_to_a_critical_point_and_never_raises_the_gradient():
    # zero hidden weights: every hidden unit outputs 0, a critical point once the output
    # bias matches the class frequencies; start close to it
    model = nn.MLP(**ARCH, seed=3)
    theta = 0.01 * RNG.standard_normal((2, theta_of(model).size))
    start = theta.copy()
    _, g0 = nn.flat_gradients(model, theta, X, Y)
    found = nn.find_critical_points(model, theta, X, Y, steps=25)
    assert np.array_equal(theta, start)  # the starts are not changed
    assert np.all(found["grad_norm"] <= np.linalg.norm(g0, axis=1))
    assert np.all(found["grad_norm"] < 1e-9), found["grad_norm"]
    loss, g = nn.flat_gradients(model, found["theta"], X, Y)
    assert np.allclose(np.linalg.norm(g, axis=1), found["grad_norm"])
    assert np.allclose(loss, found["loss"])
    assert np.allclose(found["hessian"], nn.hessians(model, found["theta"], X, Y))
    assert np.array_equal(found["index"], nn.negative_index(found["hessian"]))


def test_batched_model_is_refused():
    with pytest.raises(TypeError, match="model"):
        nn.hessians(nn.MLP(**ARCH, n_models=2), np.zeros((1, 11)), X, Y)
