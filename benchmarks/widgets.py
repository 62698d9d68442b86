"""Time one update of every explorer in lrcourse.widgets (target: under 100 ms each).

An update is what a slider move costs: the pure data function and the redraw of the figure,
then the PNG that the notebook receives (``Explorer.png()``, exactly what ``handle.update``
sends). Prints the median over several moves between two slider values, before and after
issue 17: "rebuilt" re-creates the whole figure at every move (the explorers' old redraw,
forced here by forgetting the figure's panels), "in place" empties and reuses its axes (the
redraw now; the same picture). For the update in place, the redraw alone is printed too.
Asserts nothing.

Run: ``make bench`` or ``MPLBACKEND=Agg .venv/bin/python benchmarks/widgets.py``.
"""

import os
import statistics
import time

from lrcourse import widgets
from lrcourse.widgets._explorer import _PANELS

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
        "saddle_explorer": (widgets.saddle_explorer(), {"offset": 1e-3}, {"offset": 1e-6}),
        "adaptive_explorer": (widgets.adaptive_explorer(), {"angle": 45}, {"angle": 0}),
        "gradient_explorer": (widgets.gradient_explorer(), {"activation": "sigmoid"},
                              {"activation": "relu"}),
    }
    load = os.getloadavg()[0]
    print(f"{'explorer':20s} {'rebuilt':>8s} {'in place':>9s} {'(redraw)':>9s}  (median of "
          f"{REPEATS} updates, ms; load average {load:.1f} on {os.cpu_count()} cores)")
    for name, (explorer, first, second) in cases.items():
        flip = [first, second]

        def move(explorer=explorer, flip=flip):
            flip.reverse()
            explorer.set(**flip[0])

        def move_and_render(explorer=explorer, move=move):
            move()
            explorer.png()

        def rebuild_and_render(explorer=explorer, move=move):
            vars(explorer.figure).pop(_PANELS, None)  # the old redraw: a new figure each move
            move()
            explorer.png()

        explorer.png()  # warm-up: fonts and caches
        rebuilt = median_ms(rebuild_and_render)
        explorer.set(**first)
        explorer.png()
        redraw = median_ms(move)
        total = median_ms(move_and_render)
        flag = "" if total < 100 else "  over the 100 ms target"
        print(f"{name:20s} {rebuilt:8.1f} {total:9.1f} {redraw:9.1f}{flag}")

if __name__ == "__main__":
    main()
