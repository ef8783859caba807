"""Reasoning: the real graph is consistent, expected inferences appear in their own graph,
and a deliberately inconsistent fixture is caught with an explanation."""

from __future__ import annotations

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import ORG, RDF

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.namespaces import CICA, INFERRED_GRAPH, entity_iri
from cica_graph.paths import DATA
from cica_graph.reason import (
    InconsistentGraph,
    Inference,
    Modules,
    add_inferred,
    reason,
    reasoner_input,
)

from fixture_graphs import FIXTURES, broken


@pytest.fixture(scope="module")
def real() -> tuple[Dataset, Inference]:
    ds = build(load(DATA))
    return ds, reason(ds)


def test_real_graph_is_consistent_and_infers(real: tuple[Dataset, Inference]) -> None:
    _, inference = real
    assert len(inference.triples) > 100


@pytest.mark.parametrize(
    "triple",
    [
        (entity_iri("state", "kuwait"), RDF.type, CICA.MemberState),
        (entity_iri("state", "turkmenistan"), RDF.type, CICA.ObserverState),
        (entity_iri("organisation", "eaeu"), RDF.type, CICA.PartnerOrganisation),
        (entity_iri("state", "india"), RDF.type, CICA.CoordinatingState),
        (entity_iri("state", "tajikistan"), RDF.type, CICA.ChairState),
        (
            entity_iri("person", "kairat-sarybay"),
            CICA.heldPost,
            entity_iri("post", "secretary-general"),
        ),
        (
            entity_iri("body", "secretariat"),
            ORG.hasSubOrganization,
            entity_iri("body", "support-team"),
        ),
        (
            entity_iri("body", "support-team"),
            ORG.transitiveSubOrganizationOf,
            entity_iri("organisation", "cica"),
        ),
        (
            entity_iri("state", "kuwait"),
            ORG.hasMembership,
            entity_iri("membership", "kuwait-member"),
        ),
    ],
    ids=lambda t: str(t[2]).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(t, tuple) else "",
)
def test_expected_inference(
    real: tuple[Dataset, Inference], triple: tuple[URIRef, URIRef, URIRef]
) -> None:
    _, inference = real
    assert triple in inference.triples


def test_inferred_triples_are_not_asserted_and_stay_apart(real: tuple[Dataset, Inference]) -> None:
    ds, inference = real
    asserted = set(reasoner_input(ds))
    assert not (inference.triples & asserted)
    copy = Dataset()
    for quad in ds.quads((None, None, None, None)):
        copy.add(quad)
    add_inferred(copy, inference)
    inferred_graph = set(copy.graph(INFERRED_GRAPH))
    assert inferred_graph == inference.triples
    for context in copy.graphs():
        if context.identifier != INFERRED_GRAPH:
            assert not (set(context) & inference.triples), context.identifier


def test_reasoner_input_leaves_out_literals_and_evidence(real: tuple[Dataset, Inference]) -> None:
    ds, _ = real
    graph = reasoner_input(ds)
    assert not any("#evidence-" in str(s) for s in graph.subjects())
    data_literals = [
        o
        for s, _, o in graph
        if str(s).startswith("https://w3id.org/cica/id/") and not isinstance(o, URIRef)
    ]
    assert data_literals == []


def test_inconsistent_fixture_is_caught_with_an_explanation() -> None:
    with pytest.raises(InconsistentGraph) as caught:
        reason(broken(FIXTURES / "invalid" / "reason" / "person-as-country.ru"))
    assert "person/kairat-sarybay is both a Person and a State" in str(caught.value)
    assert caught.value.reasons


def test_modules_infer_exactly_what_the_whole_graph_does(
    real: tuple[Dataset, Inference],
) -> None:
    """Cut into small modules (several per kind of entity), on two workers."""
    ds, whole = real
    modular = reason(ds, roots_per_module=250, workers=2)
    assert modular.triples == whole.triples


def test_a_module_holds_referrers_transitive_chains_and_types(
    real: tuple[Dataset, Inference],
) -> None:
    ds, _ = real
    modules = Modules.of(reasoner_input(ds))
    support_team = entity_iri("body", "support-team")
    module = modules.module([support_team])
    secretariat = entity_iri("body", "secretariat")
    assert (support_team, ORG.subOrganizationOf, secretariat) in module
    # the chain up to CICA goes out of the root, with the types of what it reaches
    assert (secretariat, ORG.subOrganizationOf, entity_iri("organisation", "cica")) in module
    assert (entity_iri("organisation", "cica"), RDF.type, CICA.Organisation) in module
    kuwait = modules.module([entity_iri("state", "kuwait")])
    member = entity_iri("membership", "kuwait-member")
    assert (member, ORG.member, entity_iri("state", "kuwait")) in kuwait  # a referrer
    assert not set(kuwait.triples((entity_iri("state", "india"), None, None)))


def test_inconsistency_in_one_module_fails_the_whole_graph() -> None:
    with pytest.raises(InconsistentGraph) as caught:
        reason(
            broken(FIXTURES / "invalid" / "reason" / "person-as-country.ru"),
            roots_per_module=50,
            workers=2,
        )
    assert "person/kairat-sarybay is both a Person and a State" in str(caught.value)
