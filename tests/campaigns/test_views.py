import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, CampaignTask, Directive, Field, Target
from tests.files import PDF

from .conftest import campaign_data, formset_data
from .factories import (
    CampaignFactory,
    CampaignTaskFactory,
    CampaignThemeFactory,
    DirectiveFactory,
    FieldFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


# Lists


def test_lists_need_login(client):
    for name in ("campaigns:campaign_list", "campaigns:directive_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_campaign_list_for_an_officer(officer_a_client, campaign):
    response = officer_a_client.get(reverse("campaigns:campaign_list"))
    assert response.status_code == 200
    assert campaign.name in _text(response)
    assert reverse("campaigns:campaign_create") not in _text(response)


def test_campaign_list_search_and_filters(officer_a_client, directive, postal, telecom):
    postal_campaign = CampaignFactory(name="Thi đua bưu chính", fields=[postal], directive=directive)
    thematic = CampaignFactory(
        name="Thi đua thông tin đối ngoại",
        kind=Campaign.Kind.THEMATIC,
        directive=DirectiveFactory(number="17/CT-BTTTT", year=2018),
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2018, 12, 31),
        fields=[telecom],
    )
    archived = CampaignFactory(name="Thi đua đã lưu trữ", status=Campaign.Status.ARCHIVED)
    CampaignTaskFactory(campaign=thematic, text="Đổi mới nội dung, phương thức tổ chức")
    url = reverse("campaigns:campaign_list")

    def names(**params):
        return {c.name for c in officer_a_client.get(url, params).context["page_obj"]}

    everything = {postal_campaign.name, thematic.name}
    assert names() == everything
    assert names(q="17/CT-BTTTT") == {thematic.name}
    assert names(q="phương thức tổ chức") == {thematic.name}
    assert names(q="103/CT") == {postal_campaign.name}
    assert names(year=2018) == {thematic.name}
    assert names(kind="thematic") == {thematic.name}
    assert names(field=postal.pk) == {postal_campaign.name}
    assert names(status="archived") == {archived.name}
    assert names(status="all") == everything | {archived.name}
    assert names(year="abc") == everything  # a bad filter is ignored, not an error


def test_directive_list_search_and_filters(officer_a_client, directive):
    old = DirectiveFactory(number="17/CT-BTTTT", year=2018, title="Thông tin đối ngoại", body="Một là: quán triệt")
    DirectiveFactory(number="1/CT-CU", year=2019, status=Directive.Status.ARCHIVED)
    url = reverse("campaigns:directive_list")

    def numbers(**params):
        return {d.number for d in officer_a_client.get(url, params).context["page_obj"]}

    assert numbers() == {directive.number, old.number}
    assert numbers(q="17/CT") == {old.number}
    assert numbers(q="đối ngoại") == {old.number}
    assert numbers(q="quán triệt") == {old.number}
    assert numbers(year=2022) == {directive.number}
    assert numbers(status="archived") == {"1/CT-CU"}


def test_list_search_ignores_case_and_diacritics(officer_a_client, postal):
    directive = DirectiveFactory(number="17/CT-BTTTT", title="Về công tác THÔNG TIN ĐỐI NGOẠI")
    campaign = CampaignFactory(name="Thi đua Bưu chính", directive=directive)
    CampaignTaskFactory(campaign=campaign, text="Đẩy mạnh chuyển đổi số")
    TargetFactory(campaign=campaign, field=postal, text="Mạng bưu chính phủ khắp")
    other = CampaignFactory(name="Phong trào khác")

    def campaigns(q):
        response = officer_a_client.get(reverse("campaigns:campaign_list"), {"q": q})
        return {c.name for c in response.context["page_obj"]}

    def directives(q):
        response = officer_a_client.get(reverse("campaigns:directive_list"), {"q": q})
        return {d.number for d in response.context["page_obj"]}

    for q in ("BƯU CHÍNH", "buu chinh", "ĐỐI NGOẠI", "doi ngoai", "17/ct-btttt", "day manh", "PHỦ KHẮP"):
        assert campaigns(q) == {campaign.name}, q
    assert campaigns("khac") == {other.name}
    for q in ("đối ngoại", "DOI NGOAI", "thông tin"):
        assert directives(q) == {"17/CT-BTTTT"}, q


def test_campaign_is_found_by_its_directive_s_new_title(officer_a_client, staff_user):
    from campaigns import services

    campaign = CampaignFactory(directive=DirectiveFactory(title="Tiêu đề cũ"))
    services.update_directive(campaign.directive, by=staff_user, title="Về chuyển đổi số")
    response = officer_a_client.get(reverse("campaigns:campaign_list"), {"q": "chuyen doi so"})
    assert [c.pk for c in response.context["page_obj"]] == [campaign.pk]


@pytest.mark.parametrize("name", ["campaigns:campaign_list", "campaigns:directive_list"])
def test_list_query_count_does_not_grow(name, staff_client, django_assert_max_num_queries, postal, telecom):
    def add_rows(count):
        for _ in range(count):
            campaign = CampaignFactory(fields=[postal, telecom])
            CampaignThemeFactory(campaign=campaign)

    add_rows(2)
    with django_assert_max_num_queries(8) as few:
        assert staff_client.get(reverse(name)).status_code == 200
    add_rows(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse(name))
    assert len(response.context["page_obj"]) == 17


# Detail pages


def test_campaign_detail_shows_theme_tasks_and_targets(officer_a_client, campaign, postal, telecom, unit_b):
    campaign.all_organizations = False
    campaign.save()
    campaign.participants.add(unit_b)
    CampaignThemeFactory(campaign=campaign, year=2022, text="Thi đua đổi mới, sáng tạo")
    CampaignTaskFactory(campaign=campaign, position=1, text="Tổ chức thực hiện tốt chủ trương")
    TargetFactory(
        campaign=campaign,
        field=postal,
        text="Đưa Việt Nam đạt thứ hạng 46",
        metric="Thứ hạng 2IPD",
        direction=Target.Direction.AT_MOST,
        target_value="46",
    )
    TargetFactory(campaign=campaign, field=telecom, text="Thương mại 5G")
    with time_machine.travel(datetime.datetime(2022, 6, 1, 9, 0), tick=False):
        response = officer_a_client.get(campaign.get_absolute_url())
    text = _text(response)
    assert "Thi đua đổi mới, sáng tạo" in text
    assert "Tổ chức thực hiện tốt chủ trương" in text
    assert "≤ 46" in text
    assert text.index("Bưu chính") < text.index("Đưa Việt Nam") < text.index("Viễn thông") < text.index("Thương mại 5G")
    assert unit_b.name in text
    assert directive_link(campaign) in text
    assert reverse("campaigns:campaign_edit", args=[campaign.pk]) not in text


def directive_link(campaign):
    return campaign.directive.get_absolute_url()


def test_campaign_detail_theme_of_a_chosen_year(officer_a_client, campaign):
    CampaignThemeFactory(campaign=campaign, year=2022, text="Chủ đề 2022")
    response = officer_a_client.get(campaign.get_absolute_url(), {"year": "2021"})
    assert "Chủ đề 2022" not in _text(response)
    response = officer_a_client.get(campaign.get_absolute_url(), {"year": "2022"})
    assert "Chủ đề 2022" in _text(response)


def test_directive_detail_lists_its_campaigns(officer_a_client, campaign, directive):
    response = officer_a_client.get(directive.get_absolute_url())
    assert response.status_code == 200
    assert campaign.name in _text(response)
    assert reverse("campaigns:directive_edit", args=[directive.pk]) not in _text(response)


def test_unknown_objects_are_404(staff_client):
    assert staff_client.get(reverse("campaigns:campaign_detail", args=[999])).status_code == 404
    assert staff_client.get(reverse("campaigns:directive_detail", args=[999])).status_code == 404


# Directives: create, edit, archive, download


def test_staff_creates_a_directive_with_its_file(staff_client, settings):
    response = staff_client.post(
        reverse("campaigns:directive_create"),
        {
            "number": "103/CT-BTTTT",
            "issued_on": "2021-12-13",
            "year": "2022",
            "signer": "Nguyễn Mạnh Hùng",
            "signer_position": "Bộ trưởng",
            "title": "Về công tác thi đua, khen thưởng năm 2022",
            "attachment": SimpleUploadedFile("chi-thi-103.pdf", PDF, content_type="application/pdf"),
        },
    )
    directive = Directive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == directive.get_absolute_url()
    assert directive.attachment.name.startswith("campaigns/directives/")
    assert (settings.MEDIA_ROOT / directive.attachment.name).read_bytes() == PDF


def test_directive_form_refuses_a_wrong_file(staff_client):
    response = staff_client.post(
        reverse("campaigns:directive_create"),
        {"number": "1/CT", "year": "2022", "title": "x", "attachment": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors
    assert not Directive.objects.exists()


def test_directive_download_needs_login_and_serves_the_file(staff_user, officer_a_client, client):
    directive = DirectiveFactory(attachment=SimpleUploadedFile("chi-thi.pdf", PDF))
    url = reverse("campaigns:directive_download", args=[directive.pk])
    response = officer_a_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert client.get(url).status_code == 302
    assert (
        officer_a_client.get(reverse("campaigns:directive_download", args=[DirectiveFactory().pk])).status_code == 404
    )


def test_staff_edits_a_directive_and_keeps_its_file(staff_client):
    directive = DirectiveFactory(attachment=SimpleUploadedFile("chi-thi.pdf", PDF))
    response = staff_client.post(
        reverse("campaigns:directive_edit", args=[directive.pk]),
        {"number": directive.number, "year": "2022", "title": "Tiêu đề mới"},
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.title == "Tiêu đề mới"
    assert directive.attachment


@pytest.mark.parametrize("persona", ["officer_a_client", "leadership_client", "outsider_client"])
def test_only_staff_create_or_edit_directives(persona, request, directive):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("campaigns:directive_create")).status_code == 403
    response = client.post(reverse("campaigns:directive_create"), {"number": "1/CT", "year": "2022", "title": "x"})
    assert response.status_code == 403
    response = client.post(
        reverse("campaigns:directive_edit", args=[directive.pk]), {"number": "2/CT", "year": "2022", "title": "x"}
    )
    assert response.status_code == 403
    response = client.post(reverse("campaigns:directive_set_status", args=[directive.pk]), {"status": "archived"})
    assert response.status_code == 403
    directive.refresh_from_db()
    assert (directive.number, directive.status) == ("103/CT-BTTTT", Directive.Status.ACTIVE)
    assert Directive.objects.count() == 1


def test_staff_archives_a_directive(staff_client, directive):
    url = reverse("campaigns:directive_set_status", args=[directive.pk])
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url, {"status": "archived"}).status_code == 302
    directive.refresh_from_db()
    assert directive.is_archived
    assert staff_client.post(url, {"status": "gone"}).status_code == 404


# Campaigns: create, edit, archive


def test_staff_creates_a_campaign_with_tasks_theme_and_target(staff_client, directive, postal, unit_a, unit_b):
    data = campaign_data(
        name="Phong trào thi đua năm 2022",
        directive=str(directive.pk),
        all_organizations=None,
        participants=[str(unit_a.pk)],
        fields=[str(postal.pk)],
        **formset_data("tasks", [{"ORDER": "2", "text": "Hai là"}, {"ORDER": "1", "text": "Một là"}, {"text": ""}]),
        **formset_data("themes", [{"year": "2022", "text": "Chủ đề 2022"}]),
        **formset_data(
            "targets",
            [
                {
                    "field": str(postal.pk),
                    "text": "Đưa Việt Nam đạt thứ hạng 46",
                    "metric": "Thứ hạng 2IPD",
                    "direction": "at_most",
                    "target_value": "46",
                }
            ],
        ),
    )
    response = staff_client.post(reverse("campaigns:campaign_create"), data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302, response.context and response.context["editor"].form.errors
    assert [t.text for t in campaign.tasks.all()] == ["Một là", "Hai là"]
    assert campaign.themes.get().text == "Chủ đề 2022"
    assert campaign.targets.get().metric == "Thứ hạng 2IPD"
    assert list(campaign.participants.all()) == [unit_a]
    assert campaign.directive == directive


def test_participants_are_checkboxes_grouped_by_kind(staff_client, unit_a, unit_b):
    from accounts.models import Organization

    campaign = CampaignFactory(all_organizations=False, participants=[unit_b])
    page = _text(staff_client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])))
    assert "data-participant-picker" in page
    assert 'id="div_id_participants"' in page  # participants.js hides this wrapper while all take part
    assert re.search(rf'_group\d+">{re.escape(str(Organization.Kind.PROVINCIAL_DEPARTMENT.label))}</span>', page)
    boxes = dict(re.findall(r'<input [^>]*name="participants" value="(\d+)"([^>]*)>', page))
    assert "checked" in boxes[str(unit_b.pk)]
    assert "checked" not in boxes[str(unit_a.pk)]


