"""The vanishing-gradient explorer: depth, activation and initialization against the size of
each layer's gradient at initialization."""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as np

from .. import _checks, plots, theory
from ..nn import MLP, weight_std
from ._explorer import (
    Explorer,
    _checked,
    _dropdown,
    _int_slider,
    _log_slider,
    _number,
    _panels,
    _shown_for,
    _suptitle,
    recorded,
)

#: Activations offered by `gradient_explorer` (those `lrcourse.theory.backprop_profile` models).
GRADIENT_ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu")
#: Initializations offered by `gradient_explorer`.
GRADIENT_INITS: tuple[str, ...] = ("normal", "xavier", "he", "lecun")

_ROWS = 256  # digits rows the gradients are measured on


@functools.cache
def _digits_rows():
    """The rows every update measures on, loaded once (read-only: they are shared)."""
    from ..data import digits

    data = digits()
    X, y = data.X_train[:_ROWS].copy(), data.y_train[:_ROWS].copy()
    X.flags.writeable = y.flags.writeable = False
    return X, y


def gradient_explorer_data(activation: str = "sigmoid", init: str = "xavier", depth: int = 8,
                           init_std: float = 0.05, width: int = 64,
                           replicates: int = 5) -> dict[str, Any]:
    r"""Per-layer weight-gradient norms of freshly initialized networks, and their prediction.

    ``replicates`` networks `MLP` ``(64, width × depth, 10)`` (seeds 0, 1, ...; cross-entropy)
    are evaluated on the first 256 training rows of the standardized digits. For each hidden
    weight matrix :math:`W^{(l)}` the norm :math:`\lVert \partial \mathcal{L}/\partial W^{(l)}
    \rVert_F` comes from `MLP.layer_stats`; `lrcourse.theory.backprop_profile` predicts their
    ratios, drawn through the median measured norm of the last hidden layer.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu"}
    init : {"normal", "xavier", "he", "lecun"}
        ``init_std`` is the standard deviation of ``"normal"`` only.
    depth, width : int
        Hidden layers and their width.
    init_std : float
    replicates : int

    Returns
    -------
    dict
        ``grad_norm`` ``(replicates, depth)``; ``predicted`` ``(depth,)``; ``factor``
        ``(depth - 1,)`` the predicted per-layer backward factors; ``pre_first`` and
        ``pre_last`` the pre-activations of the first and last hidden layers of the first
        network (flattened).
    """
    owner = "gradient_explorer_data"
    activation = _checks.choice(owner, "activation", activation, GRADIENT_ACTIVATIONS)
    init = _checks.choice(owner, "init", init, GRADIENT_INITS)
    depth = _checks.integer(owner, "depth", depth, minimum=1, maximum=50)
    width = _checks.integer(owner, "width", width, minimum=1, maximum=1024)
    std = _checks.positive(owner, "init_std", init_std, limit=1e3)
    replicates = _checks.integer(owner, "replicates", replicates, minimum=1, maximum=100)
    X, y = _digits_rows()
    sizes = (X.shape[1], *([width] * depth), 10)
    given = std if init == "normal" else None
    model = MLP(sizes, activation=activation, init=init, init_std=given,
                seed=0).reseeded(list(range(replicates)))
    norms = np.atleast_2d(model.layer_stats(X, y)["grad_norm"])
    stds = [weight_std(init, a, b, given) for a, b in itertools.pairwise(sizes)]
    profile = theory.backprop_profile(activation, sizes, stds, float(np.mean(X * X)))
    anchor = np.median(norms[:, -1])
    pre = model.select(0).hidden_activations(X)
    return {"grad_norm": norms, "predicted": anchor * profile["grad_norm"],
            "factor": profile["factor"], "pre_first": pre[0][0].ravel(),
            "pre_last": pre[-1][0].ravel()}


