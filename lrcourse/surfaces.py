r"""Toy loss surfaces: objectives whose every critical point is known.

Each surface is a function :math:`f:\mathbb{R}^d \to \mathbb{R}` with its gradient and Hessian in
closed form, vectorized over any number of leading batch axes: for points ``x`` of shape
``(..., dim)``, ``value(x)`` has shape ``(...)``, ``grad(x)`` shape ``(..., dim)`` and
``hessian(x)`` shape ``(..., dim, dim)``. A single point of shape ``(dim,)`` gives a scalar value.

Every surface lists its critical points (where :math:`\nabla f = 0`) by kind in ``minima``,
``maxima``, ``saddles`` and ``inflections`` (arrays of shape ``(m, dim)``, possibly empty), gives
a plotting window in ``bounds`` and applies the second-derivative test in ``classify``.

Points need not be finite: an optimizer that diverged produces infinite or NaN coordinates, and
the surface then returns infinite or NaN values (without a warning) so that the training loop can
detect the divergence and stop cleanly. Points whose last axis is not ``dim`` are refused.
"""

from __future__ import annotations

import math
import numbers
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from . import _checks, theory
from .theory._shared import _curvatures

__all__ = [
    "Cubic",
    "MonkeySaddle",
    "Plateau",
    "Quadratic",
    "Rosenbrock",
    "SaddleQuadratic",
    "SaddleWithMinima",
    "Surface",
    "TiltedDoubleWell",
]

def _points(owner: str, name: str, rows: Sequence[Sequence[float]], dim: int) -> np.ndarray:
    """Critical points as a read-only float64 array of shape ``(m, dim)``."""
    arr = np.array(_checks.real_array(owner, name, rows))  # an own copy, to freeze
    if arr.size == 0:
        arr = arr.reshape(0, dim)
    if arr.ndim != 2 or arr.shape[1] != dim or not np.all(np.isfinite(arr)):
        _checks._fail(owner, name, f"finite points of shape (m, {dim})", rows)
    arr.flags.writeable = False
    return arr


