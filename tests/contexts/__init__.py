"""JSON-LD contexts for tests that run offline, and the two readers the tests check JSON-LD with.

- anno.jsonld: the terms of the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld) that
  the portal's annotations use, each mapped to the IRI the Web Annotation Vocabulary gives it;
  written here. A term the portal starts using must be added: JSON-LD processors drop unknown
  terms silently, which is why the tests check for the triples they expect.
- schema.org.jsonld: the part of schema.org's context that decides how a document reads as RDF
  (every term in the schema.org vocabulary); the published one adds only per-term types.

`expand()` runs pyld (a JSON-LD 1.1 processor) and `graph()` rdflib on a document, both with these
local copies instead of fetching the contexts.
"""

import json
import warnings
from pathlib import Path

from pyld import jsonld
from rdflib import Graph

HERE = Path(__file__).parent
CONTEXTS = {
    "http://www.w3.org/ns/anno.jsonld": HERE / "anno.jsonld",
    "https://www.w3.org/ns/anno.jsonld": HERE / "anno.jsonld",
    "https://schema.org": HERE / "schema.org.jsonld",
    "https://schema.org/": HERE / "schema.org.jsonld",
}


def load_document(url, options=None):
    if url not in CONTEXTS:
        raise jsonld.JsonLdError(f"no local copy of {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXTS[url].read_text())}


def expand(document):
    return jsonld.expand(document, {"documentLoader": load_document})


def inline_contexts(value):
    """The document with each context URL replaced by the local copy's content (for rdflib)."""
    if isinstance(value, dict):
        return {
            key: (local_context(item) if key == "@context" else inline_contexts(item)) for key, item in value.items()
        }
    if isinstance(value, list):
        return [inline_contexts(item) for item in value]
    return value


def local_context(context):
    if isinstance(context, str):
        return json.loads(CONTEXTS[context].read_text())["@context"]
    if isinstance(context, list):
        return [local_context(item) for item in context]
    return context


def graph(document):
    with warnings.catch_warnings():  # rdflib 7's own JSON-LD parser still builds a ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=json.dumps(inline_contexts(document), ensure_ascii=False), format="json-ld")
