"""Sphinx extension: the API page documents a subpackage's constants under their public name.

``lrcourse.plots`` re-exports ``COLORS`` from ``lrcourse.plots._style``. autodoc documents a
constant only if the module it documents has a doc comment for it, and it reads the comments of
``lrcourse/plots/__init__.py``, not those of the module that defines the constant: without help
``lrcourse.plots.COLORS`` would silently drop off the page. Before the build reads any page, this
extension copies the doc comments (and annotations) of every constant a subpackage of
``lrcourse`` re-exports in its ``__all__`` from the defining module into the package's analyzer.
Classes and functions need nothing: autodoc finds their docstrings on the objects.
"""

import importlib
import pkgutil

from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer


def _analyzed(name: str) -> ModuleAnalyzer:
    analyzer = ModuleAnalyzer.for_module(name)  # cached: autodoc gets this same object
    analyzer.analyze()
    return analyzer


def copy_constant_docs(_app: Sphinx) -> None:
    import lrcourse

    for info in pkgutil.iter_modules(lrcourse.__path__):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"lrcourse.{info.name}")
        target = _analyzed(package.__name__)
        for sub in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{sub.name}")
            source = _analyzed(module.__name__)
            for (scope, name), doc in source.attr_docs.items():
                exported = scope == "" and name in getattr(package, "__all__", ())
                if exported and getattr(package, name) is getattr(module, name, None):
                    target.attr_docs.setdefault(("", name), doc)
                    if ("", name) in source.annotations:
                        target.annotations.setdefault(("", name), source.annotations["", name])


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", copy_constant_docs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
