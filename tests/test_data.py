"""Tests of lrcourse.data: the Dataset container and the loaders."""

import subprocess
import sys

import numpy as np
import pytest

from lrcourse import data as D

GENERATORS = {
    "two_moons": D.two_moons,
    "spirals": D.spirals,
    "noisy_sine": D.noisy_sine,
}
# First training point of two_moons() and first validation target of noisy_sine() for seed 0,
# recorded once: numpy's PCG64 streams are stable across platforms and versions, so a change
# here means the generators changed and every chapter's numbers change with them.
MOONS_FIRST = [0.8479512342427489, 0.04534561050493569]
SINE_FIRST = [-0.19597612942568463]


@pytest.fixture(scope="module")
def digits():
    return D.digits()


def all_datasets(digits):
    return [D.two_moons(), D.spirals(), D.noisy_sine(), digits]


def test_shapes_dtypes_and_sizes(digits):
    moons, spir, sine = D.two_moons(), D.spirals(n=601, n_classes=4), D.noisy_sine()
    assert (moons.n_train, moons.n_val, moons.n_features, moons.n_classes) == (300, 100, 2, 2)
    assert (spir.n_train + spir.n_val, spir.n_features, spir.n_classes) == (601, 2, 4)
    assert (sine.n_train, sine.n_val, sine.n_features, sine.n_classes) == (150, 50, 1, None)
    assert sine.y_train.shape == (150, 1) and sine.y_val.shape == (50, 1)
    assert sine.y_train.dtype == np.float64
    assert digits.X_train.shape[1] == 64 and digits.n_train + digits.n_val == 1797
    assert digits.n_classes == 10
    for d in (moons, spir, digits):
        assert d.X_train.dtype == d.X_val.dtype == np.float64
        assert d.y_train.dtype == d.y_val.dtype == np.int64
        assert d.y_train.shape == (d.n_train,) and d.y_val.shape == (d.n_val,)


def test_stratified_split_keeps_class_proportions(digits):
    spir = D.spirals(n=601, n_classes=4, val_fraction=0.2)
    # class sizes 151, 150, 150, 150; each sends floor(0.2 * n_c + 0.5) = 30 to validation
    np.testing.assert_array_equal(np.bincount(spir.y_val), [30, 30, 30, 30])
    np.testing.assert_array_equal(np.bincount(spir.y_train), [121, 120, 120, 120])
    full = np.bincount(np.concatenate([digits.y_train, digits.y_val]))
    np.testing.assert_array_equal(np.bincount(digits.y_val), np.floor(0.25 * full + 0.5))


def test_training_points_are_not_sorted_by_class():
    y = D.two_moons().y_train
    assert np.count_nonzero(np.diff(y)) > 50


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_data_different_seed_different_data(name):
    make = GENERATORS[name]
    a, b, c = make(seed=3), make(seed=3), make(seed=4)
    for key in ("X_train", "y_train", "X_val", "y_val"):
        np.testing.assert_array_equal(getattr(a, key), getattr(b, key))
    assert not np.array_equal(a.X_train, c.X_train)


def test_digits_split_is_seeded():
    a, b = D.digits(seed=1), D.digits(seed=2)
    np.testing.assert_array_equal(a.X_train, D.digits(seed=1).X_train)
    assert not np.array_equal(a.y_train, b.y_train)


def test_generators_reproduce_stored_values():
    moons, sine = D.two_moons(), D.noisy_sine()
    np.testing.assert_allclose(moons.X_train[0], MOONS_FIRST, rtol=1e-12)
    np.testing.assert_allclose(sine.y_val[0], SINE_FIRST, rtol=1e-12)


