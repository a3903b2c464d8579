"""Demo data of the foundation: the ministry, its emulation department, the 63
provincial departments as they stood before 1 July 2025, and one demo user per role.

Sources: ../shared/REFERENCE.md (Quyết định 1459/QĐ-BTTTT of 09/9/2019 lists the 63
departments by cluster; Nghị quyết 176/2025/QH15 merged the ministry into the Ministry
of Science and Technology from 01/3/2025).
"""

import datetime

from django.db import transaction
from django.utils.text import slugify

from .models import Organization, User
from .roles import Role

DEMO_PASSWORD = "ThiDua@2026"

# The five centrally governed cities (thành phố trực thuộc trung ương) before 2025.
CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")

# The 63 provinces and cities, in the order of the 8 clusters of QĐ 1459/QĐ-BTTTT.
PROVINCES_BY_CLUSTER = {
    1: ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"),
    2: ("Sơn La", "Lai Châu", "Điện Biên", "Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn"),
    3: ("Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hưng Yên", "Quảng Ninh", "Hà Nam", "Nam Định", "Thái Bình", "Ninh Bình"),
    4: ("Hòa Bình", "Bắc Kạn", "Phú Thọ", "Bắc Giang", "Thái Nguyên", "Tuyên Quang", "Yên Bái"),
    5: ("Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế"),
    6: (
        "Đắk Lắk",
        "Gia Lai",
        "Kon Tum",
        "Lâm Đồng",
        "Đắk Nông",
        "Quảng Nam",
        "Quảng Ngãi",
        "Bình Định",
        "Phú Yên",
        "Khánh Hòa",
    ),
    7: ("Đồng Nai", "Bình Dương", "Bình Phước", "Tây Ninh", "Bình Thuận", "Ninh Thuận", "Bà Rịa - Vũng Tàu"),
    8: (
        "An Giang",
        "Long An",
        "Hậu Giang",
        "Tiền Giang",
        "Vĩnh Long",
        "Đồng Tháp",
        "Trà Vinh",
        "Kiên Giang",
        "Cà Mau",
        "Bến Tre",
        "Sóc Trăng",
        "Bạc Liêu",
    ),
}

MINISTRY_CODE = "bo-tttt"
CURRENT_MINISTRY_CODE = "bo-khcn"
EMULATION_DEPARTMENT_CODE = "vu-tdkt"


def ascii_slug(text):
    """A slug of Vietnamese text: đ/Đ become d, other diacritics are dropped."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


def department_code(province):
    return f"so-tttt-{ascii_slug(province)}"


def department_defaults(province):
    prefix = "thành phố" if province in CITIES else "tỉnh"
    return {
        "name": f"Sở Thông tin và Truyền thông {prefix} {province}",
        "short_name": f"Sở TTTT {province}",
        "kind": Organization.Kind.PROVINCIAL_DEPARTMENT,
        "province": f"TP. {province}" if province in CITIES else province,
        # Illustrative addresses (example.vn is not a real mailbox), so that demo reminders reach someone.
        "email": f"{department_code(province)}@example.vn",
    }


DEMO_USERS = (
    # username, full name (illustrative), e-mail, organisation code, role
    ("vutdkt", ("Minh", "Trần Thị"), "vutdkt@example.vn", EMULATION_DEPARTMENT_CODE, Role.STAFF),
    ("lanhdao", ("Quang", "Phạm Văn"), "lanhdao@example.vn", CURRENT_MINISTRY_CODE, Role.LEADERSHIP),
    ("gialai", ("Hà", "Nguyễn Thu"), "gialai@example.vn", department_code("Gia Lai"), Role.OFFICER),
    ("phuyen", ("Bình", "Lê Văn"), "phuyen@example.vn", department_code("Phú Yên"), Role.OFFICER),
)


def _upsert(model, lookup, defaults):
    obj, _created = model.objects.update_or_create(**lookup, defaults=defaults)
    return obj


@transaction.atomic
def seed(stdout=None):
    """Load the organisations and demo users (idempotent)."""
    most = _upsert(
        Organization,
        {"code": CURRENT_MINISTRY_CODE},
        {"name": "Bộ Khoa học và Công nghệ", "short_name": "Bộ KH&CN", "kind": Organization.Kind.MINISTRY},
    )
    _upsert(
        Organization,
        {"code": MINISTRY_CODE},
        {
            "name": "Bộ Thông tin và Truyền thông",
            "short_name": "Bộ TTTT",
            "kind": Organization.Kind.MINISTRY,
            # Nghị quyết 176/2025/QH15: merged into the Ministry of Science and Technology from 01/3/2025.
            "valid_until": datetime.date(2025, 2, 28),
            "successor": most,
        },
    )
    _upsert(
        Organization,
        {"code": EMULATION_DEPARTMENT_CODE},
        {
            "name": "Vụ Thi đua - Khen thưởng",
            "short_name": "Vụ TĐKT",
            "kind": Organization.Kind.MINISTRY_DEPARTMENT,
            # The department carries on under the merged ministry.
            "parent": most,
        },
    )
    for provinces in PROVINCES_BY_CLUSTER.values():
        for province in provinces:
            _upsert(Organization, {"code": department_code(province)}, department_defaults(province))

    for username, (first, last), email, org_code, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "organization": Organization.objects.get(code=org_code),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*_groups([role]))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.vn", DEMO_PASSWORD)
    if stdout:
        stdout.write(f"  organisations: {Organization.objects.count()}, users: {User.objects.count()}")


def _groups(roles):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=[role.value for role in roles])