def test_campaign_form_shows_errors_and_saves_nothing(staff_client, postal):
    data = campaign_data(
        **formset_data(
            "targets",
            [{"field": str(postal.pk), "text": "x", "metric": "m", "direction": "at_least", "target_value": "abc"}],
        ),
        **formset_data("themes", [{"year": "2019", "text": "Ngoài thời gian"}]),
    )
    response = staff_client.post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 200
    editor = response.context["editor"]
    assert "target_value" in editor.targets.forms[0].errors
    assert "year" in editor.themes.forms[0].errors
    assert not Campaign.objects.exists()


def test_staff_edits_tasks_of_a_campaign(staff_client, campaign):
    first = CampaignTaskFactory(campaign=campaign, position=1, text="Một là")
    second = CampaignTaskFactory(campaign=campaign, position=2, text="Hai là")
    data = campaign_data(
        name=campaign.name,
        directive=str(campaign.directive.pk),
        **formset_data(
            "tasks",
            [
                {"id": str(first.pk), "ORDER": "1", "text": "Một là", "DELETE": "on"},
                {"id": str(second.pk), "ORDER": "2", "text": "Hai là (sửa)"},
                {"ORDER": "3", "text": "Ba là"},
            ],
            initial=2,
        ),
    )
    response = staff_client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    assert [(t.pk == second.pk, t.position, t.text) for t in campaign.tasks.all()] == [
        (True, 1, "Hai là (sửa)"),
        (False, 2, "Ba là"),
    ]
    assert not CampaignTask.objects.filter(pk=first.pk).exists()


