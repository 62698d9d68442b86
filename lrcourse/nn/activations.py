"""Activation functions of the hidden layers and their derivatives, elementwise."""

from __future__ import annotations

import numbers

import numpy as np

from .. import _checks

ACTIVATIONS: tuple[str, ...] = ("relu", "leaky_relu", "prelu", "elu", "sigmoid", "tanh")
"""Names accepted for ``activation``."""

#: The largest magnitude of a slope, ELU scale or initial weight scale or bias: no course goes
#: near it, and much larger ones overflow the forward pass of a deep network (a NaN loss at birth).
_MAGNITUDE = 1e3
_WHY = " (a larger one overflows the forward pass)"


def _magnitude(owner: str, name: str, value: object) -> float:
    """A finite real number of absolute value at most `_MAGNITUDE`."""
    return _checks.real(owner, name, value, limit=_MAGNITUDE, why=_WHY)


def _scale(owner: str, name: str, value: object) -> float:
    """A positive number at most `_MAGNITUDE` (``elu_alpha``, ``init_std``)."""
    return _checks.positive(owner, name, value, limit=_MAGNITUDE, why=_WHY)


def _act_into(name: str, z: np.ndarray, slope, alpha: float, a: np.ndarray,
              d: np.ndarray) -> None:
    """Write activation ``name`` at ``z`` into ``a`` and its derivative into ``d``.

    ``d`` is a boolean mask (``z > 0``) for relu, float64 otherwise. ``slope`` is the negative
    slope of leaky_relu / prelu (a float, or per-unit slopes broadcasting against ``z``),
    ``alpha`` the ELU scale. Written with ufuncs into given arrays, and with masks and products
    instead of ``np.where`` (several times slower on the ``(K, n, h)`` arrays of a sweep); the
    products give exactly ``z`` and exactly 1 where ``z > 0``.
    """
    if name == "relu":
        np.maximum(z, 0.0, out=a)
        np.greater(z, 0.0, out=d)
    elif name in ("leaky_relu", "prelu"):
        positive = z > 0
        np.multiply(~positive, slope, out=d)  # 0 where z > 0, the slope elsewhere
        d += positive
        np.multiply(z, d, out=a)
    elif name == "elu":
        positive = z > 0
        np.minimum(z, 0.0, out=a)
        np.expm1(a, out=a)
        a *= alpha  # alpha (e^z - 1) where z <= 0, exactly 0 where z > 0
        np.add(a, alpha, out=d)  # alpha e^z where z <= 0
        d *= ~positive
        d += positive
        a += np.maximum(z, 0.0)
    elif name == "sigmoid":
        np.negative(z, out=a)
        np.exp(a, out=a)  # may overflow to inf for z < -709: the sigmoid is then 0
        a += 1.0
        np.reciprocal(a, out=a)
        np.subtract(1.0, a, out=d)
        d *= a
    else:
        np.tanh(z, out=a)
        np.multiply(a, a, out=d)
        np.subtract(1.0, d, out=d)


def _activation_args(owner: str, name: object, x: object, negative_slope: object,
                     elu_alpha: object, prelu_slope: object):
    name = _checks.choice(owner, "name", name, ACTIVATIONS)
    scalar = isinstance(x, numbers.Real) and not isinstance(x, bool)
    arr = _checks.finite_array(owner, "x", x)
    slopes = {"leaky_relu": _magnitude(owner, "negative_slope", negative_slope),
              "prelu": _magnitude(owner, "prelu_slope", prelu_slope)}
    alpha = _scale(owner, "elu_alpha", elu_alpha)
    return name, scalar, arr, slopes.get(name, 0.0), alpha if name == "elu" else 1.0


def _act_public(name: str, x: np.ndarray, slope: float, alpha: float):
    a = np.empty_like(x)
    d = np.empty(x.shape, dtype=bool if name == "relu" else np.float64)
    with np.errstate(all="ignore"):
        _act_into(name, x, slope, alpha, a, d)
    return a, d.astype(np.float64, copy=False)


def activation(
    name: str,
    x: float | np.ndarray,
    *,
    negative_slope: float = 0.01,
    elu_alpha: float = 1.0,
    prelu_slope: float = 0.25,
) -> float | np.ndarray:
    r"""Value of a hidden-layer activation function, elementwise.

    .. math::

        \mathrm{relu}(x) = \max(0, x), \qquad
        \mathrm{leaky\_relu}(x) = \begin{cases} x & x > 0 \\ \nu\,x & x \le 0 \end{cases},

        \mathrm{prelu}(x) = \begin{cases} x & x > 0 \\ \nu\,x & x \le 0 \end{cases}, \qquad
        \mathrm{elu}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},

        \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \tanh(x).

    PReLU is leaky ReLU whose slope :math:`\nu` is learned (one per unit in `MLP`).
    PyTorch: ``torch.relu``, ``F.leaky_relu(x, negative_slope)``, ``F.prelu(x, weight)``,
    ``F.elu(x, alpha)``, ``torch.sigmoid``, ``torch.tanh``; Keras: ``relu``, ``LeakyReLU``,
    ``PReLU``, ``elu``, ``sigmoid``, ``tanh``.

    Parameters
    ----------
    name : str
        One of `ACTIVATIONS`.
    x : float or array_like
        Finite inputs, any shape.
    negative_slope : float
        :math:`\nu` of ``leaky_relu`` (torch's default 0.01).
    elu_alpha : float
        :math:`\alpha > 0` of ``elu``.
    prelu_slope : float
        :math:`\nu` of ``prelu`` (torch initializes it to 0.25).

    Returns
    -------
    float or ndarray
        A float for a scalar ``x``, else a float64 array of the shape of ``x``.
    """
    name, scalar, arr, slope, alpha = _activation_args(
        "activation", name, x, negative_slope, elu_alpha, prelu_slope
    )
    out, _ = _act_public(name, arr, slope, alpha)
    return float(out) if scalar else out


def activation_grad(
    name: str,
    x: float | np.ndarray,
    *,
    negative_slope: float = 0.01,
    elu_alpha: float = 1.0,
    prelu_slope: float = 0.25,
) -> float | np.ndarray:
    r"""Derivative of an activation function with respect to its input, elementwise.

    .. math::

        \mathrm{relu}'(x) = [x > 0], \qquad
        \mathrm{leaky\_relu}'(x) = \begin{cases} 1 & x > 0 \\ s & x \le 0 \end{cases},

        \mathrm{elu}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases},

        \sigma'(x) = \sigma(x)\,(1 - \sigma(x)), \qquad \tanh'(x) = 1 - \tanh^2(x).

    At the kink :math:`x = 0` the value is the one PyTorch's autograd uses: 0 for ReLU, the
    negative slope for leaky ReLU and PReLU, :math:`\alpha` for ELU. The derivative of ``relu``
    is exactly zero for every :math:`x \le 0`: a unit whose input stays there gets no gradient
    (a dead unit); :math:`\sigma'` never exceeds 1/4 and :math:`\tanh'` tends to 0 as
    :math:`|x|` grows (saturation).

    Parameters
    ----------
    name : str
        One of `ACTIVATIONS`.
    x : float or array_like
        Finite inputs, any shape.
    negative_slope, elu_alpha, prelu_slope : float
        As in `activation`.

    Returns
    -------
    float or ndarray
        A float for a scalar ``x``, else a float64 array of the shape of ``x``.
    """
    name, scalar, arr, slope, alpha = _activation_args(
        "activation_grad", name, x, negative_slope, elu_alpha, prelu_slope
    )
    _, out = _act_public(name, arr, slope, alpha)
    return float(out) if scalar else out
