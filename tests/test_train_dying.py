"""`lrcourse.train.track_units`: dead units, unit by unit, during training."""

import numpy as np
import pytest

from lrcourse import data, nn, optimizers, train


def _moons():
    return data.two_moons(n=200, seed=0)


def test_a_dead_first_layer_unit_never_changes_under_sgd():
    d = _moons()
    net = nn.MLP((2, 8, 8, 2), seed=0)
    u1 = net.hidden_activations(d.X_train)[0][0]
    net.params[1][:3] -= u1[:, :3].max(axis=0) + 0.5  # kill three first-layer units
    before = net.params[0][:, :3].copy()
    track = train.track_units(net, d, optimizers.SGD(0.5), 3, 16, every=4)
    assert track.dead[0][:, :3].all()  # dead at every record
    assert np.array_equal(net.params[0][:, :3], before)
    assert track.revived()[0] == 0 and track.died()[0] >= 3
    assert track.steps[0] == 0 and np.all(np.diff(track.steps) == 4)
    assert track.dead[0].shape == (len(track.steps), 8)


def test_counts_of_deaths_and_revivals():
    dead = np.array([[0, 0, 0], [1, 0, 1], [0, 0, 1], [0, 1, 1]], dtype=bool)[:, None, :]
    track = train.UnitTrack(history=None, steps=np.arange(4), dead=[dead])
    assert track.died().tolist() == [3]  # all three units were dead at some record
    assert track.revived().tolist() == [1]  # unit 0 came back


def test_batched_runs_with_one_seed_per_network():
    d = _moons()
    nets = nn.MLP((2, 8, 2), seed=0).reseeded([0, 1, 2])
    track = train.track_units(nets, d, optimizers.SGD(0.1), 1, 30, seed=[0, 1, 2], every=2)
    assert track.dead[0].shape[1:] == (3, 8)
    assert track.history.loss.shape[1] == 3


def test_refuses_a_network_that_cannot_die():
    with pytest.raises(ValueError, match="model"):
        train.track_units(nn.MLP((2, 4, 2), activation="elu"), _moons(), optimizers.SGD(0.1),
                          1, 10)
