from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class CircleKind(models.TextChoices):
    SCHOOL = "school", _("One school's circle")
    NETWORK = "network", _("A network of schools")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members only")
    SIGNED_IN = "signed_in", _("Readable by every signed-in teacher")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REQUESTED = "requested", _("Asked to join")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class MeetingNews(StrEnum):
    """What a meeting e-mail tells the members."""

    PLANNED = "planned"
    CHANGED = "changed"
    CANCELLED = "cancelled"


class Notify(models.TextChoices):
    """How a member hears of new posts in her circle."""

    EACH_POST = "each", _("An e-mail for each post")
    DAILY_DIGEST = "digest", _("A daily digest")
    NOTHING = "none", _("Nothing")


class Stage(models.IntegerChoices):
    """The stages of Teacher Led Development Work, in order."""

    CONCERN = 1, _("Values and concern")
    CONSULTATION = 2, _("Consultation")
    PLAN = 3, _("Development plan")
    LEADING = 4, _("Leading change")
    EVIDENCE = 5, _("Evidence")
    SHARING = 6, _("Sharing")
    PORTFOLIO = 7, _("Portfolio")


class ProjectStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Portfolio submitted")
    RETURNED = "returned", _("Portfolio returned for changes")
    ACCEPTED = "accepted", _("Portfolio accepted")


class Consulted(models.TextChoices):
    COLLEAGUES = "colleagues", _("Colleagues")
    PUPILS = "pupils", _("Pupils")
    PARENTS = "parents", _("Parents")
    OTHERS = "others", _("Others")


class EvidenceKind(models.TextChoices):
    NOTES = "notes", _("Notes")
    PUPIL_WORK = "pupil_work", _("Pupils' work")
    PHOTO = "photo", _("Photo of a display")
    SURVEY = "survey", _("Survey results")
    OTHER = "other", _("Other")


class Criterion(models.TextChoices):
    """What a facilitator assesses a portfolio against."""

    CONCERN = "concern", _("The concern is clear and grounded in her values and practice")
    CONSULTATION = "consultation", _("Colleagues, pupils or parents were consulted")
    PLAN = "plan", _("The plan has aims, actions, a timeline and planned evidence")
    LEADERSHIP = "leadership", _("She led change together with colleagues")
    EVIDENCE = "evidence", _("The evidence shows what changed")
    SHARING = "sharing", _("The work was shared with the network")


class Level(models.IntegerChoices):
    NOT_YET = 0, _("Not yet")
    PARTLY = 1, _("Partly")
    FULLY = 2, _("Fully")
