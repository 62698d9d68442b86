"""The `Explorer` machinery: controls wired to a figure redrawn from a pure function, the
sliders, the explorers' common figure size, margins and title, and what the static site needs
to draw an explorer's frames without a kernel (`Explorer.grid`, `Explorer.record`,
`Explorer.frames`, `explorer_from_record`)."""

from __future__ import annotations

import base64
import binascii
import functools
import importlib
import inspect
import itertools
import math
import numbers
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks, plots

#: Default size of an explorer's figure in inches: two panels side by side, as wide as the
#: course's other figures (`lrcourse.plots.RC`, 7.5 in at 100 dpi), so that its text is shown at
#: the same size on the page (a wider picture is shrunk, and its text with it).
FIGSIZE: tuple[float, float] = (7.5, 3.6)

#: Widest figure an explorer may have, in inches (that of the course's other figures).
MAX_WIDTH = 7.6

#: Default margins of an explorer's figure (fractions of a `FIGSIZE` figure, `Explorer`): room
#: for log tick labels and a y label on the left, half a tick label on the right, a one-line
#: suptitle on top.
MARGINS: dict[str, float] = {"left": 0.09, "right": 0.975, "bottom": 0.14, "top": 0.865,
                             "wspace": 0.3, "hspace": 0.15}

#: Font size of an explorer's suptitle (that of an axes title, `plots.RC`).
TITLE_SIZE = 13


