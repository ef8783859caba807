"""The record models: dates at their precision, slugs, strictness, evidence, bounds, and the
references between kinds."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from cica_graph import models as m
from cica_graph.prefixes import KIND_PREFIXES

EV = [{"source": "002_9e60f0a7e69153b9.txt", "quote": "Kazakhstan (2020-2024)"}]


def errors(model: type[m.Strict], data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, error type) of each validation error, or [] if the data is valid."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [(".".join(str(x) for x in e["loc"]), e["type"]) for e in exc.errors()]
    return []


@pytest.mark.parametrize("value", ["2019", "2024-06", "2024-06-27", "2024-02-29", "0001"])
def test_partial_date_accepts_the_three_precisions(value: str) -> None:
    assert m.PartialDate(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-29",
        "2024-13",
        "2024-00",
        "2024-06-00",
        "2024-6",
        "24",
        "2024-06-27T10:00",
        "",
        "June",
    ],
)
def test_partial_date_refuses_anything_else(value: str) -> None:
    with pytest.raises(ValueError, match="is not a valid date"):
        m.PartialDate(value)


def test_date_fields_take_a_bare_year() -> None:
    chair = m.Chairmanship.model_validate(
        {"id": "c", "state": "s", "start": 2020, "end": "2024-06", "evidence": EV}
    )
    assert (chair.start, chair.end) == ("2020", "2024-06")
    assert errors(m.Chairmanship, {"id": "c", "state": "s", "start": 20201, "evidence": EV}) == [
        ("start", "value_error")
    ]


@pytest.mark.parametrize("slug", ["a", "kazakhstan", "sco-rats", "cq-08", "2024"])
def test_slugs(slug: str) -> None:
    assert errors(m.State, {"id": slug, "name": "X", "evidence": EV}) == []


@pytest.mark.parametrize("slug", ["Kazakhstan", "a_b", "-a", "a-", "a--b", "a b", "", "état"])
def test_not_slugs(slug: str) -> None:
    assert errors(m.State, {"id": slug, "name": "X", "evidence": EV}) == [("id", "value_error")]


def test_records_are_strict_frozen_and_stripped() -> None:
    assert errors(m.State, {"id": "a", "name": "A", "evidence": EV, "capital": "x"}) == [
        ("capital", "extra_forbidden")
    ]
    state = m.State.model_validate({"id": "a", "name": "  A \n", "evidence": EV})
    assert state.name == "A"
    with pytest.raises(ValidationError):
        state.name = "B"  # type: ignore[misc]


def test_every_record_needs_evidence_with_a_real_quote() -> None:
    assert errors(m.State, {"id": "a", "name": "A", "evidence": []}) == [("evidence", "too_short")]
    assert errors(m.State, {"id": "a", "name": "A"}) == [("evidence", "missing")]
    short = [{"source": "x.txt", "quote": "Kazakh"}]
    assert errors(m.State, {"id": "a", "name": "A", "evidence": short}) == [
        ("evidence.0.quote", "string_too_short")
    ]
    scoped = m.Evidence.model_validate({**EV[0], "fields": ["start"]})
    assert scoped.fields == ["start"] and m.Evidence.model_validate(EV[0]).fields is None


def test_conflicts_need_two_claims_but_no_evidence() -> None:
    claim = {"value": "x", "source": "s.txt", "quote": "12345678"}
    base = {"id": "c", "field": "start", "summary": "s", "status": "open"}
    assert errors(m.Conflict, {**base, "claims": [claim, claim]}) == []
    assert errors(m.Conflict, {**base, "claims": [claim]}) == [("claims", "too_short")]
    assert errors(m.Conflict, {**base, "claims": [claim, claim], "status": "closed"}) == [
        ("status", "literal_error")
    ]


@pytest.mark.parametrize(
    "model,data,field",
    [
        (m.Membership, {"member": "a", "status": "member", "ordinal": 0}, "ordinal"),
        (m.Membership, {"member": "a", "status": "guest"}, "status"),
        (m.Dimension, {"name": "D", "number": 6}, "number"),
        (m.Dimension, {"name": "D", "number": 0}, "number"),
        (m.Figure, {"subject": "a", "measure": "m", "value": -1}, "value"),
        (m.Meeting, {"name": "M", "category": "summit", "format": "zoom"}, "format"),
        (m.Place, {"name": "P", "category": "planet"}, "category"),
    ],
)
def test_bounds_and_choices(model: type[m.Record], data: dict[str, Any], field: str) -> None:
    record = {"id": "x", "evidence": EV, **data}
    assert [loc for loc, _ in errors(model, record)] == [field]


def test_defaults() -> None:
    figure = m.Figure.model_validate(
        {"id": "f", "subject": "a", "measure": "m", "value": 3, "evidence": EV}
    )
    assert figure.qualifier == "exact"
    membership = m.Membership.model_validate(
        {"id": "x", "member": "a", "status": "member", "evidence": EV}
    )
    assert membership.pending is False
    assert (
        m.Meeting.model_validate(
            {"id": "x", "name": "M", "category": "summit", "evidence": EV}
        ).planned
        == []
    )


def test_planned_items_need_their_own_evidence() -> None:
    assert errors(m.Planned, {"start": "2024-12-19"}) == [("evidence", "missing")]
    assert errors(m.Planned, {"start": "2024-12-19", "evidence": EV}) == []


def test_a_quarter_belongs_to_a_bare_year() -> None:
    assert errors(m.Planned, {"start": "2025", "quarter": 4, "evidence": EV}) == []
    assert errors(m.Planned, {"start": "2025", "quarter": 5, "evidence": EV}) == [
        ("quarter", "less_than_equal")
    ]
    for data in ({"start": "2025-10", "quarter": 4}, {"quarter": 4}):
        assert errors(m.Planned, {**data, "evidence": EV}) == [("", "value_error")]


def test_planned_steps_need_a_status_and_their_own_evidence() -> None:
    assert errors(m.PlannedStep, {"status": "adopted"}) == [("evidence", "missing")]
    assert errors(m.PlannedStep, {"status": "launched", "evidence": EV}) == [
        ("status", "literal_error")
    ]
    assert errors(m.PlannedStep, {"status": "signed", "parties": ["a", "b"], "evidence": EV}) == []


@pytest.mark.parametrize(
    "data,ok",
    [
        ({"post": "deputy-secretary-general"}, True),
        ({"body": "council-of-eminent-persons"}, True),
        ({"body": "business-council", "capacity": "chair"}, True),
        ({}, False),
        ({"post": "p", "body": "b"}, False),
        ({"post": "p", "capacity": "chair"}, False),
    ],
)
def test_a_nomination_is_for_one_post_or_one_body(data: dict[str, Any], ok: bool) -> None:
    record = {"id": "x", "nominee": "a", "stage": "nominated", "evidence": EV, **data}
    assert (errors(m.Nomination, record) == []) is ok


def test_source_model() -> None:
    source = {
        "id": "doc-1016",
        "file": "004.txt",
        "sha256": "a" * 64,
        "title": "T",
        "issued": "2023-08-22",
        "category": "note",
    }
    assert errors(m.Source, source) == []
    assert errors(m.Source, {**source, "sha256": "A" * 64}) == [
        ("sha256", "string_pattern_mismatch")
    ]
    assert errors(m.Source, {**source, "issued": "2023-08-32"}) == [("issued", "value_error")]


def test_ref_kinds() -> None:
    assert m.ref_kinds(m.Chairmanship.model_fields["state"]) == ["state"]
    assert m.ref_kinds(m.Meeting.model_fields["hosts"]) == list(m.AGENTS)
    assert m.ref_kinds(m.Meeting.model_fields["start"]) is None
    assert m.ref_kinds(m.Planned.model_fields["place"]) == ["place"]


def test_kinds_are_unique_and_named_consistently() -> None:
    kinds = [k.kind for k in m.KINDS]
    files = [k.file for k in m.KINDS]
    assert len(set(kinds)) == len(kinds) and len(set(files)) == len(files)
    assert all(f.endswith(".yaml") for f in files)
    assert {k.kind: k for k in m.KINDS} == m.KIND_BY_NAME
    assert set(kinds) <= set(KIND_PREFIXES)


@pytest.mark.parametrize("model", [*m.KINDS, m.Planned], ids=lambda k: k.__name__)
def test_references_name_existing_kinds(model: type[m.Strict]) -> None:
    for name, info in model.model_fields.items():
        for kind in m.ref_kinds(info) or []:
            assert kind in m.KIND_BY_NAME, f"{model.__name__}.{name} refers to {kind!r}"


def test_always_supported_fields_exist() -> None:
    fields = {name for k in m.KINDS for name in k.model_fields}
    assert fields >= m.ALWAYS_SUPPORTED


@pytest.mark.parametrize("model", m.KINDS, ids=lambda k: k.__name__)
def test_every_field_is_described(model: type[m.Record]) -> None:
    # the field descriptions are the data dictionary
    undocumented = [n for n, info in model.model_fields.items() if not info.description]
    assert undocumented == []
