"""Bad input is refused clearly, never corrupts state, never leaks a foreign error.

The table of `bad_input_table.py` gives, for every public callable of lrcourse (the ``__all__``
lists of every module, plots and widgets included, the public methods of every public class),
a valid call and the bad values of each argument. For each bad value, one argument at a time,
the call must raise a ``ValueError`` or ``TypeError`` from lrcourse's own code (not numpy's,
matplotlib's or Python's) whose message names the argument, and must change nothing: neither
the object whose method it is nor any array or lrcourse object passed in. Numpy warnings count
as failures. An extreme value ("huge") may instead be accepted, and then the result holds no NaN
or infinity. A public callable with parameters and no row, or a parameter without bad values,
fails `test_every_argument_has_bad_values`: new API cannot skip validation.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bad_input_table import INSTANCES, ROWS, Arg, From, Keywords, Named, Row

import lrcourse

MODULES = ("data", "finder", "nn", "optimizers", "schedules", "surfaces", "theory", "train",
           "plots", "widgets")
PACKAGE = Path(lrcourse.__file__).parent


# --------------------------------------------------------------------------------------------
# The public API
# --------------------------------------------------------------------------------------------


def _public_methods(cls: type) -> Iterator[tuple[str, type]]:
    """``(name, defining class)`` of the public methods of ``cls`` (and ``__call__``)."""
    for name in dir(cls):
        if name.startswith("_") and name != "__call__":
            continue
        owner = next(c for c in cls.__mro__ if name in c.__dict__)
        if owner.__module__.startswith("lrcourse") and inspect.isfunction(owner.__dict__[name]):
            yield name, owner


def public_callables() -> dict[str, tuple[Callable, list[type], str]]:
    """Key -> (callable, the public classes it is a method of, method name).

    Keys as in the table: ``"module.name"`` for functions and classes, ``"module.Class.method"``
    for methods, with the class that defines the method.
    """
    found: dict[str, tuple[Callable, list[type], str]] = {}
    seen: set[int] = set()
    for module_name in MODULES:
        module = importlib.import_module(f"lrcourse.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if id(obj) in seen or not callable(obj):
                continue  # a re-export, or a constant
            seen.add(id(obj))
            found[f"{module_name}.{name}"] = (obj, [], "")
            if not inspect.isclass(obj):
                continue
            for method, owner in _public_methods(obj):
                key = f"{module_name}.{owner.__name__}.{method}"
                entry = found.setdefault(key, (owner.__dict__[method], [], method))
                entry[1].append(obj)
    return found


def parameters(obj: Callable, is_method: bool) -> list[str]:
    """The parameter names of a function, constructor or method (``self`` left out)."""
    names = list(inspect.signature(obj).parameters)
    return names[1:] if is_method else names


CALLABLES = public_callables()
WITH_ARGS = {key: parameters(obj, bool(classes)) for key, (obj, classes, _) in CALLABLES.items()
             if parameters(obj, bool(classes))}


def test_every_argument_has_bad_values():
    """Every public callable with parameters has a row, and every parameter bad values."""
    problems = []
    for key, names in WITH_ARGS.items():
        row = ROWS.get(key)
        if row is None:
            problems.append(f"{key}: no row in bad_input_table.ROWS")
            continue
        for name in names:
            arg = row.args.get(name)
            if arg is None or not (arg.cases if isinstance(arg, Keywords) else arg.bad):
                problems.append(f"{key}: no bad values for argument {name!r}")
        problems += [f"{key}: {name!r} is not a parameter" for name in row.args
                     if name not in names]
    problems += [f"{key}: a row for no public callable" for key in ROWS if key not in WITH_ARGS]
    assert not problems, "\n".join(problems)


def test_the_walk_covers_the_public_api():
    """The numbers the report gives, and a floor that catches a broken enumeration."""
    n_callables = sum(max(1, len(classes)) for _, classes, _ in CALLABLES.values())
    n_args = sum(len(names) for names in WITH_ARGS.values())
    n_values = sum(len(arg.cases) if isinstance(arg, Keywords) else len(arg.bad) + len(arg.huge)
                   for row in ROWS.values() for arg in row.args.values())
    print(f"\n{n_callables} public callables (a method once per public class), "
          f"{len(WITH_ARGS)} rows, {n_args} arguments, {n_values} bad values")
    assert n_callables > 180 and n_args > 400 and n_values > 3000


# --------------------------------------------------------------------------------------------
# One call
# --------------------------------------------------------------------------------------------


def _snapshot(x: Any, depth: int = 0) -> Any:
    """A comparable picture of ``x``: arrays by content, lrcourse objects and dataclasses by
    their attributes (an `Explorer` by its values too), anything else by identity."""
    if depth > 6:
        return ("deep", id(x))
    if isinstance(x, np.ndarray):
        return ("array", x.dtype.str, x.shape, x.tobytes(), x.flags.writeable)
    if isinstance(x, list | tuple):
        return (type(x).__name__, tuple(_snapshot(v, depth + 1) for v in x))
    if isinstance(x, dict):
        return ("dict", tuple((repr(k), _snapshot(v, depth + 1)) for k, v in x.items()))
    if isinstance(x, bool | int | float | complex | str | bytes | np.generic) or x is None:
        return ("value", type(x).__name__, repr(x))
    if type(x).__module__.startswith("lrcourse") and hasattr(x, "__dict__"):
        state = dict(vars(x))
        if isinstance(x, lrcourse.widgets.Explorer):
            state["values"] = x.values
        return (type(x).__name__, id(x), _snapshot(state, depth + 1))
    return ("object", id(x))


def _nonfinite(x: Any, depth: int = 0) -> str | None:
    """Where ``x`` (a result) holds NaN or infinity, or None."""
    if depth > 4:
        return None
    if isinstance(x, float | np.floating):
        return None if np.isfinite(x) else repr(x)
    if isinstance(x, np.ndarray):
        bad = x.dtype.kind in "fc" and not np.all(np.isfinite(x))
        return f"an array with {int(np.sum(~np.isfinite(x)))} non-finite entries" if bad else None
    items: list = []
    if isinstance(x, list | tuple):
        items = list(enumerate(x))
    elif isinstance(x, dict):
        items = list(x.items())
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        items = [(f.name, getattr(x, f.name)) for f in dataclasses.fields(x)]
    elif type(x).__module__.startswith("lrcourse") and hasattr(x, "__dict__"):
        items = [(k, v) for k, v in vars(x).items() if not k.startswith("_")]
    for key, value in items:
        where = _nonfinite(value, depth + 1)
        if where:
            return f"{key}: {where}"
    return None


def _attempt(call: Callable, *args: Any, **kwargs: Any) -> tuple[BaseException | None, Any]:
    """``(error, result)`` of ``call(*args, **kwargs)``, warnings turned into errors; every
    pyplot figure it made is closed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return None, call(*args, **kwargs)
    except Exception as err:  # every kind of error is judged by the caller
        return err, None
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


