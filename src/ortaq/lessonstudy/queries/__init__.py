"""Reads of Lesson Study groups and cycles for the pages and the API, each a fixed number of
queries and each restricted to what the reader may see (``Cycle.objects.visible_to``).

``observation``: the observer's page and the notes; ``artefacts``: a cycle and everything it
stored, as the API serves them.
"""
