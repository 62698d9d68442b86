r"""Adaptive methods: bias correction, exponential averages, AdaGrad, RMSProp and Adam
step sizes."""

from __future__ import annotations

import math

import numpy as np

from .. import _checks

__all__ = [
    "adagrad_axis_path",
    "adagrad_rate",
    "adam_first_step",
    "adam_step_scale",
    "bias_correction",
    "ema_half_life",
    "ema_recent_weight",
    "ema_window",
    "rmsprop_expected_square",
]



def _steps_k(owner: str, k: object) -> np.ndarray:
    return _checks.steps(owner, k).astype(np.float64)


def _decay(owner: str, name: str, beta: object) -> float:
    return _checks.in_interval(owner, name, beta, 0.0, 1.0, high_open=True)


def _pair_betas(owner: str, betas: object) -> tuple[float, float]:
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        _checks._fail(owner, "betas", "a pair (beta1, beta2)", betas, TypeError)
    return (_decay(owner, "betas[0]", betas[0]), _decay(owner, "betas[1]", betas[1]))


def _scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    return float(x) if x.ndim == 0 else x


def bias_correction(beta: float, k: int | np.ndarray) -> float | np.ndarray:
    r"""The weight :math:`1 - \beta^{k+1}` of an exponential average after update :math:`k`.

    An average :math:`m_k = \beta m_{k-1} + (1-\beta)\, g_k` started at :math:`m_{-1} = 0` puts
    the weights :math:`(1-\beta)\beta^{k-j}` on :math:`g_0, \dots, g_k`; they sum to
    :math:`1 - \beta^{k+1}`, so for gradients with a common mean :math:`\bar g`,
    :math:`E[m_k] = (1 - \beta^{k+1})\,\bar g` and :math:`\hat m_k = m_k / (1 - \beta^{k+1})` is
    unbiased (Kingma and Ba 2015, Sec. 3, who count :math:`t = k + 1` from 1 and write
    :math:`1 - \beta^t`). PyTorch's ``Adam``: ``bias_correction1 = 1 - beta1 ** step`` with
    ``step`` = :math:`k + 1`.

    Parameters
    ----------
    beta : float
        Decay :math:`\beta \in [0, 1)`.
    k : int or integer ndarray
        Update number, counted from 0.

    Returns
    -------
    float or ndarray
    """
    owner = "bias_correction"
    beta = _decay(owner, "beta", beta)
    kk = _steps_k(owner, k)
    return _scalar_or_array(1.0 - beta ** (kk + 1.0))


def ema_window(beta: float) -> float:
    r"""The window :math:`1/(1-\beta)` of an exponential moving average.

    The weights :math:`(1-\beta)\beta^j` on the gradient :math:`j` updates old have the mean
    age :math:`\sum_j (j+1)(1-\beta)\beta^j = 1/(1-\beta)` (the newest gradient counted as age
    1): an average with :math:`\beta = 0.99` (RMSProp's default ``alpha``) remembers about the
    last 100 gradients, one with :math:`\beta_2 = 0.999` about the last 1000. Those newest
    :math:`1/(1-\beta)` gradients carry :math:`1 - \beta^{1/(1-\beta)} \approx 1 - 1/e = 63\,\%`
    of the weight (`ema_recent_weight`); the half-life (`ema_half_life`) is shorter,
    :math:`\ln 2 / \ln(1/\beta) \approx 0.69/(1-\beta)`.

    Parameters
    ----------
    beta : float
        Decay :math:`\beta \in [0, 1)`.

    Returns
    -------
    float
    """
    return 1.0 / (1.0 - _decay("ema_window", "beta", beta))


def ema_half_life(beta: float) -> float:
    r"""The half-life :math:`\ln 2 / \ln(1/\beta)` of an exponential moving average: after
    that many updates a gradient's weight has halved (:math:`\beta \in (0, 1)`)."""
    beta = _checks.in_interval("ema_half_life", "beta", beta, 0.0, 1.0, low_open=True,
                               high_open=True)
    return math.log(2.0) / -math.log(beta)


