"""Re-execute the book's notebooks in place, so that their stored outputs are what the code gives.

Usage (``make execute`` runs it on every notebook, ``make execute NB=book/01_learning_rate.ipynb``
on one)::

    .venv/bin/python scripts/execute_notebooks.py [--time-only] [NOTEBOOK ...]

Each notebook runs top to bottom on a fresh kernel of this very Python (the venv's, whatever kernels
are installed elsewhere), with ``book/`` as working directory, the inline matplotlib backend and
``PYTHONHASHSEED=0``: the same conditions as ``make test``'s nbval run, which compares the stored
outputs with fresh ones. Outputs and the widget state (what the static site shows for widgets)
are written back into the file; execution timestamps are not. A notebook whose execution fails is
left untouched and the script exits with status 1 after trying the others. The run time of every
notebook is printed, with a note when it exceeds the course's 25-second budget. With
``--time-only`` (``make bench``) the notebooks run the same way but no file is written: only the
times are printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
BUDGET_SECONDS = 25.0
TOTAL_BUDGET_SECONDS = 150.0  # all eleven chapters (COURSE.md)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# The kernel inherits these: figures through the inline backend (as on Binder/Colab),
# reproducible hashing of str so that printed sets keep one order, and one OpenBLAS thread (the
# course's matrices are small; a second thread only competes for the CPU): as `make test` runs.
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
              "OPENBLAS_NUM_THREADS": "1"}


class _ThisPythonKernels(KernelSpecManager):
    """Every kernel name resolves to an ipykernel running on the interpreter running this script."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())


def execute(path: Path, timeout: int, write: bool = True) -> float:
    """Execute the notebook at ``path`` (in place if ``write``); return the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=_ThisPythonKernels())
    client = NotebookClient(
        nb,
        km=km,
        extra_arguments=["--log-level=ERROR"],  # not the kernel's TCP notice on every start
        timeout=timeout,
        allow_errors=False,
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(BOOK)}},
    )
    start = time.perf_counter()
    client.execute(env={**os.environ, **KERNEL_ENV})
    seconds = time.perf_counter() - start
    nbformat.validate(nb)
    if write:
        nbformat.write(nb, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="notebooks to execute (default: book/*.ipynb)"
    )
    parser.add_argument(
        "--timeout", type=int, default=300, help="seconds allowed per cell (default: 300)"
    )
    parser.add_argument(
        "--time-only", action="store_true", help="run and print the times, write nothing"
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(p.relative_to(ROOT) for p in BOOK.glob("*.ipynb"))
    if not paths:
        print("no notebooks in book/ yet: nothing to execute")
        return 0
    failed = []
    total = 0.0
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"{path}: not a notebook file", file=sys.stderr)
            failed.append(path)
            continue
        try:
            seconds = execute(path, args.timeout, write=not args.time_only)
        except (CellExecutionError, CellTimeoutError) as error:
            print(f"{path}: FAILED, file left unchanged\n{error}", file=sys.stderr)
            failed.append(path)
            continue
        total += seconds
        note = f"  (over the {BUDGET_SECONDS:.0f} s budget)" if seconds > BUDGET_SECONDS else ""
        print(f"{path}: {seconds:6.1f} s{note}", flush=True)
    verb = "ran (nothing written)" if args.time_only else "executed"
    over = total > TOTAL_BUDGET_SECONDS
    note = f"  (over the {TOTAL_BUDGET_SECONDS:.0f} s budget)" if over else ""
    print(f"{verb} {len(paths) - len(failed)} notebook(s) in {total:.1f} s{note}")
    if failed:
        print("failed: " + ", ".join(str(p) for p in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
