from types import SimpleNamespace

from reports import rates


def cell(state, on_time=None):
    return SimpleNamespace(state=state, on_time=on_time)


def test_rates_count_only_expected_units():
    cells = [
        cell(rates.ON_TIME, True),
        cell(rates.LATE, False),
        cell(rates.RETURNED, True),
        cell(rates.MISSING),
        cell(rates.EXCUSED),
        cell(rates.NOT_APPLICABLE),
    ]
    result = rates.compute_rates(cells)
    assert (result.expected, result.reported, result.on_time) == (4, 3, 2)
    assert result.reporting_rate == 75.0
    assert result.on_time_rate == 50.0


def test_no_expected_unit_gives_no_rate():
    result = rates.compute_rates([cell(rates.NOT_APPLICABLE)])
    assert result.reporting_rate is None
    assert result.on_time_rate is None


def test_rates_from_counts_agree_with_the_cells():
    cells = [cell(rates.ON_TIME, True), cell(rates.LATE, False), cell(rates.EXCUSED), cell(rates.MISSING)]
    # 4 active units, 1 excused, 2 reported of which 1 on time
    assert rates.rates_from_counts(units=4, excused=1, reported=2, on_time=1) == rates.compute_rates(cells)
