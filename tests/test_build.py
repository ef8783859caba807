"""Build: the fixture data gives exactly the hand-written expected named graphs (graph
isomorphism per graph), and each routing rule of cica_graph/build.py holds on small records."""

from __future__ import annotations

import typing
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from cica_graph import models as m
from cica_graph.build import (
    CATEGORY_CLASS,
    CICA_ORG,
    PREDICATES,
    SKIP_FIELDS,
    build,
    date_literal,
)
from cica_graph.load import Curated
from cica_graph.namespaces import CICA, GRAPH, ONTOLOGY_GRAPH, SCHEME, entity_iri, source_graph
from cica_graph.paths import ONTOLOGY

EXPECTED = Path(__file__).parent / "fixtures" / "expected" / "build.trig"
S001, S002 = "001_e0297087f7da6332.txt", "002_9e60f0a7e69153b9.txt"
G001, G002 = source_graph("digest-2024-q4"), source_graph("achievements-2020-2024")
MEETING = entity_iri("meeting", "seventh-ministerial-council-meeting")
CONFLICT = entity_iri("conflict", "conflict-seventh-ministerial-council-meeting-date")
AZ = entity_iri("state", "azerbaijan")


def graphs(ds: Dataset) -> dict[str, Graph]:
    """Non-empty graphs of a dataset by name, as plain graphs."""
    out = {}
    for context in ds.graphs():
        if len(context):
            graph = Graph()
            for triple in context:
                graph.add(triple)
            out[str(context.identifier)] = graph
    return out


def ev(source: str, quote: str = "a quote of a source", fields: list[str] | None = None) -> Any:
    item: dict[str, Any] = {"source": source, "quote": quote}
    if fields is not None:
        item["fields"] = fields
    return item


