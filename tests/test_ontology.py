"""Ontology hygiene (ontology/cica.ttl): every cica: term has an English label and a definition,
the closed namespace in cica_graph/namespaces.py lists exactly the ontology's terms, and the data
built from the fixture uses no cica: term the ontology does not declare (nor a property as a
class, or a class as a property). Each rule also runs on a small bad graph to show it fires."""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, DefinedNamespace, Namespace

from cica_graph import build
from cica_graph.namespaces import CICA
from cica_graph.paths import ONTOLOGY

NS = str(CICA)
ONT = Graph().parse(ONTOLOGY, format="turtle")
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


def cica_term(name: str) -> URIRef:
    """A term in the cica: namespace by text (``CICA.x`` would refuse undeclared names)."""
    return URIRef(NS + name)


def declared(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """cica: terms the ontology declares, with their rdf:types."""
    return {
        s: set(ontology.objects(s, RDF.type))  # type: ignore[misc]
        for s in set(ontology.subjects(RDF.type, None))
        if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def lacking_label_or_definition(ontology: Graph) -> list[str]:
    missing = []
    for term in sorted(declared(ontology)):
        english = [
            label
            for label in ontology.objects(term, RDFS.label)
            if isinstance(label, Literal) and label.language == "en"
        ]
        if not english or ontology.value(term, SKOS.definition) is None:
            missing.append(str(term)[len(NS) :])
    return missing


def namespace_difference(namespace: type[DefinedNamespace], ontology: Graph) -> set[str]:
    """Names in the namespace but not the ontology, or the other way round."""
    names = set(namespace.__annotations__)
    terms = {str(t)[len(NS) :] for t in declared(ontology)}
    return names ^ terms


def misused_terms(data: Graph, ontology: Graph) -> set[str]:
    """cica: terms of ``data`` the ontology does not declare, or does not declare as used."""
    terms = declared(ontology)
    classes = {t for t, types in terms.items() if OWL.Class in types}
    properties = {t for t, types in terms.items() if types & PROPERTY_TYPES}
    individuals = {t for t, types in terms.items() if OWL.NamedIndividual in types}
    bad = set()
    for s, p, o in data:
        for node in (s, p, o):
            if isinstance(node, URIRef) and str(node).startswith(NS) and node not in terms:
                bad.add(f"undeclared {node}")
        if str(p).startswith(NS) and p not in properties:
            bad.add(f"not a property: {p}")
        if not (isinstance(o, URIRef) and str(o).startswith(NS)):
            continue
        if p == RDF.type and o not in classes:
            bad.add(f"not a class: {o}")
        elif p == CICA.supportsProperty and o not in properties:
            bad.add(f"not a property: {o}")
        elif p not in (RDF.type, CICA.supportsProperty) and o not in individuals:
            bad.add(f"not an individual: {o}")
    return bad


def data_graph(ds: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


# --- labels and definitions ---------------------------------------------------------------


def test_every_term_has_an_english_label_and_a_definition() -> None:
    assert len(declared(ONT)) > 150
    assert lacking_label_or_definition(ONT) == []


def test_a_term_without_english_label_or_definition_is_found() -> None:
    bad = Graph()
    bad.add((cica_term("Unlabelled"), RDF.type, OWL.Class))
    bad.add((cica_term("Unlabelled"), SKOS.definition, Literal("defined", lang="en")))
    bad.add((cica_term("OnlyRussian"), RDF.type, OWL.Class))
    bad.add((cica_term("OnlyRussian"), RDFS.label, Literal("только", lang="ru")))
    bad.add((cica_term("OnlyRussian"), SKOS.definition, Literal("defined", lang="en")))
    bad.add((cica_term("Undefined"), RDF.type, OWL.ObjectProperty))
    bad.add((cica_term("Undefined"), RDFS.label, Literal("undefined", lang="en")))
    bad.add((cica_term("Fine"), RDF.type, OWL.Class))
    bad.add((cica_term("Fine"), RDFS.label, Literal("fine", lang="en")))
    bad.add((cica_term("Fine"), SKOS.definition, Literal("defined", lang="en")))
    assert lacking_label_or_definition(bad) == ["OnlyRussian", "Undefined", "Unlabelled"]


# --- the closed namespace -------------------------------------------------------------------


def test_namespace_lists_exactly_the_ontology_terms() -> None:
    assert namespace_difference(CICA, ONT) == set()


def test_a_namespace_out_of_step_is_found() -> None:
    class Stale(DefinedNamespace):
        _NS = Namespace(NS)
        _fail = True
        State: URIRef
        Nonexistent: URIRef

    extra = Graph()
    extra += ONT
    extra.add((cica_term("BrandNew"), RDF.type, OWL.Class))
    difference = namespace_difference(Stale, extra)
    assert {"Nonexistent", "BrandNew"} <= difference
    assert "State" not in difference


# --- the data uses declared terms only ---------------------------------------------------------


def test_fixture_data_uses_only_declared_terms(dataset_without_ontology: Dataset) -> None:
    data = data_graph(dataset_without_ontology)
    used = {n for t in data for n in t if isinstance(n, URIRef) and str(n).startswith(NS)}
    assert len(used) > 30  # the check looks at something
    assert misused_terms(data, ONT) == set()


def test_undeclared_or_misused_terms_are_found() -> None:
    a = URIRef("https://w3id.org/cica/id/state/a")
    bad = Graph()
    bad.add((a, RDF.type, cica_term("Bogus")))
    bad.add((a, CICA.State, Literal("x")))
    bad.add((a, RDF.type, CICA.start))
    bad.add((a, CICA.format, CICA.State))
    bad.add((a, CICA.supportsProperty, CICA.Meeting))
    bad.add((a, CICA.format, CICA.online))  # fine
    assert misused_terms(bad, ONT) == {
        f"undeclared {NS}Bogus",
        f"not a class: {NS}Bogus",
        f"not a property: {NS}State",
        f"not a class: {NS}start",
        f"not an individual: {NS}State",
        f"not a property: {NS}Meeting",
    }


def test_build_tables_use_terms_as_the_ontology_declares_them() -> None:
    # every record kind can be built, not only those in the fixture: check the tables
    terms = declared(ONT)
    predicates = [*build.PREDICATES.values()]
    predicates += [p for table in build.KIND_PREDICATES.values() for p in table.values()]
    properties = {p for p in predicates if str(p).startswith(NS)}
    classes = set(build.KIND_CLASS.values())
    classes |= {c for table in build.CATEGORY_CLASS.values() for c in table.values()}
    individuals = {*build.ROLE.values(), *build.FORMAT.values(), *build.STATUS.values()}
    assert {p for p in properties if not terms[p] & PROPERTY_TYPES} == set()
    assert {c for c in classes if OWL.Class not in terms[c]} == set()
    assert {i for i in individuals if OWL.NamedIndividual not in terms[i]} == set()
