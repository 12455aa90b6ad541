"""The views of the DCAT catalogue (portal/api/catalogue.py).

The catalogue is built with rdflib, which costs a worker about 15 MB once imported. Harvesters
read the catalogue now and then, so it is imported on the first request for it, not by every
worker at start (issue 17: a worker's memory after five exports must stay under 100 MB).
"""


def catalog_turtle(request):
    from . import catalogue

    return catalogue.catalog_turtle(request)


def catalog_jsonld(request):
    from . import catalogue

    return catalogue.catalog_jsonld(request)
