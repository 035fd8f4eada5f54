"""Offline packs: a course or a module as a ZIP of plain HTML pages that open from disk."""

from datetime import timedelta
from pathlib import PurePosixPath

from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ortaq.accounts.models import User
from ortaq.core import packs
from ortaq.core.background import enqueue
from ortaq.core.errors import NotAllowed
from ortaq.courses.choices import ActivityKind, PackStatus
from ortaq.courses.models import Activity, Course, Enrollment, Module, OfflinePack

# A pack up to this size is built in memory; a larger one (with videos) on disk.
SPOOL_BYTES = 64 * 1024 * 1024
# A build that has not finished in this long is taken to have failed and is started again.
STALE_BUILD = timedelta(minutes=30)
STYLE = """body{font-family:system-ui,"DejaVu Sans",sans-serif;line-height:1.5;max-width:46rem;
margin:0 auto;padding:1rem;color:#1b1f24}a{color:#0b5c8a}h1{font-size:1.6rem}
nav{margin-bottom:1rem}.muted{color:#4a5560}pre,blockquote{background:#f3f6f8;padding:.5rem}
li{margin:.25rem 0}video{max-width:100%}"""


def _may_have(actor: User, course: Course) -> bool:
    return (
        actor.has_perm("courses.change_course", course)
        or Enrollment.objects.filter(user_id=actor.pk, course=course).exists()
    )


@transaction.atomic
def pack_request(
    *, actor: User, course: Course, module: Module | None = None, with_videos: bool = False
) -> OfflinePack:
    """Return the pack of the course's current content, asking for it to be built if needed.

    Enrolled teachers and the course's trainers may have it. Asking again while it is being
    built, or once it is ready, changes nothing.
    """
    if not _may_have(actor, course):
        raise NotAllowed(_("Enrol in the course to download it."))
    if module is not None and module.course_id != course.pk:
        raise NotAllowed(_("This module belongs to another course."))
    key = {
        "course": course,
        "module": module,
        "with_videos": with_videos,
        "version": course.content_version,
    }
    now = timezone.now()
    pack, created = OfflinePack.objects.get_or_create(**key, defaults={"requested_at": now})
    stale = pack.status == PackStatus.BUILDING and now - pack.requested_at > STALE_BUILD
    if created or pack.status == PackStatus.FAILED or stale:
        if not created:
            pack.status, pack.requested_at, pack.failure = PackStatus.BUILDING, now, ""
            pack.save(update_fields=["status", "requested_at", "failure"])

        def build() -> None:
            pack.forget_listed()  # the course page shows it being made
            enqueue("ortaq.courses.tasks.build_pack", pack.pk)

        transaction.on_commit(build)
    return pack


def _activity_name(activity: Activity) -> str:
    return f"{activity.module.position + 1:02d}-{activity.position + 1:02d}-{activity.pk}.html"


def _media_stem(activity: Activity, field: str) -> str:
    # The pack names it with the extension of the type its content has, not the stored one
    # (``core.packs.copy_typed``): a handout stored as "x.html" before uploads were checked by
    # content goes into the pack as text.
    stored = PurePosixPath(
        activity.file_name
        if field == "file" and activity.file_name
        else getattr(activity, field).name
    )
    return f"files/{activity.pk}-{field}-{slugify(stored.stem)}"


def pack_build(*, pack: OfflinePack) -> OfflinePack:
    """Write the ZIP: an index, one page per activity, the handouts and captions, and the videos
    when asked for; then keep it as the pack of this version and drop older ones."""
    course = pack.course
    modules = list(course.modules.all()) if pack.module is None else [pack.module]
    activities = list(
        Activity.objects.filter(module__in=modules)
        .select_related("module")
        .prefetch_related("questions__choices")
        .order_by("module__position", "module__pk", "position", "pk")
    )
    buffer, opened = packs.new_zip(SPOOL_BYTES)  # closed below
    with translation.override(course.language), opened() as archive:
        pages = [(a, _activity_name(a)) for a in activities]
        files: dict[int, dict[str, str]] = {}
        for activity in activities:
            names = {}
            for field in ("file", "captions", "poster") + (
                ("video_file",) if pack.with_videos else ()
            ):
                stored = getattr(activity, field)
                if stored:
                    names[field] = packs.copy_typed(archive, stored, _media_stem(activity, field))
            files[activity.pk] = names
        archive.writestr("style.css", STYLE)
        archive.writestr(
            "index.html",
            render_to_string(
                "courses/pack/index.html",
                {"course": course, "modules": modules, "pages": pages, "pack": pack},
            ),
        )
        for index, (activity, name) in enumerate(pages):
            archive.writestr(
                name,
                packs.site_links_absolute(
                    render_to_string(
                        "courses/pack/activity.html",
                        {
                            "course": course,
                            "activity": activity,
                            "files": files[activity.pk],
                            "previous": pages[index - 1][1] if index else None,
                            "next": pages[index + 1][1] if index + 1 < len(pages) else None,
                            "kinds": ActivityKind,
                        },
                    )
                ),
            )
    label = slugify(course.title) or f"course-{course.pk}"
    if pack.module is not None:
        label += f"-{pack.module.position + 1}"
    pack.size = buffer.tell()
    buffer.seek(0)
    pack.file.save(f"{label}-v{pack.version}.zip", File(buffer), save=False)
    buffer.close()
    pack.status, pack.built_at = PackStatus.READY, timezone.now()
    pack.save(update_fields=["file", "size", "status", "built_at"])
    pack.forget_listed()
    for old in OfflinePack.objects.filter(
        course=course, module=pack.module, with_videos=pack.with_videos, version__lt=pack.version
    ):
        old.delete()  # and its file, from storage (django-cleanup)
    return pack


def pack_failed(*, pack: OfflinePack, error: BaseException | None = None) -> None:
    """Mark the pack failed, with a reason the teacher can act on (she may ask again)."""
    if isinstance(error, OSError):
        reason = gettext_noop(
            "A file of the course could not be read, or there was no room to write the pack. "
            "Ask for it again later; if it fails again, tell the course's trainer."
        )
    else:
        reason = gettext_noop(
            "Something went wrong while the pack was being made, and the site's operators "
            "have been told. Ask for it again later."
        )
    OfflinePack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, failure=reason)
    pack.forget_listed()
