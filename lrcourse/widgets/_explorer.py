"""The `Explorer` machinery: controls wired to a figure redrawn from a pure function, the
sliders, and the explorers' common figure size, margins and title."""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .. import _checks, plots

#: Default size of an explorer's figure in inches: two panels side by side, about one page
#: column wide (the book's column is about 690 px; a wider picture is shrunk and its text with it).
FIGSIZE: tuple[float, float] = (9.0, 4.0)

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
        Figure size in inches, `FIGSIZE` by default; at most about 9 inches wide so that the
        picture is legible at the width of a page.
    margins : dict, optional
        ``Figure.subplots_adjust`` arguments overriding `MARGINS`. Fixed margins instead of a
        layout engine: a layout engine costs one more full draw at every slider move.

    Attributes
    ----------
    controls : ipywidgets.VBox
        The sliders; displaying the explorer displays them.
    figure : matplotlib.figure.Figure
        The picture of the current values (not managed by pyplot).
    error : str or None
        Why the current values could not be drawn (see `redraw`), or None.
    """

    def __init__(self, controls: Mapping[str, Any], draw: Callable[..., None],
                 figsize: tuple[float, float] = FIGSIZE,
                 margins: Mapping[str, float] | None = None):
        import ipywidgets
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
        self._margins = _margins(owner, margins)
        self._widgets = dict(controls)
        self._draw = draw
        self._handle = None
        self._hold = False
        with plots.style():
            self.figure = Figure(figsize=figsize)
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

        Slider values that the functions refuse together (say a cyclic schedule whose base
        rate is above its peak) give a picture of the error message instead of a blank one;
        the message is also in `error`.
        """
        self.figure.clear()
        self.error = None
        try:
            with plots.style():
                self._draw(self.figure, **self.values)
        except (ValueError, TypeError) as err:
            self.error = str(err)
            self.figure.clear()
            self.figure.text(0.5, 0.5, f"Cannot draw these values:\n{err}", ha="center",
                             va="center", wrap=True, fontsize=12, color=plots.COLORS[1])
        self.figure.subplots_adjust(**self._margins)
        if self._handle is not None:
            self._handle.update(_Picture(self.figure))

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

    def show(self) -> None:
        """Display the figure (a PNG) with a display id; later redraws update it in place."""
        from IPython.display import display

        self._handle = display(_Picture(self.figure), display_id=True)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.controls)


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
