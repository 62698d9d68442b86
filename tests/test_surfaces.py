"""Tests of lrcourse.surfaces: derivatives, critical points, vectorization, thresholds."""

import numpy as np
import pytest

from lrcourse import surfaces as S

ALL = [
    S.Quadratic(),
    S.Quadratic(eigenvalues=(0.5, 4.0), angle=0.7, center=(1.0, -0.5)),
    S.Quadratic(eigenvalues=(1.0, 2.0, 3.0)),
    S.Quadratic(eigenvalues=(3.0,)),
    S.Rosenbrock(),
    S.Rosenbrock(a=-0.5, b=10.0),
    S.Cubic(),
    S.TiltedDoubleWell(),
    S.SaddleQuadratic(),
    S.SaddleQuadratic(5.0, 1.0),
    S.SaddleWithMinima(),
    S.MonkeySaddle(),
    S.Plateau(),
    S.Plateau(width=0.5),
]
IDS = [repr(s) for s in ALL]


def random_points(surface, n, seed=0):
    rng = np.random.default_rng(seed)
    b = np.array(surface.bounds)
    return rng.uniform(b[:, 0], b[:, 1], size=(n, surface.dim))


def central_difference(f, x, h):
    """Central differences of f (vectorized over x of shape (n, dim)) along each coordinate."""
    cols = []
    for i in range(x.shape[1]):
        e = np.zeros(x.shape[1])
        e[i] = h
        cols.append((f(x + e) - f(x - e)) / (2 * h))
    return np.stack(cols, axis=-1)


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_grad_matches_finite_differences(surface):
    x = random_points(surface, 200)
    fd = central_difference(surface.value, x, 1e-6)
    g = surface.grad(x)
    scale = np.maximum(1.0, np.abs(g))
    np.testing.assert_array_less(np.abs(fd - g) / scale, 1e-6)


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_hessian_matches_finite_differences_of_grad(surface):
    x = random_points(surface, 200, seed=1)
    fd = central_difference(surface.grad, x, 1e-6)  # (n, dim_out, dim_in)
    h = surface.hessian(x)
    scale = np.maximum(1.0, np.abs(h))
    np.testing.assert_array_less(np.abs(fd - h) / scale, 1e-6)
    np.testing.assert_allclose(h, np.swapaxes(h, -1, -2), atol=1e-12)


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_listed_critical_points_have_zero_gradient_and_right_kind(surface):
    kinds = surface.critical_points()
    assert set(kinds) == {"minimum", "maximum", "saddle", "inflection"}
    assert sum(len(p) for p in kinds.values()) >= 1
    expected = {"minimum": "minimum", "maximum": "maximum", "saddle": "saddle",
                "inflection": "degenerate"}
    b = np.array(surface.bounds)
    for kind, pts in kinds.items():
        assert pts.shape[1:] == (surface.dim,) and pts.dtype == np.float64
        for p in pts:
            np.testing.assert_allclose(surface.grad(p), 0.0, atol=1e-12)
            assert np.all((p >= b[:, 0]) & (p <= b[:, 1]))
            want = expected[kind]
            if isinstance(surface, S.MonkeySaddle):
                want = "degenerate"  # Hessian is zero there: a degenerate saddle
            assert surface.classify(p) == want


def test_minima_are_minima_by_sampling_around_them():
    rng = np.random.default_rng(3)
    for surface in ALL:
        for p in surface.minima:
            near = p + 1e-3 * rng.standard_normal((100, surface.dim))
            assert np.all(surface.value(near) > surface.value(p))


def test_saddles_and_inflection_take_larger_and_smaller_values_nearby():
    rng = np.random.default_rng(4)
    for surface in (S.SaddleQuadratic(), S.SaddleWithMinima(), S.MonkeySaddle(), S.Cubic()):
        p = np.concatenate([surface.saddles, surface.inflections])[0]
        near = p + 1e-2 * rng.standard_normal((200, surface.dim))
        diff = surface.value(near) - surface.value(p)
        assert np.any(diff > 0) and np.any(diff < 0)


