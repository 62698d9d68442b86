"""The package's layers: imports point one way (theory and problems -> loops -> pictures ->
explorers), theory needs nothing but numpy, the layers below the pictures never import
matplotlib or ipywidgets, and no module outgrows about 700 lines (checked on the source, with
ast; test_data checks what `import lrcourse` loads)."""

import ast
import sys
from pathlib import Path

import pytest

import lrcourse

PACKAGE = Path(lrcourse.__file__).parent

#: Layer of every top-level module or subpackage; a module imports only its own layer or lower.
LAYERS = {
    "_checks": 0,
    "theory": 1,
    "data": 2, "surfaces": 2, "nn": 2, "schedules": 2, "optimizers": 2,
    "train": 3, "finder": 3,
    "plots": 4,
    "widgets": 5,
}
#: Third-party packages only the picture layers (plots, widgets) may import.
PICTURE_ONLY = ("matplotlib", "ipywidgets", "IPython", "cycler")


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def module_name(path: Path) -> tuple[str, bool]:
    """``(dotted name, is a package)`` of a file of lrcourse."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """Absolute names of every module ``source`` (the text of ``module``) imports, anywhere."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            names.add(name)
            if node.level:  # `from .. import theory` imports the module lrcourse.theory
                names |= {f"{name}.{alias.name}" for alias in node.names}
    return names


def file_imports(path: Path) -> set[str]:
    return imports_of(path.read_text(), *module_name(path))


def layer(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "lrcourse" or len(parts) < 2 or parts[1] not in LAYERS:
        return None
    return LAYERS[parts[1]]


def test_every_module_has_a_layer():
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()}
    assert tops - {"__init__"} == set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    if path == PACKAGE / "__init__.py":
        return  # the package re-exports every layer (the pictures lazily)
    own = LAYERS[path.relative_to(PACKAGE).parts[0].removesuffix(".py")]
    imported = file_imports(path)
    upward = sorted(n for n in imported if (layer(n) or 0) > own)
    assert not upward, f"{path.name} (layer {own}) imports higher layers: {upward}"
    if own < LAYERS["plots"]:
        pictures = sorted(n for n in imported if n.split(".")[0] in PICTURE_ONLY)
        assert not pictures, f"{path.name} imports picture libraries: {pictures}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "theory").glob("*.py")), ids=lambda p: p.name)
def test_theory_needs_nothing_but_numpy(path):
    imported = file_imports(path)
    third_party = {n.split(".")[0] for n in imported} - set(sys.stdlib_module_names)
    assert third_party - {"lrcourse"} <= {"numpy"}
    own = {n for n in imported if n.startswith("lrcourse")}
    assert all(n in {"lrcourse", "lrcourse._checks"} or n.startswith("lrcourse.theory")
               for n in own), own


def test_the_checker_resolves_relative_imports_and_sees_an_upward_one():
    source = ("from .. import _checks\nfrom ..nn import MLP\nfrom .history import History\n"
              "def draw():\n    from ..plots import loss_curves\n")
    names = imports_of(source, "lrcourse.train.network", is_package=False)
    assert {"lrcourse._checks", "lrcourse.nn", "lrcourse.train.history", "lrcourse.plots"} <= names
    assert max(layer(n) or 0 for n in names) == LAYERS["plots"] > LAYERS["train"]
    assert imports_of("from . import decay", "lrcourse.schedules", is_package=True) \
        == {"lrcourse.schedules", "lrcourse.schedules.decay"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_about_700_lines(path):
    assert len(path.read_text().splitlines()) <= 720
