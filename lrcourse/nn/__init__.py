r"""A tiny fully connected network in numpy, with hand-written backpropagation.

`MLP` is the network of the training chapters: hidden layers with one activation function, a
linear output layer, mean-squared-error or softmax cross-entropy loss, and the initializations
the chapters compare. With ``n_models=K`` one `MLP` holds ``K`` independent networks in one set
of arrays (every parameter gets a leading axis of length ``K``), so that a learning-rate sweep
trains ``K`` networks with one batched matrix product per layer instead of a Python loop.

Shapes. A layer computes :math:`Z = A W + b` with ``A`` of shape ``(n, fan_in)``, ``W`` of shape
``(fan_in, fan_out)`` and ``b`` of shape ``(fan_out,)``; PyTorch's ``nn.Linear`` stores the
transpose of ``W`` as its ``weight``. With ``K`` models ``W`` is ``(K, fan_in, fan_out)``, ``b`` is
``(K, fan_out)`` and every activation is ``(K, n, width)``; the inputs ``X`` of shape ``(n, d)``
are shared by the ``K`` models, or (`MLP.loss_and_grads`, for minibatches drawn separately
for each model) ``X`` has shape ``(K, n, d)``, one batch per model.

Numbers are float64 throughout. A model whose parameters are not finite (a diverged member of a
sweep) computes NaN or infinite values without raising or warning, and the other models of its
batch are unaffected.

The package's modules, each re-exported here (``lrcourse.nn.MLP`` is ``lrcourse.nn.mlp.MLP``):
``activations`` (`activation`, `activation_grad`, `ACTIVATIONS`), ``init`` (`INITS`,
`RAI_SIGMA`, `weight_std`), ``losses`` (`LOSSES`), ``mlp`` (`MLP`, `flatten`, `sharpness`),
``critical`` (`hessians`, `find_critical_points`, `negative_index`, `gradient_flatness`,
`flat_gradients`: the critical points of a small network) and ``dying``
(`inactive_fraction`, `born_dead`, `born_dead_rates`).
"""

from .activations import ACTIVATIONS, activation, activation_grad
from .critical import (
           find_critical_points,
           flat_gradients,
           gradient_flatness,
           hessians,
           negative_index,
)
from .dying import born_dead, born_dead_rates, inactive_fraction
from .init import INITS, RAI_SIGMA, weight_std
from .losses import LOSSES
from .mlp import MLP, flatten, sharpness

__all__ = ["ACTIVATIONS", "INITS", "LOSSES", "MLP", "RAI_SIGMA", "activation", "activation_grad",
           "born_dead", "born_dead_rates", "find_critical_points", "flat_gradients", "flatten",
           "gradient_flatness", "hessians", "inactive_fraction", "negative_index", "sharpness",
           "weight_std"]
