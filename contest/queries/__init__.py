"""Reads: select() builders and grouped counts by concept; eager loading is decided here so
list pages stay at a fixed number of statements whatever the size."""
