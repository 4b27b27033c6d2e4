"""Benchmarks of Sanad's index at news-archive scale (``python -m bench.run``)."""