class Surface(ABC):
    r"""Base class of the toy surfaces.

    Subclasses implement ``_value``, ``_grad`` and ``_hessian`` on float64 arrays of shape
    ``(..., dim)`` and pass ``dim``, ``name``, ``bounds`` and their critical points to
    ``Surface.__init__``, which checks them.

    Attributes
    ----------
    dim : int
        Number of coordinates of a point.
    name : str
        Short label for legends and titles.
    bounds : tuple
        A plotting window, one ``(low, high)`` pair per coordinate, that contains every listed
        critical point.
    minima : numpy.ndarray
        The local (and global) minima, shape ``(m, dim)``, possibly ``(0, dim)``.
    maxima : numpy.ndarray
        The local maxima, shape ``(m, dim)``.
    saddles : numpy.ndarray
        The saddle points, shape ``(m, dim)``: critical points near which :math:`f` rises along
        some directions and falls along others (so they need ``dim >= 2``).
    inflections : numpy.ndarray
        1-D critical points that are neither minima nor maxima, shape ``(m, 1)``: :math:`f'`
        vanishes there without changing sign, as for :math:`x^3` at 0.
    """

    dim: int
    name: str
    bounds: tuple[tuple[float, float], ...]
    minima: np.ndarray
    maxima: np.ndarray
    saddles: np.ndarray
    inflections: np.ndarray

    def __init__(self, dim: int, name: str, bounds: Sequence[tuple[float, float]], *,
                 minima: Sequence[Sequence[float]] = (),
                 maxima: Sequence[Sequence[float]] = (),
                 saddles: Sequence[Sequence[float]] = (),
                 inflections: Sequence[Sequence[float]] = ()) -> None:
        owner = "Surface"
        self.dim = _checks.integer(owner, "dim", dim, minimum=1)
        if not isinstance(name, str) or not name:
            _checks._fail(owner, "name", "a non-empty string", name, TypeError)
        self.name = name
        box = _checks.finite_array(owner, "bounds", bounds, ndim=2)
        if box.shape != (dim, 2) or np.any(box[:, 0] >= box[:, 1]):
            _checks._fail(owner, "bounds", f"{dim} pairs (low, high) with low < high", bounds)
        self.bounds = tuple((float(lo), float(hi)) for lo, hi in box)
        self.minima = _points(owner, "minima", minima, dim)
        self.maxima = _points(owner, "maxima", maxima, dim)
        self.saddles = _points(owner, "saddles", saddles, dim)
        self.inflections = _points(owner, "inflections", inflections, dim)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # -- evaluation ---------------------------------------------------------------------------

    def _check_x(self, x: object) -> np.ndarray:
        owner = type(self).__name__
        arr = _checks.real_array(owner, "x", x)  # NaN and inf: a diverged run's points
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            _checks._fail(owner, "x", f"an array of shape (..., {self.dim})",
                          f"an array of shape {arr.shape}")
        return arr

    def value(self, x: np.ndarray) -> np.ndarray:
        """The objective at points ``x`` of shape ``(..., dim)``; shape ``(...)``."""
        arr = self._check_x(x)
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.asarray(self._value(arr), dtype=np.float64)
        return out[()]

    def grad(self, x: np.ndarray) -> np.ndarray:
        """The gradient at points ``x`` of shape ``(..., dim)``; shape ``(..., dim)``."""
        arr = self._check_x(x)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(self._grad(arr), dtype=np.float64)

    def hessian(self, x: np.ndarray) -> np.ndarray:
        """The Hessian at points ``x`` of shape ``(..., dim)``; shape ``(..., dim, dim)``."""
        arr = self._check_x(x)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(self._hessian(arr), dtype=np.float64)

    @abstractmethod
    def _value(self, x: np.ndarray) -> np.ndarray:
        """:math:`f` on a float64 array ``(..., dim)``."""

    @abstractmethod
    def _grad(self, x: np.ndarray) -> np.ndarray:
        """:math:`\nabla f` on a float64 array ``(..., dim)``."""

    @abstractmethod
    def _hessian(self, x: np.ndarray) -> np.ndarray:
        """:math:`\nabla^2 f` on a float64 array ``(..., dim)``."""

    # -- critical points ----------------------------------------------------------------------

    def critical_points(self) -> dict[str, np.ndarray]:
        """The listed critical points by kind: keys ``"minimum"``, ``"maximum"``, ``"saddle"``,
        ``"inflection"``, values arrays of shape ``(m, dim)``."""
        return {"minimum": self.minima, "maximum": self.maxima, "saddle": self.saddles,
                "inflection": self.inflections}

    def classify(self, x: np.ndarray, tol: float = 1e-8) -> str:
        r"""The second-derivative test at one point ``x`` of shape ``(dim,)``.

        With :math:`\lambda_i` the eigenvalues of the Hessian :math:`\nabla^2 f(x)` and
        :math:`\tau = \mathrm{tol}\cdot\max(1, \max_i |\lambda_i|)`:

        - ``"minimum"`` if every :math:`\lambda_i > \tau` (positive definite),
        - ``"maximum"`` if every :math:`\lambda_i < -\tau`,
        - ``"saddle"`` if some :math:`\lambda_i > \tau` and some :math:`\lambda_i < -\tau`,
        - ``"degenerate"`` otherwise: an eigenvalue is (numerically) zero and second derivatives
          cannot tell. :math:`x^3` at 0 (an inflection) and the monkey saddle at the origin
          (a saddle) are both ``"degenerate"``; higher derivatives decide there.

        The test describes a critical point only where the gradient vanishes; elsewhere it
        reports the local curvature (convex, concave or mixed).
        """
        owner = f"{type(self).__name__}.classify"
        tol = _checks.positive(owner, "tol", tol)
        arr = _checks.finite_array(owner, "x", x)
        if arr.shape != (self.dim,):
            _checks._fail(owner, "x", f"one point of shape ({self.dim},)",
                          f"an array of shape {arr.shape}")
        eig = np.linalg.eigvalsh(self.hessian(arr))
        tau = tol * max(1.0, float(np.max(np.abs(eig))))
        if np.all(eig > tau):
            return "minimum"
        if np.all(eig < -tau):
            return "maximum"
        if np.any(eig > tau) and np.any(eig < -tau):
            return "saddle"
        return "degenerate"


