"""Reading the list downloads, which are streamed (portal.core.listing.export_response)."""

import json


def downloaded_json(response):
    """The document of a streamed JSON download (the test client's .json() needs a plain answer)."""
    assert response.streaming, "list downloads are streamed"
    return json.loads(b"".join(response.streaming_content))
