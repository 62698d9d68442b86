"""The cheat sheet's Keras optimizer rows, checked against Keras's own steps
(tests/reference/keras_optimizers.json, written by scripts/keras_reference.py): where a row says a
Keras call computes what the `lrcourse` optimizer computes, the weights agree to Keras's single
precision; where it says they differ (a scheduled rate with momentum, decoupled weight decay with
momentum, Adam's epsilon, Keras Adam's weight decay), they really do."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import build_schedule

from lrcourse import optimizers

REFERENCE = json.loads((Path(__file__).parent / "reference" / "keras_optimizers.json")
                       .read_text())


def our_weights(case: dict) -> np.ndarray:
    kwargs = dict(case["lrcourse_kwargs"])
    if isinstance(kwargs["lr"], dict):
        kwargs["lr"] = build_schedule(kwargs["lr"])
    opt = getattr(optimizers, case["lrcourse"])(**kwargs)
    params = [np.array(REFERENCE["theta0"])]
    out = []
    for g in np.array(REFERENCE["grads"]) * case["grad_scale"]:
        opt.step(params, [g.copy()])
        out.append(params[0].copy())
    return np.array(out)


def gap(case: dict) -> float:
    """Largest difference of the weights, per parameter as a fraction of how far it moved."""
    theirs = np.array(case["weights"])
    moved = np.abs(theirs - np.array(REFERENCE["theta0"])).max(axis=0)
    return float(np.max(np.abs(our_weights(case) - theirs).max(axis=0) / moved))


def test_reference_covers_every_optimizer_row():
    assert {c["lrcourse"] for c in REFERENCE["cases"]} == {"SGD", "Adam", "AdamW", "RMSProp",
                                                            "AdaGrad"}


def case_id(case: dict) -> str:
    return f"{case['keras']}->{case['lrcourse']}-{'same' if case['same'] else 'differs'}"


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=case_id)
def test_keras_optimizer_row(case):
    if case["same"]:
        assert gap(case) < 1e-4  # single precision over 30 steps
    else:
        assert gap(case) > 1e-2


def keras_case(keras_name: str, **kwargs) -> dict:
    (case,) = [c for c in REFERENCE["cases"] if c["keras"] == keras_name
               and all(c["kwargs"].get(k) == v for k, v in kwargs.items())]
    return case


def test_keras_sgd_keeps_the_rate_in_its_velocity():
    """Why the scheduled row differs: Keras's momentum is z <- beta z - eta_k g_k, then
    theta <- theta + z, so each past step keeps the rate it was taken with."""
    (case,) = [c for c in REFERENCE["cases"] if isinstance(c["kwargs"]["learning_rate"], dict)]
    rates = build_schedule(case["lrcourse_kwargs"]["lr"])(np.arange(len(REFERENCE["grads"])))
    theta, z, out = np.array(REFERENCE["theta0"]), 0.0, []
    for eta, g in zip(rates, np.array(REFERENCE["grads"]), strict=True):
        z = 0.9 * z - eta * g
        theta = theta + z
        out.append(theta)
    np.testing.assert_allclose(out, case["weights"], rtol=0, atol=1e-6)


def test_keras_adam_epsilon_sits_before_the_bias_correction():
    """Keras's epsilon acts like our eps = epsilon / sqrt(1 - beta2^(k+1))."""
    case = keras_case("Adam", epsilon=1e-7)
    theta, m, v, out = np.array(REFERENCE["theta0"]), 0.0, 0.0, []
    for k, g in enumerate(np.array(REFERENCE["grads"]) * case["grad_scale"]):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        c1, c2 = 1 - 0.9 ** (k + 1), 1 - 0.999 ** (k + 1)
        eps = 1e-7 / np.sqrt(c2)
        theta = theta - 0.01 * (m / c1) / (np.sqrt(v / c2) + eps)
        out.append(theta)
    theirs = np.array(case["weights"])
    moved = np.abs(theirs - np.array(REFERENCE["theta0"])).max(axis=0)
    assert np.max(np.abs(np.array(out) - theirs).max(axis=0) / moved) < 1e-4
