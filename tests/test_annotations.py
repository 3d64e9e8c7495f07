"""Unit and property tests of ``author+an`` parsing (``portfolio_ext.core.annotations``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_ext.core.annotations import Annotations, parse_annotations

#: the roles the extension allows by default (portfolio_role_symbols, and the list-wide role)
ITEM_ROLES = frozenset({"corresponding", "equal"})
FIELD_ROLES = frozenset({"alphabetical"})


def parse(text, n_names=5, item_roles=ITEM_ROLES, field_roles=FIELD_ROLES):
    """Parse as the extension does for an entry with *n_names* authors."""
    return parse_annotations(text, n_names=n_names, item_roles=item_roles, field_roles=field_roles)


# --------------------------------------------------------------------------- valid input


@pytest.mark.parametrize(
    ("text", "field_roles", "item_roles"),
    [
        (
            "1=equal; 2=equal; 4=corresponding",
            (),
            {1: ("equal",), 2: ("equal",), 4: ("corresponding",)},
        ),
        ("=alphabetical; 2=corresponding", ("alphabetical",), {2: ("corresponding",)}),
        ("=alphabetical", ("alphabetical",), {}),
        ("1=equal,corresponding", (), {1: ("equal", "corresponding")}),
        ("1=corresponding,equal", (), {1: ("corresponding", "equal")}),
        ("1 = equal , corresponding", (), {1: ("equal", "corresponding")}),
        ('1="equal"', (), {1: ("equal",)}),
        ('1="equal","corresponding"', (), {1: ("equal", "corresponding")}),
        ('1 = "equal" , corresponding', (), {1: ("equal", "corresponding")}),
        ('="alphabetical"', ("alphabetical",), {}),
        ("5=corresponding", (), {5: ("corresponding",)}),  # the last name
        ("01=equal", (), {1: ("equal",)}),
    ],
)
def test_valid_annotations(text, field_roles, item_roles):
    annotations, problems = parse(text)
    assert problems == []
    assert annotations == Annotations(field_roles, item_roles)


@pytest.mark.parametrize(
    "text",
    [
        "1=equal;2=equal;4=corresponding",
        "1=equal ; 2=equal ; 4=corresponding",
        "  1 =  equal ;2= equal;  4  =corresponding  ",
        "1=equal;\n  2=equal;\n  4=corresponding",
        "\t1=equal;\t2=equal;\t4=corresponding\t",
        "1=equal; 2=equal; 4=corresponding;",
        ";1=equal;; 2=equal; ;4=corresponding;;",
    ],
)
def test_whitespace_and_empty_items_do_not_matter(text):
    annotations, problems = parse(text)
    assert problems == []
    assert annotations.item_roles == {1: ("equal",), 2: ("equal",), 4: ("corresponding",)}
    assert annotations.field_roles == ()


@pytest.mark.parametrize("text", ["", "   ", ";", " ; ;; "])
def test_empty_annotation_is_reported(text):
    annotations, problems = parse(text)
    assert annotations == Annotations()
    assert len(problems) == 1 and "the annotation is empty" in problems[0]


@pytest.mark.parametrize(
    ("text", "field_roles", "item_roles", "problem"),
    [
        ("1=equal,equal", (), {1: ("equal",)}, "role 'equal' is given twice in '1=equal,equal'"),
        ("=alphabetical; =alphabetical", ("alphabetical",), {},
         "the whole list is annotated 'alphabetical' twice"),
    ],
)
def test_repeats_are_kept_once_and_reported(text, field_roles, item_roles, problem):
    annotations, problems = parse(text)
    assert annotations == Annotations(field_roles, item_roles)
    assert len(problems) == 1 and problems[0].startswith(problem)


@pytest.mark.parametrize("digit", ["\u0661", "\uff11", "\u0967", "\U0001d7cf"])
def test_only_ascii_digits_are_positions(digit):
    """\\d matches any Unicode digit: an Arabic-Indic or fullwidth 1 is no position."""
    annotations, problems = parse(f"{digit}=equal", n_names=3)
    assert annotations == Annotations()
    assert len(problems) == 1 and "with the digits 0-9" in problems[0]


def test_accessors():
    annotations, problems = parse("=alphabetical; 1=equal; 2=equal,corresponding")
    assert problems == []
    assert annotations.roles_of(1) == ("equal",)
    assert annotations.roles_of(2) == ("equal", "corresponding")
    assert annotations.roles_of(3) == ()
    assert annotations.used_roles == {"alphabetical", "equal", "corresponding"}
    assert Annotations().used_roles == set()


def test_no_index_check_without_n_names():
    annotations, problems = parse_annotations("9=equal; =anything", item_roles=ITEM_ROLES)
    assert problems == []
    assert annotations == Annotations(("anything",), {9: ("equal",)})


def test_any_role_without_allowed_sets():
    annotations, problems = parse_annotations("1=boss; =sorted", n_names=2)
    assert problems == []
    assert annotations == Annotations(("sorted",), {1: ("boss",)})


# --------------------------------------------------------------------------- problems


@pytest.mark.parametrize(
    "bad",
    [
        "1 corresponding",
        "x=equal",
        "-1=equal",
        "1.5=equal",
        "one=equal",
        "1==equal",
        "1=equal\n2=corresponding",  # newline is not a separator
    ],
)
def test_malformed_item_is_a_problem(bad):
    annotations, problems = parse(bad)
    assert annotations == Annotations()
    assert len(problems) == 1
    assert repr(bad.strip()) in problems[0]
    assert "cannot read annotation" in problems[0]


@pytest.mark.parametrize(
    "bad",
    ["1=", "=", "1=  ", "1=equal,", "1=,equal", "1=equal,,corresponding", "1=equal corresponding", '1="equal', "1=é", "1=2"],
)
def test_malformed_value_is_a_problem(bad):
    annotations, problems = parse(bad)
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "cannot read annotation value" in problems[0]
    assert repr(bad.strip()) in problems[0]


@pytest.mark.parametrize(("index", "n_names"), [(6, 5), (2, 1), (1, 0), (10, 3), (100, 99)])
def test_index_beyond_names(index, n_names):
    annotations, problems = parse(f"{index}=equal", n_names=n_names)
    assert annotations == Annotations()
    assert len(problems) == 1
    assert f"name {index}" in problems[0]
    assert f"has {n_names} name" in problems[0]
    assert "count names from 1" in problems[0]


def test_index_beyond_names_singular_and_plural():
    assert "has 1 name:" in parse("2=equal", n_names=1)[1][0]
    assert "has 3 names:" in parse("4=equal", n_names=3)[1][0]


def test_index_zero():
    annotations, problems = parse("0=equal")
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "name 0" in problems[0] and "count names from 1" in problems[0]


def test_index_zero_without_n_names_message():
    annotations, problems = parse_annotations("0=equal")
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "None" not in problems[0]


def test_repeated_index():
    annotations, problems = parse("1=equal; 1=corresponding")
    assert annotations.item_roles == {1: ("equal",)}  # the first item is kept
    assert len(problems) == 1
    assert "name 1 is annotated twice" in problems[0]
    assert "'1=equal,corresponding'" in problems[0]  # the merged item to write


def test_repeated_index_after_invalid_first_item():
    # the first item carried only an unknown role, so the second is the only annotation
    annotations, problems = parse("1=boss; 1=equal")
    assert annotations.item_roles == {1: ("equal",)}
    assert len(problems) == 1 and "'boss'" in problems[0]


def test_unknown_item_role():
    annotations, problems = parse("1=boss")
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "unknown role 'boss'" in problems[0]
    assert "name 1" in problems[0]
    assert "corresponding, equal" in problems[0]  # the known roles, sorted


def test_unknown_item_role_keeps_known_roles_of_the_item():
    annotations, problems = parse("1=equal,boss,corresponding")
    assert annotations.item_roles == {1: ("equal", "corresponding")}
    assert len(problems) == 1 and "'boss'" in problems[0]


def test_several_unknown_roles_in_one_message():
    annotations, problems = parse("2=boss,chief")
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "'boss'" in problems[0] and "'chief'" in problems[0]


def test_role_case_matters():
    annotations, problems = parse("1=Equal")
    assert annotations == Annotations()
    assert len(problems) == 1 and "'Equal'" in problems[0]


def test_empty_allowed_set_lists_none():
    annotations, problems = parse("1=equal", item_roles=frozenset())
    assert annotations == Annotations()
    assert "known roles are none" in problems[0]


def test_empty_quoted_value_is_a_problem():
    annotations, problems = parse('1=""')
    assert annotations == Annotations()
    assert len(problems) == 1


def test_unknown_field_role():
    annotations, problems = parse("=sorted")
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "unknown role 'sorted'" in problems[0]
    assert "the whole list" in problems[0]
    assert "alphabetical" in problems[0]


def test_unknown_field_role_keeps_known_field_roles():
    annotations, problems = parse("=alphabetical,sorted")
    assert annotations.field_roles == ("alphabetical",)
    assert len(problems) == 1 and "'sorted'" in problems[0]


def test_item_roles_are_not_field_roles_and_vice_versa():
    annotations, problems = parse("=equal; 1=alphabetical")
    assert annotations == Annotations()
    assert len(problems) == 2
    assert "'equal'" in problems[0] and "the whole list" in problems[0]
    assert "'alphabetical'" in problems[1] and "name 1" in problems[1]


def test_unknown_field_role_hint():
    _, problems = parse("=sorted")
    assert "portfolio_role_symbols" not in problems[0]


@pytest.mark.parametrize("text", ["1:family=corresponding", "2:given=equal", "1:family=equal,corresponding"])
def test_part_annotation_is_not_supported(text):
    annotations, problems = parse(text)
    assert annotations == Annotations()
    assert len(problems) == 1
    assert "part annotation" in problems[0] and "not supported" in problems[0]
    index, rest = text.split(":", 1)
    assert f"'{index}={rest.split('=', 1)[1]}'" in problems[0]  # what to write instead


def test_problem_in_one_item_keeps_the_others():
    text = (
        "=alphabetical; 1=equal; 2 equal; 3=boss; 4:family=equal; 9=equal; 0=equal; "
        "1=corresponding; x=equal; 5=equal,corresponding; =sorted; 2="
    )
    annotations, problems = parse(text)
    assert annotations == Annotations(("alphabetical",), {1: ("equal",), 5: ("equal", "corresponding")})
    assert len(problems) == 9
    # problems come in the order of the items
    for problem, fragment in zip(
        problems,
        ["'2 equal'", "'boss'", "part annotation", "name 9", "name 0", "twice", "'x=equal'", "'sorted'", "'2='"],
    ):
        assert fragment in problem


@pytest.mark.parametrize("text", ['1="a;b"', "1=equal\x00", "=\\relax", "}{", "1=equal;" * 200, "=" * 50, "\u0663=equal"])
def test_odd_input_never_raises(text):
    annotations, problems = parse(text)
    assert isinstance(annotations, Annotations)
    assert all(isinstance(p, str) for p in problems)


# --------------------------------------------------------------------------- properties

ROLE_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_\-]{0,10}", fullmatch=True)
PROPS = settings(max_examples=200, deadline=None)


EMPTY = parse_annotations("")[1][0]


def _render(field_values, items, *, quote, spaced):
    """Render annotations in biblatex syntax."""

    def vals(values):
        return ("," if not spaced else " , ").join(f'"{v}"' if q else v for v, q in zip(values, quote(values)))

    eq = " = " if spaced else "="
    parts = [f"{eq}{vals(field_values)}"] if field_values else []
    parts += [f"{i}{eq}{vals(v)}" for i, v in items.items()]
    return ("; " if spaced else ";").join(parts)


@st.composite
def annotation_dicts(draw, roles=None):
    role = st.sampled_from(sorted(roles)) if roles else ROLE_NAMES
    n_names = draw(st.integers(1, 30))
    indices = draw(st.lists(st.integers(1, n_names), unique=True, max_size=n_names))
    items = {i: tuple(draw(st.lists(role, min_size=1, max_size=4, unique=True))) for i in indices}
    field_values = tuple(draw(st.lists(role, max_size=3, unique=True)))
    return n_names, field_values, items


@PROPS
@given(annotation_dicts(), st.data(), st.booleans())
def test_prop_roundtrip_any_roles(drawn, data, spaced):
    n_names, field_values, items = drawn
    quote = lambda values: data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    text = _render(field_values, items, quote=quote, spaced=spaced)
    annotations, problems = parse_annotations(text, n_names=n_names)
    assert problems == ([] if text else [EMPTY])
    assert annotations.field_roles == field_values
    assert annotations.item_roles == items


@PROPS
@given(annotation_dicts(roles=ITEM_ROLES), st.booleans(), st.booleans())
def test_prop_roundtrip_known_roles(drawn, with_field, spaced):
    n_names, _, items = drawn
    field_values = ("alphabetical",) if with_field else ()
    text = _render(field_values, items, quote=lambda v: [False] * len(v), spaced=spaced)
    annotations, problems = parse(text, n_names=n_names)
    assert problems == ([] if text else [EMPTY])
    assert annotations == Annotations(field_values, items)


BAD_ITEMS = st.sampled_from(
    ["1 corresponding", "x=equal", "1=", "0=equal", "999=equal", "1:family=equal", "2=boss", "=sorted", "1=equal corresponding"]
)


@PROPS
@given(annotation_dicts(roles=ITEM_ROLES), BAD_ITEMS, st.data())
def test_prop_one_bad_item_keeps_the_others(drawn, bad, data):
    n_names, _, items = drawn
    good = [f"{i}={','.join(v)}" for i, v in items.items()]
    position = data.draw(st.integers(0, len(good)))
    text = "; ".join(good[:position] + [bad] + good[position:])
    annotations, problems = parse(text, n_names=n_names)
    assert len(problems) == 1
    assert annotations.item_roles == items
    assert annotations.field_roles == ()


@PROPS
@given(annotation_dicts(roles=ITEM_ROLES), st.data())
def test_prop_repeated_index_keeps_the_first(drawn, data):
    n_names, _, items = drawn
    items = items or {1: ("equal",)}
    index = data.draw(st.sampled_from(sorted(items)))
    again = data.draw(st.sampled_from(sorted(ITEM_ROLES)))
    text = "; ".join([f"{i}={','.join(v)}" for i, v in items.items()] + [f"{index}={again}"])
    annotations, problems = parse(text, n_names=n_names)
    assert annotations.item_roles == items
    assert len(problems) == 1
    assert f"name {index} is annotated twice" in problems[0]


@PROPS
@given(
    st.text(),
    st.one_of(st.none(), st.integers(0, 20)),
    st.one_of(st.none(), st.just(ITEM_ROLES)),
    st.one_of(st.none(), st.just(FIELD_ROLES)),
)
def test_prop_never_raises_on_arbitrary_text(text, n_names, item_roles, field_roles):
    annotations, problems = parse_annotations(text, n_names=n_names, item_roles=item_roles, field_roles=field_roles)
    assert isinstance(annotations, Annotations)
    assert isinstance(problems, list) and all(isinstance(p, str) and p for p in problems)
    # whatever was read obeys the checks
    for index, roles in annotations.item_roles.items():
        assert index >= 1
        assert n_names is None or index <= n_names
        assert roles and len(set(roles)) == len(roles)
        assert item_roles is None or set(roles) <= item_roles
    assert field_roles is None or set(annotations.field_roles) <= field_roles


@PROPS
@given(st.text(alphabet=st.sampled_from(list("0123456789=;,: \"abcequalrsponding\n")), max_size=60))
def test_prop_never_raises_on_annotation_like_text(text):
    annotations, problems = parse(text)
    assert isinstance(annotations, Annotations)
    assert set(annotations.used_roles) <= ITEM_ROLES | FIELD_ROLES
    assert all(1 <= i <= 5 for i in annotations.item_roles)
    assert all(isinstance(p, str) and p for p in problems)


# --- one reading of an entry's annotations (entry_annotations) ---------------------


def test_entry_annotations_reads_both_lists_and_reports_each_problem():
    from pybtex.database import Entry, Person

    from portfolio_ext.core.annotations import entry_annotations

    entry = Entry("misc", fields={"author+an": "1=equal; 3=equal", "editor+an": "=alphabetical",
                                  "title+an": "1=equal"},
                  persons={"author": [Person("A, B"), Person("C, D")]})
    annotations, problems = entry_annotations(entry.fields, entry.persons, {"equal"})
    assert annotations == {"author": Annotations((), {1: ("equal",)})}
    assert [p.split(":")[0].split(" ")[0] for p in problems] == ["author+an", "editor+an", "title+an"]
    assert "points at name 3, but the list has 2 names" in problems[0]


@given(st.text(alphabet="0123=;, abcequal", max_size=25), st.integers(1, 4))
def test_the_index_and_the_style_read_annotations_alike(text, n_names):
    """The bib checks and the style's markers come from the same reading."""

    from pybtex.database import Entry, Person

    from portfolio_ext.core.annotations import entry_annotations
    from portfolio_ext.core.bibindex import _check_entry
    from portfolio_ext.core.settings import PortfolioConfig

    config = PortfolioConfig()
    entry = Entry("misc", fields={"title": "T", "year": "2020", "author+an": text},
                  persons={"author": [Person(f"N{i}, M") for i in range(n_names)]})
    entry.key = "k"
    info, findings = _check_entry(entry, "refs.bib", 1, config)
    annotations, problems = entry_annotations(entry.fields, entry.persons, config.role_symbols)
    assert info.annotations == annotations
    assert [f.message for f in findings if f.subtype.value == "annotation"] == [
        f"entry 'k': {p}" for p in problems
    ]
