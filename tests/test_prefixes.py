"""The plain-string prefixes agree with rdflib's namespaces and the project's own terms."""

from __future__ import annotations

import re
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

from cica_graph.namespaces import CICA, ID, entity_iri
from cica_graph.paths import ROOT
from cica_graph.prefixes import KIND_PREFIXES, PREFIXES, sparql_prologue, used_prefixes
from cica_graph.queries import discover
from cica_graph.validate import CHECKS


def test_standard_prefixes_are_rdflibs() -> None:
    expected = {
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "xsd": XSD,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "org": ORG,
        "prov": PROV,
        "foaf": FOAF,
        "vann": VANN,
        "cica": CICA,
        "id": ID,
    }
    assert {k: PREFIXES[k] for k in expected} == {k: str(v) for k, v in expected.items()}


def test_every_kind_has_a_prefix() -> None:
    for kind in KIND_PREFIXES:
        assert PREFIXES[kind] + "x" == str(entity_iri(kind, "x"))
    assert PREFIXES["cica"] == str(CICA) and PREFIXES["id"] == str(ID)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", p) for p in PREFIXES)


def test_prologue_declares_every_prefix_and_parses() -> None:
    prologue = sparql_prologue()
    assert prologue.splitlines() == [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()]
    query = (
        prologue + "\nSELECT * WHERE { ?s a cica:State ; org:role ?r . state:a skos:altLabel ?l }"
    )
    assert list(ox.Store().query(query)) == []


def test_prefixes_and_the_store_need_no_rdflib() -> None:
    """A query worker imports the store and the prefixes only: no rdflib in its memory."""
    script = (
        "import sys, cica_graph.prefixes, cica_graph.store, cica_graph.executor; "
        "print('rdflib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_used_prefixes_are_enough_for_every_query() -> None:
    """A query using any one predeclared prefix parses with the selection and not without
    it; every named query and check query parses with its selection."""
    store = ox.Store()
    for name in PREFIXES:
        text = f"SELECT * WHERE {{ ?s ?p {name}:x }}"
        assert list(used_prefixes(text)) == [name]
        store.query(text, prefixes=used_prefixes(text))
        with pytest.raises(SyntaxError, match="Prefix not found"):
            store.query(text)
    for query in {**discover(), **discover(CHECKS)}.values():
        store.query(query.text, prefixes=used_prefixes(query.text))


def test_a_prefix_inside_a_word_is_not_mistaken_for_another() -> None:
    assert sorted(used_prefixes("SELECT * { ?s rdfs:label ?l }")) == ["rdfs"]
    assert sorted(used_prefixes("SELECT * { ?s rdf:type ?t }")) == ["rdf"]
