"""Live parity of lrcourse.schedules with torch.optim.lr_scheduler on random configurations.

Every test needs the ``torch`` fixture (tests/conftest.py): skipped with a reason without torch,
a failure under ``make parity``. The torch side is built by scripts/torch_reference_schedules.py,
the script that writes the stored reference, so the two kinds of parity test use one mapping.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from conftest import build_schedule

from lrcourse import schedules as S

pytestmark = pytest.mark.torch_live

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "torch_reference_schedules.py"
_spec = importlib.util.spec_from_file_location("torch_reference_schedules", _SCRIPT)
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

N_CONFIGS = 30
RTOL, ATOL = 1e-9, 1e-15
N_STEPS = 150


def _spec_of(name, **kwargs):
    return {"name": name, "kwargs": kwargs}


def _lr(rng):
    return float(10 ** rng.uniform(-4, 0.5))


def _milestones(rng, low, high, count):
    return sorted(int(m) for m in rng.choice(np.arange(low, high), size=count, replace=False))


def _leaf(rng, name, lr):
    """A random configuration of a simple schedule starting at ``lr`` (for composites too)."""
    if name == "Constant":
        return _spec_of(name, lr=lr)
    if name == "StepDecay":
        return _spec_of(name, lr=lr, step_size=int(rng.integers(1, 60)),
                        gamma=float(rng.uniform(0.01, 1.0)))
    if name == "MultiStepDecay":
        return _spec_of(name, lr=lr, milestones=_milestones(rng, 1, 200, int(rng.integers(1, 7))),
                        gamma=float(rng.uniform(0.01, 1.0)))
    if name == "ExponentialDecay":
        return _spec_of(name, lr=lr, gamma=float(rng.uniform(0.8, 1.0)))
    if name == "InverseTimeDecay":
        return _spec_of(name, lr=lr, decay_rate=float(10 ** rng.uniform(-2, 1)),
                        decay_steps=int(rng.integers(1, 50)), staircase=bool(rng.random() < 0.5))
    if name == "InverseSqrtDecay":
        return _spec_of(name, lr=lr, decay_steps=int(rng.integers(1, 100)))
    if name == "LinearDecay":
        return _spec_of(name, lr=lr, end_lr=lr * float(rng.uniform(0, 1)),
                        total_steps=int(rng.integers(1, 250)))
    if name == "PolynomialDecay":
        end = 0.0 if rng.random() < 0.6 else lr * float(rng.uniform(0, 1))
        return _spec_of(name, lr=lr, total_steps=int(rng.integers(1, 250)),
                        power=float(rng.uniform(0.2, 4.0)), end_lr=end)
    if name == "CosineAnnealing":
        # long enough not to end within N_STEPS (after the end the two differ on purpose)
        return _spec_of(name, lr=lr, total_steps=int(rng.integers(N_STEPS, 400)),
                        min_lr=lr * float(rng.uniform(0, 1)) * (rng.random() < 0.5))
    if name == "CosineWarmRestarts":
        return _spec_of(name, lr=lr, period=int(rng.integers(1, 40)),
                        period_mult=int(rng.integers(1, 5)),
                        min_lr=lr * float(rng.uniform(0, 1)) * (rng.random() < 0.5))
    raise ValueError(name)


LEAVES = ["Constant", "StepDecay", "MultiStepDecay", "ExponentialDecay", "InverseTimeDecay",
          "InverseSqrtDecay", "LinearDecay", "PolynomialDecay", "CosineAnnealing",
          "CosineWarmRestarts"]


def _cyclic(rng):
    base = _lr(rng)
    kw = {"base_lr": base, "max_lr": base * float(rng.uniform(1.5, 20)),
          "step_size_up": int(rng.integers(1, 30)),
          "step_size_down": None if rng.random() < 0.4 else int(rng.integers(1, 30)),
          "mode": str(rng.choice(["triangular", "triangular2", "exp_range"])),
          "gamma": float(rng.uniform(0.9, 1.0))}
    low = float(rng.uniform(0.0, 0.9))
    mom = {"base_momentum": low, "max_momentum": float(rng.uniform(low, 0.99))}
    return {"name": "CyclicLR", "kwargs": kw, "momentum": mom}


def _one_cycle(rng):
    total = int(rng.integers(20, 200))
    three = bool(rng.random() < 0.4)
    # pct_start * total > 1, and with three phases 2 * pct_start * total - 2 < total - 1
    high = (total + 1) / (2 * total) - 1e-3 if three else 0.95
    pct = float(rng.uniform(1.5 / total, high))
    kw = {"max_lr": _lr(rng), "total_steps": total, "pct_start": pct,
          "anneal": str(rng.choice(["cos", "linear"])), "div_factor": float(rng.uniform(1, 100)),
          "final_div_factor": float(10 ** rng.uniform(0, 5)), "three_phase": three}
    low = float(rng.uniform(0.0, 0.9))
    mom = {"base_momentum": low, "max_momentum": float(rng.uniform(low, 0.99))}
    return {"name": "OneCycle", "kwargs": kw, "momentum": mom}


def _warmup(rng):
    child = _leaf(rng, str(rng.choice(LEAVES)), _lr(rng))
    return _spec_of("Warmup", schedule=child, warmup_steps=int(rng.integers(1, 60)),
                    start_factor=float(rng.uniform(0.01, 1.0)))


def _sequential(rng):
    lr = _lr(rng)  # torch's SequentialLR children share the optimizer's base rate
    n = int(rng.integers(1, 5))
    children = [_leaf(rng, str(rng.choice(LEAVES)), lr) for _ in range(n)]
    return _spec_of("Sequential", schedules=children,
                    milestones=_milestones(rng, 1, N_STEPS, n - 1))


def random_spec(rng, name):
    if name in LEAVES:
        return _leaf(rng, name, _lr(rng))
    return {"CyclicLR": _cyclic, "OneCycle": _one_cycle, "Warmup": _warmup,
            "Sequential": _sequential}[name](rng)


NAMES = [*LEAVES, "CyclicLR", "OneCycle", "Warmup", "Sequential"]


def test_every_schedule_is_compared():
    # ReduceOnPlateau has its own live test below; BoldDriver has no PyTorch counterpart.
    assert set(NAMES) == set(S.__all__) - {"Schedule", "ReduceOnPlateau", "BoldDriver",
                                           "SCHEDULE_KINDS", "make_schedule"}


@pytest.mark.parametrize("name", NAMES)
def test_random_configurations_match_torch(torch, name):
    rng = np.random.default_rng(list(map(ord, name)))
    for _ in range(N_CONFIGS):
        spec = random_spec(rng, name)
        sched = build_schedule(spec)
        n = spec["kwargs"]["total_steps"] if name == "OneCycle" else N_STEPS
        lrs, moms = ref.torch_rates(torch, spec, n)
        k = np.arange(n)
        np.testing.assert_allclose(sched(k), lrs, rtol=RTOL, atol=ATOL, err_msg=str(spec))
        if moms is not None:
            np.testing.assert_allclose(sched.momentum(k, **spec["momentum"]), moms, rtol=RTOL,
                                       atol=ATOL, err_msg=str(spec))


def test_cosine_annealing_differs_from_torch_only_after_total_steps(torch):
    rng = np.random.default_rng(11)
    for _ in range(N_CONFIGS):
        total = int(rng.integers(1, 60))
        lr = _lr(rng)
        spec = _spec_of("CosineAnnealing", lr=lr, total_steps=total,
                        min_lr=lr * float(rng.uniform(0, 0.5)))
        sched = build_schedule(spec)
        n = 2 * total + 1
        lrs = np.array(ref.torch_rates(torch, spec, n)[0])
        k = np.arange(n)
        np.testing.assert_allclose(sched(k[: total + 1]), lrs[: total + 1], rtol=RTOL, atol=ATOL)
        # torch climbs back to lr at 2T (periodic); lrcourse stays at min_lr
        assert lrs[2 * total] == pytest.approx(lr, rel=1e-9)
        assert np.all(sched(k[total:]) == sched.min_lr)


def test_one_cycle_torch_extrapolates_where_lrcourse_refuses(torch):
    rng = np.random.default_rng(12)
    negative = 0
    for _ in range(N_CONFIGS):
        spec = _one_cycle(rng)
        spec["kwargs"]["anneal"] = "linear"
        sched = build_schedule(spec)
        total = sched.total_steps
        lrs = ref.torch_rates(torch, spec, total + 1)[0]
        # torch's step T continues the last straight line one step past its end, without error
        start = sched.max_lr / sched.div_factor
        end = start / sched.final_div_factor
        first = start if sched.three_phase else sched.max_lr  # rate where the last phase begins
        pct = sched.pct_start
        begins = float(2 * pct * total) - 2 if sched.three_phase else float(pct * total) - 1
        line = end + (end - first) / (total - 1 - begins)
        assert lrs[total] == pytest.approx(line, rel=1e-9, abs=1e-15)
        negative += lrs[total] < 0
        with pytest.raises(ValueError, match="step k must be < total_steps"):
            sched(total)
    assert negative >= N_CONFIGS // 2  # usually a negative rate


def _random_plateau(rng):
    lr = _lr(rng)
    kw = {"lr": lr, "mode": str(rng.choice(["min", "max"])),
          "factor": float(rng.uniform(0.05, 0.95)), "patience": int(rng.integers(0, 8)),
          "threshold": float(rng.choice([0.0, 1e-4, 1e-3, 1e-2, 0.1])),
          "threshold_mode": str(rng.choice(["rel", "abs"])),
          "cooldown": int(rng.integers(0, 5)),
          "min_lr": lr * float(rng.uniform(0, 0.1)) * (rng.random() < 0.5),
          "eps": float(rng.choice([0.0, 1e-8, lr * 1e-3]))}
    offset = float(rng.uniform(-2, 2))  # negative metrics too
    drift = float(rng.uniform(-0.02, 0.02))
    metrics = offset + np.cumsum(drift + float(rng.uniform(0, 0.05)) * rng.standard_normal(120))
    if rng.random() < 0.3:
        metrics = np.round(metrics, 1)  # exact repeats: flat plateaus
    return kw, [float(m) for m in metrics]


def test_reduce_on_plateau_random_runs_match_torch(torch):
    rng = np.random.default_rng(13)
    total_reductions = 0
    for _ in range(3 * N_CONFIGS):
        kw, metrics = _random_plateau(rng)
        expected = ref.torch_plateau(torch, kw, metrics)
        p = S.ReduceOnPlateau(**kw)
        got = {"lr": [], "best": [], "num_bad_epochs": []}
        for m in metrics:
            got["lr"].append(p.step(m))
            got["best"].append(p.best)
            got["num_bad_epochs"].append(p.num_bad_epochs)
        assert got == expected, kw
        total_reductions += len(p.reductions)
    assert total_reductions > 3 * N_CONFIGS  # the runs do exercise reductions
