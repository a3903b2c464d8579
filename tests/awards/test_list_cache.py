"""The nomination list: a repeat request reuses the cached part; a write retires it; units never see another's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import workflow
from awards.models import Nomination

from .factories import NominationFactory

pytestmark = pytest.mark.django_db

NOMINATIONS = reverse("awards:nomination_list")


def _list_queries(client, **params):
    """The queries of one request that read nominations (or the filter's choices), and the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(NOMINATIONS, params)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries if 'FROM "awards_' in q["sql"] or 'FROM "clusters_' in q["sql"]]
    return sql, response.content.decode()


@pytest.mark.parametrize("persona", ["staff_client", "officer_a_client"])
def test_a_repeat_request_runs_no_list_query(request, persona, unit_a, certificate_type):
    client = request.getfixturevalue(persona)
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a, nominee_name="Đơn vị A thử")
    first, html = _list_queries(client)
    assert first
    assert "Đơn vị A thử" in html
    again, html = _list_queries(client)
    assert again == []
    assert "Đơn vị A thử" in html


def test_a_save_or_an_update_shows_on_the_next_request(officer_a_client, unit_a, certificate_type):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a)
    officer_a_client.get(NOMINATIONS)
    nomination.nominee_name = "Đơn vị A (đổi tên)"
    nomination.save()
    assert "Đơn vị A (đổi tên)" in _list_queries(officer_a_client)[1]
    Nomination.objects.filter(pk=nomination.pk).update(status=workflow.SUBMITTED)
    assert _list_queries(officer_a_client, status=workflow.SUBMITTED)[1].count("Đơn vị A (đổi tên)") == 1
    Nomination.objects.filter(pk=nomination.pk).update(nominee_name="Đơn vị A (cập nhật hàng loạt)")
    assert "Đơn vị A (cập nhật hàng loạt)" in _list_queries(officer_a_client)[1]


def test_unit_b_never_sees_the_part_cached_for_staff_or_unit_a(
    staff_client, officer_a_client, officer_b_client, unit_a, certificate_type
):
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a, nominee_name="Đơn vị A thử")
    assert "Đơn vị A thử" in _list_queries(staff_client)[1]
    assert "Đơn vị A thử" in _list_queries(officer_a_client)[1]
    queries, html = _list_queries(officer_b_client)
    assert queries
    assert "Đơn vị A thử" not in html
    # Nor the other way round: unit A's part, rendered first, is not shown to staff with B's.
    assert "Đơn vị A thử" in _list_queries(staff_client, year=2024)[1]
    assert "Đơn vị A thử" not in _list_queries(officer_b_client, year=2024)[1]
