"""Unit and property tests of owner-name matching (``portfolio_ext.core.names``)."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pybtex.database import Person, parse_string

from portfolio_ext.core.names import NameForm, OwnerMatcher, normalize, parse_form

#: the owner's forms in the real site's conf.py
OWNER = ["Xu, Zhi-Qin John", "Xu, Zhiqin"]
#: an owner whose name is written with LaTeX accents
MUELLER = ['M{\\"u}ller, J{\\"o}rg']


def owner() -> OwnerMatcher:
    # a fresh matcher per test, so the per-matcher cache never carries results over
    return OwnerMatcher(OWNER)


# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("Xu", "xu"),
        ("XU", "xu"),
        ("Zhi-Qin", "zhiqin"),
        ("Zhi Qin", "zhiqin"),
        ("Zhi~Qin", "zhiqin"),
        ("Zhi\u2010Qin", "zhiqin"),  # unicode hyphen
        ("Z.-Q.", "zq"),
        ("{Xu}", "xu"),
        ("{Z}hi-{Q}in", "zhiqin"),
        ('M{\\"u}ller', "muller"),
        ('M\\"{u}ller', "muller"),
        ('M\\"uller', "muller"),
        ("Müller", "muller"),
        ("MÜLLER", "muller"),
        ("Jos{\\'e}", "jose"),
        ("Pe\\~na", "pena"),
        ("Fran\\c{c}ois", "francois"),
        ("Fran{\\c c}ois", "francois"),
        ("O'Brien", "obrien"),
        ("", ""),
    ],
)
def test_normalize(part, expected):
    assert normalize(part) == expected


def test_normalize_docstring_example():
    assert normalize('M{\\"u}ller') == normalize("MÜLLER") == "muller"


# --------------------------------------------------------------------------- parse_form


def test_parse_form_real_forms():
    assert parse_form("Xu, Zhi-Qin John") == NameForm(
        source="Xu, Zhi-Qin John", last="xu", given=("zhi", "qin", "john"), abbreviated=False
    )
    assert parse_form("Xu, Zhiqin") == NameForm(
        source="Xu, Zhiqin", last="xu", given=("zhiqin",), abbreviated=False
    )
    assert parse_form("Xu, Zhiqin").given_joined == parse_form("Xu, Zhi-Qin").given_joined


@pytest.mark.parametrize(
    ("form", "last", "given", "abbreviated"),
    [
        ("Xu, Z.-Q. J.", "xu", ("z", "q", "j"), True),
        ("Xu, Z.", "xu", ("z",), True),
        ("Xu, Zhi-Q.", "xu", ("zhi", "q"), True),
        ("Zhi-Qin John Xu", "xu", ("zhi", "qin", "john"), False),
        ('M{\\"u}ller, J{\\"o}rg', "muller", ("jorg",), False),
        ("{M}{\\\"u}ller, Jörg", "muller", ("jorg",), False),
        ("E, Weinan", "e", ("weinan",), False),
        ("von Neumann, John", "vonneumann", ("john",), False),
        ("Xu,", "xu", (), False),
    ],
)
def test_parse_form_fields(form, last, given, abbreviated):
    parsed = parse_form(form)
    assert parsed.source == form
    assert parsed.last == last
    assert parsed.given == given
    assert parsed.abbreviated is abbreviated


def test_person_of_empty_string_has_no_parts():
    # the reason parse_form("") must raise: pybtex happily builds an empty Person
    person = Person("")
    assert person.last_names == [] and person.first_names == [] and person.prelast_names == []


@pytest.mark.parametrize("form", ["", " ", ",", " , ", ", Zhiqin", "{}", "{ }", "{} , Zhi", "-", "~", "."])
def test_parse_form_without_last_name_raises(form):
    with pytest.raises(ValueError, match="no last name"):
        parse_form(form)


def test_matcher_with_bad_form_raises():
    with pytest.raises(ValueError, match="no last name"):
        OwnerMatcher(["Xu, Zhiqin", ", Zhiqin"])


# --------------------------------------------------------------------------- exact forms


def test_empty_matcher_is_falsy_and_matches_nothing():
    empty = OwnerMatcher([])
    assert not empty
    assert empty.forms == ()
    for name in OWNER + ["Xu", "E, Weinan", ""]:
        assert empty.matches(name) is False


def test_nonempty_matcher_is_truthy():
    assert owner()
    assert len(owner().forms) == 2
    assert [f.source for f in owner().forms] == OWNER


@pytest.mark.parametrize("name", OWNER)
def test_exact_forms_match(name):
    assert owner().matches(name) is True


def test_matches_accepts_person_objects():
    m = owner()
    assert m.matches(Person("Xu, Zhi-Qin John")) is True
    assert m.matches(Person("Xu, Zhiwei")) is False


def test_matches_people_from_a_parsed_bib_entry():
    bib = parse_string(
        "@article{k, author = {E, Weinan and Xu, Zhi-Qin John and Zhang, Yaoyu and "
        "Z.-Q. Xu and Xu, Zhiwei}, title = {T}, year = 2020}",
        "bibtex",
    )
    people = bib.entries["k"].persons["author"]
    assert [owner().matches(p) for p in people] == [False, True, False, True, False]


def test_repeated_calls_are_stable():
    m = owner()
    for _ in range(3):
        assert m.matches("Xu, Z.-Q.") is True
        assert m.matches("Xu, Z.") is False
        assert m.matches(Person("Xu, Z.-Q.")) is True
        assert m.matches(Person("Xu, Z.")) is False


# --------------------------------------------------------------------------- variants


@pytest.mark.parametrize(
    "name",
    [
        # case
        "xu, zhi-qin john",
        "XU, ZHI-QIN JOHN",
        "xU, zHi-QiN jOhN",
        "XU, ZHIQIN",
        # hyphen / space / no separator / other dashes
        "Xu, Zhi Qin John",
        "Xu, Zhiqin John",
        "Xu, ZhiQin John",
        "Xu, ZHI-QIN JOHN",
        "Xu, Zhi-Qin-John",
        "Xu, ZhiqinJohn",
        "Xu, Zhi~Qin John",
        "Xu, Zhi\u2010Qin John",
        "Xu, Zhi\u2013Qin John",
        "Xu, Zhi-qin",
        "Xu, Zhi Qin",
        # spacing around the comma
        "Xu,Zhiqin",
        "  Xu ,  Zhiqin  ",
        # "First Last" order
        "Zhi-Qin John Xu",
        "Zhi Qin John Xu",
        "Zhiqin John Xu",
        "Zhiqin Xu",
        "ZHI-QIN JOHN XU",
        # braces
        "{Xu}, {Zhi}-{Qin} {John}",
        "Xu, {Zhi-Qin} John",
        "Xu, Zhi-{Q}in John",
        "Zhi-Qin John {Xu}",
        "{X}u, Zhiqin",
        # a lineage part is ignored
        "Xu, Jr., Zhiqin",
    ],
)
def test_owner_variants_match(name):
    assert owner().matches(name) is True


@pytest.mark.parametrize(
    "name",
    [
        "Xu, Z.-Q. J.",
        "Xu, Z.-Q.",
        "Xu, Z. Q.",
        "Xu, Z.Q.",
        "Xu, Z.Q.J.",
        "Xu, Z-Q",
        "Xu, Z.~Q.",
        "Xu, Z. Q. J.",
        "Xu, z.-q.",
        "Xu, {Z}.-{Q}.",
        "Xu, Zhi-Q.",
        "Xu, Z. Qin",
        "Xu, Z.-Q. John",
        "Xu, Zhi-Qin J.",
        "Z.-Q. Xu",
        "Z.-Q. J. Xu",
        "Z. Q. Xu",
    ],
)
def test_unambiguous_initials_match(name):
    assert owner().matches(name) is True


@pytest.mark.parametrize(
    "name",
    [
        "Xu, Z.",  # single initial: any Z. Xu
        "Xu, Z",
        "Z. Xu",
        "Xu, J.",
        "Xu, Q.-Z.",  # initials in the wrong order
        "Xu, Z. J.",  # second initial does not fit "Qin"
        "Xu, Zh.-Q.",  # "Zh." is not a one-letter initial
        "Xu, Z. Q. J. K.",  # more parts than any form
        "Xu, ZQ",  # no separator: a name "Zq", not initials
    ],
)
def test_ambiguous_or_wrong_initials_do_not_match(name):
    assert owner().matches(name) is False


def test_single_initial_matches_when_declared():
    declared = OwnerMatcher(OWNER + ["Xu, Z."])
    assert declared.matches("Xu, Z.") is True
    assert declared.matches("Z. Xu") is True
    assert declared.matches("xu, z") is True
    # declaring it does not make other people with the same last name the owner
    assert declared.matches("Xu, Zhiwei") is False
    assert declared.matches("Xu, Y.") is False


def test_declared_abbreviated_form_is_literal():
    only_initials = OwnerMatcher(["Xu, Z.-Q."])
    assert only_initials.matches("Xu, Z. Q.") is True
    assert only_initials.matches("Xu, Z.-Q.") is True
    assert only_initials.matches("Xu, Z.") is False


@pytest.mark.parametrize(
    "name",
    [
        "Xu, Zhiwei",
        "Xu, Yifan",
        "Xu, Fang",
        "Xu, Zhi",
        "Xu, Qin",
        "Xu, John",
        "Xu, Qin-Zhi",
        "Xu, John Zhi-Qin",
        "Xu, Zhi-Qin Johnny",
        "Xu, Zhiqing",
        "Xu",
        "Zhiwei Xu",
        "Yifan Xu",
    ],
)
def test_other_given_names_with_same_last_name_do_not_match(name):
    assert owner().matches(name) is False


@pytest.mark.parametrize(
    "name",
    [
        "Xv, Zhiqin",
        "Xue, Zhiqin",
        "Hsu, Zhi-Qin John",
        "Zhiqin, Xu",  # swapped
        "Zhang, Zhi-Qin John",
        "Xu Zhiqin",  # "First Last" reading: last name is Zhiqin
        "Zhi-Qin John Xue",
        "Xu-Zhang, Zhiqin",
        "Zhang, Z.-Q.",
        "de Xu, Zhiqin",
    ],
)
def test_wrong_last_name_never_matches(name):
    assert owner().matches(name) is False


# --------------------------------------------------------------------------- accents


@pytest.mark.parametrize(
    "name",
    [
        'M{\\"u}ller, J{\\"o}rg',
        "Müller, Jörg",
        "MÜLLER, JÖRG",
        "Muller, Jorg",
        'M\\"{u}ller, J\\"{o}rg',
        'M\\"uller, J\\"org',
        '{M}{\\"u}ller, Jörg',
        "Jörg Müller",
        'J{\\"o}rg M{\\"u}ller',
        "M{\u0075\u0308}ller, Jo\u0308rg",  # decomposed umlauts
    ],
)
def test_accented_owner_matches_escapes_and_unicode(name):
    assert OwnerMatcher(MUELLER).matches(name) is True


@pytest.mark.parametrize("name", ["Müller, Jürgen", "Müller, J.", "Möller, Jörg", "Mueller, Joerg"])
def test_accented_owner_rejects_other_names(name):
    assert OwnerMatcher(MUELLER).matches(name) is False


def test_unicode_owner_matches_latex_name():
    m = OwnerMatcher(["Peña, José", "Garçon, François"])
    assert m.matches("Pe{\\~n}a, Jos{\\'e}") is True
    assert m.matches("Pe\\~na, Jos\\'e") is True
    assert m.matches("Jos\\'e Pe\\~{n}a") is True
    assert m.matches("Gar\\c{c}on, Fran{\\c c}ois") is True
    assert m.matches("Garcon, Francois") is True
    assert m.matches("Pena, Josefa") is False


# --------------------------------------------------------------------------- one-letter last names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("E, Weinan", True),
        ("e, weinan", True),
        ("Weinan E", True),
        ("{E}, Weinan", True),
        ("E., Weinan", True),  # the dot is punctuation, not part of the name
        ("E, Wei-Nan", True),
        ("E, Wei Nan", True),
        ("E, W.", False),  # single initial
        ("Ee, Weinan", False),
        ("F, Weinan", False),
        ("E, Weiwei", False),
    ],
)
def test_one_letter_last_name(name, expected):
    assert OwnerMatcher(["E, Weinan"]).matches(name) is expected


# --------------------------------------------------------------------------- known gaps


def test_hyphen_does_not_matter_with_trailing_initial():
    m = owner()
    assert m.matches("Xu, Zhi-Qin J.") is True  # holds
    assert m.matches("Xu, Zhiqin J.") is True  # fails


# --------------------------------------------------------------------------- properties

_LOWER_PART = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=7)
#: a capitalised name part, e.g. "Zhi" (capitalised so "First Last" never reads it as "von")
PART = _LOWER_PART.map(str.capitalize).filter(lambda s: s.lower() != "and")
GIVEN = st.lists(PART, min_size=1, max_size=3)
SEPS = st.sampled_from(["-", " "])


@st.composite
def owner_names(draw):
    """``(last, given parts, separators between given parts)``."""
    last = draw(PART)
    parts = draw(GIVEN)
    seps = draw(st.lists(SEPS, min_size=len(parts) - 1, max_size=len(parts) - 1))
    return last, parts, seps


def _join(parts, seps, wrap=lambda p: p):
    out = wrap(parts[0])
    for sep, part in zip(seps, parts[1:]):
        out += sep + wrap(part)
    return out


def _form(last, parts, seps):
    return f"{last}, {_join(parts, seps)}"


PROPS = settings(max_examples=150, deadline=None)


@PROPS
@given(owner_names())
def test_prop_exact_form_matches(name):
    last, parts, seps = name
    form = _form(last, parts, seps)
    assert OwnerMatcher([form]).matches(form)


@PROPS
@given(owner_names(), st.data())
def test_prop_case_changes_match(name, data):
    last, parts, seps = name
    form = _form(last, parts, seps)
    flips = data.draw(st.lists(st.booleans(), min_size=len(form), max_size=len(form)))
    changed = "".join(c.swapcase() if f else c for c, f in zip(form, flips))
    assert OwnerMatcher([form]).matches(changed)
    assert OwnerMatcher([changed]).matches(form)


@PROPS
@given(owner_names(), st.data())
def test_prop_separators_do_not_matter(name, data):
    last, parts, seps = name
    other = data.draw(
        st.lists(st.sampled_from(["-", " ", "", "~", "\u2010"]), min_size=len(seps), max_size=len(seps))
    )
    assert OwnerMatcher([_form(last, parts, seps)]).matches(_form(last, parts, other))


@PROPS
@given(owner_names())
def test_prop_swapping_hyphens_and_spaces(name):
    last, parts, seps = name
    swapped = ["-" if s == " " else " " for s in seps]
    assert OwnerMatcher([_form(last, parts, seps)]).matches(_form(last, parts, swapped))


@PROPS
@given(owner_names())
def test_prop_first_last_order(name):
    last, parts, seps = name
    m = OwnerMatcher([_form(last, parts, seps)])
    assert m.matches(f"{_join(parts, seps)} {last}")


@PROPS
@given(owner_names(), st.booleans())
def test_prop_braces(name, first_last):
    last, parts, seps = name
    m = OwnerMatcher([_form(last, parts, seps)])
    braced = _join(parts, seps, wrap=lambda p: "{" + p + "}")
    variant = f"{braced} {{{last}}}" if first_last else f"{{{last}}}, {braced}"
    assert m.matches(variant)
    # and the other way round: a braced declared form matches the plain name
    assert OwnerMatcher([f"{{{last}}}, {braced}"]).matches(_form(last, parts, seps))


@PROPS
@given(owner_names(), PART)
def test_prop_other_last_name_never_matches(name, other_last):
    last, parts, seps = name
    assume(normalize(other_last) != normalize(last))
    m = OwnerMatcher([_form(last, parts, seps)])
    assert not m.matches(_form(other_last, parts, seps))
    assert not m.matches(f"{_join(parts, seps)} {other_last}")
    assert not m.matches(f"{other_last}, {'. '.join(p[0] for p in parts)}.")


@PROPS
@given(owner_names(), st.lists(PART.filter(lambda p: len(p) >= 2), min_size=1, max_size=3))
def test_prop_other_first_name_never_matches(name, other_parts):
    last, parts, seps = name
    # a different first given name (written out in full), spelling different given names
    assume(other_parts[0].lower() != parts[0].lower())
    assume("".join(other_parts).lower() != "".join(parts).lower())
    m = OwnerMatcher([_form(last, parts, seps)])
    assert not m.matches(f"{last}, {' '.join(other_parts)}")
    assert not m.matches(f"{' '.join(other_parts)} {last}")


@PROPS
@given(owner_names())
def test_prop_single_initial_never_matches_undeclared(name):
    last, parts, seps = name
    assume(len("".join(parts)) > 1)  # owner "X, A" is itself a one-letter given name
    m = OwnerMatcher([_form(last, parts, seps)])
    assert not m.matches(f"{last}, {parts[0][0]}.")


@PROPS
@given(owner_names())
def test_prop_initials_of_two_or_more_parts_match(name):
    last, parts, seps = name
    assume(len(parts) >= 2)
    m = OwnerMatcher([_form(last, parts, seps)])
    assert m.matches(f"{last}, {'.-'.join(p[0] for p in parts)}.")
    assert m.matches(f"{last}, {' '.join(p[0] + '.' for p in parts[:2])}")


@PROPS
@given(owner_names(), st.data())
def test_prop_wrong_initials_never_match(name, data):
    last, parts, seps = name
    assume(len(parts) >= 2)
    initials = [p[0].lower() for p in parts]
    wrong = data.draw(st.lists(st.sampled_from(string.ascii_lowercase), min_size=2, max_size=len(parts)))
    assume(wrong != initials[: len(wrong)])
    m = OwnerMatcher([_form(last, parts, seps)])
    assert not m.matches(f"{last}, {'.-'.join(w.upper() for w in wrong)}.")


#: accented letter -> LaTeX spellings of it
ACCENTS = {
    "é": ["\\'e", "{\\'e}", "\\'{e}"],
    "ü": ['\\"u', '{\\"u}', '\\"{u}'],
    "ñ": ["\\~n", "{\\~n}", "\\~{n}"],
    "ç": ["\\c{c}", "{\\c{c}}", "{\\c c}"],
    "ö": ['\\"o', '{\\"o}', '\\"{o}'],
}
PLAIN = {"é": "e", "ü": "u", "ñ": "n", "ç": "c", "ö": "o"}
_SEGMENT = st.one_of(st.sampled_from(sorted(ACCENTS)), st.text(string.ascii_lowercase, min_size=1, max_size=3))
#: an accented name part as a list of segments, starting with an ASCII capital
ACCENTED_PART = st.tuples(st.sampled_from(string.ascii_uppercase), st.lists(_SEGMENT, min_size=1, max_size=4)).map(
    lambda t: [t[0], *t[1]]
)


@st.composite
def accented_names(draw):
    """Segments of an accented last name and one accented given name, plus LaTeX choices."""
    last = draw(ACCENTED_PART)
    first = draw(ACCENTED_PART)
    assume(any(seg in ACCENTS for seg in last + first))

    def spell(segments, how):
        if how == "unicode":
            return "".join(segments)
        if how == "plain":
            return "".join(PLAIN.get(s, s) for s in segments)
        return "".join(draw(st.sampled_from(ACCENTS[s])) if s in ACCENTS else s for s in segments)

    return {how: f"{spell(last, how)}, {spell(first, how)}" for how in ("unicode", "plain", "latex")}


@PROPS
@given(accented_names())
def test_prop_accents_and_latex_escapes(names):
    latex, unicode, plain = names["latex"], names["unicode"], names["plain"]
    assert OwnerMatcher([latex]).matches(unicode)
    assert OwnerMatcher([latex]).matches(plain)
    assert OwnerMatcher([unicode]).matches(latex)
    assert OwnerMatcher([plain]).matches(latex)
    assert normalize(latex.split(",")[0]) == normalize(unicode.split(",")[0]) == plain.split(",")[0].lower()


@PROPS
@given(st.lists(st.one_of(_LOWER_PART, st.sampled_from(["-", " ", "~", "{", "}", ".", "A", "Z"])), max_size=8))
def test_prop_normalize_is_idempotent_and_case_blind(pieces):
    text = "".join(pieces)
    assume(text.count("{") == text.count("}"))
    try:
        folded = normalize(text)
    except Exception:  # unbalanced brace order, e.g. "}{": not a name part
        assume(False)
    assert normalize(folded) == folded
    assert normalize(text.upper()) == folded
    assert not set(folded) & set("{}-~. ")
