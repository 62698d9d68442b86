"""Tests of lrcourse.nn: activations, initializations, losses, backpropagation, batched models."""

import contextlib
import math
import re
import warnings

import numpy as np
import pytest
from conftest import run_doctests

from lrcourse import nn
from lrcourse.nn import ACTIVATIONS, INITS, LOSSES, MLP, RAI_SIGMA, activation, activation_grad

KW = {"negative_slope": 0.1, "elu_alpha": 1.5, "prelu_slope": 0.3}


def net_kwargs(init):
    """Constructor arguments that exercise every option of an init (non-zero biases too)."""
    if init == "normal":
        return {"init": "normal", "init_std": 0.7, "bias_init": 0.1}
    if init == "rai":
        return {"init": "rai"}
    return {"init": init, "bias_init": 0.1}


def data_for(model, n, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, model.sizes[0]))
    if model.loss == "cross_entropy":
        return X, rng.integers(0, model.sizes[-1], size=n)
    return X, rng.standard_normal((n, model.sizes[-1]))


def fd_grads(model, X, y, h=1e-6):
    """Central finite differences of the (per-model) loss for every parameter entry."""
    grads = []
    for p in model.params:
        g = np.zeros((*p.shape, *np.shape(model.evaluate(X, y)[0])))
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = model.evaluate(X, y)[0]
            p[idx] = old - h
            down = model.evaluate(X, y)[0]
            p[idx] = old
            g[idx] = (np.asarray(up) - np.asarray(down)) / (2 * h)
        grads.append(g)
    return grads


