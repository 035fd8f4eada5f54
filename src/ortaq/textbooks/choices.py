from django.db import models
from django.utils.translation import gettext_lazy as _

# A textbook is written in Kazakh or Russian (its translations are linked); English is offered
# for the interface only.
LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MODERATOR = "moderator", _("Moderator")


class ExerciseKind(models.TextChoices):
    """The interactive tasks of a lesson, each checking itself."""

    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    GAPS = "gaps", _("Filling the gaps")
    SHORT = "short", _("Short answer")


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class TeamStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Genre(models.TextChoices):
    TALE = "tale", _("Tale")
    PROVERB = "proverb", _("Proverb or saying")
    SONG = "song", _("Song")
    GAME = "game", _("Game")
    CUSTOM = "custom", _("Custom or tradition")
    OTHER = "other", _("Other")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CHANGES = "changes", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for entries")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Collection published")
