"""Reading the fixture files: every error names the file (relative to the fixtures root)."""

import hashlib
import json
from dataclasses import dataclass


class FixtureError(Exception):
    """The fixtures are not valid; nothing was written."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Where:
    """Where a record sits in the fixtures, for error messages."""

    file: str
    section: str = ""
    index: int | None = None
    key: str = ""

    def __str__(self):
        text = self.file
        if self.section:
            text += f": {self.section}"
            if self.index is not None:
                text += f"[{self.index}]"
        if self.key:
            text += f" ({self.key})"
        return text


def read_json(path, root):
    """Read a UTF-8 JSON file; errors name the file (relative to the fixtures root)."""
    name = str(path.relative_to(root))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FixtureError([f"{name}: cannot read file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FixtureError([f"{name}: not valid UTF-8 at byte {exc.start}"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FixtureError([f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None


def sha256_of(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_text(path, root):
    name = str(path.relative_to(root))
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise FixtureError([f"{name}: cannot read file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise FixtureError([f"{name}: not valid UTF-8 at byte {exc.start}"]) from None