@contextlib.contextmanager
def no_warnings():
    """Any warning inside the block is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --------------------------------------------------------------------------------------------
# activation functions
# --------------------------------------------------------------------------------------------


def test_activation_values_by_hand():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(activation("relu", x), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(activation("leaky_relu", x, negative_slope=0.1), [-0.2, 0.0, 3.0])
    np.testing.assert_allclose(activation("prelu", x, prelu_slope=0.25), [-0.5, 0.0, 3.0])
    np.testing.assert_allclose(activation("elu", x, elu_alpha=2.0),
                               [2.0 * (math.exp(-2.0) - 1.0), 0.0, 3.0], rtol=1e-15)
    np.testing.assert_allclose(activation("sigmoid", x),
                               [1 / (1 + math.exp(2.0)), 0.5, 1 / (1 + math.exp(-3.0))],
                               rtol=1e-15)
    np.testing.assert_allclose(activation("tanh", x), np.tanh(x), rtol=1e-15)
    # positive inputs pass through exactly (the products with the mask are exact)
    big = np.array([1e-300, 0.1, 1e300])
    for name in ("relu", "leaky_relu", "prelu", "elu"):
        np.testing.assert_array_equal(activation(name, big, **KW), big)


def test_activation_scalar_in_scalar_out_and_shape_kept():
    assert activation("relu", -1.5) == 0.0 and isinstance(activation("relu", 2), float)
    assert activation_grad("tanh", 0.0) == 1.0 and isinstance(activation_grad("tanh", 0.0), float)
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    for name in ACTIVATIONS:
        assert activation(name, x).shape == (3, 4)
        assert activation_grad(name, x).dtype == np.float64


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_grad_matches_finite_differences(name):
    x = np.concatenate([np.linspace(-6, -0.05, 40), np.linspace(0.05, 6, 40)])
    h = 1e-6
    fd = (activation(name, x + h, **KW) - activation(name, x - h, **KW)) / (2 * h)
    np.testing.assert_allclose(activation_grad(name, x, **KW), fd, rtol=1e-7, atol=1e-9)


def test_activation_grad_at_the_kink_follows_torch():
    assert activation_grad("relu", 0.0) == 0.0
    assert activation_grad("leaky_relu", 0.0, negative_slope=0.1) == 0.1
    assert activation_grad("prelu", 0.0, prelu_slope=0.3) == 0.3
    assert activation_grad("elu", 0.0, elu_alpha=1.5) == 1.5
    assert activation_grad("sigmoid", 0.0) == 0.25


def test_relu_gradient_is_exactly_zero_for_negative_inputs():
    x = np.array([-1e9, -3.0, -1e-12, 0.0])
    np.testing.assert_array_equal(activation_grad("relu", x), 0.0)
    np.testing.assert_array_equal(activation_grad("relu", -x[:3]), 1.0)


def test_sigmoid_and_tanh_saturate_without_overflow():
    x = np.array([-1000.0, -40.0, 40.0, 1000.0])
    with no_warnings():
        s = activation("sigmoid", x)
        ds = activation_grad("sigmoid", x)
        dt = activation_grad("tanh", x)
    assert s[0] == 0.0 and s[3] == 1.0
    assert s[1] == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert ds[0] == 0.0 and ds[1] == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert ds.max() < 1e-17 and dt.max() < 1e-30
    # the largest slopes: 1/4 for the sigmoid and 1 for tanh, both at 0
    grid = np.linspace(-5, 5, 1001)
    assert activation_grad("sigmoid", grid).max() == 0.25
    assert activation_grad("tanh", grid).max() == 1.0


def test_activation_validation():
    with pytest.raises(ValueError, match=re.escape(
            "activation: name must be one of 'relu', 'leaky_relu', 'prelu', 'elu', 'sigmoid', "
            "'tanh', got 'swish'")):
        activation("swish", 1.0)
    with pytest.raises(ValueError, match=re.escape(
            "activation_grad: x must be finite (no NaN or inf), got '1 non-finite entries'")):
        activation_grad("relu", [1.0, np.nan])
    with pytest.raises(ValueError, match=re.escape(
            "activation: elu_alpha must be a positive finite number (> 0), got 0.0")):
        activation("elu", 1.0, elu_alpha=0.0)
    with pytest.raises(TypeError, match=re.escape(
            "activation: negative_slope must be a finite real number, got 'a'")):
        activation("leaky_relu", 1.0, negative_slope="a")
    with pytest.raises(ValueError, match=re.escape("activation: x must be non-empty")):
        activation("tanh", [])


# --------------------------------------------------------------------------------------------
# initialization
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("init", "extra", "variance"),
    [
        ("he", {}, 2 / 400),
        ("xavier", {}, 2 / (400 + 600)),
        ("lecun", {}, 1 / 400),
        ("normal", {"init_std": 0.03}, 0.03**2),
    ],
)
def test_init_variance_matches_formula(init, extra, variance):
    net = MLP((400, 600, 5), init=init, seed=1, bias_init=-0.5, **extra)
    W1, b1 = net.params[0], net.params[1]
    # 240000 draws: the sample variance is within 0.3 % (one standard error) of the truth
    assert W1.var() == pytest.approx(variance, rel=0.015)
    assert abs(W1.mean()) < 5 * math.sqrt(variance / W1.size)
    np.testing.assert_array_equal(b1, -0.5)
    np.testing.assert_array_equal(net.params[3], -0.5)


def test_init_draw_order_is_documented_and_seeded():
    """One default_rng(seed), weights layer by layer: the same seed gives the same weights."""
    net = MLP((3, 4, 2), init="he", seed=7)
    rng = np.random.default_rng(7)
    np.testing.assert_array_equal(net.params[0], rng.standard_normal((3, 4)) * math.sqrt(2 / 3))
    np.testing.assert_array_equal(net.params[2], rng.standard_normal((4, 2)) * math.sqrt(2 / 4))
    batch = MLP((3, 4, 2), init="lecun", seed=7, n_models=5)
    rng = np.random.default_rng(7)
    np.testing.assert_array_equal(batch.params[0],
                                  rng.standard_normal((5, 3, 4)) * math.sqrt(1 / 3))
    for init in INITS:
        kw = net_kwargs(init)
        a, b = MLP((6, 5, 4, 3), seed=3, **kw), MLP((6, 5, 4, 3), seed=3, **kw)
        c = MLP((6, 5, 4, 3), seed=4, **kw)
        for pa, pb in zip(a.params, b.params, strict=True):
            np.testing.assert_array_equal(pa, pb)
        assert not np.array_equal(a.params[0], c.params[0])


def test_rai_replaces_exactly_one_entry_per_unit_by_a_beta_draw():
    fan_in, fan_out, K = 6, 50, 3
    net = MLP((fan_in, fan_out, 2), init="rai", seed=11, n_models=K)
    W, b = net.params[0], net.params[1]
    # The documented draws: normal (weights, then bias, per unit), positions, Beta(2, 1) values.
    rng = np.random.default_rng(11)
    normal = rng.standard_normal((K, fan_in + 1, fan_out)) * (RAI_SIGMA / math.sqrt(fan_in))
    position = rng.integers(0, fan_in + 1, size=(K, 1, fan_out))
    beta = rng.beta(2.0, 1.0, size=(K, 1, fan_out))
    V = np.concatenate([W, b[:, None, :]], axis=1)  # (K, fan_in + 1, fan_out): unit = column
    changed = V != normal
    np.testing.assert_array_equal(changed.sum(axis=1), 1)  # exactly one entry per unit
    np.testing.assert_array_equal(np.argmax(changed, axis=1), position[:, 0, :])
    np.testing.assert_array_equal(np.take_along_axis(V, position, axis=1), beta)
    assert np.all((beta > 0) & (beta < 1))
    # the output layer is linear: He weights, zero biases
    assert np.all(net.params[3] == 0.0)
    np.testing.assert_array_equal(
        net.params[2], rng.standard_normal((K, fan_out, 2)) * math.sqrt(2 / fan_out))


def test_rai_statistics():
    """Marginal law of each incoming parameter: Beta(2, 1) with probability 1/(fan_in + 1)."""
    fan_in = 3
    net = MLP((fan_in, 200_000, 1), init="rai", loss="mse", seed=5)
    V = np.vstack([net.params[0], net.params[1][None, :]])  # (4, units): weights then bias
    p = 1 / (fan_in + 1)
    s2 = RAI_SIGMA**2 / fan_in
    # each row, the bias row included: mean p*2/3, second moment p/2 + (1-p)*s2,
    # P(< 0) = (1-p)/2 (a Beta draw is positive)
    se = math.sqrt((p * 0.5 + (1 - p) * s2) / V.shape[1])
    np.testing.assert_allclose(V.mean(axis=1), p * 2 / 3, atol=5 * se)
    np.testing.assert_allclose((V**2).mean(axis=1), p / 2 + (1 - p) * s2, rtol=0.02)
    np.testing.assert_allclose((V < 0).mean(axis=1), (1 - p) / 2, atol=0.005)
    # the whole law: P(v <= q) = p q^2 + (1 - p) Phi(q / s) for 0 <= q <= 1 (Beta(2, 1) has
    # distribution function q^2 on [0, 1])
    s = math.sqrt(s2)
    for q in (0.1, 0.3, 0.6, 0.9):
        expected = p * q**2 + (1 - p) * 0.5 * (1 + math.erf(q / (s * math.sqrt(2))))
        np.testing.assert_allclose((V <= q).mean(axis=1), expected, atol=0.004)


def test_rai_keeps_deep_narrow_relu_networks_alive_at_birth():
    """Lu et al.'s point: a deep, narrow ReLU net is often born dead under a symmetric init."""
    X = np.linspace(-1.0, 1.0, 201)[:, None]
    sizes = (1, *(2,) * 10, 1)
    born_dead = {}
    for init in ("he", "rai"):
        net = MLP(sizes, init=init, loss="mse", seed=0, n_models=1000)
        born_dead[init] = np.mean(np.any(net.dead_fraction(X) == 1.0, axis=1))
    assert born_dead["he"] > 0.8
    assert born_dead["rai"] < 0.5 * born_dead["he"]


