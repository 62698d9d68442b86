"""Time one update of every explorer in lrcourse.widgets (target: under 100 ms each).

An update is what a slider move costs: the pure data function and the redraw of the figure,
then the PNG that the notebook receives (``Explorer.png()``, exactly what ``handle.update``
sends). Prints the median over several moves between two slider values, for the redraw alone
and for the whole update; asserts nothing.

Run: ``make bench`` or ``MPLBACKEND=Agg .venv/bin/python benchmarks/widgets.py``.
"""

import os
import statistics
import time

from lrcourse import widgets

REPEATS = 7


def median_ms(func) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    cases = {
        "lr_explorer": (widgets.lr_explorer(), {"lr": 0.05}, {"lr": 0.15}),
        "schedule_explorer": (widgets.schedule_explorer(), {"kind": "cosine"},
                              {"kind": "one_cycle"}),
        "momentum_explorer": (widgets.momentum_explorer(), {"beta": 0.5}, {"beta": 0.8}),
        "relu_explorer": (widgets.relu_explorer(), {"lr": 1.0}, {"lr": 0.1}),
        "smoothing_explorer": (widgets.smoothing_explorer(), {"beta": 0.9}, {"beta": 0.98}),
        "plateau_explorer": (widgets.plateau_explorer(), {"patience": 3}, {"patience": 5}),
        "minibatch_explorer": (widgets.minibatch_explorer(), {"batch_size": 32},
                               {"batch_size": 8}),
    }
    load = os.getloadavg()[0]
    print(f"{'explorer':20s} {'data+redraw':>12s} {'update':>8s}  (median of {REPEATS}, ms; "
          f"load average {load:.1f} on {os.cpu_count()} cores)")
    for name, (explorer, first, second) in cases.items():
        flip = [first, second]

        def move(explorer=explorer, flip=flip):
            flip.reverse()
            explorer.set(**flip[0])

        def move_and_render(explorer=explorer, move=move):
            move()
            explorer.png()

        explorer.png()  # warm-up: fonts and caches
        redraw = median_ms(move)
        total = median_ms(move_and_render)
        flag = "" if total < 100 else "  over the 100 ms target"
        print(f"{name:20s} {redraw:12.1f} {total:8.1f}{flag}")


if __name__ == "__main__":
    main()
