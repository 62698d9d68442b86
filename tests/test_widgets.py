"""lrcourse.widgets: the pure data functions compute what they claim; every explorer builds
headless, draws its default picture and redraws when a control moves; in a real kernel the
picture is displayed once and updated in place."""

import base64

import numpy as np
import pytest

from lrcourse import (
    MLP,
    Cubic,
    Quadratic,
    ReduceOnPlateau,
    SaddleQuadratic,
    TiltedDoubleWell,
    lr_range_test,
    two_moons,
    widgets,
)

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


@pytest.fixture(scope="module")
def small_range_test():
    data = two_moons(n=200, seed=0)
    return lr_range_test(MLP((2, 16, 2), seed=0), data, start_lr=1e-4, end_lr=10.0,
                         num_steps=60, batch_size=32)


def suptitle(explorer):
    return explorer.figure.get_suptitle()


# ---- lr_explorer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lr", "outcome", "relation"),
    [(0.05, "not settled", "<"), (0.15, "converges", "<"), (0.18, "converges", "<"),
     (0.199, "not settled", "<"),
     (0.201, "diverges", ">"), (0.5, "diverges", ">")],
)
def test_lr_explorer_data_on_the_quadratic_follows_two_over_L(lr, outcome, relation):
    data = widgets.lr_explorer_data(Quadratic((1.0, 10.0)), lr, [2.0, 2.0], 60)
    assert data["threshold"] == pytest.approx(0.2)
    assert data["outcome"] == outcome
    assert f"{relation} 2/L = 0.2: {outcome}" in data["title"]
    assert data["path"].shape[1] == 2 and np.array_equal(data["path"][0], [2.0, 2.0])


def test_lr_explorer_data_double_well_small_rate_stays_large_rate_crosses():
    well = TiltedDoubleWell()
    small = widgets.lr_explorer_data(well, well.SMALL_LR, [well.START], 200)
    large = widgets.lr_explorer_data(well, well.LARGE_LR, [well.START], 200)
    assert small["threshold"] == pytest.approx(2 / well.LOCAL_CURVATURE)
    assert small["path"][-1, 0] == pytest.approx(well.LOCAL_MIN, abs=1e-6)
    assert large["path"][-1, 0] == pytest.approx(well.GLOBAL_MIN, abs=1e-6)
    assert small["outcome"] == large["outcome"] == "converges"


def test_lr_explorer_on_surfaces_without_a_minimum():
    data = widgets.lr_explorer_data(Cubic(), 0.1, [1.0], 30)
    assert data["L"] is None and data["threshold"] is None
    assert data["outcome"] == "not settled" and "2/L" not in data["title"]
    assert np.all(np.diff(data["path"][:, 0]) < 0) and data["path"][-1, 0] > 0  # creeps to 0
    explorer = widgets.lr_explorer(SaddleQuadratic(), lr=0.1, steps=40)
    assert "diverges" in suptitle(explorer)
    assert explorer.figure.axes[1].get_yscale() == "linear"


def test_lr_explorer_data_refuses_bad_rate():
    with pytest.raises(ValueError, match="lr_explorer_data: lr must be a positive"):
        widgets.lr_explorer_data(Quadratic(), 0.0, [1.0, 1.0], 5)


def test_lr_explorer_builds_headless_and_redraws_on_the_slider():
    explorer = widgets.lr_explorer(steps=60)
    assert set(explorer.values) == {"lr"}
    assert len(explorer.figure.axes) == 2
    assert "converges" in suptitle(explorer)
    explorer.controls.children[0].value = 0.3  # what moving the slider does
    assert "diverges" in suptitle(explorer) and "0.3" in suptitle(explorer)
    assert explorer.figure.axes[1].get_yscale() == "log"


def test_lr_explorer_on_a_1d_surface_draws_the_curve():
    well = TiltedDoubleWell()
    explorer = widgets.lr_explorer(well, lr=well.LARGE_LR, x0=[well.START], steps=60)
    curve_ax = explorer.figure.axes[0]
    assert curve_ax.get_xlabel() == r"$\theta$"
    assert "converges" in suptitle(explorer)


def test_explorer_set_and_unknown_names():
    explorer = widgets.lr_explorer(steps=20)
    explorer.set(lr=0.01)
    assert explorer.values == {"lr": pytest.approx(0.01)}
    with pytest.raises(ValueError, match="names must be among \\['lr'\\], got \\['beta'\\]"):
        explorer.set(beta=0.5)


# ---- schedules -----------------------------------------------------------------------------


def test_schedule_explorer_data_decay_beats_the_constant_peak():
    data = widgets.schedule_explorer_data("cosine", steps=400)
    np.testing.assert_array_equal(data["k"], np.arange(400))
    assert data["peak_lr"] == data["lr"][0] == 0.5
    assert data["loss"].shape == data["constant_loss"].shape == (401,)
    np.testing.assert_array_equal(data["constant_loss"], widgets.noisy_quadratic_sgd(0.5, 400))
    assert data["loss"][-1] < 0.2 * data["constant_loss"][-1]


