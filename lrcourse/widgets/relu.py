"""The dying-ReLU explorer: initialization, depth, width and rate against dead units."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _checks, plots
from ..nn import INITS, MLP
from ..optimizers import SGD
from ._explorer import (
    Explorer,
    _checked,
    _dropdown,
    _fewer_ticks,
    _int_slider,
    _log_slider,
    _number,
    _panels,
    _shown_for,
    _suptitle,
    recorded,
)

#: Inits offered by `relu_explorer` (those of `lrcourse.nn`).
RELU_INITS: tuple[str, ...] = tuple(INITS)


def _relu_data():
    from ..data import two_moons

    data = two_moons(n=400, noise=0.2, seed=0)
    return data.X_train, data.y_train


def relu_explorer_data(init: str = "he", depth: int = 4, width: int = 16, lr: float = 0.1,
                       init_std: float = 0.5, steps: int = 50, activation: str = "relu",
                       seed: int = 0) -> dict[str, Any]:
    r"""Dead ReLU units of an MLP on two moons, at initialization and after training.

    An MLP with ``depth`` hidden layers of ``width`` units (`MLP`, cross-entropy) is trained by
    full-batch gradient descent at rate ``lr`` for ``steps`` updates on the training set of
    ``two_moons(n=400, noise=0.2, seed=0)``. A unit is dead when it outputs 0 on every
    training input (`MLP.dead_fraction`): it then gets no gradient and never recovers.

    Parameters
    ----------
    init : str
        One of `lrcourse.nn.INITS`; ``init_std`` is used for ``"normal"`` only.
    depth, width : int
    lr : float
    init_std : float
    steps : int
        Updates (a run that diverges stops early).
    activation : str
    seed : int
        Seed of the initialization.

    Returns
    -------
    dict
        ``dead_init`` and ``dead_trained`` (``(depth,)`` fractions), ``activations``
        (per hidden layer, the activations on the training set after training), ``loss``
        (per update), ``diverged``, ``born_dead`` (every input gives the same output at
        initialization: some layer entirely dead).
    """
    owner = "relu_explorer_data"
    _checks.choice(owner, "init", init, INITS)
    depth = _checks.integer(owner, "depth", depth, minimum=1)
    width = _checks.integer(owner, "width", width, minimum=1)
    lr = _checks.positive(owner, "lr", lr)
    steps = _checks.integer(owner, "steps", steps, minimum=1)
    std = _checks.positive(owner, "init_std", init_std)
    X, y = _relu_data()
    model = MLP((X.shape[1], *([width] * depth), 2), activation=activation, init=init,
                init_std=std if init == "normal" else None, seed=seed)
    dead_init = model.dead_fraction(X)
    opt = SGD(lr)
    losses = []
    diverged = False
    for _ in range(steps):
        loss, grads = model.loss_and_grads(X, y)
        if not np.isfinite(loss) or (losses and loss > 100 * losses[0]):
            diverged = True
            break
        losses.append(loss)
        opt.step(model.params, grads)
    return {"dead_init": dead_init, "dead_trained": model.dead_fraction(X),
            "activations": [a for _, a in model.hidden_activations(X)],
            "loss": np.asarray(losses), "diverged": diverged,
            "born_dead": bool(np.any(dead_init == 1.0))}


@recorded
def relu_explorer(init: str = "he", depth: int = 4, width: int = 16, lr: float = 0.1,
                  init_std: float = 0.5, steps: int = 50) -> Explorer:
    """Initialization, depth, width and learning rate against dead ReLU units.

    Top: dead fraction per hidden layer at initialization and after ``steps`` updates.
    Bottom left: histogram of the activations of the first and last hidden layers after
    training (log counts; dead units pile up at 0). Bottom right: the training loss.

    Returns
    -------
    Explorer
    """
    owner = "relu_explorer"
    relu_explorer_data(init, depth, width, lr, init_std, steps)  # refuse bad arguments first
    init_menu = _checked(owner, "init", init, _dropdown("init", RELU_INITS, init))
    std_slider = _checked(owner, "init_std", init_std, _log_slider("normal std", init_std, 1e-2,
                                                                   3.0))
    sliders = {"depth": _checked(owner, "depth", depth, _int_slider("depth", depth, 1, 12)),
               "width": _checked(owner, "width", width, _int_slider("width", width, 2, 64)),
               "lr": _checked(owner, "lr", lr, _log_slider("η", lr, 1e-3, 10.0))}

    def draw(fig, init, depth, width, lr, init_std):
        from matplotlib.ticker import PercentFormatter

        data = relu_explorer_data(init, depth, width, lr, init_std, steps)
        def layout():  # dead units per layer across the top: up to 12 layers
            grid = fig.add_gridspec(2, 2)
            return (fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]),
                    fig.add_subplot(grid[1, 1]))

        dead, hist, loss = _panels(fig, layout)
        layers = np.arange(1, depth + 1)
        dead.bar(layers - 0.2, data["dead_init"], width=0.4, color=plots.COLORS[0],
                 label="at init")
        dead.bar(layers + 0.2, data["dead_trained"], width=0.4, color=plots.COLORS[1],
                 hatch="//", edgecolor="black", label="after training")
        dead.set_ylim(0, 1.02)
        dead.yaxis.set_major_formatter(PercentFormatter(1.0))
        dead.set_xlabel("hidden layer")
        dead.set_ylabel("dead units")
        dead.set_xticks(layers)
        # above the panel, right: bars reach 100 % and would hide under a legend inside
        dead.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, borderaxespad=0.2)
        picked = {1: data["activations"][0], depth: data["activations"][-1]}
        for i, (layer, act) in enumerate(picked.items()):
            hist.hist(act.ravel(), bins=30, histtype="step", linewidth=1.8,
                      color=plots.COLORS[i], linestyle=plots.LINESTYLES[i],
                      label=f"layer {layer}")
        plots.log_axis(hist, "y")
        hist.set_xlabel("activation after training")
        hist.set_ylabel("count")
        hist.legend()
        _fewer_ticks(hist.xaxis, nbins=6)
        if data["loss"].size:
            plots.loss_curves({"train": data["loss"]}, ax=loss, xlabel="update")
        status = "diverged, " if data["diverged"] else ""
        _suptitle(fig, f"{init} init, {depth}×{width}, η = {_number(lr, 3)}: {status}"
                  f"{100 * np.mean(data['dead_trained']):.0f}% of units dead after training")

    _shown_for(std_slider, init_menu, "normal")  # the standard deviation is normal's only
    return Explorer({"init": init_menu, **sliders, "init_std": std_slider},
                    draw, figsize=(7.5, 5.8),
                    primary={"init": None, "lr": (0.001, 0.01, 0.1, 1.0, 10.0)},
                    margins={"left": 0.115, "bottom": 0.085, "top": 0.87, "hspace": 0.42,
                             "wspace": 0.35})
