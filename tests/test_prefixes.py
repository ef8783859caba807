"""The plain-string prefixes agree with rdflib's namespaces and the project's own terms."""

from __future__ import annotations

import re
import subprocess
import sys

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

from cica_graph.namespaces import CICA, ID, entity_iri
from cica_graph.paths import ROOT
from cica_graph.prefixes import KIND_PREFIXES, PREFIXES, sparql_prologue


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
