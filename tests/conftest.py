"""Shared test fixtures."""

import os
import sys

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


def build_schedule(spec: dict) -> S.Schedule:
    """A schedule from its JSON description in tests/reference (Warmup/Sequential nested)."""
    kwargs = dict(spec["kwargs"])
    if "schedule" in kwargs:
        kwargs["schedule"] = build_schedule(kwargs["schedule"])
    if "schedules" in kwargs:
        kwargs["schedules"] = [build_schedule(c) for c in kwargs["schedules"]]
    return getattr(S, spec["name"])(**kwargs)


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
