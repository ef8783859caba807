"""Pydantic models of the curated records in ``data/*.yaml``.

One model per entity kind; the field descriptions are the data dictionary
(``docs/data-dictionary.md`` is generated from them). Every record carries at least
one piece of :class:`Evidence`: a source file and a verbatim quote from it.

>>> rec = State.model_validate({
...     "id": "kuwait", "name": "Kuwait",
...     "evidence": [{"source": "002_9e60f0a7e69153b9.txt",
...                   "quote": "Kuwait** – 28th Member State"}]})
>>> rec.id, rec.name
('kuwait', 'Kuwait')
>>> PartialDate("2024-02-30")
Traceback (most recent call last):
...
ValueError: '2024-02-30' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def PartialDate(value: str) -> str:
    """Check a date given to the precision the source states: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    >>> PartialDate("2019"), PartialDate("2024-06"), PartialDate("2022-10-12")
    ('2019', '2024-06', '2022-10-12')
    """
    text = str(value)
    match = _DATE_RE.match(text)
    ok = match is not None
    if match:
        year, month, day = match.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"{text!r} is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"{value!r} is not a slug (lowercase words joined by hyphens)")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Date = Annotated[
    str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v), AfterValidator(PartialDate)
]


def ref(*kinds: str, description: str, required: bool = False) -> Any:
    """A field that holds the id of a record of one of ``kinds`` (checked by the loader)."""
    extra: dict[str, Any] = {"ref": list(kinds)}
    if required:
        return Field(description=description, json_schema_extra=extra)
    return Field(default=None, description=description, json_schema_extra=extra)


def refs(*kinds: str, description: str) -> Any:
    """A list field of ids of records of one of ``kinds`` (checked by the loader)."""
    return Field(
        default_factory=list, description=description, json_schema_extra={"ref": list(kinds)}
    )


def ref_kinds(info: Any) -> list[str] | None:
    """The kinds a field refers to (``ref``/``refs`` fields), else ``None``."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kinds = extra.get("ref")
    return [str(k) for k in kinds] if isinstance(kinds, list) else None


ALWAYS_SUPPORTED = frozenset(
    {"id", "evidence", "note", "name", "category", "description", "planned", "claims"}
)
"""Fields every quote of a record supports (its identity and class) or that are not facts."""


AGENTS = ("state", "organisation", "body", "person")
"""Kinds that can act: host, organise, participate, sign, ratify."""

