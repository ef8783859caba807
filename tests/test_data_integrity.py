"""Integrity of the curated data in data/: one test per rule, parametrised per record."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from cica_graph.canonical import canonicalise
from cica_graph.load import Curated, load, normalise
from cica_graph.models import KINDS, Named, Person, Record, ref_kinds
from cica_graph.paths import DATA

CURATED: Curated = load(DATA)
RECORDS: list[Record] = list(CURATED.all())
IDS = [r.id for r in RECORDS]

# Kinds whose records must be linked to another record (no orphans).
MUST_BE_LINKED = {"person", "post", "place", "organisation", "document", "body"}


def _references(model: BaseModel, prefix: str = "") -> list[tuple[str, str]]:
    """(field, target id) for every reference in a record, nested models included."""
    found: list[tuple[str, str]] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        if ref_kinds(info) is not None:
            found += [(f"{prefix}{name}", v) for v in items if v is not None]
        for item in items:
            if isinstance(item, BaseModel):
                found += _references(item, f"{prefix}{name}.")
    return found


REFERENCED = {target for r in RECORDS for _, target in _references(r)}


def test_ids_are_unique() -> None:
    duplicates = {i for i in IDS if IDS.count(i) > 1}
    assert not duplicates


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_quote_is_verbatim(record: Record) -> None:
    quotes = [(ev.source, ev.quote) for ev in record.evidence]
    quotes += [(c.source, c.quote) for c in getattr(record, "claims", [])]
    for plan in getattr(record, "planned", []):
        quotes += [(ev.source, ev.quote) for ev in plan.evidence]
    assert quotes, f"{record.id}: no quote"
    for source, quote in quotes:
        assert normalise(quote) in CURATED.texts[source], f"{record.id}: {quote!r} not in {source}"


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_reference_resolves(record: Record) -> None:
    kinds = CURATED.kind_of()
    for field, target in _references(record):
        assert target in kinds, f"{record.id}.{field}: unknown id {target!r}"


@pytest.mark.parametrize(
    "record", [r for r in RECORDS if r.kind in MUST_BE_LINKED], ids=lambda r: r.id
)
def test_no_orphans(record: Record) -> None:
    assert not is_orphan(record), (
        f"{record.kind} {record.id} neither refers to nor is referred to by any record"
    )


def is_orphan(record: Record) -> bool:
    """Unlinked and not saying why (the sources mention some things without relating them)."""
    if record.note and "Only mentioned" in record.note:
        return False
    return record.id not in REFERENCED and not _references(record)


def test_orphan_rule_fires() -> None:
    evidence = [{"source": "002_9e60f0a7e69153b9.txt", "quote": "Kazakhstan (2020-2024)"}]
    lonely = Person.model_validate({"id": "nobody-at-all", "name": "Nobody", "evidence": evidence})
    assert is_orphan(lonely)
    explained = lonely.model_copy(update={"note": "Only mentioned: no relation stated."})
    assert not is_orphan(explained)


def _dated(record: Record) -> list[tuple[str, str, str]]:
    pairs = [(record.id, getattr(record, "start", None), getattr(record, "end", None))]
    pairs += [
        (f"{record.id}.planned", getattr(p, "start", None), getattr(p, "end", None))
        for p in getattr(record, "planned", [])
    ]
    return [(i, s, e) for i, s, e in pairs if s and e]


DATED = [d for r in RECORDS for d in _dated(r)]


@pytest.mark.parametrize("where,start,end", DATED, ids=[d[0] for d in DATED])
def test_start_not_after_end(where: str, start: str, end: str) -> None:
    precision = min(len(start), len(end))
    assert start[:precision] <= end[:precision], f"{where}: start {start} after end {end}"


@pytest.mark.parametrize("record", [r for r in RECORDS if isinstance(r, Named)], ids=lambda r: r.id)
def test_every_entity_has_an_english_name(record: Named) -> None:
    assert record.name.strip(), f"{record.id}: empty name"
    assert record.name == record.name.strip()


def test_every_kind_is_curated() -> None:
    empty = [k.kind for k in KINDS if not CURATED.records.get(k.kind)]
    assert not empty, f"no records of kind(s): {', '.join(empty)}"


def test_yaml_is_canonical() -> None:
    assert canonicalise(DATA, check=True) == [], "run `cica fmt`"


def test_every_source_is_cited() -> None:
    cited = {ev.source for r in RECORDS for ev in r.evidence}
    assert cited == set(CURATED.sources)
