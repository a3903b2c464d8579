"""Demo award types, voting rules and nominations (written by the nominations team)."""


def seed(stdout=None):
    """Seed award types and nominations."""
