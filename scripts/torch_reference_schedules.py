"""Write tests/reference/schedules.json: PyTorch's learning rates for many schedule configurations.

Run by ``make reference`` (it needs ``torch==2.13.0``). For every configuration the matching
``torch.optim.lr_scheduler`` object is stepped as in a training loop (``optimizer.step()`` then
``scheduler.step()``) and ``get_last_lr()[0]`` is recorded after ``k`` steps, ``k = 0, 1, ...``;
for `CyclicLR` and `OneCycle` the cycled momentum is read from the optimizer's param group.
`ReduceOnPlateau` configurations are replayed on recorded metric sequences (decreasing, noisy,
flat, negative, rising), recording the rate, ``best`` and ``num_bad_epochs`` after every step.

Configurations are described with lrcourse's names (``{"name": "StepDecay", "kwargs": {...}}``;
`Warmup` and `Sequential` nest their children) so that tests/test_schedules.py can rebuild the
lrcourse schedule and compare without torch. Keras-only schedules (`InverseTimeDecay`,
`InverseSqrtDecay`) and the cases torch has no class for (a `LinearDecay` that increases, a
`PolynomialDecay` with ``end_lr > 0``) use ``LambdaLR`` with the documented formula.

tests/test_schedules_torch.py imports `torch_rates` and `torch_plateau` from here for the live
comparison on random configurations.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "reference" / "schedules.json"


def _optimizer(torch, lr: float):
    """SGD with momentum over one float64 parameter (momentum so that it can be cycled)."""
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    return torch.optim.SGD([param], lr=lr, momentum=0.9)


def _start_lr(spec: dict) -> float:
    """The optimizer rate a configuration starts from (a leaf's ``lr``, or the first child's)."""
    kw = spec["kwargs"]
    if "schedule" in kw:
        return _start_lr(kw["schedule"])
    if "schedules" in kw:
        return _start_lr(kw["schedules"][0])
    return kw.get("lr", kw.get("base_lr", kw.get("max_lr")))


def _scheduler(torch, opt, spec: dict):
    """The torch scheduler equivalent to the lrcourse schedule described by ``spec``."""
    ls = torch.optim.lr_scheduler
    name, kw = spec["name"], spec["kwargs"]
    mom = spec.get("momentum", {})
    if name == "Constant":
        return ls.LambdaLR(opt, lambda k: 1.0)
    if name == "StepDecay":
        return ls.StepLR(opt, kw["step_size"], kw.get("gamma", 0.1))
    if name == "MultiStepDecay":
        return ls.MultiStepLR(opt, kw["milestones"], kw.get("gamma", 0.1))
    if name == "ExponentialDecay":
        return ls.ExponentialLR(opt, kw["gamma"])
    if name == "InverseTimeDecay":
        rate, steps = kw["decay_rate"], kw.get("decay_steps", 1)
        if kw.get("staircase", False):
            return ls.LambdaLR(opt, lambda k: 1.0 / (1.0 + rate * (k // steps)))
        return ls.LambdaLR(opt, lambda k: 1.0 / (1.0 + rate * k / steps))
    if name == "InverseSqrtDecay":
        steps = kw.get("decay_steps", 1)
        return ls.LambdaLR(opt, lambda k: 1.0 / math.sqrt(1.0 + k / steps))
    if name == "LinearDecay":
        lr, end, total = kw["lr"], kw["end_lr"], kw["total_steps"]
        if end <= lr:
            return ls.LinearLR(opt, start_factor=1.0, end_factor=end / lr, total_iters=total)
        return ls.LambdaLR(opt, lambda k: 1.0 + (end / lr - 1.0) * min(k, total) / total)
    if name == "PolynomialDecay":
        total, power, end = kw["total_steps"], kw.get("power", 1.0), kw.get("end_lr", 0.0)
        if end == 0.0:
            return ls.PolynomialLR(opt, total_iters=total, power=power)
        lr = kw["lr"]
        return ls.LambdaLR(
            opt, lambda k: ((lr - end) * (1 - min(k, total) / total) ** power + end) / lr)
    if name == "CosineAnnealing":
        return ls.CosineAnnealingLR(opt, T_max=kw["total_steps"], eta_min=kw.get("min_lr", 0.0))
    if name == "CosineWarmRestarts":
        return ls.CosineAnnealingWarmRestarts(opt, T_0=kw["period"],
                                              T_mult=kw.get("period_mult", 1),
                                              eta_min=kw.get("min_lr", 0.0))
    if name == "CyclicLR":
        return ls.CyclicLR(opt, base_lr=kw["base_lr"], max_lr=kw["max_lr"],
                           step_size_up=kw["step_size_up"],
                           step_size_down=kw.get("step_size_down"),
                           mode=kw.get("mode", "triangular"), gamma=kw.get("gamma", 1.0),
                           cycle_momentum=True, base_momentum=mom.get("base_momentum", 0.8),
                           max_momentum=mom.get("max_momentum", 0.9))
    if name == "OneCycle":
        return ls.OneCycleLR(opt, max_lr=kw["max_lr"], total_steps=kw["total_steps"],
                             pct_start=float(kw.get("pct_start", 0.3)),
                             anneal_strategy=kw.get("anneal", "cos"),
                             div_factor=kw.get("div_factor", 25.0),
                             final_div_factor=kw.get("final_div_factor", 1e4),
                             three_phase=kw.get("three_phase", False), cycle_momentum=True,
                             base_momentum=mom.get("base_momentum", 0.85),
                             max_momentum=mom.get("max_momentum", 0.95))
    if name == "Warmup":
        w = kw["warmup_steps"]
        ramp = ls.LinearLR(opt, start_factor=kw["start_factor"], end_factor=1.0, total_iters=w)
        return ls.SequentialLR(opt, [ramp, _scheduler(torch, opt, kw["schedule"])], [w])
    if name == "Sequential":
        children = [_scheduler(torch, opt, c) for c in kw["schedules"]]
        return ls.SequentialLR(opt, children, list(kw["milestones"]))
    raise ValueError(f"no torch equivalent written for {name}")


def torch_rates(torch, spec: dict, n: int) -> tuple[list[float], list[float] | None]:
    """Torch's rate after 0, 1, ..., n-1 scheduler steps (and the momentum, when cycled)."""
    opt = _optimizer(torch, _start_lr(spec))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning from torch means the loop is not canonical
        sched = _scheduler(torch, opt, spec)
        lrs, moms = [], []
        for k in range(n):
            if k:
                opt.step()
                sched.step()
            lrs.append(float(sched.get_last_lr()[0]))
            moms.append(float(opt.param_groups[0]["momentum"]))
    cycled = spec["name"] in ("CyclicLR", "OneCycle")
    return lrs, (moms if cycled else None)


