"""Cache invalidation (the one kind of work signals are used for): a saved or deleted course
drops the cached list of its group's language versions, whatever saved it (a service, the
administration site)."""

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ortaq.courses.models import Course
from ortaq.courses.queries.catalogue import versions_cache_key


@receiver(post_save, sender=Course, dispatch_uid="ortaq.courses.course_saved")
@receiver(post_delete, sender=Course, dispatch_uid="ortaq.courses.course_deleted")
def forget_versions(sender: Any, instance: Course, **kwargs: Any) -> None:
    key = versions_cache_key(instance.group_id)
    cache.delete(key)
    # Again once the change is committed: a page read in between may have kept the old list.
    transaction.on_commit(lambda: cache.delete(key))
