"""The pure eligibility rule: who may receive which award, and the Vietnamese reason when not."""

from django.utils import translation

from awards import eligibility
from awards.eligibility import Facts, check, parse_years

FLAG = {"award_name": "Cờ thi đua của Bộ", "scope": "collective", "eligibility": "cluster_leader"}
FIGHTER = {"award_name": "Chiến sĩ thi đua cấp Bộ", "scope": "individual", "eligibility": "cstd_bo"}
CERTIFICATE = {"award_name": "Bằng khen của Bộ trưởng", "scope": "both", "eligibility": "none"}


def test_parse_years_reads_four_digit_years_only():
    assert parse_years("2022, 2023 và 2024; 12345") == (2022, 2023, 2024)
    assert parse_years("") == ()


def test_flag_for_the_cluster_chair_of_the_year():
    result = check(**FLAG, facts=Facts(year=2024, is_collective=True, chaired_clusters=("Cụm thi đua số 6",)))
    assert result.eligible
    assert "Cụm thi đua số 6" in result.basis[0]


def test_flag_for_first_in_ranking_or_thematic_campaign_leader():
    assert check(**FLAG, facts=Facts(year=2024, is_collective=True, first_in_ranking=("Cụm 6",))).eligible
    assert check(**FLAG, facts=Facts(year=2024, is_collective=True, led_thematic_campaigns=("Chuyên đề",))).eligible


def test_flag_refused_with_vietnamese_reason_for_a_unit_that_led_nothing():
    with translation.override("vi"):
        result = check(**FLAG, facts=Facts(year=2024, is_collective=True))
    assert not result
    assert "chỉ xét tặng đơn vị dẫn đầu cụm thi đua năm 2024" in result.reason
    assert "Cờ thi đua của Bộ" in result.reason


def test_flag_refused_for_a_person():
    with translation.override("vi"):
        result = check(**FLAG, facts=Facts(year=2024, is_collective=False, chaired_clusters=("Cụm 6",)))
    assert not result
    assert "chỉ xét tặng cho tập thể" in result.reason


def test_fighter_needs_three_consecutive_years_ending_with_the_year():
    facts = Facts(year=2024, is_collective=False, grassroots_years=(2022, 2023, 2024), initiative="Sáng kiến A")
    assert check(**FIGHTER, facts=facts).eligible
    gap = Facts(year=2024, is_collective=False, grassroots_years=(2021, 2022, 2024), initiative="Sáng kiến A")
    with translation.override("vi"):
        result = check(**FIGHTER, facts=gap)
    assert not result
    assert "3 năm liên tục" in result.reason
    assert "còn thiếu: 2023" in result.reason


def test_fighter_needs_an_initiative():
    facts = Facts(year=2024, is_collective=False, grassroots_years=(2022, 2023, 2024), initiative="  ")
    with translation.override("vi"):
        result = check(**FIGHTER, facts=facts)
    assert not result
    assert "sáng kiến" in result.reason


def test_fighter_refused_for_a_unit():
    assert not check(**FIGHTER, facts=Facts(year=2024, is_collective=True))


def test_one_achievement_one_reward():
    facts = Facts(year=2024, is_collective=True, other_live_nomination="Sở X — Bằng khen 2024")
    with translation.override("vi"):
        result = check(**CERTIFICATE, facts=facts)
    assert not result
    assert "Một thành tích chỉ được khen thưởng một lần" in result.reason


def test_no_condition_for_the_certificate():
    assert check(**CERTIFICATE, facts=Facts(year=2024, is_collective=True)).eligible
    assert check(**CERTIFICATE, facts=Facts(year=2024, is_collective=False)).eligible
    assert eligibility.THEMATIC_MIN_YEARS == 3
