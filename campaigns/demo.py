"""Demo data: the real directives and campaigns of the seed documents.

Sources (../shared/seeds/): 000 = news item of 04/05/2018 on Chỉ thị 17/CT-BTTTT; 001 = news
item of 08/04/2021 on Chỉ thị 05/CT-BTTTT; 002 = full text of Chỉ thị 103/CT-BTTTT
(13/12/2021). Where a source gives only a summary, only what it says is stored; what it
does not say (an issue date, a signer) is left blank rather than guessed.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.demo import EMULATION_DEPARTMENT_CODE, PROVINCES_BY_CLUSTER, department_code
from accounts.models import Organization

from . import demo_sources as src
from .models import Campaign, CampaignTask, CampaignTheme, Directive, Field, Target

FIELDS = (
    "Bưu chính",
    "Viễn thông",
    "Ứng dụng công nghệ thông tin",
    "An toàn thông tin mạng",
    "Kinh tế số",
    "Công nghiệp ICT",
    "Báo chí, truyền thông",
)

# 05/CT-BTTTT names six fields; its "An toàn, an ninh mạng" is the field 103/CT-BTTTT calls
# "An toàn thông tin mạng".
FIELDS_05 = (
    "Bưu chính",
    "Viễn thông",
    "Ứng dụng công nghệ thông tin",
    "An toàn thông tin mạng",
    "Công nghiệp ICT",
    "Báo chí, truyền thông",
)

THEME_2021 = (
    "Có việc khó thì mới có thi đua. Thi đua để làm được việc khó, tạo ra giá trị và nhân rộng giá trị, "
    "tìm ra cá nhân điển hình, tập thể xuất sắc, việc 5 năm hãy thi đua hoàn thành trong 1 năm"
)
THEME_2022 = "Toàn ngành Thông tin và Truyền thông thi đua đổi mới, sáng tạo, đi đầu thực hiện chuyển đổi số để phát triển bền vững"

RECIPIENTS_103 = "\n".join(
    [
        "- Hội đồng TĐKTTW;",
        "- Ban TĐKTTW;",
        "- Bộ trưởng và các Thứ trưởng;",
        "- Các thành viên Hội đồng TĐKT Bộ;",
        "- Các cơ quan, đơn vị, doanh nghiệp thuộc Bộ;",
        "- Sở TTTT các tỉnh/TP trực thuộc Trung ương;",
        "- Các Hội, Hiệp hội, doanh nghiệp hoạt động trong lĩnh vực TTTT;",
        "- Cổng thông tin điện tử Bộ;",
        "- Lưu: VT, TĐKT, NAH (17)",
    ]
)
REFERENCES_103 = "\n".join(
    [
        "Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về “Tiếp tục đổi mới công tác thi đua, khen thưởng”",
        "Chỉ thị số 73/CT-BTTTT ngày 25/10/2021 của Bộ Thông tin và Truyền thông",
        "Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ",
        "Chỉ thị số 05 /CT-TW ngày 15/5/2016 của Bộ Chính trị khóa XII",
        "Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ",
    ]
)

ICT = src.TARGET_PARAGRAPHS_103["Công nghiệp ICT"]
ICT_FOCUS, ICT_FIGURES = ICT[1].split(" Năm 2022, ")
ICT_DENSITY, ICT_GROWTH = ("Năm 2022, " + ICT_FIGURES).rstrip(".").split("; ")


def _targets_103():
    """(field, text, measure) for Part II of 103/CT-BTTTT; measure is None or a dict of metric fields."""
    rows = []
    for field, paragraphs in src.TARGET_PARAGRAPHS_103.items():
        for text in paragraphs:
            if field == "Công nghiệp ICT" and text == ICT[1]:
                rows.append((field, ICT_FOCUS, None))
                rows.append(
                    (
                        field,
                        ICT_DENSITY,
                        {
                            "metric": "Tỷ lệ doanh nghiệp công nghệ số trên 1.000 dân",
                            "direction": Target.Direction.AT_LEAST,
                            "target_value": Decimal("0.7"),
                            "unit": "doanh nghiệp/1.000 dân",
                        },
                    )
                )
                rows.append(
                    (
                        field,
                        ICT_GROWTH[0].upper() + ICT_GROWTH[1:],
                        {
                            "metric": "Tốc độ phát triển doanh nghiệp công nghệ số Việt Nam",
                            "direction": Target.Direction.BETWEEN,
                            "target_value": Decimal("10"),
                            "target_value_max": Decimal("20"),
                            "unit": "%",
                        },
                    )
                )
                continue
            measure = None
            if text.startswith("Đưa Việt Nam đạt thứ hạng 46"):
                measure = {
                    "metric": "Thứ hạng Chỉ số phát triển bưu chính (2IPD) của UPU",
                    "direction": Target.Direction.AT_MOST,
                    "target_value": Decimal("46"),
                }
            elif text.startswith("Phấn đấu đến hết năm 2022, Việt Nam vào nhóm 80"):
                measure = {
                    "metric": "Thứ hạng Chính phủ điện tử theo đánh giá của Liên Hợp Quốc",
                    "direction": Target.Direction.AT_MOST,
                    "target_value": Decimal("80"),
                }
            rows.append((field, text, measure))
    return rows


def _sync(model, lookup, values):
    """get_or_create, then save only when a value differs (so a second run changes nothing)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
    return obj


