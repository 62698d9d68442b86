"""What the static site needs from an explorer: the grid of its primary controls, the record it
is built again from (exactly: same picture), its frames, and the book's extension that draws
and caches them (book/_ext/static_explorers.py); numbers in titles as people read them."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from lrcourse import surfaces, widgets
from lrcourse.widgets._explorer import _grid, _number

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "book" / "_ext"))
import static_explorers

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")


def _slider(kind, **kw):
    import ipywidgets

    return getattr(ipywidgets, kind)(**kw)


def test_grid_of_each_kind_of_control():
    log = _slider("FloatLogSlider", value=0.19, base=10, min=-3, max=0, step=0.02)
    assert _grid(log) == [0.001, 0.0016, 0.0025, 0.004, 0.0063, 0.01, 0.016, 0.025, 0.04,
                          0.063, 0.1, 0.16, 0.25, 0.4, 0.63, 1.0]
    assert _grid(_slider("IntSlider", value=3, min=0, max=20)) == list(range(21))
    assert _grid(_slider("IntSlider", value=3, min=0, max=100, step=2)) == list(range(0, 101, 10))
    assert _grid(_slider("FloatSlider", value=0.5, min=0.0, max=1.0, step=0.01)) == [
        0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert _grid(_slider("Dropdown", options=["a", "b"], value="b")) == ["a", "b"]


def test_the_starting_value_joins_its_grid_and_the_first_control_is_primary_by_default():
    explorer = widgets.smoothing_explorer(_small_result(), beta=0.93)
    assert explorer.grid == {"beta": (0.0, 0.5, 0.8, 0.9, 0.93, 0.95, 0.98, 0.99, 0.995)}
    hand_made = widgets.Explorer({"a": _slider("IntSlider", value=2, min=0, max=4),
                                  "b": _slider("IntSlider", value=1, min=0, max=4)},
                                 lambda fig, a, b: None)
    assert hand_made.grid == {"a": (0, 1, 2, 3, 4)} and hand_made.record is None


def test_explorers_have_one_or_two_primary_controls_and_at_most_60_frames():
    """The 3 MB budget of an explorer's frames is checked by the book's build (a warning, which
    fails it); at 40 to 130 kB a frame, 60 frames is the most a grid may have."""
    explorers = [widgets.lr_explorer(steps=5), widgets.minibatch_explorer(examples=64),
                 widgets.schedule_explorer(steps=40),
                 widgets.plateau_explorer(np.linspace(2.0, 1.0, 10)),
                 widgets.adaptive_explorer(steps=3), widgets.momentum_explorer(steps=5),
                 widgets.relu_explorer(depth=2, steps=2)]
    for explorer in explorers:
        assert 1 <= len(explorer.grid) <= 2
        assert np.prod([len(v) for v in explorer.grid.values()]) <= 60


def _small_result():
    from lrcourse import LRFinderResult

    lrs = np.geomspace(1e-4, 10.0, 40)
    losses = 2.0 - np.tanh(np.log10(lrs) + 2) + np.where(lrs > 3, 5.0, 0.0)
    return LRFinderResult(lrs=lrs, losses=losses, smoothed=losses, stopped_early=False,
                          num_steps=40)


@pytest.mark.parametrize("make", [
    lambda: widgets.lr_explorer(surfaces.Quadratic((1.0, 5.0), angle=0.3), lr=0.19,
                                x0=np.array([-2.7, -0.5]), steps=15),
    lambda: widgets.plateau_explorer(np.linspace(1.0, 0.5, 20) + 0.01 * np.sin(np.arange(20)),
                                     patience=2),
    lambda: widgets.smoothing_explorer(_small_result(), beta=0.9),
    lambda: widgets.schedule_explorer(kind="cosine", steps=40),
], ids=["surface-and-array", "curve", "range-test", "plain"])
def test_a_record_builds_the_same_explorer_through_json(make):
    explorer = make()
    explorer.set(**{name: values[-1] for name, values in explorer.grid.items()})
    record = {**explorer.record, "values": widgets._explorer._encode(explorer.values)}
    again = widgets.explorer_from_record(json.loads(json.dumps(record)))
    assert again.values == explorer.values and again.grid == explorer.grid
    assert again.png() == explorer.png()


def test_record_encodes_exactly_and_refuses_what_it_cannot_hold():
    from lrcourse.widgets._explorer import _decode, _encode

    value = {"a": (1, 2.5, float("nan")), "b": np.array([[0.1, 1 / 3]]), "c": [None, "x"],
             "d": surfaces.Quadratic((1.0, 10.0), angle=0.2)}
    back = _decode("test", json.loads(json.dumps(_encode(value))))
    assert back["a"][:2] == (1, 2.5) and np.isnan(back["a"][2])
    assert back["b"].dtype == np.float64 and np.array_equal(back["b"], value["b"])
    assert back["c"] == [None, "x"] and isinstance(back["d"], surfaces.Quadratic)
    origin = np.zeros((1, 2))
    assert np.array_equal(back["d"].hessian(origin), value["d"].hessian(origin))
    with pytest.raises(TypeError, match="cannot record a function"):
        _encode({"f": lambda: 1})
    assert widgets.lr_explorer(steps=5, surface=surfaces.Quadratic()).record is not None


def test_frames_walk_the_grid_and_restore_the_controls():
    explorer = widgets.adaptive_explorer(steps=3, angle=30.0)
    frames = list(explorer.frames())
    assert [i for i, _ in frames][:8] == [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (0, 5),
                                          (0, 6), (1, 0)]
    assert len(frames) == 4 * 7
    assert explorer.values["angle"] == 30 and explorer.values["optimizer"] == "adagrad"
    (optimizers, angles) = explorer.grid.values()
    explorer.set(optimizer=optimizers[2], angle=angles[5])
    assert dict(frames)[(2, 5)] == explorer.png()
    assert len({png for _, png in frames}) == len(frames)  # every frame differs


def test_the_book_extension_draws_frames_equal_to_the_explorer_and_caches_them(tmp_path,
                                                                               monkeypatch):
    monkeypatch.setattr(static_explorers, "CACHE", tmp_path)
    explorer = widgets.smoothing_explorer(_small_result(), beta=0.9)
    record = {**explorer.record, "values": widgets._explorer._encode(explorer.values)}
    warnings = []
    index = static_explorers.render(record, explorer.png(), "key", warnings.append)
    assert warnings == []
    (betas,) = explorer.grid.values()
    assert index["controls"] == [{"name": "beta", "label": "βₛ", "menu": False, "start": 3,
                                  "labels": ["0", "0.5", "0.8", "0.9", "0.95", "0.98", "0.99",
                                             "0.995"]}]
    files = sorted((tmp_path / "key").glob("f*.png"))
    assert len(files) == len(betas)
    assert index["bytes"] == sum(f.stat().st_size for f in files)
    explorer.set(beta=betas[6])  # a sampled frame: the same bytes
    assert (tmp_path / "key" / static_explorers.frame_name((6,))).read_bytes() == explorer.png()
    assert static_explorers._controls_html(index, "img", "f/").count("<input") == 1
    # cached: a second call draws nothing (a frame changed by hand stays)
    (tmp_path / "key" / "f0.png").write_bytes(b"cached")
    assert static_explorers.render(record, None, "key", warnings.append) == index
    assert (tmp_path / "key" / "f0.png").read_bytes() == b"cached"
    # a stored picture that differs from what the explorer draws is reported
    static_explorers.render(record, b"old picture", "other", warnings.append)
    assert len(warnings) == 1 and "re-execute" in warnings[0]


def test_numbers_are_written_as_people_read_them():
    assert [_number(x) for x in (0.0181, 0.15, 1.0, 250.0, 0.000142, 0.0625, 2.5e-7, 3e6)] == [
        "0.018", "0.15", "1", "250", "0.00014", "0.062", "2.5×10⁻⁷", "3×10⁶"]
    assert _number(0.0625, 3) == "0.0625" and _number(float("inf")) == "inf"
    assert "e-0" not in widgets.schedule_explorer(steps=40).figure.get_suptitle()
