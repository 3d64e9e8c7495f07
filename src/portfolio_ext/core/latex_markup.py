"""LaTeX commands and math in field text, as pybtex rich text and as plain Unicode.

pybtex's decoder (``Text.from_latex``, through latexcodec) knows braces, accents and a
few symbols; a command it does not know stays in the text as source: ``\\emph{k-SAT}``
is shown as "\\emph k-SAT", ``AC$^0$`` as "AC$^0$", ``\\apj`` as "\\apj". Real exports
(DBLP, NASA ADS, Google Scholar, Zotero) are full of them.

The text is read here with **pylatexenc** (``latexwalker``): it parses LaTeX into a tree
of macros with their arguments, groups, math and specials (``--``, ``~``), tolerantly or
strictly as asked, and its ``latex2text`` knows the Unicode of some 1,500 accents,
symbols and math macros. latexcodec (pybtex's own, a codec) has no tree, so it cannot
tell ``\\emph``'s argument from the text after it; pybtex's LaTeX parser only splits
braces. pylatexenc is pure Python, no dependencies, and well kept.

What becomes what (the table in ``docs/extension.md``, "What is shown"):

- ``\\emph``, ``\\textit``, ``\\textsl`` (and ``{\\em ..}``, ``{\\it ..}``) become
  ``Tag("em")``; ``\\textbf`` (``{\\bf ..}``) ``Tag("strong")``;
- ``\\textsc``, ``\\texttt``, ``\\mbox``, ``\\textrm``, ``\\mathrm``... outside math: their text;
- ``\\url{..}`` and ``\\href{url}{text}``: an ``HRef`` when the address is http(s), else text;
- accents and symbols (``\\"o``, ``\\ss``, ``\\textdollar``, ``--``, ``~``): Unicode;
- ``$..$``, ``\\(..\\)``: a :class:`Math` element, which renders as LaTeX math in pybtex's
  LaTeX backend, as a docutils ``math`` node in pybtex-docutils' (``style/richtext.py``
  adds it to :attr:`Math.renderers`), and as
  Unicode text (``$\\alpha$`` "\u03b1", ``AC$^0$`` "AC\u2070", ``x^{ab}`` "x^(ab)")
  everywhere else;
- the AASTeX journal macros (``\\apj``, ``\\mnras``...): the journal's name (:data:`JOURNALS`);
- any other command: its argument, or its name without the backslash, and a problem
  (:func:`latex_problems_of`) that the bib checks report once per entry.

Only text that pybtex's decoder leaves LaTeX in (a backslash or a dollar) comes here
(``core/latex.py``): the rest is decoded as before, so its output does not change.
Each distinct string is converted once (``lru_cache``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import ClassVar

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import BaseMultipartText, HRef, Protected, Tag, Text

__all__ = ["JOURNALS", "MARKUP", "Math", "has_markup", "latex_problems_of", "math_text",
           "to_rich"]

#: the AASTeX journal macros (``aas_macros.sty``), as NASA ADS exports them in
#: ``journal``; a table of data, not of code
JOURNALS = {
    "aj": "Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal",
    "apjl": "Astrophysical Journal Letters",
    "apjlett": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series",
    "apjsupp": "Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "applopt": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics",
    "astap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Review",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "bac": "Bulletin of the Astronomical Institutes of Czechoslovakia",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "psj": "Planetary Science Journal",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "sci": "Science",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysics Letters",
    "apspr": "Astrophysics Space Physics Research",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
    "maps": "Meteoritics and Planetary Science",
}

_EM = frozenset({"emph", "textit", "textsl", "em", "it", "sl", "itshape", "slshape"})
_STRONG = frozenset({"textbf", "bf", "bfseries"})
#: declarations that set the rest of their group: ``{\em text}``
_DECLARATIONS = frozenset({"em", "it", "sl", "itshape", "slshape", "bf", "bfseries",
                           "sc", "tt", "rm", "sf", "scshape", "ttfamily", "rmfamily",
                           "sffamily", "upshape", "mdseries", "normalfont"})
#: commands shown as their argument's text (outside math)
_AS_TEXT = frozenset({
    "textsc", "texttt", "textrm", "textsf", "textup", "textmd", "textnormal", "text",
    "mbox", "hbox", "fbox", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal",
    "mathbb", "ensuremath", "textsuperscript", "textsubscript", "uppercase", "lowercase",
    "MakeUppercase", "MakeLowercase", "NoCaseChange", "nocase", "relax", "protect",
})
#: commands shown as nothing: spacing and line breaks (``\,``, ``\\``, ``\ ``)
_SPACES = {",": "\u2009", " ": " ", ";": " ", ":": " ", "!": "", "\\": " ", "/": "",
           "-": "", "newline": " ", "linebreak": " ", "quad": " ", "qquad": " ",
           "xspace": "", "break": "", "allowbreak": "", "noindent": ""}
#: commands latex2text knows but that are no text: shown as unknown (their argument)
_FILES = frozenset({"input", "include", "includeonly", "bibliography", "bibliographystyle"})
_WORDS = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e",
          "textbackslash": "\\", "slash": "/"}


@cache
def _reader() -> SimpleNamespace:
    """pylatexenc and what is made of it, imported and made at the first text that
    needs them (some 7 ms, which a rebuild that formats no entry does not spend)."""
    from pylatexenc import latex2text, latexwalker, macrospec

    db = latexwalker.get_default_latex_context_db()
    db.add_context_category("portfolio", prepend=True, macros=[
        macrospec.MacroSpec("href", "{{"),
        macrospec.MacroSpec("url", "{"),
        macrospec.MacroSpec("textsuperscript", "{"),
        macrospec.MacroSpec("textsubscript", "{"),
        macrospec.MacroSpec("NoCaseChange", "{"),
        macrospec.MacroSpec("nocase", "{"),
        *(macrospec.MacroSpec(name, "") for name in JOURNALS),
    ])
    return SimpleNamespace(
        walker=latexwalker, walker_db=db,
        # latex2text's Unicode for accents, symbols and math; unknown math macros give ""
        to_text=latex2text.LatexNodes2Text(math_mode="text", strict_latex_spaces=True),
        text_db=latex2text.get_default_latex_context_db(),
        # what pylatexenc may raise on text it cannot read, strictly or tolerantly
        parse_errors=(latexwalker.LatexWalkerError, RecursionError, IndexError,
                      AttributeError, TypeError, ValueError),
    )


_SPACE_RUN = re.compile(r"\s+")
_PLAIN = PlaintextBackend()


def _is_latex(backend: object) -> bool:
    """Whether *backend* is pybtex's LaTeX backend (whose module imports latexcodec,
    some 7 ms: not imported here, as no backend is one before it is)."""
    module = sys.modules.get("pybtex.backends.latex")
    return module is not None and isinstance(backend, module.Backend)


class Math(BaseMultipartText):
    """Inline math: its LaTeX *source*, with Unicode text as its parts.

    pybtex's LaTeX backend gets ``$source$``; the style's docutils backend a ``math``
    node (``style/richtext.py``); every other backend the Unicode text.
    """

    def __init__(self, source: str, *parts) -> None:
        self.source = source
        self.info = (source,)
        super().__init__(*(parts or (math_text(source),)))

    #: backend class -> how it renders math, for backends of other layers: the style
    #: adds pybtex-docutils' (a ``math`` node), which the core may not import
    renderers: ClassVar[dict[type, Callable[[Math], object]]] = {}

    def render(self, backend):
        if _is_latex(backend):
            return f"${self.source}$"
        for backend_class, render in self.renderers.items():
            if isinstance(backend, backend_class):
                return render(self)
        return super().render(backend)

    def __repr__(self) -> str:
        return f"Math({self.source!r})"


@lru_cache(maxsize=65536)
def math_text(source: str) -> str:
    """The Unicode text of math: symbols as Unicode, ``\\mbox`` and the like as their
    text, ``^`` and ``_`` as Unicode's scripts where it has them (:func:`_scripted`)."""
    reader = _reader()
    try:
        walker = reader.walker.LatexWalker(source, latex_context=reader.walker_db,
                                           tolerant_parsing=True)
        nodelist, _, _ = walker.get_latex_nodes()
        text = Text(*_Converter(math=True).nodes(nodelist)).render(_PLAIN)
    except reader.parse_errors:  # what pylatexenc cannot read: the source is the text
        return source
    text = text.strip()
    return text if text or "\\" in source else source


