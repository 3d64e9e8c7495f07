"""The HTML the extension writes, from templates a site can override.

``templates/portfolio/*.html`` in the package: the paper page's body, the BibTeX
block, the lists' BibTeX toggle and the filter form. Like ablog, the folder goes at
the end of ``templates_path``, so a file of the same name in one of the site's own
``templates_path`` folders wins. They are rendered by the builder's template bridge,
with ``_`` from the extension's catalog.
"""

from __future__ import annotations

import html
import re
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.meta
from markupsafe import Markup

from ..sphinx_ext.locale import N_, _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

TEMPLATES = Path(__file__).parent.parent / "templates"

#: what portfolio.js writes, by the data attribute that carries its translation
JS_TEXTS = {
    "copied": N_("Copied."),
    "selected": N_("Selected: press Ctrl+C (⌘C) to copy."),
    "count": N_("%(shown)s of %(total)s publications"),
    "count-match": N_("%(shown)s of %(total)s publications match"),
}


def js_texts(*names: str) -> list[tuple[str, str]]:
    """(attribute, text) for the script's texts that have a translation: the script
    has its English, so an English page carries none (and stays as it was)."""
    texts = [(name, str(_(JS_TEXTS[name]))) for name in names]
    return [(name, text) for name, text in texts if text != JS_TEXTS[name]]


