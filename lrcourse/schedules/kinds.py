"""A schedule from a kind name and its parameters (`make_schedule`), for explorers and sweeps
that offer a menu of schedules."""

from __future__ import annotations

from typing import Any

from .. import _checks
from .base import Schedule
from .composite import Warmup
from .cyclic import CyclicLR, OneCycle
from .decay import (
    Constant,
    CosineAnnealing,
    CosineWarmRestarts,
    ExponentialDecay,
    InverseSqrtDecay,
    InverseTimeDecay,
    LinearDecay,
    MultiStepDecay,
    PolynomialDecay,
    StepDecay,
)

#: Schedule kinds of `make_schedule` and their default parameters (``total_steps`` defaults to
#: the ``steps`` of the call wherever a schedule needs it).
SCHEDULE_KINDS: dict[str, dict[str, Any]] = {
    "constant": {"lr": 0.5},
    "step": {"lr": 0.5, "step_size": 100, "gamma": 0.3},
    "multistep": {"lr": 0.5, "milestones": (200, 300), "gamma": 0.2},
    "exponential": {"lr": 0.5, "gamma": 0.99},
    "inverse_time": {"lr": 0.5, "decay_rate": 0.05, "decay_steps": 1, "staircase": False},
    "inverse_sqrt": {"lr": 0.5, "decay_steps": 5},
    "linear": {"lr": 0.5, "end_lr": 0.005},
    "polynomial": {"lr": 0.5, "power": 2.0, "end_lr": 0.0},
    "cosine": {"lr": 0.5, "min_lr": 0.0},
    "warmup_cosine": {"lr": 0.5, "warmup_steps": 40, "start_factor": 0.0, "min_lr": 0.0},
    "cyclic_triangular": {"base_lr": 0.01, "max_lr": 0.5, "step_size_up": 50},
    "cyclic_triangular2": {"base_lr": 0.01, "max_lr": 0.5, "step_size_up": 50},
    "cyclic_exp_range": {"base_lr": 0.01, "max_lr": 0.5, "step_size_up": 50, "gamma": 0.995},
    "warm_restarts": {"lr": 0.5, "period": 100, "period_mult": 1, "min_lr": 0.0},
    "one_cycle": {"max_lr": 0.5, "pct_start": 0.3, "div_factor": 25.0,
                  "final_div_factor": 1e4},
}


def make_schedule(kind: str, steps: int, **params: Any) -> Schedule:
    """A schedule of `lrcourse.schedules` from a kind name and its parameters.

    Parameters
    ----------
    kind : str
        One of `SCHEDULE_KINDS`: the decays ``constant, step, multistep, exponential,
        inverse_time, inverse_sqrt, linear, polynomial, cosine``; ``warmup_cosine`` (linear
        warmup then cosine over the remaining steps); ``cyclic_triangular``,
        ``cyclic_triangular2``, ``cyclic_exp_range`` (`CyclicLR` modes); ``warm_restarts``
        (`CosineWarmRestarts`); ``one_cycle``.
    steps : int
        Length of the run: the ``total_steps`` of the schedules that end.
    **params
        Constructor arguments (names as in the schedule's signature); missing ones take the
        kind's defaults in `SCHEDULE_KINDS`.

    Returns
    -------
    Schedule
    """
    owner = "make_schedule"
    _checks.choice(owner, "kind", kind, SCHEDULE_KINDS)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    unknown = sorted(set(params) - set(SCHEDULE_KINDS[kind]))
    if unknown:
        raise ValueError(f"{owner}: parameters of {kind!r} must be among "
                         f"{sorted(SCHEDULE_KINDS[kind])}, got {unknown}")
    p = {**SCHEDULE_KINDS[kind], **params}
    if kind == "constant":
        return Constant(p["lr"])
    if kind == "step":
        return StepDecay(p["lr"], p["step_size"], p["gamma"])
    if kind == "multistep":
        return MultiStepDecay(p["lr"], tuple(p["milestones"]), p["gamma"])
    if kind == "exponential":
        return ExponentialDecay(p["lr"], p["gamma"])
    if kind == "inverse_time":
        return InverseTimeDecay(p["lr"], p["decay_rate"], p["decay_steps"], p["staircase"])
    if kind == "inverse_sqrt":
        return InverseSqrtDecay(p["lr"], p["decay_steps"])
    if kind == "linear":
        return LinearDecay(p["lr"], p["end_lr"], steps)
    if kind == "polynomial":
        return PolynomialDecay(p["lr"], steps, p["power"], p["end_lr"])
    if kind == "cosine":
        return CosineAnnealing(p["lr"], steps, p["min_lr"])
    if kind == "warmup_cosine":
        warm = _checks.integer(owner, "warmup_steps", p["warmup_steps"], minimum=1)
        if warm >= steps:
            raise ValueError(f"{owner}: warmup_steps must be < steps ({steps}), got {warm}")
        return Warmup(CosineAnnealing(p["lr"], steps - warm, p["min_lr"]), warm,
                      p["start_factor"])
    if kind.startswith("cyclic_"):
        return CyclicLR(p["base_lr"], p["max_lr"], p["step_size_up"], mode=kind[len("cyclic_"):],
                        gamma=p.get("gamma", 1.0))
    if kind == "warm_restarts":
        return CosineWarmRestarts(p["lr"], p["period"], p["period_mult"], p["min_lr"])
    return OneCycle(p["max_lr"], steps, pct_start=p["pct_start"], div_factor=p["div_factor"],
                    final_div_factor=p["final_div_factor"])