def _raised_in(err: BaseException) -> Path:
    tb = err.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return Path(tb.tb_frame.f_code.co_filename)


def _refusal_problem(err: BaseException, name: str) -> str | None:
    """Why ``err`` is not a clear refusal naming ``name``, or None."""
    where = _raised_in(err)
    if type(err) not in (ValueError, TypeError) or not where.is_relative_to(PACKAGE):
        return f"foreign {type(err).__name__} (raised in {where.name}): {err}"
    if not re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", str(err)):
        return f"the message does not name {name!r}: {err}"
    return None


# --------------------------------------------------------------------------------------------
# The walk
# --------------------------------------------------------------------------------------------


def _targets(key: str, row: Row) -> Iterator[tuple[str, Callable[[], tuple[Any, Callable]]]]:
    """``(label, build)`` for each object the row's callable is tried on; ``build()`` gives a
    fresh ``(object or None, callable)``."""
    obj, classes, method = CALLABLES[key]
    if not classes:
        call = row.call or obj
        yield key, lambda: (None, call)
        return
    for cls in classes:
        make = row.make or INSTANCES.get(cls)
        if make is None:
            continue  # an abstract class: its public subclasses are tried
        yield f"{key} on {cls.__name__}", (lambda make=make: _bound(make(), method))


def _bound(instance: Any, method: str) -> tuple[Any, Callable]:
    return instance, getattr(instance, method)


def _base(row: Row, instance: Any) -> dict:
    if callable(row.base):
        return row.base(instance) if instance is not None else row.base()
    return dict(row.base)


