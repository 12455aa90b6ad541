"""Synthetic benchmark data: realistic Vietnamese reports, lessons, initiatives and metrics at any
scale, for a throw-away benchmark database only (see generator.py).

- vocabulary.py: the word and phrase pools records are written with;
- indicators.py: the synthetic indicators and how a report states their figures;
- reports.py: one report with its records, built in memory;
- generator.py: the reference rows, and the bulk writing of everything in one transaction.
"""

from .generator import GenerationResult, SyntheticDataGenerator
from .reports import SyntheticDataError

__all__ = ["GenerationResult", "SyntheticDataError", "SyntheticDataGenerator"]
