"""Curated records → an rdflib ``Dataset``: one named graph per source document.

Each record becomes a node ``{base}id/{kind}/{id}``. A triple goes into the named graph of
every source whose evidence supports it (evidence may be scoped to some fields), and each
quote becomes a ``cica:Evidence`` node (``{node}#evidence-N``) that names the node, the
properties it supports, the source and the verbatim text. So the sources of any triple are
one ``GRAPH ?g { s p o }`` away, and its quotes one join further.

>>> from cica_graph.load import load
>>> from cica_graph.paths import DATA
>>> ds = build(load(DATA))
>>> (entity_iri("state", "kazakhstan"), RDF.type, CICA.State) in ds.graph(source_graph("doc-1016"))
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from cica_graph import models as m
from cica_graph.load import Curated
from cica_graph.namespaces import (
    CICA,
    ONTOLOGY_GRAPH,
    SCHEME,
    entity_iri,
    source_graph,
)
from cica_graph.paths import ONTOLOGY
from cica_graph.prefixes import PREFIXES

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Fact = tuple[str | None, Triple]
"""A triple with the record field it states (``None``: the record as a whole)."""

CICA_ORG = entity_iri("organisation", "cica")


def date_literal(value: str) -> Literal:
    """A date at the precision stated: ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    >>> date_literal("2019").datatype == XSD.gYear, date_literal("2024-06-27").datatype == XSD.date
    (True, True)
    """
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


CATEGORY_CLASS: dict[type[m.Record], dict[str, URIRef]] = {
    m.Organisation: {
        "cica": CICA.InternationalOrganisation,
        "international-organisation": CICA.InternationalOrganisation,
        "un-body": CICA.UNBody,
        "government-body": CICA.GovernmentBody,
        "parliament": CICA.Parliament,
        "university": CICA.University,
        "think-tank": CICA.ThinkTank,
        "company": CICA.Company,
        "ngo": CICA.NGO,
        "media": CICA.MediaOrganisation,
        "other": CICA.Organisation,
    },
    m.Body: {
        "governing": CICA.GoverningBody,
        "working": CICA.WorkingBody,
        "advisory": CICA.AdvisoryBody,
        "secretariat": CICA.Secretariat,
        "secretariat-unit": CICA.SecretariatUnit,
        "institution": CICA.Institution,
    },
    m.Document: {
        "declaration": CICA.Declaration,
        "act": CICA.Act,
        "statement": CICA.Statement,
        "decision": CICA.Decision,
        "convention": CICA.Convention,
        "road-map": CICA.RoadMap,
        "catalogue": CICA.Catalogue,
        "agreement": CICA.Agreement,
        "memorandum": CICA.Memorandum,
        "protocol": CICA.Protocol,
        "note": CICA.Note,
        "plan-of-action": CICA.PlanOfAction,
        "plan": CICA.Plan,
        "rules": CICA.Rules,
        "statute": CICA.Statute,
        "regulations": CICA.Regulations,
        "guidelines": CICA.Guidelines,
        "concept-paper": CICA.ConceptPaper,
        "recommendations": CICA.Recommendations,
        "resolution": CICA.Resolution,
        "budget": CICA.Budget,
        "other": CICA.OtherDocument,
    },
    m.Meeting: {
        "summit": CICA.Summit,
        "ministerial-council": CICA.MinisterialCouncilMeeting,
        "informal-ministerial-council": CICA.InformalMinisterialCouncilMeeting,
        "senior-officials-committee": CICA.SeniorOfficialsCommitteeMeeting,
        "special-working-group": CICA.SpecialWorkingGroupMeeting,
        "expert-meeting": CICA.ExpertMeeting,
        "advisory-body-meeting": CICA.AdvisoryBodyMeeting,
        "forum": CICA.Forum,
        "conference": CICA.Conference,
        "webinar": CICA.Webinar,
        "training": CICA.Training,
        "visit": CICA.Visit,
        "bilateral-meeting": CICA.BilateralMeeting,
        "ceremony": CICA.Ceremony,
        "contribution": CICA.Contribution,
        "award": CICA.Award,
        "competition": CICA.Competition,
        "cultural-event": CICA.CulturalEvent,
        "sports-event": CICA.SportsEvent,
        "session": CICA.Session,
        "other": CICA.OtherEvent,
    },
}

KIND_CLASS: dict[type[m.Record], URIRef] = {
    m.State: CICA.State,
    m.Organisation: CICA.Organisation,
    m.Place: CICA.Place,
    m.Membership: CICA.CICAMembership,
    m.Body: CICA.Body,
    m.Post: CICA.Post,
    m.Person: CICA.Person,
    m.Holding: CICA.Holding,
    m.Nomination: CICA.Nomination,
    m.Dimension: CICA.Dimension,
    m.PriorityArea: CICA.PriorityArea,
    m.Coordination: CICA.Coordination,
    m.Chairmanship: CICA.Chairmanship,
    m.ChairmanshipPriority: CICA.ChairmanshipPriority,
    m.Document: CICA.Document,
    m.DocumentStatus: CICA.StatusChange,
    m.Meeting: CICA.Meeting,
    m.Principle: CICA.Principle,
    m.Goal: CICA.Goal,
    m.Provision: CICA.Provision,
    m.Cluster: CICA.Cluster,
    m.Figure: CICA.Figure,
    m.Conflict: CICA.Conflict,
}

ROLE = {
    "member": CICA.memberRole,
    "observer": CICA.observerRole,
    "partner": CICA.partnerRole,
    "applicant": CICA.applicantRole,
    "coordinator": CICA.coordinatorRole,
    "co-coordinator": CICA.coCoordinatorRole,
}
FORMAT = {"in-person": CICA.inPerson, "online": CICA.online, "hybrid": CICA.hybrid}
STATUS = {
    "proposed": CICA.proposed,
    "draft": CICA.draft,
    "under-consideration": CICA.underConsideration,
    "agreed": CICA.agreed,
    "approved": CICA.approved,
    "adopted": CICA.adopted,
    "signed": CICA.signed,
    "ratified": CICA.ratified,
    "in-force": CICA.inForce,
}

# field name -> predicate, for fields whose value maps to one object each.
PREDICATES: dict[str, URIRef] = {
    "description": DCTERMS.description,
    "note": CICA.curatorNote,
    "parent": CICA.parentOrganisation,
    "based_in": CICA.basedIn,
    "country": CICA.country,
    "located_in": CICA.locatedIn,
    "member": ORG.member,
    "status": ORG.role,
    "start": CICA.start,
    "end": CICA.end,
    "ordinal": CICA.ordinal,
    "pending": CICA.pending,
    "inferred": CICA.statusInferred,
    "part_of": ORG.subOrganizationOf,
    "meeting_frequency": CICA.meetingFrequency,
    "established": CICA.established,
    "initiated": CICA.initiated,
    "initiated_by": CICA.initiatedBy,
    "established_at": CICA.establishedAt,
    "initiated_at": CICA.initiatedAt,
    "cites": DCTERMS.references,
    "priority_areas": CICA.underPriorityArea,
    "chaired_by": CICA.chairedBy,
    "organisation": ORG.postIn,
    "honorific": CICA.honorific,
    "person": CICA.holder,
    "post": CICA.post,
    "attested": CICA.attestedOn,
    "number": SKOS.notation,
    "dimension": CICA.inDimension,
    "priority_area": CICA.priorityArea,
    "state": CICA.state,
    "role": CICA.hasRole,
    "decided_at": CICA.decidedAt,
    "theme": CICA.theme,
    "chairmanship": CICA.priorityOf,
    "date": DCTERMS.date,
    "reference": DCTERMS.identifier,
    "adopted_at": CICA.adoptedAt,
    "adopted_by": CICA.adoptedBy,
    "issued_by": DCTERMS.creator,
    "amends": CICA.updates,
    "document": CICA.document,
    "party": CICA.party,
    "meeting": CICA.atMeeting,
    "body": CICA.ofBody,
    "place": PROV.atLocation,
    "format": CICA.format,
    "hosts": CICA.host,
    "organisers": CICA.organiser,
    "chairs": CICA.chair,
    "participants": CICA.participant,
    "outcomes": CICA.outcome,
    "road_map": CICA.statedIn,
    "subject": CICA.subject,
    "measure": CICA.measure,
    "value": CICA.count,
    "qualifier": CICA.qualifier,
    "as_of": CICA.asOf,
    "about": CICA.concerns,
    "field": CICA.disputedField,
    "summary": DCTERMS.description,
    "cooperates_with": CICA.cooperatesWith,
    "opened": CICA.opened,
    "completion_planned": CICA.plannedCompletion,
    "members": ORG.hasMember,
    "established_during": CICA.establishedDuring,
    "nominee": CICA.nominee,
    "capacity": CICA.nominationCapacity,
    "stage": CICA.nominationStage,
    "nominated_by": CICA.nominatedBy,
    "considered_at": CICA.consideredAt,
    "parties": CICA.hasParty,
    "prepared_for": CICA.preparedFor,
    "quarter": CICA.quarter,
    "commemorates": CICA.commemorates,
    "jointly_about": CICA.jointSubject,
    "paragraph": SKOS.notation,
    "regards": DCTERMS.subject,
}
# per-kind (and per nested model) exceptions to PREDICATES
KIND_PREDICATES: dict[type[m.Strict], dict[str, URIRef]] = {
    m.DocumentStatus: {"status": CICA.status},
    m.Chairmanship: {"state": CICA.chairState},
    m.Principle: {"document": CICA.statedIn},
    m.Goal: {"document": CICA.statedIn},
    m.Provision: {"document": CICA.statedIn},
    m.Meeting: {"part_of": DCTERMS.isPartOf},
    m.Document: {"part_of": DCTERMS.isPartOf},
    m.Conflict: {"status": CICA.conflictStatus},
    m.Planned: {"hosts": CICA.plannedHost},
    m.PlannedStep: {"status": CICA.plannedStatus, "parties": CICA.party},
    m.Nomination: {"post": CICA.nominatedForPost, "body": CICA.nominatedToBody},
}
DATE_FIELDS = {
    "start",
    "end",
    "established",
    "initiated",
    "attested",
    "date",
    "as_of",
    "opened",
    "completion_planned",
}
SKIP_FIELDS = {"id", "evidence", "name", "labels", "alt_labels", "category", "planned", "claims"}


@dataclass(frozen=True)
class Context:
    """What the converters need: the kind of every id."""

    kind_of: dict[str, str]

    def iri(self, record_id: str) -> URIRef:
        return entity_iri(self.kind_of[record_id], record_id)


def _object(field: str, value: Any, ctx: Context, is_ref: bool) -> URIRef | Literal:
    if is_ref:
        return ctx.iri(value)
    if field in DATE_FIELDS:
        return date_literal(value)
    if field in ("status", "role") and value in ROLE:
        return ROLE[value]
    if field == "status" and value in STATUS:
        return STATUS[value]
    if field == "format":
        return FORMAT[value]
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(value)


def field_facts(record: Any, node: URIRef, ctx: Context) -> Iterator[Fact]:
    """Facts for the plain fields of a record (or of a nested model)."""
    overrides = KIND_PREDICATES.get(type(record), {})
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        if name in SKIP_FIELDS or value is None or value == [] or value is False:
            continue
        if isinstance(record, m.Conflict) and name == "status":
            yield name, (node, CICA.conflictStatus, Literal(value))
            continue
        predicate = overrides.get(name, PREDICATES[name])
        is_ref = m.ref_kinds(info) is not None
        for item in value if isinstance(value, list) else [value]:
            yield name, (node, predicate, _object(name, item, ctx, is_ref))


def name_facts(record: m.Named, node: URIRef) -> Iterator[Fact]:
    yield "name", (node, RDFS.label, Literal(record.name, lang="en"))
    for lang in ("ru", "kk"):
        label = getattr(record.labels, lang)
        if label:
            yield "labels", (node, RDFS.label, Literal(label, lang=lang))
    for lang in ("en", "ru", "kk"):
        for alt in getattr(record.alt_labels, lang):
            yield "alt_labels", (node, SKOS.altLabel, Literal(alt, lang=lang))


def kind_facts(record: m.Record, node: URIRef, ctx: Context) -> Iterator[Fact]:
    """Facts that are not one field → one triple: classes, shortcuts, SKOS scheme."""
    yield None, (node, RDF.type, KIND_CLASS[type(record)])
    category = getattr(record, "category", None)
    if type(record) in CATEGORY_CLASS and category is not None:
        yield None, (node, RDF.type, CATEGORY_CLASS[type(record)][category])
    if isinstance(record, m.Place):
        yield None, (node, CICA.placeCategory, Literal(record.category))
    if isinstance(record, m.Membership):
        yield None, (node, ORG.organization, CICA_ORG)
    if isinstance(record, m.Coordination):
        shortcut = CICA.coordinates if record.role == "coordinator" else CICA.coCoordinates
        yield "role", (ctx.iri(record.state), shortcut, ctx.iri(record.priority_area))
    if isinstance(record, m.Document):
        yield "name", (node, DCTERMS.title, Literal(record.name, lang="en"))
    if isinstance(record, m.Dimension | m.PriorityArea):
        yield None, (node, SKOS.inScheme, SCHEME)
    if isinstance(record, m.Dimension):
        yield None, (node, SKOS.topConceptOf, SCHEME)
        yield None, (SCHEME, RDF.type, SKOS.ConceptScheme)
        yield (
            None,
            (
                SCHEME,
                RDFS.label,
                Literal("CICA Catalogue of Confidence Building Measures", lang="en"),
            ),
        )


def record_facts(record: m.Record, node: URIRef, ctx: Context) -> list[Fact]:
    facts = list(kind_facts(record, node, ctx))
    if isinstance(record, m.Named):
        facts.extend(name_facts(record, node))
    facts.extend(field_facts(record, node, ctx))
    return facts


class _Graphs:
    """Routes facts to the named graph of each supporting source."""

    def __init__(self, ds: Dataset, source_ids: dict[str, str]) -> None:
        self.ds = ds
        self.source_ids = source_ids

    def graph(self, source_file: str) -> Graph:
        return self.ds.graph(source_graph(self.source_ids[source_file]))

    def add_supported(
        self,
        node: URIRef,
        facts: list[Fact],
        evidence: Iterable[m.Evidence | m.Claim],
        evidence_iri: str,
    ) -> None:
        """Add ``facts`` to the graph of each source whose quote supports them, and one
        evidence node per quote (``{evidence_iri}-N``)."""
        predicates: dict[str | None, set[URIRef]] = defaultdict(set)
        for field, (_, p, _) in facts:
            predicates[field].add(p)
        for i, ev in enumerate(evidence, start=1):
            graph = self.graph(ev.source)
            scope = getattr(ev, "fields", None)
            for field, triple in facts:
                if scope is None or field is None or field in m.ALWAYS_SUPPORTED or field in scope:
                    graph.add(triple)
            ev_node = URIRef(f"{evidence_iri}-{i}")
            graph.add((ev_node, RDF.type, CICA.Evidence))
            graph.add((ev_node, CICA.supports, node))
            graph.add((ev_node, CICA.quote, Literal(ev.quote)))
            graph.add((ev_node, DCTERMS.source, entity_iri("source", self.source_ids[ev.source])))
            graph.add((node, PROV.wasDerivedFrom, entity_iri("source", self.source_ids[ev.source])))
            for field in scope or []:
                for p in sorted(predicates.get(field, ())):
                    graph.add((ev_node, CICA.supportsProperty, p))


PLAN_TERMS: dict[type[m.Record], tuple[URIRef, URIRef]] = {
    m.Meeting: (CICA.PlannedOccurrence, CICA.plannedAs),
    m.Document: (CICA.PlannedStep, CICA.plannedStep),
}
"""Kinds with ``planned`` items: the class of a plan node and the property that links it."""


def _add_planned(
    record: m.Meeting | m.Document, node: URIRef, ctx: Context, graphs: _Graphs
) -> None:
    """One node ``{node}#plan-N`` per planned item, in the graphs of its own quotes."""
    plan_class, link = PLAN_TERMS[type(record)]
    plans: list[m.Planned | m.PlannedStep] = list(record.planned)
    for i, plan in enumerate(plans, start=1):
        plan_node = URIRef(f"{node}#plan-{i}")
        facts: list[Fact] = [
            (None, (plan_node, RDF.type, plan_class)),
            (None, (node, link, plan_node)),
            *field_facts(plan, plan_node, ctx),
        ]
        graphs.add_supported(plan_node, facts, plan.evidence, f"{plan_node}-evidence")


