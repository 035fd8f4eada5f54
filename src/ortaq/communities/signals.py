"""Cache invalidation of the circles report's running totals (the one kind of work signals are
used for): whatever saves or deletes a circle, a membership, a post, a meeting, an attendance
mark or a project, or moves a teacher to another school, has its places recounted. Writers in
bulk (``update``, ``bulk_create``) send no signal: they tell the totals themselves."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ortaq.accounts.models import schools_changed
from ortaq.communities.models import Attendance, Circle, Meeting, Membership, Project
from ortaq.communities.services.tallies import (
    circle_tallies_touch_circles,
    circle_tallies_touch_places,
    circle_tallies_touch_schools,
)
from ortaq.discussions.models import Post


@receiver(post_save, sender=Circle, dispatch_uid="ortaq.communities.tally_circle_saved")
@receiver(post_delete, sender=Circle, dispatch_uid="ortaq.communities.tally_circle_deleted")
def circle_changed(sender: Any, instance: Circle, **kwargs: Any) -> None:
    places = {(instance.region_id, instance.district_id, instance.school_id)}
    loaded = instance.__dict__.get("_loaded_place")
    if loaded is not None:
        places.add(loaded)  # it moved: the place it left is recounted too
    circle_tallies_touch_places(places)


@receiver(post_save, sender=Membership, dispatch_uid="ortaq.communities.tally_member_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="ortaq.communities.tally_member_gone")
def membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    from ortaq.accounts.models import Profile

    circle_tallies_touch_circles([instance.circle_id])
    circle_tallies_touch_schools(
        Profile.objects.filter(user_id=instance.user_id).values_list("school_id", flat=True)
    )


@receiver(post_save, sender=Post, dispatch_uid="ortaq.communities.tally_post_saved")
@receiver(post_delete, sender=Post, dispatch_uid="ortaq.communities.tally_post_deleted")
def post_changed(sender: Any, instance: Post, **kwargs: Any) -> None:
    from ortaq.communities.models import Thread

    # A post of the discussion core: a circle's when its discussion belongs to a thread.
    circle_tallies_touch_circles(
        Thread.objects.filter(discussions=instance.discussion_id).values_list(
            "circle_id", flat=True
        )
    )


@receiver(post_save, sender=Meeting, dispatch_uid="ortaq.communities.tally_meeting_saved")
@receiver(post_delete, sender=Meeting, dispatch_uid="ortaq.communities.tally_meeting_deleted")
@receiver(post_save, sender=Project, dispatch_uid="ortaq.communities.tally_project_saved")
@receiver(post_delete, sender=Project, dispatch_uid="ortaq.communities.tally_project_deleted")
def circle_part_changed(sender: Any, instance: Meeting | Project, **kwargs: Any) -> None:
    circle_tallies_touch_circles([instance.circle_id])


@receiver(post_save, sender=Attendance, dispatch_uid="ortaq.communities.tally_mark_saved")
@receiver(post_delete, sender=Attendance, dispatch_uid="ortaq.communities.tally_mark_deleted")
def attendance_changed(sender: Any, instance: Attendance, **kwargs: Any) -> None:
    circle_tallies_touch_circles(
        Meeting.objects.filter(pk=instance.meeting_id).values_list("circle_id", flat=True)
    )


@receiver(schools_changed, dispatch_uid="ortaq.communities.teachers_moved")
def teachers_moved(sender: Any, moves: dict[int, int | None], **kwargs: Any) -> None:
    """Teachers moved school: the schools they left and joined count their members again."""
    from ortaq.accounts.models import Profile

    if not Membership.objects.filter(user_id__in=list(moves)).exists():
        return
    joined = Profile.objects.filter(user_id__in=list(moves)).values_list("school_id", flat=True)
    circle_tallies_touch_schools([*moves.values(), *joined])