def test_prelu_slopes_are_parameters():
    net = MLP((3, 4, 5, 2), activation="prelu", prelu_init=0.2, n_models=2)
    assert net.param_names == ["W1", "b1", "W2", "b2", "W3", "b3", "a1", "a2"]
    np.testing.assert_array_equal(net.params[6], np.full((2, 4), 0.2))
    np.testing.assert_array_equal(net.params[7], np.full((2, 5), 0.2))


# --------------------------------------------------------------------------------------------
# losses by hand
# --------------------------------------------------------------------------------------------


def test_cross_entropy_and_its_gradient_by_hand():
    net = MLP((2, 3), loss="cross_entropy")  # no hidden layer: softmax regression
    net.set_params([np.zeros((2, 3)), np.zeros(3)])
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    y = np.array([0, 2])
    loss, (gW, gb) = net.loss_and_grads(X, y)
    assert loss == pytest.approx(math.log(3), rel=1e-15)
    # d loss / d logits = (softmax - onehot) / n = (1/3 - onehot) / 2
    delta = (np.full((2, 3), 1 / 3) - np.eye(3)[y]) / 2
    np.testing.assert_allclose(gb, delta.sum(axis=0), rtol=1e-15, atol=1e-17)
    np.testing.assert_allclose(gW, X.T @ delta, rtol=1e-14)


def test_mse_by_hand_and_target_shapes():
    net = MLP((2, 1), loss="mse")
    net.set_params([np.zeros((2, 1)), np.array([0.5])])
    X = np.zeros((4, 2))
    y = np.array([0.0, 1.0, 2.0, 0.5])
    loss, (gW, gb) = net.loss_and_grads(X, y)
    assert loss == pytest.approx(np.mean((0.5 - y) ** 2), rel=1e-15)
    assert gb[0] == pytest.approx(np.mean(2 * (0.5 - y)), rel=1e-15)
    np.testing.assert_array_equal(gW, 0.0)  # the inputs are zero
    assert net.loss_and_grads(X, y[:, None])[0] == loss
    # several outputs: the mean over every element, as torch.nn.MSELoss
    net2 = MLP((2, 2), loss="mse")
    net2.set_params([np.zeros((2, 2)), np.array([1.0, -1.0])])
    Y = np.array([[1.0, 1.0], [3.0, -1.0]])
    assert net2.evaluate(np.zeros((2, 2)), Y) == (pytest.approx((0 + 4 + 4 + 0) / 4), None)


def test_cross_entropy_is_stable_for_huge_logits():
    net = MLP((2, 4, 3), loss="cross_entropy")
    W1, b1, W2, _ = net.get_params()
    net.set_params([W1, b1, np.zeros_like(W2), np.array([1000.0, 0.0, -1000.0])])
    X = np.ones((3, 2))
    with no_warnings():
        assert net.evaluate(X, np.array([0, 0, 0]))[0] == 0.0
        assert net.evaluate(X, np.array([1, 1, 1]))[0] == 1000.0
        assert net.evaluate(X, np.array([2, 2, 2]))[0] == 2000.0
        loss, grads = net.loss_and_grads(X, np.array([2, 1, 0]))
    assert loss == pytest.approx(1000.0)
    assert all(np.all(np.isfinite(g)) for g in grads)
    # logits 1000 + [0, 0]: log(2) whatever the common offset
    net3 = MLP((1, 2))
    net3.set_params([np.zeros((1, 2)), np.array([1e300, 1e300])])
    with no_warnings():
        assert net3.evaluate(np.ones((1, 1)), [1])[0] == pytest.approx(math.log(2), rel=1e-15)


def test_labels_may_be_integral_floats():
    net = MLP((3, 4, 3), seed=2)
    X, y = data_for(net, 6, 0)
    assert net.loss_and_grads(X, y.astype(float))[0] == net.loss_and_grads(X, y)[0]


