"""Bad input: every problem is a named warning, nothing is dropped, no traceback."""

from __future__ import annotations

import pytest
from util import html, text_of, warnings

EXPECTED = [
    "refs.bib:9: WARNING: duplicate key 'good2020' (first defined at line 1): only the first entry is used; give the second one its own key [portfolio.duplicate_key]",
    "refs.bib:67: WARNING: syntax error in entry 'unbalanced2024' (pybtex stopped at line 81): premature end of file; check the braces, quotes and commas of this entry [portfolio.bib_syntax]",
    "refs.bib:75: WARNING: entry 'lost2024' could not be read because of a syntax error at or before this line; fix it so that the entry is not lost [portfolio.bib_syntax]",
    "refs.bib:17: WARNING: entry 'notitle2021': missing title; add it to the entry [portfolio.missing_field]",
    "refs.bib:24: WARNING: entry 'badyear2022': year '20x2' is not a year; write four digits, e.g. 2024 [portfolio.bad_year]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: cannot read annotation '1 corresponding': write 'N=role' (e.g. '2=corresponding') or '=role' for the whole list [portfolio.annotation]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: annotation '5=equal' points at name 5, but the list has 2 names: count names from 1 [portfolio.annotation]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: unknown role 'student' for name 2 in '2=student': known roles are corresponding, equal (add new ones to portfolio_role_symbols) [portfolio.annotation]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: name 1 is annotated twice: merge into one item ('1=equal,corresponding') [portfolio.annotation]",
    "refs.bib:41: WARNING: entry 'typo2022': the owner is not among its authors (looked for Xu, Zhi-Qin John); fix the spelling of the name in refs.bib, or add this form of it to portfolio_owner [portfolio.owner]",
    "refs.bib:49: WARNING: entry 'keyword2023': keyword 'fourier' is not a topic in portfolio_topics (nor in portfolio_tags); use one of: theory, unused [portfolio.topic]",
    "refs.bib:49: WARNING: entry 'keyword2023': no topic in its keywords: it is listed under 'Other'; add one of theory, unused to its keywords field [portfolio.topic]",
    "refs.bib:57: WARNING: entry 'hostile2023': url 'javascript:alert(1)' is not an http(s) address; it is shown as text, not as a link [portfolio.link]",
    "refs.bib:57: WARNING: entry 'hostile2023': doi 'not-a-doi' does not look like a DOI (10.NNNN/...); it is shown as text [portfolio.link]",
    "refs.bib:67: WARNING: entry 'unbalanced2024': missing title, year; add them to the entry [portfolio.missing_field]",
    "refs.bib:67: WARNING: entry 'unbalanced2024': no topic in its keywords: it is listed under 'Other'; add one of theory, unused to its keywords field [portfolio.topic]",
    "WARNING: portfolio_topics: topic 'unused' is not used by any entry; tag entries with it in their keywords field, or remove it [portfolio.topic]",
    "index.md:8: WARNING: unknown :group-by: value 'decade'; use one of topic, year, type, none (showing the list grouped by topic) [portfolio.directive]",
    "index.md:8: WARNING: unknown topic 'nosuchtopic' in :topics:; known topics (portfolio_topics) are theory, unused [portfolio.directive]",
    "index.md:13: WARNING: this publications list selects no entry; check its :filter: and :topics: options against the keywords in the bib file [portfolio.directive]",
    'index.md:3: WARNING: could not find bibtex key "nosuchkey2020" [bibtex.key_not_found]',
]


@pytest.fixture(scope="module")
def bad(build_root):
    return build_root("badbib", "html")


def test_each_bad_input_gets_its_exact_warning(bad):
    assert warnings(bad) == EXPECTED


def test_no_entry_is_silently_dropped(bad):
    soup = html(bad)
    listed = {s["id"].removeprefix("pub-").split("-")[0] for s in soup.select("li span[id]")}
    # every entry pybtex could read is listed, even the broken ones;
    # the duplicate and the swallowed entry are named by warnings above
    assert listed == {
        "good2020", "notitle2021", "badyear2022", "roles2022", "typo2022",
        "keyword2023", "hostile2023", "unbalanced2024",
    }
    notitle = soup.find(id="pub-notitle2021").find_parent("li")
    assert "missing title" in text_of(notitle)


def test_entries_without_topic_go_to_the_other_group(bad):
    other = html(bad).find(id="topic-other")
    ids = [s["id"] for s in other.select("span[id]")]
    # newest first; an entry without a year comes last
    assert ids == ["pub-keyword2023", "pub-unbalanced2024"]


def test_hostile_fields_are_text_never_markup(bad):
    page = (bad.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>raw" not in page
    entry = html(bad).find(id="pub-hostile2023").find_parent("li")
    assert "<script>alert" in entry.get_text()
    hrefs = [a["href"] for a in entry.select("a")]
    assert hrefs == []  # neither javascript: nor a malformed DOI becomes a link
    assert "javascript:alert(1)" in entry.get_text()


def test_valid_roles_survive_a_broken_annotation(bad):
    roles = html(bad).find(id="pub-roles2022").find_parent("li")
    # '1=equal' is kept; the repeated '1=corresponding' and the bad items are reported
    assert [s["class"][1] for s in roles.select("sup.portfolio-role")] == ["portfolio-role-equal"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"portfolio_owner": "Xu, Zhi-Qin John"},
         "portfolio_owner must be a list of strings, not str 'Xu, Zhi-Qin John'; using the default"),
        ({"portfolio_owner": []},
         "portfolio_owner is empty: no author will be highlighted; set it to the owner's name "
         "forms, e.g. portfolio_owner = ['Doe, Jane', 'Doe, J.']"),
        ({"portfolio_topics": ["theory"]},
         "portfolio_topics must be a dict of strings to strings, not list ['theory']; using the default"),
        ({"portfolio_owner": [", Zhi"]},
         "portfolio_owner: ', Zhi' has no last name; write it as 'Last, First'"),
    ],
)
def test_bad_settings_are_named(make_app, rootdir, tmp_path, overrides, message):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    # written into conf.py: confoverrides would coerce the types for us
    with (srcdir / "conf.py").open("a") as conf:
        conf.writelines(f"\n{name} = {value!r}\n" for name, value in overrides.items())
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings(app)
    assert any(message in line and "[portfolio.config]" in line for line in found), found


def test_entries_pybtex_cannot_format_are_shown_and_warned(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with (srcdir / "refs.bib").open("a") as bib:
        bib.write(
            "\n@article{nojournal2024,\n  author = {Doe, Jane},\n  title = {No Journal},\n"
            "  year = {2024},\n  keywords = {theory},\n}\n"
            "\n@report{report2024,\n  author = {Doe, Jane},\n  title = {A Report},\n"
            "  year = {2024},\n  keywords = {theory},\n}\n"
        )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings(app)
    assert (
        "refs.bib:36: WARNING: entry 'nojournal2024' cannot be formatted: missing journal in "
        "nojournal2024; fix the entry [portfolio.missing_field]" in found
    ), found
    assert any(
        line.startswith("refs.bib:43: WARNING: entry 'report2024' cannot be formatted: entry "
                        "type @report is not supported")
        for line in found
    ), found
    soup = html(app)
    assert "nojournal2024: missing journal" in text_of(soup.find(id="pub-nojournal2024").parent)
    assert soup.find(id="pub-report2024") is not None