def _add_claims(
    conflict: m.Conflict, node: URIRef, ctx: Context, graphs: _Graphs, curated: Curated
) -> None:
    facts = record_facts(conflict, node, ctx)
    graphs.add_supported(node, facts, conflict.claims, f"{node}#claim-evidence")
    for i, claim in enumerate(conflict.claims, start=1):
        claim_node = URIRef(f"{node}#claim-{i}")
        source = curated.sources[claim.source]
        graph = graphs.graph(claim.source)
        graph.add((node, CICA.claim, claim_node))
        graph.add((claim_node, RDF.type, CICA.Claim))
        graph.add((claim_node, CICA.claimedValue, Literal(claim.value)))
        graph.add((claim_node, CICA.quote, Literal(claim.quote)))
        graph.add((claim_node, DCTERMS.source, entity_iri("source", source.id)))
        graph.add((claim_node, CICA.sourceDate, date_literal(source.issued)))


def _add_sources(curated: Curated, ds: Dataset) -> None:
    for source in curated.sources.values():
        node = entity_iri("source", source.id)
        graph = ds.graph(source_graph(source.id))
        graph.add((node, RDF.type, CICA.SourceDocument))
        graph.add((node, RDFS.label, Literal(source.title, lang="en")))
        graph.add((node, DCTERMS.title, Literal(source.title, lang="en")))
        graph.add((node, DCTERMS.issued, date_literal(source.issued)))
        graph.add((node, CICA.fileName, Literal(source.file)))
        graph.add((node, CICA.sha256, Literal(source.sha256)))


