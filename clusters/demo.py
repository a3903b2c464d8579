"""Demo data of clusters.

Real (sources in ../shared/REFERENCE.md and seeds/003):
- the 8 clusters of provincial departments of Quyết định 1459/QĐ-BTTTT (09/9/2019) and
  their members, recorded for every year from 2019 to 2025 (the decision stayed in force
  until the 2025 reorganisation); the rotation order is the order of the decision's list;
- the merged departments named in REFERENCE.md end on 30/6/2025, with their successors;
  membership after the 1 July 2025 merger is left for staff to set;
- Cụm 6, 2020: Gia Lai chair, Phú Yên vice-chair, chosen at the conference of 06/3/2020 in
  Đắk Lắk, and the 2020 pledge with its 9 criteria (seed 003, verbatim);
- Cụm 1: Cần Thơ chair in 2022, Hải Phòng chair in 2023 (Báo Cần Thơ, 30/3/2023).

Illustrative (marked "minh họa" in the data): Cụm 6 in 2024 (a full cycle: term, pledge,
signatures, scores, published ranking) and the 2025 term that the rotation rule gives from
it (Gia Lai chair), whose pledge is left for the chair's unit to draft in the portal.
2024/2025 are chosen because every member of Cụm 6 still existed then (before 1/7/2025).
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.demo import PROVINCES_BY_CLUSTER, department_code
from accounts.models import Organization

from .models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeCriterion, PledgeSignature, SelfAssessment

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
MEMBERSHIP_YEARS = range(2019, 2026)
ILLUSTRATIVE = "Dữ liệu minh họa, không phải kết quả thực tế."

# Nghị quyết 202/2025/QH15, from 01/7/2025 (REFERENCE.md): merged province -> successor.
MERGERS = {
    "Bình Định": "Gia Lai",
    "Phú Yên": "Đắk Lắk",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Kon Tum": "Quảng Ngãi",
    "Ninh Thuận": "Khánh Hòa",
    "Quảng Nam": "Đà Nẵng",
}
LAST_DAY_BEFORE_MERGER = datetime.date(2025, 6, 30)

# Seed 003: the members named at the 2020 conference, where the pledge was signed on paper.
PAPER_SIGNATORIES_2020 = ("Gia Lai", "Phú Yên", "Đắk Lắk", "Lâm Đồng")

# Seed 003: the 9 main criteria of Cụm 6's 2020 pledge, verbatim. The news item runs them
# together, separated by semicolons (11 clauses); the lower-case continuation of the first
# and the pairing of the two clauses on emulation movements give the 9 it announces.
CRITERIA_2020 = (
    "Tăng cường hướng dẫn, kiểm tra và tổ chức thực hiện các văn bản quy phạm pháp luật; tham mưu triển khai "
    "kịp thời, hiệu quả các chủ trương của Đảng, chính sách, pháp luật của Nhà nước cho chính quyền địa phương "
    "để thực hiện các chiến lược, quy hoạch, kế hoạch, chương trình, dự án phát triển lĩnh vực thông tin và "
    "truyền thông ở địa phương. Thực hiện nhiệm vụ là đầu mối triển khai Chính quyền điện tử tại địa phương",
    "Thường xuyên tham mưu chỉ đạo các cơ quan báo chí, truyền thông tại địa phương thông tin, tuyên truyền toàn "
    "diện, đầy đủ về chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước, công tác chỉ đạo, điều "
    "hành của Chính phủ, Thủ tướng Chính phủ và chính quyền địa phương, xây dựng lòng tin và sự đồng thuận của "
    "nhân dân tại địa phương",
    "Tích cực hỗ trợ doanh nghiệp phát triển kinh tế ngành Thông tin và Truyền thông tại địa phương",
    "Tích cực tham mưu cho chính quyền địa phương trong việc phát triển và ứng dụng công nghệ thông tin",
    "Đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin trong chỉ đạo điều hành",
    "Đẩy mạnh phong trào thi đua phát huy sáng kiến, sáng tạo đem lại hiệu quả cao trên các mặt công tác",
    "Giữ gìn đoàn kết nội bộ, gương mẫu chấp hành các chủ trương, chính sách của Đảng, pháp luật của Nhà nước. "
    "Đồng thời xây dựng tổ chức Đảng, đoàn thể trong sạch vững mạnh",
    "Tổ chức phát động, triển khai các phong trào thi đua thường xuyên, theo đợt, theo chuyên đề thiết thực, "
    "hiệu quả; Đẩy mạnh việc phát hiện, bồi dưỡng, tổng kết và nhân rộng các điển hình tiên tiến",
    "Thực hiện chế độ thông tin, báo cáo đầy đủ, đúng thời hạn quy định",
)

# Illustrative 2024 self scores (out of 10 per criterion) of the members that signed.
DEMO_SCORES_2024 = {
    "Đắk Lắk": (9.5, 9, 9, 9.5, 9, 9, 10, 9, 9.5),
    "Gia Lai": (9, 9.5, 9, 9, 9.5, 9, 9.5, 9, 9),
    "Lâm Đồng": (9, 9, 9.5, 9, 9, 9.5, 9.5, 9, 9),
    "Phú Yên": (9, 9, 9, 9.5, 9, 9, 10, 9, 8.5),
    "Khánh Hòa": (8.5, 9, 9, 9, 8.5, 9, 9.5, 9, 9),
    "Quảng Ngãi": (8.5, 8.5, 9, 9, 8.5, 9, 9, 8.5, 9),
    "Bình Định": (8.5, 8.5, 8.5, 9, 8.5, 8.5, 9, 8.5, 9),
    "Quảng Nam": (8, 8.5, 8.5, 8.5, 8.5, 8.5, 9, 8.5, 8.5),
}


def _org(province):
    return Organization.objects.get(code=department_code(province))


def _upsert(model, lookup, defaults):
    obj, _created = model.objects.update_or_create(**lookup, defaults=defaults)
    return obj


@transaction.atomic
def seed(stdout=None):
    """Load clusters, their membership, the known terms, the 2020 pledge and the illustrative year."""
    for province, successor in MERGERS.items():
        Organization.objects.filter(code=department_code(province)).update(
            valid_until=LAST_DAY_BEFORE_MERGER, successor=_org(successor)
        )
    clusters = {}
    for number, provinces in PROVINCES_BY_CLUSTER.items():
        clusters[number] = _upsert(
            Cluster,
            {"kind": Cluster.Kind.CLUSTER, "number": number},
            {
                "name": f"Cụm thi đua số {number}",
                "description": "Cụm thi đua các Sở Thông tin và Truyền thông theo Quyết định 1459/QĐ-BTTTT "
                "ngày 09/9/2019.",
            },
        )
        for year in MEMBERSHIP_YEARS:
            for order, province in enumerate(provinces, start=1):
                _upsert(
                    ClusterMembership,
                    {"organization": _org(province), "year": year},
                    {"cluster": clusters[number], "rotation_order": order},
                )
    cum1, cum6 = clusters[1], clusters[6]

    _upsert(
        ClusterTerm,
        {"cluster": cum6, "year": 2020},
        {
            "chair": _org("Gia Lai"),
            "vice_chair": _org("Phú Yên"),
            "selection": ClusterTerm.Selection.CONFERENCE,
            "conference_date": datetime.date(2020, 3, 6),
            "conference_place": "tỉnh Đắk Lắk",
            "note": "Nguồn: Hội nghị tổng kết Cụm thi đua số 6 ngày 06/3/2020 (tin ngày 12/3/2020). "
            "Số, ngày quyết định công nhận chưa được cập nhật.",
        },
    )
    for year, province, conference_date in ((2022, "Cần Thơ", None), (2023, "Hải Phòng", datetime.date(2023, 3, 30))):
        _upsert(
            ClusterTerm,
            {"cluster": cum1, "year": year},
            {
                "chair": _org(province),
                "vice_chair": None,
                "selection": ClusterTerm.Selection.CONFERENCE if conference_date else "",
                "conference_date": conference_date,
                "note": "Nguồn: Báo Cần Thơ, 30/3/2023. Nguồn không nêu Cụm phó.",
            },
        )

    pledge_2020 = _upsert(
        Pledge,
        {"cluster": cum6, "year": 2020},
        {
            "signing_date": datetime.date(2020, 3, 6),
            "signing_place": "tỉnh Đắk Lắk",
            "note": "Ký kết tại Hội nghị ngày 06/3/2020 (bản giấy): chữ ký của các Sở được ghi là ký trên giấy.",
        },
    )
    for position, text in enumerate(CRITERIA_2020, start=1):
        _upsert(PledgeCriterion, {"pledge": pledge_2020, "position": position}, {"text": text, "max_score": None})
    # Seed 003 names the members that signed at the conference; on paper, so nobody clicked.
    for province in PAPER_SIGNATORIES_2020:
        _upsert(
            PledgeSignature,
            {"pledge": pledge_2020, "organization": _org(province)},
            {
                "signed_by": None,
                "signed_at": datetime.datetime(2020, 3, 6, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
                "note": "Ký trên giấy tại Hội nghị ngày 06/3/2020 (nguồn: tin ngày 12/3/2020)",
            },
        )

    _seed_illustrative(cum6)
    if stdout:
        stdout.write(
            f"  clusters: {Cluster.objects.count()}, memberships: {ClusterMembership.objects.count()}, "
            f"terms: {ClusterTerm.objects.count()}, pledges: {Pledge.objects.count()}"
        )


def _seed_illustrative(cluster):
    """Cụm 6 in 2024 and 2025, marked "minh họa" (illustrative)."""
    _upsert(
        ClusterTerm,
        {"cluster": cluster, "year": 2024},
        {
            "chair": _org("Đắk Lắk"),
            "vice_chair": _org("Gia Lai"),
            "selection": ClusterTerm.Selection.CONFERENCE,
            "note": f"(minh họa) {ILLUSTRATIVE}",
        },
    )
    _upsert(
        ClusterTerm,
        {"cluster": cluster, "year": 2025},
        {
            "chair": _org("Gia Lai"),
            "vice_chair": _org("Kon Tum"),
            "selection": ClusterTerm.Selection.ROTATION,
            "note": f"(minh họa) {ILLUSTRATIVE}",
        },
    )
    pledge = _upsert(
        Pledge,
        {"cluster": cluster, "year": 2024},
        {
            "signing_date": datetime.date(2024, 3, 15),
            "signing_place": "",
            "assessment_due_on": datetime.date(2024, 12, 10),
            "ranking_published_at": datetime.datetime(2024, 12, 20, 9, 0, tzinfo=ICT),
            "note": f"(minh họa) {ILLUSTRATIVE} Tiêu chí sao từ giao ước năm 2020, thang điểm 10 cho mỗi tiêu chí.",
        },
    )
    criteria = [
        _upsert(PledgeCriterion, {"pledge": pledge, "position": position}, {"text": text, "max_score": Decimal(10)})
        for position, text in enumerate(CRITERIA_2020, start=1)
    ]
    for index, (province, scores) in enumerate(DEMO_SCORES_2024.items()):
        org = _org(province)
        _upsert(
            PledgeSignature,
            {"pledge": pledge, "organization": org},
            {
                "signed_by": None,
                "signed_at": datetime.datetime(2024, 3, 15, 9, 30 + index, tzinfo=ICT),
                "note": "minh họa",
            },
        )
        for criterion, score in zip(criteria, scores, strict=True):
            _upsert(
                SelfAssessment,
                {"criterion": criterion, "organization": org},
                {"score": Decimal(str(score)), "note": "minh họa", "updated_at": pledge.ranking_published_at},
            )
