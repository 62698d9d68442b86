"""lrcourse.plots as a whole: every single-Axes picture draws into a given Axes or makes one new
figure, and import lrcourse alone does not import matplotlib."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import halving

from lrcourse import Cubic, OneCycle, Quadratic, plots


def test_import_lrcourse_does_not_import_matplotlib():
    import subprocess
    import sys

    code = ("import sys, lrcourse; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'sklearn') if m in sys.modules]; "
            "assert not bad, bad; lrcourse.plots; assert 'matplotlib' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


SINGLE_AX = {
    "schedule": lambda ax: plots.schedule(halving, 10, ax=ax),
    "schedules": lambda ax: plots.schedules({"a": halving}, 10, ax=ax),
    "momentum": lambda ax: plots.momentum(OneCycle(0.1, 20), 20, ax=ax),
    "loss_curves": lambda ax: plots.loss_curves({"a": [1.0, 0.5]}, ax=ax),
    "accuracy_curves": lambda ax: plots.accuracy_curves({"a": [0.5, 0.7]}, ax=ax),
    "update_ratio": lambda ax: plots.update_ratio(np.full((5, 2), 1e-3), ax=ax),
    "sweep_result": lambda ax: plots.sweep_result([0.1, 1.0], [0.5, 0.4], ax=ax),
    "convergence_rate": lambda ax: plots.convergence_rate(Quadratic(), ax=ax),
    "contour_trajectories": lambda ax: plots.contour_trajectories(Quadratic(), ax=ax,
                                                                  resolution=20),
    "path_1d": lambda ax: plots.path_1d(Cubic(), ax=ax),
    "dead_fractions": lambda ax: plots.dead_fractions(np.array([0.0, 0.5]), ax=ax),
}


@pytest.mark.parametrize("name", sorted(SINGLE_AX))
def test_a_given_ax_is_drawn_into_and_returned(name):
    fig, ax = plt.subplots()
    assert SINGLE_AX[name](ax) is ax
    assert plt.get_fignums() == [fig.number] and fig.axes == [ax]
    assert ax.has_data() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("name", sorted(SINGLE_AX))
def test_without_ax_each_picture_makes_one_new_figure(name):
    ax = SINGLE_AX[name](None)
    assert plt.get_fignums() == [ax.figure.number]
