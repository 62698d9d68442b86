"""Shared test fixtures."""

import doctest
import importlib
import os
import pkgutil
import sys
from types import ModuleType

import numpy as np
import pytest

from lrcourse import schedules as S


@pytest.fixture(autouse=True)
def _render_and_close_figures():
    """After every test, render each pyplot figure it left (a bad mathtext label only fails
    when drawn), then close them all; tests that never import pyplot pay nothing."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        plt = sys.modules["matplotlib.pyplot"]
        for num in plt.get_fignums():
            plt.figure(num).canvas.draw()
        plt.close("all")


@pytest.fixture
def no_pyplot_figures():
    """Explorers draw on figures pyplot does not manage: none may appear in pyplot."""
    import matplotlib.pyplot as plt

    yield
    assert plt.get_fignums() == []


def halving(k):
    """0.1 halved every 10 steps (a step decay written out)."""
    return 0.1 * 0.5 ** (np.asarray(k) // 10)


def legend_texts(ax):
    """The texts of ``ax``'s legend."""
    return [t.get_text() for t in ax.get_legend().get_texts()]


def scatter_by_label(ax):
    """``ax``'s labelled scatter collections by label."""
    return {c.get_label(): c for c in ax.collections if not c.get_label().startswith("_")}


def suptitle(explorer):
    """The title of an explorer's figure."""
    return explorer.figure.get_suptitle()


@pytest.fixture(scope="module")
def small_range_test():
    """A short LR range test of a small MLP on two moons (for the smoothing explorer)."""
    from lrcourse import MLP, lr_range_test, two_moons

    data = two_moons(n=200, seed=0)
    return lr_range_test(MLP((2, 16, 2), seed=0), data, start_lr=1e-4, end_lr=10.0,
                         num_steps=60, batch_size=32)


def build_schedule(spec: dict) -> S.Schedule:
    """A schedule from its JSON description in tests/reference (Warmup/Sequential nested)."""
    kwargs = dict(spec["kwargs"])
    if "schedule" in kwargs:
        kwargs["schedule"] = build_schedule(kwargs["schedule"])
    if "schedules" in kwargs:
        kwargs["schedules"] = [build_schedule(c) for c in kwargs["schedules"]]
    return getattr(S, spec["name"])(**kwargs)


def run_doctests(package: ModuleType, **flags: int) -> tuple[int, int]:
    """``(attempted, failed)`` over the docstring examples of a package and all its modules,
    each run with the package's public names in scope (as after ``from package import *``)."""
    public = {name: getattr(package, name) for name in package.__all__}
    modules = [package] + [importlib.import_module(f"{package.__name__}.{info.name}")
                           for info in pkgutil.iter_modules(getattr(package, "__path__", []))]
    attempted = failed = 0
    for module in modules:
        result = doctest.testmod(module, extraglobs=public, **flags)
        attempted, failed = attempted + result.attempted, failed + result.failed
    return attempted, failed


@pytest.fixture(scope="session")
def torch():
    """The live PyTorch module for parity tests.

    Without torch the test is skipped with a reason that says so, except when
    ``LRCOURSE_REQUIRE_TORCH=1`` (set by ``make parity`` and CI), where a missing torch fails.
    """
    try:
        import torch as torch_module
    except ImportError:
        if os.environ.get("LRCOURSE_REQUIRE_TORCH") == "1":
            pytest.fail("LRCOURSE_REQUIRE_TORCH=1 but torch is not importable")
        pytest.skip("torch is not installed: live PyTorch parity needs `pip install torch==2.13.0`")
    torch_module.set_default_dtype(torch_module.float64)
    return torch_module
