"""``{% load courses %}``: the course outline and her progress box, drawn in Python.

The outline is the busiest part of the busiest page (a teacher returns to it after every
activity). Drawn by template tags, 64 activities cost some 20 ms of CPU a request; joined here
from escaped strings they cost under 2 ms, with the same HTML.
"""

from html import escape as escape_text
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.charts import Row, bar_chart
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Course, Enrollment
from ortaq.courses.queries import ModuleOutline, Outline
from ortaq.courses.queries import learning_of as queries_learning_of
from ortaq.courses.queries import waiting_for as queries_waiting_for
from ortaq.courses.queries.progress import progress_of_person

register = template.Library()


def _badge(state: object, labels: dict[str, str]) -> str:
    if state.done:  # type: ignore[attr-defined]
        return f' <span class="badge done">{labels["done"]}</span>'
    if state.waiting_review:  # type: ignore[attr-defined]
        return f' <span class="badge">{labels["waiting"]}</span>'
    if state.returned:  # type: ignore[attr-defined]
        return f' <span class="badge">{labels["returned"]}</span>'
    if state.best_score is not None:  # type: ignore[attr-defined]
        best = _("best %(score)s%%") % {"score": state.best_score}  # type: ignore[attr-defined]
        return f' <span class="badge">{escape(best)}</span>'
    return ""


@register.simple_tag
def outline_list(outline: Outline, activity_base: str, linked: bool) -> SafeString:
    """Every module with its activities: a link (when she may open them), the kind, the minutes,
    whether it is optional, and her state."""
    labels: dict[str, str] = {
        "min": escape(_("min")),
        "optional": escape(_("optional")),
        "done": escape(_("done")),
        "waiting": escape(_("waiting for review")),
        "returned": escape(_("returned for changes")),
    }
    kinds = {kind: str(escape(label)) for kind, label in ActivityKind.choices}
    enrolled = outline.enrollment is not None
    base = escape(activity_base)
    parts: list[str] = []
    for number, part in enumerate(outline.modules, start=1):
        parts.append(_module(number, part, base, labels | kinds, linked, enrolled))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _module(
    number: int,
    part: ModuleOutline,
    base: str,
    labels: dict[str, str],
    linked: bool,
    enrolled: bool,
) -> str:
    module = part.module
    items = []
    for state in part.activities:
        activity = state.activity
        title = escape_text(activity.title)
        name = f'<a href="{base}{activity.pk}/">{title}</a>' if linked else title
        meta = labels[activity.kind]
        if activity.minutes:
            meta += f", {activity.minutes} {labels['min']}"
        if not activity.required:
            meta += f", {labels['optional']}"
        badge = _badge(state, labels) if enrolled else ""
        items.append(f'<li>{name} <span class="muted">— {meta}</span>{badge}</li>')
    return (
        f'<section aria-labelledby="module-{module.pk}">'
        f'<h3 id="module-{module.pk}">{number}. {escape_text(module.title)} '
        f'<span class="muted">({part.done}/{len(part.activities)})</span></h3>'
        f'<ol class="outline">{"".join(items)}</ol></section>'
    )


def progress_box(course: Course, outline: Outline, enrollment: Enrollment | None) -> SafeString:
    """Her progress and where to go next (the course page keeps it with the outline: no form,
    nothing that depends on the request); empty for someone not enrolled."""
    if enrollment is None:
        return mark_safe("")  # noqa: S308 - nothing
    heading = escape(_("Your progress"))
    done = escape(
        _("%(done)s of %(total)s required activities done (%(percent)s%%)")
        % {
            "done": number_format(outline.required_done),
            "total": number_format(outline.required_total),
            "percent": number_format(outline.percent),
        }
    )
    parts = [
        '<section aria-labelledby="progress-heading" class="progress-box">'
        f'<h2 id="progress-heading">{heading}</h2>'
        f'<p><progress max="100" value="{outline.percent}" aria-labelledby="progress-heading">'
        f"</progress> {done}</p>"
    ]
    step = ""
    if outline.completed:
        day = date_format(localtime(enrollment.completed_at), "DATE_FORMAT")
        said = str(escape(_("You completed this course on %(date)s.") % {"date": day}))
        certificate = outline.certificate
        if certificate is not None:
            if certificate.pdf:
                href = reverse("certificates:download", args=[certificate.code])
                download = escape(_("Download your certificate"))
                link = f'<a href="{escape(href)}">{download}</a>'
            else:
                link = escape(
                    _("Your certificate is being prepared: refresh this page in a minute.")
                )
            public = reverse("certificates:verify", args=[certificate.code])
            its_page = escape(_("Its public page"))
            said += f' {link} · <a href="{escape(public)}">{its_page}</a>'
        parts.append(f'<p class="msg msg-success">{said}</p>')
    elif enrollment.status == EnrollmentStatus.LEFT:
        pass
    elif outline.owes_before:
        step = _button(
            reverse("courses:self_assessment", args=[course.pk, "before"]),
            _("Start: rate yourself first"),
        )
    elif outline.owes_after and outline.required_done == outline.required_total:
        step = _button(
            reverse("courses:self_assessment", args=[course.pk, "after"]),
            _("Last step: rate yourself again"),
        )
    elif outline.next_activity is not None:
        label = _("Continue where I stopped") if outline.required_done else _("Begin the course")
        step = _button(
            reverse("courses:activity", args=[course.pk, outline.next_activity.pk]), label
        )
    if step:
        parts.append(f"<p>{step}</p>")
    parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def _button(href: str, label: str) -> str:
    return f'<a class="button" href="{escape(href)}">{escape(label)}</a>'