def _cases(arg: Arg | Keywords) -> Iterator[tuple[Any, str | None, bool]]:
    """``(value, or keyword arguments to add, name the refusal must contain (None: the
    argument's), extreme?)``."""
    if isinstance(arg, Keywords):
        for update, name in arg.cases:
            yield update, name, False
        return
    for value in arg.bad:
        yield value, None, False
    for value in arg.huge:
        yield value, None, True


def _one_case(row: Row, build, arg_name: str, case: Any, name: str | None, extreme: bool,
              default: Any) -> str | None:
    """The problem with one bad value, or None."""
    instance, call = build()
    kwargs = _base(row, instance)
    if isinstance(row.args[arg_name], Keywords):
        kwargs.update(case)
    else:
        name = arg_name
        valid = kwargs.get(arg_name, default)
        if isinstance(case, From) and case.fresh:
            case = case.make()
        elif isinstance(case, From):
            if valid is None:
                return f"{case!r}: the row's base gives no value of {arg_name} to derive it from"
            case = case.make(valid)
        if isinstance(case, Named):
            case, name = case.value, case.name
        kwargs[arg_name] = case
    before = _snapshot((instance, kwargs))
    err, result = _attempt(call, **kwargs)
    if err is None:
        if not extreme:
            return f"accepted {_short(case)}"
        checked = (result, instance) if row.finite else ()
        if row.then is not None:
            err, used = _attempt(row.then, result)
            if err is not None:
                return f"accepted {_short(case)}, then fails in use: {err!r}"
            checked = (*checked, used)
        where = _nonfinite(checked)
        return f"accepted {_short(case)} with a non-finite result ({where})" if where else None
    problems = [_refusal_problem(err, name)]
    if _snapshot((instance, kwargs)) != before:
        problems.append("the refused call changed its object or arguments")
    problems = [p for p in problems if p]
    return f"{_short(case)}: {'; '.join(problems)}" if problems else None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@pytest.mark.parametrize("key", sorted(k for k in ROWS if k in WITH_ARGS))
def test_bad_values_are_refused(key):
    row = ROWS[key]
    signature = inspect.signature(CALLABLES[key][0])
    problems = []
    for label, build in _targets(key, row):
        instance, call = build()
        err, _ = _attempt(call, **_base(row, instance))
        assert err is None, f"{label}: the valid call of the table fails: {err!r}"
        for arg_name, arg in row.args.items():
            param = signature.parameters[arg_name]
            default = None if param.default is inspect.Parameter.empty else param.default
            for case, name, extreme in _cases(arg):
                problem = _one_case(row, build, arg_name, case, name, extreme, default)
                if problem:
                    problems.append(f"{label}({arg_name}=...) {problem}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _sloppy(x, flag=False):
    """Everything the walk must catch: accepts bools and None, leaks numpy's errors, changes its
    argument before refusing, and refuses without naming the argument."""
    if isinstance(x, np.ndarray):
        x[...] = 0.0  # a change, then a refusal
        raise ValueError("sloppy: x must not be an array")
    if flag not in (False, True):
        raise ValueError("sloppy: something is wrong")
    return float(np.asarray(x, dtype=np.float64).sum())


HUGE_FINE = 1e300  # an extreme value _sloppy handles: accepted, with a finite result


def test_the_walk_flags_what_it_must():
    row = Row(base={"x": 1.0}, args={"x": Arg((True, None, "abc", np.ones(2))),
                                       "flag": Arg(("yes",))})
    def build():
        return None, _sloppy
    problems = {repr(case): _one_case(row, build, name, case, None, False, None)
                for name, arg in row.args.items() for case in arg.bad}
    assert problems["True"] == "accepted True"
    assert problems["None"] == "accepted None"  # None became NaN
    assert problems["'abc'"].startswith("'abc': foreign ValueError")  # numpy's
    assert problems["array([1., 1.])"].endswith("changed its object or arguments")
    assert problems["'yes'"].startswith("'yes': foreign ValueError (raised in test_bad_input")
    with pytest.raises(TypeError) as info:  # raised by lrcourse, but for another argument
        lrcourse._checks.real("sloppy", "other", "abc")
    assert _refusal_problem(info.value, "flag") == (
        "the message does not name 'flag': sloppy: other must be a finite real number, "
        "got 'abc'")
    assert _refusal_problem(info.value, "other") is None
    assert _one_case(row, build, "x", 2.0, None, False, None) == "accepted 2.0"
    assert _one_case(row, build, "x", HUGE_FINE, None, True, None) is None
