"""The move of the national service's records to the register: learners, study rights and their whole version histories.

`source.py` reads the exported files, `chain.py` rebuilds each study right's versions and checks
them against its current document, `store.py` writes one learner in one transaction, and
`run.py` is one import run. docs/imports.md describes the files and what the report says.
"""