def build_records(curated: Curated, *records: m.Record) -> Dataset:
    """Build a few records against the fixture's sources (quotes are not checked here)."""
    by_kind: dict[str, list[m.Record]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    return build(Curated(sources=curated.sources, records=dict(by_kind)), with_ontology=False)


def azerbaijan() -> m.State:
    return m.State.model_validate(
        {"id": "azerbaijan", "name": "Azerbaijan", "evidence": [ev(S002)]}
    )


# --- the whole fixture against the hand-written expectation --------------------------------


def test_build_matches_expected_graphs(dataset_without_ontology: Dataset) -> None:
    expected = Dataset()
    expected.parse(EXPECTED, format="trig")
    got, want = graphs(dataset_without_ontology), graphs(expected)
    assert sorted(got) == sorted(want)
    for name in want:
        if not isomorphic(got[name], want[name]):
            _, only_got, only_want = graph_diff(to_isomorphic(got[name]), to_isomorphic(want[name]))
            pytest.fail(
                f"{name}:\nonly built:\n{only_got.serialize(format='nt')}"
                f"only expected:\n{only_want.serialize(format='nt')}"
            )


def test_one_graph_per_source_and_nothing_in_the_default_graph(
    dataset_without_ontology: Dataset, curated: Curated
) -> None:
    names = set(graphs(dataset_without_ontology))
    assert names == {str(source_graph(s.id)) for s in curated.sources.values()}
    assert len(dataset_without_ontology.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


def test_ontology_graph_only_on_request(
    dataset: Dataset, dataset_without_ontology: Dataset
) -> None:
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    assert isomorphic(graphs(dataset)[str(ONTOLOGY_GRAPH)], ontology)
    assert str(ONTOLOGY_GRAPH) not in graphs(dataset_without_ontology)


# --- evidence --------------------------------------------------------------------------------


def test_scoped_evidence_puts_only_its_fields_in_its_source_graph(curated: Curated) -> None:
    meeting = m.Meeting.model_validate(
        {
            "id": "a-meeting",
            "name": "A meeting",
            "category": "summit",
            "start": "2024-12-17",
            "format": "online",
            "hosts": ["azerbaijan"],
            "evidence": [ev(S001, fields=["start"]), ev(S002, fields=["format", "hosts"])],
        }
    )
    ds = build_records(curated, meeting, azerbaijan())
    node = entity_iri("meeting", "a-meeting")
    g1, g2 = ds.graph(G001), ds.graph(G002)
    start = (node, CICA.start, Literal("2024-12-17", datatype=XSD.date))
    assert start in g1 and start not in g2
    for triple in [(node, CICA.format, CICA.online), (node, CICA.host, AZ)]:
        assert triple in g2 and triple not in g1
    for graph in (g1, g2):  # class and name go with every quote
        assert (node, RDF.type, CICA.Summit) in graph
        assert (node, RDFS.label, Literal("A meeting", lang="en")) in graph
    assert set(g1.objects(URIRef(f"{node}#evidence-1"), CICA.supportsProperty)) == {CICA.start}
    assert set(g2.objects(URIRef(f"{node}#evidence-2"), CICA.supportsProperty)) == {
        CICA.format,
        CICA.host,
    }


def test_unscoped_evidence_supports_the_whole_record(curated: Curated) -> None:
    place = m.Place.model_validate(
        {
            "id": "baku",
            "name": "Baku",
            "category": "city",
            "country": "azerbaijan",
            "evidence": [ev(S001), ev(S002, fields=["name"])],
        }
    )
    ds = build_records(curated, place, azerbaijan())
    node = entity_iri("place", "baku")
    assert (node, CICA.country, AZ) in ds.graph(G001)
    assert (node, CICA.country, AZ) not in ds.graph(G002)
    assert list(ds.graph(G001).objects(URIRef(f"{node}#evidence-1"), CICA.supportsProperty)) == []


def test_every_quote_is_an_evidence_node(
    dataset_without_ontology: Dataset, curated: Curated
) -> None:
    quotes: list[tuple[str, str]] = []  # (source file, quote) of every quote in the fixture
    for record in curated.all():
        quotes += [(e.source, e.quote) for e in record.evidence]
        for plan in getattr(record, "planned", []):
            quotes += [(e.source, e.quote) for e in plan.evidence]
        quotes += [(c.source, c.quote) for c in getattr(record, "claims", [])]
    ds = dataset_without_ontology
    found = []
    for source_file, source in curated.sources.items():
        graph = ds.graph(source_graph(source.id))
        for node in graph.subjects(RDF.type, CICA.Evidence):
            assert len(list(graph.objects(node, CICA.supports))) == 1, node
            assert graph.value(node, DCTERMS.source) == entity_iri("source", source.id)
            supported = graph.value(node, CICA.supports)
            assert (supported, PROV.wasDerivedFrom, entity_iri("source", source.id)) in graph
            assert str(node).startswith(f"{supported}#") or str(node).startswith(f"{supported}-")
            found.append((source_file, str(graph.value(node, CICA.quote))))
    assert sorted(found) == sorted(quotes)
    assert len(found) == 10


# --- planned and held -------------------------------------------------------------------


def test_planned_items_are_planned_occurrences(dataset_without_ontology: Dataset) -> None:
    plan = URIRef(f"{MEETING}#plan-1")
    slides, digest = dataset_without_ontology.graph(G002), dataset_without_ontology.graph(G001)
    assert (MEETING, CICA.plannedAs, plan) in slides
    assert (plan, RDF.type, CICA.PlannedOccurrence) in slides
    assert (plan, CICA.start, Literal("2024-12-19", datatype=XSD.date)) in slides
    assert (plan, PROV.atLocation, entity_iri("place", "baku")) in slides
    # the plan is not the meeting: the held date stays with the meeting, in its own source
    assert (MEETING, CICA.start, None) not in slides
    assert set(digest.objects(MEETING, CICA.start)) == {Literal("2024-12-17", datatype=XSD.date)}
    assert (plan, None, None) not in digest


def test_several_plans_are_numbered_and_routed_by_their_own_quotes(curated: Curated) -> None:
    meeting = m.Meeting.model_validate(
        {
            "id": "a-meeting",
            "name": "A meeting",
            "category": "other",
            "planned": [
                {"start": "2024-11", "evidence": [ev(S001)]},
                {"start": "2024-12-19", "format": "in-person", "evidence": [ev(S002)]},
            ],
            "evidence": [ev(S001)],
        }
    )
    ds = build_records(curated, meeting)
    node = entity_iri("meeting", "a-meeting")
    plan1, plan2 = URIRef(f"{node}#plan-1"), URIRef(f"{node}#plan-2")
    assert (plan1, CICA.start, Literal("2024-11", datatype=XSD.gYearMonth)) in ds.graph(G001)
    assert (plan2, CICA.format, CICA.inPerson) in ds.graph(G002)
    assert (plan2, None, None) not in ds.graph(G001)
    assert (URIRef(f"{plan2}-evidence-1"), CICA.supports, plan2) in ds.graph(G002)


def test_a_planned_host_is_the_plan_s_not_the_meeting_s(curated: Curated) -> None:
    meeting = m.Meeting.model_validate(
        {
            "id": "a-meeting",
            "name": "A meeting",
            "category": "other",
            "planned": [{"hosts": ["azerbaijan"], "evidence": [ev(S002)]}],
            "evidence": [ev(S002)],
        }
    )
    ds = build_records(curated, meeting, azerbaijan())
    node = entity_iri("meeting", "a-meeting")
    plan = URIRef(f"{node}#plan-1")
    assert (plan, CICA.plannedHost, entity_iri("state", "azerbaijan")) in ds.graph(G002)
    assert not list(ds.triples((node, CICA.host, None)))


def test_initiators_priority_areas_and_citations_become_triples(curated: Curated) -> None:
    area = m.PriorityArea.model_validate(
        {"id": "an-area", "name": "An area", "dimension": "a-dimension", "evidence": [ev(S002)]}
    )
    dimension = m.Dimension.model_validate(
        {"id": "a-dimension", "name": "A dimension", "number": 1, "evidence": [ev(S002)]}
    )
    cited = m.Document.model_validate(
        {
            "id": "a-guideline",
            "name": "A guideline",
            "category": "guidelines",
            "evidence": [ev(S002)],
        }
    )
    paper = m.Document.model_validate(
        {
            "id": "a-paper",
            "name": "A paper",
            "category": "concept-paper",
            "initiated_by": ["azerbaijan"],
            "cites": ["a-guideline"],
            "priority_areas": ["an-area"],
            "evidence": [ev(S002)],
        }
    )
    meeting = m.Meeting.model_validate(
        {
            "id": "a-webinar",
            "name": "A webinar",
            "category": "other",
            "initiated_by": ["azerbaijan"],
            "priority_areas": ["an-area"],
            "evidence": [ev(S002)],
        }
    )
    ds = build_records(curated, area, dimension, cited, paper, meeting, azerbaijan())
    g = ds.graph(G002)
    doc, webinar = entity_iri("document", "a-paper"), entity_iri("meeting", "a-webinar")
    state, pa = entity_iri("state", "azerbaijan"), entity_iri("priority-area", "an-area")
    assert (doc, CICA.initiatedBy, state) in g and (webinar, CICA.initiatedBy, state) in g
    assert (doc, DCTERMS.references, entity_iri("document", "a-guideline")) in g
    assert (doc, CICA.underPriorityArea, pa) in g and (webinar, CICA.underPriorityArea, pa) in g


def test_a_person_s_country(curated: Curated) -> None:
    person = m.Person.model_validate(
        {"id": "a-winner", "name": "A Winner", "country": "azerbaijan", "evidence": [ev(S002)]}
    )
    ds = build_records(curated, person, azerbaijan())
    winner, state = entity_iri("person", "a-winner"), entity_iri("state", "azerbaijan")
    assert (winner, CICA.country, state) in ds.graph(G002)


# --- nominations, planned document steps, parties, quarters ---------------------------


def kazakhstan() -> m.State:
    return m.State.model_validate(
        {"id": "kazakhstan", "name": "Kazakhstan", "evidence": [ev(S002)]}
    )


def test_a_nomination_is_not_a_holding(curated: Curated) -> None:
    post = m.Post.model_validate(
        {"id": "deputy-secretary-general", "name": "Deputy SG", "evidence": [ev(S002)]}
    )
    person = m.Person.model_validate({"id": "a-person", "name": "A", "evidence": [ev(S002)]})
    meeting = m.Meeting.model_validate(
        {
            "id": "soc",
            "name": "SOC",
            "category": "senior-officials-committee",
            "evidence": [ev(S002)],
        }
    )
    nomination = m.Nomination.model_validate(
        {
            "id": "a-person-for-deputy-secretary-general",
            "nominee": "a-person",
            "post": "deputy-secretary-general",
            "stage": "nominated",
            "nominated_by": "azerbaijan",
            "date": "2023-08-22",
            "considered_at": "soc",
            "evidence": [ev(S002)],
        }
    )
    ds = build_records(curated, post, person, meeting, nomination, azerbaijan())
    g = ds.graph(G002)
    node = entity_iri("nomination", "a-person-for-deputy-secretary-general")
    assert {
        (node, RDF.type, CICA.Nomination),
        (node, CICA.nominee, entity_iri("person", "a-person")),
        (node, CICA.nominatedForPost, entity_iri("post", "deputy-secretary-general")),
        (node, CICA.nominationStage, Literal("nominated")),
        (node, CICA.nominatedBy, AZ),
        (node, DCTERMS.date, Literal("2023-08-22", datatype=XSD.date)),
        (node, CICA.consideredAt, entity_iri("meeting", "soc")),
    } <= set(g)
    assert (node, RDF.type, CICA.Holding) not in g and (node, CICA.holder, None) not in g


def test_a_designated_chair_of_a_body(curated: Curated) -> None:
    body = m.Body.model_validate(
        {
            "id": "business-council",
            "name": "Business Council",
            "category": "advisory",
            "members": ["kazakhstan"],
            "established_during": "chairmanship-kazakhstan-2020-2024",
            "evidence": [ev(S002)],
        }
    )
    chairmanship = m.Chairmanship.model_validate(
        {"id": "chairmanship-kazakhstan-2020-2024", "state": "kazakhstan", "evidence": [ev(S002)]}
    )
    nomination = m.Nomination.model_validate(
        {
            "id": "azerbaijan-for-business-council-chair",
            "nominee": "azerbaijan",
            "body": "business-council",
            "capacity": "chair",
            "stage": "designated",
            "start": "2024-12",
            "evidence": [ev(S002)],
        }
    )
    ds = build_records(curated, body, chairmanship, nomination, azerbaijan(), kazakhstan())
    g = ds.graph(G002)
    node = entity_iri("nomination", "azerbaijan-for-business-council-chair")
    council = entity_iri("body", "business-council")
    assert {
        (node, CICA.nominatedToBody, council),
        (node, CICA.nominationCapacity, Literal("chair")),
        (node, CICA.start, Literal("2024-12", datatype=XSD.gYearMonth)),
        (council, ORG.hasMember, entity_iri("state", "kazakhstan")),
        (
            council,
            CICA.establishedDuring,
            entity_iri("chairmanship", "chairmanship-kazakhstan-2020-2024"),
        ),
    } <= set(g)
    assert (council, CICA.chairedBy, None) not in g


def test_planned_document_steps_are_not_statuses(curated: Curated) -> None:
    meeting = m.Meeting.model_validate(
        {"id": "mc", "name": "MC", "category": "ministerial-council", "evidence": [ev(S001)]}
    )
    memorandum = m.Document.model_validate(
        {
            "id": "a-memorandum",
            "name": "A memorandum",
            "category": "memorandum",
            "parties": ["azerbaijan", "kazakhstan"],
            "prepared_for": "mc",
            "planned": [
                {
                    "status": "adopted",
                    "meeting": "mc",
                    "date": "2024-12-19",
                    "evidence": [ev(S002)],
                },
                {"status": "signed", "parties": ["kazakhstan"], "evidence": [ev(S001)]},
            ],
            "evidence": [ev(S001)],
        }
    )
    ds = build_records(curated, meeting, memorandum, azerbaijan(), kazakhstan())
    doc = entity_iri("document", "a-memorandum")
    plan1, plan2 = URIRef(f"{doc}#plan-1"), URIRef(f"{doc}#plan-2")
    slides, digest = ds.graph(G002), ds.graph(G001)
    assert {
        (doc, CICA.plannedStep, plan1),
        (plan1, RDF.type, CICA.PlannedStep),
        (plan1, CICA.plannedStatus, CICA.adopted),
        (plan1, CICA.atMeeting, entity_iri("meeting", "mc")),
        (plan1, DCTERMS.date, Literal("2024-12-19", datatype=XSD.date)),
    } <= set(slides)
    assert (plan2, CICA.party, entity_iri("state", "kazakhstan")) in digest
    assert (plan1, None, None) not in digest
    assert {
        (doc, CICA.hasParty, AZ),
        (doc, CICA.hasParty, entity_iri("state", "kazakhstan")),
        (doc, CICA.preparedFor, entity_iri("meeting", "mc")),
    } <= set(digest)
    # a plan is no status change: nothing of it is typed or linked as one
    assert not list(ds.triples((None, RDF.type, CICA.StatusChange)))
    assert not list(ds.triples((None, CICA.status, None)))


def test_quarters_commemorations_joint_subjects_and_place_dates(curated: Curated) -> None:
    person = m.Person.model_validate({"id": "a-person", "name": "A", "evidence": [ev(S001)]})
    meeting = m.Meeting.model_validate(
        {
            "id": "a-meeting",
            "name": "A meeting",
            "category": "advisory-body-meeting",
            "commemorates": ["a-person"],
            "planned": [{"start": "2025", "quarter": 4, "evidence": [ev(S001)]}],
            "evidence": [ev(S001)],
        }
    )
    figure = m.Figure.model_validate(
        {
            "id": "a-figure",
            "subject": "a-meeting",
            "measure": "citizens",
            "value": 2100,
            "jointly_about": ["azerbaijan", "kazakhstan"],
            "evidence": [ev(S001)],
        }
    )
    alley = m.Place.model_validate(
        {
            "id": "an-alley",
            "name": "An alley",
            "category": "park",
            "opened": "2021-06-01",
            "completion_planned": "2025-07",
            "evidence": [ev(S001)],
        }
    )
    cica = m.Organisation.model_validate(
        {
            "id": "cica",
            "name": "CICA",
            "category": "cica",
            "cooperates_with": ["an-organisation"],
            "evidence": [ev(S001)],
        }
    )
    other = m.Organisation.model_validate(
        {"id": "an-organisation", "name": "O", "category": "other", "evidence": [ev(S001)]}
    )
    ds = build_records(
        curated, person, meeting, figure, alley, cica, other, azerbaijan(), kazakhstan()
    )
    g = ds.graph(G001)
    node, place = entity_iri("meeting", "a-meeting"), entity_iri("place", "an-alley")
    plan, fig = URIRef(f"{node}#plan-1"), entity_iri("figure", "a-figure")
    assert {
        (plan, CICA.start, Literal("2025", datatype=XSD.gYear)),
        (plan, CICA.quarter, Literal(4, datatype=XSD.integer)),
        (node, CICA.commemorates, entity_iri("person", "a-person")),
        (fig, CICA.subject, node),
        (fig, CICA.jointSubject, AZ),
        (fig, CICA.jointSubject, entity_iri("state", "kazakhstan")),
        (place, CICA.opened, Literal("2021-06-01", datatype=XSD.date)),
        (place, CICA.plannedCompletion, Literal("2025-07", datatype=XSD.gYearMonth)),
        (CICA_ORG, CICA.cooperatesWith, entity_iri("organisation", "an-organisation")),
    } <= set(g)


def test_a_provision_is_stated_in_its_document(curated: Curated) -> None:
    document = m.Document.model_validate(
        {"id": "a-decision", "name": "A decision", "category": "decision", "evidence": [ev(S002)]}
    )
    provision = m.Provision.model_validate(
        {
            "id": "a-decision-1-9",
            "name": "Coordinators appointed by the SOC",
            "document": "a-decision",
            "paragraph": "1.9",
            "regards": ["azerbaijan"],
            "evidence": [ev(S002)],
        }
    )
    ds = build_records(curated, document, provision, azerbaijan())
    node = entity_iri("provision", "a-decision-1-9")
    assert {
        (node, RDF.type, CICA.Provision),
        (node, CICA.statedIn, entity_iri("document", "a-decision")),
        (node, SKOS.notation, Literal("1.9")),
        (node, DCTERMS.subject, AZ),
        (node, RDFS.label, Literal("Coordinators appointed by the SOC", lang="en")),
    } <= set(ds.graph(G002))


# --- conflicts -------------------------------------------------------------------------


def test_one_claim_per_claim_with_its_source_date(
    dataset_without_ontology: Dataset, curated: Curated
) -> None:
    conflict = curated.get("conflict-seventh-ministerial-council-meeting-date")
    claims = conflict.claims  # type: ignore[attr-defined]
    for i, claim in enumerate(claims, start=1):
        source = curated.sources[claim.source]
        node = URIRef(f"{CONFLICT}#claim-{i}")
        graph = dataset_without_ontology.graph(source_graph(source.id))
        assert (CONFLICT, CICA.claim, node) in graph
        assert (node, RDF.type, CICA.Claim) in graph
        assert (node, CICA.claimedValue, Literal(claim.value)) in graph
        assert (node, CICA.quote, Literal(claim.quote)) in graph
        assert (node, DCTERMS.source, entity_iri("source", source.id)) in graph
        assert graph.value(node, CICA.sourceDate) == date_literal(source.issued)
        where = {str(q[3]) for q in dataset_without_ontology.quads((node, None, None, None))}
        assert where == {str(source_graph(source.id))}
    claim_nodes = {q[0] for q in dataset_without_ontology.quads((None, RDF.type, CICA.Claim, None))}
    assert len(claim_nodes) == len(claims) == 2
    assert dataset_without_ontology.graph(G002).value(
        URIRef(f"{CONFLICT}#claim-1"), CICA.sourceDate
    ) == Literal("2024-09", datatype=XSD.gYearMonth)


# --- dates and values -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,datatype",
    [("2019", XSD.gYear), ("2024-06", XSD.gYearMonth), ("2024-06-27", XSD.date)],
)
def test_dates_keep_their_precision(value: str, datatype: URIRef) -> None:
    literal = date_literal(value)
    assert (str(literal), literal.datatype) == (value, datatype)


def test_dates_in_the_graph_keep_their_precision(dataset_without_ontology: Dataset) -> None:
    chair = entity_iri("chairmanship", "chairmanship-kazakhstan-2020-2024")
    slides = dataset_without_ontology.graph(G002)
    assert slides.value(chair, CICA.start) == Literal("2020", datatype=XSD.gYear)
    issued = {
        str(s): o.datatype
        for s, _, o, _ in dataset_without_ontology.quads((None, DCTERMS.issued, None, None))
        if isinstance(o, Literal)
    }
    assert issued[str(entity_iri("source", "what-is-cica"))] == XSD.gYear
    assert issued[str(entity_iri("source", "digest-2024-q4"))] == XSD.gYearMonth
    assert issued[str(entity_iri("source", "doc-1016"))] == XSD.date


def test_kind_specific_facts(curated: Curated) -> None:
    dimension = m.Dimension.model_validate(
        {
            "id": "economic-dimension",
            "name": "Economic dimension",
            "number": 3,
            "evidence": [ev(S001)],
        }
    )
    area = m.PriorityArea.model_validate(
        {
            "id": "tourism",
            "name": "Tourism",
            "dimension": "economic-dimension",
            "evidence": [ev(S001)],
        }
    )
    coordinator = m.Coordination.model_validate(
        {
            "id": "tourism-coordinator-azerbaijan",
            "priority_area": "tourism",
            "state": "azerbaijan",
            "role": "coordinator",
            "evidence": [ev(S001)],
        }
    )
    co = coordinator.model_copy(
        update={"id": "tourism-co-coordinator-azerbaijan", "role": "co-coordinator"}
    )
    membership = m.Membership.model_validate(
        {
            "id": "azerbaijan-member",
            "member": "azerbaijan",
            "status": "member",
            "ordinal": 3,
            "pending": True,
            "evidence": [ev(S001)],
        }
    )
    document = m.Document.model_validate(
        {"id": "almaty-act", "name": "Almaty Act", "category": "act", "evidence": [ev(S001)]}
    )
    status = m.DocumentStatus.model_validate(
        {
            "id": "almaty-act-ratified",
            "document": "almaty-act",
            "status": "ratified",
            "party": "azerbaijan",
            "evidence": [ev(S001)],
        }
    )
    cica = m.Organisation.model_validate(
        {"id": "cica", "name": "CICA", "category": "cica", "evidence": [ev(S001)]}
    )
    ds = build_records(
        curated, azerbaijan(), cica, dimension, area, coordinator, co, membership, document, status
    )
    g = ds.graph(G001)
    dim, tourism = (
        entity_iri("dimension", "economic-dimension"),
        entity_iri("priority-area", "tourism"),
    )
    assert {(dim, SKOS.inScheme, SCHEME), (dim, SKOS.topConceptOf, SCHEME)} <= set(g)
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert (tourism, CICA.inDimension, dim) in g and (tourism, SKOS.inScheme, SCHEME) in g
    assert (dim, SKOS.notation, Literal(3, datatype=XSD.integer)) in g
    assert (AZ, CICA.coordinates, tourism) in g and (AZ, CICA.coCoordinates, tourism) in g
    coordination = entity_iri("coordination", "tourism-coordinator-azerbaijan")
    assert (coordination, CICA.hasRole, CICA.coordinatorRole) in g
    member = entity_iri("membership", "azerbaijan-member")
    assert {
        (member, RDF.type, CICA.CICAMembership),
        (member, ORG.organization, CICA_ORG),
        (member, ORG.member, AZ),
        (member, ORG.role, CICA.memberRole),
        (member, CICA.pending, Literal(True)),
        (member, CICA.ordinal, Literal(3, datatype=XSD.integer)),
    } <= set(g)
    act = entity_iri("document", "almaty-act")
    assert {
        (act, RDF.type, CICA.Act),
        (act, DCTERMS.title, Literal("Almaty Act", lang="en")),
    } <= set(g)
    ratified = entity_iri("document-status", "almaty-act-ratified")
    assert {(ratified, CICA.status, CICA.ratified), (ratified, CICA.party, AZ)} <= set(g)
    assert (ratified, RDF.type, CICA.StatusChange) in g


def test_false_and_empty_values_make_no_triples(curated: Curated) -> None:
    membership = m.Membership.model_validate(
        {
            "id": "azerbaijan-member",
            "member": "azerbaijan",
            "status": "member",
            "evidence": [ev(S001)],
        }
    )
    ds = build_records(curated, azerbaijan(), membership)
    node = entity_iri("membership", "azerbaijan-member")
    assert (node, CICA.pending, None) not in ds.graph(G001)
    assert (node, CICA.start, None) not in ds.graph(G001)


# --- the tables of build.py cover the models ----------------------------------------------


@pytest.mark.parametrize("model", list(CATEGORY_CLASS), ids=lambda k: k.__name__)
def test_every_category_has_a_class(model: type[m.Record]) -> None:
    choices = set(typing.get_args(model.model_fields["category"].annotation))
    assert set(CATEGORY_CLASS[model]) == choices


@pytest.mark.parametrize("model", [*m.KINDS, m.Planned, m.PlannedStep], ids=lambda k: k.__name__)
def test_every_field_has_a_predicate_or_is_skipped(model: type[m.Record]) -> None:
    unmapped = set(model.model_fields) - set(PREDICATES) - SKIP_FIELDS
    assert unmapped == set()


def test_graph_names_are_under_the_graph_namespace(dataset: Dataset) -> None:
    assert all(str(name).startswith(str(GRAPH)) for name in graphs(dataset))
