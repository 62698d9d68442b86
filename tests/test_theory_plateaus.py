"""lrcourse.theory.plateaus: the plateau's crossing time against gradient descent and heavy ball
on `surfaces.Plateau`, the saturation thresholds against the derivatives, and the mean-field
gradient profile against freshly initialized networks."""

import itertools

import numpy as np
import pytest

from lrcourse import nn, optimizers, surfaces, theory, train

END = float(np.arctanh(np.sqrt(0.5)))  # where tanh^2 = 1/2


def steps_to_cross(optimizer, x0, steps, width=1.0):
    starts = np.stack([np.asarray(x0, dtype=float), np.zeros(np.size(x0))], axis=1)
    loss = train.minimize(surfaces.Plateau(width), optimizer, starts, steps).loss
    off = loss < 0.5
    assert off.any(axis=0).all()
    return off.argmax(axis=0)


@pytest.mark.parametrize("lr", [0.05, 0.3])
def test_crossing_time_matches_gradient_descent(lr):
    x0 = np.array([2.5, 3.0, 3.5])
    predicted = theory.plateau_crossing_steps(x0, END, lr)
    measured = steps_to_cross(optimizers.SGD(lr), x0, int(predicted.max() * 1.2))
    np.testing.assert_allclose(measured / predicted, 1.0, atol=0.06)


def test_crossing_time_scales_with_width_and_is_approached_by_heavy_ball():
    # width w: the same crossing in units of w takes w^2 times as many steps
    one = theory.plateau_crossing_steps(3.0, END, 0.1)
    assert theory.plateau_crossing_steps(6.0, 2 * END, 0.1, width=2.0) == pytest.approx(4 * one)
    measured = steps_to_cross(optimizers.SGD(0.2), [6.0], 20000, width=2.0)[0]
    assert measured / theory.plateau_crossing_steps(6.0, 2 * END, 0.2, width=2.0) \
        == pytest.approx(1.0, abs=0.03)
    # heavy ball: (1 - beta) times the time, reached on a long crossing, never beaten
    predicted = theory.plateau_crossing_steps(4.0, END, 0.01, beta=0.9)
    assert predicted == pytest.approx(0.1 * theory.plateau_crossing_steps(4.0, END, 0.01))
    measured = steps_to_cross(optimizers.SGD(0.01, momentum=0.9), [4.0], 4000)[0]
    assert 1.0 < measured / predicted < 1.1


def test_crossing_time_far_out_grows_like_exp_2x():
    t = theory.plateau_crossing_steps(np.array([5.0, 6.0]), END, 1.0)
    assert t[1] / t[0] == pytest.approx(np.e**2, rel=3e-3)
    assert t[0] == pytest.approx(np.exp(10.0) / 16.0, rel=0.01)  # F(u) ~ e^{2u}/8, / (2 eta)


@pytest.mark.parametrize("name,peak", [("sigmoid", 0.25), ("tanh", 1.0)])
@pytest.mark.parametrize("fraction", [0.5, 0.01, 1e-6])
def test_saturation_threshold_is_where_the_derivative_falls_to_the_fraction(name, peak, fraction):
    z = theory.saturation_threshold(name, fraction)
    assert nn.activation_grad(name, z) == pytest.approx(fraction * peak, rel=1e-9)
    assert nn.activation_grad(name, -z) == pytest.approx(fraction * peak, rel=1e-9)
    assert nn.activation_grad(name, 1.01 * z) < fraction * peak
    assert theory.saturation_threshold(name, 1.0) == 0.0


def test_sigmoid_saturates_at_twice_the_input_of_tanh():
    for p in (0.3, 0.01):
        ratio = theory.saturation_threshold("sigmoid", p) / theory.saturation_threshold("tanh", p)
        assert ratio == pytest.approx(2.0)


def measured_profile(activation, init, sizes, seeds=20, init_std=None):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, sizes[0]))
    y = rng.integers(0, sizes[-1], 256)
    model = nn.MLP(sizes, activation=activation, init=init, init_std=init_std,
                   seed=0).reseeded(list(range(seeds)))
    norms = model.layer_stats(X, y)["grad_norm"]
    med = np.median(norms, axis=0)
    return med / med[-1]


# The prediction is per example; a batch gradient also adds up correlated examples (all-positive
# sigmoid and ReLU outputs make them so), which the first layers feel most: up to a factor 4.
@pytest.mark.parametrize("activation,init,tol", [
    ("sigmoid", "xavier", 4.0), ("tanh", "xavier", 1.5), ("tanh", "normal", 1.5),
    ("relu", "he", 4.0)])
def test_backprop_profile_predicts_the_gradient_of_every_layer(activation, init, tol):
    sizes = (32, *([64] * 8), 10)
    std = 0.5 if init == "normal" else None
    stds = [nn.weight_std(init, a, b, std) for a, b in itertools.pairwise(sizes)]
    profile = theory.backprop_profile(activation, sizes, stds)
    measured = measured_profile(activation, init, sizes, init_std=std)
    assert profile["grad_norm"].shape == (8,) and profile["grad_norm"][-1] == 1.0
    assert np.all(np.abs(np.log(measured / profile["grad_norm"])) < np.log(tol)), (
        measured, profile["grad_norm"])


def test_backprop_profile_factors():
    sizes = (16, 16, 16, 16, 10)
    # ReLU under He: the error keeps its size exactly (even quadrature, no node at the kink)
    he = [nn.weight_std("he", a, b) for a, b in itertools.pairwise(sizes)]
    np.testing.assert_allclose(theory.backprop_profile("relu", sizes, he)["factor"], 1.0,
                               rtol=1e-12)
    # sigmoid: at most the derivative's peak 1/4 times the weight gain
    xavier = [nn.weight_std("xavier", a, b) for a, b in itertools.pairwise(sizes)]
    factor = theory.backprop_profile("sigmoid", sizes, xavier)["factor"]
    assert factor.shape == (2,) and np.all(factor < 0.25) and np.all(factor > 0.2)
    # tiny weights: the pre-activation variance is the gain times the input's mean square
    tiny = theory.backprop_profile("tanh", sizes, [0.01] * 4, input_sq=2.0)
    assert tiny["pre_var"][0] == pytest.approx(16 * 1e-4 * 2.0)
    np.testing.assert_allclose(tiny["factor"], 4 * 0.01, rtol=1e-2)  # sqrt(16) * 0.01 * tanh'(0)


def test_weight_std_is_what_mlp_draws():
    for init in ("he", "xavier", "lecun"):
        model = nn.MLP((400, 300, 10), init=init, seed=0)
        assert np.std(model.params[0]) == pytest.approx(nn.weight_std(init, 400, 300), rel=0.01)
    assert nn.weight_std("normal", 4, 3, 0.2) == 0.2
    with pytest.raises(TypeError, match="init_std"):
        nn.weight_std("normal", 4, 3)
    with pytest.raises(TypeError, match="init_std"):
        nn.weight_std("he", 4, 3, 0.2)
