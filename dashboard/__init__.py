"""Funnel alignment dashboard: one marketing + sales funnel over an embedded DuckDB file."""
