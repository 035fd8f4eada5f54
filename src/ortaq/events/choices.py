"""The fixed lists of the events app (decision 0023)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    ROUND_TABLE = "round_table", _("Round table")
    WEBINAR = "webinar", _("Webinar")
    FESTIVAL = "festival", _("Festival")
    CAMP = "camp", _("Camp")


# Kinds to which schools send teams (``Team``) rather than only people.
TEAM_KINDS = frozenset({EventKind.FESTIVAL, EventKind.CAMP})


class OrganiserKind(models.TextChoices):
    """Who holds an event: one of these, with its row (``Event.organiser_*``)."""

    PERSON = "person", _("A person")
    SCHOOL = "school", _("A school")
    ASSOCIATION = "association", _("An association of schools")
    # A methodological office of a region (district empty) or of a district.
    OFFICE = "office", _("A methodological office")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BOTH = "both", _("In person and online")


# The languages an event is held in, and its texts written in.
LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)


class StaffRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    MODERATOR = "moderator", _("Moderator")
    CHAIR = "chair", _("Chair")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")


class RegistrationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    POSTER = "poster", _("Poster presenter")
    ORGANISER = "organiser", _("Organiser")
    MODERATOR = "moderator", _("Moderator")
    CHAIR = "chair", _("Chair")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Offered a seat")
    CANCELLED = "cancelled", _("Cancelled")


# The statuses that hold a seat: an offered seat is kept for her until the offer expires.
SEAT_HOLDING = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)


class AttendanceSource(models.TextChoices):
    QR = "qr", _("QR check-in")
    TICK = "tick", _("Ticked by an organiser")
    IMPORT = "import", _("Video-conference report")
    JOIN_LINK = "join_link", _("Personal join link")


class ContributionKind(models.TextChoices):
    """The kinds of proposal of the World Association of Lesson Studies."""

    TALK = "talk", _("Talk")
    SYMPOSIUM = "symposium", _("Symposium")
    WORKSHOP = "workshop", _("Workshop")
    POSTER = "poster", _("Poster")
    SCHOOL_TALK = "school_talk", _("School talk")
    TEACHER_TALK = "teacher_talk", _("Teacher talk")


class ContributionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Recommendation(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    ACCEPT_WITH_CHANGES = "changes", _("Accept with changes")
    DECLINE = "decline", _("Decline")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    SECTION = "section", _("Section")
    POSTER = "poster", _("Poster session")
    FREE_MICROPHONE = "free_mic", _("Free microphone")
    BREAK = "break", _("Break")


class MaterialKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    POSTER = "poster", _("Poster")
    RECORDING = "recording", _("Recording")
    OTHER = "other", _("Other")


class TeamStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
