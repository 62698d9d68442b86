"""lrcourse: the companion package of the course on learning rates in neural-network training.

Numpy-only below the picture layer, and numerically identical to PyTorch wherever PyTorch has the
same thing. Every public name of the numerical layers is re-exported here; the picture layers
(``lrcourse.plots``, ``lrcourse.widgets``) load on first use, so ``import lrcourse`` stays fast and
never imports matplotlib, ipywidgets or scikit-learn.
"""

import importlib

from . import data, finder, nn, optimizers, schedules, surfaces, theory, train
from .data import *  # noqa: F403
from .finder import *  # noqa: F403
from .nn import *  # noqa: F403
from .optimizers import *  # noqa: F403
from .schedules import *  # noqa: F403
from .surfaces import *  # noqa: F403
from .theory import *  # noqa: F403
from .train import *  # noqa: F403

__version__ = "0.1.0"

_LAZY_MODULES = ("plots", "widgets")


def __getattr__(name: str):
    if name in _LAZY_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    *data.__all__,
    *finder.__all__,
    *nn.__all__,
    *optimizers.__all__,
    *schedules.__all__,
    *surfaces.__all__,
    *theory.__all__,
    *train.__all__,
    "plots",  # noqa: F405 (loaded lazily by __getattr__)
    "widgets",  # noqa: F405
]
