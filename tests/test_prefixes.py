"""The plain-string prefixes agree with rdflib's namespaces and the project's own terms."""

from __future__ import annotations

import subprocess
import sys

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


def test_every_kind_has_its_prefix() -> None:
    for kind in KIND_PREFIXES:
        assert PREFIXES[kind] + "x" == str(entity_iri(kind, "x"))
    assert len(sparql_prologue().splitlines()) == len(PREFIXES)


def test_prefixes_and_the_store_need_no_rdflib() -> None:
    """A query worker imports the store and the prefixes only: no rdflib in its memory."""
    script = (
        "import sys, cica_graph.prefixes, cica_graph.store, cica_graph.executor; "
        "print('rdflib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
