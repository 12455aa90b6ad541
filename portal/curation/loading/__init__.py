"""Apply the reviewed fixtures (see fixtures/README.md) to the database.

- files.py: reading JSON and article files, and where in them an error sits;
- loader.py: PortalDataLoader, one atomic, idempotent load, and what it changed;
- reference.py and curated.py: the loading of each kind of record;
- checks.py: the unique fields and constraints of a record, checked in memory;
- writing.py: the accepted records written in bulk, with their links and history.
"""

from .files import FixtureError, read_json, read_text
from .loader import LoadResult, PortalDataLoader

__all__ = ["FixtureError", "LoadResult", "PortalDataLoader", "read_json", "read_text"]
