"""The Keras translations of the cheat sheet and chapter 6, checked against rates recorded from
Keras itself (tests/reference/keras.json, written by scripts/keras_reference.py)."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import build_schedule

from lrcourse.schedules import ReduceOnPlateau

REFERENCE = json.loads((Path(__file__).parent / "reference" / "keras.json").read_text())


def keras_translation(kwargs: dict) -> ReduceOnPlateau:
    """`ReduceOnPlateau` equal to ``keras.callbacks.ReduceLROnPlateau(**kwargs)`` (patience and
    cooldown >= 1): Keras cuts when its count *reaches* patience, its cooldown ignores one epoch
    fewer, its min_delta is absolute and it has no eps."""
    return ReduceOnPlateau(kwargs["lr"], factor=kwargs["factor"],
                           patience=kwargs["patience"] - 1, threshold=kwargs["min_delta"],
                           threshold_mode="abs", cooldown=max(kwargs["cooldown"] - 1, 0),
                           min_lr=kwargs["min_lr"], eps=0.0)


@pytest.mark.parametrize("case", REFERENCE["schedules"],
                         ids=lambda c: f"{c['keras']}->{c['lrcourse']['name']}")
def test_keras_schedule_translation(case):
    ours = build_schedule(case["lrcourse"])(np.arange(REFERENCE["steps"]))
    theirs = np.array(case["rates"])
    # Keras computes in single precision: about 1e-7 of the peak rate
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6 * theirs.max())


def cuts(rates: np.ndarray) -> np.ndarray:
    """The epochs after which the rate went down (beyond single-precision rounding)."""
    return np.flatnonzero(np.diff(rates) < -1e-6 * rates[:-1])


@pytest.mark.parametrize("i", range(len(REFERENCE["plateau"])))
def test_keras_reduce_lr_on_plateau_translation(i):
    case = REFERENCE["plateau"][i]
    rule = keras_translation(case["keras"])
    ours = np.array([rule.step(m) for m in case["metrics"]])
    theirs = np.array(case["rates"])
    keep = ours > 1e-30  # Keras's single-precision rate underflows to 0 below about 1e-38
    np.testing.assert_allclose(ours[keep], theirs[keep], rtol=1e-6)
    assert cuts(ours[keep]).tolist() == cuts(theirs[keep]).tolist()


def copied_unchanged(kw: dict) -> np.ndarray:
    """The rates of `ReduceOnPlateau` given Keras's patience and cooldown as they are."""
    return ReduceOnPlateau(kw["lr"], factor=kw["factor"], patience=kw["patience"],
                           threshold=kw["min_delta"], threshold_mode="abs",
                           cooldown=kw["cooldown"], min_lr=kw["min_lr"], eps=0.0)


def test_keras_arguments_copied_unchanged_cut_sooner():
    """Chapter 6: with the arguments copied unchanged, Keras cuts sooner: on a flat metric one
    epoch sooner the first time and, with a cooldown, two epochs sooner after that."""
    for case in REFERENCE["plateau"]:
        rule = copied_unchanged(case["keras"])
        ours, theirs = cuts(np.array([rule.step(m) for m in case["metrics"]])), cuts(
            np.array(case["rates"]))
        if theirs.size and ours.size:
            assert ours[0] >= theirs[0] + 1  # never later, whatever the metric
    flat = [c for c in REFERENCE["plateau"] if len(set(c["metrics"])) == 1]
    assert len(flat) == 4
    for case in flat:
        rule = copied_unchanged(case["keras"])
        ours = cuts(np.array([rule.step(m) for m in case["metrics"]]))
        theirs = cuts(np.array(case["rates"]))[:ours.size]
        assert ours[0] - theirs[0] == 1
        later = 2 if case["keras"]["cooldown"] else 1
        assert np.all(np.diff(ours) - np.diff(theirs) == later), (ours, theirs)
