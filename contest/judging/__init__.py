"""Pure judging logic (no Flask, no database): balanced, conflict-free assignment."""
