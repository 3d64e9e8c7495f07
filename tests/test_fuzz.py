"""Mutation fuzzing of the real site in CI: a fixed set of seeded cases (``tests/fuzz.py``).

Each case mutates ``refs.bib``, a page or ``conf.py`` once and builds the site in a new
process: no traceback, no file outside the output folder, no entry dropped without a
warning. ``nox -s fuzz`` runs many more cases and prints the figures.
"""

from __future__ import annotations

import os

import pytest
from fuzz import MUTATIONS, baseline_entries, run_case

#: enough cases that every kind of mutation runs a few times (about 1.3 s each)
CASES = int(os.environ.get("PORTFOLIO_FUZZ_CASES", "40"))


@pytest.fixture(scope="module")
def baseline() -> int:
    return baseline_entries()


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(CASES))
def test_mutated_site_builds_with_warnings_not_tracebacks(seed, baseline):
    result = run_case(seed, baseline)
    assert result.ok, str(result)


def test_every_mutation_kind_is_drawn():
    """The seeds in CI draw every kind of mutation at least once."""
    import random

    drawn = {random.Random(seed).choice(MUTATIONS) for seed in range(CASES)}
    assert drawn == set(MUTATIONS)