def ema_recent_weight(beta: float, n: float | np.ndarray) -> float | np.ndarray:
    r"""The share :math:`1 - \beta^n` of an exponential average's weight that rests on its
    :math:`n` newest inputs (in the long run, once the start has been forgotten).

    Parameters
    ----------
    beta : float
        Decay :math:`\beta \in [0, 1)`.
    n : float or ndarray
        Number of newest inputs, :math:`\ge 0` (need not be an integer).
    """
    owner = "ema_recent_weight"
    beta = _decay(owner, "beta", beta)
    nn = _checks.finite_array(owner, "n", n)
    if np.any(nn < 0):
        _checks._fail(owner, "n", "non-negative (>= 0)", float(nn.min()))
    return _scalar_or_array(1.0 - beta ** nn)


def adagrad_rate(lr: float, grad_rms: float, k: int | np.ndarray,
                 eps: float = 1e-10) -> float | np.ndarray:
    r"""AdaGrad's per-coordinate rate :math:`\eta / (\sqrt{G_k} + \epsilon)` when every gradient
    of the coordinate has the root mean square :math:`r`.

    AdaGrad accumulates :math:`G_k = \sum_{j=0}^{k} g_j^2` and updates
    :math:`\theta_{k+1} = \theta_k - \eta\, g_k / (\sqrt{G_k} + \epsilon)` (PyTorch
    ``Adagrad``, `lrcourse.optimizers.AdaGrad`). With :math:`E[g_j^2] = r^2`,
    :math:`G_k \approx (k+1)\, r^2` and the rate is

    .. math:: \frac{\eta}{r\sqrt{k+1} + \epsilon},

    exact when every :math:`|g_j| = r`: it falls like :math:`1/\sqrt{k}` for ever, however
    far the parameter still is from a minimum.

    Parameters
    ----------
    lr : float
        :math:`\eta > 0`.
    grad_rms : float
        :math:`r > 0`.
    k : int or integer ndarray
        Update number, counted from 0.
    eps : float
        :math:`\epsilon \ge 0` (PyTorch's default 1e-10).
    """
    owner = "adagrad_rate"
    lr = _checks.positive(owner, "lr", lr)
    rms = _checks.positive(owner, "grad_rms", grad_rms)
    eps = _checks.nonnegative(owner, "eps", eps)
    kk = _steps_k(owner, k)
    with np.errstate(over="ignore"):  # a huge grad_rms: the rate underflows to 0, rightly
        return _scalar_or_array(lr / (rms * np.sqrt(kk + 1.0) + eps))


def adagrad_axis_path(theta0: float | np.ndarray, lr: float, steps: int) -> np.ndarray:
    r"""AdaGrad on an axis-aligned quadratic, which does not depend on the curvatures.

    On :math:`\mathcal{L}(\theta) = \tfrac12 \sum_i \lambda_i \theta_i^2` the gradient is
    :math:`g_{k,i} = \lambda_i \theta_{k,i}`, so (with :math:`\epsilon = 0`) the curvature cancels
    from AdaGrad's update:

    .. math::

        \theta_{k+1,i} = \theta_{k,i} - \eta\,\frac{\lambda_i \theta_{k,i}}
        {\sqrt{\sum_{j \le k} \lambda_i^2 \theta_{j,i}^2}}
        = \theta_{k,i} \Big(1 - \frac{\eta}{\sqrt{\sum_{j \le k} \theta_{j,i}^2}}\Big).

    Every coordinate follows the same curvature-free recurrence: AdaGrad is an exact diagonal
    preconditioner (:math:`1/\lambda_i`) for such a valley, whatever its condition number.
    (Its first step moves every coordinate by exactly :math:`\eta` towards 0.)

    Parameters
    ----------
    theta0 : float or ndarray
        Starting point(s), every coordinate nonzero.
    lr : float
        :math:`\eta > 0`.
    steps : int
        Number of updates, >= 1.

    Returns
    -------
    ndarray
        The iterates, shape ``(steps + 1, *theta0.shape)``.
    """
    owner = "adagrad_axis_path"
    x = _checks.finite_array(owner, "theta0", theta0).copy()
    if np.any(x == 0):
        _checks._fail(owner, "theta0", "nonzero in every coordinate (0 is the minimum)",
                      "an array with zeros")
    lr = _checks.positive(owner, "lr", lr)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    path = np.empty((steps + 1, *x.shape))
    path[0] = x
    acc = np.zeros_like(x)
    with np.errstate(all="ignore"):
        for k in range(steps):
            acc += x * x
            x = x - lr * x / np.sqrt(acc)
            path[k + 1] = x
    _checks.finite_result(owner, "lr", lr, path)
    return path


