"""Live parity of lrcourse.nn.MLP with PyTorch autograd on random networks.

Each configuration builds the same network in torch (``weight = W.T``), computes
``nn.functional.cross_entropy`` or ``nn.functional.mse_loss`` (both means) and compares the loss
and every parameter's ``.grad`` with `MLP.loss_and_grads`, model by model for a batch of K.
"""

import numpy as np
import pytest

from lrcourse.nn import ACTIVATIONS, INITS, LOSSES, MLP

pytestmark = pytest.mark.torch_live


def torch_loss_and_grads(torch, net, params, X, y):
    F = torch.nn.functional
    p = [torch.tensor(a, requires_grad=True) for a in params]
    L = net.n_layers
    h = torch.tensor(X)
    for i in range(L):
        h = F.linear(h, p[2 * i].T, p[2 * i + 1])  # nn.Linear with weight = W.T
        if i == L - 1:
            break
        if net.activation == "relu":
            h = torch.relu(h)
        elif net.activation == "leaky_relu":
            h = F.leaky_relu(h, net.negative_slope)
        elif net.activation == "prelu":
            h = F.prelu(h, p[2 * L + i])
        elif net.activation == "elu":
            h = F.elu(h, net.elu_alpha)
        elif net.activation == "sigmoid":
            h = torch.sigmoid(h)
        else:
            h = torch.tanh(h)
    if net.loss == "cross_entropy":
        loss = F.cross_entropy(h, torch.tensor(y))
    else:
        loss = F.mse_loss(h, torch.tensor(y).reshape(h.shape))
    loss.backward()
    return loss.item(), [q.grad.numpy() for q in p]


def random_config(rng):
    depth = int(rng.integers(0, 4))
    loss = str(rng.choice(LOSSES))
    out = int(rng.integers(2, 5)) if loss == "cross_entropy" else int(rng.integers(1, 4))
    sizes = (int(rng.integers(1, 7)), *(int(w) for w in rng.integers(1, 8, size=depth)), out)
    init = str(rng.choice(INITS))
    kw = {
        "activation": str(rng.choice(ACTIVATIONS)),
        "init": init,
        "loss": loss,
        "seed": int(rng.integers(0, 10_000)),
        "n_models": None if rng.random() < 0.5 else int(rng.integers(1, 4)),
        "negative_slope": float(rng.uniform(0.0, 0.5)),
        "elu_alpha": float(rng.uniform(0.5, 2.0)),
        "prelu_init": float(rng.uniform(-0.5, 0.5)),
    }
    if init == "normal":
        kw["init_std"] = float(rng.uniform(0.1, 1.5))
    if init != "rai":
        kw["bias_init"] = float(rng.uniform(-0.5, 0.5))
    return sizes, kw


@pytest.mark.parametrize("case", range(60))
def test_loss_and_grads_match_torch_autograd(torch, case):
    rng = np.random.default_rng(1000 + case)
    sizes, kw = random_config(rng)
    net = MLP(sizes, **kw)
    n = int(rng.integers(1, 20))
    X = rng.normal(0.0, 2.0, size=(n, sizes[0]))
    if net.loss == "cross_entropy":
        y = rng.integers(0, sizes[-1], size=n)
    else:
        y = rng.normal(size=(n,) if sizes[-1] == 1 and rng.random() < 0.5 else (n, sizes[-1]))
    loss, grads = net.loss_and_grads(X, y)
    models = [net] if net.n_models is None else [net.select(k) for k in range(net.n_models)]
    for k, single in enumerate(models):
        t_loss, t_grads = torch_loss_and_grads(torch, net, single.params, X, y)
        mine = loss if net.n_models is None else loss[k]
        assert mine == pytest.approx(t_loss, rel=1e-12, abs=1e-14)
        for name, g, tg in zip(net.param_names, grads, t_grads, strict=True):
            gk = g if net.n_models is None else g[k]
            np.testing.assert_allclose(gk, tg, rtol=1e-10, atol=1e-13, err_msg=name)
