"""Every public callable of lrcourse, argument by argument: a valid call and the bad values each
argument must refuse. `test_bad_input.py` walks this table.

A row (`Row`) gives, for one callable, the keyword arguments of a valid call (``base``) and, for
each of its parameters, an `Arg`: the values that must be refused with a ``ValueError`` or
``TypeError`` raised by lrcourse whose message names the argument (``bad``), and the extreme
values that must be refused so, or else accepted with a result free of NaN and infinity
(``huge``). The kinds below (`REAL`, `POSITIVE`, `COUNT`, `FLAG`, `ARRAY`, ...) hold the usual
bad values of each kind of argument: zero, negative, NaN, +-inf, bool, str, None, wrong shape,
huge. Derived values (`From`) are computed from the argument's valid value, e.g. the same array
with a NaN inside.

Rows are keyed ``"<module>.<name>"`` for functions and classes (the constructor) and
``"<module>.<Class>.<method>"`` for methods, the class being the one that defines the method (one
row for `lrcourse.surfaces.Surface.value` covers every surface; the walker calls it on an
instance of each public subclass, from `INSTANCES`). A public callable with parameters and no
row, or a parameter without an `Arg`, fails the test: see CONTRIBUTING.md, "Bad input".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import lrcourse as lc
from lrcourse import optimizers as O
from lrcourse import schedules as S
from lrcourse import surfaces as F

NAN, INF = float("nan"), float("inf")
HUGE = 1e308
HUGE_INT = 10**30
BIG_STEP = 2**62  # inside the int64 range


# --------------------------------------------------------------------------------------------
# The structure of the table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class From:
    """A bad value computed from the argument's valid value (``make(valid)``), or made afresh
    for each call (``make()``, when ``fresh``)."""

    label: str
    make: Callable[..., Any]
    fresh: bool = False

    def __repr__(self) -> str:
        return f"<{self.label}>"


@dataclass(frozen=True)
class Named:
    """A bad value whose refusal must name ``name`` (e.g. a key inside a dict argument)."""

    value: Any
    name: str


@dataclass(frozen=True)
class Arg:
    """The bad values of one argument: ``bad`` must be refused; ``huge`` refused, or accepted
    with a finite result."""

    bad: tuple = ()
    huge: tuple = ()

    def plus(self, *more: Any) -> Arg:
        """The same with more bad values (specific to one argument)."""
        return Arg(self.bad + more, self.huge)

    def minus(self, *allowed: Any) -> Arg:
        """The same without values that are valid here (compared by identity or equality)."""
        def keep(v):
            return not any(v is a or (type(v) is type(a) and _same(v, a)) for a in allowed)
        return Arg(tuple(v for v in self.bad if keep(v)), tuple(v for v in self.huge if keep(v)))

    def big(self, *huge: Any) -> Arg:
        """The same with other extreme values."""
        return Arg(self.bad, tuple(huge))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b)
    try:
        return bool(a == b)
    except (ValueError, TypeError):
        return False


def fresh(label: str, make: Callable[[], Any]) -> From:
    """A bad value made afresh for each call (an object the call might change)."""
    return From(label, make, fresh=True)


@dataclass(frozen=True)
class Keywords:
    """The bad values of a ``**kwargs`` parameter: dicts merged into the call, each with the
    name its refusal must contain."""

    cases: tuple[tuple[dict, str], ...]


@dataclass
class Row:
    """One callable: ``base`` (keyword arguments of a valid call, or a function of the object
    for a method) and ``args`` (parameter -> `Arg` or `Keywords`).

    ``call`` replaces the callable (for abstract classes); ``make`` builds the object of a method
    instead of `INSTANCES`; ``finite`` is False where an accepted extreme value may legitimately
    give an infinite or NaN result (documented overflow, a diverged run, a "best so far" that
    starts at infinity); ``then`` uses an accepted result (a schedule's rates, a network's
    loss), and what it gives must be finite too.
    """

    base: dict | Callable[..., dict]
    args: dict[str, Arg | Keywords]
    call: Callable | None = None
    make: Callable[[], Any] | None = None
    finite: bool = True
    then: Callable[[Any], Any] | None = None


# --------------------------------------------------------------------------------------------
# Kinds of arguments and their bad values
# --------------------------------------------------------------------------------------------


def _put(valid: Any, value: float) -> np.ndarray:
    arr = np.array(valid, dtype=np.float64)
    arr.flat[0] = value
    return arr


def _put_bool(valid: Any) -> list:
    nested = np.asarray(valid).tolist()
    inner = nested
    while isinstance(inner[0], list):
        inner = inner[0]
    inner[0] = True
    return nested


NAN_IN = From("NaN inside", lambda v: _put(v, NAN))
INF_IN = From("inf inside", lambda v: _put(v, INF))
BOOL_IN = From("a bool inside", _put_bool)
BOOLS = From("bools", lambda v: np.asarray(v) != 0)
STRS = From("strings", lambda v: np.asarray(v).astype(str))
EMPTY = From("empty", lambda v: np.empty((0, *np.shape(v)[1:])))
EXTRA_AXIS = From("one more axis", lambda v: np.asarray(v, dtype=np.float64)[None])
HUGE_IN = From("1e308 inside", lambda v: _put(v, HUGE))

REAL = Arg((NAN, INF, -INF, True, "abc", None, [1.0, 2.0]), (HUGE, -HUGE))
POSITIVE = REAL.plus(0.0, -1.0)
NONNEGATIVE = REAL.plus(-1.0)
COUNT = Arg((0, -1, 2.5, NAN, True, "abc", None, [1, 2], HUGE_INT))
SEED = Arg((-1, 2.5, True, "abc", None, [1, 2], HUGE_INT))
FLAG = Arg(("yes", None, 2.5, 0, 1, np.array([True, False])))
CHOICE = Arg(("bogus", None, 1, True, ["a"]))
TEXT = Arg((1, True, None, ["a"]))
ARRAY = Arg((None, True, "abc", NAN_IN, INF_IN, BOOL_IN, BOOLS, STRS, EMPTY, EXTRA_AXIS))
REAL_ARRAY = Arg((None, True, "abc", BOOL_IN, BOOLS, STRS, EXTRA_AXIS))
OBJECT = Arg((None, "abc", 1, True, object()))
AXES = Arg(("abc", 1, True, object(), fresh("a Figure", lambda: _figure())))
_MAPPING = Arg((None, "abc", 1, {}, From("a non-str label", lambda v: {1: next(iter(v.values()))}),
                {"a": "abc"}, {"a": None}, {"a": [True, False, True]}))
CURVES = _MAPPING.plus({"a": np.ones((3, 3))})  # label -> 1-D curve
TABLES = _MAPPING.plus({"a": np.ones(3)})  # label -> 2-D array (values x replicates)
LABELS = Arg((None, True, "abc", BOOLS, From("a label 0.5", lambda v: _put(v, 0.5)),
              From("a label -1", lambda v: _put(v, -1)), From("a label 99", lambda v: _put(v, 99)),
              From("one label too many", lambda v: np.append(v, 0)), EXTRA_AXIS))
STEP = Arg((-1, 2.5, NAN, True, "abc", None, HUGE_INT, np.array([1.5]), np.array([-1]),
            np.array([True])), (BIG_STEP, np.array([0, BIG_STEP])))


def interval(*outside: float) -> Arg:
    """A real number in an interval; ``outside`` are values just beyond its ends."""
    return REAL.plus(*outside)


def count(minimum: int) -> Arg:
    """An integer >= ``minimum``."""
    return Arg((minimum - 1, -1, 2.5, NAN, True, "abc", None, [1, 2], HUGE_INT))


def optional(arg: Arg) -> Arg:
    """``arg``, with None allowed."""
    return arg.minus(None)


def _figure():
    from matplotlib.figure import Figure

    return Figure()


# --------------------------------------------------------------------------------------------
# Valid values used by many rows (built once; rows that may change them build their own)
# --------------------------------------------------------------------------------------------


@functools.cache
def moons() -> lc.Dataset:
    return lc.two_moons(n=40, seed=0)


def mlp(**kw) -> lc.MLP:
    return lc.MLP((2, 4, 2), seed=0, **kw)


@functools.cache
def history() -> lc.History:
    return lc.fit(mlp(), moons(), O.SGD(0.1), epochs=2, batch_size=10)


@functools.cache
def range_test() -> lc.LRFinderResult:
    return lc.lr_range_test(mlp(), moons(), num_steps=30, batch_size=10)


def cyclic() -> S.CyclicLR:
    return S.CyclicLR(0.01, 0.1, 10)


X = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
Y = np.array([0, 1, 0])
CURVE = np.array([1.0, 0.8, 0.7, 0.69, 0.7, 0.68, 0.69, 0.7, 0.7, 0.71])


class FlatSurface(F.Surface):
    """The smallest concrete `Surface`, to call the base class's constructor."""

    def _value(self, x):
        return np.zeros(x.shape[:-1])

    def _grad(self, x):
        return np.zeros_like(x)

    def _hessian(self, x):
        return np.zeros((*x.shape, x.shape[-1]))


class PlainStep(O.Optimizer):
    """The smallest concrete `Optimizer`, to call the base class's constructor."""

    def _init_state(self, p):
        return {}

    def _update(self, p, g, state, lr, work):
        p -= lr * g