def test_generators_follow_their_formulas():
    moons = D.two_moons(n=200, noise=0.0)
    X = np.concatenate([moons.X_train, moons.X_val])
    y = np.concatenate([moons.y_train, moons.y_val])
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0.5)
    sine = D.noisy_sine(noise=0.0)
    np.testing.assert_allclose(sine.y_train, np.sin(sine.X_train))
    assert np.all(np.abs(sine.X_train) <= np.pi)
    spir = D.spirals(n=300, noise=0.0)
    r = np.hypot(spir.X_train[:, 0], spir.X_train[:, 1])
    theta = 2 * np.pi * spir.y_train / 3 + 4 * r
    np.testing.assert_allclose(spir.X_train, r[:, None] * np.stack([np.cos(theta),
                                                                    np.sin(theta)], 1),
                               atol=1e-12)
    noisy = D.noisy_sine(n=2000, noise=0.3)
    resid = noisy.y_train - np.sin(noisy.X_train)
    assert resid.std() == pytest.approx(0.3, rel=0.1)
    moons = D.two_moons(n=401)  # odd: the first class gets the extra point
    np.testing.assert_array_equal(np.bincount(moons.y_train) + np.bincount(moons.y_val),
                                  [201, 200])


def test_digits_are_standardized_with_training_statistics(digits):
    from sklearn.datasets import load_digits

    mean, std = digits.X_train.mean(axis=0), digits.X_train.std(axis=0)
    raw = load_digits().data
    constant = raw.std(axis=0) == 0  # blank in every image
    assert constant.any()
    np.testing.assert_allclose(mean, 0.0, atol=1e-12)
    varying = std > 0
    np.testing.assert_allclose(std[varying], 1.0, rtol=1e-12)
    assert np.all(digits.X_train[:, constant] == 0.0)
    assert np.all(np.isfinite(digits.X_val))
    # validation uses the training statistics, so its mean is near 0 but not exactly 0
    assert 1e-6 < np.max(np.abs(digits.X_val.mean(axis=0))) < 1.0


def test_label_ranges(digits):
    for d in all_datasets(digits):
        if d.n_classes is None:
            continue
        for y in (d.y_train, d.y_val):
            assert y.min() == 0 and y.max() == d.n_classes - 1


def test_dataset_is_frozen_and_read_only():
    d = D.two_moons()
    with pytest.raises(AttributeError):
        d.name = "other"
    with pytest.raises(ValueError, match="read-only"):
        d.X_train[0, 0] = 1.0
    X = np.zeros((3, 2))
    made = D.Dataset(X, [0, 1, 0], X, np.array([1.0, 0.0, 1.0]), name="toy", n_classes=2)
    X[0, 0] = 5.0  # the dataset keeps its own copy
    assert made.X_train[0, 0] == 0.0 and made.y_val.dtype == np.int64
    assert "toy" in repr(made) and "2 classes" in repr(made)


def test_regression_dataset_accepts_1d_targets_as_a_column():
    X = np.arange(6.0).reshape(3, 2)
    d = D.Dataset(X, [1.0, 2.0, 3.0], X[:2], [4.0, 5.0], name="r")
    assert d.y_train.shape == (3, 1) and d.y_val.shape == (2, 1)


