"""Reads that the pages and the API share, one module per area (``circles``, ``meetings``,
``discussions``, ``projects``, ``reports``); callers import from the module."""
