"""Blueprints, one per actor."""
