"""Exit 0 when something answers on HOST PORT (used by `make test` to find PostgreSQL)."""
import socket
import sys

try:
    with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1):
        sys.exit(0)
except OSError:
    sys.exit(1)
