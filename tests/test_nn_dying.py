"""Silent and dead units, networks born dead, and their Monte Carlo rate (`lrcourse.nn.dying`)."""

import numpy as np

from lrcourse import nn

X = np.random.default_rng(0).normal(size=(60, 3))


def test_inactive_fraction_is_the_dead_fraction_for_relu():
    net = nn.MLP((3, 8, 8, 2), seed=1, bias_init=-1.0, n_models=4)
    assert np.array_equal(nn.inactive_fraction(net, X), net.dead_fraction(X))
    assert nn.inactive_fraction(net, X).shape == (4, 2)


def test_leaky_units_can_be_silent_but_never_dead():
    net = nn.MLP((3, 8, 8, 2), activation="leaky_relu", seed=1, bias_init=-3.0)
    assert np.all(net.dead_fraction(X) == 0.0)
    assert nn.inactive_fraction(net, X).max() > 0.5


def test_born_dead_network_is_constant_and_gets_no_gradient_below():
    net = nn.MLP((3, 4, 4, 2), seed=0, bias_init=-20.0)
    assert nn.born_dead(net, X) is True
    out = net.forward(X)
    assert np.ptp(out, axis=0).max() == 0.0
    _, grads = net.loss_and_grads(X, np.zeros(len(X), dtype=int))
    assert all(np.all(g == 0) for g in grads[:4])  # W1, b1, W2, b2
    alive = nn.MLP((3, 16, 2), seed=0)
    assert nn.born_dead(alive, X) is False


def test_born_dead_batched_matches_one_by_one():
    nets = nn.MLP((1, 2, 2, 2, 2, 1), loss="mse", seed=0, n_models=50)
    X1 = np.linspace(-1, 1, 9)[:, None]
    flags = nn.born_dead(nets, X1)
    assert flags.shape == (50,) and 0 < flags.sum() < 50
    assert all(nn.born_dead(nets.select(i), X1) == flags[i] for i in range(50))


def test_born_dead_rates_shallow_prefix_matches_fresh_networks():
    """The first D layers of a deep draw are distributed like a network of depth D."""
    m = 3000
    nested = nn.born_dead_rates([2], [3, 6], n_models=m, seed=1)[0]
    X1 = np.linspace(-1, 1, 17)[:, None]
    fresh = nn.born_dead(nn.MLP((1, 2, 2, 2, 1), loss="mse", seed=99, n_models=m), X1).mean()
    se = np.sqrt(fresh * (1 - fresh) / m) + np.sqrt(nested[0] * (1 - nested[0]) / m)
    assert abs(nested[0] - fresh) < 4 * se
    assert nested[1] >= nested[0]


def test_born_dead_rates_he_needs_only_the_two_ends():
    """Zero biases: the network is positively homogeneous, so x = -1 and x = 1 decide."""
    two = nn.born_dead_rates([2, 3], [4, 8], n_models=500, n_inputs=2)
    many = nn.born_dead_rates([2, 3], [4, 8], n_models=500, n_inputs=101)
    assert np.array_equal(two, many)


def test_rai_is_born_dead_less_often_than_he():
    he = nn.born_dead_rates([2, 3], [10], init="he", n_models=2000)
    rai = nn.born_dead_rates([2, 3], [10], init="rai", n_models=2000)
    assert np.all(rai < he - 0.2)
