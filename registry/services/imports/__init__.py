"""Imports from other national registers: higher education from VIRTA, the matriculation examination from YTR.

Each source has a package with `client.py` (files or the register's endpoint), `parse.py` (the
source's format into plain data), `convert.py` (plain data into study rights of the national
transfer format, arranged as the national service arranges them) and `run.py` (one import run).
`store.py` writes a person's study rights through the ingest pipeline's store functions, one
transaction per person, and `references.py` resolves codes and organisations. docs/imports.md
describes the mapping.
"""
