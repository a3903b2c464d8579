"""Demo data for awards: award types, Cụm 6's 2020 conference (from seed 003) and an open 2025 vote.

Run by `seed_demo` in INSTALLED_APPS order (after clusters). Idempotent.
"""

from . import demo_nominations, demo_votes


def seed(stdout=None):
    """Seed award types and nominations, then conferences, votes and decisions."""
    demo_nominations.seed(stdout)
    demo_votes.seed(stdout)