# --------------------------------------------------------------------------------------------
# gradients: backpropagation against finite differences
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("init", INITS)
@pytest.mark.parametrize("act", ACTIVATIONS)
def test_gradients_match_finite_differences(act, init, loss):
    out = 3 if loss == "cross_entropy" else 2
    net = MLP((3, 4, 3, out), activation=act, loss=loss, seed=5, negative_slope=0.1,
              elu_alpha=1.3, prelu_init=0.2, **net_kwargs(init))
    X, y = data_for(net, 7, seed=1)
    loss_value, grads = net.loss_and_grads(X, y)
    assert isinstance(loss_value, float)
    assert loss_value == net.evaluate(X, y)[0]
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    for g, fd in zip(grads, fd_grads(net, X, y), strict=True):
        np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("act", ["relu", "prelu", "sigmoid"])
@pytest.mark.parametrize("loss", LOSSES)
def test_batched_gradients_match_finite_differences(act, loss):
    """Each model's gradient is the gradient of its own loss (and of no other model's)."""
    out = 3 if loss == "cross_entropy" else 1
    net = MLP((3, 5, out), activation=act, loss=loss, seed=8, n_models=3, bias_init=0.1)
    X, y = data_for(net, 6, seed=2)
    if loss == "mse":
        y = y[:, 0]  # (n,) targets for a single output
    losses, grads = net.loss_and_grads(X, y)
    assert losses.shape == (3,)
    for g, fd in zip(grads, fd_grads(net, X, y), strict=True):
        # fd[..., k]: derivative of model k's loss; only the diagonal k == leading index is set
        K = g.shape[0]
        for k in range(K):
            np.testing.assert_allclose(g[k], fd[k, ..., k], rtol=1e-6, atol=1e-8)
            for other in range(K):
                if other != k:
                    assert np.all(fd[k, ..., other] == 0.0)


def test_deeper_network_gradients():
    net = MLP((2, 3, 3, 3, 3, 2), activation="tanh", loss="mse", init="xavier", seed=4)
    X, y = data_for(net, 5, seed=3)
    for g, fd in zip(net.loss_and_grads(X, y)[1], fd_grads(net, X, y), strict=True):
        np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-9)


# --------------------------------------------------------------------------------------------
# K models at once
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
def test_batch_equals_single_models_exactly(act, loss):
    out = 4 if loss == "cross_entropy" else 2
    batch = MLP((8, 6, 5, out), activation=act, loss=loss, seed=3, n_models=4, bias_init=0.05)
    X, y = data_for(batch, 9, seed=4)
    losses, grads = batch.loss_and_grads(X, y)
    preds = batch.predict(X)
    outputs = batch.forward(X)
    for k in range(4):
        single = batch.select(k)
        assert single.n_models is None
        loss_k, grads_k = single.loss_and_grads(X, y)
        assert loss_k == losses[k]
        for g, gk in zip(grads, grads_k, strict=True):
            np.testing.assert_array_equal(g[k], gk)
        np.testing.assert_array_equal(single.predict(X), preds[k])
        np.testing.assert_array_equal(single.forward(X), outputs[k])
    # a batch built from single models by set_params is the same computation
    rebuilt = MLP((8, 6, 5, out), activation=act, loss=loss, n_models=4)
    rebuilt.set_params([np.stack([batch.select(k).params[i] for k in range(4)])
                        for i in range(len(batch.params))])
    np.testing.assert_array_equal(rebuilt.loss_and_grads(X, y)[0], losses)


def test_batch_members_are_independent_draws_and_replicate_copies_one():
    batch = MLP((5, 7, 3), seed=0, n_models=3)
    assert not np.array_equal(batch.params[0][0], batch.params[0][1])
    single = MLP((5, 7, 3), seed=9)
    rep = single.replicate(6)
    assert rep.n_models == 6 and rep.params[0].shape == (6, 5, 7)
    X, y = data_for(single, 10, seed=1)
    losses = rep.loss_and_grads(X, y)[0]
    np.testing.assert_array_equal(losses, single.loss_and_grads(X, y)[0])
    rep.params[0][2] += 1.0  # the copies do not share memory
    assert np.array_equal(rep.params[0][0], single.params[0])


def test_a_diverged_model_does_not_affect_the_others_nor_warn():
    batch = MLP((4, 6, 3), seed=1, n_models=3)
    X, y = data_for(batch, 8, seed=0)
    before = batch.loss_and_grads(X, y)
    batch.params[0][1, 0, 0] = np.inf
    batch.params[2][1, 1, 1] = np.nan
    with no_warnings():
        losses, grads = batch.loss_and_grads(X, y)
        evaluated = batch.evaluate(X, y)
        batch.predict(X)
        batch.dead_fraction(X)
        batch.layer_stats(X, y)
    assert not np.isfinite(losses[1])
    assert not np.isfinite(evaluated[0][1])
    for k in (0, 2):
        assert losses[k] == before[0][k]
        for g, g0 in zip(grads, before[1], strict=True):
            np.testing.assert_array_equal(g[k], g0[k])
    # a single model with overflowing weights: an infinite or NaN loss, no warning
    single = MLP((4, 6, 3), seed=1)
    single.params[0][...] = 1e300
    single.params[2][...] = 1e300
    with no_warnings():
        loss = single.loss_and_grads(X, y)[0]
    assert not math.isfinite(loss)


# --------------------------------------------------------------------------------------------
# dead units, activations, statistics
# --------------------------------------------------------------------------------------------


