"""Every write of a Lesson Study group and its cycles but the observation notes.

Who does what (``lessonstudy.permissions``, decision 0020):

- an association's runners (its coordinators, the region's methodologists, administrators:
  ``networks.change_association``) start a group: they pick its member schools and name its
  facilitator; the group's circle (a network circle) is made through ``communities``;
- the group's facilitators (``lessonstudy.run_cycle``) name its knowledgeable other, start
  cycles and take each step that decides something: the focus, the case pupils, the plans,
  the discussion's conclusions, the report and its publication;
- every member and the knowledgeable other (``lessonstudy.contribute``) note the pupils'
  interviews (and, in ``observation``, the lesson's notes);
- only the knowledgeable other writes her comments on a discussion, kept apart.

A cycle's ``step`` is the furthest step it has reached: each service moves it forward, never
back. Repeating a write changes nothing more than the first did.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.certificates.services import certificate_issue
from ortaq.communities.choices import CircleKind, MemberRole, MembershipStatus, Visibility
from ortaq.communities.models import Membership
from ortaq.communities.services.circles import (
    CircleFields,
    circle_create_for,
    member_remove,
    members_invite_emails,
)
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction, Subject
from ortaq.lessonstudy.choices import (
    CASE_PUPIL_CODES,
    CASE_PUPILS_MAX,
    CASE_PUPILS_MIN,
    RESEARCH_LESSONS_MAX,
    Band,
    CycleRole,
    ReportStatus,
    Step,
)
from ortaq.lessonstudy.models import (
    OBJECTIVE_CODE,
    CasePupil,
    Cycle,
    Discussion,
    DiscussionPoint,
    Group,
    Interview,
    Note,
    Participation,
    PlanStage,
    Prediction,
    Report,
    ResearchLesson,
    group_of,
)
from ortaq.networks.models import Association
from ortaq.schools.models import School

RUN, CONTRIBUTE, VIEW = "lessonstudy.run_cycle", "lessonstudy.contribute", "lessonstudy.view_cycle"
GRADES = range(0, 12)  # 0: the pre-school class; 1–11: the school's grades.


def _require(actor: User, perm: str, obj: Model, message: str) -> None:
    """Refuse unless ``actor`` has ``perm`` on ``obj``, and refuse any change to a group whose
    circle is archived (readable, but nothing new happens in it, as in any archived circle)."""
    if not actor.has_perm(perm, obj):
        raise NotAllowed(message)
    group = group_of(obj)
    if group is not None and group.circle.archived_at is not None:
        raise DomainError(_("The group is archived: nothing new happens in it."), code="archived")


def cycle_step_reach(*, cycle: Cycle, step: int) -> Cycle:
    """Move the cycle's step forward to ``step``, never back: for the steps of this module and
    of ``observation`` (the first note of a lesson reaches ``Step.INTERVIEWS``). Call it inside
    the caller's transaction, once it has checked the actor's right to take that step."""
    if cycle.step < step:
        cycle.step = step
        cycle.save(update_fields=["step", "updated_at"])
    return cycle


def _reach(cycle: Cycle, step: int) -> None:
    cycle_step_reach(cycle=cycle, step=step)


# The group --------------------------------------------------------------------------------


@dataclass
class GroupFields:
    name: str
    purpose: str
    language: str
    schools: list[School] = field(default_factory=list)


@transaction.atomic
def group_create(
    *, actor: User, association: Association, data: GroupFields, facilitator: User
) -> Group:
    """Start a Lesson Study group of ``association``: a members-only network circle of some of
    its member schools (at least one), with ``facilitator`` as its first facilitator, and the
    group's row beside it. The association's runners start groups: it is their network."""
    _require(
        actor,
        "networks.change_association",
        association,
        _("Only the association's coordinators start its Lesson Study groups."),
    )
    if not data.schools:
        raise DomainError(_("Choose at least one of the association's schools."), code="schools")
    members = set(association.member_schools.values_list("school_id", flat=True))
    outside = [s for s in data.schools if s.pk not in members]
    if outside:
        raise DomainError(
            _("%(school)s is not a member of the association.") % {"school": outside[0]},
            code="schools",
        )
    if not facilitator.is_active:
        raise DomainError(_("Choose an active account as the facilitator."), code="facilitator")
    circle = circle_create_for(
        actor=actor,
        data=CircleFields(
            name=data.name,
            purpose=data.purpose,
            kind=CircleKind.NETWORK,
            visibility=Visibility.MEMBERS,
            language=data.language,
            region=association.region,
            schools=data.schools,
        ),
        facilitator=facilitator,
    )
    return Group.objects.create(circle=circle, association=association)


@transaction.atomic
def group_set_expert(*, actor: User, group: Group, expert: User | None) -> Group:
    """Name the group's knowledgeable other (or nobody) and invite her to the group's circle,
    so that she reads its threads and meetings too. She reads every cycle's working material
    from then on, so naming her is audited.

    The one she replaces stops reading the cycles at once; her invitation to the circle, sent
    only because she was the expert, is withdrawn if she has not answered it. Once she has
    accepted it she is a member of the circle like any other, by her own choice: she stays,
    and the facilitators take her out as they would any member if she should not."""
    _require(actor, RUN, group, _("Only the group's facilitators name its knowledgeable other."))
    if expert is not None and not expert.is_active:
        raise DomainError(_("Choose an active account."), code="expert")
    new = expert.pk if expert is not None else None
    if group.knowledgeable_other_id == new:
        return group
    previous = group.knowledgeable_other_id
    group.knowledgeable_other = expert
    group.save(update_fields=["knowledgeable_other", "updated_at"])
    pending = (
        Membership.objects.filter(
            circle_id=group.circle_id, user_id=previous, status=MembershipStatus.INVITED
        ).first()
        if previous is not None
        else None
    )
    if pending is not None:
        member_remove(actor=actor, membership=pending)
    audit_record(
        actor=actor,
        action=AuditAction.EXPERT_NAME,
        person=expert,
        target=group,
        label=str(group),
    )
    if expert is not None:
        members_invite_emails(actor=actor, circle=group.circle, emails=[expert.email])
    return group


# A cycle and its focus ----------------------------------------------------------------------


@transaction.atomic
def cycle_create(*, actor: User, group: Group, title: str) -> Cycle:
    """Start a cycle of the group; its first step is the focus."""
    _require(actor, RUN, group, _("Only the group's facilitators start a cycle."))
    if not title.strip():
        raise DomainError(_("Name the cycle."), code="title")
    return Cycle.objects.create(group=group, title=title.strip()[:200], created_by=actor)


@dataclass
class FocusFields:
    subject: Subject | None
    grades: list[int]
    objectives: list[str]
    approach: str
    learning: str
    learners: str
    research_question: str = ""


def research_question_of(data: FocusFields) -> str:
    """The research question in one sentence, from its three parts, where the group wrote none
    of its own."""
    return _("How can %(approach)s improve %(learning)s for %(learners)s?") % {
        "approach": data.approach.strip().rstrip("."),
        "learning": data.learning.strip().rstrip("."),
        "learners": data.learners.strip().rstrip("."),
    }


@transaction.atomic
def focus_save(*, actor: User, cycle: Cycle, data: FocusFields) -> Cycle:
    """Save the focus (step 1): the subject, grades, curriculum objectives and the research
    question in its three parts (which teaching approach should improve which learning for
    which pupils)."""
    _require(actor, RUN, cycle, _("Only the group's facilitators set the focus."))
    if any(g not in GRADES for g in data.grades):
        raise DomainError(_("Choose grades from 0 to 11."), code="grades")
    objectives = list(dict.fromkeys(o.strip() for o in data.objectives if o.strip()))
    for code in objectives:
        try:
            OBJECTIVE_CODE(code)
        except ValidationError as exc:
            raise DomainError(
                _("%(code)s is not an objective code: %(reason)s")
                % {"code": code, "reason": " ".join(exc.messages)},
                code="objectives",
            ) from exc
    parts = (data.approach.strip(), data.learning.strip(), data.learners.strip())
    if not all(parts):
        raise DomainError(
            _(
                "Write the three parts of the research question: the teaching approach, the "
                "learning it should improve and for which pupils."
            ),
            code="question",
        )
    cycle.subject = data.subject
    cycle.grades = sorted(set(data.grades))
    cycle.objectives = objectives
    cycle.approach, cycle.learning, cycle.learners = parts
    cycle.research_question = data.research_question.strip() or research_question_of(data)
    cycle.save(
        update_fields=[
            "subject",
            "grades",
            "objectives",
            "approach",
            "learning",
            "learners",
            "research_question",
            "updated_at",
        ]
    )
    _reach(cycle, Step.CASE_PUPILS)
    return cycle


# Case pupils ---------------------------------------------------------------------------


@dataclass
class PupilFields:
    code: str
    band: str
    reason: str


@transaction.atomic
def case_pupils_save(*, actor: User, cycle: Cycle, pupils: list[PupilFields]) -> list[CasePupil]:
    """Set the cycle's two to four case pupils: each a letter (A–D), a band and why she was
    chosen, nothing else. A pupil left out is removed, unless colleagues have already observed
    her (her notes would be lost): that is refused. The first research lesson is made when
    the case pupils are first set, so that its plan can be written."""
    _require(actor, RUN, cycle, _("Only the group's facilitators choose the case pupils."))
    codes = [p.code for p in pupils]
    if not CASE_PUPILS_MIN <= len(pupils) <= CASE_PUPILS_MAX:
        raise DomainError(
            _("Choose from %(min)s to %(max)s case pupils.")
            % {"min": CASE_PUPILS_MIN, "max": CASE_PUPILS_MAX},
            code="count",
        )
    if len(set(codes)) != len(codes) or any(c not in CASE_PUPIL_CODES for c in codes):
        raise DomainError(_("Give each case pupil a different letter: A, B, C or D."), code="code")
    if any(p.band not in Band.values for p in pupils):
        raise DomainError(_("Choose each case pupil's attainment band."), code="band")
    if any(not p.reason.strip() for p in pupils):
        raise DomainError(_("Say why each case pupil was chosen."), code="reason")
    existing = {
        p.code: p for p in CasePupil.objects.select_for_update(of=("self",)).filter(cycle=cycle)
    }
    gone = [p for code, p in existing.items() if code not in codes]
    if gone and Note.objects.filter(pupil__in=gone).exists():
        raise DomainError(
            _("Case pupil %(code)s has been observed already: she cannot be removed.")
            % {"code": gone[0].code},
            code="observed",
        )
    CasePupil.objects.filter(pk__in=[p.pk for p in gone]).delete()
    for fields in pupils:
        found = existing.get(fields.code)
        if found is None:
            CasePupil.objects.create(
                cycle=cycle, code=fields.code, band=fields.band, reason=fields.reason.strip()
            )
        elif (found.band, found.reason) != (fields.band, fields.reason.strip()):
            found.band, found.reason = fields.band, fields.reason.strip()
            found.save(update_fields=["band", "reason"])
    if not cycle.lessons.exists():
        ResearchLesson.objects.create(cycle=cycle, number=1)
    _reach(cycle, Step.PLAN)
    return list(CasePupil.objects.filter(cycle=cycle))


# Research lessons and their plans --------------------------------------------------------


@transaction.atomic
def lesson_create(*, actor: User, cycle: Cycle) -> ResearchLesson:
    """Start the next research lesson (at most three), its plan a copy of the previous one's to
    revise: the previous plan stays as it was, readable beside the new one. The previous lesson
    must have been discussed first (the revision follows from the discussion)."""
    _require(actor, RUN, cycle, _("Only the group's facilitators start a research lesson."))
    Cycle.objects.select_for_update(of=("self",)).filter(pk=cycle.pk).first()
    previous = cycle.lessons.order_by("-number").first()
    if previous is None:
        raise DomainError(_("Choose the case pupils first."), code="pupils")
    if previous.number >= RESEARCH_LESSONS_MAX:
        raise DomainError(
            _("A cycle has at most %(count)s research lessons.") % {"count": RESEARCH_LESSONS_MAX},
            code="max",
        )
    if not Discussion.objects.filter(lesson=previous).exists():
        raise DomainError(
            _("Hold the discussion of research lesson %(number)s first.")
            % {"number": previous.number},
            code="discussion",
        )
    lesson = ResearchLesson.objects.create(
        cycle=cycle,
        number=previous.number + 1,
        class_label=previous.class_label,
        learning_intention=previous.learning_intention,
        success_criteria=previous.success_criteria,
        interview_questions=previous.interview_questions,
    )
    for stage in previous.stages.prefetch_related("predictions"):
        copy = PlanStage.objects.create(
            lesson=lesson,
            position=stage.position,
            title=stage.title,
            minutes=stage.minutes,
            teacher_activity=stage.teacher_activity,
        )
        Prediction.objects.bulk_create(
            Prediction(stage=copy, pupil_id=p.pupil_id, text=p.text)
            for p in stage.predictions.all()
        )
    _reach(cycle, Step.PLAN)
    return lesson


@dataclass
class LessonFields:
    teacher: User | None
    taught_on: date | None
    class_label: str
    learning_intention: str
    success_criteria: str
    interview_questions: str


@transaction.atomic
def lesson_update(*, actor: User, lesson: ResearchLesson, data: LessonFields) -> ResearchLesson:
    """Say who teaches the research lesson, when, in which class, its intention, success
    criteria and the questions for the case pupils' interviews. The teacher is one of the
    group's active members."""
    _require(actor, RUN, lesson, _("Only the group's facilitators plan a research lesson."))
    if (
        data.teacher is not None
        and not Membership.objects.filter(
            circle_id=lesson.cycle.group_id, user=data.teacher, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        raise DomainError(_("The teacher must be a member of the group."), code="teacher")
    lesson.teacher = data.teacher
    lesson.taught_on = data.taught_on
    lesson.class_label = data.class_label.strip()[:40]
    lesson.learning_intention = data.learning_intention.strip()
    lesson.success_criteria = data.success_criteria.strip()
    lesson.interview_questions = data.interview_questions.strip()
    lesson.save(
        update_fields=[
            "teacher",
            "taught_on",
            "class_label",
            "learning_intention",
            "success_criteria",
            "interview_questions",
            "updated_at",
        ]
    )
    return lesson


@dataclass
class StageFields:
    """A row of the plan's grid as the editor sends it: an existing stage (``pk``) or a new one
    (``pk`` None), its place, and what each case pupil (by id) is predicted to do."""

    pk: int | None
    position: int
    title: str
    minutes: int | None
    teacher_activity: str
    predictions: dict[int, str] = field(default_factory=dict)
    delete: bool = False


@transaction.atomic
def plan_save(*, actor: User, lesson: ResearchLesson, stages: list[StageFields]) -> None:
    """Save the lesson's plan: its stages in order (added, changed, removed, reordered) and the
    grid of predictions, stages × case pupils. A stage already observed cannot be removed (its
    notes would be lost). Rows without a title are ignored (the editor's empty rows)."""
    _require(actor, RUN, lesson, _("Only the group's facilitators write the plan."))
    existing = {
        s.pk: s for s in PlanStage.objects.select_for_update(of=("self",)).filter(lesson=lesson)
    }
    pupils = set(CasePupil.objects.filter(cycle_id=lesson.cycle_id).values_list("pk", flat=True))
    unknown = [s.pk for s in stages if s.pk is not None and s.pk not in existing]
    if unknown:
        raise DomainError(_("A stage of another plan was sent."), code="stage")
    removed = [s.pk for s in stages if s.pk is not None and s.delete]
    if removed and Note.objects.filter(stage_id__in=removed).exists():
        raise DomainError(
            _("A stage that has been observed cannot be removed; rename it instead."),
            code="observed",
        )
    PlanStage.objects.filter(pk__in=removed).delete()
    kept = sorted(
        (s for s in stages if not s.delete and (s.title.strip() or s.pk is not None)),
        key=lambda s: (s.position, s.pk or 0),
    )
    if any(not s.title.strip() for s in kept):
        raise DomainError(_("Name every stage of the lesson."), code="title")
    cells = {
        (p.stage_id, p.pupil_id): p
        for p in Prediction.objects.filter(stage__lesson=lesson).select_for_update(of=("self",))
    }
    for position, fields in enumerate(kept, start=1):
        values = {
            "position": position,
            "title": fields.title.strip()[:200],
            "minutes": fields.minutes,
            "teacher_activity": fields.teacher_activity.strip(),
        }
        if fields.pk is None:
            stage = PlanStage.objects.create(lesson=lesson, **values)
        else:
            stage = existing[fields.pk]
            if any(getattr(stage, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(stage, key, value)
                stage.save(update_fields=list(values))
        for pupil_id, text in fields.predictions.items():
            if pupil_id not in pupils:
                raise DomainError(_("A case pupil of another cycle was sent."), code="pupil")
            cell = cells.get((stage.pk, pupil_id))
            if cell is None:
                if text.strip():
                    Prediction.objects.create(stage=stage, pupil_id=pupil_id, text=text.strip())
            elif cell.text != text.strip():
                cell.text = text.strip()
                cell.save(update_fields=["text"])
    if kept:
        _reach(lesson.cycle, Step.OBSERVATION)


# Interviews -----------------------------------------------------------------------------


@transaction.atomic
def interview_add(*, actor: User, lesson: ResearchLesson, pupil: CasePupil, text: str) -> Interview:
    """Note what a case pupil said after the lesson. The same text noted twice for the same
    pupil by the same person (a form sent again) is one note."""
    _require(actor, CONTRIBUTE, lesson, _("Only the group notes its pupils' interviews."))
    _interviews_open(lesson)
    if pupil.cycle_id != lesson.cycle_id:
        raise DomainError(_("That case pupil is not of this cycle."), code="pupil")
    if not text.strip():
        raise DomainError(_("Write what the pupil said."), code="empty")
    found = Interview.objects.filter(
        lesson=lesson, pupil=pupil, author=actor, text=text.strip()
    ).first()
    if found is not None:
        return found
    interview = Interview.objects.create(
        lesson=lesson, pupil=pupil, author=actor, text=text.strip()
    )
    _reach(lesson.cycle, Step.DISCUSSION)
    return interview


def _interviews_open(lesson: ResearchLesson) -> None:
    """Refuse any change to the lesson's interviews once the cycle's report is published: the
    report and the certificates' hours were drawn from them."""
    if Report.objects.filter(cycle_id=lesson.cycle_id, status=ReportStatus.PUBLISHED).exists():
        raise DomainError(
            _("The report is published: the interviews it was written from are not changed."),
            code="published",
        )


def interview_change_check(actor: User, interview: Interview) -> None:
    """Refuse unless ``actor`` may change or delete ``interview`` now (its form asks first)."""
    _require(actor, CONTRIBUTE, interview.lesson, _("Only the group notes its pupils' interviews."))
    if interview.author_id != actor.pk and not actor.has_perm(RUN, interview.lesson):
        raise NotAllowed(
            _("Only the one who noted the interview, or a facilitator, changes or deletes it.")
        )
    _interviews_open(interview.lesson)


@transaction.atomic
def interview_update(*, actor: User, interview: Interview, text: str) -> Interview:
    """Correct an interview note (its author, or one of the group's facilitators), while the
    cycle's report is not published."""
    interview_change_check(actor, interview)
    if not text.strip():
        raise DomainError(_("Write what the pupil said."), code="empty")
    if interview.text != text.strip():
        interview.text = text.strip()
        interview.save(update_fields=["text", "updated_at"])
    return interview


@transaction.atomic
def interview_delete(*, actor: User, interview: Interview) -> None:
    """Delete an interview note (its author, or one of the group's facilitators), while the
    cycle's report is not published. The cycle's step stays where it is (it never goes back)."""
    interview_change_check(actor, interview)
    interview.delete()


# The post-lesson discussion -----------------------------------------------------------


@dataclass
class DiscussionFields:
    held_on: date | None
    teaching: str
    findings: str
    changes: str
    # What the group concluded of each cell of the grid: (stage id, case pupil id) -> text.
    points: dict[tuple[int, int], str] = field(default_factory=dict)


@transaction.atomic
def discussion_save(*, actor: User, lesson: ResearchLesson, data: DiscussionFields) -> Discussion:
    """Record what the group concluded in the post-lesson discussion, in Dudley's order: for
    each case pupil and stage what it saw against the prediction, then the teaching, the agreed
    findings and the changes for the next research lesson. The knowledgeable other's comments
    are not touched (``expert_comments_save``)."""
    _require(actor, RUN, lesson, _("Only the group's facilitators record the discussion."))
    stages = set(PlanStage.objects.filter(lesson=lesson).values_list("pk", flat=True))
    pupils = set(CasePupil.objects.filter(cycle_id=lesson.cycle_id).values_list("pk", flat=True))
    if any(s not in stages or p not in pupils for s, p in data.points):
        raise DomainError(_("A stage or case pupil of another lesson was sent."), code="cell")
    if not data.findings.strip():
        raise DomainError(_("Write the findings the group agreed."), code="findings")
    discussion, _created = Discussion.objects.get_or_create(lesson=lesson)
    discussion = Discussion.objects.select_for_update(of=("self",)).get(pk=discussion.pk)
    discussion.held_on = data.held_on
    discussion.teaching = data.teaching.strip()
    discussion.findings = data.findings.strip()
    discussion.changes = data.changes.strip()
    discussion.save(update_fields=["held_on", "teaching", "findings", "changes", "updated_at"])
    points = {(p.stage_id, p.pupil_id): p for p in discussion.points.all()}
    for (stage_id, pupil_id), text in data.points.items():
        found = points.get((stage_id, pupil_id))
        if found is None:
            if text.strip():
                DiscussionPoint.objects.create(
                    discussion=discussion, stage_id=stage_id, pupil_id=pupil_id, text=text.strip()
                )
        elif found.text != text.strip():
            found.text = text.strip()
            found.save(update_fields=["text"])
    _reach(lesson.cycle, Step.REPORT)
    return discussion


@transaction.atomic
def expert_comments_save(*, actor: User, lesson: ResearchLesson, text: str) -> Discussion:
    """The knowledgeable other's comments on the lesson's discussion, kept apart from the
    group's findings: she alone writes them."""
    group = lesson.cycle.group
    if actor.pk is None or group.knowledgeable_other_id != actor.pk:
        raise NotAllowed(_("Only the group's knowledgeable other writes these comments."))
    if group.circle.archived_at is not None:
        raise DomainError(_("The group is archived: nothing new happens in it."), code="archived")
    discussion, _created = Discussion.objects.get_or_create(lesson=lesson)
    if discussion.expert_comments != text.strip():
        discussion.expert_comments = text.strip()
        discussion.save(update_fields=["expert_comments", "updated_at"])
    return discussion


# The report -------------------------------------------------------------------------------


# The draft's last section, for the group to write: what it learned.
REPORT_CONCLUSION_PROMPT = gettext_lazy(
    "Write here what the group learned about the research question, and what it will do next."
)


def report_draft_text(*, cycle: Cycle, language: str) -> tuple[str, str, str]:
    """The report's title, summary and Markdown body drafted from everything the cycle stored,
    written in ``language``. A handful of queries whatever the cycle's size."""
    from ortaq.lessonstudy.queries.cycles import cycle_material

    material = cycle_material(cycle=cycle)
    with translation.override(language):
        body = render_to_string(
            "lessonstudy/report_draft.md",
            {"cycle": cycle, "m": material, "prompt": REPORT_CONCLUSION_PROMPT},
        ).strip()
        title = _("Lesson Study: %(title)s") % {"title": cycle.title}
        summary = cycle.research_question
    # Three blank lines where a section of the template was empty are one.
    while "\n\n\n" in body:
        body = body.replace("\n\n\n", "\n\n")
    return title[:300], summary, body + "\n"


@transaction.atomic
def report_draft(*, actor: User, cycle: Cycle, language: str) -> Report:
    """Draft the cycle's report from everything it stored, in the group's language (or the
    one chosen), for its facilitators to edit. A draft already written is kept: drafting
    again rewrites it only while nobody has edited it, so no edit is lost; a published report
    is never redrafted."""
    _require(actor, RUN, cycle, _("Only the group's facilitators write the report."))
    if language not in ("kk", "ru", "en"):
        raise DomainError(_("Choose the report's language."), code="language")
    if not Discussion.objects.filter(lesson__cycle=cycle).exclude(findings="").exists():
        raise DomainError(
            _("The report follows a research lesson's discussion: hold one first."),
            code="discussion",
        )
    title, summary, body = report_draft_text(cycle=cycle, language=language)
    found = Report.objects.select_for_update(of=("self",)).filter(cycle=cycle).first()
    if found is None:
        return Report.objects.create(
            cycle=cycle, title=title, language=language, summary=summary, body=body
        )
    return found


@transaction.atomic
def report_update(*, actor: User, report: Report, title: str, summary: str, body: str) -> Report:
    """Edit the report's draft. A published report is not edited silently: it is refused."""
    _require(actor, RUN, report.cycle, _("Only the group's facilitators write the report."))
    if report.status == ReportStatus.PUBLISHED:
        raise DomainError(_("The report is published: it is not edited."), code="published")
    if not title.strip() or not body.strip():
        raise DomainError(_("The report needs a title and a text."), code="empty")
    report.title, report.summary, report.body = title.strip()[:300], summary.strip(), body.strip()
    report.save(update_fields=["title", "summary", "body", "updated_at"])
    return report


# Hours a certificate names, by what the person did (see ``participations_of`` and the
# docs): a research lesson she observed (notes or interviews: the lesson, the interviews and
# the discussion), a lesson she taught (its planning and teaching on top), each lesson the
# facilitator led and the report she wrote, each lesson the knowledgeable other commented on.
HOURS_CYCLE_PLANNING = 2
HOURS_PER_LESSON_OBSERVED = 3
HOURS_PER_LESSON_TAUGHT = 4
HOURS_PER_LESSON_LED = 2
HOURS_REPORT = 4
HOURS_PER_LESSON_COMMENTED = 2


def participations_of(cycle: Cycle) -> dict[int, tuple[str, int]]:
    """Each person's part in the cycle, as (role, hours), by user id, from what she did.

    - Members and facilitators of the group (active): ``HOURS_CYCLE_PLANNING`` for the focus,
      case pupils and plans, plus ``HOURS_PER_LESSON_OBSERVED`` per research lesson she wrote a
      note or an interview in, plus ``HOURS_PER_LESSON_TAUGHT`` per lesson she taught.
      A member who neither observed nor taught a lesson gets no certificate.
    - Facilitators: besides, ``HOURS_PER_LESSON_LED`` per lesson discussed and
      ``HOURS_REPORT`` for the report; their role is "facilitator".
    - The teacher of a lesson (not a facilitator): role "teacher"; other members "member".
    - The knowledgeable other (when not a member too): ``HOURS_PER_LESSON_COMMENTED`` per
      discussion she commented on plus ``HOURS_PER_LESSON_OBSERVED`` per lesson she observed;
      nothing if she did neither.
    """
    lessons = list(cycle.lessons.all())
    discussed = set(
        Discussion.objects.filter(lesson__cycle=cycle)
        .exclude(findings="")
        .values_list("lesson_id", flat=True)
    )
    commented = set(
        Discussion.objects.filter(lesson__cycle=cycle)
        .exclude(expert_comments="")
        .values_list("lesson_id", flat=True)
    )
    observed: dict[int, set[int]] = {}
    for user_id, lesson_id in (
        Note.objects.filter(lesson__cycle=cycle).values_list("observer_id", "lesson_id").distinct()
    ):
        observed.setdefault(user_id, set()).add(lesson_id)
    for user_id, lesson_id in (
        Interview.objects.filter(lesson__cycle=cycle, author__isnull=False)
        .values_list("author_id", "lesson_id")
        .distinct()
    ):
        observed.setdefault(user_id, set()).add(lesson_id)
    taught: dict[int, int] = {}
    for lesson in lessons:
        if lesson.teacher_id is not None:
            taught[lesson.teacher_id] = taught.get(lesson.teacher_id, 0) + 1
    members = dict(
        Membership.objects.filter(
            circle_id=cycle.group_id, status=MembershipStatus.ACTIVE
        ).values_list("user_id", "role")
    )
    found: dict[int, tuple[str, int]] = {}
    for user_id, role in members.items():
        lessons_observed = len(observed.get(user_id, set()))
        lessons_taught = taught.get(user_id, 0)
        facilitator = role == MemberRole.FACILITATOR
        if not (lessons_observed or lessons_taught or facilitator):
            continue
        hours = (
            HOURS_CYCLE_PLANNING
            + HOURS_PER_LESSON_OBSERVED * lessons_observed
            + HOURS_PER_LESSON_TAUGHT * lessons_taught
        )
        if facilitator:
            hours += HOURS_PER_LESSON_LED * len(discussed) + HOURS_REPORT
            found[user_id] = (CycleRole.FACILITATOR, hours)
        elif lessons_taught:
            found[user_id] = (CycleRole.TEACHER, hours)
        else:
            found[user_id] = (CycleRole.OBSERVER, hours)
    expert = cycle.group.knowledgeable_other_id
    if expert is not None and expert not in found:
        hours = HOURS_PER_LESSON_COMMENTED * len(commented) + HOURS_PER_LESSON_OBSERVED * len(
            observed.get(expert, set())
        )
        if hours:
            found[expert] = (CycleRole.KNOWLEDGEABLE_OTHER, hours)
    return found


@transaction.atomic
def report_publish(*, actor: User, report: Report) -> Report:
    """Publish the report: public on the association's site and as a PDF (drawn in the
    background), and a certificate for each participant naming the cycle, her role and hours
    (``participations_of``). Publishing again changes nothing."""
    _require(actor, RUN, report.cycle, _("Only the group's facilitators publish the report."))
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("cycle__group")
        .get(pk=report.pk)
    )
    if report.status == ReportStatus.PUBLISHED:
        return report
    if not report.body.strip():
        raise DomainError(_("The report needs a text."), code="empty")
    cycle = report.cycle
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _reach(cycle, Step.REPORT)
    parts = participations_of(cycle)
    people = User.objects.in_bulk(list(parts))
    for user_id, (role, hours) in parts.items():
        participation, _created = Participation.objects.get_or_create(
            cycle=cycle, user_id=user_id, defaults={"role": role, "hours": hours}
        )
        holder = people[user_id]
        with translation.override(holder.language):
            description = _(
                "took part in the Lesson Study cycle of the group %(group)s as %(role)s"
            ) % {"group": str(cycle.group), "role": CycleRole(participation.role).label}
        certificate_issue(
            holder=holder,
            achievement=participation,
            title=cycle.title,
            description=description[:500],
            hours=participation.hours,
            language=holder.language,
        )
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_PUBLISH,
        target=report,
        label=report.title,
        participants=len(parts),
    )
    enqueue_on_commit("ortaq.lessonstudy.tasks.render_report", report.pk)
    return report


def report_render(*, report: Report) -> Report:
    """Draw the published report's PDF (again, if it exists) and store it."""
    from ortaq.lessonstudy.pdf import render_report_pdf

    pdf = render_report_pdf(report)
    if report.pdf:
        report.pdf.delete(save=False)
    report.pdf.save(f"lesson-study-report-{report.pk}.pdf", ContentFile(pdf), save=False)
    Report.objects.filter(pk=report.pk).update(pdf=report.pdf.name, updated_at=timezone.now())
    return report


def next_lesson_number(cycle: Cycle) -> int:
    """The number the next research lesson would take."""
    found = cycle.lessons.aggregate(n=Max("number"))["n"]
    return int(found or 0) + 1