def torch_plateau(torch, kwargs: dict, metrics: list[float]) -> dict[str, list]:
    """Torch's ReduceLROnPlateau on ``metrics``: rate, best and num_bad_epochs after each step."""
    kw = dict(kwargs)
    opt = _optimizer(torch, kw.pop("lr"))
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    out: dict[str, list] = {"lr": [], "best": [], "num_bad_epochs": []}
    for m in metrics:
        opt.step()
        sched.step(m)
        out["lr"].append(float(sched.get_last_lr()[0]))
        out["best"].append(float(sched.best))
        out["num_bad_epochs"].append(int(sched.num_bad_epochs))
    return out


def _s(name: str, **kwargs) -> dict:
    return {"name": name, "kwargs": kwargs}


def configurations() -> list[tuple[dict, int]]:
    """(configuration, number of steps): hand-picked edge cases for every schedule.

    A cosine child of `Warmup` / `Sequential` is given enough steps not to reach its end: after
    ``total_steps`` torch's cosine is periodic while ours stays at ``min_lr`` (compared
    separately on the `CosineAnnealing` configurations).
    """
    c: list[tuple[dict, int]] = []
    c += [(_s("Constant", lr=lr), 60) for lr in (1e-6, 1e-4, 0.003, 0.1, 1.0, 3.0)]
    c += [(_s("StepDecay", lr=lr, step_size=n, gamma=g), 120) for lr, n, g in [
        (0.1, 30, 0.1), (1.0, 1, 0.9), (0.5, 7, 0.5), (0.05, 200, 0.1), (1.0, 10, 1.0),
        (2.0, 3, 1e-3), (0.3, 13, 0.77), (1e-3, 25, 0.3)]]
    c += [(_s("MultiStepDecay", lr=lr, milestones=m, gamma=g), 120) for lr, m, g in [
        (0.1, [30, 60, 90], 0.1), (1.0, [1], 0.5), (0.5, [1, 2, 3], 0.5), (1.0, [119], 0.1),
        (0.2, [500], 0.1), (1.0, [10, 11, 50, 100], 0.7), (3.0, [5, 40], 1.0),
        (0.01, [2, 4, 8, 16, 32, 64], 0.8)]]
    c += [(_s("ExponentialDecay", lr=lr, gamma=g), 200) for lr, g in [
        (0.1, 0.99), (1.0, 0.9), (0.5, 0.5), (1.0, 1.0), (2.0, 0.999), (1e-3, 0.95),
        (0.3, 0.7)]]
    c += [(_s("InverseTimeDecay", lr=lr, decay_rate=r, decay_steps=s, staircase=st), 150)
          for lr, r, s, st in [(0.1, 0.5, 1, False), (1.0, 1.0, 10, False), (1.0, 1.0, 10, True),
                               (0.5, 0.01, 3, True), (2.0, 3.0, 7, False), (0.2, 0.25, 1, True),
                               (1e-2, 2.0, 50, False)]]
    c += [(_s("InverseSqrtDecay", lr=lr, decay_steps=s), 150) for lr, s in [
        (0.1, 1), (1.0, 10), (0.5, 3), (2.0, 100), (1e-3, 7), (0.3, 149)]]
    c += [(_s("LinearDecay", lr=lr, end_lr=e, total_steps=t), 120) for lr, e, t in [
        (0.1, 0.0, 100), (1.0, 0.1, 50), (1.0, 1.0, 10), (0.5, 0.25, 1), (1.0, 0.0, 500),
        (0.3, 0.03, 119), (0.1, 1.0, 40), (1e-3, 0.5, 200)]]
    c += [(_s("PolynomialDecay", lr=lr, total_steps=t, power=p, end_lr=e), 120)
          for lr, t, p, e in [(0.1, 100, 1.0, 0.0), (1.0, 50, 2.0, 0.0), (1.0, 80, 0.5, 0.0),
                              (0.5, 1, 1.0, 0.0), (1.0, 300, 3.7, 0.0), (0.3, 119, 0.9, 0.0),
                              (1.0, 60, 2.0, 0.1), (0.2, 90, 1.5, 0.2)]]
    c += [(_s("CosineAnnealing", lr=lr, total_steps=t, min_lr=m), 150) for lr, t, m in [
        (0.1, 100, 0.0), (1.0, 50, 0.1), (1.0, 1, 0.0), (0.5, 2, 0.01), (1.0, 149, 1e-3),
        (2.0, 300, 0.0), (0.3, 30, 0.3), (1.0, 64, 0.5)]]
    c += [(_s("CosineWarmRestarts", lr=lr, period=p, period_mult=m, min_lr=e), 200)
          for lr, p, m, e in [(0.1, 10, 1, 0.0), (1.0, 1, 1, 0.0), (1.0, 1, 2, 0.0),
                              (0.5, 3, 2, 0.01), (1.0, 2, 3, 0.0), (1.0, 5, 2, 0.1),
                              (2.0, 7, 4, 0.0), (0.3, 50, 1, 0.03), (1.0, 250, 2, 0.0),
                              (1.0, 4, 10, 0.0)]]
    for lr_pair, up, down, mode, gamma, mom in [
            ((0.01, 0.1), 10, None, "triangular", 1.0, {}),
            ((0.1, 1.0), 1, None, "triangular", 1.0, {}),
            ((0.1, 1.0), 5, 15, "triangular", 1.0, {"base_momentum": 0.5, "max_momentum": 0.99}),
            ((0.001, 0.006), 8, None, "triangular2", 1.0, {}),
            ((0.1, 1.0), 3, 1, "triangular2", 1.0, {"base_momentum": 0.85,
                                                    "max_momentum": 0.95}),
            ((0.01, 0.1), 10, None, "exp_range", 0.99, {}),
            ((0.1, 2.0), 7, 4, "exp_range", 0.95, {"base_momentum": 0.0, "max_momentum": 0.9}),
            ((0.2, 0.3), 40, 20, "triangular", 1.0, {"base_momentum": 0.9,
                                                     "max_momentum": 0.9}),
            ((0.05, 0.5), 2, 9, "exp_range", 1.0, {})]:
        kw = {"base_lr": lr_pair[0], "max_lr": lr_pair[1], "step_size_up": up,
              "step_size_down": down, "mode": mode, "gamma": gamma}
        c.append(({"name": "CyclicLR", "kwargs": kw, "momentum": mom}, 150))
    for max_lr, total, pct, anneal, div, final, three, mom in [
            (0.1, 100, 0.3, "cos", 25.0, 1e4, False, {}),
            (1.0, 60, 0.25, "linear", 25.0, 1e4, False, {}),
            (1.0, 77, 0.33, "cos", 10.0, 100.0, False, {"base_momentum": 0.8,
                                                        "max_momentum": 0.9}),
            (0.5, 120, 0.4, "cos", 25.0, 1e4, True, {}),
            (2.0, 91, 0.45, "linear", 5.0, 1e3, True, {"base_momentum": 0.0,
                                                       "max_momentum": 0.99}),
            (0.01, 200, 0.9, "cos", 25.0, 1e4, False, {}),
            (1.0, 64, 0.05, "linear", 1.0, 1.0, False, {}),
            (0.3, 150, 0.3, "cos", 100.0, 1e5, True, {"base_momentum": 0.85,
                                                      "max_momentum": 0.85}),
            (1.0, 10, 0.5, "cos", 25.0, 1e4, False, {})]:
        kw = {"max_lr": max_lr, "total_steps": total, "pct_start": pct, "anneal": anneal,
              "div_factor": div, "final_div_factor": final, "three_phase": three}
        c.append(({"name": "OneCycle", "kwargs": kw, "momentum": mom}, total))
    c += [(_s("Warmup", schedule=child, warmup_steps=w, start_factor=f), 150) for child, w, f in [
        (_s("CosineAnnealing", lr=0.1, total_steps=140), 10, 0.1),
        (_s("Constant", lr=1.0), 5, 0.5),
        (_s("StepDecay", lr=0.5, step_size=20, gamma=0.5), 1, 0.01),
        (_s("ExponentialDecay", lr=1.0, gamma=0.98), 30, 0.25),
        (_s("PolynomialDecay", lr=0.3, total_steps=80, power=2.0), 20, 1.0),
        (_s("InverseSqrtDecay", lr=1.0, decay_steps=10), 40, 1e-3),
        (_s("LinearDecay", lr=0.2, end_lr=0.0, total_steps=100), 50, 0.3),
        (_s("CosineWarmRestarts", lr=1.0, period=10, period_mult=2), 7, 0.2)]]
    c += [(_s("Sequential", schedules=ch, milestones=m), 150) for ch, m in [
        ([_s("Constant", lr=0.1), _s("ExponentialDecay", lr=0.1, gamma=0.95)], [20]),
        ([_s("LinearDecay", lr=1.0, end_lr=0.5, total_steps=10),
          _s("CosineAnnealing", lr=1.0, total_steps=60, min_lr=0.01),
          _s("StepDecay", lr=1.0, step_size=5, gamma=0.5)], [10, 70]),
        ([_s("StepDecay", lr=0.5, step_size=3, gamma=0.5),
          _s("MultiStepDecay", lr=0.5, milestones=[5, 10], gamma=0.1)], [1]),
        ([_s("Constant", lr=1.0), _s("Constant", lr=1.0), _s("Constant", lr=1.0)], [1, 2]),
        ([_s("PolynomialDecay", lr=0.2, total_steps=40, power=3.0),
          _s("InverseTimeDecay", lr=0.2, decay_rate=0.5, decay_steps=5)], [149]),
        ([_s("CosineAnnealing", lr=1.0, total_steps=20),
          _s("CosineAnnealing", lr=1.0, total_steps=40),
          _s("CosineAnnealing", lr=1.0, total_steps=90)], [20, 60])]]
    return c