def _png(figure) -> bytes:
    """The figure as PNG bytes, in one draw (its margins are fixed: no cropping needed)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class _Picture:
    """A figure displayed as a PNG rendered in one draw.

    The notebook's own figure formatter crops to a tight bounding box, which draws the figure
    twice at every slider move; an explorer's margins are fixed, so one ``savefig`` (one draw)
    gives the same picture.
    """

    def __init__(self, figure) -> None:
        self.figure = figure

    def _repr_png_(self) -> bytes:
        return _png(self.figure)

    def __repr__(self) -> str:
        return repr(self.figure)


class Explorer:
    """Controls (an ipywidgets ``VBox``) wired to a figure redrawn from a pure function.

    Parameters
    ----------
    controls : dict of str to ipywidgets widget
        Name -> control with a ``value``; the names are the keyword arguments of ``draw``.
    draw : callable
        ``draw(fig, **values)`` draws the whole picture into the empty figure ``fig``.
    figsize : (float, float)
        Figure size in inches, `FIGSIZE` by default; at most `MAX_WIDTH` wide, so that the
        page shows its text at the size of the other figures'.
    margins : dict, optional
        ``Figure.subplots_adjust`` arguments overriding `MARGINS`. Fixed margins instead of a
        layout engine: a layout engine costs one more full draw at every slider move.
    primary : dict of str to sequence or None, optional
        The one or two controls the static site lets a reader move, each with its teaching grid
        of values (None: the grid `_grid` derives from the control: every option, every value
        of a short slider, about six values per decade of a log slider). The control's starting
        value is added to its grid. By default the first control, with its derived grid.

    Attributes
    ----------
    controls : ipywidgets.VBox
        The sliders; displaying the explorer displays them.
    figure : matplotlib.figure.Figure
        The picture of the current values (not managed by pyplot).
    error : str or None
        Why the current values could not be drawn (see `redraw`), or None.
    grid : dict of str to tuple
        The primary controls and their grids (see ``primary``): the static site has one frame
        per combination, `frames`.
    record : dict or None
        How to build this explorer again (`explorer_from_record`): set by the explorer
        functions of `lrcourse.widgets`; None for an `Explorer` made by hand.
    """

    def __init__(self, controls: Mapping[str, Any], draw: Callable[..., None],
                 figsize: tuple[float, float] = FIGSIZE,
                 margins: Mapping[str, float] | None = None,
                 primary: Mapping[str, Sequence[Any] | None] | None = None):
        import ipywidgets
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        owner = "Explorer"
        if not isinstance(controls, Mapping) or not controls:
            _checks._fail(owner, "controls", "a non-empty dict of name -> ipywidgets control",
                          controls, TypeError)
        for name, widget in controls.items():
            if not isinstance(name, str) or not name.isidentifier():
                _checks._fail(owner, "controls", "keyed by names of draw's keyword arguments",
                              name, TypeError)
            _checks.instance(owner, f"controls[{name!r}]", widget, ipywidgets.ValueWidget,
                             "an ipywidgets control with a value")
        _checks.function(owner, "draw", draw)
        try:
            inspect.signature(draw).bind(None, **controls)
        except TypeError:
            _checks._fail(owner, "draw", f"callable as draw(fig, {', '.join(controls)}=...)",
                          draw, TypeError)
        figsize = _checks.pair(owner, "figsize", figsize, _inches)
        if figsize[0] > MAX_WIDTH:
            _checks._fail(owner, "figsize", f"at most {MAX_WIDTH} inches wide (the width of the "
                          "course's other figures)", figsize)
        self._margins = _margins(owner, margins)
        self.grid = _primary(owner, primary, controls)
        self.record = None
        self._widgets = dict(controls)
        self._draw = draw
        self._handle = None
        self._hold = False
        with plots.style():
            self.figure = Figure(figsize=figsize)
        # its own Agg canvas: every PNG is drawn by the same renderer, which keeps the size of
        # every text it measured (savefig on a bare Figure makes a new one each time)
        FigureCanvasAgg(self.figure)
        self.controls = ipywidgets.VBox(list(self._widgets.values()))
        for widget in self._widgets.values():
            widget.observe(self._on_change, names="value")
        self.redraw()

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control."""
        return {name: widget.value for name, widget in self._widgets.items()}

    def redraw(self) -> None:
        """Recompute and redraw the picture; update the displayed figure if shown.

        A draw function that takes its axes from `_panels` is updated in place: its axes
        are kept (with their ticks, whose creation is most of a redraw's cost) and only emptied
        of what was drawn in them (`_empty`); the picture is the same as a fresh figure's.
        Slider values that the functions refuse together (say a cyclic schedule whose base
        rate is above its peak) give a picture of the error message instead of a blank one;
        the message is also in `error`.
        """
        self.error = None
        try:
            with plots.style():
                if getattr(self.figure, _PANELS, None) is None:
                    self.figure.clear()
                else:
                    for ax in self.figure.axes:
                        _empty(ax)
                self._draw(self.figure, **self.values)
        except (ValueError, TypeError) as err:
            self.error = str(err)
            self.figure.clear()
            vars(self.figure).pop(_PANELS, None)
            self.figure.text(0.5, 0.5, f"Cannot draw these values:\n{err}", ha="center",
                             va="center", wrap=True, fontsize=12, color=plots.COLORS[1])
        self.figure.subplots_adjust(**self._margins)
        if self._handle is not None:
            self._handle.update(_Picture(self.figure), metadata=self._metadata())

    def _on_change(self, _change=None) -> None:
        if not self._hold:
            self.redraw()

    def set(self, **values: Any) -> None:
        """Set several controls at once (one redraw), as moving the sliders would.

        A value a control cannot hold (outside its slider's range, not among its options, not a
        number) is refused, and then no control changes.
        """
        unknown = sorted(set(values) - set(self._widgets))
        if unknown:
            raise ValueError(f"Explorer.set: names must be among {sorted(self._widgets)}, "
                             f"got {unknown}")
        for name, value in values.items():
            _check_control("Explorer.set", name, self._widgets[name], value)
        self._hold = True
        try:
            for name, value in values.items():
                self._widgets[name].value = value
        finally:
            self._hold = False
        self.redraw()

    def png(self) -> bytes:
        """The current picture as the PNG bytes that `show` displays (and each update sends)."""
        return _png(self.figure)

    def frames(self) -> Iterator[tuple[tuple[int, ...], bytes]]:
        """Every frame of the static site: for each combination of the `grid` values (the
        first primary control varying slowest), its indices into the grids and the PNG that
        `png` gives after `set` to those values. The controls are restored afterwards."""
        start = self.values
        try:
            for indices in itertools.product(*(range(len(v)) for v in self.grid.values())):
                self.set(**{name: values[i]
                            for (name, values), i in zip(self.grid.items(), indices, strict=True)})
                yield indices, self.png()
        finally:
            self.set(**start)

    def show(self) -> None:
        """Display the figure (a PNG) with a display id; later redraws update it in place.

        The output's metadata holds `record` and the values drawn (key ``"lrcourse"``), from
        which the book's build draws the frames of the static site (``book/_ext``).
        """
        from IPython.display import display

        self._handle = display(_Picture(self.figure), display_id=True,
                               metadata=self._metadata())

    def _metadata(self) -> dict:
        """The displayed picture's metadata: `record` and the values drawn (none without it)."""
        if self.record is None:
            return {}
        return {"lrcourse": {"explorer": {**self.record, "values": _encode(self.values)}}}

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.controls)