# -------------------------------------------------------------------------------------------
# Quadratic
# -------------------------------------------------------------------------------------------


class Quadratic(Surface):
    r"""The quadratic bowl :math:`f(x) = \tfrac12 (x-c)^\top A (x-c)`, the model of every
    learning-rate threshold.

    :math:`A = R\,\mathrm{diag}(\lambda_1, \dots, \lambda_d)\,R^\top` is symmetric positive
    definite with the given eigenvalues; in 2-D, :math:`R` rotates by ``angle`` (radians), so
    the valley is tilted against the axes; in other dimensions :math:`R = I`. The gradient is
    :math:`A(x-c)` and the Hessian :math:`A` everywhere.

    Gradient descent :math:`x_{k+1} = x_k - \eta A (x_k - c)` multiplies the error along the
    :math:`i`-th eigenvector by :math:`1 - \eta\lambda_i` at every step, so it converges for
    every start if and only if :math:`\eta < 2/L` (``stability_limit``), at the rate
    :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|` (``convergence_rate``), smallest,
    :math:`(\kappa-1)/(\kappa+1)`, at :math:`\eta^* = 2/(L+\mu)` (``optimal_lr``); the
    formulas are those of `lrcourse.theory`.

    Parameters
    ----------
    eigenvalues : sequence of float, default (1.0, 10.0)
        The curvatures :math:`\lambda_i > 0`; their number is the dimension.
    angle : float, default 0.0
        Rotation of the eigenvectors in radians (2-D only; must be 0 otherwise).
    center : sequence of float, optional
        The minimizer :math:`c`; the origin by default.

    Attributes
    ----------
    A : numpy.ndarray
        The Hessian, shape ``(dim, dim)``.
    L : float
        The largest eigenvalue (the smoothness constant of :math:`f`).
    mu : float
        The smallest eigenvalue (the strong-convexity constant).
    kappa : float
        The condition number :math:`\kappa = L/\mu`.
    stability_limit : float
        :math:`2/L`: gradient descent converges from every start exactly when
        :math:`\eta < 2/L`.
    optimal_lr : float
        :math:`2/(L+\mu)`, the rate with the fastest worst-case convergence.
    """

    def __init__(self, eigenvalues: Sequence[float] = (1.0, 10.0), angle: float = 0.0,
                 center: Sequence[float] | None = None) -> None:
        owner = "Quadratic"
        lam = _curvatures(owner, eigenvalues, name="eigenvalues")
        dim = lam.size
        angle = _checks.real(owner, "angle", angle)
        if dim != 2 and angle != 0.0:
            _checks._fail(owner, "angle", "0 unless there are 2 eigenvalues", angle)
        if center is None:
            c = np.zeros(dim)
        else:
            c = _checks.finite_array(owner, "center", center, ndim=1, limit=1e300,
                                     why=" (its plotting window must be finite)")
            if c.size != dim:
                _checks._fail(owner, "center", f"of length {dim} (one per eigenvalue)",
                              f"length {c.size}")
        if dim == 2:
            cos, sin = math.cos(angle), math.sin(angle)
            rot = np.array([[cos, -sin], [sin, cos]])
        else:
            rot = np.eye(dim)
        self.eigenvalues = tuple(lam.tolist())
        self.angle = angle
        self.center = c
        self.center.flags.writeable = False
        self.A = rot @ np.diag(lam) @ rot.T
        self.A = (self.A + self.A.T) / 2  # exactly symmetric after rounding
        self.A.flags.writeable = False
        self.L = float(lam.max())
        self.mu = float(lam.min())
        self.kappa = self.L / self.mu
        self.stability_limit = theory.stability_limit(lam)
        self.optimal_lr = theory.optimal_lr(lam)
        half = 3.0 / math.sqrt(self.mu)  # the flattest direction's level set f = 4.5
        bounds = [(ci - half, ci + half) for ci in c.tolist()]
        if any(low >= high for low, high in bounds):
            _checks._fail(owner, "center", f"small enough against 3/sqrt(mu) = {half:g} that "
                          "its plotting window c ± 3/sqrt(mu) is not a single float",
                          tuple(c.tolist()))
        super().__init__(dim, f"quadratic (kappa={self.kappa:g})", bounds, minima=[c])

    def __repr__(self) -> str:
        return (f"Quadratic(eigenvalues={self.eigenvalues}, angle={self.angle!r}, "
                f"center={tuple(self.center.tolist())})")

    def _value(self, x):
        d = x - self.center
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.A, d)

    def _grad(self, x):
        return (x - self.center) @ self.A  # A is symmetric

    def _hessian(self, x):
        return np.broadcast_to(self.A, (*x.shape[:-1], self.dim, self.dim)).copy()

    def convergence_rate(self, lr: float | np.ndarray) -> float | np.ndarray:
        r"""The factor :math:`\rho(\eta) = \max_i |1 - \eta\lambda_i|` by which gradient descent
        with rate :math:`\eta` shrinks the worst-case error per step (divergence if > 1):
        `lrcourse.theory.gd_rate` of the eigenvalues.

        ``lr`` is a positive number (returns a float) or an array of them (returns an array of
        the same shape).
        """
        owner = "Quadratic.convergence_rate"
        if isinstance(lr, numbers.Real):  # bools are refused by positive()
            eta = np.asarray(_checks.positive(owner, "lr", lr))
        else:
            eta = _checks.positive_array(owner, "lr", lr)
        return theory.gd_rate(self.eigenvalues, eta)