#: the scripts Unicode has for math's ``^`` and ``_``: ``AC$^0$`` is "AC\u2070"
_SCRIPTS = {"^": str.maketrans("0123456789+-=()ni", "\u2070\u00b9\u00b2\u00b3\u2074\u2075"
                               "\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e"
                               "\u207f\u2071"),
            "_": str.maketrans("0123456789+-=()", "\u2080\u2081\u2082\u2083\u2084\u2085"
                               "\u2086\u2087\u2088\u2089\u208a\u208b\u208c\u208d\u208e")}
_SCRIPT = re.compile(r"([\^_])([^\s{}\\])")


def _scripted(mark: str, text: str) -> str:
    """*text* as a superscript (*mark* ``^``) or subscript in Unicode, or after the mark
    (in parentheses when longer than one character) when Unicode has no script for one
    of its characters: ``x^(ab)``."""
    table = _SCRIPTS[mark]
    scripted = text.translate(table)
    if text and all(ord(char) in table for char in text):
        return scripted
    return f"{mark}({text})" if len(text) > 1 else mark + text


class _Converter:
    def __init__(self, math: bool = False) -> None:
        self.problems: list[str] = []
        self.math = math  # in math: ^ and _ are scripts
        reader = _reader()
        self.walker, self.to_text, self.text_db = reader.walker, reader.to_text, reader.text_db

    def nodes(self, nodelist) -> list:
        parts: list = []
        nodelist = [n for n in nodelist or () if n is not None]
        i = 0
        while i < len(nodelist):
            node = nodelist[i]
            if node.isNodeType(self.walker.LatexMacroNode) and node.macroname in _DECLARATIONS:
                rest = self.nodes(nodelist[i + 1:])
                name = node.macroname
                tag = "em" if name in _EM else "strong" if name in _STRONG else None
                parts.append(Tag(tag, *rest) if tag and rest else Text(*rest))
                break
            following = nodelist[i + 1] if i + 1 < len(nodelist) else None
            if self.math and node.isNodeType(self.walker.LatexCharsNode):
                chars = _SCRIPT.sub(lambda m: _scripted(m[1], m[2]), node.chars)
                if chars[-1:] in _SCRIPTS and following is not None and \
                        following.isNodeType(self.walker.LatexGroupNode):  # x^{10}
                    inner = Text(*self.nodes(following.nodelist)).render(_PLAIN)
                    parts += [chars[:-1], _scripted(chars[-1], inner)]
                    i += 2
                    continue
                parts.append(chars)
                i += 1
                continue
            parts.extend(self.node(node, following))
            i += 1
        return parts

    def node(self, node, following) -> list:
        if node.isNodeType(self.walker.LatexCharsNode):
            return [_SPACE_RUN.sub(" ", node.chars)]
        if node.isNodeType(self.walker.LatexGroupNode):
            inner = self.nodes(node.nodelist)
            return [Protected(*inner)] if inner else []
        if node.isNodeType(self.walker.LatexMathNode):
            source = "".join(n.latex_verbatim() for n in node.nodelist).strip()
            opening, closing = node.delimiters
            verbatim = node.latex_verbatim()
            if len(verbatim) < len(opening) + len(closing) or not verbatim.endswith(closing):
                # never closed (``US$5``, read tolerantly): a dollar, not math
                return [opening + math_text(source) if source else opening]
            if not source:
                return []
            if not _safe_math(source):  # shown as its text, never run by LaTeX
                self.problems += [f"\\{name}" for name in _COMMAND.findall(source)
                                  if not _known(name)]
                return [math_text(source)]
            return [Math(source)]
        if node.isNodeType(self.walker.LatexCommentNode):
            return []
        if node.isNodeType(self.walker.LatexSpecialsNode):
            return [self.to_text.node_to_text(node)]
        if node.isNodeType(self.walker.LatexEnvironmentNode):
            return self.nodes(node.nodelist)
        if node.isNodeType(self.walker.LatexMacroNode):
            return self.macro(node, following)
        return [node.latex_verbatim()]

    def args(self, node) -> list:
        argd = node.nodeargd
        return [a for a in (argd.argnlist if argd else ()) if a is not None]

    def arg_parts(self, arg) -> list:
        if arg.isNodeType(self.walker.LatexGroupNode):
            return self.nodes(arg.nodelist)
        return self.nodes([arg])

    def macro(self, node, following) -> list:
        name = node.macroname
        args = self.args(node)
        if name in _EM or name in _STRONG:
            inner = [p for a in args for p in self.arg_parts(a)]
            return [Tag("em" if name in _EM else "strong", *inner)] if inner else []
        if name in _AS_TEXT:
            return [p for a in args for p in self.arg_parts(a)]
        if name in ("url", "href"):
            address = _verbatim(args[0]) if args else ""
            shown = self.arg_parts(args[1]) if name == "href" and len(args) > 1 else [address]
            if address.startswith(("https://", "http://")):
                return [HRef(address, *shown)]
            return shown
        if name in JOURNALS:
            return [JOURNALS[name]]
        if name in _SPACES:
            return [_SPACES[name]] if _SPACES[name] else []
        if name in _WORDS:
            return [_WORDS[name]]
        if name not in _FILES and self.text_db.get_macro_spec(name) is not None:  # accents, symbols
            return [self.to_text.node_to_text(node)]
        # a command nobody here knows: its argument, or its name
        if args:
            shown = [p for a in args for p in self.arg_parts(a)]
        elif following is not None and following.isNodeType(self.walker.LatexGroupNode):
            shown = []
        else:
            shown = [name + node.macro_post_space]
        self.problems.append(f"\\{name}")
        return shown