#: A valid instance of every public class whose methods take arguments.
INSTANCES: dict[type, Callable[[], Any]] = {
    F.Quadratic: lambda: F.Quadratic((1.0, 10.0)),
    F.Rosenbrock: F.Rosenbrock,
    F.Cubic: F.Cubic,
    F.TiltedDoubleWell: F.TiltedDoubleWell,
    F.SaddleQuadratic: F.SaddleQuadratic,
    F.SaddleWithMinima: F.SaddleWithMinima,
    F.MonkeySaddle: F.MonkeySaddle,
    F.Plateau: F.Plateau,
    O.SGD: lambda: O.SGD(0.1, momentum=0.9),
    O.SutskeverSGD: lambda: O.SutskeverSGD(0.1, momentum=0.9, nesterov=True),
    O.AdaGrad: O.AdaGrad,
    O.RMSProp: lambda: O.RMSProp(centered=True, momentum=0.5),
    O.Adam: lambda: O.Adam(amsgrad=True),
    O.AdamW: O.AdamW,
    S.Constant: lambda: S.Constant(0.1),
    S.StepDecay: lambda: S.StepDecay(0.1, 10),
    S.MultiStepDecay: lambda: S.MultiStepDecay(0.1, [5, 10]),
    S.ExponentialDecay: lambda: S.ExponentialDecay(0.1, 0.9),
    S.InverseTimeDecay: lambda: S.InverseTimeDecay(0.1, 0.5),
    S.InverseSqrtDecay: lambda: S.InverseSqrtDecay(0.1),
    S.LinearDecay: lambda: S.LinearDecay(0.1, 0.0, 20),
    S.PolynomialDecay: lambda: S.PolynomialDecay(0.1, 20, 2.0),
    S.CosineAnnealing: lambda: S.CosineAnnealing(0.1, 20),
    S.CosineWarmRestarts: lambda: S.CosineWarmRestarts(0.1, 10, 2),
    S.CyclicLR: lambda: S.CyclicLR(0.01, 0.1, 10, mode="triangular2"),
    S.OneCycle: lambda: S.OneCycle(0.1, 50),
    S.Warmup: lambda: S.Warmup(S.CosineAnnealing(0.1, 20), 5),
    S.Sequential: lambda: S.Sequential([S.Constant(0.1), S.ExponentialDecay(0.1, 0.9)], [5]),
    S.ReduceOnPlateau: lambda: S.ReduceOnPlateau(0.1, patience=1),
    S.BoldDriver: lambda: S.BoldDriver(0.1),
    lc.MLP: mlp,
    lc.LRFinderResult: range_test,
}


def _explorer():
    import ipywidgets

    def draw(fig, lr):
        fig.subplots().plot([0, 1], [0, lr])

    slider = ipywidgets.FloatSlider(value=0.5, min=0.0, max=1.0)
    return lc.widgets.Explorer({"lr": slider}, draw, figsize=(4.0, 3.0))


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------

_GEN = {"noise": NONNEGATIVE, "val_fraction": interval(0.0, 1.0), "seed": SEED}
_BATCH = count(1).plus(10**6)
_OPT_KWARGS = Arg(("abc", 1, Named({"bogus": 1}, "bogus"), {"lr": 0.1},
                   Named({"momentum": -1.0}, "momentum"), Named({"momentum": "abc"}, "momentum")))
_OPTIONAL_SCHEDULE = Arg(("abc", 1, True, object(), lambda k: 0.1))
_MODEL = OBJECT.plus(fresh("a batch of 2 networks", lambda: mlp(n_models=2)))
_DATA = OBJECT.plus(fresh("data with 1 feature", lambda: lc.noisy_sine(n=20)))
_LRS = ARRAY.plus([0.0, 0.1], [-0.1, 0.1], [0.1, INF])
_CURVATURE = ARRAY.big([HUGE, HUGE], [1e-300, 1e300]).plus([0.0, 1.0], [-1.0, 1.0])
_SURFACE = OBJECT.plus(fresh("a 3-D quadratic", lambda: F.Quadratic((1.0, 2.0, 3.0))))
_CRITICAL_MODEL = OBJECT.plus(fresh("a batch of 2 networks", lambda: mlp(n_models=2)))
_THETAS = ARRAY.plus(np.zeros((1, 21)), np.zeros(22))  # one row of 22 = the (2, 4, 2) MLP's P
_RANGE = Arg((None, "abc", 0.1, (0.1,), (0.1, 0.2, 0.3), (1.0, 0.1), (0.0, 1.0), (NAN, 1.0),
              (True, 1.0)))
_PAIR = Arg((None, "abc", 1.0, (1.0,), (1.0, 2.0, 3.0), (NAN, 1.0), (True, 1.0), (2.0, 1.0)))
_LR = POSITIVE.plus(np.array([0.1, -0.1]), np.array([[0.1]]), np.array([True, False]),
                  np.array([0.1, NAN]), [0.1, 0.2])
_HYPER = NONNEGATIVE.plus(np.array([0.1, -0.1]), np.array([[0.1]]), np.array([True, False]))
_BETAS = Arg((None, "abc", 0.9, (0.9,), (0.9, 0.99, 0.999), (1.0, 0.999), (0.9, -0.1),
              (NAN, 0.999), (True, 0.999), ("a", 0.999)))
_PARAMS = Arg((None, "abc", 1.0, [],
               From("a read-only second parameter", lambda v: [v[0].copy(), _frozen(v[1])]),
               From("an int second parameter", lambda v: [v[0].copy(), v[1].astype(int)]),
               From("a float32 second parameter", lambda v: [v[0].copy(),
                                                               v[1].astype(np.float32)]),
               From("one parameter too few", lambda v: [v[0].copy()])))
_GRADS = Arg((None, "abc", 1.0,
              From("a bool second gradient", lambda v: [v[0], v[1] != 0]),
              From("a str second gradient", lambda v: [v[0], v[1].astype(str)]),
              From("a second gradient of another shape", lambda v: [v[0], v[1][:1]]),
              From("one gradient too few", lambda v: [v[0]])))
_MAGNITUDE = REAL  # init_std, bias_init, slopes: huge ones overflow the forward pass
_SCHEDULE = OBJECT.plus(0.1, lambda k: 0.1)
_RECORD = REAL_ARRAY.minus(EXTRA_AXIS).plus(1.0)  # History arrays: any number of axes but 0
_POINTS = REAL_ARRAY.minus(EXTRA_AXIS).plus(np.zeros(7), 1.0)  # (..., dim): any leading axes


def _near_minimum(surface: F.Surface) -> tuple:
    """What a surface is for: its value, gradient and Hessian, near its minimum."""
    x = surface.minima[0] + 0.01 * (np.asarray(surface.bounds)[:, 1] - surface.minima[0])
    return surface.value(x), surface.grad(x), surface.hessian(x)


def _rates(schedule: S.Schedule) -> np.ndarray:
    """What a schedule is for: its rates, over its first steps and far beyond."""
    steps = np.arange(60) if not isinstance(schedule, S.OneCycle) else np.arange(
        schedule.total_steps)
    return schedule(steps)


