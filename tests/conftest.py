"""Shared test fixtures."""

import os

import pytest


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