def constructed_net(n_models=None):
    """2 inputs in [-1, 1], 3 ReLU units: unit 1 has bias -100 (dead), units 0 and 2 live."""
    net = MLP((2, 3, 2), activation="relu", loss="cross_entropy")
    W1 = np.array([[1.0, 1.0, -1.0], [1.0, 1.0, 0.5]])
    b1 = np.array([0.0, -100.0, 0.2])
    W2 = np.array([[1.0, -1.0], [2.0, 0.5], [-0.5, 1.0]])
    net.set_params([W1, b1, W2, np.zeros(2)])
    return net if n_models is None else net.replicate(n_models)


def grid_inputs():
    g = np.linspace(-1.0, 1.0, 9)
    return np.array([[a, b] for a in g for b in g])


def test_dead_fraction_on_a_constructed_network():
    net = constructed_net()
    X = grid_inputs()
    np.testing.assert_array_equal(net.dead_fraction(X), [1 / 3])
    (z, a), = net.hidden_activations(X)
    np.testing.assert_allclose(z, X @ net.params[0] + net.params[1], rtol=1e-15)
    np.testing.assert_array_equal(a, np.maximum(z, 0.0))
    assert np.all(a[:, 1] == 0.0) and np.any(a[:, 0] > 0) and np.any(a[:, 2] > 0)
    # a dead unit receives no gradient at all: it cannot recover by gradient descent
    y = np.arange(X.shape[0]) % 2
    _, (gW1, gb1, gW2, _) = net.loss_and_grads(X, y)
    assert np.all(gW1[:, 1] == 0.0) and gb1[1] == 0.0 and np.all(gW2[1] == 0.0)
    assert np.all(gW1[:, [0, 2]] != 0.0)
    # a batch: one value per model and hidden layer
    batch = constructed_net(n_models=3)
    batch.params[1][2, 1] = 0.0  # revive unit 1 in model 2
    np.testing.assert_array_equal(batch.dead_fraction(X), [[1 / 3], [1 / 3], [0.0]])


def test_dead_fraction_two_hidden_layers_and_no_hidden_layer():
    net = MLP((2, 3, 2, 2), seed=0, bias_init=0.0)
    W1, _, W2, _, W3, b3 = net.get_params()
    net.set_params([W1, np.array([-50.0, -50.0, -50.0]), W2, np.array([1.0, -1.0]), W3, b3])
    # layer 1 dead entirely; layer 2 then sees zeros: unit 0 outputs 1, unit 1 outputs 0
    np.testing.assert_array_equal(net.dead_fraction(grid_inputs()), [1.0, 0.5])
    assert MLP((2, 3)).dead_fraction(grid_inputs()).shape == (0,)
    assert MLP((2, 3), n_models=4).dead_fraction(grid_inputs()).shape == (4, 0)


def test_layer_stats():
    net = MLP((4, 6, 5, 3), activation="relu", seed=2)
    X, y = data_for(net, 20, seed=6)
    stats = net.layer_stats(X, y)
    assert set(stats) == {"mean", "std", "zero_fraction", "dead_fraction", "grad_norm"}
    acts = [a for _, a in net.hidden_activations(X)]
    grads = net.loss_and_grads(X, y)[1]
    np.testing.assert_allclose(stats["mean"], [a.mean() for a in acts], rtol=1e-14)
    np.testing.assert_allclose(stats["std"], [a.std() for a in acts], rtol=1e-14)
    np.testing.assert_array_equal(stats["zero_fraction"], [np.mean(a == 0) for a in acts])
    np.testing.assert_array_equal(stats["dead_fraction"], net.dead_fraction(X))
    np.testing.assert_allclose(stats["grad_norm"],
                               [np.linalg.norm(grads[0]), np.linalg.norm(grads[2])], rtol=1e-14)
    batch = net.replicate(3)
    for key, value in batch.layer_stats(X, y).items():
        assert value.shape == (3, 2)
        np.testing.assert_allclose(value, np.tile(stats[key], (3, 1)), rtol=1e-14)


def test_forward_predict_accuracy_evaluate():
    net = MLP((4, 8, 3), seed=1)
    X, y = data_for(net, 30, seed=2)
    logits = net.forward(X)
    assert logits.shape == (30, 3)
    np.testing.assert_array_equal(net.predict(X), logits.argmax(axis=1))
    acc = net.accuracy(X, y)
    assert acc == np.mean(logits.argmax(axis=1) == y)
    loss, acc2 = net.evaluate(X, y)
    assert acc2 == acc and loss == net.loss_and_grads(X, y)[0]
    batch = net.replicate(2)
    loss_b, acc_b = batch.evaluate(X, y)
    np.testing.assert_array_equal(loss_b, [loss, loss])
    np.testing.assert_array_equal(acc_b, [acc, acc])
    reg = MLP((4, 8, 1), loss="mse", seed=1)
    Xr, yr = data_for(reg, 10, seed=3)
    assert reg.predict(Xr).shape == (10, 1)
    assert reg.evaluate(Xr, yr)[1] is None


