"""Bar charts drawn on the server as SVG: no script, readable at 360 px, and named for screen
readers (the same figures are in the table beside each chart, which is what they read).

A chart is rows of one or two bars (e.g. before and after), each row's label on its own line
above its bars so that a long place or activity name never squeezes them on a phone.
"""

from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320  # the drawing's own units; it is scaled to the width of the page
LABEL = 16  # height of a label's line
BAR = 14  # height of one bar
GAP = 10  # between rows
LONGEST_LABEL = 48  # characters; the table beside the chart has the whole name
_ids = count(1)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    values: tuple[float, ...]  # one per series
    texts: tuple[str, ...]  # what is written at the end of each bar, e.g. "42,5%"


def _short(label: str) -> str:
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1] + "…"


def bar_chart(
    *, title: str, summary: str, rows: list[Row], series: tuple[str, ...] = (), top: float = 0
) -> SafeString:
    """An SVG of ``rows``, scaled to ``top`` (or the largest value), with a legend when there
    is more than one series. ``summary`` says in words what the chart shows (its description
    for screen readers)."""
    if not rows:
        return mark_safe("")  # noqa: S308 - nothing to draw
    top = top or max((v for r in rows for v in r.values), default=0) or 1
    number = next(_ids)
    parts: list[str] = []
    y = 0
    if len(series) > 1:
        x = 0
        for index, name in enumerate(series):
            parts.append(
                f'<rect class="chart-bar chart-s{index}" x="{x}" y="{y + 3}" width="10" '
                f'height="10"/><text x="{x + 14}" y="{y + 12}">{escape(name)}</text>'
            )
            x += 24 + 7 * len(name)
        y += LABEL + 6
    room = WIDTH - 64  # the rest is for the figure written after the bar
    for row in rows:
        parts.append(f'<text x="0" y="{y + 12}">{escape(_short(row.label))}</text>')
        y += LABEL
        for index, (value, text) in enumerate(zip(row.values, row.texts, strict=True)):
            width = max(round(room * value / top, 1), 0.5 if value else 0)
            parts.append(
                f'<rect class="chart-bar chart-s{index}" x="0" y="{y}" width="{width}" '
                f'height="{BAR - 2}"/><text x="{width + 4}" y="{y + BAR - 3}">{escape(text)}</text>'
            )
            y += BAR
        y += GAP
    return mark_safe(  # noqa: S308 - every text is escaped, every number computed here
        f'<figure class="chart"><svg viewBox="0 0 {WIDTH} {y}" width="100%" role="img" '
        f'aria-labelledby="chart{number}-t chart{number}-d" focusable="false">'
        f'<title id="chart{number}-t">{escape(title)}</title>'
        f'<desc id="chart{number}-d">{escape(summary)}</desc>{"".join(parts)}</svg>'
        f'<figcaption class="muted">{escape(title)}</figcaption></figure>'
    )
