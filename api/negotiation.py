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
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def _matches(media_range: str, media_type: str) -> bool:
    if media_range in ("*/*", media_type):
        return True
    major = media_range.split("/")[0]
    return media_range.endswith("/*") and media_type.startswith(major + "/")


def choose(accept: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most; ``None`` if it accepts none of them."""
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = parse_accept(accept)
    refused = {m for m, q in ranges if q <= 0}
    for media_range, q in ranges:
        if q <= 0:
            continue
        for media_type in offered:
            if media_type not in refused and _matches(media_range, media_type):
                return media_type
    return None
