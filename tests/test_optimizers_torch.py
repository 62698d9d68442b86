"""Live parity of lrcourse.optimizers with torch.optim on random configurations.

Each seeded configuration draws an optimizer's hyper-parameters and flags, a learning-rate mode
(a float; a schedule, fed to torch through ``param_groups[0]["lr"]``; or ``K`` per-run rates, each
compared with its own torch optimizer on its slice of the parameters) and a mid-run reassignment
of some hyper-parameters, then runs 30 updates of both on three parameters of different shapes
with the same gradients (a fixed quadratic plus seeded noise) and compares the parameters after
every update and the final state at rtol 1e-9.
"""

import numpy as np
import pytest

from lrcourse import schedules
from lrcourse.optimizers import SGD, AdaGrad, Adam, AdamW, RMSProp

pytestmark = pytest.mark.torch_live

STEPS = 30
N_CONFIGS = 25
SHAPES = [(3, 2), (4,), (2, 2, 3)]
CLASSES = {"SGD": SGD, "AdaGrad": AdaGrad, "RMSProp": RMSProp, "Adam": Adam, "AdamW": AdamW}
TORCH_NAMES = {"SGD": "SGD", "AdaGrad": "Adagrad", "RMSProp": "RMSprop", "Adam": "Adam",
               "AdamW": "AdamW"}


def log_uniform(rng, low, high):
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def maybe(rng, value):
    return value if rng.random() < 0.6 else 0.0


def random_hypers(rng, name):
    """Hyper-parameters (without lr) of optimizer ``name``, every flag drawn."""
    if name == "SGD":
        momentum = maybe(rng, float(rng.uniform(0.0, 0.99)))
        nesterov = bool(momentum > 0 and rng.random() < 0.5)
        dampening = 0.0 if nesterov else maybe(rng, float(rng.uniform(0.0, 1.0)))
        return {"momentum": momentum, "dampening": dampening, "nesterov": nesterov,
                "weight_decay": maybe(rng, log_uniform(rng, 1e-4, 0.1))}
    if name == "AdaGrad":
        return {"lr_decay": maybe(rng, log_uniform(rng, 1e-3, 0.5)),
                "weight_decay": maybe(rng, log_uniform(rng, 1e-4, 0.1)),
                "initial_accumulator_value": maybe(rng, float(rng.uniform(0.0, 1.0))),
                "eps": log_uniform(rng, 1e-10, 1e-2)}
    if name == "RMSProp":
        # centered with alpha near 0 estimates the variance as a difference of nearly equal
        # numbers, which magnifies torch's fused multiply-add roundings: keep alpha >= 0.3 there
        centered = bool(rng.random() < 0.5)
        return {"alpha": float(rng.uniform(0.3 if centered else 0.0, 1.0)),
                "eps": log_uniform(rng, 1e-8, 1e-2),
                "weight_decay": maybe(rng, log_uniform(rng, 1e-4, 0.1)),
                "momentum": maybe(rng, float(rng.uniform(0.0, 0.95))), "centered": centered}
    return {"betas": (float(rng.uniform(0.0, 0.99)), float(rng.uniform(0.0, 0.9999))),
            "eps": log_uniform(rng, 1e-8, 1e-2),
            "weight_decay": maybe(rng, log_uniform(rng, 1e-4, 0.2)),
            "amsgrad": bool(rng.random() < 0.5)}


def reassignment(rng, name, hypers):
    """Values some hyper-parameters take from a random update on (a loop reassigning them)."""
    change = {"lr": log_uniform(rng, 1e-3, 0.1)}
    if name == "SGD" and hypers["momentum"] > 0:
        change["momentum"] = float(rng.uniform(0.01, 0.99))
    if name == "RMSProp":
        change["alpha"] = float(rng.uniform(0.3, 1.0))
    if name in ("Adam", "AdamW"):
        change["betas"] = (float(rng.uniform(0.0, 0.99)), hypers["betas"][1])
    return int(rng.integers(1, STEPS)), change


def torch_optimizer(torch, name, params, lr, hypers):
    return getattr(torch.optim, TORCH_NAMES[name])(params, lr=lr, **hypers, foreach=False)