def _frozen(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False
    return a


def _moons_model() -> dict:
    return {"model": mlp(), "data": moons()}


ROWS: dict[str, Row] = {
    # ---- data ---------------------------------------------------------------------------------
    "data.Dataset": Row(
        base=lambda: {"X_train": np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]),
                      "y_train": np.array([0, 1, 0, 1]), "X_val": np.array([[0.0, 0.5]] * 2),
                      "y_val": np.array([0, 1]), "name": "toy", "n_classes": 2},
        args={"X_train": ARRAY, "y_train": LABELS, "X_val": ARRAY, "y_val": LABELS,
              "name": TEXT.plus(""), "n_classes": optional(count(2))}),
    "data.digits": Row(base={}, args={"val_fraction": interval(0.0, 1.0), "seed": SEED,
                                      "standardize": FLAG}),
    "data.noisy_sine": Row(base={"n": 20}, args={"n": count(2), **_GEN}),
    "data.spirals": Row(base={"n": 30}, args={"n": count(6), "n_classes": count(2), **_GEN}),
    "data.two_moons": Row(base={"n": 20}, args={"n": count(4), **_GEN}),
    # ---- finder -------------------------------------------------------------------------------
    "finder.LRFinderResult": Row(
        base=lambda: {"lrs": np.geomspace(1e-3, 1.0, 10), "losses": CURVE.copy(),
                      "smoothed": CURVE.copy(), "stopped_early": False, "num_steps": 10},
        args={"lrs": _LRS.plus([1.0, 0.1] * 5), "losses": REAL_ARRAY.plus([1.0]),
              "smoothed": REAL_ARRAY.plus([1.0]), "stopped_early": FLAG,
              "num_steps": count(2).plus(9)}),
    "finder.LRFinderResult.suggest": Row(base={"method": "valley"}, args={"method": CHOICE}),
    "finder.GridSearchResult": Row(  # a replicated search: scores (R, K), wins per rate
        base=lambda: {"lrs": np.array([0.1, 0.2]), "scores": np.array([[0.5, NAN], [0.6, 0.4]]),
                      "metric": "val_loss", "best_lr": 0.1, "history": history(),
                      "wins": np.array([1, 1])},
        args={"lrs": _LRS, "scores": REAL_ARRAY.plus([1.0], np.ones((2, 3))), "metric": CHOICE,
              "best_lr": optional(POSITIVE).plus(0.3), "history": OBJECT,
              "wins": optional(Arg(("abc", True, np.array([1]), np.array([-1, 1]),
                                    np.array([0.5, 1]), np.array([2, 1]),
                                    np.array([NAN, 1]))))},
        finite=False),
    "finder.grid_search": Row(
        base=lambda: {**_moons_model(), "lrs": [0.01, 0.1], "batch_size": 20},
        args={"model": _MODEL, "data": _DATA, "lrs": optional(_LRS), "epochs": COUNT,
              "batch_size": _BATCH, "metric": CHOICE, "seed": SEED, "optimizer": CHOICE,
              "optimizer_kwargs": _OPT_KWARGS, "schedule": _OPTIONAL_SCHEDULE,
              "replicates": optional(COUNT)}),
    "finder.RateRange": Row(
        base={"best_lr": 0.1, "low": 0.05, "high": 0.3, "width": 0.778, "width_spread": 0.1,
              "at_edge": False},
        args={"best_lr": POSITIVE.plus(0.5), "low": POSITIVE.plus(0.2), "high": POSITIVE.plus(0.07),
              "width": NONNEGATIVE, "width_spread": NONNEGATIVE, "at_edge": FLAG}),
    "finder.good_rate_range": Row(
        base={"lrs": [0.01, 0.1, 1.0], "final_losses": np.array([[0.5, 0.6], [0.2, 0.3],
                                                                 [INF, 0.9]])},
        args={"lrs": _LRS.plus([1.0, 0.1, 0.01]),
              "final_losses": REAL_ARRAY.plus(np.ones(3), -np.ones((3, 2)), np.ones((2, 2))),
              "factor": REAL.plus(1.0, 0.5)}),
    "finder.lr_range_test": Row(
        base=lambda: {**_moons_model(), "num_steps": 10, "batch_size": 10},
        args={"model": _MODEL, "data": _DATA, "start_lr": POSITIVE.plus(20.0),
              "end_lr": POSITIVE.plus(1e-8), "num_steps": count(2), "batch_size": _BATCH,
              "beta": interval(-0.1, 1.0), "diverge_factor": REAL.plus(1.0, 0.5),
              "mode": CHOICE, "optimizer": CHOICE, "optimizer_kwargs": _OPT_KWARGS,
              "seed": SEED}),
    "finder.suggest_lr": Row(
        base=lambda: {"lrs": np.geomspace(1e-3, 1.0, 10), "smoothed": CURVE.copy()},
        args={"lrs": _LRS.plus([0.2, 0.1] * 5), "smoothed": ARRAY.plus([1.0]), "method": CHOICE}),
    # ---- nn -----------------------------------------------------------------------------------
    "nn.MLP": Row(
        base={"sizes": (2, 4, 2), "init": "normal", "init_std": 0.5},
        args={"sizes": Arg((None, "abc", 5, [2], [2, 0, 2], [2, -1, 2], [2, 2.5, 2],
                            [2, True, 2], [2, None, 2], [2, HUGE_INT, 2])),
              "activation": CHOICE, "init": CHOICE, "loss": CHOICE, "seed": SEED,
              "n_models": optional(COUNT), "init_std": POSITIVE, "bias_init": _MAGNITUDE,
              "negative_slope": _MAGNITUDE, "elu_alpha": POSITIVE, "prelu_init": _MAGNITUDE},
        then=lambda model: model.loss_and_grads(X, Y)),
    "nn.MLP.accuracy": Row(base={"X": X, "y": Y}, args={"X": ARRAY, "y": LABELS}),
    "nn.MLP.dead_fraction": Row(base={"X": X}, args={"X": ARRAY}),
    "nn.MLP.evaluate": Row(base={"X": X, "y": Y}, args={"X": ARRAY, "y": LABELS}),
    "nn.MLP.forward": Row(base={"X": X}, args={"X": ARRAY.plus(np.ones((3, 5)))}),
    "nn.MLP.hidden_activations": Row(base={"X": X}, args={"X": ARRAY}),
    "nn.MLP.layer_stats": Row(base={"X": X, "y": Y}, args={"X": ARRAY, "y": LABELS}),
    "nn.MLP.loss_and_grads": Row(base={"X": X, "y": Y}, args={"X": ARRAY, "y": LABELS}),
    "nn.MLP.predict": Row(base={"X": X}, args={"X": ARRAY}),
    "nn.MLP.replicate": Row(base={"n_models": 3}, args={"n_models": COUNT}),
    "nn.MLP.reseeded": Row(base={"seeds": [1, 2]},
                           args={"seeds": Arg((None, "abc", 3, [], [-1], [2.5], [True],
                                               [HUGE_INT]))}),
    "nn.MLP.tile": Row(base={"n": 2}, args={"n": COUNT}, make=lambda: mlp(n_models=3)),
    "nn.MLP.perturbed": Row(base={"scale": 1e-15}, args={"scale": interval(-0.1, 1.0),
                                                         "seed": SEED}),
    "nn.MLP.select": Row(base={"i": 1}, args={"i": count(0).plus(3)},
                         make=lambda: mlp(n_models=3)),
    "nn.MLP.set_params": Row(
        base=lambda m: {"params": m.get_params()},
        args={"params": Arg((None, "abc", [], np.ones(3),
                             From("one array too few", lambda v: v[:-1]),
                             From("a first array of another shape", lambda v: [v[0][:1], *v[1:]]),
                             From("bools", lambda v: [p != 0 for p in v]),
                             From("strings", lambda v: [p.astype(str) for p in v])))}),
    "nn.activation": Row(
        base={"name": "leaky_relu", "x": np.array([-1.0, 0.5])},
        args={"name": CHOICE, "x": ARRAY.minus(EXTRA_AXIS), "negative_slope": _MAGNITUDE,
              "elu_alpha": POSITIVE, "prelu_slope": _MAGNITUDE}),
    "nn.activation_grad": Row(
        base={"name": "leaky_relu", "x": np.array([-1.0, 0.5])},
        args={"name": CHOICE, "x": ARRAY.minus(EXTRA_AXIS), "negative_slope": _MAGNITUDE,
              "elu_alpha": POSITIVE, "prelu_slope": _MAGNITUDE}),
    "nn.flatten": Row(
        base=lambda: {"arrays": mlp().get_params()},
        args={"arrays": Arg((None, "abc", 5, [], ["abc"], [np.array([True])], [None],
                             np.ones(3)))}),
    "nn.sharpness": Row(
        base=lambda: {"model": mlp(), "X": X, "y": Y, "iters": 3},
        args={"model": OBJECT, "X": ARRAY, "y": LABELS, "iters": COUNT,
              "eps": POSITIVE, "seed": SEED}),
    # ---- optimizers ---------------------------------------------------------------------------
    "optimizers.SGD": Row(
        base={"lr": 0.1, "momentum": 0.9},
        args={"lr": _LR, "momentum": _HYPER, "dampening": _HYPER.plus(1.5), "nesterov": FLAG,
              "weight_decay": _HYPER}),
    "optimizers.SutskeverSGD": Row(
        base={"lr": 0.1, "momentum": 0.9},
        args={"lr": _LR, "momentum": _HYPER, "nesterov": FLAG}),
    "optimizers.AdaGrad": Row(
        base={}, args={"lr": _LR, "lr_decay": _HYPER, "weight_decay": _HYPER,
                       "initial_accumulator_value": _HYPER, "eps": _HYPER}),
    "optimizers.RMSProp": Row(
        base={}, args={"lr": _LR, "alpha": _HYPER.plus(1.5), "eps": _HYPER,
                       "weight_decay": _HYPER, "momentum": _HYPER, "centered": FLAG}),
    "optimizers.Adam": Row(
        base={}, args={"lr": _LR, "betas": _BETAS, "eps": _HYPER, "weight_decay": _HYPER,
                       "amsgrad": FLAG}),
    "optimizers.AdamW": Row(
        base={}, args={"lr": _LR, "betas": _BETAS, "eps": _HYPER, "weight_decay": _HYPER,
                       "amsgrad": FLAG}),
    "optimizers.Optimizer": Row(call=PlainStep, base={"lr": 0.1}, args={"lr": _LR}),
    "optimizers.Optimizer.step": Row(
        base=lambda opt: {"params": [np.ones(3), np.ones((2, 2))],
                          "grads": [np.full(3, 0.5), np.full((2, 2), -0.5)]},
        args={"params": _PARAMS, "grads": _GRADS}),
    # ---- schedules ----------------------------------------------------------------------------
    "schedules.Schedule.__call__": Row(base={"k": np.arange(12)}, args={"k": STEP}),
    "schedules.Constant": Row(base={"lr": 0.1}, args={"lr": POSITIVE}, then=_rates),
    "schedules.StepDecay": Row(
        base={"lr": 0.1, "step_size": 10},
        args={"lr": POSITIVE, "step_size": COUNT, "gamma": interval(0.0, 1.5)}, then=_rates),
    "schedules.MultiStepDecay": Row(
        base={"lr": 0.1, "milestones": [5, 10]},
        args={"lr": POSITIVE, "milestones": Arg((None, "abc", 5, [], [10, 5], [0, 5], [5, 5],
                                                 [2.5], [True], [HUGE_INT])),
              "gamma": interval(0.0, 1.5)}, then=_rates),
    "schedules.ExponentialDecay": Row(
        base={"lr": 0.1, "gamma": 0.9}, args={"lr": POSITIVE, "gamma": interval(0.0, 1.5)},
        then=_rates),
    "schedules.InverseTimeDecay": Row(
        base={"lr": 0.1, "decay_rate": 0.5},
        args={"lr": POSITIVE, "decay_rate": POSITIVE, "decay_steps": COUNT,
              "staircase": FLAG}, then=_rates),
    "schedules.InverseSqrtDecay": Row(
        base={"lr": 0.1}, args={"lr": POSITIVE, "decay_steps": COUNT}, then=_rates),
    "schedules.LinearDecay": Row(
        base={"lr": 0.1, "end_lr": 0.0, "total_steps": 20},
        args={"lr": POSITIVE, "end_lr": NONNEGATIVE, "total_steps": COUNT}, then=_rates),
    "schedules.PolynomialDecay": Row(
        base={"lr": 0.1, "total_steps": 20},
        args={"lr": POSITIVE, "total_steps": COUNT, "power": POSITIVE,
              "end_lr": NONNEGATIVE.plus(0.2)}, then=_rates),
    "schedules.CosineAnnealing": Row(
        base={"lr": 0.1, "total_steps": 20},
        args={"lr": POSITIVE, "total_steps": COUNT, "min_lr": NONNEGATIVE.plus(0.2)}, then=_rates),
    "schedules.CosineWarmRestarts": Row(
        base={"lr": 0.1, "period": 10, "period_mult": 2},
        args={"lr": POSITIVE, "period": COUNT, "period_mult": COUNT,
              "min_lr": NONNEGATIVE.plus(0.2)}, then=_rates),
    "schedules.CyclicLR": Row(
        base={"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 10},
        args={"base_lr": POSITIVE.plus(0.2), "max_lr": POSITIVE.plus(0.005),
              "step_size_up": COUNT, "step_size_down": optional(COUNT), "mode": CHOICE,
              "gamma": interval(0.0, 1.5)}, then=_rates),
    "schedules.CyclicLR.momentum": Row(
        base={"k": np.arange(12)}, make=cyclic,
        args={"k": STEP, "base_momentum": interval(-0.1, 1.0, 0.95),
              "max_momentum": interval(-0.1, 1.0, 0.5)}),
    "schedules.OneCycle": Row(
        base={"max_lr": 0.1, "total_steps": 50},
        args={"max_lr": POSITIVE, "total_steps": count(2), "pct_start": interval(0.0, 1.0, 0.01),
              "anneal": CHOICE, "div_factor": POSITIVE, "final_div_factor": POSITIVE,
              "three_phase": FLAG}, then=_rates),
    "schedules.OneCycle.momentum": Row(
        base={"k": np.arange(12)},
        args={"k": STEP.plus(50), "base_momentum": interval(-0.1, 1.0, 0.99),
              "max_momentum": interval(-0.1, 1.0, 0.5)}),
    "schedules.Warmup": Row(
        base=lambda: {"schedule": S.CosineAnnealing(0.1, 20), "warmup_steps": 5},
        args={"schedule": _SCHEDULE, "warmup_steps": COUNT,
              "start_factor": interval(-0.1, 1.1)}, then=_rates),
    "schedules.Sequential": Row(
        base=lambda: {"schedules": [S.Constant(0.1), S.Constant(0.01)], "milestones": [5]},
        args={"schedules": Arg((None, "abc", S.Constant(0.1), [], [S.Constant(0.1), 0.1],
                                [S.Constant(0.1), None])),
              "milestones": Arg((None, "abc", 5, [], [5, 6], [0], [2.5], [True], [HUGE_INT]))},
        then=_rates),
    "schedules.ReduceOnPlateau": Row(
        base={"lr": 0.1},
        args={"lr": POSITIVE, "mode": CHOICE, "factor": interval(0.0, 1.0),
              "patience": count(0), "threshold": NONNEGATIVE, "threshold_mode": CHOICE,
              "cooldown": count(0), "min_lr": NONNEGATIVE.plus(0.2), "eps": NONNEGATIVE},
        finite=False, then=lambda p: [p.step(m) for m in CURVE]),
    "schedules.ReduceOnPlateau.is_better": Row(
        base={"metric": 1.0, "best": 2.0},
        args={"metric": Arg((True, "abc", None, [1.0])), "best": Arg((True, "abc", [1.0]))}),
    "schedules.ReduceOnPlateau.step": Row(
        base={"metric": 1.0}, args={"metric": Arg((True, "abc", None, [1.0]))}),
    "schedules.BoldDriver": Row(
        base={"lr": 0.1},
        args={"lr": POSITIVE, "mode": CHOICE, "increase": REAL.plus(0.5),
              "decrease": interval(0.0, 1.0), "min_lr": NONNEGATIVE.plus(0.2),
              "max_lr": optional(REAL).plus(0.05)},
        finite=False, then=lambda d: [d.step(m) for m in CURVE[:3]]),
    "schedules.BoldDriver.step": Row(
        base={"metric": 1.0}, args={"metric": Arg((True, "abc", None, [1.0]))}),
    "schedules.make_schedule": Row(
        base={"kind": "step", "steps": 100},
        args={"kind": CHOICE, "steps": COUNT,
              "params": Keywords((({"bogus": 1}, "bogus"), ({"lr": -1.0}, "lr"),
                                  ({"lr": "abc"}, "lr"), ({"step_size": HUGE_INT}, "step_size")))}),
    # ---- surfaces -----------------------------------------------------------------------------
    "surfaces.Surface": Row(
        call=FlatSurface, base={"dim": 2, "name": "flat", "bounds": [(-1.0, 1.0), (-1.0, 1.0)]},
        args={"dim": COUNT, "name": TEXT.plus(""), "bounds": ARRAY.plus([(1.0, -1.0), (-1.0, 1.0)]),
              "minima": Arg((None, "abc", 1.0, [(0.0,)], [(NAN, 0.0)], [(True, 0.0)])),
              "maxima": Arg((None, "abc", [(0.0, 0.0, 0.0)])),
              "saddles": Arg((None, "abc", [("a", 0.0)])),
              "inflections": Arg((None, "abc", [(INF, 0.0)]))}),
    "surfaces.Surface.value": Row(base=lambda s: {"x": np.zeros((3, s.dim))},
                                  args={"x": _POINTS}, finite=False),
    "surfaces.Surface.grad": Row(base=lambda s: {"x": np.zeros((3, s.dim))},
                                 args={"x": _POINTS}, finite=False),
    "surfaces.Surface.hessian": Row(base=lambda s: {"x": np.zeros((3, s.dim))},
                                    args={"x": _POINTS}, finite=False),
    "surfaces.Surface.classify": Row(base=lambda s: {"x": np.ones(s.dim)},
                                     args={"x": ARRAY.plus(np.zeros(7)), "tol": POSITIVE}),
    "surfaces.Quadratic": Row(
        base={"eigenvalues": (1.0, 10.0), "center": (0.5, -0.5)},
        args={"eigenvalues": _CURVATURE, "angle": REAL, "center": optional(ARRAY).plus([0.0])},
        then=_near_minimum),
    "surfaces.Quadratic.convergence_rate": Row(
        base={"lr": 0.1}, args={"lr": POSITIVE.minus([1.0, 2.0]).plus([0.1, -0.1])}),
    "surfaces.Rosenbrock": Row(base={}, args={"a": REAL, "b": POSITIVE}, then=_near_minimum),
    "surfaces.Plateau": Row(base={}, args={"width": POSITIVE}, then=_near_minimum),
    "surfaces.SaddleQuadratic": Row(base={}, args={"a": POSITIVE, "b": POSITIVE}),
    # ---- theory -------------------------------------------------------------------------------
    "theory.gd_rate": Row(base={"curvature": (1.0, 10.0), "lr": 0.1},
                          args={"curvature": _CURVATURE,
                                "lr": NONNEGATIVE.minus([1.0, 2.0]).plus([0.1, -0.1])}),
    "theory.stability_limit": Row(base={"curvature": (1.0, 10.0)},
                                  args={"curvature": _CURVATURE}),
    "theory.optimal_lr": Row(base={"curvature": (1.0, 10.0)}, args={"curvature": _CURVATURE}),
    "theory.optimal_gd_rate": Row(base={"curvature": (1.0, 10.0)},
                                  args={"curvature": _CURVATURE}),
    "theory.heavy_ball_rate": Row(
        base={"curvature": (1.0, 10.0), "lr": 0.1, "beta": 0.5},
        args={"curvature": _CURVATURE, "lr": POSITIVE, "beta": interval(-0.1, 1.0)}),
    "theory.heavy_ball_optimal": Row(base={"curvature": (1.0, 10.0)},
                                     args={"curvature": _CURVATURE}),
    "theory.nesterov_rate": Row(
        base={"curvature": (1.0, 10.0), "lr": 0.1, "beta": 0.5},
        args={"curvature": _CURVATURE, "lr": POSITIVE, "beta": interval(-0.1, 1.0)}),
    "theory.nesterov_optimal": Row(base={"curvature": (1.0, 10.0)},
                                   args={"curvature": _CURVATURE}),
    "theory.momentum_factor": Row(
        base={"curvature": (1.0, 10.0), "lr": np.array([0.1, 0.2]), "beta": np.array([0.5, 0.9])},
        args={"curvature": _CURVATURE,
              "lr": NONNEGATIVE.minus([1.0, 2.0]).plus(np.array([0.1, -0.1]),
                                                       np.array([0.1, NAN])),
              "beta": interval(-0.1, 1.0).minus([1.0, 2.0]).plus(
                  np.array([0.5, 1.0]), np.array([-0.1, 0.5]), np.array([0.5, 0.6, 0.7])),
              "nesterov": FLAG}),
    "theory.heavy_ball_roots": Row(
        base={"curvature": 2.0, "lr": 0.1, "beta": 0.5},
        args={"curvature": REAL, "lr": POSITIVE, "beta": interval(-0.1, 1.0)}),
    "theory.critical_momentum": Row(
        base={"curvature": 2.0, "lr": 0.1},
        args={"curvature": POSITIVE, "lr": POSITIVE.plus(2.5)}),
    "theory.momentum_step_limit": Row(
        base={"lr": 0.1, "beta": 0.9},
        args={"lr": NONNEGATIVE.minus([1.0, 2.0]).plus(np.array([0.1, -0.1])),
              "beta": interval(-0.1, 1.0).minus([1.0, 2.0]).plus(
                  np.array([0.5, 1.0]))}),
    "theory.steps_to_tolerance": Row(
        base={"rate": 0.9, "tol": 1e-3},
        args={"rate": NONNEGATIVE.minus([1.0, 2.0]).plus(np.array([0.5, -0.5]),
                                                        np.array([0.5, NAN])),
              "tol": interval(0.0, 1.0)},
        finite=False),  # inf where rate >= 1: such an error never shrinks
    "theory.bias_correction": Row(base={"beta": 0.9, "k": np.arange(5)},
                                  args={"beta": interval(-0.1, 1.0), "k": STEP}),
    "theory.ema_window": Row(base={"beta": 0.9}, args={"beta": interval(-0.1, 1.0)}),
    "theory.ema_half_life": Row(base={"beta": 0.9}, args={"beta": interval(0.0, 1.0)}),
    "theory.ema_recent_weight": Row(
        base={"beta": 0.9, "n": [1.0, 10.0]},
        args={"beta": interval(-0.1, 1.0), "n": ARRAY.minus(EXTRA_AXIS).plus([-1.0])}),
    "theory.adagrad_rate": Row(
        base={"lr": 0.1, "grad_rms": 2.0, "k": np.arange(5)},
        args={"lr": POSITIVE, "grad_rms": POSITIVE, "k": STEP, "eps": NONNEGATIVE}),
    "theory.adagrad_axis_path": Row(
        base={"theta0": [1.0, -2.0], "lr": 0.1, "steps": 5},
        args={"theta0": ARRAY.minus(EXTRA_AXIS).plus([0.0, 1.0]), "lr": POSITIVE,
              "steps": COUNT}),
    "theory.adam_first_step": Row(
        base={"grad": [0.5, -2.0, 0.0], "lr": 0.1},
        args={"grad": ARRAY.minus(EXTRA_AXIS), "lr": POSITIVE, "eps": NONNEGATIVE,
              "eps_inside": FLAG}),
    "theory.adam_step_scale": Row(
        base={"k": np.arange(5)},
        args={"k": STEP, "betas": _BETAS, "correct_first": FLAG, "correct_second": FLAG,
              "exponent_offset": count(0)}, finite=False),
    "theory.rmsprop_expected_square": Row(
        base={"mean": 0.5, "std": 1.0, "alpha": 0.9},
        args={"mean": REAL, "std": NONNEGATIVE, "alpha": interval(-0.1, 1.0),
              "centered": FLAG}),
    "theory.noisy_quadratic_floor": Row(
        base={"lr": 0.1, "noise": 0.5},
        args={"lr": POSITIVE, "noise": NONNEGATIVE, "curvature": _CURVATURE}, finite=False),
    "theory.noisy_quadratic_gd_loss": Row(
        base={"lr": 0.1, "steps": 10},
        args={"lr": POSITIVE, "steps": count(0), "curvature": _CURVATURE}, finite=False),
    # ---- train --------------------------------------------------------------------------------
    "train.History": Row(
        base=lambda: {"loss": np.ones(4), "lr": np.full(4, 0.1), "grad_norm": np.ones(4),
                      "path": np.zeros((5, 2)), "val_loss": np.ones(3), "val_acc": np.ones(3),
                      "dead_fraction": np.zeros((3, 1)), "update_ratio": np.ones((4, 2)),
                      "momentum": np.full(4, 0.9), "lrs": np.array([0.1])},
        args={"loss": _RECORD, "lr": _RECORD, "grad_norm": _RECORD,
              "path": optional(_RECORD), "val_loss": optional(_RECORD),
              "val_acc": optional(_RECORD), "dead_fraction": optional(_RECORD),
              "update_ratio": optional(_RECORD), "momentum": optional(_RECORD),
              "steps_per_epoch": optional(COUNT), "diverged": FLAG.minus(np.array([True, False]))
             .plus(np.array([0, 1])),
              "plateau_reductions": Arg((None, "abc", 1, [0], [1.5], [True])),
              "lrs": optional(_LRS)}),
    "train.fit": Row(
        base=lambda: {**_moons_model(), "optimizer": O.SGD(0.1), "epochs": 1, "batch_size": 10},
        args={"model": OBJECT, "data": _DATA, "optimizer": OBJECT.plus("sgd"),
              "epochs": COUNT, "batch_size": _BATCH, "schedule": _OPTIONAL_SCHEDULE,
              "schedule_unit": CHOICE, "cycle_momentum": FLAG,
              "plateau": Arg(("abc", 1, True, S.Constant(0.1))), "seed": SEED,
              "track_dead": FLAG, "divergence_factor": REAL.plus(1.0, 0.5),
              "callback": Arg(("abc", 1, True, lambda k: None))}),
    "train.minimize": Row(
        base=lambda: {"problem": F.Quadratic(), "optimizer": O.SGD(0.1), "x0": [1.0, 1.0],
                      "steps": 5},
        args={"problem": OBJECT, "optimizer": OBJECT.plus("sgd"),
              "x0": ARRAY.minus(EXTRA_AXIS).plus([1.0]), "steps": COUNT,
              "divergence_threshold": POSITIVE, "noise": NONNEGATIVE, "seed": SEED},
        finite=False),
    "train.noisy_quadratic_sgd": Row(
        base={"lr": 0.1, "steps": 10},
        args={"lr": POSITIVE, "steps": COUNT, "noise": NONNEGATIVE,
              "seed": SEED.minus([1, 2]).plus([], [1, -1], [1, True])},  # or one seed per run
        finite=False),
    "train.sweep": Row(
        base=lambda: {**_moons_model(), "lrs": [0.01, 0.1], "batch_size": 20},
        args={"model": _MODEL, "data": _DATA, "lrs": _LRS, "epochs": COUNT,
              "batch_size": _BATCH, "optimizer": CHOICE, "optimizer_kwargs": _OPT_KWARGS,
              "schedule": _OPTIONAL_SCHEDULE, "seed": SEED, "track_dead": FLAG,
              "replicates": optional(COUNT), "perturb": interval(-0.1, 1.0)},
        finite=False),
    # ---- plots --------------------------------------------------------------------------------
    "plots.accuracy_curves": Row(
        base={"curves": {"a": [0.5, 0.7, 0.8]}},
        args={"curves": CURVES.plus({"a": [0.5, 1.5]}, {"a": [-0.1, 0.5]}), "ax": AXES,
              "key": TEXT, "xlabel": TEXT}),
    "plots.activation_histograms": Row(
        base=lambda: {"model": mlp(), "X": X},
        args={"model": _MODEL, "X": ARRAY, "ax": Arg(("abc", 1, True, [1], [])),
              "bins": COUNT, "pre_activation": FLAG, "logy": FLAG}),
    "plots.contour_trajectories": Row(
        base=lambda: {"surface": F.Quadratic(), "paths": {"a": [[1.0, 1.0], [0.5, 0.5]]},
                      "resolution": 20, "bounds": [(-2.0, 2.0), (-1.0, 1.0)]},
        args={"surface": _SURFACE.plus(fresh("a 1-D surface", F.Cubic)),
              "paths": CURVES.minus(None), "ax": AXES, "levels": count(2),
              "log_levels": FLAG, "bounds": optional(ARRAY).plus([(1.0, -1.0), (0.0, 1.0)]),
              "resolution": count(10), "critical_points": FLAG}),
    "plots.convergence_rate": Row(
        base=lambda: {"quadratic": F.Quadratic(), "lrs": [0.05, 0.1, 0.2]},
        args={"quadratic": OBJECT, "lrs": optional(ARRAY).plus([-0.1, 0.1]), "ax": AXES}),
    "plots.momentum_factor_map": Row(
        base=lambda: {"quadratic": F.Quadratic(), "resolution": 12},
        args={"quadratic": OBJECT, "ax": AXES, "nesterov": FLAG,
              "resolution": count(10).plus(5000)}),
    "plots.dead_fractions": Row(
        base={"data": np.array([[0.0, 0.5], [0.2, 0.5]]), "x": [1.0, 2.0]},
        args={"data": ARRAY.plus(np.array([1.5, 0.5])), "x": optional(ARRAY).plus([1.0]),
              "ax": AXES, "xlabel": optional(TEXT), "logx": FLAG}),
    "plots.log_axis": Row(base=lambda: {"ax": _axes()}, args={"ax": AXES, "axis": CHOICE}),
    "plots.loss_curves": Row(
        base={"curves": {"a": [1.0, 0.5, 0.25]}},
        args={"curves": CURVES.plus({"a": [1.0, -1.0]}), "ax": AXES, "logy": FLAG,
              "smooth": optional(interval(-0.1, 1.0)), "xlabel": TEXT,
              "mark": Arg(("abc", 1, {}, {1: [1.0]}, {"a": "abc"}, {"a": [NAN]},
                           {"a": [True]})),
              "key": CHOICE, "ylabel": optional(TEXT), "ylim": optional(_PAIR)}),
    "plots.lr_curves": Row(
        base={"curves": {"a": [0.1, 0.1, 0.05]}},
        args={"curves": CURVES.plus({"a": [0.1, -0.1]}), "ax": AXES,
              "steps_per_epoch": optional(COUNT), "logy": FLAG}),
    "plots.lr_finder": Row(
        base=lambda: {"result": range_test()},
        args={"result": OBJECT, "ax": AXES,
              "suggestions": Arg((None, "valley", 1, ["bogus"], [1])),
              "show_raw": FLAG, "ylim": optional(_PAIR)}),
    "plots.momentum": Row(
        base=lambda: {"sched": cyclic(), "steps": 20},
        args={"sched": OBJECT.plus(S.Constant(0.1)), "steps": COUNT, "ax": AXES,
              "label": optional(TEXT),
              "momentum_kw": Keywords((({"bogus": 1}, "bogus"),
                                       ({"base_momentum": 2.0}, "base_momentum")))}),
    "plots.path_1d": Row(
        base=lambda: {"surface": F.Cubic(), "paths": {"a": [1.0, 0.5]}, "bounds": [(-1.0, 1.0)]},
        args={"surface": _SURFACE.plus(fresh("a 2-D surface", F.Quadratic)),
              "paths": CURVES.minus(None), "ax": AXES,
              "bounds": optional(ARRAY).plus([(1.0, -1.0)]), "resolution": count(10),
              "critical_points": FLAG}),
    "plots.rate_ticks": Row(
        base=lambda: {"ax": _axes(), "rates": [0.1, 0.2]},
        args={"ax": AXES, "rates": ARRAY.plus([-0.1, 0.1]), "axis": CHOICE}),
    "plots.schedule": Row(
        base=lambda: {"sched": S.Constant(0.1), "steps": 20},
        args={"sched": OBJECT, "steps": COUNT, "ax": AXES, "label": optional(TEXT),
              "logy": FLAG, "index": count(0)}),
    "plots.schedule_grid": Row(
        base=lambda: {"scheds": {"a": S.Constant(0.1)}, "steps": 20},
        args={"scheds": Arg((None, "abc", {}, {1: S.Constant(0.1)}, {"a": "abc"})),
              "steps": COUNT, "ncols": COUNT, "logy": FLAG, "sharey": FLAG}),
    "plots.schedule_momentum": Row(
        base=lambda: {"sched": cyclic(), "steps": 20},
        args={"sched": OBJECT.plus(S.Constant(0.1)), "steps": COUNT, "ax": AXES,
              "logy": FLAG,
              "momentum_kw": Keywords((({"bogus": 1}, "bogus"),
                                       ({"base_momentum": 2.0}, "base_momentum")))}),
    "plots.schedules": Row(
        base=lambda: {"scheds": {"a": S.Constant(0.1)}, "steps": 20},
        args={"scheds": Arg((None, "abc", {}, {1: S.Constant(0.1)}, {"a": "abc"})),
              "steps": COUNT, "ax": AXES, "logy": FLAG}),
    "plots.sweep_result": Row(
        base={"lrs": [0.01, 0.1], "final_losses": [0.5, NAN]},
        args={"lrs": ARRAY.plus([-0.1, 0.1]),  # final_losses (1, K): one replicate, valid
              "final_losses": REAL_ARRAY.minus(EXTRA_AXIS).plus([0.5], np.ones((1, 1, 2))),
              "diverged": Arg(("abc", 1, [0, 1], [True])), "ax": AXES, "logy": FLAG,
              "label": optional(TEXT), "index": count(0),
              "chaotic": Arg(("abc", 1, [0, 1], [True])), "higher_is_better": FLAG}),
    "plots.search_points": Row(
        base={"lrs": [[0.01, 0.1], [0.02, 0.3]], "scores": [[0.5, NAN], [0.4, 0.6]]},
        args={"lrs": ARRAY.plus([[-0.1, 0.1], [0.1, 0.1]]),
              "scores": REAL_ARRAY.plus([0.5, 0.4]), "ax": AXES, "logy": FLAG,
              "label": optional(TEXT), "index": count(0),
              "unranked": Arg(("abc", 1, [[0, 1], [0, 1]], [True]))}),
    "plots.effective_lr_bands": Row(
        base={"steps": [1.0, 2.0, 3.0], "bands": {"W1": np.array([[0.1, 0.2, 0.3]] * 3)},
              "lr": 0.1},
        args={"steps": ARRAY.plus([0.0, 1.0, 2.0]), "ax": AXES, "lr": optional(POSITIVE),
              "bands": TABLES.plus({"W1": np.array([[0.3, 0.2, 0.1]] * 3)},
                                   {"W1": np.array([[-0.1, 0.2, 0.3]] * 3)})}),
    "plots.spread_curves": Row(
        base={"curves": {"a": np.array([[1.0, 1.2], [0.5, 0.7], [0.4, 0.5]])},
              "x": [1.0, 2.0, 3.0]},
        args={"curves": TABLES.plus({"a": np.array([[1.0, -1.0], [1.0, 1.0], [1.0, 1.0]])}),
              "x": optional(ARRAY).plus([1.0]), "ax": AXES, "center": CHOICE, "band": CHOICE,
              "logx": FLAG, "logy": FLAG, "xlabel": TEXT, "ylabel": TEXT, "markers": FLAG,
              "index": count(0), "smooth": optional(interval(-0.1, 1.0)), "percent": FLAG}),
    "plots.step_curves": Row(
        base={"curves": {"a": [1.0, 0.5, 0.25]}, "x": [1.0, 2.0, 3.0], "mark": {"m": [2.0]}},
        args={"curves": CURVES.plus({"a": [1.0, -1.0, 1.0]}, {"a": [1.0], "b": [1.0, 2.0]}),
              "ax": AXES, "x": optional(ARRAY).plus([1.0]), "xlabel": TEXT, "ylabel": TEXT,
              "logx": FLAG, "logy": FLAG,
              "mark": Arg(("abc", 1, {}, {1: [1.0]}, {"m": "abc"}, {"m": [NAN]}, {"m": [True]}))}),
    "plots.sweep_bands": Row(
        base=lambda: {"values": [0.01, 0.1, 1.0],
                      "results": {"a": np.array([[0.5, 0.6], [0.2, 0.3], [INF, 0.9]])},
                      "baseline": ("no decay", [0.4, 0.5]),
                      "good": {"a": lc.good_rate_range([0.01, 0.1, 1.0],
                                                       np.array([[0.5, 0.6], [0.2, 0.3],
                                                                 [INF, 0.9]]))},
                      "ylim": (0.1, 2.0)},
        args={"values": ARRAY.plus([1.0, 0.1, 0.01], [0.0, 0.1, 1.0]), "ax": AXES,
              "results": TABLES.plus({"a": -np.ones((3, 2))}), "xlabel": TEXT, "ylabel": TEXT,
              "baseline": Arg(("abc", 1, ("a",), ("a", "abc"), (1, [0.5]), ("a", [NAN]),
                               ("a", [True]))),
              "good": Arg(("abc", 1, {}, {"b": (0.1, 1.0)}, {"a": (0.1, 1.0)})),
              "ylim": optional(_PAIR).plus((0.0, 1.0))}),
    "plots.update_ratio": Row(
        base={"history": np.full((5, 2), 1e-3)},
        args={"history": ARRAY.minus(EXTRA_AXIS).plus(np.full((5, 2), -1e-3),
                                                     np.full((1, 5, 2, 2), 1e-3)), "ax": AXES,
              "smooth": optional(interval(-0.1, 1.0)),
              "labels": Arg(("abc", 1, ["a"], ["a", 1]))}),
    # ---- widgets ------------------------------------------------------------------------------
    "widgets.Explorer": Row(
        base=lambda: {"controls": _explorer()._widgets, "draw": lambda fig, lr: None,
                      "figsize": (4.0, 3.0)},
        args={"controls": Arg((None, "abc", {}, {1: 2}, {"lr": 0.5})),
              "draw": Arg((None, "abc", 1, lambda fig, other: None)),
              "figsize": _PAIR.minus((2.0, 1.0)).plus((0.0, 0.0), (-1.0, 3.0), (HUGE, 3.0),
                                                      (8.0, 3.0)),
              "margins": Arg(("abc", 1, {"bogus": 0.1}, {"left": 2.0}, {"left": NAN},
                              {"left": 0.9, "right": 0.1})),
              "primary": Arg(("abc", 1, {}, {"bogus": None}, {"lr": [5.0]}, {"lr": [NAN]},
                              {"lr": ["abc"]}, {"lr": None, "x": None, "y": None}))}),
    "widgets.explorer_from_record": Row(
        base=lambda: {"record": lc.widgets.lr_explorer(steps=5).record},
        args={"record": Arg((None, "abc", 1, {}, {"function": "os.system", "arguments": {}},
                             {"function": "lrcourse.widgets.nope", "arguments": {}},
                             {"function": "lrcourse.widgets.lr_explorer_data",
                              "arguments": {"dict": {}}},
                             {"function": "lrcourse.widgets.lr_explorer", "arguments": 5},
                             {"function": "lrcourse.widgets.lr_explorer",
                              "arguments": {"dict": {"lr": -1.0}}},
                             {"function": "lrcourse.widgets.lr_explorer",
                              "arguments": {"dict": {}}, "values": {"dict": {"lr": 50.0}}},
                             {"function": "lrcourse.widgets.lr_explorer",
                              "arguments": {"array": "!!", "dtype": "<f8", "shape": [1]}}))}),
    "widgets.Explorer.set": Row(
        base={"lr": 0.25}, make=_explorer,
        args={"values": Keywords((({"bogus": 1}, "bogus"), ({"lr": 5.0}, "lr"),
                                  ({"lr": NAN}, "lr"), ({"lr": "abc"}, "lr"),
                                  ({"lr": None}, "lr"), ({"lr": True}, "lr")))}),
    "widgets.lr_explorer": Row(
        base=lambda: {"steps": 5, "x0": [1.0, 1.0]},
        args={"surface": optional(_SURFACE), "lr": POSITIVE.plus(5.0, 1e-4),
              "x0": optional(ARRAY.minus(EXTRA_AXIS)).plus([1.0]),
              "steps": COUNT, "lr_range": _RANGE}),
    "widgets.lr_explorer_data": Row(
        base=lambda: {"surface": F.Quadratic(), "lr": 0.1, "x0": [1.0, 1.0], "steps": 5},
        args={"surface": OBJECT, "lr": POSITIVE, "x0": ARRAY.plus([1.0]), "steps": COUNT},
        finite=False),
    "widgets.minibatch_explorer": Row(
        base={"examples": 320},
        args={"lr": POSITIVE.plus(5.0), "batch_size": COUNT.plus(5), "examples": COUNT,
              "noise": NONNEGATIVE}),
    "widgets.minibatch_explorer_data": Row(
        base={"lr": 0.5, "batch_size": 8, "examples": 320},
        args={"lr": POSITIVE, "batch_size": COUNT, "examples": COUNT.plus(4),
              "noise": NONNEGATIVE, "seed": SEED},
        finite=False),
    "widgets.momentum_explorer": Row(
        base={"steps": 5},
        args={"surface": optional(_SURFACE).plus(F.Rosenbrock()), "lr": POSITIVE.plus(5.0),
              "beta": interval(-0.1, 1.0, 0.995),
              "x0": ARRAY, "steps": COUNT}),
    "widgets.momentum_explorer_data": Row(
        base=lambda: {"surface": F.Quadratic(), "lr": 0.1, "beta": 0.5, "x0": [1.0, 1.0],
                      "steps": 5},
        args={"surface": OBJECT.plus(F.Rosenbrock()), "lr": POSITIVE,
              "beta": interval(-0.1, 1.0),
              "x0": ARRAY, "steps": COUNT}),
    "widgets.plateau_explorer": Row(
        base={"metric_curve": CURVE},
        args={"metric_curve": optional(ARRAY), "lr": POSITIVE, "patience": count(0).plus(31),
              "threshold": NONNEGATIVE.plus(0.0, 0.9), "factor": interval(0.0, 1.0, 0.01),
              "cooldown": count(0).plus(21), "threshold_mode": CHOICE}),
    "widgets.plateau_explorer_data": Row(
        base={"metric_curve": CURVE},
        args={"metric_curve": ARRAY, "lr": POSITIVE, "mode": CHOICE, "factor": interval(0.0, 1.0),
              "patience": count(0), "threshold": NONNEGATIVE, "threshold_mode": CHOICE,
              "cooldown": count(0), "min_lr": NONNEGATIVE.plus(0.2)},
        finite=False),
    "widgets.relu_explorer": Row(
        base={"depth": 2, "width": 4, "steps": 2},
        args={"init": CHOICE, "depth": COUNT.plus(13), "width": COUNT.plus(1, 65),
              "lr": POSITIVE.plus(20.0), "init_std": POSITIVE.plus(5.0), "steps": COUNT}),
    "widgets.relu_explorer_data": Row(
        base={"depth": 2, "width": 4, "steps": 2},
        args={"init": CHOICE, "depth": COUNT, "width": COUNT, "lr": POSITIVE,
              "init_std": POSITIVE, "steps": COUNT, "activation": CHOICE, "seed": SEED},
        finite=False),
    "widgets.adaptive_explorer": Row(
        base={"steps": 5},
        args={"optimizer": CHOICE, "angle": REAL.plus(-15.0, 7.0, 105.0), "steps": COUNT,
              "kappa": REAL.plus(0.5)}),
    "widgets.adaptive_explorer_data": Row(
        base={"steps": 5},
        args={"optimizer": CHOICE, "angle": REAL.plus(-15.0, 105.0), "lr": optional(POSITIVE),
              "steps": COUNT, "kappa": REAL.plus(0.5), "x0": ARRAY.plus([1.0])},
        finite=False),
    "widgets.schedule_explorer": Row(
        base={"steps": 40},
        args={"kind": CHOICE, "steps": COUNT.plus(19), "noise": NONNEGATIVE}),
    "widgets.schedule_explorer_data": Row(
        base={"kind": "step", "steps": 40},
        args={"kind": CHOICE, "steps": COUNT, "noise": NONNEGATIVE,
              "params": Keywords((({"bogus": 1}, "bogus"), ({"lr": -1.0}, "lr")))},
        finite=False),
    "widgets.smoothing_explorer": Row(
        base=lambda: {"result": range_test()},
        args={"result": optional(OBJECT), "beta": interval(-0.1, 1.0)}),
    "widgets.smoothing_explorer_data": Row(
        base=lambda: {"result": range_test(), "beta": 0.9},
        args={"result": OBJECT, "beta": interval(-0.1, 1.0),
              "suggestions": Arg((None, "valley", 1, ["bogus"], [1]))}),

    # ---- chapter 9: saddle points -------------------------------------------------------------
    "train.escape_step": Row(
        base={"path": np.ones((3, 2, 2)), "direction": [0.0, 1.0], "radius": 0.5,
              "center": [0.0, 0.0]},
        args={"path": REAL_ARRAY.plus(np.ones(3), np.ones((1, 1, 1, 2))),
              "direction": ARRAY.plus([0.0, 0.0], [1.0]), "radius": POSITIVE,
              "center": optional(ARRAY).plus([1.0])},
        finite=False),  # inf: a run that never left
    "theory.saddle_growth_factor": Row(
        base={"curvature": 1.0, "lr": 0.1, "beta": 0.5},
        args={"curvature": POSITIVE, "lr": POSITIVE, "beta": interval(-0.1, 1.0)}),
    "theory.saddle_escape_steps": Row(
        base={"curvature": 1.0, "offset": [1e-6, 1e-3], "radius": 0.5, "lr": 0.1, "beta": 0.5},
        args={"curvature": POSITIVE, "offset": ARRAY.minus(EXTRA_AXIS).plus([0.0, 1.0]),
              "radius": POSITIVE, "lr": POSITIVE, "beta": interval(-0.1, 1.0)}),
    "theory.cubic_escape_steps": Row(
        base={"offset": [1e-6, 1e-3], "radius": 0.5, "lr": 0.1},
        args={"offset": ARRAY.minus(EXTRA_AXIS).plus([0.0, 1.0]), "radius": POSITIVE,
              "lr": POSITIVE}),
    "nn.flat_gradients": Row(
        base=lambda: {"model": mlp(), "thetas": np.zeros((1, 22)), "X": X, "y": Y},
        args={"model": _CRITICAL_MODEL, "thetas": _THETAS, "X": ARRAY, "y": LABELS}),
    "nn.hessians": Row(
        base=lambda: {"model": mlp(), "thetas": np.zeros((1, 22)), "X": X, "y": Y},
        args={"model": _CRITICAL_MODEL, "thetas": _THETAS, "X": ARRAY, "y": LABELS,
              "eps": POSITIVE}),
    "nn.find_critical_points": Row(
        base=lambda: {"model": mlp(), "thetas": np.full((1, 22), 0.1), "X": X, "y": Y,
                      "steps": 1},
        args={"model": _CRITICAL_MODEL, "thetas": _THETAS, "X": ARRAY, "y": LABELS,
              "steps": COUNT, "damping": POSITIVE}),
    "nn.gradient_flatness": Row(
        base={"H": np.diag([1.0, 0.0]), "g": np.array([1.0, 1.0])},
        args={"H": ARRAY.plus(np.zeros((2, 3))),
              "g": ARRAY.plus(np.zeros(2), np.ones(3)),
              "tol": POSITIVE}),
    "nn.negative_index": Row(
        base={"H": np.eye(3)},
        args={"H": ARRAY.minus(EXTRA_AXIS).plus(np.zeros(3), np.zeros((2, 3))),
              "tol": POSITIVE}),
    "plots.escape_times": Row(
        base={"offsets": [1e-3, 1e-2], "measured": {"a": [10.0, 5.0]},
              "predicted": {"a": [10.0, 5.0]}},
        args={"offsets": ARRAY.plus([0.0, 1.0]),
              "measured": _MAPPING.plus({"a": [1.0]}, {"a": [-1.0, 1.0]}),
              "predicted": optional(_MAPPING).plus({"a": [1.0]}), "ax": AXES}),
    "plots.escape_spread": Row(
        base={"steps": {"a": [10.0, INF]}, "horizon": 100},
        args={"steps": _MAPPING.plus({"a": [-1.0]}, {"a": np.ones((2, 2))}),
              "horizon": COUNT, "ax": AXES}),
    "plots.index_vs_loss": Row(
        base={"loss": [0.1, 0.2], "index": [0.0, 0.5], "grad_norm": [1e-8, 1e-3]},
        args={"loss": ARRAY.plus([0.1]), "index": ARRAY.plus([0.0, 1.5], [0.1]),
              "grad_norm": ARRAY.plus([0.1], [-1.0, 1.0]), "tol": POSITIVE, "ax": AXES}),
    "widgets.saddle_explorer_data": Row(
        base={"steps": 5},
        args={"surface": CHOICE, "method": CHOICE, "offset": NONNEGATIVE.plus(2.0),
              "lr": POSITIVE.plus(20.0), "steps": COUNT, "seed": SEED},
        finite=False),
    "widgets.saddle_explorer": Row(
        base={"steps": 50},
        args={"surface": CHOICE, "method": CHOICE, "offset": NONNEGATIVE.plus(0.0, 0.5),
              "lr": POSITIVE.plus(0.5), "steps": COUNT.plus(10, 1050)}),
    # ---- dying ReLU (chapter 11): theory.dying, nn.dying, train.dying, plots.dying ----
    "theory.kill_interval": Row(
        base={"z": [[1.0, -1.0], [2.0, 0.5]], "s": [[1.0, 1.0], [0.5, -1.0]]},
        args={"z": ARRAY, "s": ARRAY.plus(np.ones((3, 2)))}, finite=False),
    "theory.born_dead_bound": Row(base={"width": 2, "depth": 10},
                                  args={"width": COUNT, "depth": COUNT}),
    "nn.inactive_fraction": Row(base=lambda: {"model": mlp(), "X": X},
                                args={"model": OBJECT, "X": ARRAY}),
    "nn.born_dead": Row(base=lambda: {"model": mlp(), "X": X},
                        args={"model": OBJECT, "X": ARRAY}),
    "nn.born_dead_rates": Row(
        base={"widths": [2], "depths": [2, 3], "n_models": 5},
        args={"widths": Arg((None, "abc", 3, [], [0], [2.5], [True], [5000])),
              "depths": Arg((None, "abc", 3, [], [0], [2.5], [True], [5000])),
              "init": CHOICE.plus("normal"), "n_models": COUNT, "seed": SEED,
              "n_inputs": count(2)}),
    "train.track_units": Row(
        base=lambda: {**_moons_model(), "optimizer": O.SGD(0.1), "epochs": 1, "batch_size": 10},
        args={"model": OBJECT.plus(fresh("a tanh network", lambda: mlp(activation="tanh"))),
              "data": _DATA, "optimizer": OBJECT.plus("sgd"), "epochs": COUNT,
              "batch_size": _BATCH, "schedule": _OPTIONAL_SCHEDULE, "seed": SEED,
              "every": COUNT}),
    "train.UnitTrack": Row(
        base={"history": None, "steps": [0, 5], "dead": [np.zeros((2, 3), dtype=bool)]},
        args={"history": Arg(("abc", 1, True)), "steps": ARRAY.plus([0.0]),
              "dead": Arg((None, "abc", [], [np.zeros((3, 3), dtype=bool)],
                           [np.zeros((2, 3))], (np.zeros((2, 3), dtype=bool),)))}),
    "plots.relu_family": Row(
        base={},
        args={"names": Arg((None, "abc", 1, [], ["bogus"])),
              "negative_slope": interval(-0.1, 1.5), "span": POSITIVE.plus(100.0)}),
    "plots.one_step_deaths": Row(
        base={"lrs": [0.1, 1.0], "predicted": [0.0, 0.5], "measured": {"a": [0.0, 0.4]}},
        args={"lrs": ARRAY.plus([-0.1, 1.0]), "predicted": ARRAY.plus([0.0]),
              "measured": CURVES.plus({"a": [0.0]}), "ax": AXES}),
    "plots.rate_deaths": Row(
        base={"lrs": [0.1, 1.0], "dead": [[0.0, 0.2], [0.0, NAN]],
              "accuracy": [[0.9, 0.5], [0.9, NAN]]},
        args={"lrs": ARRAY.plus([-0.1, 1.0], [0.1]), "dead": REAL_ARRAY.plus([[0.0]]),
              "accuracy": REAL_ARRAY.plus([[0.0]]),
              "chaotic": Arg(("abc", 1, [True], np.array([1, 0])))}),
    "plots.unit_raster": Row(
        base={"dead": np.array([[True, False], [True, True]]), "steps": [0, 5]},
        args={"dead": Arg((None, "abc", np.ones((2, 2)), np.array([True]))),
              "steps": ARRAY.plus([0.0]), "ax": AXES, "title": optional(TEXT)}),
    "plots.born_dead_map": Row(
        base={"rates": [[0.5, 0.9]], "widths": [2], "depths": [5, 10]},
        args={"rates": ARRAY.plus([[1.5, 0.5]]), "widths": ARRAY.plus([0]),
              "depths": ARRAY.plus([0, 1]), "ax": AXES, "title": optional(TEXT)}),
    "plots.cure_runs": Row(
        base={"results": {"a": {"dead": [0.1, NAN], "accuracy": [0.9, NAN]}}},
        args={"results": Arg((None, "abc", 1, {}, {"a": None}, {"a": {"dead": [0.1]}},
                              {"a": {"dead": ["x"], "accuracy": [0.5]}}))}),
    # -- plateaus and vanishing gradients (chapter 10) --------------------------------------
    "nn.weight_std": Row(
        base={"init": "xavier", "fan_in": 4, "fan_out": 3},
        args={"init": CHOICE.plus("rai"), "fan_in": COUNT, "fan_out": COUNT,
              "init_std": optional(POSITIVE)}),
    "theory.plateau_crossing_steps": Row(
        base={"x0": 4.0, "x1": 1.0, "lr": 0.1},
        args={"x0": REAL.plus(0.5, 1.0), "x1": POSITIVE.plus(5.0), "lr": POSITIVE.minus([1.0, 2.0]),
              "width": POSITIVE, "beta": interval(-0.1, 1.0)}),
    "theory.saturation_threshold": Row(
        base={"activation": "tanh", "fraction": 0.01},
        args={"activation": CHOICE.plus("relu"), "fraction": interval(0.0, 1.1)}),
    "theory.backprop_profile": Row(
        base={"activation": "tanh", "sizes": (4, 3, 2), "weight_std": (0.5, 0.5)},
        args={"activation": CHOICE,
              "sizes": Arg((None, "abc", 3, (4, 3), (4, 0, 2), (4, 2.5, 2), (4, True, 2))),
              "weight_std": ARRAY.plus([0.5], [0.0, 0.5], [-1.0, 0.5], [2000.0, 0.5]),
              "input_sq": POSITIVE, "nodes": COUNT.plus(1, 1001)}),
    "plots.saturation": Row(
        base={"activation": "tanh"},
        args={"activation": CHOICE, "ax": AXES, "fraction": interval(0.0, 1.1),
              "zmax": POSITIVE}),
    "plots.measured_vs_predicted": Row(
        base={"pairs": {"a": ([1.0, 2.0], [1.1, 2.2])}},
        args={"pairs": Arg((None, "abc", 1, {}, {1: ([1.0], [1.0])}, {"a": [1.0]},
                            {"a": ([1.0], [1.0, 2.0])}, {"a": ([0.0], [1.0])},
                            {"a": ([NAN], [1.0])})),
              "ax": AXES, "xlabel": TEXT, "ylabel": TEXT, "log": FLAG}),
    "plots.escape_epochs": Row(
        base={"results": {"a": [1.0, INF]}, "budget": 5},
        args={"results": Arg((None, "abc", 1, {}, {1: [1.0]}, {"a": [NAN]}, {"a": [-1.0]},
                              {"a": [6.0]}, {"a": [[1.0]]}, {"a": [-INF]}, {"a": []})),
              "budget": COUNT, "ax": AXES, "xlabel": TEXT}),
    "plots.layer_gradients": Row(
        base={"norms": {"a": np.ones((2, 3))}, "predicted": {"a": np.ones(3)}},
        args={"norms": Arg((None, "abc", 1, {}, {1: np.ones((2, 3))}, {"a": np.ones(3)},
                            {"a": -np.ones((2, 3))}, {"a": np.full((2, 3), NAN)})),
              "ax": AXES,
              "predicted": optional(Arg(("abc", 1, {}, {"b": np.ones(3)}, {"a": np.ones(2)},
                                         {"a": -np.ones(3)})))}),
    "widgets.gradient_explorer": Row(
        base={"depth": 2},
        args={"activation": CHOICE, "init": CHOICE.plus("rai"), "depth": COUNT.plus(1, 17),
              "init_std": POSITIVE.plus(0.005, 5.0)}),
    "widgets.gradient_explorer_data": Row(
        base={"depth": 2, "width": 4, "replicates": 2},
        args={"activation": CHOICE, "init": CHOICE.plus("rai"), "depth": COUNT.plus(51),
              "init_std": POSITIVE, "width": COUNT.plus(1025),
              "replicates": COUNT.plus(101)}),
}


def _axes():
    return _figure().subplots()
