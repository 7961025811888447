"""srs: spaced-repetition flashcards for AI/ML engineering interview preparation.

The library does the work; :mod:`srs.cli` is a thin click layer over it.
"""

__version__ = "0.1.0"
