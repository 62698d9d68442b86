r"""Critical points of a small network: its full Hessian, a critical-point finder, the index.

For a network with :math:`P` parameters (a few hundred at most: the Hessian has :math:`P^2`
entries and costs :math:`2P` gradients), these functions take a batch of ``K`` parameter
vectors :math:`\theta` (rows of a ``(K, P)`` array, in the order of `flatten`) and work on all
of them at once, through one `MLP` of ``2PK`` networks.
"""

from __future__ import annotations

import numpy as np

from .. import _checks
from .mlp import MLP

__all__ = ["find_critical_points", "flat_gradients", "hessians", "negative_index"]


def _model_and_thetas(owner: str, model: object, thetas: object) -> tuple[MLP, np.ndarray]:
    if not isinstance(model, MLP) or model.n_models is not None:
        _checks._fail(owner, "model", "a single lrcourse MLP (n_models=None)",
                      type(model).__name__, TypeError)
    arr = _checks.finite_array(owner, "thetas", thetas, ndim=2)
    size = sum(p.size for p in model.params)
    if arr.shape[1] != size or arr.shape[0] == 0:
        _checks._fail(owner, "thetas", f"an array of shape (K, {size}) (one parameter vector "
                      "per row)", f"an array of shape {arr.shape}")
    return model, arr


def _batch(model: MLP, thetas: np.ndarray) -> MLP:
    """``model`` replicated once per row of ``thetas``, each copy holding its row."""
    nets = model.replicate(thetas.shape[0])
    out, i = [], 0
    for p in model.params:
        out.append(thetas[:, i:i + p.size].reshape(thetas.shape[0], *p.shape))
        i += p.size
    nets.set_params(out)
    return nets


