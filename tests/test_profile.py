"""The ontology is OWL 2 DL (checked by the OWL API), and the checker catches a non-DL ontology.

Needs Java and the OWL API (Debian's libowlapi-java). Without them the tests skip, saying so,
except where CICA_REQUIRE_OWLAPI is set (CI sets it after installing the package).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cica_graph.paths import ONTOLOGY
from cica_graph.profile import ProfileCheckUnavailable, dl_violations

NOT_DL = (
    Path(__file__).parent
    / "fixtures"
    / "invalid"
    / "ontology"
    / "non-simple-property-in-cardinality.ttl"
)


def violations(path: Path) -> list[str]:
    try:
        return dl_violations(path)
    except ProfileCheckUnavailable as exc:
        if os.environ.get("CICA_REQUIRE_OWLAPI"):
            raise
        pytest.skip(f"OWL API unavailable (apt-get install libowlapi-java): {exc}")


def test_ontology_is_owl2_dl() -> None:
    assert violations(ONTOLOGY) == []


def test_non_dl_ontology_is_reported() -> None:
    found = violations(NOT_DL)
    assert len(found) == 1
    assert "non-simple property in a restriction" in found[0]