_PANELS = "_explorer_panels"


def _panels(fig, make: Callable[[], Any]) -> Any:
    """The axes of an explorer's figure: ``make()`` (say ``fig.subplots(1, 2)``) on the first
    draw, the same axes on every later one (`Explorer.redraw` empties them first)."""
    panels = getattr(fig, _PANELS, None)
    if panels is None:
        panels = make()
        setattr(fig, _PANELS, panels)
    return panels


def _empty(ax) -> None:
    """``ax`` as a fresh axes would be before a draw function draws into it, keeping its ticks:
    no artists, legend, titles or labels; the colour cycle from its start; linear scales with
    their default locators; data limits forgotten and autoscaling on (call it inside
    `plots.style`, as a fresh axes is made)."""
    from matplotlib.transforms import Bbox

    for container in list(ax.containers):  # bars: their patches and the legend's handle
        container.remove()
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images,
                   *ax.artists, *ax.tables]:
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_prop_cycle(None)
    ax.set_xscale("linear")
    ax.set_yscale("linear")
    ax.dataLim.set(Bbox.null())
    ax.ignore_existing_data_limits = True
    ax.set_autoscale_on(True)
    ax._request_autoscale_view()


def _inches(owner: str, name: str, value: object) -> float:
    return _checks.positive(owner, name, value, limit=100.0,
                            why=" inches (a larger picture exceeds what matplotlib renders)")


def _margins(owner: str, margins: object) -> dict[str, float]:
    """`MARGINS` updated by ``margins`` (fractions of the figure: left < right, bottom < top)."""
    if margins is None:
        return dict(MARGINS)
    if not isinstance(margins, Mapping):
        _checks._fail(owner, "margins", "a dict of subplots_adjust arguments or None", margins,
                      TypeError)
    _checks.keywords(owner, margins, MARGINS, name="margins")
    out = {**MARGINS, **{key: _checks.in_interval(owner, f"margins[{key!r}]", value, 0.0, 1.0)
                         for key, value in margins.items()}}
    if out["left"] >= out["right"] or out["bottom"] >= out["top"]:
        _checks._fail(owner, "margins", "with left < right and bottom < top", margins)
    return out


def _check_control(owner: str, name: str, widget: Any, value: Any) -> Any:
    """``value``, refused unless ``widget`` can hold it as it is (ipywidgets would clamp a
    number into a slider's range, or round it, and draw something else than was asked)."""
    import ipywidgets as W

    if isinstance(widget, W.Checkbox | W.ToggleButton):
        return _checks.flag(owner, name, value)
    if hasattr(widget, "options"):  # menus and selection sliders
        allowed = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in widget.options]
        if not any(type(value) is type(o) and value == o for o in allowed):
            _checks._fail(owner, name, f"one of {allowed}", value)
        return value
    integer = isinstance(widget, W.IntSlider | W.IntRangeSlider | W.BoundedIntText)
    if isinstance(widget, W.IntRangeSlider | W.FloatRangeSlider):
        low, high = _checks.pair(owner, name, value, lambda o, n, v: _within(
            o, n, v, widget.min, widget.max, integer))
        if low > high:
            _checks._fail(owner, name, "a pair (low, high) with low <= high", value)
    elif isinstance(widget, W.FloatLogSlider):
        _within(owner, name, value, widget.base ** widget.min, widget.base ** widget.max, False)
    elif hasattr(widget, "min") and hasattr(widget, "max"):
        _within(owner, name, value, widget.min, widget.max, integer)
    return value


def _within(owner: str, name: str, value: object, low: float, high: float,
            integer: bool) -> float:
    """A number (an integer if ``integer``) in a slider's range ``[low, high]``, up to the
    rounding of a log slider's ends."""
    if integer and (isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral)):
        _checks._fail(owner, name, "an integer", value, TypeError)
    x = _checks.real(owner, name, value)
    if not (low <= x or math.isclose(x, low, rel_tol=1e-12)) \
            or not (x <= high or math.isclose(x, high, rel_tol=1e-12)):
        _checks._fail(owner, name, f"in [{low:g}, {high:g}] (the range of its slider)", value)
    return x


def _checked(owner: str, name: str, value: Any, widget: Any) -> Any:
    """``widget``, built for the starting ``value`` of argument ``name``: refused unless the
    widget holds it as asked (see `_check_control`)."""
    _check_control(owner, name, widget, value)
    return widget


