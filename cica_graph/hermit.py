"""HermiT, run directly: is a graph consistent, and what does it entail about named individuals.

HermiT (the jar owlready2 ships) classifies the classes, the object properties and the
individuals and lists the property values it derives (``-c -O -I -Y``). It prints the *direct*
types of each individual, the property hierarchy (with inverses), and each derived property
value under the most specific properties it found; :func:`entail` closes the values under
that hierarchy, so the result is every entailed object-property value between named
individuals, as :mod:`cica_graph.rules` computes it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

Pairs = set[tuple[str, str]]
PropExpr = tuple[str, bool]

_LINE = re.compile(r"^(\w+)\( (.*) \)$")
_TERM = re.compile(r"ObjectInverseOf\( <([^>]+)> \)|<([^>]+)>")
_VALUES = re.compile(r"^<([^>]+)> \(known instances:\s*(.*?)\s*\|\s*possible instances:", re.M)
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")

JAVA_MEMORY_MB = 2000
JAVA = "java"


def classpath() -> str:
    """HermiT's jar as owlready2 ships it, found without importing owlready2 (whose import
    opens a default world, an SQLite database that forked processes would inherit)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("owlready2 (which ships HermiT) is not installed")
    hermit = Path(next(iter(spec.submodule_search_locations))) / "hermit"
    return os.pathsep.join([str(hermit), str(hermit / "HermiT.jar")])


@dataclass
class Entailment:
    """What HermiT entails: direct types per individual, every property value per property,
    and the direct sub-class pairs of its classification."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    edges: dict[str, Pairs] = field(default_factory=lambda: defaultdict(set))
    subclasses: set[tuple[str, str]] = field(default_factory=set)


def _terms(text: str) -> list[PropExpr]:
    return [(inv or name, bool(inv)) for inv, name in _TERM.findall(text)]


def parse(output: str) -> Entailment:
    """HermiT's printed classification as an :class:`Entailment`."""
    out = Entailment()
    hierarchy: dict[PropExpr, set[PropExpr]] = defaultdict(set)
    for line in output.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        kind, terms = match.group(1), _terms(match.group(2))
        if kind == "Type" and len(terms) == 2:
            out.types[terms[0][0]].add(terms[1][0])
        elif kind == "SubClassOf" and len(terms) == 2:
            out.subclasses.add((terms[0][0], terms[1][0]))
        elif kind == "SubObjectPropertyOf" and len(terms) == 2:
            (a, ai), (b, bi) = terms
            hierarchy[(a, ai)].add((b, bi))
            hierarchy[(a, not ai)].add((b, not bi))
        elif kind == "EquivalentObjectProperties":
            for a, ai in terms:
                for b, bi in terms:
                    hierarchy[(a, ai)].add((b, bi))
                    hierarchy[(a, not ai)].add((b, not bi))
    for prop, known in _VALUES.findall(output):
        pairs = set(_PAIR.findall(known))
        seen = {(prop, False)}
        todo = [(prop, False)]
        while todo:
            for nxt in hierarchy.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        for name, inverse in seen:
            out.edges[name] |= {(o, s) for s, o in pairs} if inverse else pairs
    return out


def write_ntriples(tbox: Graph, abox: Iterable[tuple[str, str, str]], path: Path) -> None:
    """The TBox (any terms) and the ABox (IRIs only) as one N-Triples file."""
    with path.open("wb") as out:
        tbox.serialize(out, format="nt", encoding="utf-8")
        out.write("".join(f"<{s}> <{p}> <{o}> .\n" for s, p, o in abox).encode())


def entail(tbox: Graph, abox: Iterable[tuple[str, str, str]]) -> Entailment | str:
    """Run HermiT on the TBox plus the ABox: an :class:`Entailment`, or HermiT's message if
    the two are inconsistent."""
    with tempfile.TemporaryDirectory(prefix="cica-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        write_ntriples(tbox, abox, path)
        command = [
            JAVA,
            f"-Xmx{JAVA_MEMORY_MB}M",
            "-cp",
            classpath(),
            "org.semanticweb.HermiT.cli.CommandLine",
            "-c",
            "-O",
            "-I",
            "-Y",
            path.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, check=False)
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    if done.returncode != 0:
        if "Inconsistent ontology" in text or "InconsistentOntologyException" in text:
            return "the ontology and the data are inconsistent (HermiT)"
        raise RuntimeError(f"HermiT failed ({done.returncode}):\n{text[-2000:]}")
    return parse(done.stdout.decode("utf-8", "replace"))
