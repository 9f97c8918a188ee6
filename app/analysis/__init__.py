"""Majlis analysis: plain Python over plain data (lists of texts, arrays, dataclasses).

No Flask and no database here, so that every algorithm can be tested and benchmarked alone;
the web app reaches it through a thin services module."""

# Stored with every run so that a result can be traced to the code that produced it.
PARAMETERS_VERSION = "2026.11-2"
