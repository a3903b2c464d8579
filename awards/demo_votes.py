"""Demo conferences, votes, council and decisions (written by the voting team)."""


def seed(stdout=None):
    """Seed conferences and votes."""
