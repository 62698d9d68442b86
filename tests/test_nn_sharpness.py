"""nn.sharpness: the largest Hessian eigenvalue of the loss by power iteration."""

import numpy as np
import pytest

from lrcourse import nn


def _data(n=40, d=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal((n, 1))


def test_linear_model_with_mse_matches_the_exact_hessian() -> None:
    # L(w, b) = mean((X w + b - y)^2): the Hessian is (2/n) [X 1]^T [X 1], whatever w and b
    X, y = _data()
    A = np.hstack([X, np.ones((len(X), 1))])
    exact = np.linalg.eigvalsh(2.0 / len(X) * A.T @ A).max()
    model = nn.MLP((3, 1), loss="mse", seed=1)
    assert nn.sharpness(model, X, y, iters=200) == pytest.approx(exact, rel=1e-8)


def test_batched_models_get_one_eigenvalue_each() -> None:
    X, y = _data()
    A = np.hstack([X, np.ones((len(X), 1))])
    exact = np.linalg.eigvalsh(2.0 / len(X) * A.T @ A).max()
    lam = nn.sharpness(nn.MLP((3, 1), loss="mse", seed=2, n_models=4), X, y, iters=200)
    assert isinstance(lam, np.ndarray) and lam.shape == (4,)
    np.testing.assert_allclose(lam, exact, rtol=1e-8)


def test_relu_network_matches_a_dense_finite_difference_hessian() -> None:
    X, y = _data(n=30, d=2, seed=3)
    model = nn.MLP((2, 3, 1), loss="mse", seed=4)
    theta = model.get_params()
    sizes = [p.size for p in theta]
    flat = np.concatenate([p.ravel() for p in theta])

    def grad(vec):
        parts = np.split(vec, np.cumsum(sizes)[:-1])
        model.set_params([q.reshape(p.shape) for q, p in zip(parts, theta, strict=True)])
        return np.concatenate([g.ravel() for g in model.loss_and_grads(X, y)[1]])

    h = 1e-5
    H = np.stack([(grad(flat + h * e) - grad(flat - h * e)) / (2 * h) for e in np.eye(flat.size)])
    model.set_params(theta)
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    top = eig[np.argmax(np.abs(eig))]
    assert nn.sharpness(model, X, y, iters=300) == pytest.approx(top, rel=1e-4)


def test_parameters_are_restored_and_the_result_is_seeded() -> None:
    X, y = _data()
    model = nn.MLP((3, 8, 1), loss="mse", seed=5)
    before = model.get_params()
    first = nn.sharpness(model, X, y, iters=5, seed=7)
    for p, q in zip(model.params, before, strict=True):
        np.testing.assert_array_equal(p, q)
    assert nn.sharpness(model, X, y, iters=5, seed=7) == first
    assert nn.sharpness(model, X, y, iters=5, seed=8) != first


def test_cross_entropy_network_is_positive_and_grows_with_the_weights() -> None:
    rng = np.random.default_rng(6)
    X, y = rng.standard_normal((50, 2)), rng.integers(0, 3, 50)
    small = nn.MLP((2, 16, 3), init="normal", init_std=0.1, seed=0)
    large = nn.MLP((2, 16, 3), init="normal", init_std=1.0, seed=0)
    lam_small, lam_large = (nn.sharpness(m, X, y, iters=100) for m in (small, large))
    assert 0 < lam_small < lam_large


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"iters": 0}, r"sharpness: iters must be a positive integer, got 0"),
    ({"eps": 0.0}, r"sharpness: eps must be"),
    ({"seed": 1.5}, r"sharpness: seed must be"),
])
def test_bad_arguments_are_refused(kwargs, message) -> None:
    X, y = _data()
    with pytest.raises((ValueError, TypeError), match=message):
        nn.sharpness(nn.MLP((3, 1), loss="mse"), X, y, **kwargs)


def test_refuses_something_that_is_not_an_mlp() -> None:
    X, y = _data()
    with pytest.raises(TypeError, match=r"sharpness: model must be an lrcourse MLP, got .list."):
        nn.sharpness([], X, y)
