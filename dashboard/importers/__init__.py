"""Importers: files in, canonical tables out, one transaction per import."""
