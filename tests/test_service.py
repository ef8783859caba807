"""SPARQL Service Description and VoID of the fixture repository."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, VOID, XSD

from cica_graph.namespaces import CICA
from cica_graph.service import (
    DATASET,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    SD,
    serialise_graph,
    service_graph,
    void_graph,
)
from cica_graph.stats import class_counts, graph_counts
from cica_graph.store import EmbeddedRepo

ENDPOINT = "http://example.org/sparql"
DOWNLOADS = [
    ("http://example.org/downloads/cica.ttl", "text/turtle"),
    ("http://example.org/downloads/cica.nq", "application/n-quads"),
]


@pytest.fixture(scope="module")
def sd(repo: EmbeddedRepo) -> Graph:
    return service_graph(repo, ENDPOINT)


@pytest.fixture(scope="module")
def void(repo: EmbeddedRepo) -> Graph:
    return void_graph(repo, ENDPOINT, DOWNLOADS)


def test_service_description(sd: Graph) -> None:
    service = URIRef(ENDPOINT)
    assert (service, RDF.type, SD.Service) in sd
    assert (service, SD.endpoint, service) in sd
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
    assert (service, SD.feature, SD.UnionDefaultGraph) in sd
    assert set(sd.objects(service, SD.resultFormat)) == set(RESULT_FORMATS)


def test_service_description_names_every_graph(sd: Graph, repo: EmbeddedRepo) -> None:
    dataset = sd.value(URIRef(ENDPOINT), SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in sd
    assert sd.value(dataset, SD.defaultGraph) is not None
    names = sorted(str(sd.value(n, SD.name)) for n in sd.objects(dataset, SD.namedGraph))
    assert names == repo.graphs()
    assert len(names) == 6  # five sources and the ontology


def test_void_counts(void: Graph, repo: EmbeddedRepo) -> None:
    assert void.value(DATASET, VOID.triples) == Literal(repo.triple_count(), datatype=XSD.integer)
    assert (DATASET, VOID.sparqlEndpoint, URIRef(ENDPOINT)) in void
    assert set(void.objects(DATASET, VOID.dataDump)) == {URIRef(u) for u, _ in DOWNLOADS}
    assert (DATASET, VOID.vocabulary, URIRef(str(CICA))) in void


def test_void_subsets_and_class_partitions(void: Graph, repo: EmbeddedRepo) -> None:
    subsets = {
        str(s): int(void.value(s, VOID.triples))  # type: ignore[arg-type]
        for s in void.objects(DATASET, VOID.subset)
    }
    assert subsets == dict(graph_counts(repo))
    partitions = {
        str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))  # type: ignore[arg-type]
        for p in void.objects(DATASET, VOID.classPartition)
    }
    assert partitions == dict(class_counts(repo))
    assert partitions[str(CICA.State)] == 2


@pytest.mark.parametrize(
    "media_type",
    sorted(GRAPH_FORMATS),
)
def test_serialise_graph_round_trips(void: Graph, media_type: str) -> None:
    data = serialise_graph(void, media_type)
    assert isinstance(data, bytes)
    parsed = Dataset()
    parsed.parse(data=data, format=GRAPH_FORMATS[media_type])
    assert isomorphic(parsed.graph(DATASET_DEFAULT_GRAPH_ID), void)


def test_serialise_graph_refuses_other_media_types(void: Graph) -> None:
    with pytest.raises(KeyError):
        serialise_graph(void, "text/html")
