"""Write tests/reference/optimizers.json: PyTorch optimizer trajectories for the numpy replay.

Run with torch installed (``make reference``)::

    .venv/bin/python scripts/torch_reference_optimizers.py

Every case runs one ``torch.optim`` optimizer (float64, ``foreach=False``: the single-tensor
algorithms that ``lrcourse.optimizers`` follows) for ``STEPS`` updates on three parameters of
different shapes. The gradient of update ``k`` is that of a fixed separable quadratic plus seeded
noise, ``g = curvature * p + NOISE * z`` with ``z`` drawn from
``numpy.random.default_rng(noise_seed).normal(size=shape)`` update by update, parameter by
parameter, so ``tests/test_optimizers.py`` regenerates the same gradients from its own parameters
without torch. The file records each case's configuration, starting point and curvature, the
parameters after every update, the rate every update used, and the optimizer's final state.

Cases cover every flag of each optimizer, learning rates driven by torch's own schedulers
(``StepLR``, ``ExponentialLR``, ``CosineAnnealingLR``, ``LambdaLR``, ``CyclicLR`` and
``OneCycleLR``, the last two also cycling SGD's momentum or Adam's ``beta1``), and
hyper-parameters reassigned through ``param_groups`` between updates.
"""

import itertools
import json
from pathlib import Path

import numpy as np
import torch

STEPS = 25
NOISE = 0.5
SHAPES = [(2, 3), (3,), (2, 1, 2)]
OUT = Path(__file__).resolve().parent.parent / "tests" / "reference" / "optimizers.json"

TORCH_CLASSES = {
    "SGD": torch.optim.SGD,
    "AdaGrad": torch.optim.Adagrad,
    "RMSProp": torch.optim.RMSprop,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
}


def flag_cases():
    """One case per combination of each optimizer's flags and a few hyper-parameter values."""
    cases = []
    for mom, damp, nesterov, wd in itertools.product((0.0, 0.9), (0.0, 0.3), (False, True),
                                                     (0.0, 0.05)):
        if nesterov and (mom == 0 or damp != 0):
            continue  # torch refuses Nesterov without momentum or with dampening
        cases.append(("SGD", {"lr": 0.1, "momentum": mom, "dampening": damp,
                              "nesterov": nesterov, "weight_decay": wd}))
    for lr_decay, wd, iav in itertools.product((0.0, 0.05), (0.0, 0.05), (0.0, 0.3)):
        cases.append(("AdaGrad", {"lr": 0.3, "lr_decay": lr_decay, "weight_decay": wd,
                                  "initial_accumulator_value": iav}))
    cases.append(("AdaGrad", {"lr": 0.3, "eps": 0.1}))
    for centered, mom, wd, alpha in itertools.product((False, True), (0.0, 0.6), (0.0, 0.05),
                                                      (0.99, 0.3)):
        cases.append(("RMSProp", {"lr": 0.01, "alpha": alpha, "weight_decay": wd,
                                  "momentum": mom, "centered": centered}))
    cases.append(("RMSProp", {"lr": 0.01, "eps": 0.1}))
    for name in ("Adam", "AdamW"):
        for amsgrad, wd, betas in itertools.product((False, True), (0.0, 0.05),
                                                    ((0.9, 0.999), (0.3, 0.6))):
            cases.append((name, {"lr": 0.05, "betas": betas, "weight_decay": wd,
                                 "amsgrad": amsgrad}))
        cases.append((name, {"lr": 0.05, "eps": 0.1}))
    return [{"optimizer": name, "kwargs": kwargs} for name, kwargs in cases]


def schedule_cases():
    """Rates from torch schedulers; ``schedule`` names the lrcourse equivalent."""
    return [
        {"optimizer": "SGD", "kwargs": {"lr": 0.2, "momentum": 0.9},
         "schedule": {"class": "StepDecay", "kwargs": {"lr": 0.2, "step_size": 7, "gamma": 0.5}}},
        {"optimizer": "RMSProp", "kwargs": {"lr": 0.02, "centered": True},
         "schedule": {"class": "ExponentialDecay", "kwargs": {"lr": 0.02, "gamma": 0.9}}},
        {"optimizer": "Adam", "kwargs": {"lr": 0.05, "amsgrad": True},
         "schedule": {"class": "CosineAnnealing",
                      "kwargs": {"lr": 0.05, "total_steps": STEPS, "min_lr": 0.001}}},
        {"optimizer": "AdaGrad", "kwargs": {"lr": 0.3},
         "schedule": {"class": "InverseTimeDecay", "kwargs": {"lr": 0.3, "decay_rate": 0.1}}},
        {"optimizer": "AdamW", "kwargs": {"lr": 0.05, "weight_decay": 0.1},
         "schedule": {"class": "InverseTimeDecay", "kwargs": {"lr": 0.05, "decay_rate": 0.2}}},
        {"optimizer": "SGD", "kwargs": {"lr": 0.01, "momentum": 0.9, "nesterov": True},
         "schedule": {"class": "CyclicLR",
                      "kwargs": {"base_lr": 0.01, "max_lr": 0.2, "step_size_up": 6,
                                 "mode": "triangular2"}},
         "cycle_momentum": {"base_momentum": 0.8, "max_momentum": 0.9}},
        {"optimizer": "SGD", "kwargs": {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.01},
         "schedule": {"class": "OneCycle", "kwargs": {"max_lr": 0.3, "total_steps": STEPS}},
         "cycle_momentum": {"base_momentum": 0.85, "max_momentum": 0.95}},
        {"optimizer": "Adam", "kwargs": {"lr": 0.01, "betas": (0.95, 0.99)},
         "schedule": {"class": "OneCycle",
                      "kwargs": {"max_lr": 0.1, "total_steps": STEPS, "three_phase": True}},
         "cycle_momentum": {"base_momentum": 0.85, "max_momentum": 0.95}},
    ]


