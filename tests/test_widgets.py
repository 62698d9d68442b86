"""lrcourse.widgets as a whole: the Explorer machinery (set, display once and update in place in
a real kernel), every explorer's figure legible at page width, ipywidgets imported only when
an explorer is built, and the theory and loops re-exported unchanged."""

import base64

import pytest

from lrcourse import widgets

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def test_explorer_set_and_unknown_names():
    explorer = widgets.lr_explorer(steps=20)
    explorer.set(lr=0.01)
    assert explorer.values == {"lr": pytest.approx(0.01)}
    with pytest.raises(ValueError, match="names must be among \\['lr'\\], got \\['beta'\\]"):
        explorer.set(beta=0.5)


def test_theory_and_loops_are_re_exported_unchanged():
    from lrcourse import schedules, theory, train

    assert widgets.heavy_ball_rate is theory.heavy_ball_rate
    assert widgets.NQM_EIGENVALUES is theory.NQM_EIGENVALUES
    assert widgets.noisy_quadratic_sgd is train.noisy_quadratic_sgd
    assert widgets.make_schedule is schedules.make_schedule
    assert widgets.SCHEDULE_KINDS is schedules.SCHEDULE_KINDS


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
    record = outs[3].outputs[0]["metadata"]["lrcourse"]["explorer"]  # for the static site
    assert record["function"] == "lrcourse.widgets.descent.lr_explorer"
    assert record["values"] == {"dict": {"lr": 0.3}}  # the values drawn, after the move
    assert widgets.explorer_from_record(record).png() == base64.b64decode(moved)
    assert base64.b64decode(shown)[:4] == b"\x89PNG"
    assert outs[5].outputs == []


def test_importing_the_widgets_module_does_not_import_ipywidgets():
    import subprocess
    import sys

    code = ("import sys, lrcourse.widgets; "
            "assert 'ipywidgets' not in sys.modules and 'IPython' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_explorer_figure_fits_the_page_column(small_range_test):
    """At most as wide as the course's other figures (7.5 in at dpi 100), so that the page
    shrinks its text no more than theirs."""
    curve = widgets.default_plateau_curve()[:30]
    explorers = [widgets.lr_explorer(steps=5), widgets.schedule_explorer(steps=40),
                 widgets.momentum_explorer(steps=5), widgets.relu_explorer(depth=2, steps=2),
                 widgets.smoothing_explorer(small_range_test),
                 widgets.plateau_explorer(curve), widgets.minibatch_explorer(examples=64)]
    for explorer in explorers:
        width, height = explorer.figure.get_size_inches()
        assert width <= widgets._explorer.MAX_WIDTH and height <= 6.0, (
            explorer.figure.get_suptitle(), width, height)
        assert explorer.error is None


@pytest.mark.parametrize("make, moves", [
    (lambda: widgets.lr_explorer(steps=20), [{"lr": 0.3}, {"lr": 0.01}]),
    (lambda: widgets.schedule_explorer(steps=60), [{"kind": "one_cycle"}, {"kind": "constant"}]),
    (lambda: widgets.relu_explorer(depth=3, width=8, steps=5), [{"depth": 1, "init": "normal"},
                                                                  {"lr": 10.0}]),
    (lambda: widgets.plateau_explorer(widgets.default_plateau_curve()[:30]),
     [{"patience": 0, "threshold": 0.1}]),
], ids=["lr", "schedule", "relu-bars", "plateau-shared-x"])
def test_a_move_updates_the_axes_in_place_into_the_picture_of_a_fresh_figure(make, moves):
    from lrcourse.widgets._explorer import _PANELS

    explorer = make()
    axes = list(explorer.figure.axes)
    ticks = axes[0].xaxis.get_major_ticks()[0]
    for values in moves:
        explorer.set(**values)
        assert explorer.figure.axes == axes  # the same axes (and ticks): only artists change
        assert axes[0].xaxis.get_major_ticks()[0] is ticks
        fresh = make()
        vars(fresh.figure).pop(_PANELS)  # forget its axes: the next draw starts from scratch
        fresh.set(**explorer.values)
        assert fresh.figure.axes[0] is not axes[0]
        assert explorer.png() == fresh.png()


def test_after_values_it_cannot_draw_an_explorer_draws_afresh():
    explorer = widgets.schedule_explorer(kind="cyclic_triangular", steps=60)
    base_lr = next(k for k in explorer.values if "base_lr" in k)
    explorer.set(**{base_lr: 0.9})  # above the peak: refused
    assert explorer.error is not None and explorer.figure.axes == []
    explorer.set(**{base_lr: 0.001})
    assert explorer.error is None and len(explorer.figure.axes) == 2
