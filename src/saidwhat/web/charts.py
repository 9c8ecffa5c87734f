"""The timeline of a person's statements: one bar a week, drawn as inline SVG on the server.

Each statement stands at its precision: one known to the day or the week is a whole statement
in its week (the dark part of a bar); one known only to a month, quarter or year is spread over
its weeks, a share in each (the light part), never a spike on the period's first day. Those no
timeline can place (undated, "some time before", a decade) are counted beside it.

Hand-written SVG rather than a charting library: a bar chart of one series is a few
dozen lines of arithmetic, needs no script (so it works under the strict CSP and without
JavaScript) and adds no dependency. Colours are presentation attributes, not inline
styles, which the CSP would block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..store.records import WeekCount

WIDTH = 640
HEIGHT = 180
PAD_LEFT = 32  # room for the y-axis labels
PAD_BOTTOM = 22  # room for the date labels
PAD_TOP = 10
MAX_STEP = 28.0  # a few weeks stay bars, not slabs
LABEL_WIDTH = 70  # of a date at font size 11
BAR = "#0072B2"  # the palette's first colour; 5.2:1 against white
SPREAD = "#56B4E9"  # the palette's sky blue: a share of statements of a longer period
INK = "#444"
WEEK = dt.timedelta(weeks=1)
_LABEL = f'font-size="11" fill="{INK}"'


@dataclass(frozen=True, slots=True)
class Bar:
    week: dt.date
    quotes: int
    spread: float = 0.0

    @property
    def height(self) -> float:
        return self.quotes + self.spread


def weekly_bars(weeks: list[WeekCount]) -> list[Bar]:
    """Every week from the first to the last, the empty ones as zero: gaps are part of the story."""
    if not weeks:
        return []
    counts = {week.week: week for week in weeks}
    first, last = weeks[0].week, weeks[-1].week
    count = (last - first) // WEEK + 1
    days = [first + i * WEEK for i in range(count)]
    return [
        Bar(day, found.quotes, found.spread) if (found := counts.get(day)) else Bar(day, 0) for day in days
    ]


def timeline_svg(weeks: list[WeekCount], *, label: str, undated: int = 0) -> Markup:
    """An accessible bar chart: role img with a title and a summary, a <title> on every bar;
    `undated` statements are counted in the summary."""
    bars = weekly_bars(weeks)
    if not bars:
        return Markup("")
    top_height = max(bar.height for bar in bars)
    top = f"{top_height:g}" if top_height == int(top_height) else f"{top_height:.1f}"
    total = round(sum(bar.height for bar in bars))
    plot_w, plot_h = WIDTH - PAD_LEFT, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = min(plot_w / len(bars), MAX_STEP)
    gap = 1.0 if step >= 4 else 0.0
    base = PAD_TOP + plot_h
    summary = (
        f"{total} dated statements in {len(weeks)} of {len(bars)} weeks, from the week of "
        f"{bars[0].week.isoformat()} to the week of {bars[-1].week.isoformat()}; at most {top} in one week"
        + (f"; {undated} more without a date to place." if undated else ".")
    )
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-title">{escape(label)}</title>',
        f'<desc id="timeline-desc">{escape(summary)}</desc>',
        f'<line x1="{PAD_LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{INK}" stroke-width="1"/>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 10}" {_LABEL} text-anchor="end">{top}</text>',
        f'<text x="{PAD_LEFT - 6}" y="{base}" {_LABEL} text-anchor="end">0</text>',
    ]
    for i, bar in enumerate(bars):
        if not bar.height:
            continue
        x, width = PAD_LEFT + i * step, max(step - gap, 0.8)
        noun = "statement" if bar.quotes == 1 else "statements"
        words = f"week of {bar.week.isoformat()}: {bar.quotes} {noun}"
        if bar.spread:
            words += f" and {bar.spread:.2f} of statements known only to a longer period"
        exact = plot_h * bar.quotes / top_height
        shared = max(plot_h * bar.height / top_height, 1.0) - exact
        for y, h, colour in ((base - exact, exact, BAR), (base - exact - shared, shared, SPREAD)):
            if h > 0:
                parts.append(
                    f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{h:.2f}" '
                    f'fill="{colour}"><title>{words}</title></rect>'
                )
    text_y = HEIGHT - 6
    parts.append(f'<text x="{PAD_LEFT}" y="{text_y}" {_LABEL}>{bars[0].week.isoformat()}</text>')
    end = PAD_LEFT + len(bars) * step
    if end - PAD_LEFT > 2 * LABEL_WIDTH:  # else the two dates would overlap; the summary has both
        last = bars[-1].week.isoformat()
        parts.append(f'<text x="{end:.2f}" y="{text_y}" {_LABEL} text-anchor="end">{last}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # every interpolated string is escaped or a number/date
