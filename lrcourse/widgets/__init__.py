r"""Interactive explorers: sliders wired to a picture of `lrcourse.plots`.

Each explorer is two pieces:

- a **pure function** ``*_data(...)`` that computes what the picture shows (a dict of arrays and
  numbers; tested, usable without any widget), and
- a **widget function** that builds the sliders and returns an `Explorer`.

An `Explorer` shows its controls when it is displayed and its figure with `Explorer.show`, so a
chapter uses two cells, as CONTRIBUTING.md describes::

    explorer = widgets.lr_explorer()
    explorer            # controls cell (nbval-ignore-output)

    explorer.show()     # picture cell: the default state's PNG,
                        # updated as the sliders move

The figure is a ``matplotlib.figure.Figure`` that pyplot does not manage (it is never shown
twice) displayed with ``IPython.display.display(fig, display_id=True)``; every slider change
recomputes the data, redraws and calls ``handle.update(fig)``. A starting value outside its
slider's range (or `Explorer.set` beyond it) is refused: ipywidgets would silently clamp it and
the picture would show something else than was asked. The stored output is therefore an
ordinary PNG: the static site shows it without a kernel.

On the static site the explorers move too. Each explorer function records how it was called
(`Explorer.record`), and the picture's output stores that record with the values drawn; each
explorer declares its one or two primary controls and their teaching grid (`Explorer.grid`).
The book's build (``book/_ext/static_explorers.py``) builds the explorer again from the record
(`explorer_from_record`), draws a frame for every combination of grid values
(`Explorer.frames`: exactly the PNG of `Explorer.png` after `Explorer.set`), and puts HTML
controls of the course's own script under the picture. ipywidgets and IPython are imported
only when an explorer is built.

The package's modules, each re-exported here (``lrcourse.widgets.lr_explorer`` is
``lrcourse.widgets.descent.lr_explorer``): ``_explorer`` (`Explorer`, the sliders,
`explorer_from_record`), ``descent`` (`lr_explorer`, `momentum_explorer`), ``noise``
(`schedule_explorer`, `minibatch_explorer`), ``relu`` (`relu_explorer`), ``saddles``
(`saddle_explorer`), ``vanishing`` (`gradient_explorer`), ``replay`` (`smoothing_explorer`,
`plateau_explorer`) and ``adaptive`` (`adaptive_explorer`). The numbers the explorers show come
from the layers below: the closed forms of `lrcourse.theory`, the loops of `lrcourse.train`;
`heavy_ball_rate`,
`NQM_EIGENVALUES`, `noisy_quadratic_sgd`, `make_schedule` and `SCHEDULE_KINDS` are
re-exported from there.
"""

from ..schedules import SCHEDULE_KINDS, make_schedule
from ..theory import NQM_EIGENVALUES, heavy_ball_rate
from ..train import noisy_quadratic_sgd
from ._explorer import FIGSIZE, MARGINS, Explorer, explorer_from_record
from .adaptive import ADAPTIVE_OPTIMIZERS, adaptive_explorer, adaptive_explorer_data
from .descent import lr_explorer, lr_explorer_data, momentum_explorer, momentum_explorer_data
from .noise import (
    MINIBATCH_SIZES,
    minibatch_explorer,
    minibatch_explorer_data,
    schedule_explorer,
    schedule_explorer_data,
)
from .relu import RELU_INITS, relu_explorer, relu_explorer_data
from .replay import (
    default_lr_range_result,
    default_plateau_curve,
    plateau_explorer,
    plateau_explorer_data,
    smoothing_explorer,
    smoothing_explorer_data,
)
from .saddles import SADDLE_METHODS, SADDLE_SURFACES, saddle_explorer, saddle_explorer_data
from .vanishing import (
    GRADIENT_ACTIVATIONS,
    GRADIENT_INITS,
    gradient_explorer,
    gradient_explorer_data,
)

__all__ = [
    "ADAPTIVE_OPTIMIZERS",
    "FIGSIZE",
    "GRADIENT_ACTIVATIONS",
    "GRADIENT_INITS",
    "MARGINS",
    "MINIBATCH_SIZES",
    "NQM_EIGENVALUES",
    "RELU_INITS",
    "SADDLE_METHODS",
    "SADDLE_SURFACES",
    "SCHEDULE_KINDS",
    "Explorer",
    "adaptive_explorer",
    "adaptive_explorer_data",
    "default_lr_range_result",
    "default_plateau_curve",
    "explorer_from_record",
    "gradient_explorer",
    "gradient_explorer_data",
    "heavy_ball_rate",
    "lr_explorer",
    "lr_explorer_data",
    "make_schedule",
    "minibatch_explorer",
    "minibatch_explorer_data",
    "momentum_explorer",
    "momentum_explorer_data",
    "noisy_quadratic_sgd",
    "plateau_explorer",
    "plateau_explorer_data",
    "relu_explorer",
    "relu_explorer_data",
    "saddle_explorer",
    "saddle_explorer_data",
    "schedule_explorer",
    "schedule_explorer_data",
    "smoothing_explorer",
    "smoothing_explorer_data",
]
