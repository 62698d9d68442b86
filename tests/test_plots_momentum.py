"""plots.momentum: the factor map draws what lrcourse.theory says."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrcourse import plots, theory
from lrcourse.surfaces import Quadratic


@pytest.mark.parametrize("nesterov", [False, True])
def test_factor_map_marks_the_best_pairs_and_colours_the_factor(nesterov):
    q = Quadratic((1.0, 50.0))
    ax = Figure().subplots()
    out = plots.momentum_factor_map(q, ax=ax, nesterov=nesterov, resolution=40)
    assert out is ax
    best = theory.nesterov_optimal(q) if nesterov else theory.heavy_ball_optimal(q)
    stars = [c for c in ax.collections if c.get_label().startswith("best ")]
    offsets = {c.get_label().split(":")[0]: c.get_offsets()[0] for c in stars}
    name = "Nesterov" if nesterov else "heavy ball"
    np.testing.assert_allclose(offsets[f"best {name}"], best[:2])
    np.testing.assert_allclose(offsets["best GD"], [theory.optimal_lr(q), 0.0])
    mesh = ax.collections[0]
    values = np.ma.masked_invalid(mesh.get_array())
    assert values.min() >= best[2] - 1e-9 and values.max() < 1.0  # diverging pairs are blank
    assert np.isnan(np.asarray(mesh.get_array().filled(np.nan), dtype=float)).any()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(f"{best[2]:.3f}" in t for t in labels)
    assert ("edge" in " ".join(labels)) != nesterov


def test_factor_map_refuses_a_surface_without_curvatures():
    from lrcourse.surfaces import Rosenbrock

    with pytest.raises(TypeError, match="quadratic"):
        plots.momentum_factor_map(Rosenbrock())