# -------------------------------------------------------------------------------------------
# Rosenbrock
# -------------------------------------------------------------------------------------------


class Rosenbrock(Surface):
    r"""Rosenbrock's banana valley :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`.

    The only critical point is the global minimum :math:`(a, a^2)` (for :math:`b > 0`), at the
    bottom of a long, curved, flat-bottomed valley: easy to reach, slow to follow. With the defaults
    the Hessian at the minimum has eigenvalues 0.40 and 1001.6 (condition number about 2508).

    Parameters
    ----------
    a : float, default 1.0
        Position of the minimum.
    b : float, default 100.0
        Steepness of the valley walls (> 0).
    """

    def __init__(self, a: float = 1.0, b: float = 100.0) -> None:
        self.a = _checks.real("Rosenbrock", "a", a, limit=1e6,
                              why=" (its plotting window around (a, a²) must be representable)")
        self.b = _checks.positive("Rosenbrock", "b", b, limit=1e100,
                                  why=" (its curvature, over 1000 b near the minimum, must "
                                  "stay within the float range)")
        a = self.a
        super().__init__(2, "Rosenbrock", [(a - 3.0, a + 1.0), (a * a - 2.0, a * a + 2.0)],
                         minima=[(a, a * a)])

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a!r}, b={self.b!r})"

    def _value(self, p):
        x, y = p[..., 0], p[..., 1]
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def _grad(self, p):
        x, y = p[..., 0], p[..., 1]
        r = y - x * x
        return np.stack([-2.0 * (self.a - x) - 4.0 * self.b * x * r, 2.0 * self.b * r], axis=-1)

    def _hessian(self, p):
        x, y = p[..., 0], p[..., 1]
        hxx = 2.0 - 4.0 * self.b * (y - 3.0 * x * x)
        hxy = -4.0 * self.b * x
        hyy = np.full_like(x, 2.0 * self.b)
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)


# -------------------------------------------------------------------------------------------
# One-dimensional polynomials
# -------------------------------------------------------------------------------------------