def test_edit_form_renders_existing_rows(staff_client, campaign, postal):
    CampaignTaskFactory(campaign=campaign, text="Nhiệm vụ có sẵn")
    TargetFactory(campaign=campaign, field=postal, text="Mục tiêu có sẵn")
    response = staff_client.get(reverse("campaigns:campaign_edit", args=[campaign.pk]))
    assert "Nhiệm vụ có sẵn" in _text(response)
    assert "Mục tiêu có sẵn" in _text(response)
    assert 'id="targets-empty"' in _text(response)
    # No blank rows beside existing ones; one blank row where there is none yet (themes).
    editor = response.context["editor"]
    assert [formset.total_form_count() for formset in editor.formsets] == [1, 1, 1]
    assert [len(formset.initial_forms) for formset in editor.formsets] == [1, 0, 1]


@pytest.mark.parametrize("persona", ["officer_a_client", "leadership_client", "outsider_client"])
def test_only_staff_create_or_edit_campaigns(persona, request, campaign):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("campaigns:campaign_create")).status_code == 403
    assert client.post(reverse("campaigns:campaign_create"), campaign_data()).status_code == 403
    edit = reverse("campaigns:campaign_edit", args=[campaign.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, campaign_data(name="Đổi tên")).status_code == 403
    status = reverse("campaigns:campaign_set_status", args=[campaign.pk])
    assert client.post(status, {"status": "archived"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.name != "Đổi tên"
    assert campaign.status == Campaign.Status.ACTIVE
    assert Campaign.objects.count() == 1


def test_staff_archives_a_campaign(staff_client, campaign):
    url = reverse("campaigns:campaign_set_status", args=[campaign.pk])
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url, {"status": "archived"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_archived


# Fields


def test_staff_adds_and_retires_fields(staff_client, postal):
    data = formset_data(
        "form",
        [
            {"id": str(postal.pk), "name": "Bưu chính", "position": "1"},  # "is_active" unticked
            {"name": "Kinh tế số", "position": "5", "is_active": "on"},
        ],
        initial=1,
    )
    response = staff_client.post(reverse("campaigns:field_list"), data)
    assert response.status_code == 302
    assert dict(Field.objects.values_list("name", "is_active")) == {"Bưu chính": False, "Kinh tế số": True}


@pytest.mark.parametrize("persona", ["officer_a_client", "leadership_client", "outsider_client"])
def test_fields_page_is_for_staff_only(persona, request, postal):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("campaigns:field_list")).status_code == 403
    data = formset_data("form", [{"name": "Lĩnh vực lạ", "position": "9", "is_active": "on"}])
    assert client.post(reverse("campaigns:field_list"), data).status_code == 403
    assert not FieldFactory._meta.model.objects.filter(name="Lĩnh vực lạ").exists()


def test_campaign_detail_query_count_does_not_grow(
    officer_a_client, campaign, postal, telecom, django_assert_max_num_queries
):
    def add_rows(count):
        for _ in range(count):
            CampaignTaskFactory(campaign=campaign)
            TargetFactory(campaign=campaign, field=postal)
            TargetFactory(campaign=campaign, field=telecom)

    add_rows(2)
    with django_assert_max_num_queries(12) as few:
        officer_a_client.get(campaign.get_absolute_url())
    add_rows(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_a_client.get(campaign.get_absolute_url())


def test_campaign_edit_form_query_count_does_not_grow(staff_client, campaign, postal, django_assert_max_num_queries):
    from tests.factories import OrganizationFactory

    def add_rows(count):
        for _ in range(count):
            CampaignTaskFactory(campaign=campaign)
            CampaignThemeFactory(campaign=campaign, year=2022 - len(campaign.themes.all()) - 1)
            TargetFactory(campaign=campaign, field=postal)
            campaign.participants.add(OrganizationFactory())

    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    add_rows(1)
    with django_assert_max_num_queries(20) as few:
        assert staff_client.get(url).status_code == 200
    add_rows(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_archived_directives_are_not_offered_for_new_campaigns(staff_client, directive):
    archived = DirectiveFactory(number="1/CT-CU", status=Directive.Status.ARCHIVED)
    choices = staff_client.get(reverse("campaigns:campaign_create")).context["editor"].form.fields["directive"].queryset
    assert directive in choices
    assert archived not in choices
    used = CampaignFactory(directive=archived)
    form = staff_client.get(reverse("campaigns:campaign_edit", args=[used.pk])).context["editor"].form
    assert archived in form.fields["directive"].queryset
