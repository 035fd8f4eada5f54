"""The course's discussions as the discussion core reads them: which discussions are the
course's, and the course's pages for the core's templates."""

from django.db.models import QuerySet

from ortaq.courses.models import Course
from ortaq.discussions.links import Links
from ortaq.discussions.models import Discussion, Post
from ortaq.discussions.queries import reported


def discussions_of(course: Course) -> QuerySet[Discussion]:
    """The discussions of the course's discussion activities."""
    return Discussion.objects.filter(activity__module__course=course)


def reported_posts(*, course: Course) -> QuerySet[Post]:
    """The course's posts with a report still open, oldest first."""
    return reported(discussions=discussions_of(course))


def reported_in_courses() -> QuerySet[Post]:
    """The posts with a report still open in every course's discussions (for the staff's
    dashboard, counted per course)."""
    return reported(discussions=Discussion.objects.filter(activity__isnull=False))


def links_of(course: Course) -> Links:
    return Links.of("courses", course.pk, back="activity")
