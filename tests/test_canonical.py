"""Canonical YAML: records sorted by id, fields in model order (nested models too); the check
mode only lists files, the rewrite keeps every record as it was."""

from __future__ import annotations

from pathlib import Path

import yaml

from cica_graph import models as m
from cica_graph.canonical import canonicalise, dump_records
from cica_graph.load import load, read_yaml

S002 = "002_9e60f0a7e69153b9.txt"
SCRAMBLED_MEETING = f"""\
- planned:
  - evidence:
    - quote: (Baku, 19 December 2024)
      source: {S002}
    place: baku
    start: '2024-12-19'
  category: ministerial-council
  name: Seventh CICA Ministerial Council Meeting
  evidence:
  - fields: [start]
    quote: Baku, 17 December 2024 — The Seventh Meeting of the Ministerial Council
    source: 001_e0297087f7da6332.txt
  id: seventh-ministerial-council-meeting
  start: '2024-12-17'
"""


def test_records_sorted_by_id_fields_in_model_order() -> None:
    items = [
        {"name": "Kazakhstan", "id": "kazakhstan", "evidence": [{"quote": "q" * 8, "source": "s"}]},
        {
            "note": "n",
            "name": "Azerbaijan",
            "evidence": [{"quote": "r" * 8, "source": "s"}],
            "id": "azerbaijan",
        },
    ]
    assert dump_records(m.State, items) == (
        "- id: azerbaijan\n"
        "  evidence:\n"
        "  - source: s\n"
        "    quote: rrrrrrrr\n"
        "  note: n\n"
        "  name: Azerbaijan\n"
        "- id: kazakhstan\n"
        "  evidence:\n"
        "  - source: s\n"
        "    quote: qqqqqqqq\n"
        "  name: Kazakhstan\n"
    )


def test_nested_models_are_ordered_too(tmp_path: Path) -> None:
    path = tmp_path / "meetings.yaml"
    path.write_text(SCRAMBLED_MEETING, encoding="utf-8")
    assert dump_records(m.Meeting, read_yaml(path)) == (
        "- id: seventh-ministerial-council-meeting\n"
        "  evidence:\n"
        "  - source: 001_e0297087f7da6332.txt\n"
        "    quote: Baku, 17 December 2024 — The Seventh Meeting of the Ministerial Council\n"
        "    fields:\n"
        "    - start\n"
        "  name: Seventh CICA Ministerial Council Meeting\n"
        "  category: ministerial-council\n"
        "  start: '2024-12-17'\n"
        "  planned:\n"
        "  - start: '2024-12-19'\n"
        "    place: baku\n"
        "    evidence:\n"
        f"    - source: {S002}\n"
        "      quote: (Baku, 19 December 2024)\n"
    )


def test_unknown_keys_are_kept_after_the_model_fields() -> None:
    text = dump_records(m.Place, [{"zz": 1, "id": "baku", "name": "Baku"}])
    assert text == "- id: baku\n  name: Baku\n  zz: 1\n"


def test_multi_line_text_is_a_block() -> None:
    text = dump_records(m.State, [{"id": "a", "note": "one\ntwo\n"}])
    assert "  note: |\n    one\n    two\n" in text


def test_fixture_data_is_canonical(data_copy: Path) -> None:
    assert canonicalise(data_copy, check=True) == []


def test_check_lists_without_writing_and_rewrite_keeps_the_records(data_copy: Path) -> None:
    path = data_copy / "meetings.yaml"
    original = path.read_text(encoding="utf-8")
    before = load(data_copy).get("seventh-ministerial-council-meeting")
    items = read_yaml(path)
    scrambled = [dict(reversed(list(item.items()))) for item in items]
    path.write_text(
        yaml.safe_dump(scrambled, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    text = path.read_text(encoding="utf-8")
    assert text != original
    assert canonicalise(data_copy, check=True) == [path]
    assert path.read_text(encoding="utf-8") == text  # --check does not write
    assert canonicalise(data_copy) == [path]
    assert path.read_text(encoding="utf-8") == original
    assert load(data_copy).get("seventh-ministerial-council-meeting") == before
    assert canonicalise(data_copy, check=True) == []  # idempotent