def rmsprop_expected_square(mean: float, std: float, alpha: float,
                            centered: bool = False) -> float:
    r"""The long-run expectation of what RMSProp takes the root of, for i.i.d. gradients.

    With gradients of mean :math:`\bar g` and standard deviation :math:`s`, the average
    :math:`v_k = \alpha v_{k-1} + (1-\alpha) g_k^2` tends in expectation to
    :math:`E[g^2] = \bar g^2 + s^2`. Centered RMSProp subtracts the square of the running mean
    :math:`\bar g_k = \alpha \bar g_{k-1} + (1-\alpha) g_k`, whose variance is
    :math:`s^2 (1-\alpha)/(1+\alpha)`, so

    .. math::

        E[v_k] = \bar g^2 + s^2, \qquad
        E[v_k - \bar g_k^2] = s^2\,\frac{2\alpha}{1+\alpha} \quad (\text{centered}).

    The uncentered rate :math:`\eta/\sqrt{v}` is small wherever the gradient is large, noise or
    not; the centered one only where it is noisy, so a steady gradient gets a larger step.

    Parameters
    ----------
    mean : float
        :math:`\bar g`.
    std : float
        :math:`s \ge 0`.
    alpha : float
        :math:`\alpha \in [0, 1)` (PyTorch's ``alpha``, Adam's :math:`\beta_2`).
    centered : bool
        PyTorch's ``centered``.
    """
    owner = "rmsprop_expected_square"
    mean = _checks.real(owner, "mean", mean)
    std = _checks.nonnegative(owner, "std", std)
    alpha = _decay(owner, "alpha", alpha)
    if not isinstance(centered, bool):
        _checks._fail(owner, "centered", "True or False", centered, TypeError)
    for name, value in (("mean", mean), ("std", std)):  # their squares must be finite
        _checks.finite_result(owner, name, value, value * value)
    if centered:
        return std * std * 2.0 * alpha / (1.0 + alpha)
    _checks.finite_result(owner, "std", std, mean * mean + std * std)
    return mean * mean + std * std


