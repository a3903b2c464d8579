from decimal import Decimal

from summaries import charts, targets


def test_at_least_progress_is_the_share_of_the_target():
    assert targets.progress("at_least", Decimal(10), Decimal(5)) == targets.Progress(50.0, False)
    assert targets.progress("at_least", Decimal(10), Decimal(12)) == targets.Progress(100, True)


def test_at_most_treats_smaller_as_better():
    assert targets.progress("at_most", Decimal(46), Decimal(40)).met is True
    assert targets.progress("at_most", Decimal(46), Decimal(92)) == targets.Progress(50.0, False)


def test_between_is_met_inside_the_range_only():
    assert targets.progress("between", Decimal(10), Decimal(15), Decimal(20)).met is True
    assert targets.progress("between", Decimal(10), Decimal(5), Decimal(20)) == targets.Progress(50.0, False)
    assert targets.progress("between", Decimal(10), Decimal(40), Decimal(20)) == targets.Progress(50.0, False)


def test_no_figure_means_no_progress():
    assert targets.progress("at_least", Decimal(10), None) == targets.Progress(None, None)


def test_bar_chart_labels_every_bar_and_escapes_text():
    svg = charts.bar_chart(
        ["Q1 <b>", "Q2"],
        [charts.Series("Tỷ lệ", [50.0, None]), charts.Series("Đúng hạn", [25.5, 10])],
        title="Tỷ lệ & đúng hạn",
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "50%" in svg
    assert "25,5%" in svg
    assert "10%" in svg
    assert "—" in svg
    assert "Q1 &lt;b&gt;" in svg
    assert "Tỷ lệ &amp; đúng hạn" in svg
    # The second series is told apart by a pattern, not only a colour.
    assert "hatch" in svg


def test_horizontal_bars_write_the_value_or_the_given_text():
    svg = charts.horizontal_bars([("A", 40.0, None), ("B", None, "chưa có số liệu")], title="t")
    assert "40%" in svg
    assert "chưa có số liệu" in svg