def plateau_metrics() -> dict[str, list[float]]:
    """Metric sequences exercising every branch of ReduceOnPlateau (NaN and infinities too)."""
    rng = np.random.default_rng(3)
    i = np.arange(100)
    curves = {
        "decreasing_noisy": 2.0 * np.exp(-i / 15) + 0.3 + 0.02 * rng.standard_normal(100),
        "plateaus": np.repeat([1.0, 0.8, 0.79995, 0.5, 0.5, 0.49, 0.2, 0.2, 0.2, 0.1], 10),
        "negative_slowly_worse": -1.0 * 0.995**i,
        "negative_improving": -1.0 - 0.001 * i + 0.0005 * rng.standard_normal(100),
        "accuracy_rising": 1.0 - 0.9 * np.exp(-i / 20) + 0.01 * rng.standard_normal(100),
        "random_walk": 1.0 + np.cumsum(0.05 * rng.standard_normal(100)),
    }
    non_finite = [1.0, 0.9, math.nan, 0.95, math.inf, 0.8, 0.85, math.nan, -math.inf, 0.1, 0.2]
    curves["non_finite"] = np.array(non_finite * 5)
    return {name: [float(v) for v in x] for name, x in curves.items()}


def plateau_configurations() -> list[tuple[dict, str]]:
    """(ReduceOnPlateau kwargs, metric sequence name)."""
    base = {"lr": 0.1, "mode": "min", "factor": 0.1, "patience": 10, "threshold": 1e-4,
            "threshold_mode": "rel", "cooldown": 0, "min_lr": 0.0, "eps": 1e-8}
    cases = [
        ({}, "decreasing_noisy"),
        ({"patience": 3, "factor": 0.5}, "decreasing_noisy"),
        ({"patience": 0, "factor": 0.5}, "plateaus"),
        ({"patience": 2, "threshold": 0.01}, "plateaus"),
        ({"patience": 2, "threshold": 0.01, "threshold_mode": "abs"}, "plateaus"),
        ({"patience": 2, "cooldown": 3, "factor": 0.5}, "plateaus"),
        ({"patience": 1, "factor": 0.5, "min_lr": 0.01}, "random_walk"),
        ({"patience": 3, "factor": 0.5, "threshold": 0.01}, "negative_slowly_worse"),
        ({"patience": 3, "factor": 0.5, "threshold": 0.01, "threshold_mode": "abs"},
         "negative_slowly_worse"),
        ({"patience": 2, "factor": 0.5, "threshold": 0.001}, "negative_improving"),
        ({"mode": "max", "patience": 4, "factor": 0.3}, "accuracy_rising"),
        ({"mode": "max", "patience": 2, "threshold": 0.01, "threshold_mode": "abs",
          "cooldown": 2}, "accuracy_rising"),
        ({"lr": 1e-7, "patience": 0, "factor": 0.5, "eps": 1e-8}, "random_walk"),
        ({"lr": 1.0, "patience": 0, "factor": 0.9, "eps": 0.0, "min_lr": 0.5}, "random_walk"),
        ({"patience": 1, "factor": 0.5}, "non_finite"),
        ({"mode": "max", "patience": 1, "factor": 0.5, "threshold_mode": "abs"}, "non_finite"),
    ]
    return [({**base, **over}, seq) for over, seq in cases]