def test_schedule_explorer_shows_only_the_kinds_sliders_and_redraws():
    explorer = widgets.schedule_explorer("step", steps=100)
    shown = {name for name, w in explorer._widgets.items() if w.layout.display != "none"}
    assert shown == {"kind", "lr", "step_size", "gamma"}
    assert explorer.figure.axes[0].get_legend_handles_labels()[1] == ["step", "constant"]
    explorer.set(kind="exponential")
    shown = {name for name, w in explorer._widgets.items() if w.layout.display != "none"}
    assert shown == {"kind", "lr", "gamma_per_step"}
    assert suptitle(explorer).startswith("ExponentialDecay")
    for kind in widgets.SCHEDULE_KINDS:  # every kind draws with the sliders' values
        explorer.set(kind=kind)
        assert len(explorer.figure.axes) == 2


def test_values_the_schedules_refuse_show_the_error_in_the_picture():
    explorer = widgets.schedule_explorer("cyclic_triangular", steps=100)
    assert explorer.error is None
    explorer.set(base_lr=0.8, max_lr=0.1)
    assert explorer.error.startswith("CyclicLR: max_lr must be > base_lr")
    (text,) = explorer.figure.texts
    assert explorer.error in text.get_text() and explorer.figure.axes == []
    explorer.set(max_lr=1.0)
    assert explorer.error is None and len(explorer.figure.axes) == 2
    explorer.set(kind="multistep", milestones=(50, 50))
    assert "milestones must be a sequence of strictly increasing" in explorer.error


def test_theory_and_loops_are_re_exported_unchanged():
    from lrcourse import schedules, theory, train

    assert widgets.heavy_ball_rate is theory.heavy_ball_rate
    assert widgets.NQM_EIGENVALUES is theory.NQM_EIGENVALUES
    assert widgets.noisy_quadratic_sgd is train.noisy_quadratic_sgd
    assert widgets.make_schedule is schedules.make_schedule
    assert widgets.SCHEDULE_KINDS is schedules.SCHEDULE_KINDS


# ---- momentum ------------------------------------------------------------------------------


def test_momentum_explorer_data_optimal_pair_and_faster_than_gd():
    q = Quadratic((1.0, 49.0))
    data = widgets.momentum_explorer_data(q, 0.035, 0.7, [-2.0, 2.0], 60)
    assert data["best_lr"] == pytest.approx(4 / 64) and data["best_beta"] == pytest.approx(0.5625)
    assert widgets.heavy_ball_rate(q, data["best_lr"], data["best_beta"]) == pytest.approx(0.75)
    gd, mom = data["losses"].values()
    assert mom[-1] < 1e-3 * gd[-1]
    assert list(data["paths"]) == ["gradient descent", "momentum β=0.7"]
    with pytest.raises(ValueError, match="beta must be in \\[0, 1\\)"):
        widgets.momentum_explorer_data(q, 0.01, 1.0, [1.0, 1.0], 5)


def test_momentum_explorer_redraws_two_paths():
    explorer = widgets.momentum_explorer(steps=30)
    contour_ax = explorer.figure.axes[0]
    assert [line.get_label() for line in contour_ax.get_lines()] == ["gradient descent",
                                                                    "momentum β=0.7"]
    explorer.set(beta=0.0)
    assert "β = 0:" in suptitle(explorer)


# ---- dying ReLU ----------------------------------------------------------------------------


def test_relu_explorer_data_large_rate_kills_units():
    small = widgets.relu_explorer_data(lr=0.01)
    large = widgets.relu_explorer_data(lr=3.0)
    np.testing.assert_array_equal(small["dead_init"], large["dead_init"])  # same init
    assert large["dead_trained"].mean() > small["dead_trained"].mean() + 0.3
    assert len(large["activations"]) == 4 and large["activations"][0].shape[1] == 16
    assert small["loss"].shape == (50,) and not small["diverged"]


def test_relu_explorer_data_deep_narrow_born_dead_unless_rai():
    normal = widgets.relu_explorer_data(init="normal", depth=12, width=2, init_std=0.5)
    rai = widgets.relu_explorer_data(init="rai", depth=12, width=2)
    assert normal["born_dead"] and normal["dead_init"][-1] == 1.0
    assert not rai["born_dead"]


def test_relu_explorer_builds_and_redraws():
    explorer = widgets.relu_explorer(depth=3, width=8)
    dead_ax = explorer.figure.axes[0]
    assert len(dead_ax.patches) == 6  # 3 layers x (init, trained)
    explorer.set(depth=5, lr=3.0)
    assert len(explorer.figure.axes[0].patches) == 10
    assert "η = 3" in suptitle(explorer)
    std = explorer._widgets["init_std"]
    assert std.layout.display == "none"  # he init has no standard deviation to set
    explorer.set(init="normal", init_std=0.01)
    assert std.layout.display is None and suptitle(explorer).startswith("normal init")
    with pytest.raises(ValueError, match="init must be one of"):
        widgets.relu_explorer(init="orthogonal")


# ---- LR range test smoothing ---------------------------------------------------------------


