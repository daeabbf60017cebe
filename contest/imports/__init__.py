"""Imports: read a CSV or XLSX file, validate every row against a spec, then write all or none.

reader.py turns bytes into a table, schema.py holds the column specs and the generic
validation, cells.py the shared cell parsers; one module per kind of file (entries, ...).
"""