@recorded
def gradient_explorer(activation: str = "sigmoid", init: str = "xavier", depth: int = 8,
                      init_std: float = 0.05) -> Explorer:
    """Depth, activation and initialization against the gradient each layer receives.

    Left: the norm of each hidden layer's weight gradient at initialization (median and range
    of 5 networks) and the mean-field prediction (`gradient_explorer_data`). Right: the
    pre-activations of the first and last hidden layers (the window holds 99.5 % of them),
    with the inputs where the unit passes (almost) no gradient shaded: the pre-activations
    :math:`h` with :math:`f'(h)` below 1 % of its maximum for sigmoid and tanh,
    :math:`h \\le 0` for ReLU.

    Returns
    -------
    Explorer
    """
    owner = "gradient_explorer"
    gradient_explorer_data(activation, init, depth, init_std, replicates=1)  # refuse first
    act_menu = _checked(owner, "activation", activation,
                        _dropdown("activation", GRADIENT_ACTIVATIONS, activation))
    init_menu = _checked(owner, "init", init, _dropdown("init", GRADIENT_INITS, init))
    depth_slider = _checked(owner, "depth", depth, _int_slider("depth", depth, 2, 16))
    std_slider = _checked(owner, "init_std", init_std,
                          _log_slider("normal std", init_std, 1e-2, 3.0))

    def draw(fig, activation, init, depth, init_std):
        data = gradient_explorer_data(activation, init, depth, init_std)
        grad_ax, hist_ax = _panels(fig, lambda: fig.subplots(1, 2))
        layers = np.arange(1, depth + 1)
        norms = data["grad_norm"]
        grad_ax.fill_between(layers, norms.min(axis=0), norms.max(axis=0),
                             color=plots.COLORS[0], alpha=0.25, linewidth=0)
        grad_ax.plot(layers, np.median(norms, axis=0), color=plots.COLORS[0], marker="o",
                     label="measured (5 networks)")
        grad_ax.plot(layers, data["predicted"], color=plots.COLORS[1], linestyle="--",
                     marker="s", markerfacecolor="none", label="predicted")
        plots.log_axis(grad_ax, "y")
        grad_ax.set_xlabel("hidden layer $i$")
        grad_ax.set_ylabel(r"$\Vert \partial\mathcal{L}/\partial W^{(i)} \Vert$")
        grad_ax.legend(loc="best")
        pre = {"layer 1": data["pre_first"], f"layer {depth}": data["pre_last"]}
        # the bulk of the inputs, and the saturation edge with some room beyond it
        bulk = max(float(np.percentile(np.abs(v), 99.5)) for v in pre.values())
        edge = 0.0 if activation == "relu" else theory.saturation_threshold(activation, 0.01)
        zmax = max(1.1 * bulk, 1.4 * edge, 1e-3)
        bins = np.linspace(-zmax, zmax, 41)
        for i, (label, values) in enumerate(pre.items()):
            hist_ax.hist(values, bins=bins, histtype="step", linewidth=1.8,
                         color=plots.COLORS[i], linestyle=plots.LINESTYLES[i], label=label)
        if activation == "relu":
            hist_ax.axvspan(-zmax, 0.0, color=plots.COLORS[2], alpha=0.15, linewidth=0,
                            label="$f'(h) = 0$")
        else:
            for lo, hi in ((-zmax, -edge), (edge, zmax)):
                hist_ax.axvspan(lo, hi, color=plots.COLORS[2], alpha=0.15, linewidth=0)
            hist_ax.fill_between([], [], color=plots.COLORS[2], alpha=0.15, linewidth=0,
                                 label="saturated")
        hist_ax.set_xlim(-zmax, zmax)
        hist_ax.set_xlabel("pre-activation $h$")
        hist_ax.set_ylabel("count")
        hist_ax.legend(loc="upper right")
        shown = f"normal({_number(init_std)})" if init == "normal" else init
        ratio = np.median(norms[:, 0]) / np.median(norms[:, -1])
        _suptitle(fig, f"{activation}, {shown} init, {depth} layers: layer 1 gets "
                  f"{_number(ratio)} × the last layer's gradient")

    _shown_for(std_slider, init_menu, "normal")  # the standard deviation is normal's only
    return Explorer({"activation": act_menu, "init": init_menu, "depth": depth_slider,
                     "init_std": std_slider}, draw,
                    figsize=(7.5, 4.0), margins={"left": 0.1, "wspace": 0.32},
                    primary={"activation": None, "init": ("normal", "xavier", "he")})
