"""What the textbook registers in ``library.hooks`` (decision 0025): a new version of a lesson
copies its predecessor's guide, media and tasks (``copy``); what a lesson's tasks and media
lack stops its submission (``problems``); and the library's version pages show its tasks and
media (``section``) — with their answers to those who may see them, without to the others."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ortaq.library.choices import Kind
from ortaq.library.models import Resource, Version
from ortaq.textbooks.checking import GAP
from ortaq.textbooks.choices import ExerciseKind, MediaKind
from ortaq.textbooks.models import Accepted, Exercise, Lesson, LessonGuide, Media, Option

_LESSON = "_textbooks_lesson"


def copy(old: Version, new: Version) -> None:
    """Copy a lesson's guide, media (sharing their stored files) and tasks, with their options
    and accepted answers, from ``old`` onto ``new``."""
    if old.resource.kind != Kind.TEXTBOOK:
        return
    guide = LessonGuide.objects.filter(version=old).first()
    LessonGuide.objects.get_or_create(version=new, defaults={"text": guide.text if guide else ""})
    Media.objects.bulk_create(
        Media(
            version=new,
            kind=m.kind,
            file=m.file.name,
            alt_text=m.alt_text,
            captions=m.captions.name if m.captions else "",
            transcript=m.transcript,
            position=m.position,
        )
        for m in Media.objects.filter(version=old)
    )
    for exercise in Exercise.objects.filter(version=old).prefetch_related("options", "accepted"):
        made = Exercise.objects.create(
            version=new,
            position=exercise.position,
            kind=exercise.kind,
            prompt=exercise.prompt,
            hint=exercise.hint,
            feedback_right=exercise.feedback_right,
            feedback_wrong=exercise.feedback_wrong,
        )
        Option.objects.bulk_create(
            Option(
                exercise=made,
                position=o.position,
                text=o.text,
                match=o.match,
                is_right=o.is_right,
                feedback=o.feedback,
            )
            for o in exercise.options.all()
        )
        Accepted.objects.bulk_create(
            Accepted(exercise=made, gap=a.gap, text=a.text) for a in exercise.accepted.all()
        )


def task_problems(exercise: Exercise, number: int) -> list[str]:
    """What stops task ``number`` (its options and accepted answers prefetched) from being
    submitted, in words its writer can act on."""
    found: list[str] = []
    options = list(exercise.options.all())
    accepted = list(exercise.accepted.all())
    n = {"number": number}
    if exercise.kind in (ExerciseKind.SINGLE, ExerciseKind.MULTIPLE):
        if len(options) < 2:
            found.append(_("Task %(number)s: give at least two options to choose from.") % n)
        right = sum(1 for o in options if o.is_right)
        if right == 0:
            found.append(_("Task %(number)s: mark the right option.") % n)
        elif exercise.kind == ExerciseKind.SINGLE and right > 1:
            found.append(
                _("Task %(number)s: a single-choice task has one right option; mark one.") % n
            )
    elif exercise.kind == ExerciseKind.MATCHING:
        if len(options) < 2:
            found.append(_("Task %(number)s: a matching task needs at least two pairs.") % n)
        if any(not o.match for o in options):
            found.append(_("Task %(number)s: give each item what it matches.") % n)
    elif exercise.kind == ExerciseKind.ORDERING:
        if len(options) < 2:
            found.append(_("Task %(number)s: an ordering task needs at least two items.") % n)
    elif exercise.kind == ExerciseKind.SHORT:
        if not accepted:
            found.append(_("Task %(number)s: give at least one accepted answer.") % n)
    elif exercise.kind == ExerciseKind.GAPS:
        marked = {int(m) for m in GAP.findall(exercise.prompt)}
        answered = {a.gap for a in accepted}
        if not marked:
            found.append(_("Task %(number)s: mark the gaps in the text as [1], [2] and so on.") % n)
        for gap in sorted(marked - answered):
            found.append(
                _("Task %(number)s: gap [%(gap)s] has no accepted answer.")
                % {"number": number, "gap": gap}
            )
        for gap in sorted(answered - marked):
            found.append(
                _(
                    "Task %(number)s: there are answers for gap [%(gap)s], but the text has "
                    "no such gap."
                )
                % {"number": number, "gap": gap}
            )
    return found


def media_problems(media: Media) -> list[str]:
    name = {"name": (media.file.name or "").rsplit("/", 1)[-1]}
    if media.kind == MediaKind.IMAGE and not media.alt_text.strip():
        return [_("The picture %(name)s has no alt text: describe it.") % name]
    if media.kind in (MediaKind.AUDIO, MediaKind.VIDEO) and not (
        media.captions or media.transcript.strip()
    ):
        return [_("The recording %(name)s has neither captions nor a transcript.") % name]
    return []


def problems(version: Version) -> list[str]:
    """What stops a lesson's version from being submitted: its tasks' and media's problems."""
    if version.resource.kind != Kind.TEXTBOOK:
        return []
    found: list[str] = []
    exercises = Exercise.objects.filter(version=version).prefetch_related("options", "accepted")
    for number, exercise in enumerate(exercises, 1):
        found.extend(task_problems(exercise, number))
    for media in Media.objects.filter(version=version):
        found.extend(media_problems(media))
    return found


def _lesson_of(resource: Resource) -> Lesson | None:
    """The lesson whose content ``resource`` is, read once per resource object (a resource's
    page shows the section of its published and of its open version) and holding that very
    object, so that who may see the answers is read from what the page loaded (its authors)."""
    if _LESSON not in resource.__dict__:
        lesson = Lesson.objects.filter(resource=resource).select_related("unit__textbook").first()
        if lesson is not None:
            lesson.resource = resource
        resource.__dict__[_LESSON] = lesson
    found: Lesson | None = resource.__dict__[_LESSON]
    return found


def section(request: Any, version: Version) -> str | None:
    """The lesson's tasks and media on the library's pages of ``version``: with the answers
    for its writers, its textbook's staff and its reviewers; without for everyone else."""
    if version.resource.kind != Kind.TEXTBOOK:
        return None
    lesson = _lesson_of(version.resource)
    user = getattr(request, "user", None)
    answers = bool(
        user is not None and lesson is not None and user.has_perm("textbooks.see_answers", lesson)
    )
    exercises = list(
        Exercise.objects.filter(version=version).prefetch_related("options", "accepted")
    )
    return render_to_string(
        "textbooks/_version_section.html",
        {
            "lesson": lesson,
            "version": version,
            "guide": LessonGuide.objects.filter(version=version).first() if answers else None,
            "media": list(Media.objects.filter(version=version)),
            "exercises": [
                (n, e, task_problems(e, n) if answers else []) for n, e in enumerate(exercises, 1)
            ],
            "answers": answers,
        },
        request=request,
    )
