"""The base IRI and the SPARQL prefixes, as plain strings.

Kept apart from :mod:`cica_graph.namespaces` (rdflib terms) so that what only queries the
store, such as a query worker, runs without importing rdflib (about 20 MB a process).

>>> PREFIXES["state"]
'https://w3id.org/cica/id/state/'
>>> "PREFIX cica: <https://w3id.org/cica/ontology#>" in sparql_prologue()
True
"""

from __future__ import annotations

import os

BASE = os.environ.get("CICA_BASE_IRI", "https://w3id.org/cica/")
ID = BASE + "id/"

PREFIXES: dict[str, str] = {
    "cica": "https://w3id.org/cica/ontology#",
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
}
"""The standard prefixes (:mod:`cica_graph.namespaces` checks them against rdflib's)."""


KIND_PREFIXES: tuple[str, ...] = (
    "state",
    "organisation",
    "place",
    "membership",
    "body",
    "post",
    "person",
    "holding",
    "nomination",
    "dimension",
    "priority-area",
    "coordination",
    "chairmanship",
    "chairmanship-priority",
    "document",
    "document-status",
    "meeting",
    "principle",
    "goal",
    "provision",
    "cluster",
    "figure",
    "conflict",
    "source",
)
"""One prefix per entity kind, so ``state:kuwait`` names ``{base}id/state/kuwait``."""
PREFIXES.update({kind: f"{ID}{kind}/" for kind in KIND_PREFIXES})


def used_prefixes(text: str) -> dict[str, str]:
    """The predeclared prefixes ``text`` may use: those whose ``name:`` occurs in it.

    A query engine parses every prefix it is given, each time (about 25 µs a query for all
    of them with pyoxigraph, as much as a point lookup's own evaluation); a prefixed name
    always contains its ``name:``, so none that is used is left out, and one that only
    seems used (in a string or an IRI) costs nothing but its parsing.

    >>> sorted(used_prefixes("SELECT * { ?s a cica:State ; rdfs:label ?l }"))
    ['cica', 'rdfs']
    >>> used_prefixes("SELECT ?p ?o { <https://w3id.org/cica/id/state/kuwait> ?p ?o }")
    {}
    """
    return {name: iri for name, iri in PREFIXES.items() if f"{name}:" in text}


def sparql_prologue() -> str:
    """PREFIX lines for every prefix, for queries and the query page."""
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