def test_smoothing_explorer_data_matches_the_finder_at_its_beta(small_range_test):
    data = widgets.smoothing_explorer_data(small_range_test, 0.98)
    np.testing.assert_allclose(data["smoothed"], small_range_test.smoothed, rtol=1e-12)
    for method, lr in data["suggestions"].items():
        assert lr == small_range_test.suggest(method)
    raw = widgets.smoothing_explorer_data(small_range_test, 0.0)
    np.testing.assert_array_equal(raw["smoothed"], small_range_test.losses)


def test_smoothing_explorer_redraws_with_beta(small_range_test):
    explorer = widgets.smoothing_explorer(small_range_test, beta=0.9)
    ax = explorer.figure.axes[0]
    assert ax.get_xscale() == "log" and "0.9" in ax.get_title()
    explorer.set(beta=0.5)
    assert "0.5" in explorer.figure.axes[0].get_title()
    with pytest.raises(ValueError, match="beta must be in"):
        widgets.smoothing_explorer(small_range_test, beta=1.0)


# ---- reduce on plateau ---------------------------------------------------------------------


def test_plateau_explorer_data_replays_reduce_on_plateau():
    flat = [1.0] * 8
    data = widgets.plateau_explorer_data(flat, lr=0.1, patience=2, factor=0.5)
    assert data["reductions"] == [3, 6]  # 3 bad epochs after the first exceed patience 2
    np.testing.assert_allclose(data["lr"], [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])
    plateau = ReduceOnPlateau(0.1, patience=2, factor=0.5)
    assert [plateau.step(m) for m in flat] == list(data["lr"])


def test_plateau_explorer_data_negative_loss_pitfall_of_relative_threshold():
    curve = -1.0 - 0.001 * np.sin(np.arange(40))  # a negative, flat metric
    rel = widgets.plateau_explorer_data(curve, patience=3, threshold=0.01)
    absolute = widgets.plateau_explorer_data(curve, patience=3, threshold=0.01,
                                             threshold_mode="abs")
    assert rel["reductions"] == [] and len(absolute["reductions"]) > 0


def test_plateau_explorer_on_the_recorded_curve():
    curve = widgets.default_plateau_curve()
    assert curve.shape == (61,) and curve[-1] < 0.1 * curve[0]
    explorer = widgets.plateau_explorer(curve)
    assert explorer.figure.axes[1].get_yscale() == "log"
    n_default = len(widgets.plateau_explorer_data(curve, patience=5, threshold=1e-2,
                                                  factor=0.5)["reductions"])
    assert suptitle(explorer).startswith(f"{n_default} reductions")
    explorer.set(patience=30)
    assert suptitle(explorer).startswith("0 reductions")


# ---- in a kernel ---------------------------------------------------------------------------


def test_in_a_kernel_figures_display_once_and_the_picture_updates_in_place():
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    cells = [
        "%matplotlib inline\nfrom IPython.display import Image, display\n"
        "from lrcourse import StepDecay, plots, widgets",
        "ax = plots.schedule(StepDecay(0.1, 10), 30)",
        "explorer = widgets.lr_explorer(steps=20)\nexplorer",
        "explorer.show()",
        "display(Image(explorer.png()))",
        "explorer.set(lr=0.3)",
        "Image(explorer.png())",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()

    def pngs(cell):
        return [out["data"]["image/png"] for out in cell.outputs
                if "image/png" in out.get("data", {})]

    outs = nb.cells
    assert len(pngs(outs[1])) == 1 and len(outs[1].outputs) == 1  # a pyplot figure: once
    assert len(outs[2].outputs) == 1
    assert "application/vnd.jupyter.widget-view+json" in outs[2].outputs[0]["data"]
    assert pngs(outs[2]) == []  # the controls cell holds no picture
    (shown,) = pngs(outs[3])
    (default,) = pngs(outs[4])
    (moved,) = pngs(outs[6])
    assert shown == moved != default  # the shown picture followed the slider
    assert base64.b64decode(shown)[:4] == b"\x89PNG"
    assert outs[5].outputs == []


def test_importing_the_widgets_module_does_not_import_ipywidgets():
    import subprocess
    import sys

    code = ("import sys, lrcourse.widgets; "
            "assert 'ipywidgets' not in sys.modules and 'IPython' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- figure size: legible at page width ------------------------------------------------------


def test_every_explorer_figure_fits_the_page_column(small_range_test):
    """The book's column is about 690 px: a figure much wider than 9 in (900 px at dpi 100) is
    shrunk so much that its 11-12 pt text becomes unreadable."""
    curve = widgets.default_plateau_curve()[:30]
    explorers = [widgets.lr_explorer(steps=5), widgets.schedule_explorer(steps=40),
                 widgets.momentum_explorer(steps=5), widgets.relu_explorer(depth=2, steps=2),
                 widgets.smoothing_explorer(small_range_test),
                 widgets.plateau_explorer(curve), widgets.minibatch_explorer(examples=64)]
    for explorer in explorers:
        width, height = explorer.figure.get_size_inches()
        assert width <= 9.5 and height <= 7.0, (explorer.figure.get_suptitle(), width, height)
        assert explorer.error is None
