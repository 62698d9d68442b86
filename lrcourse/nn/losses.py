r"""The losses of `MLP` (the ``loss`` argument) and their gradients with respect to the output.

Mean-squared error and softmax cross-entropy, both means as PyTorch's defaults; the formulas are
in `MLP`'s docstring.
"""

from __future__ import annotations

import numpy as np

LOSSES: tuple[str, ...] = ("mse", "cross_entropy")
"""Names accepted for ``loss``."""


def _loss_and_delta(loss: str, out: np.ndarray, target: np.ndarray, need_delta: bool):
    """Mean loss per model and, if asked, its gradient with respect to the output ``out``.

    Overwrites ``out`` (the gradient is returned in its place).
    """
    n = out.shape[-2]
    if loss == "cross_entropy":
        shifted = out
        shifted -= out.max(axis=-1, keepdims=True)
        rows = np.arange(n)
        if target.ndim == 2:  # one batch of labels per model: target (K, n)
            picked = np.take_along_axis(shifted, target[..., None], axis=-1)[..., 0]
        else:
            picked = shifted[..., rows, target]
        e = np.exp(shifted, out=shifted)
        total = e @ np.ones(e.shape[-1])  # row sums, as one (fast) matrix product
        losses = (np.log(total) - picked).mean(axis=-1)
        if not need_delta:
            return losses, None
        e *= (1.0 / n) / total[..., None]  # softmax / n
        if target.ndim == 2:
            e[np.arange(len(target))[:, None], rows, target] -= 1.0 / n
        else:
            e[..., rows, target] -= 1.0 / n
        return losses, e
    diff = out
    diff -= target
    losses = (diff * diff).mean(axis=(-2, -1))
    if not need_delta:
        return losses, None
    diff *= 2.0 / (n * diff.shape[-1])
    return losses, diff
