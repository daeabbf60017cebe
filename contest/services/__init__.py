"""Domain writes: verb_noun(*, ...) functions that flush and never commit."""


class DomainError(Exception):
    """A rule was broken; the message is for a person to read."""
