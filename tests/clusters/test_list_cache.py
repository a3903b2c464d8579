"""The cluster list: a repeat request reuses the cached part; a write or a new day retires it; scopes never mix."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster, ClusterTerm

from .conftest import YEAR
from .factories import ClusterFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CLUSTERS = reverse("clusters:cluster_list")
CREATE = reverse("clusters:cluster_create")


def _list_queries(client, **params):
    """The queries of one request that read the clusters or their members, and the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CLUSTERS, params)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries if 'FROM "clusters_' in q["sql"]]
    return sql, response.content.decode()


def test_a_repeat_request_runs_no_list_query(officer_b_client, term):
    first, html = _list_queries(officer_b_client)
    assert first
    assert "Cụm thi đua số 6" in html
    again, html = _list_queries(officer_b_client)
    assert again == []  # not even the default year's
    assert "Sở TTTT Gia Lai" in html
    assert _list_queries(officer_b_client, year=YEAR)[0]  # another query string: its own part


def test_a_save_or_an_update_shows_on_the_next_request(officer_b_client, term):
    officer_b_client.get(CLUSTERS, {"year": YEAR})
    cluster = term.cluster
    cluster.name = "Cụm thi đua số 6 (đổi tên)"
    cluster.save()
    assert "Cụm thi đua số 6 (đổi tên)" in _list_queries(officer_b_client, year=YEAR)[1]
    vice_chair = '<i class="bi bi-star-half text-warning" aria-hidden="true"></i> Sở TTTT Phú Yên'
    assert vice_chair in _list_queries(officer_b_client, year=YEAR)[1]
    ClusterTerm.objects.filter(pk=term.pk).update(vice_chair=None)
    assert vice_chair not in _list_queries(officer_b_client, year=YEAR)[1]
    Cluster.objects.filter(pk=cluster.pk).update(name="Cụm thi đua Tây Nguyên")
    assert "Cụm thi đua Tây Nguyên" in _list_queries(officer_b_client, year=YEAR)[1]


def test_staffs_part_is_never_shown_to_an_officer(staff_client, officer_a_client, officer_b_client, term):
    staff_html = _list_queries(staff_client)[1]
    assert CREATE in staff_html
    officer_a_client.get(CLUSTERS)
    queries, html = _list_queries(officer_b_client)
    assert queries  # rendered for unit B's scope
    assert CREATE not in html
    assert _list_queries(staff_client)[0] == []


def test_the_default_year_follows_the_date_without_a_write(client, officer_a, unit_a):
    cluster = ClusterFactory(number=9, name="Cụm thử năm mới")
    MembershipFactory(cluster=cluster, organization=unit_a, year=2030, rotation_order=1)
    MembershipFactory(cluster=cluster, organization=unit_a, year=2031, rotation_order=1)
    with time_machine.travel(datetime.datetime(2030, 12, 31, 16, 0, tzinfo=datetime.UTC)):  # 23:00 in Vietnam
        client.force_login(officer_a)
        assert "?year=2030" in client.get(CLUSTERS).content.decode()
    with time_machine.travel(datetime.datetime(2030, 12, 31, 18, 0, tzinfo=datetime.UTC)):  # 01:00 on 1 January
        html = client.get(CLUSTERS).content.decode()
    assert "?year=2031" in html


# --- The cluster page ---------------------------------------------------------------------


def _detail_queries(client, cluster, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(cluster.get_absolute_url(), params)
    assert response.status_code == 200
    reads = [
        q["sql"] for q in queries if 'FROM "clusters_' in q["sql"] and 'WHERE "clusters_cluster"."id"' not in q["sql"]
    ]
    return reads, response.content.decode()


def test_a_repeat_cluster_page_reads_only_the_cluster(officer_a_client, term):
    first, html = _detail_queries(officer_a_client, term.cluster, year=YEAR)
    assert first
    assert "Sở Thông tin và Truyền thông tỉnh Đắk Lắk" in html
    again, html = _detail_queries(officer_a_client, term.cluster, year=YEAR)
    assert again == []
    assert "Sở Thông tin và Truyền thông tỉnh Đắk Lắk" in html
    ClusterTerm.objects.filter(pk=term.pk).update(note="Hội nghị bầu lại")
    assert "Hội nghị bầu lại" in _detail_queries(officer_a_client, term.cluster, year=YEAR)[1]


def test_the_chair_units_links_are_never_shown_to_another_unit(officer_a_client, officer_b_client, term):
    # Unit A chaired YEAR: it proposes the chair for YEAR + 1 (while YEAR + 1 is the coming year).
    propose = reverse("clusters:term_edit", args=[term.cluster.pk, YEAR + 1])
    MembershipFactory(cluster=term.cluster, organization=term.chair, year=YEAR + 1, rotation_order=1)
    with time_machine.travel(datetime.datetime(YEAR, 12, 1, 3, 0, tzinfo=datetime.UTC)):
        officer_a_client.force_login(term.chair.users.first())
        officer_b_client.force_login(term.vice_chair.users.first())
        assert propose in _detail_queries(officer_a_client, term.cluster, year=YEAR)[1]
        assert propose not in _detail_queries(officer_b_client, term.cluster, year=YEAR)[1]


def test_the_copy_form_carries_the_staff_members_own_token(staff_client, cluster):
    url = cluster.get_absolute_url()
    copy = reverse("clusters:membership_copy", args=[cluster.pk, YEAR + 1])
    first = staff_client.get(url, {"year": YEAR + 1})
    assert copy in first.content.decode()
    other = Client(enforce_csrf_checks=True)
    other.force_login(first.wsgi_request.user)
    again = other.get(url, {"year": YEAR + 1})
    token = again.context["csrf_token"]
    assert f'value="{token}"' in again.content.decode()  # rendered for this request, not reused
    assert other.post(copy, {"csrfmiddlewaretoken": str(token)}).status_code == 302
