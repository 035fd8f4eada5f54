"""Writing in a course's discussion activity: the discussion core's ``post_create`` with what
the course adds (only for a discussion activity, the ratings before first, and writing completes
the activity). Correcting, reporting, hiding and showing again are the core's."""

import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError
from ortaq.courses.choices import ActivityKind
from ortaq.courses.models import Activity, Enrollment
from ortaq.courses.services.progress import _check_may_progress, progress_record
from ortaq.discussions import services as core
from ortaq.discussions.models import Post


@transaction.atomic
def post_create(
    *,
    actor: User,
    activity: Activity,
    body: str,
    parent: Post | None = None,
    quote: Post | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
    client_key: uuid.UUID | None = None,
) -> Post:
    """Write in an activity's discussion; writing completes the discussion activity.

    Only enrolled teachers (and the course's trainers and moderators) write. The same text sent
    twice within half a minute makes one post, and so does the same ``client_key`` (an API
    client's one-time key) sent again at any time.
    """
    if activity.kind != ActivityKind.DISCUSSION:
        raise DomainError(_("This activity has no discussion."))
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user")
        .filter(user_id=actor.pk, course_id=activity.module.course_id)
        .first()
    )
    if enrollment is not None:
        # Writing is a step of the course like any other: the ratings before come first.
        _check_may_progress(enrollment)
    post = core.post_create(
        actor=actor, target=activity, body=body, parent=parent, quote=quote, files=files,
        client_key=client_key,
    )  # fmt: skip
    if enrollment is not None:
        progress_record(enrollment, activity, done=True)
    return post