def reassignment_cases():
    """Hyper-parameters reassigned before the given (0-based) updates, as a loop would."""
    return [
        {"optimizer": "SGD", "kwargs": {"lr": 0.1, "momentum": 0.5},
         "changes": {"8": {"lr": 0.05, "momentum": 0.9}, "16": {"lr": 0.3, "momentum": 0.0}}},
        {"optimizer": "RMSProp", "kwargs": {"lr": 0.01, "momentum": 0.5},
         "changes": {"10": {"lr": 0.03, "alpha": 0.5, "momentum": 0.9}}},
        {"optimizer": "Adam", "kwargs": {"lr": 0.05},
         "changes": {"5": {"betas": [0.5, 0.9]}, "15": {"lr": 0.01, "weight_decay": 0.1}}},
        {"optimizer": "AdamW", "kwargs": {"lr": 0.05},
         "changes": {"12": {"lr": 0.2, "weight_decay": 0.5, "eps": 1e-3}}},
        {"optimizer": "AdaGrad", "kwargs": {"lr": 0.3},
         "changes": {"9": {"lr": 1.0, "lr_decay": 0.5}}},
    ]


def torch_scheduler(opt, case):
    spec = case["schedule"]
    kw = spec["kwargs"]
    lr_sched = torch.optim.lr_scheduler
    if spec["class"] == "StepDecay":
        return lr_sched.StepLR(opt, kw["step_size"], kw["gamma"])
    if spec["class"] == "ExponentialDecay":
        return lr_sched.ExponentialLR(opt, kw["gamma"])
    if spec["class"] == "CosineAnnealing":
        return lr_sched.CosineAnnealingLR(opt, kw["total_steps"], kw["min_lr"])
    if spec["class"] == "InverseTimeDecay":
        return lr_sched.LambdaLR(opt, lambda k: 1.0 / (1.0 + kw["decay_rate"] * k))
    momentum = case["cycle_momentum"]
    if spec["class"] == "CyclicLR":
        return lr_sched.CyclicLR(opt, kw["base_lr"], kw["max_lr"], kw["step_size_up"],
                                 mode=kw["mode"], cycle_momentum=True, **momentum)
    if spec["class"] == "OneCycle":
        return lr_sched.OneCycleLR(opt, kw["max_lr"], kw["total_steps"],
                                   three_phase=kw.get("three_phase", False),
                                   cycle_momentum=True, **momentum)
    raise ValueError(spec["class"])


def run(case, seed):
    rng = np.random.default_rng(seed)
    init = [rng.normal(size=s) for s in SHAPES]
    curvature = [rng.uniform(0.2, 3.0, size=s) for s in SHAPES]
    noise_seed = int(rng.integers(2**31))
    params = [torch.tensor(p.copy(), requires_grad=True) for p in init]
    opt = TORCH_CLASSES[case["optimizer"]](params, **case["kwargs"], foreach=False)
    scheduler = torch_scheduler(opt, case) if "schedule" in case else None
    group = opt.param_groups[0]
    noise = np.random.default_rng(noise_seed)
    trajectory, lrs = [], []
    for k in range(STEPS):
        for name, value in case.get("changes", {}).get(str(k), {}).items():
            group[name] = tuple(value) if name == "betas" else value
        for p, c in zip(params, curvature, strict=True):
            z = noise.normal(size=p.shape)
            p.grad = torch.tensor(c * p.detach().numpy() + NOISE * z)
        lrs.append(float(group["lr"]))
        opt.step()
        if scheduler is not None and k < STEPS - 1:
            scheduler.step()
        trajectory.append([p.detach().numpy().tolist() for p in params])
    state = []
    for p in params:
        st = {}
        for name, value in opt.state[p].items():
            st[name] = int(value.item()) if name == "step" else value.numpy().tolist()
        state.append(st)
    return {
        **case,
        "steps": STEPS,
        "init": [p.tolist() for p in init],
        "curvature": [c.tolist() for c in curvature],
        "noise_seed": noise_seed,
        "lr": lrs,
        "trajectory": trajectory,
        "final_state": state,
    }


def main():
    torch.set_default_dtype(torch.float64)
    cases = flag_cases() + schedule_cases() + reassignment_cases()
    results = [run(case, seed) for seed, case in enumerate(cases)]
    doc = {
        "generator": "scripts/torch_reference_optimizers.py",
        "torch_version": torch.__version__,
        "problem": (f"g = curvature * p + {NOISE} * z, z = default_rng(noise_seed).normal(size="
                    "shape) drawn update by update, parameter by parameter; trajectory[k] holds "
                    "the parameters after update k, lr[k] the rate update k used"),
        "noise": NOISE,
        "cases": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as f:
        f.write("{\n")
        for key in ("generator", "torch_version", "problem", "noise"):
            f.write(f"  {json.dumps(key)}: {json.dumps(doc[key])},\n")
        f.write('  "cases": [\n')
        f.write(",\n".join("    " + json.dumps(case) for case in results))
        f.write("\n  ]\n}\n")
    print(f"wrote {len(results)} cases to {OUT}")


if __name__ == "__main__":
    main()
