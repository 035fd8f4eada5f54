"""Running totals of circles, so that the circles report of the country, a region or a district
reads a few thousand rows rather than every membership, post and meeting.

``CircleTally`` holds one figure per place of circles: (region, district, school), the columns
of the circles counted (a network has no school; one spanning a region, no district), or, for
``TEACHERS``, of the school the teachers work at. A change to a circle, a membership, a post, a
meeting, an attendance mark or a project, or a teacher moving school, appends a
``CircleTallyChange`` for the places concerned; ``ortaq.communities.services.tallies``
recounts those places from the raw rows, so the totals are exact by construction (see
``docs/decisions/0018-national-data-and-lists.md``).
"""

from typing import ClassVar

from django.db import models

from ortaq.schools.models import District, Region, School


class CircleMetric(models.IntegerChoices):
    """What a tally row counts; ``key`` says of what (a day: its ordinal, local time)."""

    CIRCLES = 1  # key 0
    ACTIVE = 2  # key: the day of the circle's last activity
    MEETINGS = 3  # key: the day of meetings not cancelled
    RECORDED = 4  # key: the meeting's day; attendance marks recorded
    PRESENT = 5  # key: the meeting's day; of them, present
    PROJECTS = 6  # key: stage; sub: status (its position in ProjectStatus)
    ACCEPTED = 7  # key: the day a project was accepted
    MEMBERS = 8  # key 0: active memberships
    LEFT = 9  # key 0: memberships ended by leaving
    POSTS = 10  # key: the day of visible posts
    TEACHERS = 11  # key 0: the school's teachers who are active members of a circle


class CircleTally(models.Model):
    """One figure of one place's circles (see the module's docstring)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, related_name="+")
    metric = models.PositiveSmallIntegerField(choices=CircleMetric)
    key = models.IntegerField(default=0)
    sub = models.PositiveSmallIntegerField(default=0)
    n = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["region", "district", "school"], name="communities_tally_place"),
            models.Index(fields=["district", "school"], name="communities_tally_district"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.district_id}/{self.school_id}: {self.metric} = {self.n}"


class CircleTallyChange(models.Model):
    """A place whose circle totals must be recounted. Appended, never updated."""

    region_id = models.BigIntegerField(null=True)
    district_id = models.BigIntegerField(null=True)
    school_id = models.BigIntegerField(null=True)
    # Recount every place (after a bulk load, or a change whose places are not known).
    everything = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.region_id}/{self.district_id}/{self.school_id}"


class CircleTallyState(models.Model):
    """When the circle totals were last brought up to date (shown beside the report)."""

    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.counted_at)
