"""How much faster `lrcourse.sweep` is than a Python loop of `lrcourse.fit` over the rates.

The case of chapter 3: K = 32 learning rates (log-spaced from 1e-3 to 1, SGD with momentum 0.9)
on the bundled digits, an MLP (64, 32, 10), batch 32, for 1 and 2 epochs. Both sides do the
same work (same starting weights, same minibatches, the same per-epoch validation and, in the
first rows, dead-unit tracking). The two are timed alternately, several times, with
``time.perf_counter``, and the best time of each is kept (the least disturbed by other work on
the machine). The last lines time one minibatch gradient of the network, alone and as a batch
of K: the bound on what batching can gain, whatever the loop around it does.

Prints numbers only: timings depend on the machine and its load.
Run: ``make bench`` or ``.venv/bin/python benchmarks/sweep.py``.
"""

import time

import numpy as np

from lrcourse import MLP, SGD, digits, fit, sweep

K = 32
BATCH = 32
REPEATS = 7


def best_times(*runs, repeats: int = REPEATS) -> list[float]:
    """For each callable, its fastest time in seconds over ``repeats`` alternating rounds."""
    best = [np.inf] * len(runs)
    for _ in range(repeats):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> None:
    data = digits(seed=0)
    model = MLP((64, 32, 10), seed=0)
    lrs = np.logspace(-3.0, 0.0, K)
    print(f"digits: {len(data.X_train)} training rows, MLP (64, 32, 10), K = {K} rates "
          f"(SGD, momentum 0.9), batch {BATCH}, best of {REPEATS}")
    print(f"{'epochs':>6} {'dead units':>10} {'loop of fit':>12} {'sweep':>9} {'speed-up':>9}")
    for track_dead in (True, False):
        for epochs in (1, 2):
            def loop(epochs=epochs, track_dead=track_dead):
                for lr in lrs:
                    fit(model.copy(), data, SGD(float(lr), momentum=0.9), epochs, BATCH,
                        track_dead=track_dead)

            def batched(epochs=epochs, track_dead=track_dead):
                sweep(model, data, lrs, epochs=epochs, batch_size=BATCH,
                      optimizer_kwargs={"momentum": 0.9}, track_dead=track_dead)

            t_loop, t_sweep = best_times(loop, batched)
            print(f"{epochs:>6} {'tracked' if track_dead else 'off':>10} {t_loop:>11.3f}s "
                  f"{t_sweep:>8.3f}s {t_loop / t_sweep:>8.1f}x")

    X, y = data.X_train[:BATCH], data.y_train[:BATCH]
    many = model.replicate(K)

    def gradients(net):
        for _ in range(100):
            net.loss_and_grads(X, y)

    t_one, t_many = best_times(lambda: gradients(model), lambda: gradients(many))
    print(f"MLP.loss_and_grads on {BATCH} rows: one network {t_one * 1e4:.0f} us, "
          f"{K} at once {t_many * 1e4:.0f} us ({t_many * 1e4 / K:.1f} us per network, "
          f"{K * t_one / t_many:.1f}x)")


if __name__ == "__main__":
    main()
