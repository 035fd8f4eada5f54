"""Cache invalidation (the one kind of work signals are used for): a saved or deleted course
drops the cached list of its group's language versions, whatever saved it (a service, the
administration site); a teacher who moves school has both schools' course totals recounted,
whatever moved her (her profile, an import, the administration site); and so has the school
of any enrolment or completion saved or deleted, whatever wrote it (rows written in bulk send
no signal: those writers tell the totals themselves)."""

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ortaq.accounts.models import schools_changed
from ortaq.courses.models import ActivityCompletion, Course, Enrollment
from ortaq.courses.queries.catalogue import versions_cache_key
from ortaq.courses.services.tallies import (
    tallies_touch,
    tallies_touch_enrollment_id,
    tallies_touch_people,
)


@receiver(post_save, sender=Course, dispatch_uid="ortaq.courses.course_saved")
@receiver(post_delete, sender=Course, dispatch_uid="ortaq.courses.course_deleted")
def forget_versions(sender: Any, instance: Course, **kwargs: Any) -> None:
    key = versions_cache_key(instance.group_id)
    cache.delete(key)
    # Again once the change is committed: a page read in between may have kept the old list.
    transaction.on_commit(lambda: cache.delete(key))


@receiver(schools_changed, dispatch_uid="ortaq.courses.teachers_moved")
def recount_schools(sender: Any, moves: dict[int, int | None], **kwargs: Any) -> None:
    """Teachers moved school: the course totals of both schools are recounted."""
    tallies_touch_people(moves, moves)


@receiver(post_save, sender=Enrollment, dispatch_uid="ortaq.courses.enrollment_saved")
@receiver(post_delete, sender=Enrollment, dispatch_uid="ortaq.courses.enrollment_deleted")
def recount_enrollment(sender: Any, instance: Enrollment, **kwargs: Any) -> None:
    """An enrolment changed (progress, completion, leaving): its school's totals are recounted."""
    tallies_touch(instance)


@receiver(post_save, sender=ActivityCompletion, dispatch_uid="ortaq.courses.completion_saved")
@receiver(post_delete, sender=ActivityCompletion, dispatch_uid="ortaq.courses.completion_gone")
def recount_completion(sender: Any, instance: ActivityCompletion, **kwargs: Any) -> None:
    # Progress creates a completion with her enrolment at hand (its course and school loaded):
    # no query to find them again.
    enrollment = instance._state.fields_cache.get("enrollment")
    if enrollment is not None:
        tallies_touch(enrollment)
    else:
        tallies_touch_enrollment_id(instance.enrollment_id)
