r"""The closed forms the course teaches: rates, optimal parameters and limits on a quadratic.

Everything here is about the quadratic loss
:math:`\mathcal{L}(\theta) = \tfrac12 \theta^\top A \theta` whose Hessian :math:`A` has the
eigenvalues (curvatures) :math:`\lambda_i`, from :math:`\mu` (the smallest) to :math:`L` (the
largest), :math:`\kappa = L/\mu`. Along each eigenvector the
methods of the course are linear recurrences, so their behaviour has a formula: gradient
descent's convergence factor, its stability limit :math:`2/L` and best rate
:math:`2/(L+\mu)`; the factors of heavy-ball and Nesterov momentum and their best pairs
:math:`(\eta, \beta)`; and the loss floor of SGD on the noisy quadratic. For the adaptive
methods: the bias correction and the window of an exponential average, AdaGrad's decaying and
curvature-free rates, RMSProp's denominators, and the size of Adam's steps.

Each function states its formula and where it comes from; the tests check every one against a
simulation (`lrcourse.optimizers` on `lrcourse.surfaces.Quadratic`, or the noisy quadratic of
`lrcourse.train.noisy_quadratic_sgd`). numpy only: the chapters, the pictures and the explorers
call these functions and keep no copies of the formulas.

The curvature argument of every function is either a sequence of eigenvalues or an object with
``eigenvalues`` (a `lrcourse.surfaces.Quadratic`), else with ``mu`` and ``L``. For all three
methods the worst eigenvalue of an interval :math:`[\mu, L]` is one of its ends, so
``(mu, L)`` gives the worst case over every quadratic with that spread.

The package's modules, each re-exported here (``lrcourse.theory.gd_rate`` is
``lrcourse.theory.quadratic.gd_rate``), one per topic so that each chapter's formulas sit
together:

- ``quadratic``: `gd_rate`, `stability_limit`, `optimal_lr`, `optimal_gd_rate`,
  `heavy_ball_rate`, `heavy_ball_optimal`, `nesterov_rate`, `nesterov_optimal`;
- ``momentum``: `momentum_factor` (a map over rates and momenta), `heavy_ball_roots`,
  `critical_momentum`, `momentum_step_limit`, `steps_to_tolerance`;
- ``noise``: `NQM_EIGENVALUES`, `noisy_quadratic_floor`, `noisy_quadratic_gd_loss`;
- ``adaptive``: `bias_correction`, `ema_window`, `ema_half_life`, `ema_recent_weight`,
  `adagrad_rate`, `adagrad_axis_path`, `rmsprop_expected_square`, `adam_step_scale`,
  `adam_first_step`;
- ``saddles``: `saddle_growth_factor`, `saddle_escape_steps`, `cubic_escape_steps`;
- ``plateaus``: `plateau_crossing_steps`, `saturation_threshold`, `backprop_profile`;
- ``dying``: `kill_interval` (the step sizes that kill a ReLU unit), `born_dead_bound`.
"""

from __future__ import annotations

from .adaptive import *  # noqa: F403
from .adaptive import __all__ as _adaptive
from .dying import *  # noqa: F403
from .dying import __all__ as _dying
from .momentum import *  # noqa: F403
from .momentum import __all__ as _momentum
from .noise import *  # noqa: F403
from .noise import __all__ as _noise
from .plateaus import *  # noqa: F403
from .plateaus import __all__ as _plateaus
from .quadratic import *  # noqa: F403
from .quadratic import __all__ as _quadratic
from .saddles import *  # noqa: F403
from .saddles import __all__ as _saddles

__all__ = sorted([*_adaptive, *_dying, *_momentum, *_noise, *_plateaus, *_quadratic, *_saddles])
