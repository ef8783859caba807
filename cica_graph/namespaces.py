"""Base IRIs, prefixes and our own vocabulary as a closed namespace.

A typo in a ``CICA`` term fails at import time, not in the data:

>>> CICA.MemberState
rdflib.term.URIRef('https://w3id.org/cica/ontology#MemberState')
>>> CICA.MemberStat
Traceback (most recent call last):
...
AttributeError: term 'MemberStat' not in namespace 'https://w3id.org/cica/ontology#'
>>> entity_iri("state", "kuwait")
rdflib.term.URIRef('https://w3id.org/cica/id/state/kuwait')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DefinedNamespace,
)

from cica_graph.prefixes import BASE
from cica_graph.prefixes import ID as ID_BASE

ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(ID_BASE)
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]
SCHEME = ID["scheme/catalogue-of-cbms"]


class CICA(DefinedNamespace):
    """Terms of ``ontology/cica.ttl`` (a test keeps the two in step)."""

    _NS = Namespace("https://w3id.org/cica/ontology#")
    _fail = True

    Act: URIRef
    AdvisoryBody: URIRef
    AdvisoryBodyMeeting: URIRef
    Agreement: URIRef
    Award: URIRef
    BilateralMeeting: URIRef
    Body: URIRef
    Budget: URIRef
    CICAMembership: URIRef
    Catalogue: URIRef
    Ceremony: URIRef
    ChairState: URIRef
    Chairmanship: URIRef
    ChairmanshipPriority: URIRef
    Claim: URIRef
    Cluster: URIRef
    Company: URIRef
    Competition: URIRef
    ConceptPaper: URIRef
    Conference: URIRef
    Conflict: URIRef
    Contribution: URIRef
    Convention: URIRef
    CoordinatingState: URIRef
    Coordination: URIRef
    CulturalEvent: URIRef
    Decision: URIRef
    Declaration: URIRef
    Dimension: URIRef
    Document: URIRef
    DocumentStatusValue: URIRef
    Evidence: URIRef
    ExpertMeeting: URIRef
    Figure: URIRef
    Forum: URIRef
    Goal: URIRef
    GoverningBody: URIRef
    GovernmentBody: URIRef
    Guidelines: URIRef
    Holding: URIRef
    InformalMinisterialCouncilMeeting: URIRef
    Institution: URIRef
    InternationalOrganisation: URIRef
    MediaOrganisation: URIRef
    Meeting: URIRef
    MeetingFormat: URIRef
    MemberState: URIRef
    Memorandum: URIRef
    MinisterialCouncilMeeting: URIRef
    NGO: URIRef
    Nomination: URIRef
    Note: URIRef
    ObserverOrganisation: URIRef
    ObserverState: URIRef
    Organisation: URIRef
    OtherDocument: URIRef
    OtherEvent: URIRef
    Parliament: URIRef
    PartnerOrganisation: URIRef
    Person: URIRef
    Place: URIRef
    Plan: URIRef
    PlanOfAction: URIRef
    PlannedOccurrence: URIRef
    PlannedStep: URIRef
    Post: URIRef
    Principle: URIRef
    PriorityArea: URIRef
    Provision: URIRef
    Protocol: URIRef
    Recommendations: URIRef
    Regulations: URIRef
    Resolution: URIRef
    RoadMap: URIRef
    Rules: URIRef
    Secretariat: URIRef
    SecretariatUnit: URIRef
    SeniorOfficialsCommitteeMeeting: URIRef
    Session: URIRef
    SourceDocument: URIRef
    SpecialWorkingGroupMeeting: URIRef
    SportsEvent: URIRef
    State: URIRef
    Statement: URIRef
    StatusChange: URIRef
    Statute: URIRef
    Summit: URIRef
    ThinkTank: URIRef
    Training: URIRef
    UNBody: URIRef
    University: URIRef
    Visit: URIRef
    Webinar: URIRef
    WorkingBody: URIRef
    adopted: URIRef
    adoptedAt: URIRef
    adoptedBy: URIRef
    agreed: URIRef
    applicantRole: URIRef
    approved: URIRef
    asOf: URIRef
    atMeeting: URIRef
    attestedOn: URIRef
    basedIn: URIRef
    chair: URIRef
    chairState: URIRef
    chaired: URIRef
    chairedBy: URIRef
    claim: URIRef
    claimedValue: URIRef
    coCoordinates: URIRef
    coCoordinatorRole: URIRef
    commemorates: URIRef
    concerns: URIRef
    conflictStatus: URIRef
    consideredAt: URIRef
    cooperatesWith: URIRef
    coordinates: URIRef
    coordinatorRole: URIRef
    count: URIRef
    country: URIRef
    curatorNote: URIRef
    decidedAt: URIRef
    disputedField: URIRef
    document: URIRef
    draft: URIRef
    end: URIRef
    established: URIRef
    establishedAt: URIRef
    establishedDuring: URIRef
    fileName: URIRef
    format: URIRef
    hasEvidence: URIRef
    hasParty: URIRef
    hasRole: URIRef
    heldPost: URIRef
    holder: URIRef
    honorific: URIRef
    host: URIRef
    hybrid: URIRef
    inDimension: URIRef
    inForce: URIRef
    inPerson: URIRef
    initiated: URIRef
    initiatedAt: URIRef
    initiatedBy: URIRef
    jointSubject: URIRef
    locatedIn: URIRef
    measure: URIRef
    meetingFrequency: URIRef
    memberRole: URIRef
    nominatedBy: URIRef
    nominatedForPost: URIRef
    nominatedToBody: URIRef
    nominationCapacity: URIRef
    nominationStage: URIRef
    nominee: URIRef
    observerRole: URIRef
    ofBody: URIRef
    online: URIRef
    opened: URIRef
    ordinal: URIRef
    organiser: URIRef
    outcome: URIRef
    parentOrganisation: URIRef
    participant: URIRef
    partnerRole: URIRef
    party: URIRef
    pending: URIRef
    placeCategory: URIRef
    plannedAs: URIRef
    plannedCompletion: URIRef
    plannedHost: URIRef
    plannedStatus: URIRef
    plannedStep: URIRef
    post: URIRef
    preparedFor: URIRef
    priorityArea: URIRef
    priorityOf: URIRef
    proposed: URIRef
    qualifier: URIRef
    quarter: URIRef
    quote: URIRef
    ratified: URIRef
    sha256: URIRef
    signed: URIRef
    sourceDate: URIRef
    start: URIRef
    state: URIRef
    statusInferred: URIRef
    statedIn: URIRef
    status: URIRef
    subject: URIRef
    supports: URIRef
    supportsProperty: URIRef
    theme: URIRef
    underConsideration: URIRef
    underPriorityArea: URIRef
    updates: URIRef


def entity_iri(kind: str, slug: str) -> URIRef:
    """IRI of an entity: ``{base}id/{kind}/{slug}``."""
    return ID[f"{kind}/{slug}"]


def source_graph(source_id: str) -> URIRef:
    """Named graph holding the facts one source document supports."""
    return GRAPH[f"source/{source_id}"]