def adam_step_scale(k: int | np.ndarray, betas: tuple[float, float] = (0.9, 0.999),
                    correct_first: bool = True, correct_second: bool = True,
                    exponent_offset: int = 1) -> float | np.ndarray:
    r"""Adam's step :math:`|\theta_{k+1} - \theta_k| / \eta` under a constant gradient
    (:math:`\epsilon = 0`), with or without each bias correction.

    For :math:`g_j = g \ne 0`, :math:`m_k = (1 - \beta_1^{k+1})\, g` and
    :math:`v_k = (1 - \beta_2^{k+1})\, g^2`. Adam divides them by
    :math:`c_1 = 1 - \beta_1^{k+o}` and :math:`c_2 = 1 - \beta_2^{k+o}` (:math:`o` =
    ``exponent_offset``; 1 is right for :math:`k` counted from 0), so the step is

    .. math::

        \frac{|\Delta\theta_k|}{\eta} = \frac{(1 - \beta_1^{k+1}) / c_1}
        {\sqrt{(1 - \beta_2^{k+1}) / c_2}},

    with :math:`c_1 = 1` or :math:`c_2 = 1` for a correction left out. Both corrections: exactly
    1 at every step. Neither: :math:`(1-\beta_1^{k+1})/\sqrt{1-\beta_2^{k+1}}`, about 3.2 at
    the first step for the default betas. Only the first moment's correction left out:
    :math:`1 - \beta_1^{k+1}`, 0.1 at the first step. An exponent off by one is wrong too:
    :math:`o = 0` divides by :math:`1 - \beta^0 = 0` at the first step (returned as inf),
    :math:`o = 2` makes the first step :math:`\sqrt{1+\beta_2}/(1+\beta_1) \approx 0.74`.

    Parameters
    ----------
    k : int or integer ndarray
        Update number, counted from 0.
    betas : (float, float)
        :math:`(\beta_1, \beta_2)`, each in :math:`[0, 1)`.
    correct_first, correct_second : bool
        Whether :math:`m_k`, :math:`v_k` are divided by their correction.
    exponent_offset : int
        :math:`o \ge 0` in the corrections' exponent :math:`k + o`.
    """
    owner = "adam_step_scale"
    kk = _steps_k(owner, k)
    b1, b2 = _pair_betas(owner, betas)
    for name, flag in (("correct_first", correct_first), ("correct_second", correct_second)):
        if not isinstance(flag, bool):
            _checks._fail(owner, name, "True or False", flag, TypeError)
    o = _checks.integer(owner, "exponent_offset", exponent_offset, minimum=0)
    m = 1.0 - b1 ** (kk + 1.0)
    v = 1.0 - b2 ** (kk + 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if correct_first:
            m = m / (1.0 - b1 ** (kk + o))
        if correct_second:
            v = v / (1.0 - b2 ** (kk + o))
        out = m / np.sqrt(v)
    out = np.where(np.isfinite(out), out, np.inf)
    return _scalar_or_array(out)


def adam_first_step(grad: float | np.ndarray, lr: float, eps: float = 1e-8,
                    eps_inside: bool = False) -> float | np.ndarray:
    r"""Adam's (and AdamW's without decay) first update :math:`\theta_1 - \theta_0`.

    At :math:`k = 0` the corrected moments are :math:`\hat m_0 = g_0`, :math:`\hat v_0 = g_0^2`,
    so with :math:`\epsilon` outside the root, as PyTorch adds it,

    .. math:: \theta_1 - \theta_0 = -\eta\,\frac{g_0}{|g_0| + \epsilon},

    a move of :math:`\eta` (to within a factor :math:`1 - \epsilon/|g_0|`) for every coordinate
    whose gradient is well above :math:`\epsilon`, whatever its size; half of :math:`\eta` at
    :math:`|g_0| = \epsilon`; none where :math:`g_0 = 0`. With ``eps_inside``, the root
    :math:`\sqrt{\hat v_0 + \epsilon}` of some texts, the move is
    :math:`-\eta\, g_0/\sqrt{g_0^2 + \epsilon}` instead: below :math:`|g_0| \approx
    \sqrt\epsilon` it shrinks.

    Parameters
    ----------
    grad : float or ndarray
        :math:`g_0`.
    lr : float
        :math:`\eta > 0`.
    eps : float
        :math:`\epsilon \ge 0`.
    eps_inside : bool
        Add :math:`\epsilon` under the root instead of to it (not PyTorch's Adam).
    """
    owner = "adam_first_step"
    g = _checks.finite_array(owner, "grad", grad)
    lr = _checks.positive(owner, "lr", lr)
    eps = _checks.nonnegative(owner, "eps", eps)
    if not isinstance(eps_inside, bool):
        _checks._fail(owner, "eps_inside", "True or False", eps_inside, TypeError)
    denom = np.hypot(g, math.sqrt(eps)) if eps_inside else np.abs(g) + eps
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        out = np.where(g == 0, 0.0, -lr * g / denom)
    _checks.finite_result(owner, "lr", lr, out)
    return _scalar_or_array(out)
