"""Demo award types, voting rules and nominations (written by the nominations team).

- Award types of Luật Thi đua, khen thưởng 2022 and TT 09/2018 (REFERENCE.md), as data.
- Default voting rules per body, copied from settings.AWARDS_VOTING_DEFAULTS.
- Cụm 6's proposals for 2019 from seed 003 (conference of 06/3/2020): Cờ thi đua for
  Đắk Lắk and Phú Yên, Bằng khen for Gia Lai and Lâm Đồng; left submitted, for the
  conference's vote (awards/demo_votes.py).
- Illustrative (labelled "minh họa"): 2025 proposals of Gia Lai and Phú Yên for the open
  2025 vote, and Đắk Lắk's 2024 flag (it chaired Cụm 6 in the illustrative 2024 term),
  already proposed to the ministry, for the council step.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from accounts.demo import department_code
from accounts.models import Organization
from clusters.models import Cluster

from . import services, workflow
from .models import AwardType, Nomination, VotingRule

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
ILLUSTRATIVE = "(minh họa) Dữ liệu minh họa, không phải kết quả thực tế."
SOURCE_003 = (
    "Căn cứ kết quả thực hiện năm 2019, các đơn vị thành viên Cụm thi đua số 6 thống nhất đề nghị "
    "tại Hội nghị tổng kết ngày 06/3/2020 tại Đắk Lắk (nguồn: tin ngày 12/3/2020)."
)

AWARD_TYPES = (
    {
        "code": "co-thi-dua-bo",
        "name": "Cờ thi đua của Bộ",
        "scope": AwardType.Scope.COLLECTIVE,
        "eligibility": AwardType.Eligibility.CLUSTER_LEADER,
        "needs_cluster_vote": True,
        "needs_council": True,
        "description": "Tặng tập thể dẫn đầu cụm, khối thi đua trong phong trào thi đua hằng năm, hoặc dẫn đầu "
        "phong trào thi đua theo chuyên đề từ 03 năm trở lên khi tổng kết.",
        "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Thông tư 09/2018/TT-BTTTT",
        "position": 1,
    },
    {
        "code": "bang-khen-bo-truong",
        "name": "Bằng khen của Bộ trưởng",
        "scope": AwardType.Scope.BOTH,
        "eligibility": AwardType.Eligibility.NONE,
        "needs_cluster_vote": True,
        "needs_council": False,
        "description": "Khen thưởng thành tích toàn diện, thành tích theo phong trào thi đua, thành tích đột xuất.",
        "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "position": 2,
    },
    {
        "code": "tap-the-lao-dong-xuat-sac",
        "name": "Tập thể lao động xuất sắc",
        "scope": AwardType.Scope.COLLECTIVE,
        "eligibility": AwardType.Eligibility.NONE,
        "needs_cluster_vote": False,
        "needs_council": False,
        "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "position": 3,
    },
    {
        "code": "cstd-cap-bo",
        "name": "Chiến sĩ thi đua cấp Bộ",
        "scope": AwardType.Scope.INDIVIDUAL,
        "eligibility": AwardType.Eligibility.CSTD_BO,
        "needs_cluster_vote": False,
        "needs_council": True,
        "description": "03 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở và có sáng kiến được công nhận.",
        "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "position": 4,
    },
)


def _org(province):
    return Organization.objects.get(code=department_code(province))


def _award(code):
    return AwardType.objects.get(code=code)


def seed_award_types():
    for data in AWARD_TYPES:
        AwardType.objects.update_or_create(code=data["code"], defaults=data)
    for body, rule in settings.AWARDS_VOTING_DEFAULTS.items():
        VotingRule.objects.get_or_create(
            body=body,
            award_type=None,
            defaults={
                "secret": rule["secret"],
                "quorum_numerator": rule["quorum"][0],
                "quorum_denominator": rule["quorum"][1],
                "base": rule["base"],
                "threshold_numerator": rule["threshold"][0],
                "threshold_denominator": rule["threshold"][1],
                "threshold_inclusive": rule["inclusive"],
                "max_proposals": rule["max_proposals"],
                "absent_vote_in_writing": rule["absent_vote_in_writing"],
            },
        )


def _nomination(*, province, code, year, achievements, status, at, is_illustrative=False, led_cluster=None):
    """Create (once) the nomination of the department of `province` for itself, and move it to `status`."""
    organization = _org(province)
    award_type = _award(code)
    existing = Nomination.objects.filter(award_type=award_type, year=year, nominee_organization=organization).first()
    if existing:
        return existing
    nomination = services.create_nomination(
        by=None,
        proposing_organization=organization,
        award_type=award_type,
        year=year,
        nominee_organization=organization,
        led_cluster=led_cluster,
        achievements=achievements,
        is_illustrative=is_illustrative,
        # History from the source, or illustrative: recorded as it happened, not re-judged.
        check=False,
    )
    nomination.history.update(at=at)
    steps = {
        workflow.SUBMITTED: [(workflow.SUBMIT, workflow.OFFICER)],
        workflow.PROPOSED: [(workflow.SUBMIT, workflow.OFFICER), (workflow.PROPOSE, workflow.STAFF)],
    }
    for action, actor in steps.get(status, []):
        services.change_status(nomination, action=action, actor=actor, by=None, now=at)
    return nomination


def seed(stdout=None):
    """Seed award types, default voting rules, Cụm 6's 2019 proposals and illustrative ones."""
    with transaction.atomic():
        seed_award_types()
        conference = datetime.datetime(2020, 3, 6, 9, 0, tzinfo=ICT)
        for province, code in (
            ("Đắk Lắk", "co-thi-dua-bo"),
            ("Phú Yên", "co-thi-dua-bo"),
            ("Gia Lai", "bang-khen-bo-truong"),
            ("Lâm Đồng", "bang-khen-bo-truong"),
        ):
            _nomination(
                province=province,
                code=code,
                year=2019,
                achievements=SOURCE_003,
                status=workflow.SUBMITTED,
                at=conference,
            )
        cum6 = Cluster.objects.filter(number=6).first()
        _nomination(
            province="Đắk Lắk",
            code="co-thi-dua-bo",
            year=2024,
            achievements=f"{ILLUSTRATIVE} Cụm trưởng Cụm thi đua số 6 năm 2024, dẫn đầu bảng xếp hạng của Cụm.",
            status=workflow.PROPOSED,
            at=datetime.datetime(2025, 3, 20, 9, 0, tzinfo=ICT),
            is_illustrative=True,
            led_cluster=cum6,
        )
        for province in ("Gia Lai", "Phú Yên"):
            _nomination(
                province=province,
                code="bang-khen-bo-truong",
                year=2025,
                achievements=f"{ILLUSTRATIVE} Hoàn thành xuất sắc nhiệm vụ chuyển đổi số năm 2025.",
                status=workflow.SUBMITTED,
                at=datetime.datetime(2025, 12, 10, 9, 0, tzinfo=ICT),
                is_illustrative=True,
            )
    if stdout:
        stdout.write(f"  awards: {AwardType.objects.count()} award types, {Nomination.objects.count()} nominations")
