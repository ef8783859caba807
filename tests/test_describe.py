"""What the graph says about one entity: existence, its statements with their source graphs,
incoming links, the quotes behind it and recorded conflicts."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from cica_graph import describe
from cica_graph.namespaces import CICA, entity_iri, source_graph
from cica_graph.render import serialise
from cica_graph.store import EmbeddedRepo

MEETING = str(entity_iri("meeting", "seventh-ministerial-council-meeting"))
CONFLICT = str(entity_iri("conflict", "conflict-seventh-ministerial-council-meeting-date"))
KAZ = str(entity_iri("state", "kazakhstan"))
SLIDES = str(source_graph("achievements-2020-2024"))
DIGEST = str(source_graph("digest-2024-q4"))


def test_exists_as_subject_or_object() -> None:
    a, b, c = (f"https://w3id.org/cica/id/state/{x}" for x in "abc")
    repo = EmbeddedRepo.from_nquads(
        f"<{a}> <https://w3id.org/cica/ontology#host> <{b}> <{SLIDES}> .\n".encode()
    )
    assert describe.exists(repo, a)
    assert describe.exists(repo, b)
    assert not describe.exists(repo, c)


def test_outgoing_statements_name_their_source_graphs(repo: EmbeddedRepo) -> None:
    view = describe.view(repo, MEETING)
    rows = {(r["p"], r["o"]): r for r in view.outgoing}
    start = rows[(str(CICA.start), "2024-12-17")]
    assert start["graphs"] == DIGEST
    assert rows[(str(CICA.plannedAs), f"{MEETING}#plan-1")]["graphs"] == SLIDES
    assert rows[(str(CICA.host), str(entity_iri("state", "azerbaijan")))]["label"] == "Azerbaijan"
    conflict = {(r["p"], r["o"]): r for r in describe.view(repo, CONFLICT).outgoing}
    assert sorted(conflict[(str(CICA.concerns), MEETING)]["graphs"].split()) == [SLIDES, DIGEST]


def test_incoming_links_leave_out_the_entitys_own_parts(repo: EmbeddedRepo) -> None:
    view = describe.view(repo, MEETING)
    # the evidence nodes (#evidence-N) also point at the meeting, but are its own parts
    assert [(r["s"], r["p"]) for r in view.incoming] == [(CONFLICT, str(CICA.concerns))]
    kaz = describe.view(repo, KAZ)
    assert [r["s"] for r in kaz.incoming] == [
        str(entity_iri("chairmanship", "chairmanship-kazakhstan-2020-2024"))
    ]


def test_evidence_lists_every_quote_with_its_source_and_scope(repo: EmbeddedRepo) -> None:
    evidence = describe.view(repo, MEETING).evidence
    assert [(r["ev"], r["quote"]) for r in evidence] == [
        (
            f"{MEETING}#evidence-1",
            "The Seventh Meeting of the Ministerial Council (MC) of the Conference on "
            "Interaction and Confidence Building Measures in Asia (CICA), hosted online by "
            "Azerbaijan",
        ),
        (
            f"{MEETING}#evidence-2",
            "Baku, 17 December 2024 — The Seventh Meeting of the Ministerial Council",
        ),
    ]
    assert {r["sourceLabel"] for r in evidence} == {"CICA Digest: news of October-December 2024"}
    assert set(evidence[0]["props"].split()) == {
        str(CICA.ordinal),
        str(CICA.format),
        str(CICA.host),
    }
    assert evidence[1]["props"] == str(CICA.start)
    assert describe.view(repo, KAZ).evidence[0]["props"] is None  # unscoped quote


def test_conflicts_list_every_claim_with_its_source_date(repo: EmbeddedRepo) -> None:
    conflicts = describe.view(repo, MEETING).conflicts
    assert [(c["value"], c["source"], c["date"]) for c in conflicts] == [
        (
            "2024-12-19, Baku (planned)",
            str(entity_iri("source", "achievements-2020-2024")),
            "2024-09",
        ),
        ("2024-12-17, online (held)", str(entity_iri("source", "digest-2024-q4")), "2024-12"),
    ]
    assert {c["conflict"] for c in conflicts} == {CONFLICT}
    assert describe.view(repo, KAZ).conflicts == []


def test_unknown_entity_has_an_empty_view(repo: EmbeddedRepo) -> None:
    view = describe.view(repo, "https://w3id.org/cica/id/state/atlantis")
    assert (view.outgoing, view.incoming, view.evidence, view.conflicts) == ([], [], [], [])
    assert not describe.exists(repo, view.iri)


@pytest.fixture(scope="module")
def meeting_graph(repo: EmbeddedRepo) -> Graph:
    return Graph().parse(data=serialise(describe.graph(repo, MEETING), "nt"), format="nt")


def test_graph_has_statements_parts_evidence_and_links(meeting_graph: Graph) -> None:
    meeting, plan = URIRef(MEETING), URIRef(f"{MEETING}#plan-1")
    assert (meeting, RDF.type, CICA.MinisterialCouncilMeeting) in meeting_graph
    # the plan is one of the meeting's parts: its own statements come along
    assert (plan, CICA.start, Literal("2024-12-19", datatype=XSD.date)) in meeting_graph
    evidence = URIRef(f"{MEETING}#evidence-2")
    assert (evidence, CICA.supportsProperty, CICA.start) in meeting_graph
    assert (URIRef(CONFLICT), CICA.concerns, meeting) in meeting_graph
    # but not the statements of other entities it links to
    assert (URIRef(CONFLICT), CICA.claim, None) not in meeting_graph
    assert (entity_iri("state", "azerbaijan"), None, None) not in meeting_graph
