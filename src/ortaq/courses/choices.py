from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class SchoolKind(models.TextChoices):
    """Kinds of school a course is meant for."""

    URBAN = "urban", _("Urban schools")
    RURAL = "rural", _("Rural schools")
    SMALL_SCALE = "small_scale", _("Small-scale schools")


class ActivityKind(models.TextChoices):
    PAGE = "page", _("Page")
    VIDEO = "video", _("Video")
    QUIZ = "quiz", _("Quiz")
    REFLECTION = "reflection", _("Reflection")
    DISCUSSION = "discussion", _("Discussion")
    INTERACTIVE = "interactive", _("Interactive exercise")
    FILE = "file", _("Handout")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One answer")
    MULTIPLE = "multiple", _("Several answers")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT = "short", _("Short answer")


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("Learning")
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left")


class ReflectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


class Phase(models.TextChoices):
    BEFORE = "before", _("Before the course")
    AFTER = "after", _("After the course")


class Level(models.IntegerChoices):
    """The four-point scale of the self-assessment."""

    POOR = 1, _("Poor")
    FAIR = 2, _("Fair")
    GOOD = 3, _("Good")
    EXCELLENT = 4, _("Excellent")


class PackStatus(models.TextChoices):
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
