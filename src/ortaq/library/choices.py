from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))


class Kind(models.TextChoices):
    LESSON_PLAN = "lesson", _("Lesson plan")
    MULTIGRADE_PLAN = "multigrade", _("Multi-grade lesson plan")
    CRITERIA = "criteria", _("Assessment criteria")
    UNIT_TASK = "unit_task", _("Summative task for a unit (SAU)")
    TERM_TASK = "term_task", _("Summative task for a term (SAT)")
    DESIGN = "design", _("Instructional design")
    ARTICLE = "article", _("Article")
    RESEARCH = "research", _("Research paper")
    VIDEO = "video", _("Video")
    EXERCISE = "exercise", _("Interactive exercise")
    # A lesson of an e-textbook (ortaq.textbooks): reviewed here, read there.
    TEXTBOOK = "textbook", _("Textbook lesson")

    @classmethod
    def written_alone(cls) -> list[tuple[str, str | Promise]]:
        """The kinds an author chooses for a new resource: all but a textbook lesson, which is
        started only from the lesson it was commissioned for."""
        return [(value, label) for value, label in cls.choices if value != cls.TEXTBOOK]

    @classmethod
    def summative(cls) -> frozenset[str]:
        """The kinds whose body is a structured summative task, not only text."""
        return frozenset({cls.UNIT_TASK, cls.TERM_TASK})


class Status(models.TextChoices):
    """Where a version is in its review (docs/decisions/0024). There is no dead end: changes
    requested go back to the author, who resubmits."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES = "changes", _("Changes requested")
    PUBLISHED = "published", pgettext_lazy("a resource", "Published")
    SUPERSEDED = "superseded", _("Replaced by a later version")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


# The statuses of a version whose review is under way: its author may not edit it meanwhile.
UNDER_REVIEW = frozenset({Status.SUBMITTED, Status.IN_REVIEW})
# The statuses of a version its author may still edit.
EDITABLE = frozenset({Status.DRAFT, Status.CHANGES})


class Level(models.TextChoices):
    """The level at which a published version was approved: the place over which the approving
    expert holds her role (a school's methodological association, a district's or a region's
    methodological office, or the republic)."""

    SCHOOL = "school", _("School")
    DISTRICT = "district", _("District")
    REGION = "region", _("Region")
    REPUBLIC = "republic", _("Republic")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"
    CC_BY_ND = "CC-BY-ND-4.0", "CC BY-ND 4.0"
    CC_BY_NC_ND = "CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"

    @property
    def url(self) -> str:
        if self == Licence.CC0:
            return "https://creativecommons.org/publicdomain/zero/1.0/"
        code = self.value.removeprefix("CC-").removesuffix("-4.0").lower()
        return f"https://creativecommons.org/licenses/{code}/4.0/"


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve for publication")
    CHANGES = "changes", _("Request changes")


class Verdict(models.TextChoices):
    """An expert's answer to one item of the checklist (after the OER Commons rubrics, each
    item scored on its own, "not applicable" allowed)."""

    MEETS = "meets", _("Meets")
    PARTLY = "partly", _("Partly meets")
    NOT_MET = "not_met", _("Does not meet")
    NOT_APPLICABLE = "na", _("Not applicable")


class CommentRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    MODERATOR = "moderator", _("Moderator")
    EXPERT = "expert", _("Expert")


class TaskType(models.TextChoices):
    """The types of a summative task in the national specifications."""

    MULTIPLE_CHOICE = "mc", _("Multiple choice")
    SHORT = "short", _("Short answer")
    EXTENDED = "extended", _("Extended answer")


class SkillLevel(models.TextChoices):
    """The thinking-skill levels of the national specifications."""

    KNOWLEDGE = "knowledge", _("Knowledge and comprehension")
    APPLICATION = "application", _("Application")
    HIGHER = "higher", _("Higher-order thinking skills")
