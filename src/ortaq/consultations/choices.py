from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a question is about: the help small-scale schools ask for most."""

    MULTIGRADE = "multigrade", _("Planning for multi-grade classes")
    CRITERIA = "criteria", _("Assessment criteria and descriptors")
    SUMMATIVE_UNIT = "summative_unit", _("Summative assessment for a unit (БЖБ/СОр)")
    SUMMATIVE_QUARTER = "summative_quarter", _("Summative assessment for a quarter (ТЖБ/СОч)")
    INCLUSIVE = "inclusive", _("Inclusive education")
    OTHER = "other", _("Something else")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