def _verbatim(arg) -> str:
    text = arg.latex_verbatim()
    if arg.isNodeType(_reader().walker.LatexGroupNode):
        text = text[1:-1]
    return _URL_ESCAPE.sub(r"\1", text.strip())


#: escapes people write in addresses (``a\_b``, ``50\%``): the address has the character
_URL_ESCAPE = re.compile(r"\\([_%&#~$])")


@lru_cache(maxsize=65536)
def _convert(latex: str) -> tuple[Text, tuple[str, ...]] | None:
    """*latex* as rich text and the commands it does not know; None when it is not LaTeX."""
    converter = _Converter()
    try:
        text = Text(*converter.nodes(_parse(latex)))
    except _reader().parse_errors:
        return None
    return text, tuple(dict.fromkeys(converter.problems))


def _parse(latex: str) -> list:
    """pylatexenc's nodes of *latex*: read strictly, or else tolerantly (a command
    without its argument, an unclosed ``$``, which :class:`_Converter` shows as a dollar)."""
    reader = _reader()
    try:
        walker = reader.walker.LatexWalker(latex, latex_context=reader.walker_db,
                                           tolerant_parsing=False)
        return walker.get_latex_nodes()[0]
    except reader.walker.LatexWalkerError:
        walker = reader.walker.LatexWalker(latex, latex_context=reader.walker_db,
                                           tolerant_parsing=True)
        return walker.get_latex_nodes()[0]