def _dump(payload: dict) -> str:
    """JSON with one line per record (readable diffs, no line per number)."""
    lines = []
    for key, value in payload.items():
        if isinstance(value, list):
            body = ",\n  ".join(json.dumps(v) for v in value)
            lines.append(f"{json.dumps(key)}: [\n  {body}\n]")
        elif isinstance(value, dict):
            body = ",\n  ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{json.dumps(key)}: {{\n  {body}\n}}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    import torch

    torch.set_default_dtype(torch.float64)
    records = []
    for spec, n in configurations():
        lrs, moms = torch_rates(torch, spec, n)
        rec = {**spec, "steps": n, "lr": lrs}
        if moms is not None:
            rec["momentum_values"] = moms
        if spec["name"] == "OneCycle":  # torch's extrapolation one step past the end
            rec["lr_at_total_steps"] = torch_rates(torch, spec, n + 1)[0][-1]
        records.append(rec)
    metrics = plateau_metrics()
    plateau = [{"kwargs": kw, "metrics": seq, **torch_plateau(torch, kw, metrics[seq])}
               for kw, seq in plateau_configurations()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"torch_version": torch.__version__, "schedules": records,
               "plateau_metrics": metrics, "plateau": plateau}
    OUT.write_text(_dump(payload))
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}: "
          f"{len(records)} schedule configurations, {len(plateau)} plateau runs")


if __name__ == "__main__":
    main()
