"""plots.loss_curves' ylabel (chapter 4 labels arrays of mean validation losses)."""

import numpy as np
import pytest

from lrcourse import plots


def test_loss_curves_ylabel_defaults_and_override() -> None:
    curves = {"a": np.array([1.0, 0.5, 0.25])}
    assert plots.loss_curves(curves).get_ylabel() == "loss"
    assert plots.loss_curves(curves, key="val_loss").get_ylabel() == "validation loss"
    ax = plots.loss_curves(curves, ylabel="mean validation loss")
    assert ax.get_ylabel() == "mean validation loss"


def test_loss_curves_refuses_a_non_string_ylabel() -> None:
    with pytest.raises(TypeError, match=r"plots.loss_curves: ylabel must be a str or None, got 3"):
        plots.loss_curves({"a": np.array([1.0, 0.5])}, ylabel=3)
