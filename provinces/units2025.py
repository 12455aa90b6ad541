"""The 2025 administrative units (34 provinces, communes and wards, no districts), from the
`vietnam-provinces` package: the official list with its codes, so no name or code is typed here.

The reference data stores only codes; names are read from the package, and the admin and the
loader refuse a code the package does not know.
"""

import datetime
from functools import lru_cache

from vietnam_provinces import Province as Province2025
from vietnam_provinces import ProvinceCode, Ward, WardCode

# The day the 2025 structure took effect (Nghị quyết 202/2025/QH15 and the commune resolutions).
EFFECTIVE_ON = datetime.date(2025, 7, 1)


def province(code):
    """The 2025 province with this two-digit code, or None."""
    try:
        return Province2025.from_code(ProvinceCode(int(code)))
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=256)
def ward(code):
    """The 2025 commune or ward (xã, phường, đặc khu) with this code, or None."""
    try:
        return Ward.from_code(WardCode(int(code)))
    except (TypeError, ValueError):
        return None