X2 = np.zeros((4, 2))
Y4 = np.array([0, 1, 0, 1])


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"X_train": np.zeros((4, 2, 1))}, ValueError, "Dataset: X_train must be a 2-D array"),
        ({"X_train": np.zeros((0, 2)), "y_train": []}, ValueError,
         "Dataset: X_train must be non-empty"),
        ({"X_val": np.full((4, 2), np.nan)}, ValueError, "Dataset: X_val must be finite"),
        ({"X_val": np.zeros((4, 3))}, ValueError,
         r"Dataset: X_val must be of shape \(n_val, 2\) like X_train"),
        ({"y_train": [0, 1, 0]}, ValueError, "Dataset: y_train must be a 1-D array of 4 labels"),
        ({"y_val": [0, 1, 2, 0]}, ValueError,
         r"Dataset: y_val must be integer class labels in \[0, 2\), got 2"),
        ({"y_val": [0, -1, 1, 0]}, ValueError, "got -1$"),
        ({"y_val": [0.5, 1, 1, 0]}, ValueError, "got 0.5$"),
        ({"y_val": [True, False, True, False]}, TypeError, "dtype bool"),
        ({"y_val": ["a", "b", "a", "b"]}, TypeError, "Dataset: y_val must be integer class"),
        ({"X_train": [["a", "b"]] * 4}, TypeError, "Dataset: X_train must be an array of real"),
        ({"n_classes": 1}, ValueError, "Dataset: n_classes must be an integer >= 2"),
        ({"name": ""}, TypeError, "Dataset: name must be a non-empty string"),
        ({"n_classes": None, "y_val": np.zeros((3, 1))}, ValueError,
         r"Dataset: y_val must be regression targets of shape \(4, k\)"),
        ({"n_classes": None, "y_val": np.zeros((4, 2))}, ValueError,
         "Dataset: y_val must be 1 target column"),
        ({"n_classes": None, "y_train": [0.0, np.inf, 0.0, 0.0]}, ValueError,
         "Dataset: y_train must be finite"),
    ],
)
def test_dataset_bad_input(kwargs, exc, message):
    args = {"X_train": X2, "y_train": Y4, "X_val": X2, "y_val": Y4, "name": "toy",
            "n_classes": 2}
    args.update(kwargs)
    with pytest.raises(exc, match=message):
        D.Dataset(**args)


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: D.two_moons(n=3), ValueError, "two_moons: n must be an integer >= 4, got 3"),
        (lambda: D.two_moons(n=10, val_fraction=0.01), ValueError,
         "two_moons: n must be large enough that every class has points in both parts"),
        (lambda: D.two_moons(noise=-0.1), ValueError, "two_moons: noise must be a non-negative"),
        (lambda: D.two_moons(n=100.0), TypeError, "two_moons: n must be an integer"),
        (lambda: D.spirals(n_classes=1), ValueError, "spirals: n_classes must be an integer >= 2"),
        (lambda: D.spirals(n=5, n_classes=3), ValueError, "spirals: n must be an integer >= 6"),
        (lambda: D.spirals(val_fraction=1.0), ValueError,
         r"spirals: val_fraction must be in \(0, 1\), got 1.0"),
        (lambda: D.spirals(noise=np.nan), ValueError, "spirals: noise must be a finite real"),
        (lambda: D.noisy_sine(val_fraction=0.0), ValueError,
         r"noisy_sine: val_fraction must be in \(0, 1\)"),
        (lambda: D.noisy_sine(n=3, val_fraction=0.1), ValueError,
         "noisy_sine: n must be large enough for non-empty training and validation parts"),
        (lambda: D.noisy_sine(seed=-1), ValueError, "noisy_sine: seed must be an integer >= 0"),
        (lambda: D.digits(val_fraction=-0.5), ValueError, "digits: val_fraction must be in"),
        (lambda: D.digits(seed=1.5), TypeError, "digits: seed must be an integer"),
    ],
)
def test_loader_bad_input(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_import_lrcourse_does_not_import_scikit_learn():
    code = ("import sys, lrcourse; lrcourse.two_moons(); "
            "bad = [m for m in ('sklearn', 'matplotlib', 'ipywidgets') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_digits_raw_pixels_are_the_standardized_split_unscaled(digits):
    raw = D.digits(standardize=False)
    assert raw.X_train.min() == 0.0 and raw.X_train.max() == 16.0
    np.testing.assert_array_equal(raw.y_train, digits.y_train)
    np.testing.assert_array_equal(raw.y_val, digits.y_val)
    mean, std = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    std[std == 0] = 1.0
    np.testing.assert_allclose((raw.X_val - mean) / std, digits.X_val, rtol=1e-12)
    with pytest.raises(TypeError, match="digits: standardize must be True or False"):
        D.digits(standardize=1)
