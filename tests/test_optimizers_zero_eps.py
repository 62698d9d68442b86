"""``eps=0`` in the adaptive optimizers: allowed, as PyTorch allows it, with PyTorch's result.

A coordinate whose gradient statistics are still exactly zero is then divided 0/0 and becomes
NaN, in lrcourse as in ``torch.optim``. The docstrings say so; the course keeps the behaviour
rather than refusing a value PyTorch accepts.
"""

import numpy as np
import pytest

from lrcourse.optimizers import AdaGrad, Adam, AdamW, RMSProp

CLASSES = {"Adam": Adam, "AdamW": AdamW, "RMSProp": RMSProp, "AdaGrad": AdaGrad}
TORCH_NAMES = {"Adam": "Adam", "AdamW": "AdamW", "RMSProp": "RMSprop", "AdaGrad": "Adagrad"}
GRAD = np.array([0.0, 1.0, -2.0])


@pytest.mark.parametrize("name", CLASSES)
def test_zero_eps_makes_a_coordinate_with_no_gradient_nan_and_leaves_the_others(name):
    p = np.zeros(3)
    CLASSES[name](0.1, eps=0.0).step(p, GRAD)
    assert np.isnan(p[0])
    assert np.all(np.isfinite(p[1:])) and np.all(p[1:] != 0)
    q = np.zeros(3)
    CLASSES[name](0.1).step(q, GRAD)  # the default eps keeps the idle coordinate at 0
    assert q[0] == 0.0


@pytest.mark.torch_live
@pytest.mark.parametrize("name", CLASSES)
def test_zero_eps_matches_pytorch(name, torch):
    p = np.zeros(3)
    CLASSES[name](0.1, eps=0.0).step(p, GRAD)
    t = torch.zeros(3, requires_grad=True)
    opt = getattr(torch.optim, TORCH_NAMES[name])([t], lr=0.1, eps=0.0)
    t.grad = torch.tensor(GRAD)
    opt.step()
    np.testing.assert_array_equal(p, t.detach().numpy())
