"""Benchmarks: run with `make bench`, never inside the normal test run."""
