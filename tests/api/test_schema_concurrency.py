"""Right after a worker starts, concurrent requests for the schema and the docs page all succeed."""

import threading

from django.test import Client

from portal.api import schema


def test_concurrent_first_requests_for_the_schema_and_the_docs_all_succeed(db):
    schema._build_schema.cache_clear()  # as in a fresh worker
    statuses = []
    start = threading.Barrier(16)

    def fetch(path):
        client = Client()
        start.wait()
        response = client.get(path)
        statuses.append((path, response.status_code, response["Content-Type"]))

    threads = [threading.Thread(target=fetch, args=(path,)) for path in ["/api/v1/openapi.json", "/api/"] * 8]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 16
    assert {status for _path, status, _type in statuses} == {200}
    assert all("openapi+json" in kind for path, _status, kind in statuses if path.endswith(".json"))


def test_the_schema_is_built_once_per_process(db):
    assert schema.api_schema() is schema.api_schema()