def new_dataset() -> Dataset:
    ds = Dataset()
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, replace=True)
    return ds


def load_ontology(ds: Dataset) -> None:
    """Parse ``ontology/cica.ttl`` into the ontology named graph.

    Blank nodes (OWL restrictions) get canonical labels, so dumps are deterministic.
    """
    graph = ds.graph(ONTOLOGY_GRAPH)
    for triple in to_canonical_graph(Graph().parse(ONTOLOGY, format="turtle")):
        graph.add(triple)


def build(curated: Curated, *, with_ontology: bool = True) -> Dataset:
    """Build the dataset: the ontology graph plus one named graph per source document."""
    ds = new_dataset()
    if with_ontology:
        load_ontology(ds)
    ctx = Context(curated.kind_of())
    graphs = _Graphs(ds, {f: s.id for f, s in curated.sources.items()})
    _add_sources(curated, ds)
    for record in curated.all():
        node = ctx.iri(record.id)
        if isinstance(record, m.Conflict):
            _add_claims(record, node, ctx, graphs, curated)
            continue
        facts = record_facts(record, node, ctx)
        graphs.add_supported(node, facts, record.evidence, f"{node}#evidence")
        if isinstance(record, m.Meeting | m.Document):
            _add_planned(record, node, ctx, graphs)
    return ds
