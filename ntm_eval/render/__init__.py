"""Renderers: pure functions from results to text or files. They never evaluate."""
