from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.serializers import serialize

from campaigns.models import Campaign, CampaignTask, CampaignTheme, Directive, Field, Target
from campaigns.selectors import campaigns_for_organization, theme_for

pytestmark = pytest.mark.django_db


def _snapshot():
    return [
        serialize("json", model.objects.order_by("pk"))
        for model in (Field, Directive, Campaign, CampaignTask, CampaignTheme, Target)
    ]


@pytest.fixture
def seeded():
    call_command("seed_demo")


def test_demo_has_the_real_directives(seeded):
    d103 = Directive.objects.get(number="103/CT-BTTTT")
    assert str(d103.issued_on) == "2021-12-13"
    assert d103.signer == "Nguyễn Mạnh Hùng"
    assert "trước ngày 15 của tháng cuối quý" in d103.body
    assert "- Sở TTTT các tỉnh/TP trực thuộc Trung ương;" in d103.recipients
    assert "34-CT/TW ngày 07/4/2014" in d103.references
    assert Directive.objects.get(number="17/CT-BTTTT").signer == "Trương Minh Tuấn"
    assert Directive.objects.get(number="05/CT-BTTTT").year == 2021
    assert Field.objects.count() == 7


def test_demo_campaigns(seeded):
    foreign = Campaign.objects.get(directive__number="17/CT-BTTTT")
    assert foreign.kind == Campaign.Kind.THEMATIC
    assert foreign.tasks.count() == 8
    assert foreign.tasks.first().text.startswith("Tiếp tục quán triệt thực hiện chiến lược")
    assert foreign.participants.count() == 63

    c2021 = Campaign.objects.get(directive__number="05/CT-BTTTT")
    assert theme_for(c2021, 2021).text.startswith("Có việc khó thì mới có thi đua.")
    assert c2021.fields.count() == 6
    assert c2021.tasks.count() == 5

    c2022 = Campaign.objects.get(directive__number="103/CT-BTTTT", kind=Campaign.Kind.REGULAR)
    assert theme_for(c2022, 2022).text == (
        "Toàn ngành Thông tin và Truyền thông thi đua đổi mới, sáng tạo, đi đầu thực hiện chuyển đổi số để phát triển bền vững"
    )
    assert c2022.tasks.count() == 7
    assert c2022.fields.count() == 7
    assert set(c2022.targets.values_list("field__name", flat=True)) == set(Field.objects.values_list("name", flat=True))
    measurable = {t.metric: t for t in c2022.targets.exclude(target_value=None)}
    assert len(measurable) == 4
    upu = measurable["Thứ hạng Chỉ số phát triển bưu chính (2IPD) của UPU"]
    assert (upu.direction, upu.target_value) == (Target.Direction.AT_MOST, Decimal("46"))
    density = measurable["Tỷ lệ doanh nghiệp công nghệ số trên 1.000 dân"]
    assert (density.direction, density.target_value) == (Target.Direction.AT_LEAST, Decimal("0.7"))
    growth = measurable["Tốc độ phát triển doanh nghiệp công nghệ số Việt Nam"]
    assert (growth.target_value, growth.target_value_max) == (Decimal("10"), Decimal("20"))

    covid = Campaign.objects.get(kind=Campaign.Kind.SPECIAL)
    assert "Covid-19" in covid.name
    assert covid.directive.number == "103/CT-BTTTT"


def test_demo_officer_takes_part(seeded):
    from accounts.models import Organization

    gia_lai = Organization.objects.get(code="so-tttt-gia-lai")
    assert len(campaigns_for_organization(gia_lai, 2018)) == 1
    assert len(campaigns_for_organization(gia_lai, 2022)) == 2


def test_demo_twice_changes_nothing(seeded):
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