def _campaign(name, *, values, tasks=(), themes=(), targets=(), fields=(), participants=None):
    campaign = _sync(Campaign, {"name": name}, values)
    all_fields = {f.name: f for f in Field.objects.all()}
    campaign.fields.set([all_fields[f] for f in fields])
    campaign.participants.set(participants or [])
    for position, text in enumerate(tasks, start=1):
        _sync(CampaignTask, {"campaign": campaign, "position": position}, {"text": text})
    for year, text in themes:
        _sync(CampaignTheme, {"campaign": campaign, "year": year}, {"text": text})
    for position, (field, text, measure) in enumerate(targets, start=1):
        target = {
            "field": all_fields[field],
            "text": text,
            "year": campaign.start_date.year,
            "metric": "",
            "direction": "",
            "target_value": None,
            "target_value_max": None,
            "unit": "",
            **(measure or {}),
        }
        _sync(Target, {"campaign": campaign, "position": position}, target)
    return campaign


@transaction.atomic
def seed(stdout=None):
    """Load the fields, the three directives and their four campaigns (idempotent)."""
    for position, name in enumerate(FIELDS, start=1):
        _sync(Field, {"name": name}, {"position": position, "is_active": True})

    d17 = _sync(
        Directive,
        {"number": "17/CT-BTTTT"},
        {
            # The news item of 04/05/2018 says it "đã ký ban hành" without the date.
            "issued_on": None,
            "signer": "Trương Minh Tuấn",
            "signer_position": "Bộ trưởng Bộ Thông tin và Truyền thông",
            "title": "Phát động phong trào thi đua chuyên đề “Thi đua thực hiện hiệu quả công tác thông tin đối ngoại của ngành Thông tin và Truyền thông” năm 2018",
            "body": src.BODY_17,
            "year": 2018,
            "references": "Hướng dẫn xây dựng kế hoạch công tác thông tin đối ngoại năm 2018 số 3616/BTTTT-TTĐN ngày 06/10/2017 của Bộ TTTT",
            "recipients": "Các sở TTTT các tỉnh, thành phố trực thuộc Trung ương",
        },
    )
    d05 = _sync(
        Directive,
        {"number": "05/CT-BTTTT"},
        {
            # The news item of 08/04/2021 gives neither the issue date nor the signer.
            "issued_on": None,
            "signer": "",
            "signer_position": "",
            "title": "Về Công tác thi đua, khen thưởng về Thông tin, tuyên truyền, Xuất bản, in và phát hành, Bưu chính, chuyển phát, Viễn thông, tần số vô tuyến điện, Công nghiệp, Công nghệ thông tin, Điện tử viễn thông, An toàn, an ninh mạng năm 2021",
            "body": src.BODY_05,
            "year": 2021,
            "references": "",
            "recipients": "",
        },
    )
    d103 = _sync(
        Directive,
        {"number": "103/CT-BTTTT"},
        {
            "issued_on": datetime.date(2021, 12, 13),
            "signer": "Nguyễn Mạnh Hùng",
            "signer_position": "Bộ trưởng",
            "title": "Về công tác thi đua, khen thưởng năm 2022",
            "body": src.BODY_103,
            "year": 2022,
            "references": REFERENCES_103,
            "recipients": RECIPIENTS_103,
        },
    )

    provincial = Organization.objects.filter(
        code__in=[department_code(p) for provinces in PROVINCES_BY_CLUSTER.values() for p in provinces]
    )
    _campaign(
        "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại của ngành Thông tin và Truyền thông",
        values={
            "kind": Campaign.Kind.THEMATIC,
            "directive": d17,
            "description": src.BODY_17.split("\n\n")[1],
            "start_date": datetime.date(2018, 1, 1),
            "end_date": datetime.date(2018, 12, 31),
            "lead_organization": None,
            "all_organizations": False,
            "status": Campaign.Status.ACTIVE,
        },
        tasks=src.TASKS_17,
        # 103/CT-BTTTT places thông tin đối ngoại under this field.
        fields=["Báo chí, truyền thông"],
        participants=list(provincial),
    )
    _campaign(
        "Thi đua lập thành tích xuất sắc trong 06 lĩnh vực của ngành Thông tin và Truyền thông năm 2021",
        values={
            "kind": Campaign.Kind.REGULAR,
            "directive": d05,
            "description": "Phong trào thi đua năm 2021 do Bộ trưởng Bộ Thông tin và Truyền thông phát động theo Chỉ thị số 05/CT-BTTTT.",
            "start_date": datetime.date(2021, 1, 1),
            "end_date": datetime.date(2021, 12, 31),
            "lead_organization": None,
            "all_organizations": True,
            "status": Campaign.Status.ACTIVE,
        },
        tasks=src.TASKS_05,
        themes=[(2021, THEME_2021)],
        fields=FIELDS_05,
    )
    _campaign(
        "Phong trào thi đua ngành Thông tin và Truyền thông năm 2022",
        values={
            "kind": Campaign.Kind.REGULAR,
            "directive": d103,
            "description": "Phong trào thi đua năm 2022 do Bộ trưởng Bộ Thông tin và Truyền thông phát động theo Chỉ thị số 103/CT-BTTTT ngày 13/12/2021.",
            "start_date": datetime.date(2022, 1, 1),
            "end_date": datetime.date(2022, 12, 31),
            # Part III.1 gives the Vụ Thi đua - Khen thưởng the follow-up of the campaigns.
            "lead_organization": Organization.objects.filter(code=EMULATION_DEPARTMENT_CODE).first(),
            "all_organizations": True,
            "status": Campaign.Status.ACTIVE,
        },
        tasks=src.TASKS_103,
        themes=[(2022, THEME_2022)],
        targets=_targets_103(),
        fields=FIELDS,
    )
    _campaign(
        "Ngành Thông tin và Truyền thông đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19",
        values={
            "kind": Campaign.Kind.SPECIAL,
            "directive": d103,
            "description": (
                src.COVID_SENTENCES[0]
                + "\n\n(Chỉ thị 103/CT-BTTTT yêu cầu tiếp tục triển khai phong trào trong năm 2022 "
                "mà không nêu ngày phát động hay ngày kết thúc; ngày bắt đầu ghi ở đây là đầu năm 2022, "
                "ngày kết thúc là cuối năm 2022 theo phạm vi của Chỉ thị — nguồn không nêu ngày kết thúc.)"
            ),
            "start_date": datetime.date(2022, 1, 1),
            "end_date": datetime.date(2022, 12, 31),
            "lead_organization": None,
            "all_organizations": True,
            "status": Campaign.Status.ACTIVE,
        },
        tasks=src.COVID_SENTENCES[1:],
    )
    if stdout:
        stdout.write(f"  directives: {Directive.objects.count()}, campaigns: {Campaign.objects.count()}")
