"""Write tests/reference/keras.json: Keras's learning rates for the translations the course gives.

Run by ``make reference`` (it needs ``keras`` 3 with a backend, here PyTorch:
``KERAS_BACKEND=torch``). The cheat sheet and chapter 6 say which Keras call reproduces which
`lrcourse` schedule, and how Keras's ``ReduceLROnPlateau`` callback maps onto
`lrcourse.schedules.ReduceOnPlateau`; this script records what Keras itself computes, so that
tests/test_schedules_keras.py checks those translations without Keras installed.

- ``schedules``: for each row, the Keras class and arguments, the `lrcourse` schedule (in the
  spec format of tests/reference/schedules.json) and Keras's rate at steps ``0 .. n-1``.
- ``plateau``: Keras's ``ReduceLROnPlateau`` callback (``monitor="val_loss"``, ``mode="min"``)
  replayed on metric sequences (four flat ones, where every epoch after the first is bad, then
  random ones), with the rate after every epoch.

It also writes tests/reference/keras_optimizers.json (``python scripts/keras_reference.py
optimizers`` writes only that file): the cheat sheet's optimizer rows, Keras's optimizers run on
fixed gradients next to the `lrcourse` call each row names, both where the row says they match and
where it says they differ (the update rule itself does not depend on the backend).

Keras keeps rates in single precision, so they agree with `lrcourse` to about 1e-7 of the rate.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "reference" / "keras.json"
OUT_OPTIMIZERS = OUT.with_name("keras_optimizers.json")
STEPS = 400
LR = 0.3

# (Keras class, its arguments, the lrcourse spec it reproduces)
SCHEDULES = [
    ("ExponentialDecay", {"initial_learning_rate": LR, "decay_steps": 30, "decay_rate": 0.5,
                          "staircase": True},
     {"name": "StepDecay", "kwargs": {"lr": LR, "step_size": 30, "gamma": 0.5}}),
    ("PiecewiseConstantDecay", {"boundaries": [49, 119, 299],
                                "values": [LR, LR * 0.1, LR * 0.01, LR * 0.001]},
     {"name": "MultiStepDecay", "kwargs": {"lr": LR, "milestones": [50, 120, 300],
                                           "gamma": 0.1}}),
    ("ExponentialDecay", {"initial_learning_rate": LR, "decay_steps": 1, "decay_rate": 0.99},
     {"name": "ExponentialDecay", "kwargs": {"lr": LR, "gamma": 0.99}}),
    ("InverseTimeDecay", {"initial_learning_rate": LR, "decay_steps": 10, "decay_rate": 0.5},
     {"name": "InverseTimeDecay", "kwargs": {"lr": LR, "decay_rate": 0.5, "decay_steps": 10}}),
    ("InverseTimeDecay", {"initial_learning_rate": LR, "decay_steps": 10, "decay_rate": 0.5,
                          "staircase": True},
     {"name": "InverseTimeDecay", "kwargs": {"lr": LR, "decay_rate": 0.5, "decay_steps": 10,
                                             "staircase": True}}),
    ("PolynomialDecay", {"initial_learning_rate": LR, "decay_steps": 300,
                         "end_learning_rate": 0.003},
     {"name": "LinearDecay", "kwargs": {"lr": LR, "end_lr": 0.003, "total_steps": 300}}),
    ("PolynomialDecay", {"initial_learning_rate": LR, "decay_steps": 300,
                         "end_learning_rate": 0.0, "power": 2.0},
     {"name": "PolynomialDecay", "kwargs": {"lr": LR, "total_steps": 300, "power": 2.0}}),
    ("PolynomialDecay", {"initial_learning_rate": LR, "decay_steps": 300,
                         "end_learning_rate": 0.01, "power": 0.5},
     {"name": "PolynomialDecay", "kwargs": {"lr": LR, "total_steps": 300, "power": 0.5,
                                            "end_lr": 0.01}}),
    ("CosineDecay", {"initial_learning_rate": LR, "decay_steps": 300, "alpha": 0.01},
     {"name": "CosineAnnealing", "kwargs": {"lr": LR, "total_steps": 300, "min_lr": 0.003}}),
    ("CosineDecayRestarts", {"initial_learning_rate": LR, "first_decay_steps": 60,
                             "t_mul": 1.0},
     {"name": "CosineWarmRestarts", "kwargs": {"lr": LR, "period": 60}}),
    ("CosineDecayRestarts", {"initial_learning_rate": LR, "first_decay_steps": 60,
                             "t_mul": 2.0, "alpha": 0.01},
     {"name": "CosineWarmRestarts", "kwargs": {"lr": LR, "period": 60, "period_mult": 2,
                                               "min_lr": 0.003}}),
    ("CosineDecay", {"initial_learning_rate": 0.1 * LR, "decay_steps": 300, "alpha": 0.01,
                     "warmup_target": LR, "warmup_steps": 50},
     {"name": "Warmup", "kwargs": {"schedule": {"name": "CosineAnnealing", "kwargs": {
         "lr": LR, "total_steps": 300, "min_lr": 0.003}}, "warmup_steps": 50,
         "start_factor": 0.1}}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 300, "warmup_target": LR,
                     "warmup_steps": 50},
     {"name": "Warmup", "kwargs": {"schedule": {"name": "CosineAnnealing", "kwargs": {
         "lr": LR, "total_steps": 300}}, "warmup_steps": 50}}),
]


def keras_rates(keras, name: str, kwargs: dict) -> list[float]:
    sched = getattr(keras.optimizers.schedules, name)(**kwargs)
    return [float(keras.ops.convert_to_numpy(sched(k))) for k in range(STEPS)]


def keras_plateau(keras, kwargs: dict, metrics: list[float]) -> list[float]:
    """Keras's rate after each epoch's ``on_epoch_end`` with ``val_loss = metrics[t]``."""
    kw = dict(kwargs)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=kw.pop("lr")), loss="mse")
    callback = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", mode="min", **kw)
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for t, m in enumerate(metrics):
        callback.on_epoch_end(t, {"val_loss": float(m)})
        rates.append(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)))
    return rates


def plateau_cases(rng: np.random.Generator, n: int) -> list[dict]:
    """Random callback settings on three kinds of metric curve (noisy walk, decaying, coarse)."""
    cases = []
    for i in range(n):
        t = np.arange(40)
        kind = i % 3
        if kind == 0:
            metrics = 1.0 + np.cumsum(rng.normal(0, 0.01, t.size))
        elif kind == 1:
            metrics = np.exp(-0.05 * t) + rng.normal(0, 0.02, t.size)
        else:
            metrics = np.round(rng.uniform(0, 1, t.size), 1)
        kwargs = {"lr": float(rng.choice([0.1, 0.3, 1.0])),
                  "factor": float(rng.choice([0.1, 0.3, 0.5])),
                  "patience": int(rng.integers(1, 6)),
                  "min_delta": float(rng.choice([0.0, 1e-3, 1e-2, 0.05])),
                  "cooldown": int(rng.integers(0, 5)),
                  "min_lr": float(rng.choice([0.0, 1e-3, 0.01]))}
        cases.append({"keras": kwargs, "metrics": metrics.tolist()})
    return cases


# (Keras class, its arguments, the lrcourse optimizer, its arguments, whether the cheat sheet
# says they compute the same steps, the gradients' scale). A learning rate given as a dict is a
# schedule: Keras's PiecewiseConstantDecay and the lrcourse MultiStepDecay the cheat sheet pairs.
SCHEDULED = ({"boundaries": [14], "values": [0.1, 0.01]},
             {"name": "MultiStepDecay", "kwargs": {"lr": 0.1, "milestones": [15], "gamma": 0.1}})
OPTIMIZERS = [
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9}, "SGD", {"lr": 0.1, "momentum": 0.9},
     True, 1.0),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
     "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, True, 1.0),
    ("SGD", {"learning_rate": SCHEDULED[0], "momentum": 0.9},
     "SGD", {"lr": SCHEDULED[1], "momentum": 0.9}, False, 1.0),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.05}, "SGD", {"lr": 0.1, "weight_decay": 0.05},
     True, 1.0),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "weight_decay": 0.05},
     "SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.05}, False, 1.0),
    ("Adam", {"learning_rate": 0.01, "epsilon": 0.0}, "Adam", {"lr": 0.01, "eps": 0.0}, True, 1.0),
    ("Adam", {"learning_rate": 0.01, "epsilon": 1e-7}, "Adam", {"lr": 0.01, "eps": 1e-7},
     False, 1e-4),
    ("Adam", {"learning_rate": 0.01, "epsilon": 0.0, "weight_decay": 0.1},
     "AdamW", {"lr": 0.01, "eps": 0.0, "weight_decay": 0.1}, True, 1.0),
    ("Adam", {"learning_rate": 0.01, "epsilon": 0.0, "weight_decay": 0.1},
     "Adam", {"lr": 0.01, "eps": 0.0, "weight_decay": 0.1}, False, 1.0),
    ("AdamW", {"learning_rate": 0.01, "epsilon": 0.0, "weight_decay": 0.1},
     "AdamW", {"lr": 0.01, "eps": 0.0, "weight_decay": 0.1}, True, 1.0),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.99, "epsilon": 0.0},
     "RMSProp", {"lr": 0.01, "alpha": 0.99, "eps": 0.0}, True, 1.0),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.99, "epsilon": 0.0, "momentum": 0.9,
                 "centered": True},
     "RMSProp", {"lr": 0.01, "alpha": 0.99, "eps": 0.0, "momentum": 0.9, "centered": True},
     True, 1.0),
    ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.0, "epsilon": 0.0},
     "AdaGrad", {"lr": 0.1, "eps": 0.0}, True, 1.0),
]
OPT_STEPS = 30


def optimizer_inputs() -> tuple[np.ndarray, np.ndarray]:
    """Starting weights and OPT_STEPS gradients of five parameters, spread over four decades."""
    rng = np.random.default_rng(0)
    theta0 = rng.standard_normal(5)
    grads = rng.standard_normal((OPT_STEPS, 5)) * 10.0 ** rng.uniform(-4, 0, (OPT_STEPS, 5))
    return theta0, grads


def keras_trajectory(keras, name: str, kwargs: dict, theta0, grads) -> list[list[float]]:
    """The weights after each of Keras's steps on the given gradients."""
    kw = dict(kwargs)
    if isinstance(kw["learning_rate"], dict):
        kw["learning_rate"] = keras.optimizers.schedules.PiecewiseConstantDecay(
            **kw["learning_rate"])
    opt = getattr(keras.optimizers, name)(**kw)
    weights = keras.Variable(theta0)
    out = []
    for g in grads:
        opt.apply([keras.ops.convert_to_tensor(g, dtype=weights.dtype)], [weights])
        out.append(np.asarray(keras.ops.convert_to_numpy(weights), dtype=float).tolist())
    return out