@pytest.mark.parametrize("name", list(CLASSES))
@pytest.mark.parametrize("seed", range(N_CONFIGS))
def test_random_configuration_matches_torch(torch, name, seed):
    rng = np.random.default_rng([seed, list(CLASSES).index(name)])
    hypers = random_hypers(rng, name)
    base_lr = log_uniform(rng, 1e-3, 0.1)
    mode = str(rng.choice(["float", "schedule", "per_run"]))
    change_at, change = reassignment(rng, name, hypers)
    sched = schedules.ExponentialDecay(base_lr, float(rng.uniform(0.8, 1.0)))
    K = 3
    lrs = base_lr * np.array([1.0, 0.3, 2.0])
    lead = (K,) if mode == "per_run" else ()

    params = [rng.normal(size=lead + s) for s in SHAPES]
    curvature = [rng.uniform(0.2, 3.0, size=lead + s) for s in SHAPES]
    ours = CLASSES[name]({"float": base_lr, "schedule": sched, "per_run": lrs}[mode], **hypers)
    if mode == "per_run":
        # one torch optimizer per run, each on its slice of every parameter
        runs = [[torch.tensor(p[i].copy(), requires_grad=True) for p in params] for i in range(K)]
        torch_opts = [torch_optimizer(torch, name, runs[i], float(lrs[i]), hypers)
                      for i in range(K)]
    else:
        runs = [[torch.tensor(p.copy(), requires_grad=True) for p in params]]
        torch_opts = [torch_optimizer(torch, name, runs[0], base_lr, hypers)]

    noise = np.random.default_rng(seed)
    for k in range(STEPS):
        if k == change_at:
            for key, value in change.items():
                if key == "lr" and mode == "per_run":
                    value = value * np.array([1.0, 0.5, 1.5])
                if key == "lr" and mode == "schedule":
                    continue
                setattr(ours, key, value)
                for i, opt in enumerate(torch_opts):
                    v = float(value[i]) if isinstance(value, np.ndarray) else value
                    opt.param_groups[0][key] = v
        if mode == "schedule":
            torch_opts[0].param_groups[0]["lr"] = sched(k)
        grads = [c * p + 0.5 * noise.normal(size=p.shape)
                 for c, p in zip(curvature, params, strict=True)]
        ours.step(params, grads)
        for i, (opt, run) in enumerate(zip(torch_opts, runs, strict=True)):
            for t, g in zip(run, grads, strict=True):
                t.grad = torch.tensor(g[i] if mode == "per_run" else g)
            opt.step()
            for p, t in zip(params, run, strict=True):
                mine = p[i] if mode == "per_run" else p
                np.testing.assert_allclose(mine, t.detach().numpy(), rtol=1e-9, atol=1e-12,
                                           err_msg=f"{mode} run {i}, update {k}: {hypers}")

    for i, (opt, run) in enumerate(zip(torch_opts, runs, strict=True)):
        for st, t in zip(ours.state, run, strict=True):
            ref = opt.state[t]
            assert set(st) == set(ref)
            for key, value in ref.items():
                if key == "step":
                    assert st[key] == int(value.item())
                else:
                    mine = st[key][i] if mode == "per_run" else st[key]
                    np.testing.assert_allclose(mine, value.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", list(CLASSES))
@pytest.mark.parametrize("seed", range(10))
def test_effective_lr_times_direction_is_torchs_step(torch, name, seed):
    """Our effective rate, times the direction read from torch's own state, is torch's update."""
    rng = np.random.default_rng([seed, 99, list(CLASSES).index(name)])
    hypers = random_hypers(rng, name)
    if name in ("SGD", "RMSProp"):  # with momentum the rate scales what enters the buffer
        hypers["momentum"] = 0.0
        hypers.pop("nesterov", None)
        hypers.pop("dampening", None)
    lr = log_uniform(rng, 1e-3, 0.1)
    params = [rng.normal(size=s) for s in SHAPES]
    ours = CLASSES[name](lr, **hypers)
    tensors = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    opt = torch_optimizer(torch, name, tensors, lr, hypers)
    for _ in range(12):
        grads = [p + 0.5 * rng.normal(size=p.shape) for p in params]
        before = [t.detach().numpy().copy() for t in tensors]
        ours.step(params, grads)
        for t, g in zip(tensors, grads, strict=True):
            t.grad = torch.tensor(g)
        opt.step()
        for eff, t, g, b in zip(ours.effective_lr(), tensors, grads, before, strict=True):
            st = opt.state[t]
            wd = hypers.get("weight_decay", 0.0)
            if name in ("Adam", "AdamW"):
                step = float(st["step"].item())
                direction = st["exp_avg"].numpy() / (1 - hypers["betas"][0] ** step)
            else:
                direction = g + wd * b
            start = b * (1 - lr * wd) if name == "AdamW" else b
            np.testing.assert_allclose(t.detach().numpy() - start, -eff * direction,
                                       rtol=1e-7, atol=1e-13)