def test_workspace_is_never_exposed():
    """Arrays handed out stay valid after later calls (the training pass reuses its buffers)."""
    net = MLP((4, 8, 8, 3), seed=1, n_models=2)
    X, y = data_for(net, 12, seed=0)
    X2, y2 = data_for(net, 5, seed=1)
    loss1, grads1 = net.loss_and_grads(X, y)
    acts = net.hidden_activations(X)
    saved = [g.copy() for g in grads1], [(z.copy(), a.copy()) for z, a in acts]
    net.loss_and_grads(X2, y2)  # another batch size
    loss3, grads3 = net.loss_and_grads(X, y)
    np.testing.assert_array_equal(loss3, loss1)
    for g1, g_saved, g3 in zip(grads1, saved[0], grads3, strict=True):
        np.testing.assert_array_equal(g1, g_saved)
        np.testing.assert_array_equal(g3, g_saved)
    for (z, a), (z0, a0) in zip(acts, saved[1], strict=True):
        np.testing.assert_array_equal(z, z0)
        np.testing.assert_array_equal(a, a0)


def test_copy_get_and_set_params():
    net = MLP((3, 4, 2), activation="prelu", seed=0)
    twin = net.copy()
    twin.params[0] += 1.0
    assert not np.array_equal(twin.params[0], net.params[0])
    saved = net.get_params()
    saved[0][...] = 0.0
    assert not np.all(net.params[0] == 0.0)
    held = net.params[0]
    new = [np.full_like(p, 0.5) for p in net.params]
    net.set_params(new)
    assert net.params[0] is held  # in place: references held by an optimizer stay valid
    np.testing.assert_array_equal(held, 0.5)
    new[0][...] = 9.0
    assert np.all(held == 0.5)  # a copy was taken
    assert repr(MLP((3, 4, 2), n_models=2)) == (
        "MLP(sizes=(3, 4, 2), activation='relu', init='he', loss='cross_entropy', seed=0, "
        "n_models=2)")


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"sizes": (3,)}, ValueError,
         "MLP: sizes must be a sequence of at least 2 positive integers, got (3,)"),
        ({"sizes": "34"}, ValueError,
         "MLP: sizes must be a sequence of at least 2 positive integers, got '34'"),
        ({"sizes": (3, 0, 2)}, ValueError, "MLP: sizes[1] must be a positive integer, got 0"),
        ({"sizes": (3, 2.5)}, TypeError, "MLP: sizes[1] must be a positive integer, got 2.5"),
        ({"activation": "swish"}, ValueError,
         "MLP: activation must be one of 'relu', 'leaky_relu', 'prelu', 'elu', 'sigmoid', "
         "'tanh', got 'swish'"),
        ({"init": "kaiming"}, ValueError,
         "MLP: init must be one of 'he', 'xavier', 'lecun', 'normal', 'rai', got 'kaiming'"),
        ({"loss": "hinge"}, ValueError,
         "MLP: loss must be one of 'mse', 'cross_entropy', got 'hinge'"),
        ({"seed": -1}, ValueError, "MLP: seed must be an integer >= 0, got -1"),
        ({"n_models": 0}, ValueError, "MLP: n_models must be a positive integer, got 0"),
        ({"n_models": 2.0}, TypeError, "MLP: n_models must be a positive integer, got 2.0"),
        ({"init": "normal"}, ValueError,
         "MLP: init_std must be a positive number when init='normal', got None"),
        ({"init": "normal", "init_std": -0.1}, ValueError,
         "MLP: init_std must be a positive finite number (> 0), got -0.1"),
        ({"init": "he", "init_std": 0.1}, ValueError,
         "MLP: init_std must be None when init='he' (only 'normal' uses it), got 0.1"),
        ({"init": "rai", "bias_init": -1.0}, ValueError,
         "MLP: bias_init must be 0.0 when init='rai' (RAI draws the hidden biases), got -1.0"),
        ({"bias_init": float("nan")}, ValueError,
         "MLP: bias_init must be a finite real number, got nan"),
        ({"elu_alpha": 0.0}, ValueError,
         "MLP: elu_alpha must be a positive finite number (> 0), got 0.0"),
        ({"negative_slope": None}, TypeError,
         "MLP: negative_slope must be a finite real number, got None"),
    ],
)
def test_constructor_validation(kwargs, exc, message):
    kwargs = {"sizes": (3, 4, 2), **kwargs}
    with pytest.raises(exc, match=re.escape(message)):
        MLP(**kwargs)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_batch_with_one_minibatch_per_model_equals_single_models(loss):
    K, n = 3, 7
    net = MLP((2, 5, 3), loss=loss, seed=4, n_models=K)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((K, n, 2))
    y = rng.integers(0, 3, (K, n)) if loss == "cross_entropy" else rng.standard_normal((K, n, 3))
    losses, grads = net.loss_and_grads(X, y)
    for i in range(K):
        single_loss, single_grads = net.select(i).loss_and_grads(X[i], y[i])
        assert losses[i] == pytest.approx(single_loss, rel=1e-13)
        for g, gs in zip(grads, single_grads, strict=True):
            np.testing.assert_allclose(g[i], gs, rtol=1e-12, atol=1e-15)


def test_one_minibatch_per_model_targets_of_one_output():
    net = MLP((2, 4, 1), loss="mse", seed=1, n_models=2)
    X, y = np.ones((2, 3, 2)), np.arange(6.0).reshape(2, 3)
    a, _ = net.loss_and_grads(X, y)
    b, _ = net.loss_and_grads(X, y[..., None])
    np.testing.assert_array_equal(a, b)


