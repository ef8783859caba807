"""IRIs and prefixes: the closed CICA namespace, entity and graph IRIs, the prefix table and the
SPARQL prologue, and the configurable base."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import URIRef

from cica_graph.namespaces import (
    CICA,
    GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    entity_iri,
    source_graph,
)
from cica_graph.paths import ROOT


def test_known_terms_resolve() -> None:
    assert CICA.MemberState == URIRef("https://w3id.org/cica/ontology#MemberState")
    assert CICA["supportsProperty"] == URIRef("https://w3id.org/cica/ontology#supportsProperty")


@pytest.mark.parametrize("typo", ["Memberstate", "MemberStates", "supportProperty"])
def test_a_typo_fails(typo: str) -> None:
    with pytest.raises(AttributeError, match=f"term '{typo}' not in namespace"):
        getattr(CICA, typo)


def test_entity_and_graph_iris() -> None:
    assert entity_iri("state", "kuwait") == URIRef("https://w3id.org/cica/id/state/kuwait")
    assert source_graph("doc-1016") == URIRef("https://w3id.org/cica/graph/source/doc-1016")
    assert ONTOLOGY_GRAPH == GRAPH["ontology"] == URIRef("https://w3id.org/cica/graph/ontology")
    assert URIRef("https://w3id.org/cica/graph/inferred") == INFERRED_GRAPH


def test_base_iri_is_configurable() -> None:
    code = (
        "from cica_graph.namespaces import CICA, entity_iri, source_graph; "
        "print(entity_iri('state', 'a'), source_graph('s'), CICA.State)"
    )
    env = {**os.environ, "CICA_BASE_IRI": "http://example.org/kg/"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    # entities and graphs move with the base; the vocabulary does not
    assert out == [
        "http://example.org/kg/id/state/a",
        "http://example.org/kg/graph/source/s",
        "https://w3id.org/cica/ontology#State",
    ]