def _escaped(value: Any) -> Any:
    """*value* with every text in it escaped, as Sphinx's context values are HTML;
    :class:`~markupsafe.Markup` (HTML already) stays as it is, and so ``|e`` in a
    template leaves the values alone and escapes only what a template makes itself."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return Markup(html.escape(value))
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_escaped(v) for v in value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def render(builder: Builder, name: str, context: dict[str, Any]) -> str:
    """Template ``portfolio/<name>`` with *context* (texts, escaped here, and
    :class:`~markupsafe.Markup`); ``_`` in it translates with the extension's
    catalog (Sphinx's own ``_`` in templates knows only Sphinx's)."""
    return builder.templates.render(  # type: ignore[union-attr]
        f"portfolio/{name}", {**_escaped(context), "_": _})


#: template bridge -> template name -> its render function (see compiled)
_COMPILED: weakref.WeakKeyDictionary[Any, dict[str, Callable[[dict[str, Any]], str]]] = (
    weakref.WeakKeyDictionary())


def compiled(builder: Builder, name: str) -> Callable[[dict[str, Any]], str]:
    """:func:`render` of template ``portfolio/<name>``, the template looked up and
    compiled once per build (per template bridge: each build makes its own): for a
    template rendered once per entry. Sphinx's own template bridge (a Jinja
    environment, ``templates.environment``) gives the template; any other bridge
    renders each time through :func:`render`."""
    bridge = builder.templates
    try:
        made = _COMPILED.setdefault(bridge, {})
    except TypeError:  # a bridge that cannot be weakly referenced: made each time
        made = {}
    if name not in made:
        environment = getattr(bridge, "environment", None)
        if isinstance(environment, jinja2.Environment):
            template = environment.get_template(f"portfolio/{name}")
            made[name] = lambda context: template.render({**_escaped(context), "_": _})
        else:
            made[name] = lambda context: render(builder, name, context)
    return made[name]


#: template bridge -> (template name, its constant values) -> what fills it (see filled)
_FILLED: weakref.WeakKeyDictionary[Any, dict[Any, Callable[[dict[str, str]], str]]] = (
    weakref.WeakKeyDictionary())


def filled(builder: Builder, name: str, constant: dict[str, Any],
           first: dict[str, str]) -> Callable[[dict[str, str]], str]:
    """:func:`compiled` template ``portfolio/<name>`` for a template rendered once per
    listed entry with the *constant* values and texts that vary (keys of *first*, the
    values of the first entry): rendered once with a mark in place of each text, then
    filled in per entry (some 5 microseconds, where rendering is 50).

    That holds for the package's templates, which print each text as it is given
    (escaped), as the first entry, rendered both ways, checks. A site's own template
    (the one named, or one it includes) may test, cut or change a text: it is then
    rendered for every entry."""
    key = (name, repr(sorted(constant.items())), tuple(sorted(first)))
    try:
        made = _FILLED.setdefault(builder.templates, {})
    except TypeError:
        made = {}
    if key in made:
        return made[key]
    render = compiled(builder, name)
    if not _is_packaged(builder, name):
        made[key] = render
        return render
    fields = sorted(first)
    parts, slots = _split(render({**constant, **{f: _mark(i) for i, f in enumerate(fields)}}))

    def fill(values: dict[str, str]) -> str:
        return _joined(parts, slots, [html.escape(values[field]) for field in fields])

    def each(values: dict[str, str]) -> str:
        return render({**constant, **values})

    made[key] = fill if fill(first) == each(first) else each
    return made[key]


class Shaped:
    """:func:`compiled` template ``portfolio/<name>`` with the *constant* values, for a
    page made once per entry (a paper page): rendered once per *shape* of the values
    with a mark in place of each text, then filled in (some 10 microseconds, where
    rendering is 100).

    A shape is what the package's templates test of the values: which texts are empty,
    how long each list is. The first values of each shape are rendered both ways, and
    the shape is filled only if they agree. A site's own template (the one named, or
    one it includes) may test, cut or change a text: it is rendered for every page.
    Values are texts (escaped when filled, as :func:`render` escapes them),
    :class:`~markupsafe.Markup`, and lists and tuples of these; any other value is
    rendered each time."""

    def __init__(self, builder: Builder, name: str, constant: dict[str, Any]) -> None:
        self._render = compiled(builder, name)
        self._constant = constant
        self._trusted = _is_packaged(builder, name)
        #: shape -> (the rendering's parts, the leaf each mark stands for) or None
        self._made: dict[Any, tuple[list[str], list[int | None]] | None] = {}

    def __call__(self, values: dict[str, Any]) -> str:
        leaves: list[str] = []
        shape = _shape(values, leaves) if self._trusted else None
        if shape is None:
            return self._render({**self._constant, **values})
        if shape not in self._made:
            self._made[shape] = self._split(values, leaves)
        made = self._made[shape]
        if made is None:
            return self._render({**self._constant, **values})
        return _joined(*made, leaves)

    def _split(self, values: dict[str, Any],
               leaves: list[str]) -> tuple[list[str], list[int | None]] | None:
        marked = _marked(values, iter(range(len(leaves))))
        parts, slots = _split(self._render({**self._constant, **marked}))
        if _joined(parts, slots, leaves) != self._render({**self._constant, **values}):
            return None
        return parts, slots


def _mark(number: int) -> str:
    """The mark of the *number*-th text in a rendering (see filled and Shaped)."""
    return f"\ue010{number}\ue010"


def _split(rendering: str) -> tuple[list[str], list[int | None]]:
    """*rendering* cut at its marks: its parts, and the number of the text each mark
    stands for (None for the parts between)."""
    parts = re.split("(\ue010\\d+\ue010)", rendering)
    return parts, [int(part[1:-1]) if part.startswith("\ue010") else None for part in parts]


def _joined(parts: list[str], slots: list[int | None], texts: list[str]) -> str:
    """The rendering of :func:`_split` with its marks filled in with *texts*."""
    return "".join(part if slot is None else texts[slot]
                   for part, slot in zip(parts, slots, strict=True))


def _shape(value: Any, leaves: list[str]) -> Any:
    """What a template can test of *value* (see :class:`Shaped`), its texts appended to
    *leaves* as they are filled in (escaped, Markup as it is); None if it is not made of
    texts, Markup, lists and tuples (then it is rendered)."""
    if isinstance(value, str):
        leaves.append(str(value) if isinstance(value, Markup) else html.escape(value))
        return (isinstance(value, Markup), bool(value))
    if isinstance(value, (list, tuple)):
        shapes = []
        for item in value:
            found = _shape(item, leaves)
            if found is None:
                return None
            shapes.append(found)
        return (type(value).__name__, *shapes)
    if isinstance(value, dict):
        shapes = []
        for key, item in value.items():
            found = _shape(item, leaves)
            if found is None:
                return None
            shapes.append((key, found))
        return tuple(shapes)
    return None


def _marked(value: Any, numbers: Iterator[int]) -> Any:
    """*value* with each text a mark of its number in :func:`_shape`'s leaves (Markup,
    as the mark is the text in the rendering); an empty text stays empty."""
    if isinstance(value, str):
        number = next(numbers)
        return Markup(_mark(number)) if value else value
    if isinstance(value, (list, tuple)):
        return type(value)(_marked(item, numbers) for item in value)
    return {key: _marked(item, numbers) for key, item in value.items()}


def _is_packaged(builder: Builder, name: str) -> bool:
    """Whether template ``portfolio/<name>``, and every template it includes, is the
    package's own (no site's)."""
    environment = getattr(builder.templates, "environment", None)
    if not isinstance(environment, jinja2.Environment):
        return False
    seen, todo = set(), [f"portfolio/{name}"]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        template = environment.get_template(current)
        if template.filename is None or Path(template.filename).resolve() != (
                TEMPLATES / current).resolve():
            return False
        source = Path(template.filename).read_text(encoding="utf-8")
        for included in jinja2.meta.find_referenced_templates(environment.parse(source)):
            if included is None:  # a name made at render time: could be anything
                return False
            todo.append(included)
    return True


def add_template_path(app: Sphinx, config: Config) -> None:
    """config-inited: the package's templates, searched after the site's own."""
    folder = str(TEMPLATES)
    if folder not in config.templates_path:
        # last: the site's own folders are searched first
        config.templates_path = [*config.templates_path, folder]
