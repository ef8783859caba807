"""The closed namespace lists exactly the ontology's terms; a typo fails at import time."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from cica_graph.namespaces import CICA, PREFIXES, entity_iri
from cica_graph.paths import ONTOLOGY


def test_namespace_matches_ontology() -> None:
    ns = str(CICA)
    declared = {
        str(s)[len(ns) :]
        for s in Graph().parse(ONTOLOGY).subjects()
        if isinstance(s, URIRef) and str(s).startswith(ns)
    }
    assert set(CICA.__annotations__) == declared


def test_typo_fails() -> None:
    with pytest.raises(AttributeError):
        _ = CICA.Memberstate


def test_kind_prefixes() -> None:
    assert PREFIXES["state"] + "kuwait" == str(entity_iri("state", "kuwait"))