class Cubic(Surface):
    r"""The cubic :math:`f(x) = x^3`, with :math:`f'(x) = 3x^2`, :math:`f''(x) = 6x`.

    Its only critical point, :math:`x = 0`, is an **inflection point**, listed in
    ``inflections``: :math:`f` increases on both sides of it, so it is neither a minimum nor a
    maximum, and ``classify`` calls it ``"degenerate"`` because :math:`f''(0) = 0` leaves the
    second-derivative test undecided. Some texts call it a "saddle point"; that is loose: a
    saddle needs at least two directions, curving up along one and down along another, while a
    1-D function has only one direction. What the two share, and what matters for gradient
    descent, is a vanishing gradient at a point that is not a minimum: from :math:`x_0 > 0` the
    iterates creep towards 0 ever more slowly (:math:`f'` shrinks quadratically), and below 0
    the function is unbounded, so a step that crosses 0 runs away to :math:`-\infty`.
    """

    def __init__(self) -> None:
        super().__init__(1, "x^3", [(-1.5, 1.5)], inflections=[(0.0,)])

    def _value(self, x):
        return x[..., 0] ** 3

    def _grad(self, x):
        return 3.0 * x * x

    def _hessian(self, x):
        return 6.0 * x[..., None]


class TiltedDoubleWell(Surface):
    r"""A 1-D loss with a sharp, shallow local minimum and a wide, deep global minimum.

    .. math::

        f(x) &= \tfrac{1}{20}x^6 + \tfrac{3}{10}x^5 + \tfrac{21}{40}x^4 - \tfrac{3}{10}x^3
               - \tfrac32 x^2, \\
        f'(x) &= \tfrac{3}{10}\, x\,(x + 2)(x - 1)(x^2 + 4x + 5).

    The last factor of :math:`f'` has no real root, so the critical points are exactly
    :math:`x = -2` (global minimum, :math:`f = -1.6`, curvature :math:`f'' = 1.8`),
    :math:`x = 0` (the barrier between the wells: a local maximum, :math:`f = 0`) and
    :math:`x = 1` (local minimum, :math:`f = -0.925`, curvature :math:`f'' = 9`).

    Designed for chapter 1's local-versus-global story. Gradient descent can only settle in a
    minimum whose curvature is below :math:`2/\eta` (there it is locally a quadratic with
    :math:`|1 - \eta f''| < 1`). So, started on the local side (:math:`0 < x_0 \le 1.4`):

    - a small rate, :math:`\eta \le 0.1` (below :math:`2/9 \approx 0.22`), settles in the local
      minimum :math:`x = 1`;
    - a larger rate, :math:`0.4 \le \eta \le 0.5`, cannot stay in the sharp local well
      (:math:`\eta f'' \ge 3.6 > 2`), is thrown over the barrier and converges to the global
      minimum, where it is stable (:math:`\eta \cdot 1.8 \le 0.9 < 2`);
    - in between, the iterates neither settle nor escape: they bounce for ever across the local
      minimum, in a 2-cycle at :math:`\eta = 0.25`, then, through period doubling, chaotically
      at :math:`\eta = 0.3` (unless a start far up the wall throws them over at once);
    - too large a rate diverges, the sextic walls being steep: from :math:`x_0 = 1.3` every
      rate from 0.4 to 0.9 ends in the global minimum, and :math:`\eta = 1` diverges.

    The class attributes ``LOCAL_MIN``, ``GLOBAL_MIN``, ``BARRIER``, ``LOCAL_CURVATURE``,
    ``GLOBAL_CURVATURE`` and the example settings ``START`` (1.3), ``SMALL_LR`` (0.05),
    ``LARGE_LR`` (0.45) and ``DIVERGENT_LR`` (1.0) hold the numbers a chapter can cite; the
    tests check every statement above with real gradient-descent runs.
    """

    LOCAL_MIN: float = 1.0
    GLOBAL_MIN: float = -2.0
    BARRIER: float = 0.0
    LOCAL_CURVATURE: float = 9.0
    GLOBAL_CURVATURE: float = 1.8
    SMALL_LR: float = 0.05
    LARGE_LR: float = 0.45
    DIVERGENT_LR: float = 1.0
    START: float = 1.3

    def __init__(self) -> None:
        super().__init__(1, "tilted double well", [(-3.0, 1.6)], minima=[(-2.0,), (1.0,)],
                         maxima=[(0.0,)])

    def _value(self, x):
        x = x[..., 0]
        return x * x * (-1.5 + x * (-0.3 + x * (0.525 + x * (0.3 + 0.05 * x))))

    def _grad(self, x):
        return 0.3 * x * (x + 2.0) * (x - 1.0) * (x * x + 4.0 * x + 5.0)

    def _hessian(self, x):
        x = x[..., None]  # f'' = (3/10)(5x^4 + 20x^3 + 21x^2 - 6x - 10)
        return 0.3 * (-10.0 + x * (-6.0 + x * (21.0 + x * (20.0 + 5.0 * x))))


