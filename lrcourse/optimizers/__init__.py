r"""Gradient-descent optimizers in numpy, numerically identical to ``torch.optim``.

`SGD`, `AdaGrad`, `RMSProp`, `Adam` and `AdamW` follow the single-tensor algorithms of
``torch.optim`` (``foreach=False``) operation by operation, in float64, so that a trajectory
computed here matches PyTorch's to rounding. All share the interface of `Optimizer`:

``opt.step(params, grads)``
    updates ``params`` (one float64 ndarray or a list of them) **in place** from ``grads`` (the
    same structure and shapes) and returns ``None``.
``opt.lr``
    a positive float; a `lrcourse.schedules.Schedule` (the update number :math:`k`, counted from
    0, uses ``lr(k)``, i.e. what PyTorch's ``scheduler.get_last_lr()`` returns after :math:`k`
    calls of ``scheduler.step()``); or a 1-D array of :math:`K` positive rates, applied along the
    leading axis of every parameter (each parameter then has shape ``(K, ...)``): :math:`K`
    independent runs in one pass. A loop may later assign a rate of 0 (a schedule's value, such
    as the first rate of a warmup from 0), as PyTorch allows; the constructor refuses it.
``opt.step_count``, ``opt.last_lr``, ``opt.state``
    the number of updates made, the rate (float, or the ``(K,)`` array) the last update used,
    and one dict per parameter holding the optimizer's buffers under PyTorch's names
    (``momentum_buffer``, ``sum``, ``square_avg``, ``grad_avg``, ``exp_avg``, ``exp_avg_sq``,
    ``max_exp_avg_sq``, ``step``).

Every hyper-parameter is a plain public attribute, validated when it is set and read afresh at
every step, so a training loop may reassign ``opt.lr``, ``opt.momentum`` or ``opt.betas`` between
steps (cycled momentum, reduce-on-plateau). The numeric hyper-parameters (``momentum``,
``weight_decay``, ``eps``, ``betas``, ...) also accept a 1-D array of per-run values, like ``lr``,
so that a chapter can sweep momentum in one pass. ``opt.reset()`` forgets the state.

A non-finite gradient is not an error here (a training loop detects divergence): it turns its own
parameter (or its own run, along the leading axis) into NaN or infinity without raising or
warning, and never touches the other parameters or runs, since no quantity mixes them. The same
holds for ``eps=0`` in the adaptive methods, which PyTorch allows: a coordinate whose gradients
have all been exactly 0 is divided 0/0 and becomes NaN there, as it does in PyTorch.

Everything ``step`` checks (structure, shapes, dtypes, writeable parameters, the rate) is checked
before the first parameter changes: a step that raises leaves every parameter and all of the
optimizer's state as it was.

The package's modules, each re-exported here (``lrcourse.optimizers.Adam`` is
``lrcourse.optimizers.adaptive.Adam``): ``base`` (`Optimizer`), ``sgd`` (`SGD`, and
`SutskeverSGD`, momentum with the rate inside the velocity) and ``adaptive`` (`AdaGrad`,
`RMSProp`, `Adam`, `AdamW`).
"""

from .adaptive import AdaGrad, Adam, AdamW, RMSProp
from .base import Optimizer
from .sgd import SGD, SutskeverSGD

__all__ = ["SGD", "AdaGrad", "Adam", "AdamW", "Optimizer", "RMSProp", "SutskeverSGD"]
