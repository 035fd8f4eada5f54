"""Charts drawn on the server: named for screen readers, escaped, scaled to the largest bar."""

import re

import pytest

from ortaq.core.charts import Row, bar_chart


def test_a_chart_is_an_svg_image_with_a_title_and_a_description() -> None:
    svg = bar_chart(
        title="Completion by region",
        summary="Highest: Almaty, 60%; lowest: <Atyrau>, 20%.",
        rows=[Row("Almaty", (60.0,), ("60%",)), Row("<Atyrau>", (20.0,), ("20%",))],
        top=100,
    )
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="chart(\d+)-t chart\1-d"', svg)
    assert "<title" in svg and "&lt;Atyrau&gt;" in svg and "<Atyrau>" not in svg
    widths = [
        float(w)
        for w in re.findall(r'<rect class="chart-bar chart-s0" x="0" y="\d+" width="([\d.]+)"', svg)
    ]
    assert widths[0] == pytest.approx(3 * widths[1])  # 60 against 20, on the same scale


def test_two_series_have_a_legend_and_nothing_is_drawn_without_rows() -> None:
    svg = bar_chart(
        title="Before and after",
        summary="",
        series=("before", "after"),
        rows=[Row("Excellent", (10.0, 30.0), ("10%", "30%"))],
        top=100,
    )
    assert svg.count('class="chart-bar chart-s1"') == 2  # the legend's key and the bar
    assert ">before</text>" in svg and ">after</text>" in svg
    assert bar_chart(title="x", summary="", rows=[]) == ""
