"""Content negotiation: q-values, wildcards, explicit refusals, order of preference."""

from __future__ import annotations

import pytest

from api.negotiation import choose, parse_accept

OFFERED = ["text/turtle", "application/ld+json", "application/n-triples"]


@pytest.mark.parametrize(
    "accept,chosen",
    [
        (None, "text/turtle"),
        ("", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/turtle;q=0.2, application/n-triples;q=0.9", "application/n-triples"),
        ("application/*", "application/ld+json"),
        ("text/turtle;q=0, */*", "application/ld+json"),
        ("image/png, text/html", None),
        ("*/*;q=0", None),
    ],
)
def test_choose(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, OFFERED) == chosen


def test_parse_accept_orders_by_q_then_position() -> None:
    assert parse_accept("a/b;q=0.5, c/d, e/f;q=bad") == [("c/d", 1.0), ("a/b", 0.5), ("e/f", 0.0)]