def test_one_minibatch_per_model_validation():
    net = MLP((3, 4, 3), n_models=2)
    X = np.zeros((2, 5, 3))
    cases = [
        (np.zeros((3, 5, 3)), np.zeros((3, 5), int),
         "MLP.loss_and_grads: X must be of shape (n, 3) or (2, n, 3) (one batch per network), "
         "got 'an array of shape (3, 5, 3)'"),
        (X, np.zeros(5, int),
         "MLP.loss_and_grads: y must be an array of shape (2, 5) (one label per row of X), "
         "got 'an array of shape (5,)'"),
    ]
    for Xb, yb, message in cases:
        with pytest.raises(ValueError, match=re.escape(message)):
            net.loss_and_grads(Xb, yb)
    with pytest.raises(ValueError, match=re.escape("MLP.loss_and_grads: X must be a 2-D array")):
        MLP((3, 4, 3)).loss_and_grads(X, np.zeros((2, 5), int))  # a single network: no K axis
    reg = MLP((3, 4, 2), loss="mse", n_models=2)
    with pytest.raises(ValueError, match=re.escape("y must be of shape (2, n, 2) with n = 5")):
        reg.loss_and_grads(X, np.zeros((2, 5)))


def test_input_validation():
    net = MLP((3, 4, 3))
    X = np.zeros((5, 3))
    y = np.zeros(5, dtype=int)
    cases = [
        (np.zeros(3), y, ValueError,
         "MLP.loss_and_grads: X must be a 2-D array, got 'an array of shape (3,)'"),
        (np.zeros((5, 4)), y, ValueError,
         "MLP.loss_and_grads: X must be of shape (n, 3) (sizes[0] features), "
         "got 'an array of shape (5, 4)'"),
        (np.zeros((0, 3)), y[:0], ValueError,
         "MLP.loss_and_grads: X must be non-empty, got 'an array of shape (0, 3)'"),
        (np.where(np.eye(5, 3) == 1, np.inf, 0.0), y, ValueError,
         "MLP.loss_and_grads: X must be finite (no NaN or inf), got '3 non-finite entries'"),
        (X, y[:4], ValueError,
         "MLP.loss_and_grads: y must be a 1-D array of 5 labels (one per row of X), "
         "got 'an array of shape (4,)'"),
        (X, np.array([0, 1, 2, 3, 0]), ValueError,
         "MLP.loss_and_grads: y must be integer class labels in [0, 3), got 'label 3'"),
        (X, np.array([0, -1, 2, 1, 0]), ValueError,
         "MLP.loss_and_grads: y must be integer class labels in [0, 3), got 'label -1'"),
        (X, np.array([0.0, 1.5, 2.0, 1.0, 0.0]), ValueError,
         "MLP.loss_and_grads: y must be integer class labels in [0, 3), "
         "got 'non-integer label 1.5'"),
        (X, np.array(["a"] * 5), TypeError,
         "MLP.loss_and_grads: y must be integer class labels in [0, 3), "
         "got 'an array of dtype <U1'"),
        (X, np.ones(5, dtype=bool), TypeError,
         "MLP.loss_and_grads: y must be integer class labels in [0, 3), "
         "got 'an array of dtype bool'"),
    ]
    for Xb, yb, exc, message in cases:
        with pytest.raises(exc, match=re.escape(message)):
            net.loss_and_grads(Xb, yb)
    with pytest.raises(ValueError, match=re.escape(
            "MLP.forward: X must be of shape (n, 3) (sizes[0] features)")):
        net.forward(np.zeros((2, 2)))
    for method in ("evaluate", "accuracy", "layer_stats"):
        with pytest.raises(ValueError, match=re.escape(f"MLP.{method}: y must be")):
            getattr(net, method)(X, y[:2])
    for method in ("predict", "dead_fraction", "hidden_activations"):
        with pytest.raises(ValueError, match=re.escape(f"MLP.{method}: X must be a 2-D array")
                           if method == "hidden_activations" else "X must be a 2-D array"):
            getattr(net, method)(np.zeros(3))
    reg = MLP((3, 2), loss="mse")
    with pytest.raises(ValueError, match=re.escape(
            "MLP.loss_and_grads: y must be of shape (n, 2) with n = 5 rows of X, "
            "got 'an array of shape (5,)'")):
        reg.loss_and_grads(X, np.zeros(5))
    with pytest.raises(ValueError, match=re.escape(
            "MLP.loss_and_grads: y must be finite (no NaN or inf), got '1 non-finite entries'")):
        reg.loss_and_grads(X, np.array([[np.nan, 0.0]] + [[0.0, 0.0]] * 4))
    with pytest.raises(ValueError, match=re.escape(
            "MLP.accuracy: loss must be 'cross_entropy' (accuracy needs classes), got 'mse'")):
        reg.accuracy(X, np.zeros((5, 2)))


