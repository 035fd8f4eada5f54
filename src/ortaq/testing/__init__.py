"""What every app's tests share: factories, signed-in clients and tokens, the refusal rule's
assertions, the role matrix, the route table and the query baseline.

Tests import from here, never from another test module (``core/tests/test_conventions.py``
fails if one does); production code never imports it (import-linter).
"""
