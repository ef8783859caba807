"""Content negotiation: pick a media type from an ``Accept`` header (with q-values).

>>> choose("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
'application/ld+json'
>>> choose("*/*", ["text/turtle", "application/ld+json"])
'text/turtle'
>>> choose("image/png", ["text/turtle"]) is None
True
>>> choose(None, ["text/turtle"])
'text/turtle'
"""

from __future__ import annotations

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nq",
}
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
    "html": "text/html",
}


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (stable for equal q)."""
    return [(media, q) for media, q, _ in sorted(_ranges(header), key=lambda r: (-r[1], r[2]))]


def _ranges(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each range of an ``Accept`` header; a malformed
    q-value counts as 0, the parameter name is case-insensitive (RFC 9110 12.4.2)."""
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    return ranges


def _specificity(media_range: str, media_type: str) -> int:
    """2 for the type itself, 1 for ``type/*``, 0 for ``*/*``, -1 if the range does not match."""
    if media_range == media_type:
        return 2
    if media_range == "*/*":
        return 0
    major = media_type.split("/")[0]
    return 1 if media_range == major + "/*" else -1


def choose(accept: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most; ``None`` if it accepts none of them.

    Each offered type gets the quality of the most specific range that matches it
    (RFC 9110 12.5.1), so ``*/*;q=0.5, text/turtle;q=0.1`` prefers anything to Turtle and
    ``text/*;q=0`` refuses every text type. Ties go to the client's order, then to ours.

    >>> choose("*/*;q=0.5, text/turtle;q=0.1", ["text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> choose("text/*;q=0, */*", ["text/turtle", "application/ld+json"])
    'application/ld+json'
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, media_type in enumerate(offered):
        matching = [(_specificity(m, media_type), q, pos) for m, q, pos in ranges]
        matching = [m for m in matching if m[0] >= 0]
        if not matching:
            continue
        _, q, pos = max(matching, key=lambda m: (m[0], -m[2]))
        key = (-q, pos, order)
        if q > 0 and (best is None or key < best):
            best, chosen = key, media_type
    return chosen
