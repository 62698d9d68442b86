r"""Figures of the course: one function per kind of picture, one colour-blind-safe style.

Every function takes an optional ``ax`` (a matplotlib ``Axes``) and returns what it drew on: the
``Axes``, or ``(fig, axes)`` for the multi-panel pictures. When ``ax`` is ``None`` a new figure is
made with ``matplotlib.pyplot.subplots``, so under ``%matplotlib inline`` it is shown once, at the
end of the cell; no function calls ``plt.show()``. To draw into a figure that pyplot does not
manage (the widgets do this), pass the ``Axes`` of a ``matplotlib.figure.Figure``.

The style: the Okabe-Ito palette (`COLORS`, distinguishable with every common colour-vision
deficiency), a different line style (`LINESTYLES`) and marker (`MARKERS`) for each series so a
figure also reads in greyscale, and font sizes for a page about 1280 pixels wide (`style`).
Learning rates that span decades are drawn on log axes.

matplotlib is imported here only, and only when this package is first used
(``lrcourse.plots`` is loaded lazily by ``import lrcourse``).

The package's modules, each re-exported here (``lrcourse.plots.loss_curves`` is
``lrcourse.plots.training.loss_curves``): ``_style`` (the style, `log_axis`, `rate_ticks`),
``scheduling`` (schedules and momentum against the step), ``training`` (loss, rate and accuracy
curves, replicates with their spread, update ratios, the LR range test, sweep results, search
points), ``landscapes`` (`convergence_rate`, paths over contours and 1-D curves), ``networks``
(activation histograms, dead units), ``momentum`` (the factor of momentum over the rate and
momentum plane), ``saddles`` (escape times near a saddle, the index of critical points against
their loss), ``plateaus`` (saturating activations, gradients per layer, measured against
predicted, epochs to escape a plateau), ``adaptive`` (per-parameter rates against the step,
their spread over a network's layers, and sweeps with replicates) and ``dying`` (ReLU and its
variants, the step that kills a unit, dead units against the rate and unit by unit, the cures,
networks born dead)."""

from ._style import COLORS, LINESTYLES, MARKERS, RC, log_axis, rate_ticks, style
from .adaptive import effective_lr_bands, step_curves, sweep_bands
from .dying import (
    born_dead_map,
    cure_runs,
    one_step_deaths,
    rate_deaths,
    relu_family,
    unit_raster,
)
from .landscapes import contour_trajectories, convergence_rate, path_1d
from .momentum import momentum_factor_map
from .networks import activation_histograms, dead_fractions
from .plateaus import escape_epochs, layer_gradients, measured_vs_predicted, saturation
from .saddles import escape_spread, escape_times, index_vs_loss
from .scheduling import momentum, schedule, schedule_grid, schedule_momentum, schedules
from .training import (
    accuracy_curves,
    loss_curves,
    lr_curves,
    lr_finder,
    search_points,
    spread_curves,
    sweep_result,
    update_ratio,
)

__all__ = [
    "COLORS",
    "LINESTYLES",
    "MARKERS",
    "RC",
    "accuracy_curves",
    "activation_histograms",
    "born_dead_map",
    "contour_trajectories",
    "convergence_rate",
    "cure_runs",
    "dead_fractions",
    "effective_lr_bands",
    "escape_epochs",
    "escape_spread",
    "escape_times",
    "index_vs_loss",
    "layer_gradients",
    "log_axis",
    "loss_curves",
    "lr_curves",
    "lr_finder",
    "measured_vs_predicted",
    "momentum",
    "momentum_factor_map",
    "one_step_deaths",
    "path_1d",
    "rate_deaths",
    "rate_ticks",
    "relu_family",
    "saturation",
    "schedule",
    "schedule_grid",
    "schedule_momentum",
    "schedules",
    "search_points",
    "spread_curves",
    "step_curves",
    "style",
    "sweep_bands",
    "sweep_result",
    "unit_raster",
    "update_ratio",
]