def test_classify_from_hessian_signature():
    sq = S.SaddleQuadratic()
    assert sq.classify([0.0, 0.0]) == "saddle"
    assert S.Quadratic().classify([0.3, -2.0]) == "minimum"
    assert S.TiltedDoubleWell().classify([0.0]) == "maximum"
    assert S.Cubic().classify([0.0]) == "degenerate"
    assert S.Cubic().classify([1.0]) == "minimum"  # convex there (not a critical point)
    assert S.MonkeySaddle().classify([0.0, 0.0]) == "degenerate"


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_vectorized_over_leading_axes(surface):
    x = random_points(surface, 24, seed=2).reshape(2, 3, 4, surface.dim)
    v, g, h = surface.value(x), surface.grad(x), surface.hessian(x)
    assert v.shape == (2, 3, 4) and g.shape == x.shape
    assert h.shape == (2, 3, 4, surface.dim, surface.dim)
    for idx in [(0, 0, 0), (1, 2, 3), (0, 1, 2)]:
        assert surface.value(x[idx]) == pytest.approx(v[idx], rel=1e-14, abs=1e-14)
        np.testing.assert_allclose(surface.grad(x[idx]), g[idx], rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(surface.hessian(x[idx]), h[idx], rtol=1e-14, atol=1e-14)
    single = surface.value(x[0, 0, 0])
    assert np.ndim(single) == 0 and isinstance(float(single), float)
    assert surface.grad(x[0, 0, 0]).shape == (surface.dim,)
    assert surface.value(x[:0]).shape == (0, 3, 4)


def test_closed_form_values():
    assert S.Rosenbrock().value([1.0, 1.0]) == 0.0
    assert S.Rosenbrock().value([0.0, 0.0]) == 1.0
    assert S.SaddleWithMinima().value([0.0, 1.0]) == -0.25
    assert S.MonkeySaddle().value([1.0, 1.0]) == -2.0
    assert S.Cubic().value([2.0]) == 8.0
    w = S.TiltedDoubleWell()
    assert w.value([w.GLOBAL_MIN]) == pytest.approx(-1.6, abs=1e-13)
    assert w.value([w.LOCAL_MIN]) == pytest.approx(-0.925, abs=1e-13)
    assert w.value([w.BARRIER]) == 0.0
    assert w.hessian([w.LOCAL_MIN])[0, 0] == pytest.approx(w.LOCAL_CURVATURE, rel=1e-13)
    assert w.hessian([w.GLOBAL_MIN])[0, 0] == pytest.approx(w.GLOBAL_CURVATURE, rel=1e-13)
    # the only real roots of f' are the three listed points
    roots = np.polynomial.Polynomial([0, 0, -1.5, -0.3, 0.525, 0.3, 0.05]).deriv().roots()
    real = np.sort(roots[np.abs(roots.imag) < 1e-9].real)
    np.testing.assert_allclose(real, [-2.0, 0.0, 1.0], atol=1e-9)
    p = S.Plateau()
    assert p.value([0.0, 0.0]) == 0.0
    assert p.value([30.0, -30.0]) == 2.0
    assert p.grad([4.0, 0.0])[0] == pytest.approx(2.7e-3, rel=0.01)  # tiny, not zero


def test_quadratic_constants_and_rotation():
    q = S.Quadratic(eigenvalues=(2.0, 8.0), angle=np.pi / 6, center=(1.0, 2.0))
    assert (q.L, q.mu, q.kappa) == (8.0, 2.0, 4.0)
    assert q.stability_limit == 0.25 and q.optimal_lr == 0.2
    np.testing.assert_allclose(np.linalg.eigvalsh(q.A), [2.0, 8.0])
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    v = np.array([c, s])  # the rotated first axis is an eigenvector with eigenvalue 2
    np.testing.assert_allclose(q.A @ v, 2.0 * v, atol=1e-14)
    assert q.value(np.array([1.0, 2.0]) + v) == pytest.approx(1.0)
    assert q.value(np.array([1.0, 2.0]) + np.array([-s, c])) == pytest.approx(4.0)
    assert q.convergence_rate(0.2) == pytest.approx(0.6)  # (kappa-1)/(kappa+1)
    np.testing.assert_allclose(q.convergence_rate(np.array([0.1, 0.25, 0.3])),
                               [0.8, 1.0, 1.4])
    assert q.convergence_rate(np.array([[0.1]])).shape == (1, 1)
    q3 = S.Quadratic(eigenvalues=(1.0, 4.0, 9.0))
    assert q3.dim == 3 and q3.kappa == 9.0
    np.testing.assert_array_equal(q3.A, np.diag([1.0, 4.0, 9.0]))


def gradient_descent(surface, x0, lr, steps):
    x = np.array(x0, dtype=np.float64)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            x = x - lr * surface.grad(x)
    return x


def test_gd_on_quadratic_converges_below_2_over_L_and_diverges_above():
    q = S.Quadratic(eigenvalues=(1.0, 10.0), angle=0.3)
    x0 = np.array([1.0, 1.0])
    below = gradient_descent(q, x0, 0.99 * q.stability_limit, 3000)
    above = gradient_descent(q, x0, 1.01 * q.stability_limit, 3000)
    assert np.linalg.norm(below) < 1e-8
    assert np.linalg.norm(above) > 1e6
    # the error shrinks by convergence_rate per step along the stiff direction
    lr = 0.05
    x = x0.copy()
    for _ in range(50):
        x = x - lr * q.grad(x)
    assert np.linalg.norm(x) <= q.convergence_rate(lr) ** 50 * np.linalg.norm(x0) * (1 + 1e-12)


def test_double_well_small_rate_stays_local_large_rate_finds_global():
    w = S.TiltedDoubleWell()
    starts = np.linspace(0.05, 1.4, 28)  # the local side of the barrier ...
    starts = starts[starts != w.LOCAL_MIN][:, None]  # ... but not the fixed point itself
    small = np.linspace(0.005, 0.1, 20)[:, None, None]
    np.testing.assert_allclose(gradient_descent(w, starts, small, 5000), w.LOCAL_MIN, atol=1e-8)
    large = np.linspace(0.4, 0.5, 11)[:, None, None]
    np.testing.assert_allclose(gradient_descent(w, starts, large, 5000), w.GLOBAL_MIN, atol=1e-8)
    from_start = np.linspace(0.4, 0.9, 11)[:, None]
    np.testing.assert_allclose(gradient_descent(w, [w.START], from_start, 5000), w.GLOBAL_MIN,
                               atol=1e-8)
    assert gradient_descent(w, [w.START], w.SMALL_LR, 2000) == pytest.approx(w.LOCAL_MIN)
    assert gradient_descent(w, [w.START], w.LARGE_LR, 2000) == pytest.approx(w.GLOBAL_MIN)
    assert not np.isfinite(gradient_descent(w, [w.START], w.DIVERGENT_LR, 100)[0])
    # why: the large rate is unstable at the sharp local minimum, stable at the wide global one
    assert w.LARGE_LR * w.LOCAL_CURVATURE > 2 > w.LARGE_LR * w.GLOBAL_CURVATURE
    assert w.SMALL_LR * w.LOCAL_CURVATURE < 2
    assert w.value([w.GLOBAL_MIN]) < w.value([w.LOCAL_MIN]) < w.value([w.BARRIER])
    assert w.bounds[0][0] < w.GLOBAL_MIN < w.BARRIER < w.LOCAL_MIN < w.START < w.bounds[0][1]


def test_double_well_in_between_rates_bounce_inside_the_local_well():
    w = S.TiltedDoubleWell()
    x, lr = np.array([0.9]), 0.25
    x = gradient_descent(w, x, lr, 4000)  # a 2-cycle across the local minimum
    nxt = x - lr * w.grad(x)
    assert abs(x[0] - nxt[0]) > 0.2 and gradient_descent(w, x, lr, 2) == pytest.approx(x)
    xs = [gradient_descent(w, [0.9], 0.3, 4000)]  # period doubling: chaotic bouncing
    for _ in range(300):
        xs.append(xs[-1] - 0.3 * w.grad(xs[-1]))
    xs = np.concatenate(xs)
    assert 0.5 < xs.min() < w.LOCAL_MIN < xs.max() < 1.2
    assert len(np.unique(xs.round(8))) > 100  # no short cycle


def test_gd_near_the_cubic_inflection_creeps_or_runs_away():
    c = S.Cubic()
    x = gradient_descent(c, [0.5], 0.1, 1000)[0]
    assert 0 < x < 0.01 and x == pytest.approx(1 / (0.3 * 1000), rel=0.05)  # ~ 1/(3 eta k)
    assert gradient_descent(c, [5.0], 0.1, 1)[0] < 0  # the first step crosses 0 ...
    assert gradient_descent(c, [5.0], 0.1, 10)[0] < -1e6  # ... and then it runs away


def test_gd_on_saddles():
    sq, lr = S.SaddleQuadratic(), 0.1
    np.testing.assert_allclose(gradient_descent(sq, [1.0, 0.0], lr, 200), 0.0, atol=1e-15)
    x = gradient_descent(sq, [1.0, 1e-6], lr, 10)
    assert x[1] == pytest.approx(1e-6 * (1 + 2 * lr) ** 10)
    sm = S.SaddleWithMinima()
    np.testing.assert_allclose(gradient_descent(sm, [1.0, 0.0], lr, 500), 0.0, atol=1e-15)
    np.testing.assert_allclose(gradient_descent(sm, [1.0, -1e-6], lr, 500), [0.0, -1.0],
                               atol=1e-12)
    np.testing.assert_allclose(gradient_descent(sm, [1.0, 1e-6], lr, 500), [0.0, 1.0],
                               atol=1e-12)
    ms = S.MonkeySaddle()  # |grad| = 3 r^2 in every direction
    theta = np.linspace(0, 2 * np.pi, 13)
    r = 0.7
    g = ms.grad(r * np.stack([np.cos(theta), np.sin(theta)], axis=-1))
    np.testing.assert_allclose(np.linalg.norm(g, axis=-1), 3 * r**2)


def test_rosenbrock_is_ill_conditioned_at_its_minimum():
    eig = np.linalg.eigvalsh(S.Rosenbrock().hessian([1.0, 1.0]))
    assert eig[1] / eig[0] == pytest.approx(2508.0, rel=1e-3)


def test_plateau_gd_crawls_momentum_crosses():
    p = S.Plateau()
    x0, lr, steps = np.array([4.0, 0.0]), 0.1, 300
    gd = gradient_descent(p, x0, lr, steps)
    x, v = x0.copy(), np.zeros(2)
    for _ in range(steps):
        v = 0.9 * v + p.grad(x)
        x = x - lr * v
    assert gd[0] > 3.5  # still on the plateau
    assert abs(x[0]) < 0.05  # momentum reached the minimum


def test_non_finite_points_give_non_finite_values_without_warnings():
    with np.errstate(all="raise"):
        assert np.isinf(S.Rosenbrock().value([np.inf, 1.0]))
        assert np.isnan(S.SaddleQuadratic().value([np.inf, np.inf]))
        assert np.isinf(S.Cubic().value([1e200]))
        assert np.all(np.isnan(S.Quadratic().grad([np.nan, 0.0])[..., :1]))


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_bad_points_are_refused(surface):
    name = type(surface).__name__
    with pytest.raises(ValueError, match=rf"{name}: x must be an array of shape \(\.\.\., "):
        surface.value(np.zeros(surface.dim + 1))
    with pytest.raises(ValueError, match=f"{name}: x must be"):
        surface.grad(1.0)
    with pytest.raises(TypeError, match=f"{name}: x must be an array of real numbers"):
        surface.hessian(["a"] * surface.dim)
    with pytest.raises(ValueError, match=r"classify: x must be one point of shape"):
        surface.classify(np.zeros((2, surface.dim)))
    with pytest.raises(ValueError, match="classify: x must be finite"):
        surface.classify(np.full(surface.dim, np.nan))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: S.Quadratic(eigenvalues=(1.0, 0.0)), "Quadratic: eigenvalues must be positive"),
        (lambda: S.Quadratic(eigenvalues=(1.0, -2.0)), "Quadratic: eigenvalues must be positive"),
        (lambda: S.Quadratic(eigenvalues=()), "Quadratic: eigenvalues must be non-empty"),
        (lambda: S.Quadratic(eigenvalues=(1.0, np.inf)), "Quadratic: eigenvalues must be finite"),
        (lambda: S.Quadratic(eigenvalues=(1.0, 2.0, 3.0), angle=0.5),
         "Quadratic: angle must be 0 unless there are 2 eigenvalues"),
        (lambda: S.Quadratic(angle=np.nan), "Quadratic: angle must be a finite real number"),
        (lambda: S.Quadratic(center=(1.0, 2.0, 3.0)), "Quadratic: center must be of length 2"),
        (lambda: S.Rosenbrock(b=0.0), "Rosenbrock: b must be a positive"),
        (lambda: S.Rosenbrock(a=np.inf), "Rosenbrock: a must be a finite real number"),
        (lambda: S.Plateau(width=-1.0), "Plateau: width must be a positive"),
        (lambda: S.Quadratic().convergence_rate(0.0),
         "Quadratic.convergence_rate: lr must be a positive"),
        (lambda: S.Quadratic().convergence_rate(np.array([0.1, -1.0])),
         "Quadratic.convergence_rate: lr must be positive"),
        (lambda: S.Quadratic().classify([0.0, 0.0], tol=0.0), "classify: tol must be a positive"),
    ],
)
def test_bad_arguments_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_argument_types_are_refused():
    with pytest.raises(TypeError, match="Rosenbrock: b must be a finite real number, got 'x'"):
        S.Rosenbrock(b="x")
    with pytest.raises(TypeError, match=r"Quadratic.convergence_rate: lr must be a finite real"):
        S.Quadratic().convergence_rate(True)