# -------------------------------------------------------------------------------------------
# Saddles
# -------------------------------------------------------------------------------------------


class SaddleQuadratic(Surface):
    r"""The quadratic saddle :math:`f(x, y) = a x^2 - b y^2` (default :math:`x^2 - y^2`).

    The origin is a strict saddle: the Hessian :math:`\mathrm{diag}(2a, -2b)` curves up along
    :math:`x` and down along :math:`y`. Gradient descent multiplies :math:`x` by
    :math:`1 - 2a\eta` and :math:`y` by :math:`1 + 2b\eta` per step: from a point with
    :math:`y_0 = 0` (the stable manifold, the :math:`x` axis) it converges to the saddle, and any
    :math:`y_0 \ne 0` grows geometrically and escapes (`lrcourse.theory.saddle_escape_steps`).
    ``SaddleQuadratic(5, 1)`` is a lopsided saddle, steep along :math:`x`, gentle along
    :math:`y`.

    Parameters
    ----------
    a : float, default 1.0
        Curvature scale of the rising direction (> 0): the Hessian's positive eigenvalue is
        :math:`2a`.
    b : float, default 1.0
        Curvature scale of the falling direction (> 0): the negative eigenvalue is
        :math:`-2b`.
    """

    def __init__(self, a: float = 1.0, b: float = 1.0) -> None:
        why = " (its Hessian, 2a and -2b, must stay within the float range)"
        self.a = _checks.positive("SaddleQuadratic", "a", a, limit=1e300, why=why)
        self.b = _checks.positive("SaddleQuadratic", "b", b, limit=1e300, why=why)
        name = "x^2 - y^2" if (self.a, self.b) == (1.0, 1.0) else f"{self.a:g}x^2 - {self.b:g}y^2"
        super().__init__(2, name, [(-2.0, 2.0), (-2.0, 2.0)], saddles=[(0.0, 0.0)])

    def __repr__(self) -> str:
        return f"SaddleQuadratic(a={self.a!r}, b={self.b!r})"

    def _value(self, p):
        return self.a * p[..., 0] ** 2 - self.b * p[..., 1] ** 2

    def _grad(self, p):
        return p * np.array([2.0 * self.a, -2.0 * self.b])

    def _hessian(self, p):
        return np.broadcast_to(np.diag([2.0 * self.a, -2.0 * self.b]),
                               (*p.shape[:-1], 2, 2)).copy()


