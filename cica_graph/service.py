"""SPARQL Service Description and VoID description of the dataset.

>>> from cica_graph.store import EmbeddedRepo
>>> g = service_graph(EmbeddedRepo(), "http://127.0.0.1:8000/sparql")
>>> (None, SD.feature, SD.UnionDefaultGraph) in g
True
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from cica_graph.namespaces import CICA, ONTOLOGY_IRI
from cica_graph.prefixes import BASE, PREFIXES
from cica_graph.stats import class_counts, graph_counts
from cica_graph.store import Repo

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DATASET = URIRef(BASE + "dataset")

RESULT_FORMATS = [
    FORMATS["SPARQL_Results_JSON"],
    FORMATS["SPARQL_Results_XML"],
    FORMATS["SPARQL_Results_CSV"],
    FORMATS["SPARQL_Results_TSV"],
    FORMATS["Turtle"],
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS["RDF_XML"],
    FORMATS["TriG"],
    FORMATS["N-Quads"],
]
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "turtle",  # a plain graph is the default graph: Turtle is valid TriG
    "application/n-quads": "nt",  # likewise, N-Triples lines are valid N-Quads
}


def _graph() -> Graph:
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    g.bind("sd", SD)
    g.bind("void", VOID)
    return g


def service_graph(repo: Repo, endpoint: str) -> Graph:
    """The service description: endpoint, language, formats, default dataset."""
    g = _graph()
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in RESULT_FORMATS:
        g.add((service, SD.resultFormat, fmt))
    dataset = BNode("defaultDataset")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode("defaultGraph")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, DCTERMS.description, Literal("The union of all named graphs.", lang="en")))
    for name in repo.graphs():
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, SD.name, URIRef(name)))
    return g


def void_graph(repo: Repo, endpoint: str, downloads: list[tuple[str, str]]) -> Graph:
    """VoID: counts, class partitions, one subset per named graph, dumps and endpoint."""
    g = _graph()
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("CICA knowledge graph", lang="en")))
    g.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((DATASET, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((DATASET, VOID.vocabulary, URIRef(str(CICA))))
    g.add((DATASET, VOID.vocabulary, ONTOLOGY_IRI))
    g.add((DATASET, VOID.triples, Literal(repo.triple_count(), datatype=XSD.integer)))
    for url, _media in downloads:
        g.add((DATASET, VOID.dataDump, URIRef(url)))
    for cls, n in class_counts(repo):
        part = BNode(f"class-{abs(hash(cls))}")
        g.add((DATASET, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for name, n in graph_counts(repo):
        subset = URIRef(name)
        g.add((DATASET, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g


def serialise_graph(g: Graph, media_type: str) -> bytes:
    data: Any = g.serialize(format=GRAPH_FORMATS[media_type], encoding="utf-8")
    return bytes(data)
