import datetime

import pytest

from .factories import CampaignFactory, DirectiveFactory, FieldFactory


@pytest.fixture
def postal(db):
    return FieldFactory(name="Bưu chính", position=1)


@pytest.fixture
def telecom(db):
    return FieldFactory(name="Viễn thông", position=2)


@pytest.fixture
def directive(db):
    return DirectiveFactory(
        number="103/CT-BTTTT",
        issued_on=datetime.date(2021, 12, 13),
        signer="Nguyễn Mạnh Hùng",
        title="Về công tác thi đua, khen thưởng năm 2022",
        body="Bộ trưởng Bộ Thông tin và Truyền thông phát động phong trào thi đua năm 2022",
        year=2022,
    )


@pytest.fixture
def campaign(directive, postal):
    return CampaignFactory(
        name="Phong trào thi đua ngành Thông tin và Truyền thông năm 2022",
        directive=directive,
        fields=[postal],
    )


def formset_data(prefix, rows, *, initial=0):
    """POST data for a formset of `rows` (dicts of field values)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def campaign_data(**overrides):
    """POST data of a complete campaign form, with no tasks, themes or targets."""
    data = {
        "name": "Phong trào thi đua thử nghiệm",
        "kind": "regular",
        "directive": "",
        "description": "",
        "start_date": "2022-01-01",
        "end_date": "2022-12-31",
        "lead_organization": "",
        "all_organizations": "on",
        **formset_data("tasks", []),
        **formset_data("themes", []),
        **formset_data("targets", []),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
