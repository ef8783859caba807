"""Seeded, deterministic synthetic CICA-shaped data: the curated records replicated ``factor``
times with new ids, names and references, so every copy conforms to the models, the shapes
and the ontology like the real data (quotes stay verbatim).

    python bench/synthetic.py 10 /tmp/cica-x10    # writes YAML files for a 10x graph
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cica_graph.canonical import dump_records
from cica_graph.load import Curated, load
from cica_graph.models import KINDS, Record, ref_kinds
from cica_graph.paths import DATA

SHARED = {"cica"}
"""Ids every copy shares (CICA itself), so all copies form one graph."""


def _rename(value: Any, suffix: str, ids: set[str]) -> Any:
    if isinstance(value, list):
        return [_rename(v, suffix, ids) for v in value]
    if isinstance(value, str) and value in ids and value not in SHARED:
        return value + suffix
    return value


DATE_FIELDS = {"start", "end", "date", "as_of", "established", "initiated", "attested"}
YEARS_PER_COPY = 40
"""Copy k is shifted k*40 years later, so copies never overlap in time (chairmanships)."""


def _shift(value: Any, years: int) -> Any:
    if isinstance(value, list):
        return [_shift(v, years) for v in value]
    if isinstance(value, str) and value[:4].isdigit():
        return f"{int(value[:4]) + years:04d}{value[4:]}"
    return value


def _copy(record: Record, k: int, ids: set[str]) -> dict[str, Any]:
    suffix = f"-s{k}"
    raw = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    for name in DATE_FIELDS & set(raw):
        raw[name] = _shift(raw[name], k * YEARS_PER_COPY)
    for plan in raw.get("planned", []):
        for name in DATE_FIELDS & set(plan):
            plan[name] = _shift(plan[name], k * YEARS_PER_COPY)
    for name, info in type(record).model_fields.items():
        if name in raw and ref_kinds(info) is not None:
            raw[name] = _rename(raw[name], suffix, ids)
    for plan in raw.get("planned", []):
        if "place" in plan:
            plan["place"] = _rename(plan["place"], suffix, ids)
    raw["id"] = record.id + suffix
    if "name" in raw:
        raw["name"] = f"{raw['name']} (synthetic {k})"
        raw.pop("alt_labels", None)
        raw.pop("labels", None)
    return raw


def generate(
    curated: Curated, factor: int, seed: int = 1
) -> dict[type[Record], list[dict[str, Any]]]:
    """``factor`` copies of every record (copy 0 is the real data, unchanged)."""
    rng = random.Random(seed)
    ids = {r.id for r in curated.all()}
    out: dict[type[Record], list[dict[str, Any]]] = {}
    for kind in KINDS:
        records = list(curated.records.get(kind.kind, []))
        rows = [
            r.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for r in records
        ]
        for k in range(1, factor):
            copies = [_copy(r, k, ids) for r in records if r.id not in SHARED]
            rng.shuffle(copies)  # file order must not matter
            rows += copies
        out[kind] = rows
    return out


def write(target: Path, factor: int, seed: int = 1) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for kind, rows in generate(load(DATA), factor, seed).items():
        (target / kind.file).write_text(dump_records(kind, rows), encoding="utf-8")
    return target


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
