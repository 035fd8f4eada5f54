"""Running totals of a course's enrolments, so that a report reads thousands of rows, not every
enrolment of the country.

Two grains, one set of figures (see ``Metric``):

- ``SchoolTally``: per course and school (None for teachers without one): the counts behind the
  table of schools and the kinds of school, and everything a district total is made of;
- ``DistrictTally``: the same summed per course, region and district (a school under a city has
  no district; teachers without a school have neither), which the national and regional
  reports read.

``counted`` separates the enrolment of each teacher that counts for the whole group of language
versions (the one that went furthest) from her other ones, which count only in the report of
their own language version. A change to an enrolment (progress, completion, a self-assessment,
leaving, a teacher moving school) appends a ``TallyChange`` for its (group, school); the
refresher (``ortaq.courses.services.tallies``) recounts those schools from the raw rows, so the
totals are exact by construction rather than kept up by each writer.
"""

from typing import ClassVar

from django.db import models

from ortaq.courses.models.content import Course, CourseGroup
from ortaq.schools.models import District, Region, School


class Metric(models.IntegerChoices):
    """What a tally row counts; ``key`` and ``sub`` say of what."""

    ENROLLED = 1  # key 0
    STARTED = 2  # key 0
    COMPLETED = 3  # key 0
    DAYS = 4  # key: tenths of a day from enrolment to completion, of completed enrolments
    DONE = 5  # key: activity id; completions of it
    STOPPED = 6  # key: activity id; enrolments not completed whose last step it was
    # key: self-assessment item id; sub: 10 × phase + level, where the phase is 1 before and
    # 2 after for every answer, and 3 before and 4 after again for the answers of teachers who
    # answered both before and after (the same teachers compared).
    ANSWER = 7
    PAIRED = 8  # key 0: enrolments with answers both before and after


class SchoolTally(models.Model):
    """One figure of one course at one school (see the module's docstring)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, related_name="+")
    counted = models.BooleanField()
    metric = models.PositiveSmallIntegerField(choices=Metric)
    key = models.BigIntegerField(default=0)
    sub = models.PositiveSmallIntegerField(default=0)
    n = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["course", "school"], name="courses_tally_school"),
            models.Index(fields=["course", "metric"], name="courses_tally_metric"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.school_id}: {self.metric} {self.key} {self.sub} = {self.n}"


class DistrictTally(models.Model):
    """One figure of one course summed over a district's schools (see the module's docstring)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, related_name="+")
    counted = models.BooleanField()
    metric = models.PositiveSmallIntegerField(choices=Metric)
    key = models.BigIntegerField(default=0)
    sub = models.PositiveSmallIntegerField(default=0)
    n = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["course", "region", "district"], name="courses_tally_district"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.district_id}: {self.metric} {self.key} {self.sub}"


class TallyChange(models.Model):
    """A (group, school) whose totals must be recounted. Appended, never updated, so that two
    teachers of one school progressing at once never wait for each other's row."""

    group = models.ForeignKey(CourseGroup, on_delete=models.CASCADE, related_name="+")
    school_id = models.BigIntegerField(null=True)
    # A course's content changed (an activity deleted with its completions): recount it all.
    everything = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["group", "id"], name="courses_tally_change")]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.school_id}"


class TallyState(models.Model):
    """When a group's totals were last brought up to date (shown beside a report's figures)."""

    group = models.OneToOneField(CourseGroup, on_delete=models.CASCADE, related_name="+")
    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.group_id}: {self.counted_at}"
