"""Reasoning: the rules infer exactly what HermiT infers on the whole graph (real data and a
synthetic graph twice its size), expected inferences appear in their own graph, and every
inconsistency or refusal has a fixture caught with an explanation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import ORG, RDF

from cica_graph import hermit
from cica_graph import reason as reasoning
from cica_graph.build import build
from cica_graph.load import load
from cica_graph.namespaces import CICA, INFERRED_GRAPH, entity_iri
from cica_graph.paths import DATA
from cica_graph.reason import (
    InconsistentGraph,
    Inference,
    RulesDisagree,
    add_inferred,
    reason,
    reasoner_input,
)
from cica_graph.summary import SUMMARY
from cica_graph.tbox import UnsupportedAxiom

from bench.synthetic import write
from fixture_graphs import FIXTURES, broken

NEGATIVE = sorted((FIXTURES / "invalid" / "reason").glob("*.ru"))


@pytest.fixture(scope="module")
def real() -> tuple[Dataset, Inference]:
    ds = build(load(DATA))
    return ds, reason(ds)


def test_real_graph_is_consistent_and_infers(real: tuple[Dataset, Inference]) -> None:
    _, inference = real
    assert len(inference.triples) > 100


def test_rules_infer_exactly_what_hermit_does_on_the_whole_real_graph(
    real: tuple[Dataset, Inference],
) -> None:
    ds, inference = real
    assert reason(ds, method="hermit").triples == inference.triples


def test_rules_infer_exactly_what_hermit_does_on_a_synthetic_graph(tmp_path: Path) -> None:
    """Two copies of the data: every kind of record twice, linked through CICA itself."""
    ds = build(load(write(tmp_path / "x2", 2), DATA))
    rules = reason(ds)
    assert rules.triples == reason(ds, method="hermit").triples
    assert len(rules.triples) > 1000


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
        (  # heldPost is a sub-property of org:holds, whose inverse is org:heldBy
            entity_iri("post", "secretary-general"),
            ORG.heldBy,
            entity_iri("person", "kairat-sarybay"),
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
        (  # the direct parent too (subOrganizationOf is a sub-property of the transitive one)
            entity_iri("body", "support-team"),
            ORG.transitiveSubOrganizationOf,
            entity_iri("body", "secretariat"),
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


def test_inferred_types_are_the_most_specific(real: tuple[Dataset, Inference]) -> None:
    _, inference = real
    kuwait = {o for s, p, o in inference.triples if s == entity_iri("state", "kuwait")}
    assert CICA.MemberState in kuwait and CICA.State not in kuwait


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


def _expectation(path: Path) -> tuple[str, str]:
    match = re.match(r"^# expect: (\w+) \| (.+)$", path.read_text().splitlines()[0])
    assert match, f"{path.name} has no '# expect: kind | message' line"
    return match.group(1), match.group(2)


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_negative_fixture_is_caught_with_an_explanation(path: Path) -> None:
    kind, message = _expectation(path)
    error = {
        "inconsistent": InconsistentGraph,
        "refused": InconsistentGraph,
        "unsupported": UnsupportedAxiom,
    }[kind]
    with pytest.raises(error) as caught:
        reason(broken(path))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "path",
    [p for p in NEGATIVE if _expectation(p)[0] == "inconsistent"],
    ids=lambda p: p.stem,
)
def test_hermit_agrees_the_fixture_is_inconsistent(path: Path) -> None:
    with pytest.raises(InconsistentGraph) as caught:
        reason(broken(path), method="hermit")
    assert _expectation(path)[1] in str(caught.value)  # the rules explain HermiT's verdict


def test_a_summary_on_which_hermit_infers_more_stops_the_build(
    monkeypatch: pytest.MonkeyPatch, real: tuple[Dataset, Inference]
) -> None:
    """As if the ontology had an axiom the rules missed: HermiT derives a value the rules
    do not, on the summary."""
    entail = hermit.entail

    def more(tbox, abox):  # type: ignore[no-untyped-def]
        found = entail(tbox, abox)
        assert not isinstance(found, str)
        found.edges[str(ORG.holds)].add((f"{SUMMARY}0", f"{SUMMARY}1"))
        return found

    monkeypatch.setattr(reasoning.hermit, "entail", more)
    with pytest.raises(RulesDisagree, match="only HermiT"):
        reason(real[0])


def test_an_inconsistent_summary_of_a_consistent_graph_falls_back_to_the_whole_graph(
    monkeypatch: pytest.MonkeyPatch, real: tuple[Dataset, Inference]
) -> None:
    calls: list[int] = []
    entail = hermit.entail

    def first_says_no(tbox, abox):  # type: ignore[no-untyped-def]
        calls.append(len(abox))
        return "inconsistent" if len(calls) == 1 else entail(tbox, abox)

    monkeypatch.setattr(reasoning.hermit, "entail", first_says_no)
    monkeypatch.setattr(reasoning, "clashes", lambda closure: ["merged"] if len(calls) else [])
    assert reason(real[0]).triples == real[1].triples
    assert len(calls) == 2 and calls[1] > calls[0]  # the summary, then the whole graph
