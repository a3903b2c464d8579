"""Writes to accounts and organisations."""

import unicodedata

from django.db import transaction

from .models import User


def normalize_text(value):
    """Return `value` in Unicode NFC, so that Vietnamese text compares as it reads."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


@transaction.atomic
def update_profile(*, user: User, first_name: str, last_name: str, email: str, position: str, phone: str) -> User:
    """Update the personal details `user` may change about themselves."""
    user.first_name = normalize_text(first_name)
    user.last_name = normalize_text(last_name)
    user.email = email
    user.position = normalize_text(position)
    user.phone = phone
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "email", "position", "phone"])
    return user