def write_optimizers(keras) -> None:
    theta0, grads = optimizer_inputs()
    out = {"keras": keras.__version__, "backend": keras.backend.backend(),
           "theta0": theta0.tolist(), "grads": grads.tolist(), "cases": []}
    for name, kwargs, ours, our_kwargs, same, scale in OPTIMIZERS:
        out["cases"].append({"keras": name, "kwargs": kwargs, "lrcourse": ours,
                             "lrcourse_kwargs": our_kwargs, "same": same, "grad_scale": scale,
                             "weights": keras_trajectory(keras, name, kwargs, theta0,
                                                         grads * scale)})
    OUT_OPTIMIZERS.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT_OPTIMIZERS} ({len(out['cases'])} optimizer runs, keras "
          f"{keras.__version__}, backend {out['backend']})")


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    write_optimizers(keras)
    if sys.argv[1:] == ["optimizers"]:
        return

    out = {"keras": keras.__version__, "steps": STEPS, "schedules": [], "plateau": []}
    for name, kwargs, spec in SCHEDULES:
        out["schedules"].append({"keras": name, "kwargs": kwargs, "lrcourse": spec,
                                 "rates": keras_rates(keras, name, kwargs)})
    flat = [{"keras": {"lr": 1.0, "factor": 0.5, "patience": p, "min_delta": 1e-3,
                       "cooldown": c, "min_lr": 0.0},
             "metrics": [1.0] * 30} for p, c in ((1, 0), (3, 0), (3, 2), (2, 4))]
    for case in flat + plateau_cases(np.random.default_rng(0), 60):
        case["rates"] = keras_plateau(keras, case["keras"], case["metrics"])
        out["plateau"].append(case)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT} ({len(out['schedules'])} schedules, {len(out['plateau'])} plateau runs, "
          f"keras {keras.__version__})")


if __name__ == "__main__":
    main()