@register.simple_tag
def module_options(modules: list[Any]) -> SafeString:
    """``<option>`` for each module, numbered (the offline pack's choice on the course page)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<option value="{module.pk}">{number}. {escape_text(module.title)}</option>'
            for number, module in enumerate(modules, start=1)
        )
    )


@register.simple_tag
def counts_table(title: str, rows: list[Any]) -> SafeString:
    """A table of enrolled, started and completed teachers by place or kind (the report's
    tables run to a hundred rows, drawn here for the same reason as the outline)."""
    if not rows:
        empty = escape(_("No enrolments."))
        return mark_safe(f'<h2>{escape(title)}</h2><p class="muted">{empty}</p>')  # noqa: S308
    head = "".join(
        f'<th scope="col">{escape(label)}</th>'
        for label in (title, _("Enrolled"), _("Started"), _("Completed"), _("Completion rate"))
    )
    body = "".join(
        f"<tr><td>{escape(row.label)}</td><td>{row.enrolled}</td><td>{row.started}</td>"
        f"<td>{row.completed}</td><td>{_percent(row.rate)}</td></tr>"
        for row in rows
    )
    return mark_safe(  # noqa: S308 - every value is escaped or a number
        f'<h2>{escape(title)}</h2><div class="table-wrap" tabindex="0"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


@register.inclusion_tag("courses/includes/waiting.html")
def waiting_for_you(user: User | AnonymousUser) -> dict[str, object]:
    """The courses where reflections wait for her review or posts for her moderation: for
    anyone's own page (no query for someone without a staff role)."""
    return {"waiting": queries_waiting_for(user=user)}


@register.inclusion_tag("courses/includes/person_courses.html")
def person_courses(person: User, viewer: User | AnonymousUser) -> dict[str, object]:
    """A teacher's courses and where she stands in each, as far as ``viewer`` may follow her
    (the course's report rule): for the person page."""
    return {"rows": progress_of_person(person_id=person.pk, viewer=viewer), "person": person}


def _percent(value: float) -> str:
    return f"{number_format(value, 1)}%"


@register.simple_tag
def completion_chart(title: str, rows: list[Any]) -> SafeString:
    """The completion rate of each place, as bars (the table of the same rows follows)."""
    if len(rows) < 2:
        return mark_safe("")  # noqa: S308 - one bar compares nothing
    best = max(rows, key=lambda r: r.rate)
    worst = min(rows, key=lambda r: r.rate)
    summary = _("Highest: %(best)s, %(high)s; lowest: %(worst)s, %(low)s.") % {
        "best": best.label,
        "high": _percent(best.rate),
        "worst": worst.label,
        "low": _percent(worst.rate),
    }
    return bar_chart(
        title=title,
        summary=summary,
        rows=[Row(r.label, (r.rate,), (_percent(r.rate),)) for r in rows],
        top=100,
    )


@register.simple_tag
def stops_chart(steps: list[Any]) -> SafeString:
    """How many teachers stopped at each activity (where they have not gone on from)."""
    if not any(s.stopped_here for s in steps):
        return mark_safe("")  # noqa: S308 - nobody stopped anywhere
    most = max(steps, key=lambda s: s.stopped_here)
    summary = _("Most teachers stopped at “%(activity)s”: %(count)s.") % {
        "activity": most.label,
        "count": number_format(most.stopped_here),
    }
    return bar_chart(
        title=_("Where teachers stop"),
        summary=summary,
        rows=[Row(s.label, (s.stopped_here,), (number_format(s.stopped_here),)) for s in steps],
    )


@register.simple_tag
def assessment_chart(row: Any, levels: list[str]) -> SafeString:
    """The share of answers at each level, before and after, of the same teachers."""
    if row is None or not (sum(row.before) and sum(row.after)):
        return mark_safe("")  # noqa: S308 - nothing to compare
    summary = _("At the highest level, “%(level)s”: %(before)s before and %(after)s after.") % {
        "level": levels[-1],
        "before": _percent(row.before_shares[-1]),
        "after": _percent(row.after_shares[-1]),
    }
    return bar_chart(
        title=_("The same teachers' answers, before and after"),
        summary=summary,
        series=(_("before"), _("after")),
        rows=[
            Row(level, (before, after), (_percent(before), _percent(after)))
            for level, before, after in zip(
                levels, row.before_shares, row.after_shares, strict=True
            )
        ],
        top=100,
    )


@register.inclusion_tag("courses/includes/my_courses.html")
def my_courses(user: User) -> dict[str, object]:
    """Her courses on her own page: where to continue in each, what came back for changes."""
    return {"learning": queries_learning_of(user=user)}