class SaddleWithMinima(Surface):
    r"""A saddle between two minima, :math:`f(x, y) = x^2 + \tfrac14 y^4 - \tfrac12 y^2`.

    :math:`\nabla f = (2x,\ y^3 - y)` vanishes at the saddle :math:`(0, 0)` (Hessian
    :math:`\mathrm{diag}(2, -1)`) and at the two global minima :math:`(0, \pm 1)` (Hessian
    :math:`\mathrm{diag}(2, 2)`, :math:`f = -\tfrac14`). Gradient descent started on the line
    :math:`y = 0` slides into the saddle and stays; the slightest offset in :math:`y` lets it
    escape, slowly at first, to the minimum on that side.
    """

    def __init__(self) -> None:
        super().__init__(2, "x^2 + y^4/4 - y^2/2", [(-2.0, 2.0), (-2.0, 2.0)],
                         minima=[(0.0, -1.0), (0.0, 1.0)], saddles=[(0.0, 0.0)])

    def _value(self, p):
        x, y = p[..., 0], p[..., 1]
        y2 = y * y
        return x * x + 0.25 * y2 * y2 - 0.5 * y2

    def _grad(self, p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([2.0 * x, y * y * y - y], axis=-1)

    def _hessian(self, p):
        y = p[..., 1]
        zero = np.zeros_like(y)
        return np.stack([np.stack([zero + 2.0, zero], -1),
                         np.stack([zero, 3.0 * y * y - 1.0], -1)], -2)


class MonkeySaddle(Surface):
    r"""The monkey saddle :math:`f(x, y) = x^3 - 3xy^2` (room for two legs and a tail).

    :math:`\nabla f = (3x^2 - 3y^2,\ -6xy)` vanishes only at the origin, where the Hessian
    :math:`\begin{pmatrix} 6x & -6y \\ -6y & -6x \end{pmatrix}` is zero: a **degenerate**
    saddle. :math:`f` goes up along three directions and down along three others around it,
    so it is a saddle (listed in ``saddles``), but the second-derivative test cannot see it and
    ``classify`` says ``"degenerate"``. The gradient is quadratic in the distance to the
    origin, so gradient descent slows down even more near it than near an ordinary saddle.
    """

    def __init__(self) -> None:
        super().__init__(2, "monkey saddle", [(-1.0, 1.0), (-1.0, 1.0)], saddles=[(0.0, 0.0)])

    def _value(self, p):
        x, y = p[..., 0], p[..., 1]
        return x * x * x - 3.0 * x * y * y

    def _grad(self, p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([3.0 * x * x - 3.0 * y * y, -6.0 * x * y], axis=-1)

    def _hessian(self, p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([np.stack([6.0 * x, -6.0 * y], -1),
                         np.stack([-6.0 * y, -6.0 * x], -1)], -2)


# -------------------------------------------------------------------------------------------
# Plateau
# -------------------------------------------------------------------------------------------


class Plateau(Surface):
    r"""A loss that is nearly flat far from its minimum: :math:`f(x, y) = \tanh^2(x/w) +
    \tanh^2(y/w)`.

    Each term is a saturating function like a sigmoid or tanh unit: near the origin it is the
    bowl :math:`(x^2 + y^2)/w^2` (Hessian :math:`(2/w^2) I` at the only critical point, the
    global minimum at the origin), and beyond :math:`|x| \approx 2w` it flattens to a plateau at
    height 1 per coordinate. There

    .. math::

        \frac{\partial f}{\partial x} = \frac{2}{w} \tanh(x/w)\,\mathrm{sech}^2(x/w)
        \approx \frac{8}{w}\, e^{-2|x|/w}

    is tiny but not zero (about :math:`2.7\cdot10^{-3}` at :math:`x = 4` for :math:`w = 1`):
    gradient descent crawls across the plateau for many steps before it finds the descent,
    while momentum accumulates the small, consistent gradient and crosses much sooner.

    Parameters
    ----------
    width : float, default 1.0
        The scale :math:`w > 0` of the bowl; the plateau starts at about :math:`2w`.
    """

    def __init__(self, width: float = 1.0) -> None:
        self.width = _checks.positive("Plateau", "width", width, limit=1e300,
                                      why=" (its plotting window, 5 widths wide, must be finite)")
        half = 5.0 * self.width
        super().__init__(2, "plateau", [(-half, half), (-half, half)], minima=[(0.0, 0.0)])

    def __repr__(self) -> str:
        return f"Plateau(width={self.width!r})"

    def _value(self, p):
        t = np.tanh(p / self.width)
        return np.sum(t * t, axis=-1)

    def _grad(self, p):
        t = np.tanh(p / self.width)
        return 2.0 / self.width * t * (1.0 - t * t)

    def _hessian(self, p):
        t = np.tanh(p / self.width)
        s2 = 1.0 - t * t  # sech^2
        diag = 2.0 / self.width**2 * s2 * (s2 - 2.0 * t * t)
        return diag[..., :, None] * np.eye(2)
