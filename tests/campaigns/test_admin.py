import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_pages_load_and_offer_no_delete(admin_client, campaign, directive):
    for name, obj in (("campaign", campaign), ("directive", directive)):
        assert admin_client.get(reverse(f"admin:campaigns_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:campaigns_{name}_change", args=[obj.pk])).status_code == 200
        assert admin_client.get(reverse(f"admin:campaigns_{name}_delete", args=[obj.pk])).status_code == 403
