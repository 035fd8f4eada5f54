"""Writing a textbook lesson (decision 0025): its content is a library resource of the kind
``textbook``, started by the person it was commissioned from through the library's services;
its text is edited on the library's edit page, and what it has beyond a library resource (the
teacher's guide, media, interactive tasks) hangs on the open version and is edited here.

Each save states the version's ``revision`` it started from, as the library's drafts do: when
someone saved the version meanwhile, nothing is written and ``DraftConflict`` says so. A save
that goes through counts as a save of the version (its revision goes up). A task may be saved
incomplete; what is missing stops the version's submission (``hooks.problems``).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import Subject
from ortaq.core.uploads import AUDIO, CAPTIONS, IMAGE, VIDEO, UploadKind, check_upload
from ortaq.library import services as library
from ortaq.library.choices import EDITABLE, Kind
from ortaq.library.models import Resource, Version
from ortaq.textbooks.choices import ExerciseKind, MediaKind
from ortaq.textbooks.models import Accepted, Exercise, Lesson, LessonGuide, Media, Option

MAX_TASKS = 40
MAX_OPTIONS = 12
MAX_MEDIA = 30
MAX_TEXT = 20_000
UPLOADS: dict[str, UploadKind] = {
    MediaKind.IMAGE: IMAGE,
    MediaKind.AUDIO: AUDIO,
    MediaKind.VIDEO: VIDEO,
}
GAP_MARK = re.compile(r"\[(\d{1,2})\]")


# Starting the lesson's content ----------------------------------------------------------------


@transaction.atomic
def lesson_start(
    *, actor: User, lesson: Lesson, subject: Subject, codes: Sequence[str] = ()
) -> Resource:
    """Start the lesson's content as a library resource of the kind ``textbook`` in the
    textbook's language, its first draft titled as planned, for the textbook's grades; its
    writer is its lead author. Started already: the resource it has."""
    locked = Lesson.objects.select_for_update(of=("self",)).select_related("unit__textbook")
    found = locked.get(pk=lesson.pk)
    if found.resource_id is not None:
        started: Resource = found.resource  # type: ignore[assignment]
        if not actor.has_perm("library.edit_resource", started):
            raise NotAllowed(_("Someone else writes this lesson."))
        return started
    if not actor.has_perm("textbooks.start_lesson", found):
        raise NotAllowed(_("Only the teacher the lesson was commissioned from writes it."))
    textbook = found.unit.textbook
    resource = library.resource_create(
        actor=actor,
        about=library.NewResource(kind=Kind.TEXTBOOK, subject=subject, language=textbook.language),
        draft=library.Draft(
            title=found.title,
            grades=tuple(range(textbook.grade_from, textbook.grade_to + 1)),
            codes=tuple(codes),
        ),
        textbook_lesson=True,
    )
    found.resource = resource
    found.save(update_fields=["resource"])
    version = resource.versions.get()
    LessonGuide.objects.create(version=version)
    return resource


# The open version ---------------------------------------------------------------------------


def _open(actor: User, version: Version, revision: int | None) -> Version:
    """Lock ``version`` for a change by ``actor``: one of its authors, while it is editable,
    unchanged since ``revision`` (when given). Counts the change as a save."""
    if not actor.has_perm("library.edit_resource", version.resource):
        raise NotAllowed(_("Only the lesson's authors edit it."))
    locked = (
        Version.objects.select_for_update(of=("self",))
        .select_related("resource")
        .get(pk=version.pk)
    )
    if locked.resource.kind != Kind.TEXTBOOK:
        raise DomainError(_("This is not a textbook lesson."), code="kind")
    if locked.status not in EDITABLE:
        raise DomainError(
            _("This version is %(status)s: it is not edited now.")
            % {"status": locked.get_status_display()},
            code="frozen",
        )
    if revision is not None and locked.revision != revision:
        raise library.DraftConflict(locked)
    locked.revision = F("revision") + 1
    locked.updated_at = timezone.now()
    locked.updated_by = actor
    locked.save(update_fields=["revision", "updated_at", "updated_by"])
    locked.refresh_from_db(fields=["revision"])
    return locked


def _text(value: str, what: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise DomainError(_("The %(what)s is too long.") % {"what": what}, code="long")
    library.body_refused(value)
    return value


@transaction.atomic
def guide_save(*, actor: User, version: Version, revision: int, text: str) -> LessonGuide:
    """Save the teacher's guide of the lesson's open version."""
    locked = _open(actor, version, revision)
    guide, _created = LessonGuide.objects.get_or_create(version=locked)
    guide.text = _text(text, _("teacher's guide"))
    guide.save(update_fields=["text"])
    return guide


# Interactive tasks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """An option (choice tasks), a pair (``text`` matches ``match``) or an item (ordering, in
    the right order)."""

    text: str
    match: str = ""
    is_right: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class TaskDraft:
    """What a writer says of a task: its kind and prompt, hint and feedback, its options and
    its accepted answers (``(gap, text)``; a short answer's gap is 1)."""

    kind: str
    prompt: str
    hint: str = ""
    feedback_right: str = ""
    feedback_wrong: str = ""
    options: Sequence[Choice] = field(default_factory=tuple)
    accepted: Sequence[tuple[int, str]] = field(default_factory=tuple)

    def cleaned(self) -> "TaskDraft":
        if self.kind not in ExerciseKind.values:
            raise DomainError(_("Choose the kind of task."), code="kind")
        prompt = _text(self.prompt, _("task"))
        if not prompt:
            raise DomainError(_("Write the task."), code="prompt")
        options = tuple(
            Choice(
                text=o.text.strip()[:500],
                match=o.match.strip()[:500],
                is_right=o.is_right,
                feedback=o.feedback.strip()[:500],
            )
            for o in self.options
            if o.text.strip() or o.match.strip()
        )
        if len(options) > MAX_OPTIONS:
            raise DomainError(_("A task has at most twelve options."), code="options")
        uses_options = self.kind not in (ExerciseKind.GAPS, ExerciseKind.SHORT)
        accepted = tuple(
            (1 if self.kind == ExerciseKind.SHORT else gap, text.strip()[:300])
            for gap, text in self.accepted
            if text.strip()
        )
        return TaskDraft(
            kind=self.kind,
            prompt=prompt,
            hint=_text(self.hint, _("hint")),
            feedback_right=_text(self.feedback_right, _("feedback")),
            feedback_wrong=_text(self.feedback_wrong, _("feedback")),
            options=options if uses_options else (),
            accepted=() if uses_options else accepted,
        )


def _write_task(exercise: Exercise, draft: TaskDraft) -> None:
    Option.objects.filter(exercise=exercise).delete()
    Accepted.objects.filter(exercise=exercise).delete()
    matching = draft.kind == ExerciseKind.MATCHING
    choice = draft.kind in (ExerciseKind.SINGLE, ExerciseKind.MULTIPLE)
    Option.objects.bulk_create(
        Option(
            exercise=exercise,
            position=n,
            text=o.text,
            match=o.match if matching else "",
            is_right=o.is_right if choice else False,
            feedback=o.feedback if choice else "",
        )
        for n, o in enumerate(draft.options, 1)
    )
    Accepted.objects.bulk_create(
        Accepted(exercise=exercise, gap=gap, text=text) for gap, text in draft.accepted
    )


@transaction.atomic
def exercise_add(*, actor: User, version: Version, revision: int, draft: TaskDraft) -> Exercise:
    """Add a task at the end of the lesson's open version."""
    draft = draft.cleaned()
    locked = _open(actor, version, revision)
    exercises = Exercise.objects.filter(version=locked)
    if exercises.count() >= MAX_TASKS:
        raise DomainError(_("A lesson has at most forty tasks."), code="tasks")
    last = exercises.aggregate(last=Max("position"))["last"] or 0
    exercise = Exercise.objects.create(
        version=locked,
        position=last + 1,
        kind=draft.kind,
        prompt=draft.prompt,
        hint=draft.hint,
        feedback_right=draft.feedback_right,
        feedback_wrong=draft.feedback_wrong,
    )
    _write_task(exercise, draft)
    return exercise


@transaction.atomic
def exercise_update(
    *, actor: User, exercise: Exercise, revision: int, draft: TaskDraft
) -> Exercise:
    """Replace a task of the open version with what the writer wrote."""
    draft = draft.cleaned()
    _open(actor, exercise.version, revision)
    locked = Exercise.objects.select_for_update(of=("self",)).get(pk=exercise.pk)
    locked.kind = draft.kind
    locked.prompt = draft.prompt
    locked.hint = draft.hint
    locked.feedback_right = draft.feedback_right
    locked.feedback_wrong = draft.feedback_wrong
    locked.save(update_fields=["kind", "prompt", "hint", "feedback_right", "feedback_wrong"])
    _write_task(locked, draft)
    return locked


@transaction.atomic
def exercise_remove(*, actor: User, exercise: Exercise) -> None:
    """Take a task off the open version. Removed already: nothing more."""
    _open(actor, exercise.version, None)
    Exercise.objects.filter(pk=exercise.pk).delete()


# Media --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaDraft:
    kind: str
    alt_text: str = ""
    transcript: str = ""


def _described(kind: str, alt_text: str, transcript: str, has_captions: bool) -> None:
    if kind == MediaKind.IMAGE and not alt_text:
        raise DomainError(
            _(
                "Describe the picture in its alt text (what a pupil who cannot see it needs "
                "to know): it is required."
            ),
            code="alt",
        )
    if kind in (MediaKind.AUDIO, MediaKind.VIDEO) and not (transcript or has_captions):
        raise DomainError(
            _(
                "Give the recording its captions (a WebVTT file) or its transcript, for the "
                "pupils who cannot hear it."
            ),
            code="captions",
        )


@transaction.atomic
def media_add(
    *,
    actor: User,
    version: Version,
    draft: MediaDraft,
    upload: UploadedFile[bytes],
    captions: UploadedFile[bytes] | None = None,
) -> Media:
    """Add an image (with its alt text), an audio or a video (with captions or a transcript)
    to the open version; files are checked by their content and size (``core.uploads``)."""
    if draft.kind not in UPLOADS:
        raise DomainError(_("Choose image, audio or video."), code="kind")
    alt_text = draft.alt_text.strip()[:500]
    transcript = _text(draft.transcript, _("transcript"))
    _described(draft.kind, alt_text, transcript, captions is not None)
    checked = check_upload(upload, UPLOADS[draft.kind])
    checked_captions = check_upload(captions, CAPTIONS) if captions is not None else None
    locked = _open(actor, version, None)
    media = Media.objects.filter(version=locked)
    if media.count() >= MAX_MEDIA:
        raise DomainError(_("A lesson has at most thirty media files."), code="media")
    last = media.aggregate(last=Max("position"))["last"] or 0
    made = Media(
        version=locked,
        kind=draft.kind,
        alt_text=alt_text,
        transcript=transcript,
        position=last + 1,
    )
    made.file.save(checked.file.name or "file", checked.file, save=False)
    if checked_captions is not None:
        made.captions.save(checked_captions.file.name or "captions", checked_captions.file, False)
    made.save()
    return made


@transaction.atomic
def media_update(*, actor: User, media: Media, alt_text: str, transcript: str) -> Media:
    """Change a media file's alt text or transcript."""
    alt_text = alt_text.strip()[:500]
    transcript = _text(transcript, _("transcript"))
    _described(media.kind, alt_text, transcript, bool(media.captions))
    _open(actor, media.version, None)
    media.alt_text = alt_text
    media.transcript = transcript
    media.save(update_fields=["alt_text", "transcript"])
    return media


@transaction.atomic
def media_remove(*, actor: User, media: Media) -> None:
    """Take a media file off the open version. A stored file is deleted once no version names
    it (an earlier published version may still)."""
    _open(actor, media.version, None)
    names = [f.name for f in (media.file, media.captions) if f and f.name]
    storage = media.file.storage
    Media.objects.filter(pk=media.pk).delete()
    for name in names:
        if not (
            Media.objects.filter(file=name).exists() or Media.objects.filter(captions=name).exists()
        ):
            transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]
