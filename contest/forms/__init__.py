"""WTForms classes, field-level checks only."""