def _suptitle(fig, text: str) -> None:
    """The figure's title at `TITLE_SIZE`; ``"; "`` in ``text`` starts a new line."""
    fig.suptitle(text.replace("; ", "\n"), fontsize=TITLE_SIZE, linespacing=1.3)


def _fewer_ticks(axis, nbins: int = 5) -> None:
    """At most about ``nbins`` major ticks on a linear ``axis`` (a narrow panel's)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=nbins, steps=(1, 2, 2.5, 5, 10)))


def _log_slider(description: str, value: float, low: float, high: float):
    import ipywidgets

    return ipywidgets.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high),
                                     step=0.02, description=description, readout_format=".3g",
                                     continuous_update=False)


def _int_slider(description: str, value: int, low: int, high: int, step: int = 1):
    import ipywidgets

    return ipywidgets.IntSlider(value=value, min=low, max=high, step=step,
                                description=description, continuous_update=False)


def _float_slider(description: str, value: float, low: float, high: float, step: float):
    import ipywidgets

    return ipywidgets.FloatSlider(value=value, min=low, max=high, step=step,
                                  description=description, readout_format=".4g",
                                  continuous_update=False)


def _dropdown(description: str, options: Sequence[str], value: str):
    import ipywidgets

    return ipywidgets.Dropdown(options=list(options), value=value, description=description)


def _shown_for(widget: Any, menu: Any, option: str) -> None:
    """Show ``widget`` only while ``menu`` is at ``option`` (e.g. a normal init's std)."""
    def follow(value: str) -> None:
        widget.layout.display = None if value == option else "none"

    follow(menu.value)
    menu.observe(lambda change: follow(change["new"]), names="value")


def _primary(owner: str, primary: object, controls: Mapping[str, Any]) -> dict[str, tuple]:
    """The grid of each primary control (`Explorer`): its given values or `_grid`, with the
    control's starting value added."""
    if primary is None:
        primary = {next(iter(controls)): None}
    if not isinstance(primary, Mapping) or not 1 <= len(primary) <= 2:
        _checks._fail(owner, "primary", "a dict of one or two control names -> values or None",
                      primary, TypeError)
    grids = {}
    for name, values in primary.items():
        if name not in controls:
            _checks._fail(owner, "primary", f"keyed by names among {sorted(controls)}", name)
        widget = controls[name]
        values = _grid(widget) if values is None else list(values)
        for value in values:
            _check_control(owner, f"primary[{name!r}]", widget, value)
        if widget.value not in values:
            values.append(widget.value)
            if not hasattr(widget, "options"):
                values.sort()
        grids[name] = tuple(values)
    return grids


def _grid(widget: Any) -> list:
    """A control's teaching grid: every option of a menu, every value of a slider with at most
    21 of them, else 11 evenly spaced values; for a log slider, its decades split in 5 and
    rounded to 2 significant digits (1, 1.6, 2.5, 4, 6.3, 10)."""
    if hasattr(widget, "options"):
        return [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in widget.options]
    if hasattr(widget, "base"):  # a log slider
        low, high = widget.base ** widget.min, widget.base ** widget.max
        exponents = np.arange(math.floor(5 * math.log10(low)), math.ceil(5 * math.log10(high)) + 1)
        values = [float(f"{10 ** (k / 5):.2g}") for k in exponents]
        return [v for v in values if low <= v <= high]
    count = round((widget.max - widget.min) / widget.step) + 1
    if isinstance(widget.value, numbers.Integral) and count <= 21:
        return list(range(widget.min, widget.max + 1, widget.step))
    points = np.linspace(widget.min, widget.max, min(count, 11))
    if isinstance(widget.value, numbers.Integral):
        return sorted({round(p) for p in points})
    return [float(f"{p:.4g}") for p in points]


def recorded(factory: Callable[..., Explorer]) -> Callable[..., Explorer]:
    """Decorator of an explorer function: the `Explorer` it returns gets its `Explorer.record`
    (the function and the arguments it was called with)."""
    signature = inspect.signature(factory)

    @functools.wraps(factory)
    def wrapper(*args: Any, **kwargs: Any) -> Explorer:
        explorer = factory(*args, **kwargs)
        arguments = signature.bind(*args, **kwargs).arguments
        try:
            explorer.record = {"function": f"{factory.__module__}.{factory.__name__}",
                               "arguments": _encode(dict(arguments))}
        except TypeError:  # an argument the record cannot hold: no static frames
            explorer.record = None
        return explorer

    wrapper.records_explorer = True
    return wrapper


def explorer_from_record(record: Mapping[str, Any]) -> Explorer:
    """The explorer an `Explorer.record` describes, built again by its explorer function, at
    the recorded control values if the record has ``"values"`` (as `Explorer.show` stores).

    Parameters
    ----------
    record : dict
        ``{"function": "lrcourse.widgets.<module>.<name>", "arguments": ..., "values": ...}``,
        as `Explorer.record` and the metadata of `Explorer.show`'s output hold it.

    Returns
    -------
    Explorer
    """
    owner = "explorer_from_record"
    if not isinstance(record, Mapping) or not {"function", "arguments"} <= set(record):
        _checks._fail(owner, "record", "a dict with 'function' and 'arguments'", record,
                      TypeError)
    function = _lrcourse_object(owner, record["function"])
    if not getattr(function, "records_explorer", False):
        _checks._fail(owner, "record", "naming an explorer function of lrcourse.widgets",
                      record["function"])
    try:
        arguments = _decode(owner, record["arguments"])
        values = _decode(owner, record.get("values", {"dict": {}}))
        for name, value in (("arguments", arguments), ("values", values)):
            if not isinstance(value, dict):
                raise TypeError(f"its {name!r} are not a recorded dict")
        explorer = function(**arguments)
        explorer.set(**values)
    except (ValueError, TypeError, binascii.Error) as err:
        raise type(err)(f"{owner}: record of {record['function']} refused: {err}") from None
    return explorer


def _lrcourse_object(owner: str, path: object) -> Any:
    """The object of lrcourse named ``"lrcourse.<module>.<name>"`` (nothing outside lrcourse)."""
    if not isinstance(path, str) or not path.startswith("lrcourse.") or "." not in path[9:]:
        _checks._fail(owner, "record", "naming an object of lrcourse ('lrcourse.<module>.<name>')",
                      path)
    module, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        _checks._fail(owner, "record", "naming an object of lrcourse that exists", path)


def _encode(value: Any) -> Any:
    """``value`` as JSON data `_decode` turns back into an equal value: numbers, strings,
    lists, tuples, dicts with str keys, numpy arrays (their bytes, exact) and objects of
    lrcourse classes (their attributes). Anything else raises TypeError."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        return x if math.isfinite(x) else {"float": repr(x)}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: _encode(v) for k, v in value.items()}}
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        array = np.ascontiguousarray(value)
        return {"array": base64.b64encode(array.tobytes()).decode("ascii"),
                "dtype": array.dtype.str, "shape": list(array.shape)}
    kind = type(value)
    if kind.__module__.startswith("lrcourse.") and hasattr(value, "__dict__"):
        return {"object": f"{kind.__module__}.{kind.__qualname__}",
                "attributes": _encode(dict(vars(value)))["dict"]}
    raise TypeError(f"cannot record a {kind.__name__}")


def _decode(owner: str, data: Any) -> Any:
    """The value `_encode` turned into ``data``."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [_decode(owner, v) for v in data]
    if isinstance(data, dict) and len(data) == 1 and "tuple" in data:
        return tuple(_decode(owner, v) for v in data["tuple"])
    if isinstance(data, dict) and len(data) == 1 and "dict" in data:
        return {k: _decode(owner, v) for k, v in data["dict"].items()}
    if isinstance(data, dict) and len(data) == 1 and "float" in data:
        return float(data["float"])
    if isinstance(data, dict) and set(data) == {"array", "dtype", "shape"}:
        raw = base64.b64decode(data["array"])
        return np.frombuffer(raw, dtype=np.dtype(data["dtype"])).reshape(data["shape"]).copy()
    if isinstance(data, dict) and set(data) == {"object", "attributes"}:
        kind = _lrcourse_object(owner, data["object"])
        if not isinstance(kind, type):
            _checks._fail(owner, "record", "naming lrcourse classes", data["object"])
        value = kind.__new__(kind)
        value.__dict__.update({k: _decode(owner, v) for k, v in data["attributes"].items()})
        return value
    _checks._fail(owner, "record", "made by Explorer.record (JSON data)", data, TypeError)


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _number(x: float, digits: int = 2) -> str:
    """``x`` written as people read it, rounded to ``digits`` significant digits: 0.018, 0.15,
    3.2, 250, 0.00014; a power of ten (2.5×10⁻⁷) only below 1e-4 or from 1e6 on."""
    x = float(f"{x:.{digits}g}")
    if not math.isfinite(x) or x == 0:
        return f"{x:g}"
    if 1e-4 <= abs(x) < 1e6:
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
        text = f"{x:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
