from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.IntegerChoices):
    """The steps of a Lesson Study cycle, after Dudley's handbook, in order. Steps 3 to 6 are
    taken again for each research lesson; the cycle's step is the furthest it has reached."""

    FOCUS = 1, _("Focus")
    CASE_PUPILS = 2, _("Case pupils")
    PLAN = 3, _("Research lesson plan")
    OBSERVATION = 4, _("Observation")
    INTERVIEWS = 5, _("Pupil interviews")
    DISCUSSION = 6, _("Post-lesson discussion")
    REPORT = 7, _("Report")


class Band(models.TextChoices):
    """A case pupil's attainment band: the group of learners she typifies."""

    HIGHER = "higher", _("Higher attainment")
    MIDDLE = "middle", _("Middle attainment")
    LOWER = "lower", _("Lower attainment")


class CycleRole(models.TextChoices):
    """What a person did in a cycle, as her certificate names it."""

    FACILITATOR = "facilitator", _("Facilitator")
    TEACHER = "teacher", _("Teacher of a research lesson")
    OBSERVER = "observer", _("Member of the group")
    KNOWLEDGEABLE_OTHER = "expert", _("Knowledgeable other")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# Case pupils are named by a letter only: two to four of them (Dudley: typically three).
CASE_PUPIL_CODES = ("A", "B", "C", "D")
CASE_PUPILS_MIN = 2
CASE_PUPILS_MAX = 4
# A cycle has up to three research lessons (the first, and each revision of it).
RESEARCH_LESSONS_MAX = 3
