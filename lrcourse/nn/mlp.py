r"""The network: `MLP`, one network or ``K`` of them in one set of arrays, with hand-written
backpropagation; `flatten` and `sharpness` measure one."""

from __future__ import annotations

import copy as _copy
from collections.abc import Sequence

import numpy as np

from .. import _checks
from .activations import ACTIVATIONS, _act_into, _magnitude, _scale
from .init import INITS, _initial_layers
from .losses import LOSSES, _loss_and_delta


def _t(a: np.ndarray) -> np.ndarray:
    """Transpose of the last two axes."""
    return np.swapaxes(a, -1, -2)


class MLP:
    r"""Fully connected network with hand-written backpropagation, or ``K`` of them at once.

    Layer :math:`l = 1, \dots, L` computes

    .. math::

        Z^{(l)} = A^{(l-1)} W^{(l)} + b^{(l)}, \qquad A^{(l)} = f(Z^{(l)}) \ (l < L), \qquad
        A^{(0)} = X,

    and the output :math:`Z^{(L)}` is linear: logits for cross-entropy, predicted values for
    mean-squared error. Losses (both means, exactly as PyTorch's defaults):

    .. math::

        \mathrm{MSE} = \frac{1}{n\,m} \sum_{i=1}^{n} \sum_{j=1}^{m} (Z^{(L)}_{ij} - y_{ij})^2,

        \mathrm{CE} = \frac{1}{n} \sum_{i=1}^{n}
        \Big(\log \sum_{c} e^{Z^{(L)}_{ic}} - Z^{(L)}_{i y_i}\Big),

    the log-sum-exp taken after subtracting each row's maximum, so huge logits do not overflow.
    Backpropagation: with :math:`\delta^{(L)} = \partial \ell / \partial Z^{(L)}`
    (:math:`(\mathrm{softmax}(Z^{(L)}) - \mathrm{onehot}(y))/n`, or
    :math:`2 (Z^{(L)} - y)/(n m)`),

    .. math::

        \frac{\partial \ell}{\partial W^{(l)}} = A^{(l-1)\top} \delta^{(l)}, \quad
        \frac{\partial \ell}{\partial b^{(l)}} = \sum_i \delta^{(l)}_{i},

        \delta^{(l-1)} = \big(\delta^{(l)} W^{(l)\top}\big) \odot f'(Z^{(l-1)}),

    and for the PReLU slopes :math:`a^{(l)}` of hidden layer :math:`l`,
    :math:`\partial \ell / \partial a^{(l)}_j = \sum_i (\delta^{(l+1)} W^{(l+1)\top})_{ij}
    \min(Z^{(l)}_{ij}, 0)`.

    PyTorch equivalent: ``nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))``
    with ``nn.CrossEntropyLoss()`` or ``nn.MSELoss()`` (``weight = W.T``); ``loss.backward()``
    gives the gradients `loss_and_grads` returns.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``(d, h_1, ..., h_{L-1}, m)``: input dimension, hidden widths, output
        dimension (the number of classes for cross-entropy); at least two positive integers.
        ``(64, 32, 10)`` is one hidden layer of 32 units.
    activation : str
        Activation of the hidden layers, one of `ACTIVATIONS` (see `activation`).
    init : str
        Weight initialization, one of `INITS` (biases are ``bias_init``, except under ``"rai"``):

        - ``"he"``: :math:`W_{ij} \sim N(0, 2/\mathrm{fan\_in})` (torch
          ``nn.init.kaiming_normal_(w, nonlinearity="relu")``, Keras ``HeNormal`` without
          truncation);
        - ``"xavier"``: Glorot normal, :math:`N(0, 2/(\mathrm{fan\_in} + \mathrm{fan\_out}))`
          (torch ``nn.init.xavier_normal_``, Keras ``GlorotNormal`` without truncation);
        - ``"lecun"``: :math:`N(0, 1/\mathrm{fan\_in})` (Keras ``LecunNormal`` without
          truncation);
        - ``"normal"``: :math:`N(0, \mathrm{init\_std}^2)` (torch ``nn.init.normal_(w, 0, std)``);
        - ``"rai"``: randomized asymmetric initialization (Lu, Shin, Su and Karniadakis,
          "Dying ReLU and initialization: theory and numerical examples", Commun. Comput. Phys.
          28, 2020; arXiv:1903.06733). For each hidden unit, its ``fan_in + 1`` incoming
          parameters (weights and bias together) are drawn from :math:`N(0, \sigma^2)` with
          :math:`\sigma = 0.6007/\sqrt{\mathrm{fan\_in}}` (`RAI_SIGMA`), then one of them, at a
          position chosen uniformly at random (the bias included), is replaced by a draw from
          :math:`\mathrm{Beta}(2, 1)` (density :math:`2v` on :math:`[0, 1]`, mean 2/3): every
          unit starts with one positive incoming parameter, so a deep, narrow ReLU network is
          far less likely to be dead at birth (every input mapped to the same output) than
          under a symmetric initialization. The pair Beta(2, 1) and 0.6007 is lrcourse's
          choice, the one public implementations of RAI use; the paper's abstract says only
          that its parameters are "theoretically designed". The normal part is smaller than
          He's: the expected squared norm of a unit's incoming parameters is
          :math:`E[v^2] + 0.6007^2 = 1/2 + 0.361 \approx 0.86`, against 2 under He.
          The output layer is linear, has no unit that can die, and is He-initialized with
          zero biases. Not in PyTorch or Keras.
    loss : str
        ``"cross_entropy"`` (labels are integers in ``[0, m)``) or ``"mse"`` (targets of shape
        ``(n, m)``, or ``(n,)`` when ``m == 1``).
    seed : int
        Seed of the one ``np.random.default_rng(seed)`` that draws every initial parameter:
        the same seed gives the same weights on every machine.
    n_models : int or None
        ``None`` for one network; ``K`` for ``K`` independent networks (each with its own
        random initialization) computed together, every parameter carrying a leading axis K.
    init_std : float or None
        Standard deviation of ``init="normal"``, required there and refused elsewhere.
    bias_init : float
        Initial value of every bias (must be 0 under ``init="rai"``, which draws the hidden
        biases itself). A very negative value makes ReLU units dead from the start.
    negative_slope : float
        Slope of ``leaky_relu`` for negative inputs.
    elu_alpha : float
        :math:`\alpha > 0` of ``elu``.
    prelu_init : float
        Initial slope of every PReLU unit (torch ``nn.PReLU(num_parameters=h, init=0.25)``).

    Attributes
    ----------
    params : list of ndarray
        ``[W1, b1, ..., WL, bL]`` followed, for PReLU, by one slope vector per hidden layer
        ``[a1, ..., a_{L-1}]``. An optimizer updates these arrays in place.
    param_names : list of str
        ``["W1", "b1", ..., "a1", ...]``, aligned with `params`.
    n_hidden : int
        Number of hidden layers, ``len(sizes) - 2``.

    Examples
    --------
    >>> net = MLP((4, 8, 3), seed=0)
    >>> X = np.ones((5, 4)); y = np.array([0, 1, 2, 0, 1])
    >>> loss, grads = net.loss_and_grads(X, y)
    >>> [g.shape for g in grads]
    [(4, 8), (8,), (8, 3), (3,)]
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        init: str = "he",
        loss: str = "cross_entropy",
        seed: int = 0,
        n_models: int | None = None,
        init_std: float | None = None,
        bias_init: float = 0.0,
        negative_slope: float = 0.01,
        elu_alpha: float = 1.0,
        prelu_init: float = 0.25,
    ) -> None:
        owner = "MLP"
        if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence) or len(sizes) < 2:
            _checks._fail(owner, "sizes", "a sequence of at least 2 positive integers", sizes)
        self.sizes = tuple(_checks.integer(owner, f"sizes[{i}]", s, minimum=1)
                           for i, s in enumerate(sizes))
        self.activation = _checks.choice(owner, "activation", activation, ACTIVATIONS)
        self.init = _checks.choice(owner, "init", init, INITS)
        self.loss = _checks.choice(owner, "loss", loss, LOSSES)
        self.seed = _checks.integer(owner, "seed", seed, minimum=0)
        if n_models is not None:
            n_models = _checks.integer(owner, "n_models", n_models, minimum=1)
        self.n_models = n_models
        if self.init == "normal":
            if init_std is None:
                _checks._fail(owner, "init_std", "a positive number when init='normal'", None)
            self.init_std = _scale(owner, "init_std", init_std)
        elif init_std is not None:
            _checks._fail(owner, "init_std", f"None when init={self.init!r} (only 'normal' "
                          "uses it)", init_std)
        else:
            self.init_std = None
        self.bias_init = _magnitude(owner, "bias_init", bias_init)
        if self.init == "rai" and self.bias_init != 0.0:
            _checks._fail(owner, "bias_init", "0.0 when init='rai' (RAI draws the hidden "
                          "biases)", bias_init)
        self.negative_slope = _magnitude(owner, "negative_slope", negative_slope)
        self.elu_alpha = _scale(owner, "elu_alpha", elu_alpha)
        self.prelu_init = _magnitude(owner, "prelu_init", prelu_init)
        self.params = self._initial_params()
        self._work: dict = {}

    # ---- construction ------------------------------------------------------------------------

    @property
    def n_layers(self) -> int:
        """Number of weight layers ``L = len(sizes) - 1``."""
        return len(self.sizes) - 1

    @property
    def n_hidden(self) -> int:
        """Number of hidden layers ``L - 1``."""
        return len(self.sizes) - 2

    @property
    def param_names(self) -> list[str]:
        """Names of `params`: ``W1, b1, ..., WL, bL`` then ``a1, ...`` for PReLU slopes."""
        names = [f"{kind}{i}" for i in range(1, self.n_layers + 1) for kind in ("W", "b")]
        if self.activation == "prelu":
            names += [f"a{i}" for i in range(1, self.n_hidden + 1)]
        return names

    def _lead(self) -> tuple[int, ...]:
        return () if self.n_models is None else (self.n_models,)

    def _initial_params(self) -> list[np.ndarray]:
        lead = self._lead()
        weights = _initial_layers(np.random.default_rng(self.seed), lead, self.sizes, self.init,
                                  self.init_std, self.bias_init)
        if self.activation == "prelu":
            weights += [np.full((*lead, h), self.prelu_init) for h in self.sizes[1:-1]]
        return weights

    # ---- argument checks ---------------------------------------------------------------------

    def _check_X(self, owner: str, X: object, per_model: bool = False) -> np.ndarray:
        """``X`` of shape ``(n, d)``; with ``per_model`` (batched models only) also
        ``(K, n, d)``, one batch of rows per network."""
        if per_model and self.n_models is not None and np.ndim(X) == 3:
            X = _checks.finite_array(owner, "X", X, ndim=3)
            if X.shape[0] != self.n_models or X.shape[2] != self.sizes[0]:
                _checks._fail(owner, "X", f"of shape (n, {self.sizes[0]}) or ({self.n_models}, "
                              f"n, {self.sizes[0]}) (one batch per network)",
                              f"an array of shape {X.shape}")
            return X
        X = _checks.finite_array(owner, "X", X, ndim=2)
        if X.shape[1] != self.sizes[0]:
            _checks._fail(owner, "X", f"of shape (n, {self.sizes[0]}) (sizes[0] features)",
                          f"an array of shape {X.shape}")
        return X

    def _check_y(self, owner: str, y: object, n: int, per_model: bool = False) -> np.ndarray:
        """Labels or targets for ``n`` rows; with ``per_model`` one set per network, with a
        leading axis of length K."""
        lead = (self.n_models,) if per_model else ()
        if self.loss == "cross_entropy":
            arr = np.asarray(y)
            n_classes = self.sizes[-1]
            allowed = f"integer class labels in [0, {n_classes})"
            if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                         or np.issubdtype(arr.dtype, np.floating)):
                _checks._fail(owner, "y", allowed, f"an array of dtype {arr.dtype}", TypeError)
            if per_model and arr.shape != (*lead, n):
                _checks._fail(owner, "y", f"an array of shape {(*lead, n)} (one label per row "
                              "of X)", f"an array of shape {arr.shape}")
            if not per_model and (arr.ndim != 1 or arr.shape[0] != n):
                _checks._fail(owner, "y", f"a 1-D array of {n} labels (one per row of X)",
                              f"an array of shape {arr.shape}")
            if np.issubdtype(arr.dtype, np.floating):
                bad = ~np.isfinite(arr) | (arr != np.round(arr))
                if bad.any():
                    _checks._fail(owner, "y", allowed, f"non-integer label {arr[bad][0].item()!r}")
            if arr.min() < 0 or arr.max() >= n_classes:
                worst = arr.min() if arr.min() < 0 else arr.max()
                _checks._fail(owner, "y", allowed, f"label {worst.item()!r}")
            return arr.astype(np.intp, copy=False)
        m = self.sizes[-1]
        arr = _checks.finite_array(owner, "y", y)
        if arr.ndim == 1 + len(lead) and m == 1:
            arr = arr[..., None]
        if arr.shape != (*lead, n, m):
            shapes = f"(n, {m}) or (n,)" if m == 1 else f"(n, {m})"
            if per_model:
                shapes = f"({self.n_models}, n, {m})" + (f" or ({self.n_models}, n)" if m == 1
                                                          else "")
            _checks._fail(owner, "y", f"of shape {shapes} with n = {n} rows of X",
                          f"an array of shape {arr.shape}")
        return arr

    # ---- forward and backward ----------------------------------------------------------------

    def _slopes(self) -> list:
        """Negative slope per hidden layer, broadcastable against its ``(..., n, h)`` output."""
        if self.activation == "prelu":
            return [a[..., None, :] for a in self.params[2 * self.n_layers:]]
        return [self.negative_slope] * self.n_hidden

    def _array(self, work: dict | None, key: tuple, shape: tuple[int, ...], dtype=np.float64):
        """A fresh array, or the workspace array ``work[key]`` (reallocated if the shape changed).

        `loss_and_grads` runs on a workspace kept between calls: allocating and freeing the
        ``(K, n, h)`` intermediates of a batched model at every call costs more than computing
        them (the C allocator returns the memory to the system and page-faults it back in).
        """
        if work is None:
            return np.empty(shape, dtype)
        buf = work.get(key)
        if buf is None or buf.shape != shape or buf.dtype != dtype:
            buf = work[key] = np.empty(shape, dtype)
        return buf

    def _forward(self, X: np.ndarray, work: dict | None = None):
        """Hidden pre-activations, activations and activation derivatives, and the output."""
        p = self.params
        lead = (*self._lead(), X.shape[-2])
        slopes = self._slopes()
        mask = self.activation == "relu"
        zs, acts, derivs = [], [], []
        a = X
        for i in range(self.n_hidden):
            shape = (*lead, self.sizes[i + 1])
            z = np.matmul(a, p[2 * i], out=self._array(work, ("z", i), shape))
            z += p[2 * i + 1][..., None, :]
            a = self._array(work, ("a", i), shape)
            d = self._array(work, ("d", i), shape, bool if mask else np.float64)
            _act_into(self.activation, z, slopes[i], self.elu_alpha, a, d)
            zs.append(z)
            acts.append(a)
            derivs.append(d)
        last = 2 * self.n_layers - 2
        out = np.matmul(a, p[last], out=self._array(work, ("out",), (*lead, self.sizes[-1])))
        out += p[last + 1][..., None, :]
        return zs, acts, derivs, out

    def _backward(self, X, zs, acts, derivs, delta, work: dict | None = None) -> list:
        """Gradients of every parameter from the output gradient ``delta``."""
        p = self.params
        L = self.n_layers
        ones = np.ones(X.shape[-2])
        grads: list = [None] * len(p)
        for i in range(L - 1, -1, -1):
            a_prev = X if i == 0 else acts[i - 1]
            grads[2 * i] = _t(a_prev) @ delta
            grads[2 * i + 1] = ones @ delta  # the sum over rows, as one matrix product
            if i == 0:
                break
            da = np.matmul(delta, _t(p[2 * i]), out=self._array(work, ("da", i), zs[i - 1].shape))
            if self.activation == "prelu":
                grads[2 * L + i - 1] = ones @ (da * np.minimum(zs[i - 1], 0.0))
            np.multiply(da, derivs[i - 1], out=da)
            delta = da
        return grads

    def _scalar(self, values: np.ndarray):
        return float(values) if self.n_models is None else values

    # ---- public computations -----------------------------------------------------------------

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Outputs (logits or predicted values) of shape ``(n, m)``, or ``(K, n, m)``.

        PyTorch: ``net(X)``.
        """
        X = self._check_X("MLP.forward", X)
        with np.errstate(all="ignore"):
            return self._forward(X)[3]

    def loss_and_grads(
        self, X: np.ndarray, y: np.ndarray
    ) -> tuple[float | np.ndarray, list[np.ndarray]]:
        """Mean loss on the batch ``(X, y)`` and its gradient with respect to every parameter.

        Parameters
        ----------
        X : array_like, shape (n, d) or (K, n, d)
            Inputs, shared by the K models, or (batched model only) one batch of ``n`` rows
            per model, as when each model of a batch draws its own minibatches.
        y : array_like
            Labels ``(n,)`` in ``[0, m)`` for cross-entropy; targets ``(n, m)`` (or ``(n,)``
            when ``m == 1``) for MSE; with a leading ``K`` axis when ``X`` has one.

        Returns
        -------
        loss : float or ndarray of shape (K,)
            Each model's mean loss (NaN or inf for a model with non-finite parameters).
        grads : list of ndarray
            Same structure and shapes as `params`; each model's gradient of its own mean loss
            (PyTorch: ``loss.backward()`` then ``[p.grad for p in net.parameters()]``).
        """
        owner = "MLP.loss_and_grads"
        X = self._check_X(owner, X, per_model=True)
        target = self._check_y(owner, y, X.shape[-2], per_model=X.ndim == 3)
        with np.errstate(all="ignore"):
            zs, acts, derivs, out = self._forward(X, self._work)
            losses, delta = _loss_and_delta(self.loss, out, target, need_delta=True)
            grads = self._backward(X, zs, acts, derivs, delta, self._work)
        return self._scalar(losses), grads

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted class indices ``(n,)`` / ``(K, n)`` for cross-entropy (argmax of the
        logits); the outputs ``(n, m)`` / ``(K, n, m)`` for MSE."""
        out = self.forward(X)
        return out.argmax(axis=-1) if self.loss == "cross_entropy" else out

    def accuracy(self, X: np.ndarray, y: np.ndarray) -> float | np.ndarray:
        """Fraction of correctly classified rows (float, or ``(K,)``); cross-entropy only."""
        if self.loss != "cross_entropy":
            _checks._fail("MLP.accuracy", "loss", "'cross_entropy' (accuracy needs classes)",
                          self.loss)
        X = self._check_X("MLP.accuracy", X)
        target = self._check_y("MLP.accuracy", y, X.shape[0])
        with np.errstate(all="ignore"):
            hits = self._forward(X)[3].argmax(axis=-1) == target
        return self._scalar(hits.mean(axis=-1))

    def evaluate(
        self, X: np.ndarray, y: np.ndarray
    ) -> tuple[float | np.ndarray, float | np.ndarray | None]:
        """``(loss, accuracy)`` on ``(X, y)`` without gradients; accuracy is None for MSE."""
        owner = "MLP.evaluate"
        X = self._check_X(owner, X)
        target = self._check_y(owner, y, X.shape[0])
        with np.errstate(all="ignore"):
            out = self._forward(X)[3]
            acc = None
            if self.loss == "cross_entropy":
                acc = self._scalar((out.argmax(axis=-1) == target).mean(axis=-1))
            losses = _loss_and_delta(self.loss, out, target, need_delta=False)[0]
        return self._scalar(losses), acc

    def hidden_activations(self, X: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per hidden layer, ``(pre_activation, activation)``, each ``(n, h)`` or ``(K, n, h)``."""
        X = self._check_X("MLP.hidden_activations", X)
        with np.errstate(all="ignore"):
            zs, acts = self._forward(X)[:2]
        return list(zip(zs, acts, strict=True))

    def dead_fraction(self, X: np.ndarray) -> np.ndarray:
        r"""Per hidden layer, the fraction of units whose output is exactly 0 for every row of X.

        Such a ReLU unit passes no gradient back for these inputs (:math:`f'(z) = 0` for
        :math:`z \le 0`), so gradient descent cannot revive it: it is dead on ``X``.

        Returns
        -------
        ndarray
            Shape ``(n_hidden,)``, or ``(K, n_hidden)`` for K models.
        """
        X = self._check_X("MLP.dead_fraction", X)
        with np.errstate(all="ignore"):
            acts = self._forward(X)[1]
        return _per_layer([np.all(a == 0.0, axis=-2).mean(axis=-1) for a in acts], self)

    def layer_stats(self, X: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        r"""Health statistics of every hidden layer on the batch ``(X, y)``.

        Returns
        -------
        dict of str to ndarray
            Each value has shape ``(n_hidden,)``, or ``(K, n_hidden)`` for K models:

            - ``"mean"``, ``"std"``: mean and standard deviation of the layer's activations
              over all rows and units;
            - ``"zero_fraction"``: fraction of its activations that are exactly zero;
            - ``"dead_fraction"``: as `dead_fraction`;
            - ``"grad_norm"``: Frobenius norm :math:`\lVert \partial \ell / \partial W^{(l)}
              \rVert_F` of the gradient of the weight matrix feeding the layer (shrinking
              towards the input when gradients vanish).
        """
        owner = "MLP.layer_stats"
        X = self._check_X(owner, X)
        target = self._check_y(owner, y, X.shape[0])
        with np.errstate(all="ignore"):
            zs, acts, derivs, out = self._forward(X)
            delta = _loss_and_delta(self.loss, out, target, need_delta=True)[1]
            grads = self._backward(X, zs, acts, derivs, delta)
            stats = {
                "mean": [a.mean(axis=(-2, -1)) for a in acts],
                "std": [a.std(axis=(-2, -1)) for a in acts],
                "zero_fraction": [(a == 0.0).mean(axis=(-2, -1)) for a in acts],
                "dead_fraction": [np.all(a == 0.0, axis=-2).mean(axis=-1) for a in acts],
                "grad_norm": [np.sqrt((grads[2 * i] ** 2).sum(axis=(-2, -1)))
                              for i in range(self.n_hidden)],
            }
        return {key: _per_layer(values, self) for key, values in stats.items()}

    # ---- copies and parameters ---------------------------------------------------------------

    def copy(self) -> MLP:
        """An independent copy (same configuration, copied parameters)."""
        new = _copy.copy(self)
        new._work = {}
        new.params = [p.copy() for p in self.params]
        return new

    def replicate(self, n_models: int) -> MLP:
        """An `MLP` of ``n_models`` networks, each starting from this network's parameters.

        The starting point of a learning-rate sweep: K copies of one initialization, one per
        rate. Only for a single network (``n_models=None``).
        """
        if self.n_models is not None:
            _checks._fail("MLP.replicate", "the model", "a single network (n_models=None); "
                          "use select(i) first", f"a batch of {self.n_models}")
        k = _checks.integer("MLP.replicate", "n_models", n_models, minimum=1)
        new = _copy.copy(self)
        new._work = {}
        new.n_models = k
        new.params = [np.repeat(p[None], k, axis=0) for p in self.params]
        return new

    def tile(self, n: int) -> MLP:
        """``n`` copies of this batch of ``K`` networks, side by side: an `MLP` of ``n * K``
        networks in which network ``i * K + j`` starts as network ``j``.

        The starting point of a sweep with replicates: ``K`` initializations, once for each of
        ``n`` rates (or schedules). Only for a batch (``n_models=K``); see `replicate` for a
        single network.
        """
        if self.n_models is None:
            _checks._fail("MLP.tile", "the model", "a batch of networks (n_models=K); use "
                          "replicate(n) for a single network", "a single network")
        n = _checks.integer("MLP.tile", "n", n, minimum=1)
        new = _copy.copy(self)
        new._work = {}
        new.n_models = n * self.n_models
        new.params = [np.tile(p, (n,) + (1,) * (p.ndim - 1)) for p in self.params]
        return new

    def reseeded(self, seeds: Sequence[int]) -> MLP:
        """A batch of ``len(seeds)`` fresh networks of this configuration, one per seed.

        Network ``j`` starts from the weights ``MLP(..., seed=seeds[j])`` would draw: the
        independent initializations of an experiment's replicates (``replicate`` gives copies
        of *one* initialization instead). Only for a single network (``n_models=None``); its
        own parameters are not used.
        """
        owner = "MLP.reseeded"
        if self.n_models is not None:
            _checks._fail(owner, "the model", "a single network (n_models=None)",
                          f"a batch of {self.n_models}")
        if isinstance(seeds, str | bytes) or not isinstance(seeds, Sequence | np.ndarray):
            _checks._fail(owner, "seeds", "a sequence of integers >= 0", type(seeds).__name__,
                          TypeError)
        if len(seeds) == 0:
            _checks._fail(owner, "seeds", "a non-empty sequence of integers >= 0", seeds)
        seeds = [_checks.integer(owner, "seeds", s, minimum=0) for s in seeds]
        fresh = []
        for s in seeds:
            one = _copy.copy(self)
            one.seed = s
            fresh.append(one._initial_params())
        new = _copy.copy(self)
        new._work = {}
        new.n_models = len(seeds)
        new.params = [np.stack(arrays) for arrays in zip(*fresh, strict=True)]
        return new

    def perturbed(self, scale: float, seed: int = 0) -> MLP:
        r"""A copy whose every parameter is multiplied by :math:`1 + \mathrm{scale}\, z`.

        :math:`z` is standard normal, one draw per entry from ``np.random.default_rng(seed)``;
        this network is not changed. ``scale=1e-15`` changes the weights about as much as the
        rounding differences between two CPUs do: a run that then ends somewhere else is
        chaotic, and its digits are luck. ``scale=0`` gives an exact copy.
        """
        owner = "MLP.perturbed"
        scale = _checks.in_interval(owner, "scale", scale, 0.0, 1.0, high_open=True)
        seed = _checks.integer(owner, "seed", seed, minimum=0)
        new = self.copy()
        if scale:
            rng = np.random.default_rng(seed)
            new.params = [p * (1.0 + scale * rng.standard_normal(p.shape)) for p in new.params]
        return new

    def select(self, i: int) -> MLP:
        """Network ``i`` of a batch, as a single `MLP` (with copied parameters)."""
        if self.n_models is None:
            _checks._fail("MLP.select", "the model", "a batch of networks (n_models=K)",
                          "a single network")
        i = _checks.integer("MLP.select", "i", i, minimum=0)
        if i >= self.n_models:
            _checks._fail("MLP.select", "i", f"in [0, {self.n_models})", i)
        new = _copy.copy(self)
        new._work = {}
        new.n_models = None
        new.params = [p[i].copy() for p in self.params]
        return new

    def get_params(self) -> list[np.ndarray]:
        """Copies of `params`."""
        return [p.copy() for p in self.params]

    def set_params(self, params: Sequence[np.ndarray]) -> None:
        """Copy ``params`` into `params` (in place: arrays held elsewhere see the new values).

        ``params`` must have the structure and shapes of `params` (as `get_params` returns).
        Non-finite values are accepted (restoring a diverged state is legitimate).
        """
        owner = "MLP.set_params"
        if isinstance(params, np.ndarray) or not isinstance(params, Sequence) \
                or len(params) != len(self.params):
            _checks._fail(owner, "params", f"a list of {len(self.params)} arrays "
                          f"({', '.join(self.param_names)})", type(params).__name__, TypeError)
        new = []
        for i, (name, old, value) in enumerate(zip(self.param_names, self.params, params,
                                                   strict=True)):
            name = f"params[{i}] ({name})"
            arr = _checks.real_array(owner, name, value)  # non-finite: a diverged state
            if arr.shape != old.shape:
                _checks._fail(owner, name, f"of shape {old.shape}",
                              f"an array of shape {arr.shape}")
            new.append(arr)
        for old, arr in zip(self.params, new, strict=True):
            old[...] = arr

    def __repr__(self) -> str:
        batch = "" if self.n_models is None else f", n_models={self.n_models}"
        return (f"MLP(sizes={self.sizes}, activation={self.activation!r}, init={self.init!r}, "
                f"loss={self.loss!r}, seed={self.seed}{batch})")


def flatten(arrays: Sequence[np.ndarray]) -> np.ndarray:
    r"""All the arrays of a single model (its ``params`` or gradients) as one vector.

    :math:`\theta = (\operatorname{vec} W_1, \operatorname{vec} b_1, \dots)`, in the order of
    ``MLP.param_names``: the vector whose norm and differences the chapters measure, e.g. how far a
    minibatch gradient is from the full one, :math:`\lVert g_B - g \rVert / \lVert g \rVert`.

    Examples
    --------
    >>> model = MLP([2, 3, 2], seed=0)
    >>> X, y = np.ones((4, 2)), np.zeros(4, int)
    >>> flatten(model.loss_and_grads(X, y)[1]).shape
    (17,)
    """
    allowed = "a non-empty list of arrays (a model's params or gradients)"
    if isinstance(arrays, np.ndarray | str | bytes) or not isinstance(arrays, Sequence) \
            or len(arrays) == 0:
        _checks._fail("flatten", "arrays", allowed, arrays)
    return np.concatenate([np.ravel(_checks.real_array("flatten", f"arrays[{i}]", a))
                           for i, a in enumerate(arrays)])


def sharpness(model: MLP, X: np.ndarray, y: np.ndarray, iters: int = 30, eps: float = 1e-4,
              seed: int = 0) -> float | np.ndarray:
    r"""The sharpness: the largest Hessian eigenvalue of the loss on ``(X, y)``, by power iteration.

    With :math:`H = \nabla^2 \mathcal{L}(\theta)` the Hessian of the mean loss over all
    parameters, Hessian-vector products come from central differences of gradients,

    .. math::
        H v \approx \frac{\nabla \mathcal{L}(\theta + \varepsilon v)
        - \nabla \mathcal{L}(\theta - \varepsilon v)}{2 \varepsilon},
        \qquad \lVert v \rVert = 1,

    (exact for a quadratic loss), and ``iters`` steps of power iteration
    :math:`v \leftarrow Hv / \lVert Hv \rVert` from a random unit vector return
    :math:`\lambda = v^\top H v`. This is the eigenvalue of largest magnitude (for a trained
    or freshly initialized network, the largest positive one, :math:`L`). Gradient descent on a
    quadratic with this curvature is stable only for :math:`\eta < 2/L`; during training the
    sharpness changes with the parameters (and tends to settle near :math:`2/\eta`, the
    "edge of stability" of Cohen et al. 2021).

    Parameters
    ----------
    model : MLP
        A single network or a batch of ``K`` (each gets its own eigenvalue). Its parameters
        are restored on return.
    X, y : ndarray
        The data the loss is measured on (e.g. the whole training set: the full-batch loss).
    iters : int
        Power-iteration steps, ``>= 1`` (each costs two gradient evaluations).
    eps : float
        Finite-difference step :math:`\varepsilon > 0` along the unit vector.
    seed : int
        Seed of the random starting vector.

    Returns
    -------
    float or ndarray of shape (K,)

    Notes
    -----
    PyTorch: power iteration on ``torch.func.hvp`` (or ``torch.autograd.functional.hvp``) of the
    loss as a function of the parameters gives the same eigenvalue with exact products.
    """
    owner = "sharpness"
    if not isinstance(model, MLP):
        _checks._fail(owner, "model", "an lrcourse MLP", type(model).__name__, TypeError)
    iters = _checks.integer(owner, "iters", iters, minimum=1)
    eps = _checks.positive(owner, "eps", eps, limit=1.0,
                           why=" (a finite-difference step along a unit vector)")
    seed = _checks.integer(owner, "seed", seed)
    theta = model.get_params()
    lead = model._lead()
    rng = np.random.default_rng(seed)

    def unit(vs: list[np.ndarray]) -> list[np.ndarray]:
        norm = np.sqrt(sum((u * u).reshape(*lead, -1).sum(axis=-1) for u in vs))
        return [u / np.reshape(norm, lead + (1,) * (u.ndim - len(lead))) for u in vs]

    def hvp(vs: list[np.ndarray]) -> list[np.ndarray]:
        model.set_params([p + eps * u for p, u in zip(theta, vs, strict=True)])
        plus = [g.copy() for g in model.loss_and_grads(X, y)[1]]
        model.set_params([p - eps * u for p, u in zip(theta, vs, strict=True)])
        minus = model.loss_and_grads(X, y)[1]
        return [(a - b) / (2 * eps) for a, b in zip(plus, minus, strict=True)]

    v = unit([rng.standard_normal(p.shape) for p in theta])
    try:
        for _ in range(iters):
            hv = hvp(v)
            lam = sum((a * b).reshape(*lead, -1).sum(axis=-1) for a, b in zip(v, hv, strict=True))
            v = unit(hv)
    finally:
        model.set_params(theta)
    return float(lam) if not lead else np.asarray(lam, dtype=np.float64)


def _per_layer(values: list[np.ndarray], model: MLP) -> np.ndarray:
    """Stack per-layer values along the last axis: ``(n_hidden,)`` or ``(K, n_hidden)``."""
    if not values:
        return np.zeros((*model._lead(), 0))
    return np.stack(values, axis=-1).astype(np.float64)