def to_rich(latex: str) -> Text | None:
    """*latex* as pybtex rich text (see the module's docstring), or None when pylatexenc
    cannot read it (an unclosed ``$``: the caller shows it as pybtex decodes it)."""
    converted = _convert(latex)
    return converted[0] if converted else None


_COMMAND = re.compile(r"\\([A-Za-z]+)")


@lru_cache(maxsize=4096)
def _known(name: str) -> bool:
    """Whether the command *name* is one that :class:`_Converter` knows."""
    return (name in _EM or name in _STRONG or name in _AS_TEXT or name in _DECLARATIONS
            or name in JOURNALS or name in _SPACES or name in _WORDS or name in ("url", "href")
            or (name not in _FILES and _reader().text_db.get_macro_spec(name) is not None))


#: commands that pybtex's decoder leaves as source (tests/test_latex_markup.py checks)
MARKUP = frozenset(_EM | _STRONG | _AS_TEXT | set(JOURNALS) | {"url", "href"})


#: what may not go into the LaTeX output as math: TeX's ``^^5c`` (a backslash), a
#: comment, a parameter, an alignment (not escaped: ``\\&`` is fine)
_UNSAFE_MATH = re.compile(r"\^\^|(?:^|[^\\])(?:\\\\)*[%#&]")
#: commands latex2text knows that are links or colours, not math
_NOT_MATH = frozenset({"href", "url", "textcolor", "color"})


@lru_cache(maxsize=4096)
def _safe_math(source: str) -> bool:
    """Whether math *source* may be written as math into HTML (MathJax) and LaTeX: only
    commands that are symbols or text (``\\alpha``, ``\\frac``, ``\\mbox``), none that
    reads a file, defines a command or makes a link (``\\input``, ``\\def``, ``\\href``)."""
    if _UNSAFE_MATH.search(source):
        return False
    return all(name not in _NOT_MATH and (name in _AS_TEXT or _known(name))
               for name in _COMMAND.findall(source))


def has_markup(text: str) -> bool:
    """Whether *text* has a command of :data:`MARKUP`: pybtex's decoder would leave it,
    so ``core/latex.py`` need not try that decoder first."""
    return "\\" in text and any(name in MARKUP for name in _COMMAND.findall(text))


def latex_problems_of(text: str) -> list[str]:
    """The LaTeX commands in *text* that are shown as their text because nothing here
    knows them (``["\\\\foo"]``); [] for text without commands.

    ``core/fields.py`` reports them, once per entry, with the field's name.
    """
    if not _COMMAND.search(text):
        return []
    if all(_known(name) for name in _COMMAND.findall(text)):  # no need to parse
        return []
    converted = _convert(text)
    return list(converted[1]) if converted else []
