from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    LESSON_STUDY = "lesson_study", _("Lesson Study report")
    PORTFOLIO = "portfolio", _("Development project portfolio")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    REVISION_REQUESTED = "revision", _("Revision requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PUBLISHED = "published", _("Published")


# The statuses where the editor still has to decide.
UNDECIDED = (Status.SUBMITTED, Status.IN_REVIEW, Status.RESUBMITTED)


class Recommendation(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REVISE = "revise", _("Revise")
    DECLINE = "decline", _("Decline")


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REVISE = "revise", _("Ask for a revision")
    DECLINE = "decline", _("Decline")