class Line(S.Surface):
    """f(x) = x, the smallest subclass."""

    def __init__(self, **kwargs):
        super().__init__(**{"dim": 1, "name": "line", "bounds": [(-1.0, 1.0)], **kwargs})

    def _value(self, x):
        return x[..., 0]

    def _grad(self, x):
        return np.ones_like(x)

    def _hessian(self, x):
        return np.zeros((*x.shape, 1))


def test_surface_subclass_and_base_checks():
    line = Line()
    assert line.value(np.array([[0.5], [2.0]])).tolist() == [0.5, 2.0]
    assert line.minima.shape == (0, 1) and line.classify([0.0]) == "degenerate"
    with pytest.raises(TypeError, match="abstract"):
        S.Surface(1, "x", [(0.0, 1.0)])
    with pytest.raises(ValueError, match="Surface: dim must be a positive integer"):
        Line(dim=0)
    with pytest.raises(ValueError, match=r"Surface: bounds must be 1 pairs \(low, high\)"):
        Line(bounds=[(1.0, -1.0)])
    with pytest.raises(ValueError, match=r"Surface: minima must be finite points of shape"):
        Line(minima=[(0.0, 1.0)])
    with pytest.raises(ValueError, match="Surface: saddles must be finite points"):
        Line(saddles=[(np.nan,)])
    with pytest.raises(TypeError, match="Surface: name must be a non-empty string"):
        Line(name="")


def test_critical_points_are_read_only():
    q = S.Quadratic()
    with pytest.raises(ValueError, match="read-only"):
        q.minima[0, 0] = 5.0
