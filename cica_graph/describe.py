"""What the graph says about one entity: its triples, incoming links, evidence, conflicts.

The queries are constants with the entity bound as a value, never pasted in.

>>> from cica_graph.store import EmbeddedRepo
>>> repo = EmbeddedRepo.from_nquads(
...     b'<https://w3id.org/cica/id/state/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en '
...     b'<https://w3id.org/cica/graph/source/x> .\\n')
>>> exists(repo, "https://w3id.org/cica/id/state/a"), exists(repo, "https://w3id.org/cica/id/state/b")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from cica_graph.store import Repo, term_text

EXISTS = "ASK { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"

DESCRIBE = """
CONSTRUCT {
  ?entity ?p ?o .
  ?in ?pin ?entity .
  ?ev ?evp ?evo .
  ?o ?op ?oo .
}
WHERE {
  { ?entity ?p ?o . OPTIONAL { FILTER(STRSTARTS(STR(?o), CONCAT(STR(?entity), "#"))) ?o ?op ?oo } }
  UNION { ?in ?pin ?entity }
  UNION { ?ev <https://w3id.org/cica/ontology#supports> ?entity ; ?evp ?evo }
}
"""

OUTGOING = """
SELECT ?entity ?p ?o ?label (GROUP_CONCAT(DISTINCT STR(?g); separator=" ") AS ?graphs) WHERE {
  GRAPH ?g { ?entity ?p ?o }
  OPTIONAL { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
} GROUP BY ?entity ?p ?o ?label ORDER BY ?p ?o
"""

INCOMING = """
SELECT DISTINCT ?entity ?s ?p ?label WHERE {
  ?s ?p ?entity .
  FILTER(!STRSTARTS(STR(?s), CONCAT(STR(?entity), "#")))
  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
} ORDER BY ?p ?s
"""

EVIDENCE = """
SELECT ?entity ?ev ?quote ?source ?sourceLabel (GROUP_CONCAT(DISTINCT STR(?prop); separator=" ") AS ?props) WHERE {
  ?ev <https://w3id.org/cica/ontology#supports> ?entity ;
      <https://w3id.org/cica/ontology#quote> ?quote ;
      <http://purl.org/dc/terms/source> ?source .
  OPTIONAL { ?source <http://www.w3.org/2000/01/rdf-schema#label> ?sourceLabel }
  OPTIONAL { ?ev <https://w3id.org/cica/ontology#supportsProperty> ?prop }
} GROUP BY ?entity ?ev ?quote ?source ?sourceLabel ORDER BY ?ev
"""

CONFLICTS = """
SELECT ?entity ?conflict ?summary ?value ?quote ?source ?date WHERE {
  ?conflict <https://w3id.org/cica/ontology#concerns> ?entity ;
            <http://purl.org/dc/terms/description> ?summary ;
            <https://w3id.org/cica/ontology#claim> ?claim .
  ?claim <https://w3id.org/cica/ontology#claimedValue> ?value ;
         <https://w3id.org/cica/ontology#quote> ?quote ;
         <http://purl.org/dc/terms/source> ?source .
  OPTIONAL { ?claim <https://w3id.org/cica/ontology#sourceDate> ?date }
} ORDER BY ?conflict ?source
"""


@dataclass
class EntityView:
    """Everything an entity page shows."""

    iri: str
    outgoing: list[dict[str, str | None]] = field(default_factory=list)
    incoming: list[dict[str, str | None]] = field(default_factory=list)
    evidence: list[dict[str, str | None]] = field(default_factory=list)
    conflicts: list[dict[str, str | None]] = field(default_factory=list)


def _bind(iri: str) -> dict[str, Any]:
    return {"entity": ox.NamedNode(iri)}


def exists(repo: Repo, iri: str) -> bool:
    return bool(repo.query(EXISTS, _bind(iri)))


def _rows(repo: Repo, query: str, iri: str) -> list[dict[str, str | None]]:
    result = repo.query(query, _bind(iri))
    names = [v.value for v in result.variables]
    return [{n: term_text(row[n]) for n in names} for row in result]


def graph(repo: Repo, iri: str) -> Any:
    """The entity's description as CONSTRUCT results (serialise with cica_graph.render)."""
    return repo.query(DESCRIBE, _bind(iri))


def view(repo: Repo, iri: str) -> EntityView:
    return EntityView(
        iri=iri,
        outgoing=_rows(repo, OUTGOING, iri),
        incoming=_rows(repo, INCOMING, iri),
        evidence=_rows(repo, EVIDENCE, iri),
        conflicts=_rows(repo, CONFLICTS, iri),
    )
