"""Benchmarks that hold Ortaq's performance budgets (``make bench``)."""
