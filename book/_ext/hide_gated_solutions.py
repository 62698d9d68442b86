"""Sphinx extension for the student site: ``hide_solutions`` also hides gated solutions.

sphinx-exercise 1.2.1 removes a ``{solution}`` when ``hide_solutions`` is on, but a gated
solution (``{solution-start}`` ... ``{solution-end}``, the form the course uses for solutions
with code cells) breaks the build: the start directive returns nothing, so the end node is never
merged and the HTML writer fails on it (executablebooks/sphinx-exercise#89, open), and the
content between the two would be left on the page. Here the start directive leaves a marker
when solutions are hidden, and a transform removes the marker and everything after it up to
and including the ``{solution-end}`` node, before sphinx-exercise merges gated solutions.

``make student`` loads this extension (``scripts/editions/student.py``); with
``hide_solutions`` off it changes nothing.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node


class hidden_solution_start(nodes.Element):
    """Where a hidden gated solution begins; removed before any writer sees it."""


class HiddenSolutionStart(SolutionStartDirective):
    """``{solution-start}`` that leaves a marker when solutions are hidden."""

    def run(self) -> list[nodes.Node]:
        found = super().run()  # registers the gate, as sphinx-exercise checks their pairing
        return [hidden_solution_start()] if self.config.hide_solutions else found


class RemoveHiddenGatedSolutions(SphinxTransform):
    """Remove each marked gated solution, its content and its end node."""

    default_priority = 5  # after sphinx-exercise checks the gates (1), before it merges (10)

    def apply(self) -> None:
        for marker in list(self.document.findall(hidden_solution_start)):
            parent = marker.parent
            start = parent.index(marker)
            end = next((i for i in range(start, len(parent.children))
                        if isinstance(parent.children[i], solution_end_node)), None)
            if end is None:
                raise ValueError(f"{self.env.docname}: a solution-start without solution-end")
            for child in parent.children[start:end + 1]:
                parent.remove(child)


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx_exercise")
    app.add_node(hidden_solution_start)
    app.add_directive("solution-start", HiddenSolutionStart, override=True)
    app.add_transform(RemoveHiddenGatedSolutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