def flat_gradients(model: MLP, thetas: np.ndarray, X: np.ndarray,
                   y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""The loss :math:`\mathcal{L}(\theta)` and gradient :math:`\nabla\mathcal{L}(\theta)` of
    ``model``'s architecture on ``(X, y)`` at each row of ``thetas`` ``(K, P)``.

    Returns ``(loss (K,), grad (K, P))``.
    """
    model, thetas = _model_and_thetas("flat_gradients", model, thetas)
    loss, grads = _batch(model, thetas).loss_and_grads(X, y)
    return loss, np.concatenate([g.reshape(thetas.shape[0], -1) for g in grads], axis=1)


def hessians(model: MLP, thetas: np.ndarray, X: np.ndarray, y: np.ndarray,
             eps: float = 1e-4) -> np.ndarray:
    r"""The Hessian :math:`H = \nabla^2 \mathcal{L}(\theta)` at each row of ``thetas``.

    Column :math:`j` by central differences of gradients,
    :math:`H e_j \approx (\nabla\mathcal{L}(\theta + \varepsilon e_j)
    - \nabla\mathcal{L}(\theta - \varepsilon e_j)) / (2\varepsilon)` (exact for a quadratic),
    then symmetrized, :math:`(H + H^\top)/2`. Returns ``(K, P, P)``.
    """
    owner = "hessians"
    model, thetas = _model_and_thetas(owner, model, thetas)
    eps = _checks.positive(owner, "eps", eps, limit=1.0,
                           why=" (a finite-difference step along a coordinate)")
    K, P = thetas.shape
    shift = np.eye(P) * eps
    points = np.concatenate([thetas[:, None] + shift, thetas[:, None] - shift], axis=1)
    _, grads = flat_gradients(model, points.reshape(-1, P), X, y)
    grads = grads.reshape(K, 2, P, P)
    H = (grads[:, 0] - grads[:, 1]) / (2 * eps)
    return (H + np.swapaxes(H, 1, 2)) / 2


def _hessians(owner: str, H: np.ndarray) -> np.ndarray:
    """``H`` as finite square matrices, ``(P, P)`` or ``(K, P, P)``, or a clear refusal."""
    arr = _checks.finite_array(owner, "H", H)
    if arr.ndim not in (2, 3) or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] == 0:
        _checks._fail(owner, "H", "square matrices of shape (P, P) or (K, P, P)",
                      f"an array of shape {arr.shape}")
    return arr


def negative_index(H: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    r"""The index :math:`I`: the fraction of eigenvalues of each Hessian that are negative.

    An eigenvalue counts as negative below :math:`-\mathrm{tol} \cdot \max_i |\lambda_i|` (so
    that the rounding of a zero eigenvalue does not count). ``H`` is ``(P, P)`` or
    ``(K, P, P)``; returns a float or ``(K,)``.
    """
    owner = "negative_index"
    arr = _hessians(owner, H)
    tol = _checks.positive(owner, "tol", tol)
    lam = np.linalg.eigvalsh(arr)
    cut = tol * np.max(np.abs(lam), axis=-1, keepdims=True)
    out = np.mean(lam < -cut, axis=-1)
    return float(out) if arr.ndim == 2 else out


def gradient_flatness(H: np.ndarray, g: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    r"""The fraction of :math:`\lVert g\rVert^2` along the Hessian's near-null directions.

    With :math:`H = \sum_i \lambda_i q_i q_i^\top`, it is
    :math:`\sum_{|\lambda_i| < \mathrm{tol} \cdot \max_j |\lambda_j|} (q_i^\top g)^2 /
    \lVert g\rVert^2`: close to 1 at a gradient-flat point (Frye et al. 2021), where
    :math:`Hg \approx 0` and so the finder's step :math:`-(H^2 + \lambda I)^{-1} H g` vanishes
    without the gradient being zero. ``H`` is ``(P, P)`` or ``(K, P, P)``, ``g`` ``(P,)`` or
    ``(K, P)``, every row non-zero; returns a float or ``(K,)``.
    """
    owner = "gradient_flatness"
    arr = _hessians(owner, H)
    grad = _checks.finite_array(owner, "g", g)
    if grad.shape != arr.shape[:-1]:
        _checks._fail(owner, "g", f"an array of shape {arr.shape[:-1]} (one row per Hessian in H)",
                      f"an array of shape {grad.shape}")
    scale = np.max(np.abs(grad), axis=-1, keepdims=True)
    if np.any(scale == 0):
        _checks._fail(owner, "g", "non-zero in every row (a zero gradient has no direction)",
                      "a zero row")
    tol = _checks.positive(owner, "tol", tol)
    lam, Q = np.linalg.eigh(arr)
    gq2 = np.einsum("...pi,...p->...i", Q, grad / scale) ** 2
    flat = np.abs(lam) < tol * np.max(np.abs(lam), axis=-1, keepdims=True)
    out = np.sum(gq2 * flat, axis=-1) / np.sum(gq2, axis=-1)
    return float(out) if arr.ndim == 2 else out


def find_critical_points(model: MLP, thetas: np.ndarray, X: np.ndarray, y: np.ndarray,
                         steps: int = 20, damping: float = 1e-2) -> dict[str, np.ndarray]:
    r"""Look for a critical point (:math:`\nabla\mathcal{L} = 0`) near each row of ``thetas``.

    Levenberg-Marquardt on the equation :math:`g(\theta) = 0`: with the gradient :math:`g`
    and the Hessian :math:`H` (`hessians`), each step is

    .. math:: \Delta\theta = -(H^2 + \lambda I)^{-1} H g ,

    the damped Gauss-Newton step for :math:`\tfrac12\lVert g\rVert^2`. It is accepted if the
    gradient norm falls (then :math:`\lambda` is divided by 3), refused otherwise (then
    :math:`\lambda` is multiplied by 10); :math:`\lambda` starts at ``damping``. Unlike gradient
    descent on :math:`\mathcal{L}`, it is attracted to critical points of every kind: minima,
    saddles and maxima. It stops after ``steps`` steps whether or not it got there; always
    look at the gradient norm it reports, since such finders also settle where the gradient
    is small without being zero (Frye et al. 2021).

    Returns
    -------
    dict
        ``theta`` ``(K, P)``, ``loss`` ``(K,)``, ``grad_norm`` ``(K,)`` (at ``theta``),
        ``hessian`` ``(K, P, P)`` (at ``theta``) and ``index`` ``(K,)`` (`negative_index`).
    """
    owner = "find_critical_points"
    model, theta = _model_and_thetas(owner, model, thetas)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    lam = np.full(theta.shape[0], _checks.positive(owner, "damping", damping, limit=1e100,
                                                   why=" (it is squared-curvature sized)"))
    theta = theta.copy()
    loss, g = flat_gradients(model, theta, X, y)
    norm = np.linalg.norm(g, axis=1)
    H = hessians(model, theta, X, y)
    for _ in range(steps):
        w, Q = np.linalg.eigh(H)
        gq = np.einsum("kpi,kp->ki", Q, g)
        trial = theta - np.einsum("kpi,ki->kp", Q, gq * w / (w * w + lam[:, None]))
        new_loss, new_g = flat_gradients(model, trial, X, y)
        new_norm = np.linalg.norm(new_g, axis=1)
        better = new_norm < norm
        theta[better], g[better], loss[better] = trial[better], new_g[better], new_loss[better]
        norm[better] = new_norm[better]
        lam = np.where(better, lam / 3, lam * 10)
        if better.any():
            H[better] = hessians(model, theta[better], X, y)
    return {"theta": theta, "loss": loss, "grad_norm": norm, "hessian": H,
            "index": negative_index(H)}
