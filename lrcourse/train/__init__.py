r"""Training loops: `minimize` on a toy surface, `fit` of an `MLP`, and `sweep` over learning rates.

`noisy_quadratic_sgd` runs SGD on the noisy quadratic, the course's model of minibatch noise.

Every loop returns a `History`: numpy arrays whose first axis is time (update, point or epoch)
and whose second axis, for a batched run of ``K`` learning rates, is the run. A run that diverges
(a non-finite value or an exploding loss, defined precisely in each function) stops cleanly: no
exception, no numpy warning, ``diverged`` set and the history up to that moment kept. In a batched
run only the diverged members stop (they are frozen and their later entries are NaN) while the
others go on.

PyTorch equivalent: the usual hand-written loop ::

    for epoch in range(epochs):
        for X, y in loader:          # DataLoader(shuffle=True)
            loss = loss_fn(net(X), y)
            optimizer.zero_grad(); loss.backward(); optimizer.step()
            scheduler.step()         # per update (or per epoch)
        plateau.step(val_loss)       # ReduceLROnPlateau, per epoch

The package's modules, each re-exported here (``lrcourse.train.fit`` is
``lrcourse.train.network.fit``): ``history`` (`History`), ``descent`` (`minimize`, `escape_step`,
`noisy_quadratic_sgd`), ``network`` (`fit`), ``sweeps`` (`sweep`, `OPTIMIZERS`) and ``dying``
(`track_units`, `UnitTrack`: dead units, unit by unit, during a run).
"""

from .descent import escape_step, minimize, noisy_quadratic_sgd
from .dying import UnitTrack, track_units
from .history import History
from .network import fit
from .sweeps import OPTIMIZERS, sweep

__all__ = ["OPTIMIZERS", "History", "UnitTrack", "escape_step", "fit", "minimize",
           "noisy_quadratic_sgd", "sweep", "track_units"]