def test_batch_method_validation():
    single = MLP((3, 4, 2))
    batch = single.replicate(3)
    with pytest.raises(ValueError, match=re.escape(
            "MLP.select: the model must be a batch of networks (n_models=K), "
            "got 'a single network'")):
        single.select(0)
    with pytest.raises(ValueError, match=re.escape("MLP.select: i must be in [0, 3), got 3")):
        batch.select(3)
    with pytest.raises(ValueError, match=re.escape(
            "MLP.replicate: the model must be a single network (n_models=None); use select(i) "
            "first, got 'a batch of 3'")):
        batch.replicate(2)
    with pytest.raises(ValueError, match=re.escape(
            "MLP.replicate: n_models must be a positive integer, got 0")):
        single.replicate(0)
    with pytest.raises(TypeError, match=re.escape(
            "MLP.set_params: params must be a list of 4 arrays (W1, b1, W2, b2), got 'list'")):
        single.set_params(single.get_params()[:3])
    bad = single.get_params()
    bad[2] = np.zeros((2, 4))
    with pytest.raises(ValueError, match=re.escape(
            "MLP.set_params: params[2] (W2) must be of shape (4, 2), "
            "got 'an array of shape (2, 4)'")):
        single.set_params(bad)
    bad = batch.get_params()
    bad[1] = bad[1][0]
    with pytest.raises(ValueError, match=re.escape(
            "MLP.set_params: params[1] (b1) must be of shape (3, 4), "
            "got 'an array of shape (4,)'")):
        batch.set_params(bad)


def test_flatten_puts_every_parameter_in_one_vector_in_param_order():
    model = MLP([3, 4, 2], seed=0)
    v = nn.flatten(model.params)
    assert v.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    np.testing.assert_array_equal(v[:12], model.params[0].ravel())
    np.testing.assert_array_equal(v[12:16], model.params[1])
    np.testing.assert_array_equal(v[-2:], model.params[-1])
    # the vector's norm is the norm over all parameters together
    total = np.sqrt(sum(np.sum(p ** 2) for p in model.params))
    assert np.linalg.norm(v) == pytest.approx(total, rel=1e-15)


@pytest.mark.parametrize("bad", [[], (), np.zeros(3), 3.0])
def test_flatten_refuses_what_is_not_a_list_of_arrays(bad):
    with pytest.raises(ValueError, match=r"flatten: arrays must be a non-empty list of arrays"):
        nn.flatten(bad)


def test_docstring_examples():
    attempted, failed = run_doctests(nn)
    assert attempted >= 6 and failed == 0


# --------------------------------------------------------------------------------------------
# replicates: fresh initializations, one per seed
# --------------------------------------------------------------------------------------------


def test_reseeded_network_j_is_the_network_of_seed_j():
    model = MLP((5, 7, 3), activation="prelu", init="he", bias_init=0.1, seed=9)
    nets = model.reseeded([2, 0, 2])
    assert nets.n_models == 3 and model.n_models is None
    for j, seed in enumerate([2, 0, 2]):
        alone = MLP((5, 7, 3), activation="prelu", init="he", bias_init=0.1, seed=seed)
        for p, q in zip(nets.params, alone.params, strict=True):
            np.testing.assert_array_equal(p[j], q)
    nets.params[0][0] += 1.0  # fresh arrays: the model is untouched
    np.testing.assert_array_equal(model.params[0], MLP((5, 7, 3), init="he", seed=9).params[0])


def test_reseeded_bad_input():
    model = MLP((2, 3, 2))
    with pytest.raises(ValueError, match=r"MLP\.reseeded: the model must be a single network"):
        model.replicate(2).reseeded([0, 1])
    with pytest.raises(ValueError, match=r"MLP\.reseeded: seeds must be a non-empty sequence"):
        model.reseeded([])
    with pytest.raises(TypeError, match=r"MLP\.reseeded: seeds must be a sequence of integers"):
        model.reseeded(3)
    with pytest.raises(TypeError, match=r"MLP\.reseeded: seeds must be an integer >= 0, got 'a'"):
        model.reseeded(["a"])
    with pytest.raises(ValueError, match=r"MLP\.reseeded: seeds must be an integer >= 0, got -1"):
        model.reseeded([1, -1])


def test_perturbed_multiplies_every_weight_by_one_plus_scale_z():
    model = MLP((5, 7, 3), bias_init=0.1, seed=4, n_models=2)
    before = model.get_params()
    moved = model.perturbed(1e-3, seed=7)
    rng = np.random.default_rng(7)  # the documented draw, parameter by parameter
    for p, q in zip(before, moved.params, strict=True):
        np.testing.assert_array_equal(q, p * (1.0 + 1e-3 * rng.standard_normal(p.shape)))
        assert np.any(q != p)
    for p, q in zip(before, model.params, strict=True):
        np.testing.assert_array_equal(p, q)  # the model itself is untouched
    tiny = model.perturbed(1e-15)
    change = max(np.max(np.abs(q / p - 1)) for p, q in zip(before, tiny.params, strict=True)
                 if np.all(p != 0))
    assert 0 < change < 1e-13  # the last digits only
    exact = model.perturbed(0.0)
    for p, q in zip(before, exact.params, strict=True):
        np.testing.assert_array_equal(p, q)
    exact.params[0][0] += 1.0  # a copy, not a view
    np.testing.assert_array_equal(model.params[0], before[0])


def test_perturbed_bad_input():
    model = MLP((2, 3, 2))
    for bad in (-1e-15, 1.0):
        with pytest.raises(ValueError, match=r"MLP\.perturbed: scale must be in \[0, 1\)"):
            model.perturbed(bad)
    with pytest.raises(ValueError, match=r"MLP\.perturbed: seed must be an integer >= 0"):
        model.perturbed(1e-15, seed=-1)
