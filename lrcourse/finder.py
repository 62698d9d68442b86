r"""Finding a learning rate: the LR range test, its suggestion rules, and a grid search.

`lr_range_test` is Leslie Smith's range test as fastai runs it (``Learner.lr_find``): train
for a short while with a learning rate growing exponentially at every minibatch, smooth the
loss, stop when it blows up, and read a good rate off the curve with `suggest_lr`.
`grid_search` is the slow, honest alternative: train one model per rate (with `sweep`, all at
once) and keep the best validation score. `good_rate_range` reads a sweep with replicates: the
range of rates whose mean final loss is close to the best, and its width in decades.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _checks
from .data import Dataset
from .nn import MLP
from .schedules import Schedule
from .train import History
from .train._shared import _check_batch_size, _check_data
from .train.sweeps import _make_optimizer, _sweep

__all__ = ["METHODS", "GridSearchResult", "LRFinderResult", "RateRange", "good_rate_range",
           "grid_search", "lr_range_test", "suggest_lr"]

METHODS: tuple[str, ...] = ("valley", "steep", "minimum")
"""Suggestion rules of `suggest_lr`."""


def suggest_lr(lrs: Sequence[float] | np.ndarray, smoothed: Sequence[float] | np.ndarray,
               method: str = "valley") -> float:
    r"""A learning rate read off a range-test curve, by one of fastai's rules.

    With rates :math:`\eta_0 < \dots < \eta_{n-1}` and smoothed losses :math:`L_0, \dots,
    L_{n-1}`:

    - ``"minimum"``: one tenth of the rate at the lowest loss,
      :math:`\eta_{i^*} / 10` with :math:`i^* = \arg\min_i L_i` (the minimum itself is already
      on the edge of instability).
    - ``"steep"``: the rate where the loss falls fastest against :math:`\log \eta`, measured
      as fastai does with forward differences between neighbouring points, and the left point
      of the steepest pair: :math:`\eta_{i^*}` with
      :math:`i^* = \arg\min_{i < n-1} (L_{i+1} - L_i) / (\log\eta_{i+1} - \log\eta_i)`
      (the first such :math:`i` on a tie). A single difference of a noisy curve, so it can
      land far from the region where the curve falls steadily.
    - ``"valley"`` (fastai's default): find the longest valley, the longest strictly decreasing
      subsequence of the curve (:math:`i_1 < \dots < i_m` with :math:`L_{i_1} > \dots >
      L_{i_m}`), ending at the first index :math:`e` where such a subsequence is longest. With
      :math:`s = e - m` (fastai's start, one before the run's first index when the run is
      contiguous) and :math:`d = (e - s)/3`, the suggestion is :math:`\eta_i` at
      :math:`i = s + \lfloor d \rfloor + \lfloor d/2 \rfloor`, about half-way down the valley:
      far enough from the flat start to learn fast, far enough from the bottom to stay stable.
      The subsequence need not be contiguous: rises in between are skipped. One corner case
      differs from fastai: when the longest has two points and the curve's second point is
      below its first (:math:`L_1 < L_0`, so :math:`e = 1`, :math:`s = -1`), the index is
      :math:`-1`; fastai then indexes from the end and returns the *last* rate, the largest
      of the test, while this function returns the first. (A curve with no decrease at all
      gets the first rate from both.)

    PyTorch/fastai: ``learn.lr_find(suggest_funcs=(minimum, steep, valley))``.

    Parameters
    ----------
    lrs : array_like, shape (n,)
        Increasing positive learning rates, n >= 2.
    smoothed : array_like, shape (n,)
        Finite (smoothed) losses at those rates.
    method : {"valley", "steep", "minimum"}
        The rule.

    Returns
    -------
    float
        The suggested learning rate.
    """
    owner = "suggest_lr"
    method = _checks.choice(owner, "method", method, METHODS)
    lrs = _checks.finite_array(owner, "lrs", lrs, ndim=1)
    losses = _checks.finite_array(owner, "smoothed", smoothed, ndim=1)
    n = len(lrs)
    if n < 2:
        _checks._fail(owner, "lrs", "at least 2 rates", f"{n} rate")
    if losses.shape != lrs.shape:
        _checks._fail(owner, "smoothed", f"of shape ({n},) like lrs",
                      f"an array of shape {losses.shape}")
    _increasing_rates(owner, lrs)
    if method == "minimum":
        return float(lrs[np.argmin(losses)] / 10.0)
    if method == "steep":
        return float(lrs[np.argmin(np.diff(losses) / np.diff(np.log(lrs)))])
    # valley: lds[i] = length of the longest strictly decreasing subsequence ending at i
    lds = np.ones(n, dtype=np.int64)
    for i in range(1, n):
        higher = losses[:i] > losses[i]
        if higher.any():
            lds[i] = lds[:i][higher].max() + 1
    end = int(np.argmax(lds))  # the first index of the longest
    start = end - int(lds[end])
    section = (end - start) / 3
    idx = max(start + int(section) + int(section / 2), 0)
    return float(lrs[idx])


def _methods(owner: str, suggestions: object) -> tuple[str, ...]:
    """A sequence of suggestion rules (`METHODS`), as a tuple."""
    if isinstance(suggestions, str) or not isinstance(suggestions, Sequence):
        _checks._fail(owner, "suggestions", "a sequence of method names", suggestions,
                      TypeError)
    return tuple(_checks.choice(owner, f"suggestions[{i}]", m, METHODS)
                 for i, m in enumerate(suggestions))


def _increasing_rates(owner: str, lrs: object) -> np.ndarray:
    """Finite, positive, strictly increasing rates, as a float64 array."""
    lrs = _checks.finite_array(owner, "lrs", lrs, ndim=1)
    if lrs[0] <= 0 or np.any(np.diff(lrs) <= 0):
        _checks._fail(owner, "lrs", "positive and strictly increasing", lrs)
    return lrs


@dataclass
class LRFinderResult:
    """The curve of an LR range test (see `lr_range_test`).

    Attributes
    ----------
    lrs : ndarray, shape (n,)
        The rate of each step (n = ``num_steps``, fewer if the test stopped early).
    losses : ndarray, shape (n,)
        The raw minibatch loss at each step.
    smoothed : ndarray, shape (n,)
        The bias-corrected exponential moving average of the losses.
    stopped_early : bool
        True if the smoothed loss blew up before the last step.
    num_steps : int
        The number of steps asked for.
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stopped_early: bool
    num_steps: int

    def __post_init__(self) -> None:
        owner = "LRFinderResult"
        self.lrs = _increasing_rates(owner, self.lrs)
        for name in ("losses", "smoothed"):  # a blown-up loss may be inf or NaN
            values = _checks.real_array(owner, name, getattr(self, name), ndim=1)
            if values.shape != self.lrs.shape:
                _checks._fail(owner, name, f"of shape {self.lrs.shape} like lrs",
                              f"an array of shape {values.shape}")
            setattr(self, name, values)
        self.stopped_early = _checks.flag(owner, "stopped_early", self.stopped_early)
        self.num_steps = _checks.integer(owner, "num_steps", self.num_steps,
                                         minimum=max(2, len(self.lrs)))

    def suggest(self, method: str = "valley") -> float:
        """`suggest_lr` on this curve, trimmed as fastai's ``lr_find`` trims it.

        The first ``num_steps // 10`` points (the noisy start) and the last 5 (the blow-up)
        are left out, and the curve is cut at its first non-finite value.

        Parameters
        ----------
        method : {"valley", "steep", "minimum"}
            The rule (see `suggest_lr`).

        Returns
        -------
        float
            The suggested learning rate.
        """
        lrs = self.lrs[self.num_steps // 10:-5]
        smoothed = self.smoothed[self.num_steps // 10:-5]
        bad = np.flatnonzero(~np.isfinite(smoothed))
        if bad.size:
            lrs, smoothed = lrs[:bad[0]], smoothed[:bad[0]]
        if len(lrs) < 2:
            _checks._fail("LRFinderResult.suggest", "the curve",
                          "at least 2 points once trimmed (run more steps, or a wider range)",
                          f"{len(lrs)} point(s) out of {len(self.lrs)}")
        return suggest_lr(lrs, smoothed, method)


def lr_range_test(
    model: MLP,
    data: Dataset,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_steps: int = 100,
    batch_size: int = 64,
    beta: float = 0.98,
    diverge_factor: float = 4.0,
    mode: str = "exp",
    optimizer: str = "sgd",
    optimizer_kwargs: dict | None = None,
    seed: int = 0,
) -> LRFinderResult:
    r"""The learning-rate range test (Smith 2017; fastai's ``Learner.lr_find``).

    Step :math:`i = 0, \dots, N-1` (:math:`N` = ``num_steps``) trains on one minibatch with

    .. math::

        \eta_i = \eta_{\mathrm{start}} \left(\frac{\eta_{\mathrm{end}}}{\eta_{\mathrm{start}}}
        \right)^{i/N} \quad (\texttt{mode="exp"}),

        \eta_i = \eta_{\mathrm{start}} + (\eta_{\mathrm{end}} - \eta_{\mathrm{start}})\,
        \frac{i}{N} \quad (\texttt{mode="linear"}),

    (as in fastai, the last rate is one step short of :math:`\eta_{\mathrm{end}}`),
    the minibatches cycling through the training set, reshuffled at every pass. Every
    minibatch has ``batch_size`` rows: as fastai's training loader does (``drop_last=True``),
    a pass ends when fewer than ``batch_size`` rows are left, and those rows are skipped. The loss
    :math:`\ell_i` of each minibatch (before its update) is smoothed with bias correction,

    .. math::

        a_i = \beta a_{i-1} + (1 - \beta)\,\ell_i, \quad a_{-1} = 0, \qquad
        \bar\ell_i = \frac{a_i}{1 - \beta^{\,i+1}},

    and the test stops after step :math:`i` if :math:`\bar\ell_i` is not finite or exceeds
    ``diverge_factor`` times the best :math:`\bar\ell` so far. The model's parameters are
    restored afterwards: the test only looks.

    Parameters
    ----------
    model : MLP
        A single network; unchanged on return.
    data : Dataset
        Only the training set is used.
    start_lr, end_lr : float
        The range, ``0 < start_lr < end_lr``.
    num_steps : int
        Number of steps (minibatches), >= 2.
    batch_size : int
        Rows per minibatch (at most the training-set size).
    beta : float
        Smoothing factor in [0, 1).
    diverge_factor : float
        Blow-up factor (> 1) that stops the test.
    mode : {"exp", "linear"}
        Shape of the ramp.
    optimizer : str
        One of `lrcourse.train.OPTIMIZERS`; ``optimizer_kwargs`` its other arguments.
    seed : int
        Seed of the shuffling.

    Returns
    -------
    LRFinderResult
    """
    owner = "lr_range_test"
    if not isinstance(model, MLP) or model.n_models is not None:
        _checks._fail(owner, "model", "a single lrcourse MLP (n_models=None)", model, TypeError)
    X, y = _check_data(owner, data, model)[:2]
    start_lr = _checks.positive(owner, "start_lr", start_lr)
    end_lr = _checks.positive(owner, "end_lr", end_lr)
    if end_lr <= start_lr:
        _checks._fail(owner, "end_lr", f"greater than start_lr={start_lr:g}", end_lr)
    if not math.isfinite(end_lr / start_lr):
        _checks._fail(owner, "end_lr", f"a finite multiple of start_lr={start_lr:g} (the ramp "
                      "multiplies it by end_lr / start_lr)", end_lr)
    num_steps = _checks.integer(owner, "num_steps", num_steps, minimum=2)
    n_train = len(X)
    batch_size = _check_batch_size(owner, batch_size, n_train)
    beta = _checks.in_interval(owner, "beta", beta, 0.0, 1.0, high_open=True)
    factor = _checks.real(owner, "diverge_factor", diverge_factor)
    if factor <= 1.0:
        _checks._fail(owner, "diverge_factor", "a finite number > 1", diverge_factor)
    mode = _checks.choice(owner, "mode", mode, ("exp", "linear"))
    seed = _checks.integer(owner, "seed", seed, minimum=0)
    opt = _make_optimizer(owner, optimizer, start_lr, optimizer_kwargs)

    frac = np.arange(num_steps) / num_steps
    if mode == "exp":
        lrs = start_lr * (end_lr / start_lr) ** frac
    else:
        lrs = start_lr + (end_lr - start_lr) * frac
    losses = np.full(num_steps, np.nan)
    smoothed = np.full(num_steps, np.nan)
    rng = np.random.default_rng(seed)
    saved = model.get_params()
    avg, best = 0.0, math.inf
    n_done = num_steps
    pos = n_train
    try:
        with np.errstate(all="ignore"):
            for i in range(num_steps):
                if pos + batch_size > n_train:  # drop the last, incomplete batch
                    perm = rng.permutation(n_train)
                    Xp, yp, pos = X[perm], y[perm], 0
                loss, grads = model.loss_and_grads(Xp[pos:pos + batch_size],
                                                   yp[pos:pos + batch_size])
                pos += batch_size
                losses[i] = loss
                avg = beta * avg + (1.0 - beta) * loss
                smoothed[i] = avg / (1.0 - beta ** (i + 1))
                best = min(best, smoothed[i])
                if not math.isfinite(smoothed[i]) or smoothed[i] > factor * best:
                    n_done = i + 1
                    break
                opt.lr = float(lrs[i])
                opt.step(model.params, grads)
    finally:
        model.set_params(saved)
    return LRFinderResult(lrs=lrs[:n_done], losses=losses[:n_done], smoothed=smoothed[:n_done],
                          stopped_early=n_done < num_steps, num_steps=num_steps)


@dataclass
class GridSearchResult:
    """Scores of a grid (or random) search over learning rates (see `grid_search`).

    Attributes
    ----------
    lrs : ndarray, shape (K,)
        The rates tried.
    scores : ndarray, shape (K,) or (R, K)
        The metric after the last epoch for each rate (NaN if that run diverged), per
        replicate when the search was replicated.
    metric : str
        ``"val_loss"`` (lower is better) or ``"val_acc"`` (higher is better).
    best_lr : float or None
        The rate with the best score (None if every run diverged); with replicates, the best
        mean score over the replicates among the rates that never diverged.
    history : History
        The `sweep` history (K axis after time, a replicate axis before it if replicated).
    wins : ndarray of int, shape (K,), or None
        With replicates: in how many replicates each rate had the best score.
    """

    lrs: np.ndarray
    scores: np.ndarray
    metric: str
    best_lr: float | None
    history: History
    wins: np.ndarray | None = None

    def __post_init__(self) -> None:
        owner = "GridSearchResult"
        self.lrs = _checks.positive_array(owner, "lrs", self.lrs, ndim=1)
        self.scores = _checks.real_array(owner, "scores", self.scores)  # NaN: diverged
        if self.scores.ndim not in (1, 2) or self.scores.shape[-1:] != self.lrs.shape:
            _checks._fail(owner, "scores", f"of shape {self.lrs.shape} like lrs, or (R, "
                          f"{self.lrs.size}) with replicates",
                          f"an array of shape {self.scores.shape}")
        self.metric = _checks.choice(owner, "metric", self.metric, ("val_loss", "val_acc"))
        if self.best_lr is not None:
            best = _checks.positive(owner, "best_lr", self.best_lr)
            if best not in self.lrs:
                _checks._fail(owner, "best_lr", "None or one of lrs", best)
            self.best_lr = best
        _checks.instance(owner, "history", self.history, History, "a History")
        if self.wins is not None:
            if self.scores.ndim != 2:
                _checks._fail(owner, "wins", "None without replicates", self.wins)
            wins = _checks.finite_array(owner, "wins", self.wins, ndim=1)
            if (wins.shape != self.lrs.shape or np.any(wins < 0) or np.any(wins % 1)
                    or wins.sum() > self.scores.shape[0]):
                _checks._fail(owner, "wins", f"{self.lrs.size} counts >= 0 adding up to at "
                              f"most the {self.scores.shape[0]} replicates", self.wins)
            self.wins = wins.astype(np.int64)


def grid_search(
    model: MLP,
    data: Dataset,
    lrs: Sequence[float] | np.ndarray | None = None,
    *,
    epochs: int = 1,
    batch_size: int = 32,
    metric: str = "val_loss",
    seed: int = 0,
    optimizer: str = "sgd",
    optimizer_kwargs: dict | None = None,
    schedule: Schedule | None = None,
    replicates: int | None = None,
) -> GridSearchResult:
    r"""Train one copy of ``model`` per rate (all at once, with `sweep`) and keep the best.

    Each rate's score is its validation metric after the last epoch; a diverged run scores
    NaN and cannot win. The default grid is nine rates evenly spaced on a log scale,
    :math:`10^{-4}, 10^{-3.5}, \dots, 1` (``np.logspace(-4, 0, 9)``); for a random search
    pass rates drawn log-uniformly, e.g. ``10 ** rng.uniform(-4, 0, 9)``.

    Parameters
    ----------
    model : MLP
        A single network, the common starting point (unchanged).
    data : Dataset
        Training and validation sets.
    lrs : array_like or None
        Positive rates to try (default ``np.logspace(-4, 0, 9)``).
    epochs, batch_size, seed, optimizer, optimizer_kwargs, schedule, replicates
        As in `sweep`: with ``replicates=R`` the search runs ``R`` times (own initialization
        and minibatch order each), the rates are ranked by their mean score, and
        ``wins`` counts the replicates each rate wins.
    metric : {"val_loss", "val_acc"}
        Lower validation loss or higher validation accuracy wins.

    Returns
    -------
    GridSearchResult
    """
    metric = _checks.choice("grid_search", "metric", metric, ("val_loss", "val_acc"))
    if metric == "val_acc" and isinstance(model, MLP) and model.loss != "cross_entropy":
        _checks._fail("grid_search", "metric", "'val_loss' for a regression model", metric)
    rates = np.logspace(-4.0, 0.0, 9) if lrs is None else lrs
    history = _sweep("grid_search", model, data, rates, epochs, batch_size, optimizer,
                     optimizer_kwargs, schedule, seed, False, replicates)
    scores = getattr(history, metric)[-1].copy()
    scores[history.diverged] = np.nan
    sign = 1.0 if metric == "val_loss" else -1.0
    signed = np.where(np.isfinite(scores), sign * scores, np.inf)  # lower is better
    wins = None
    if replicates is not None:
        wins = np.bincount(np.argmin(signed, axis=1)[np.isfinite(signed).any(axis=1)],
                           minlength=len(history.lrs))
        signed = signed.mean(axis=0)  # inf for a rate that diverged in any replicate
    best_lr = None
    if np.isfinite(signed).any():
        best_lr = float(history.lrs[np.argmin(signed)])
    return GridSearchResult(lrs=history.lrs, scores=scores, metric=metric, best_lr=best_lr,
                            history=history, wins=wins)



@dataclass(frozen=True)
class RateRange:
    """The good learning rates of a sweep (`good_rate_range`).

    Attributes
    ----------
    best_lr : float
        The rate with the lowest mean final loss.
    low, high : float
        The ends of the good range around it (interpolated between the rates tried).
    width : float
        :math:`\\log_{10}(\\mathrm{high}/\\mathrm{low})`, in decades.
    width_spread : float
        The standard deviation of the width over the replicates (each replicate's own curve,
        its own best and threshold); 0 for a single replicate.
    at_edge : bool
        True when the range reaches the first or last rate tried: extend the grid.
    """

    best_lr: float
    low: float
    high: float
    width: float
    width_spread: float
    at_edge: bool

    def __post_init__(self) -> None:
        owner = "RateRange"
        best = _checks.positive(owner, "best_lr", self.best_lr)
        low = _checks.positive(owner, "low", self.low)
        high = _checks.positive(owner, "high", self.high)
        if not low <= best:
            _checks._fail(owner, "low", f"at most best_lr ({best:g})", low)
        if not best <= high:
            _checks._fail(owner, "high", f"at least best_lr ({best:g})", high)
        values = {"best_lr": best, "low": low, "high": high,
                  "width": _checks.nonnegative(owner, "width", self.width),
                  "width_spread": _checks.nonnegative(owner, "width_spread", self.width_spread),
                  "at_edge": _checks.flag(owner, "at_edge", self.at_edge)}
        for name, value in values.items():
            object.__setattr__(self, name, value)


def _range_of_curve(x: np.ndarray, loss: np.ndarray, factor: float) -> tuple[int, float, float,
                                                                             bool]:
    """Best index and the interpolated ends (in log10 rate) of ``loss <= factor * min``."""
    with np.errstate(divide="ignore"):
        y = np.log(loss)
    best = int(np.argmin(y))
    thr = y[best] + math.log(factor)
    ends = []
    for step in (-1, 1):
        j = best
        while 0 <= j + step < x.size and y[j + step] <= thr:
            j += step
        if not 0 <= j + step < x.size:
            ends.append((x[j], True))
            continue
        y0, y1 = y[j], y[j + step]
        frac = 0.0 if not np.isfinite(y1) else (thr - y0) / (y1 - y0)
        ends.append((x[j] + frac * (x[j + step] - x[j]), False))
    (lo, lo_edge), (hi, hi_edge) = ends
    return best, lo, hi, lo_edge or hi_edge


def good_rate_range(lrs: Sequence[float] | np.ndarray, final_losses: np.ndarray,
                    factor: float = 2.0) -> RateRange:
    r"""The range of learning rates whose mean final loss is within ``factor`` of the best.

    With rates :math:`\eta_0 < \dots < \eta_{n-1}` and the mean final loss
    :math:`\bar\ell_j` over the replicates of each, the good range is the interval around the
    best rate :math:`\eta_{j^*}` (:math:`j^* = \arg\min_j \bar\ell_j`) on which
    :math:`\bar\ell \le \mathrm{factor} \cdot \bar\ell_{j^*}`, with :math:`\log \bar\ell`
    interpolated linearly in :math:`\log \eta` between the rates tried. A rate at which a
    replicate diverged (an infinite or NaN loss) is not good, and the range ends at the last
    good rate before it. Its width in decades, :math:`\log_{10}(\eta_{\mathrm{high}} /
    \eta_{\mathrm{low}})`, measures how forgiving the optimizer is of the rate.

    Parameters
    ----------
    lrs : array_like, shape (n,)
        Increasing positive rates, at least 2.
    final_losses : array_like, shape (n, R)
        The final (validation) loss of each of ``R`` replicates at each rate: positive, inf or
        NaN for a diverged run.
    factor : float
        How many times (> 1) the best mean loss still counts as good.

    Returns
    -------
    RateRange
    """
    owner = "good_rate_range"
    rates = _checks.finite_array(owner, "lrs", lrs, ndim=1)
    if rates.size < 2 or rates.min() <= 0 or np.any(np.diff(rates) <= 0):
        _checks._fail(owner, "lrs", "at least 2 increasing positive rates", rates.tolist())
    losses = _checks.real_array(owner, "final_losses", final_losses)  # inf, NaN: diverged
    if losses.ndim != 2 or losses.shape[0] != rates.size or losses.shape[1] == 0:
        _checks._fail(owner, "final_losses", f"of shape ({rates.size}, R) (one row per rate)",
                      f"an array of shape {losses.shape}")
    losses = np.where(np.isnan(losses), np.inf, losses)
    if np.any(losses <= 0) or np.all(np.isinf(losses)):
        _checks._fail(owner, "final_losses", "positive, with at least one finite row",
                      "zero, negative or only infinite values")
    factor = _checks.real(owner, "factor", factor)
    if factor <= 1.0:
        _checks._fail(owner, "factor", "a finite number > 1", factor)
    x = np.log10(rates)
    mean = np.where(np.all(np.isfinite(losses), axis=1), losses.mean(axis=1), np.inf)
    if not np.isfinite(mean).any():
        _checks._fail(owner, "final_losses", "finite for every replicate at some rate",
                      "a divergence at every rate")
    best, lo, hi, edge = _range_of_curve(x, mean, factor)
    widths = [(_range_of_curve(x, col, factor)[2] - _range_of_curve(x, col, factor)[1])
              for col in losses.T if np.isfinite(col).any()]
    return RateRange(best_lr=float(rates[best]), low=float(10.0**lo), high=float(10.0**hi),
                     width=float(hi - lo), width_spread=float(np.std(widths)), at_edge=edge)