MeetingFormat = Literal["in-person", "online", "hybrid"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Evidence(Strict):
    """A verbatim quote from a source document that supports a record."""

    source: str = Field(
        description="File name of the source document, e.g. `003_4aba305f2201c2ed.txt`."
    )
    quote: str = Field(
        min_length=8,
        description="Verbatim text from the source (runs of white space may differ).",
    )
    fields: list[str] | None = Field(
        default=None,
        description="Record fields this quote supports; omitted means the whole record.",
    )


class Record(Strict):
    """Fields every curated record has."""

    kind: ClassVar[str]
    file: ClassVar[str]

    id: Slug = Field(description="Stable slug from the English name; unique across all records.")
    evidence: list[Evidence] = Field(min_length=1, description="Quotes that support the record.")
    note: str | None = Field(
        default=None, description="Curator's remark (not a fact of the graph)."
    )


class Labels(Strict):
    ru: str | None = Field(default=None, description="Russian label, as the sources give it.")
    kk: str | None = Field(default=None, description="Kazakh label, as the sources give it.")


class AltLabels(Strict):
    en: list[str] = Field(default_factory=list, description="English aliases and abbreviations.")
    ru: list[str] = Field(default_factory=list, description="Russian aliases and abbreviations.")
    kk: list[str] = Field(default_factory=list, description="Kazakh aliases and abbreviations.")


class Named(Record):
    """A record with a name: an entity."""

    name: str = Field(description="English name (rdfs:label @en).")
    labels: Labels = Field(default_factory=Labels, description="Names in Russian and Kazakh.")
    alt_labels: AltLabels = Field(
        default_factory=AltLabels, description="Aliases and abbreviations (skos:altLabel)."
    )
    description: str | None = Field(
        default=None, description="Short description in English, close to the source wording."
    )


# --- actors and places -----------------------------------------------------------------


class State(Named):
    """A sovereign state (member, observer or other)."""

    kind = "state"
    file = "states.yaml"


class Organisation(Named):
    """An organisation other than a state or a CICA body: CICA itself, partners, observers,
    UN bodies, ministries, universities, companies, NGOs."""

    kind = "organisation"
    file = "organisations.yaml"

    category: Literal[
        "cica",
        "international-organisation",
        "un-body",
        "government-body",
        "parliament",
        "university",
        "think-tank",
        "company",
        "ngo",
        "media",
        "other",
    ] = Field(description="What sort of organisation it is.")
    parent: str | None = ref(
        "organisation", "state", description="Organisation or state it is part of."
    )
    based_in: str | None = ref("place", description="Where it is based, if stated.")
    cooperates_with: list[str] = refs(
        "organisation",
        "body",
        "state",
        description=(
            "Organisations (or bodies, states) a source says it cooperates, partners or interacts "
            "with, beyond a CICA status; agreements between them are documents with `parties`."
        ),
    )


class Place(Named):
    """A city, region, park or venue where something happened."""

    kind = "place"
    file = "places.yaml"

    category: Literal["city", "region", "venue", "park", "other"] = Field(
        description="What sort of place."
    )
    country: str | None = ref("state", description="State the place is in.")
    located_in: str | None = ref("place", description="Larger place it is in.")
    opened: Date | None = Field(
        default=None, description="When it was opened or inaugurated, if stated."
    )
    completion_planned: Date | None = Field(
        default=None,
        description="When a building under construction is to be completed, as announced.",
    )


class Membership(Record):
    """A state's or organisation's status in CICA over time."""

    kind = "membership"
    file = "memberships.yaml"

    member: str = ref(
        "state", "organisation", description="The state or organisation.", required=True
    )
    status: Literal["member", "observer", "partner", "applicant"] = Field(
        description="Member State, Observer, Partner Organization or applicant."
    )
    start: Date | None = Field(default=None, description="When the status began, if stated.")
    end: Date | None = Field(default=None, description="When the status ended, if stated.")
    ordinal: int | None = Field(
        default=None, ge=1, description="Its rank, e.g. 28 for '28th Member State'."
    )
    pending: bool = Field(default=False, description="The status is applied for, not granted.")
    inferred: bool = Field(
        default=False,
        description=(
            "True when no source states the status in so many words and it follows from what "
            "they do state (e.g. coordinating a priority area, which only Member States do); "
            "the note says how."
        ),
    )


# --- CICA structure ---------------------------------------------------------------------


class Body(Named):
    """A CICA body: governing, working, advisory, the Secretariat and its units."""

    kind = "body"
    file = "bodies.yaml"

    category: Literal[
        "governing", "working", "advisory", "secretariat", "secretariat-unit", "institution"
    ] = Field(description="Role of the body in CICA's structure.")
    part_of: str | None = ref("body", "organisation", description="Body (or CICA) it belongs to.")
    meeting_frequency: str | None = Field(
        default=None,
        description="How often it meets, as stated (e.g. 'Not less than twice a year').",
    )
    established: Date | None = Field(default=None, description="When it was established.")
    initiated: Date | None = Field(default=None, description="When it was initiated or proposed.")
    initiated_by: str | None = ref(*AGENTS, description="Who initiated it.")
    established_at: str | None = ref("meeting", description="Meeting that established it.")
    initiated_at: str | None = ref("meeting", description="Meeting at which it was initiated.")
    chaired_by: str | None = ref(*AGENTS, description="Who chairs it, where stated.")
    members: list[str] = refs(
        *AGENTS,
        description=(
            "Members the sources name (organisations, people or states), without dates; a "
            "nomination or candidacy is a `nomination` record, not a member."
        ),
    )
    established_during: str | None = ref(
        "chairmanship", description="Chairmanship during which it was established, if stated."
    )


class Post(Named):
    """A position in CICA or in another organisation or state (e.g. Secretary General)."""

    kind = "post"
    file = "posts.yaml"

    organisation: str | None = ref(
        "body", "organisation", "state", description="Body, organisation or state the post is in."
    )


class Person(Named):
    """A person named in the sources."""

    kind = "person"
    file = "people.yaml"

    honorific: str | None = Field(
        default=None, description="Title used in the sources, e.g. 'Ambassador', 'Dr.', 'H.E.'."
    )
    country: str | None = ref(
        "state",
        description=(
            "State the person is from or represents, where a source says so "
            "(e.g. a contest winner listed as '(Bahrain)'); posts say the rest."
        ),
    )


class Holding(Record):
    """A person holding a post, with the tenure or the dates on which it is attested."""

    kind = "holding"
    file = "holdings.yaml"

    person: str = ref("person", description="Who holds the post.", required=True)
    post: str = ref("post", description="The post.", required=True)
    start: Date | None = Field(default=None, description="Start of the tenure, if stated.")
    end: Date | None = Field(default=None, description="End of the tenure, if stated.")
    attested: list[Date] = Field(
        default_factory=list, description="Dates on which a source shows the person in the post."
    )


class Nomination(Record):
    """A person, organisation or state nominated, put forward as a candidate or designated for
    a post or for a place in a body, as reported before (or without) the appointment. A
    nomination is not a holding: the nominee is not shown in the post."""

    kind = "nomination"
    file = "nominations.yaml"

    nominee: str = ref(*AGENTS, description="Who is nominated or designated.", required=True)
    post: str | None = ref("post", description="The post, for a nomination to a post.")
    body: str | None = ref(
        "body", "organisation", description="The body, for a nomination to a place in a body."
    )
    capacity: Literal["member", "chair"] | None = Field(
        default=None, description="With `body`: as member or as chair (empty: member)."
    )
    stage: Literal["nominated", "candidate", "designated"] = Field(
        description=(
            "'nominated' (a nominee, proposed), 'candidate' (the source's word), 'designated' "
            "(announced to take up the post or place, e.g. 'set to assume the Chair')."
        )
    )
    nominated_by: str | None = ref(*AGENTS, description="Who nominated or proposed the nominee.")
    date: Date | None = Field(
        default=None, description="When the nomination was made or reported, if stated."
    )
    start: Date | None = Field(
        default=None, description="When the nominee was to take up the post or place, if stated."
    )
    considered_at: str | None = ref("meeting", description="Meeting that considered it.")

    @model_validator(mode="after")
    def _post_or_body(self) -> Nomination:
        if (self.post is None) == (self.body is None):
            raise ValueError("give exactly one of `post` and `body`")
        if self.capacity is not None and self.body is None:
            raise ValueError("`capacity` goes with `body`")
        return self


# --- dimensions, priority areas, roles ------------------------------------------------


class Dimension(Named):
    """One of the five CICA dimensions."""

    kind = "dimension"
    file = "dimensions.yaml"

    number: int = Field(ge=1, le=5, description="Order in DOC/1016's list (1-5).")


class PriorityArea(Named):
    """A priority area of the CICA Catalogue of CBMs, within a dimension."""

    kind = "priority-area"
    file = "priority_areas.yaml"

    dimension: str = ref("dimension", description="Dimension the area belongs to.", required=True)
    number: int | None = Field(default=None, ge=1, description="Number within its dimension.")


class Coordination(Record):
    """A state's role as coordinator or co-coordinator of a priority area, with tenure."""

    kind = "coordination"
    file = "coordinations.yaml"

    priority_area: str = ref("priority-area", description="The priority area.", required=True)
    state: str = ref("state", description="The coordinating state.", required=True)
    role: Literal["coordinator", "co-coordinator"] = Field(
        description="Coordinator or co-coordinator."
    )
    start: Date | None = Field(default=None, description="First year of the tenure, if stated.")
    end: Date | None = Field(default=None, description="Last year of the tenure, if stated.")
    decided_at: str | None = ref("meeting", description="Meeting that approved the role.")


class Chairmanship(Record):
    """A state's chairmanship of CICA for a term."""

    kind = "chairmanship"
    file = "chairmanships.yaml"

    state: str = ref("state", description="The chairing state.", required=True)
    start: Date | None = Field(default=None, description="Start of the term.")
    end: Date | None = Field(default=None, description="End of the term.")
    decided_at: str | None = ref("meeting", description="Meeting that decided the chairmanship.")
    theme: str | None = Field(default=None, description="Motto or theme of the chairmanship.")


class ChairmanshipPriority(Named):
    """A priority declared for a chairmanship."""

    kind = "chairmanship-priority"
    file = "chairmanship_priorities.yaml"

    chairmanship: str = ref("chairmanship", description="The chairmanship.", required=True)
    number: int | None = Field(default=None, ge=1, description="Order in the source's list.")


# --- documents ----------------------------------------------------------------------------

DocumentCategory = Literal[
    "declaration",
    "act",
    "statement",
    "decision",
    "convention",
    "road-map",
    "catalogue",
    "agreement",
    "memorandum",
    "protocol",
    "note",
    "plan-of-action",
    "plan",
    "rules",
    "statute",
    "regulations",
    "guidelines",
    "concept-paper",
    "recommendations",
    "resolution",
    "budget",
    "other",
]


StatusValue = Literal[
    "proposed",
    "draft",
    "under-consideration",
    "agreed",
    "approved",
    "adopted",
    "signed",
    "ratified",
    "in-force",
]


class PlannedStep(Strict):
    """A step a source announces or recommends for a document ('to be adopted at …', 'the SOC
    recommended that the MC adopt …', 'next steps: signing, ratification'), as it said on its
    date; statuses reached are ``document-status`` records."""

    status: StatusValue = Field(description="Status the document is to reach.")
    date: Date | None = Field(default=None, description="Planned date, if stated.")
    meeting: str | None = ref("meeting", description="Meeting at which it is to happen.")
    parties: list[str] = refs(
        *AGENTS, description="Who is to adopt, sign or ratify it, as announced."
    )
    evidence: list[Evidence] = Field(min_length=1, description="Quotes stating the plan.")


class Document(Named):
    """A CICA document or one CICA refers to: declarations, acts, decisions, conventions …"""

    kind = "document"
    file = "documents.yaml"

    category: DocumentCategory = Field(description="Genre of the document.")
    date: Date | None = Field(default=None, description="Date of adoption, signature or issue.")
    reference: str | None = Field(default=None, description="Document number, e.g. 'DOC/1016'.")
    adopted_at: str | None = ref("meeting", description="Meeting that adopted it.")
    adopted_by: str | None = ref("body", "organisation", description="Body that adopted it.")
    issued_by: str | None = ref(*AGENTS, description="Author or issuer.")
    part_of: str | None = ref("document", description="Document it is enclosed in or part of.")
    amends: str | None = ref("document", description="Document it updates or amends.")
    initiated_by: list[str] = refs(*AGENTS, description="Who initiated or proposed it.")
    cites: list[str] = refs("document", description="Documents it recalls or refers to.")
    priority_areas: list[str] = refs(
        "priority-area", description="Priority areas of the Catalogue of CBMs it concerns."
    )
    parties: list[str] = refs(
        *AGENTS,
        description="Parties to an agreement, memorandum or protocol: the sides that concluded it.",
    )
    prepared_for: str | None = ref(
        "meeting",
        description=(
            "Meeting the document was drafted or set for (an agenda, a draft outcome document); "
            "where it was adopted is `adopted_at`."
        ),
    )
    planned: list[PlannedStep] = Field(
        default_factory=list,
        description="Announced or recommended steps (adoption, signature …), as sources stated them.",
    )


class DocumentStatus(Record):
    """A document's status at a date: draft, agreed, adopted, signed, ratified, in force …"""

    kind = "document-status"
    file = "document_statuses.yaml"

    document: str = ref("document", description="The document.", required=True)
    status: StatusValue = Field(description="Status reached.")
    date: Date | None = Field(default=None, description="When the status was reached.")
    party: str | None = ref(*AGENTS, description="Who signed, ratified, approved … if one party.")
    meeting: str | None = ref("meeting", description="Meeting at which it happened.")


# --- meetings and events -------------------------------------------------------------

MeetingCategory = Literal[
    "summit",
    "ministerial-council",
    "informal-ministerial-council",
    "senior-officials-committee",
    "special-working-group",
    "expert-meeting",
    "advisory-body-meeting",
    "forum",
    "conference",
    "webinar",
    "training",
    "visit",
    "bilateral-meeting",
    "ceremony",
    "contribution",
    "award",
    "competition",
    "cultural-event",
    "sports-event",
    "session",
    "other",
]


class Planned(Strict):
    """When and where a meeting was planned, as one source said on its date."""

    start: Date | None = Field(default=None, description="Planned start.")
    end: Date | None = Field(default=None, description="Planned end.")
    quarter: int | None = Field(
        default=None,
        ge=1,
        le=4,
        description=(
            "Quarter of the year in `start` (a bare year) when the plan names a quarter "
            "('the fourth quarter of 2025'): see docs/decisions/0011-quarter-precision.md."
        ),
    )
    place: str | None = ref("place", description="Planned place.")
    format: MeetingFormat | None = Field(default=None, description="Planned format.")
    hosts: list[str] = refs(*AGENTS, description="Who was to host it, as announced.")
    evidence: list[Evidence] = Field(min_length=1, description="Quotes stating the plan.")

    @model_validator(mode="after")
    def _quarter_of_a_year(self) -> Planned:
        if self.quarter is not None and (self.start is None or len(self.start) != 4):
            raise ValueError("`quarter` needs `start` given as a bare year (YYYY)")
        return self


class Meeting(Named):
    """A meeting or event: summits, council and committee meetings, forums, visits …"""

    kind = "meeting"
    file = "meetings.yaml"

    category: MeetingCategory = Field(description="Sort of meeting or event.")
    body: str | None = ref("body", description="CICA body whose meeting it is.")
    ordinal: int | None = Field(default=None, ge=1, description="E.g. 7 for the Seventh meeting.")
    start: Date | None = Field(default=None, description="Date held (first day).")
    end: Date | None = Field(default=None, description="Last day held, if several days.")
    planned: list[Planned] = Field(
        default_factory=list, description="Planned dates and places, as sources stated them."
    )
    place: str | None = ref("place", description="Where it was held.")
    country: str | None = ref("state", description="Country it was held in.")
    format: MeetingFormat | None = Field(default=None, description="In person, online or hybrid.")
    hosts: list[str] = refs(*AGENTS, description="Hosts.")
    organisers: list[str] = refs(*AGENTS, description="Organisers.")
    chairs: list[str] = refs(*AGENTS, description="Who chaired it.")
    participants: list[str] = refs(*AGENTS, description="Participants named.")
    outcomes: list[str] = refs("document", description="Documents adopted or produced.")
    part_of: str | None = ref("meeting", description="Larger event it was part of.")
    initiated_by: list[str] = refs(*AGENTS, description="Who initiated or proposed it.")
    priority_areas: list[str] = refs(
        "priority-area", description="Priority areas of the Catalogue of CBMs it implements."
    )
    commemorates: list[str] = refs(
        *AGENTS,
        "document",
        "meeting",
        description="Person, organisation, document or event whose anniversary or memory it marks.",
    )


# --- principles, goals, road map ---------------------------------------------------


class Principle(Named):
    """A principle guiding relations between Member States."""

    kind = "principle"
    file = "principles.yaml"

    document: str | None = ref("document", description="Document that states it.")


class Goal(Named):
    """A goal of CICA."""

    kind = "goal"
    file = "goals.yaml"

    document: str | None = ref("document", description="Document that states it.")


class Provision(Named):
    """A numbered provision of a document's text (a paragraph of a decision, an operative
    paragraph of a statement), as the source gives it."""

    kind = "provision"
    file = "provisions.yaml"

    document: str = ref("document", description="Document whose text it is.", required=True)
    paragraph: str | None = Field(
        default=None, description="Paragraph number as the document gives it, e.g. '1.9'."
    )
    regards: list[str] = refs(
        *AGENTS,
        "post",
        "document",
        "meeting",
        "priority-area",
        "dimension",
        description="Records the provision is about (a body it empowers, a document it names …).",
    )


class Cluster(Named):
    """A cluster of the Road Map for CICA Transformation."""

    kind = "cluster"
    file = "clusters.yaml"

    number: int | None = Field(default=None, ge=1, description="Cluster number.")
    road_map: str = ref("document", description="The road map.", required=True)


# --- counts and conflicts -----------------------------------------------------------


class Figure(Record):
    """A number a source states (how many members, meetings, ratifications …) at a date."""

    kind = "figure"
    file = "figures.yaml"

    subject: str = ref(
        *AGENTS, "document", "meeting", description="What is counted about.", required=True
    )
    measure: str = Field(
        description="What is counted, kebab-case, e.g. 'member-states', 'observer-states'."
    )
    value: int = Field(ge=0, description="The number stated.")
    qualifier: Literal["exact", "over", "about", "at-least"] = Field(
        default="exact", description="'over 170' is qualifier 'over'."
    )
    as_of: Date | None = Field(default=None, description="Date the number refers to.")
    jointly_about: list[str] = refs(
        "state",
        "organisation",
        description=(
            "When the number is about several states or organisations together (e.g. 'Central "
            "Asian states'), each of them; `subject` then names the record that reports it."
        ),
    )


class Claim(Strict):
    """One source's claim in a recorded disagreement."""

    value: str = Field(description="What the source claims, as a short literal.")
    source: str = Field(description="File name of the source document.")
    quote: str = Field(min_length=8, description="Verbatim quote of the claim.")


class Conflict(Record):
    """A disagreement between sources (or within one), with every claim kept."""

    kind = "conflict"
    file = "conflicts.yaml"

    evidence: list[Evidence] = Field(
        default_factory=list, description="Not needed: each claim carries its own quote."
    )

    about: list[str] = refs(
        *AGENTS,
        "document",
        "meeting",
        "membership",
        "coordination",
        "chairmanship",
        "holding",
        "figure",
        "priority-area",
        "place",
        description="Records the disagreement concerns.",
    )
    field: str = Field(description="Field in dispute, e.g. 'start', 'place', 'value'.")
    summary: str = Field(description="One sentence a reader understands without the claims.")
    claims: list[Claim] = Field(min_length=2, description="Every claim, each with its quote.")
    status: Literal["open", "explained"] = Field(
        description="'explained' where the sources themselves explain it (e.g. a plan changed)."
    )


KINDS: tuple[type[Record], ...] = (
    State,
    Organisation,
    Place,
    Membership,
    Body,
    Post,
    Person,
    Holding,
    Nomination,
    Dimension,
    PriorityArea,
    Coordination,
    Chairmanship,
    ChairmanshipPriority,
    Document,
    DocumentStatus,
    Meeting,
    Principle,
    Goal,
    Provision,
    Cluster,
    Figure,
    Conflict,
)
"""Every record kind, in build order."""

KIND_BY_NAME: dict[str, type[Record]] = {k.kind: k for k in KINDS}


class Source(Strict):
    """A source document (``data/sources.yaml``)."""

    id: Slug = Field(description="Slug of the source.")
    file: str = Field(description="File name under data/sources/.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file.")
    title: str = Field(description="Title of the document.")
    issued: Date = Field(description="When the document was issued (or the period it reports).")
    category: str = Field(description="Digest, slides, brochure, note.")
