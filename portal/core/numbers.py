"""Whole numbers from outside (query strings, URL parts, form fields), read one strict way.

Python's int() accepts more than a reader means: " 12", "1_000", "٣" (an Arabic-Indic three),
while str.isdigit() lets "²" through to an int() that then fails. Everything that turns a request's
text into a number (page, page_size, years, versions, ids in admin URLs) goes through here.
"""

import re

# At most 18 digits: anything longer is no page, year or id here, and stays within a 64-bit integer.
ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def parse_int(value):
    """The int that `value` spells in plain ASCII digits, or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str) or not ASCII_DIGITS.fullmatch(value):
        return None
    return int(value)
