"""The services of a group and its cycle: who may take each step, what each step stores, the
cycle's step moving forward, refusals with their reasons, and the report published with a
certificate per participant naming her role and hours."""

import io
from datetime import date

import pytest
from django.test import Client, TestCase
from django.utils import translation
from pypdf import PdfReader

from ortaq.certificates.models import Certificate
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Membership
from ortaq.communities.services.circles import invitation_answer
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.lessonstudy.choices import CycleRole, ReportStatus, Step
from ortaq.lessonstudy.models import Participation, PlanStage, Prediction
from ortaq.lessonstudy.services import cycles as services
from ortaq.testing.cycles import discuss, make_cycle, make_group, observe
from ortaq.testing.factories import make_school, make_user

pytestmark = pytest.mark.django_db


def test_a_coordinator_starts_a_group_as_a_network_circle_of_member_schools() -> None:
    kit = make_group(members=1)
    circle = kit.group.circle
    assert circle.kind == "network" and circle.visibility == "members"
    assert circle.region_id == kit.association.region_id
    assert set(circle.schools.all()) == {m.school for m in kit.association.member_schools.all()}
    facilitator = Membership.objects.get(circle=circle, user=kit.facilitator)
    assert facilitator.role == MemberRole.FACILITATOR
    assert facilitator.status == MembershipStatus.ACTIVE
    # The coordinator starts it without joining it.
    assert not Membership.objects.filter(circle=circle, user=kit.coordinator).exists()


def test_only_the_associations_runners_start_a_group_of_its_schools() -> None:
    kit = make_group(members=1, expert=False)
    data = services.GroupFields(name="Топ", purpose="", language="kk", schools=[])
    with pytest.raises(NotAllowed):
        services.group_create(
            actor=kit.facilitator,
            association=kit.association,
            data=data,
            facilitator=kit.facilitator,
        )
    with pytest.raises(DomainError) as refused:
        services.group_create(
            actor=kit.coordinator,
            association=kit.association,
            data=data,
            facilitator=kit.facilitator,
        )
    assert refused.value.code == "schools"
    data.schools = [make_school(region=kit.association.region)]
    with pytest.raises(DomainError) as refused:
        services.group_create(
            actor=kit.coordinator,
            association=kit.association,
            data=data,
            facilitator=kit.facilitator,
        )
    assert refused.value.code == "schools"


def test_the_knowledgeable_other_is_named_invited_and_audited() -> None:
    kit = make_group(members=1, expert=False)
    expert = make_user()
    with pytest.raises(NotAllowed):
        services.group_set_expert(actor=kit.members[0], group=kit.group, expert=expert)
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=expert)
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=expert)
    assert kit.group.knowledgeable_other == expert
    invited = Membership.objects.get(circle=kit.group.circle, user=expert)
    assert invited.status == MembershipStatus.INVITED
    assert AuditEvent.objects.filter(action=AuditAction.EXPERT_NAME, person=expert).count() == 1


def test_replacing_the_knowledgeable_other_withdraws_her_unanswered_invitation() -> None:
    kit = make_group(members=1, expert=False)
    first, second, third = make_user(), make_user(), make_user()
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=first)
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=second)
    status = dict(
        Membership.objects.filter(circle=kit.group.circle).values_list("user_id", "status")
    )
    assert status[first.pk] == MembershipStatus.LEFT  # withdrawn: she was invited as expert
    assert status[second.pk] == MembershipStatus.INVITED
    # Once she has accepted, she is a member like any other: replacing her keeps her.
    invitation_answer(actor=second, circle=kit.group.circle, accept=True)
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=third)
    kept = Membership.objects.get(circle=kit.group.circle, user=second)
    assert kept.status == MembershipStatus.ACTIVE
    # Naming nobody withdraws the last one's invitation too; naming the first again invites her.
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=None)
    gone = Membership.objects.get(circle=kit.group.circle, user=third)
    assert gone.status == MembershipStatus.LEFT
    services.group_set_expert(actor=kit.facilitator, group=kit.group, expert=first)
    again = Membership.objects.get(circle=kit.group.circle, user=first)
    assert again.status == MembershipStatus.INVITED


def test_the_focus_checks_objective_codes_and_the_three_parts() -> None:
    kit = make_group(members=1, expert=False)
    cycle = services.cycle_create(actor=kit.facilitator, group=kit.group, title="Цикл")
    assert cycle.step == Step.FOCUS
    data = services.FocusFields(
        subject=None, grades=[5], objectives=["5.2.1.1", "five"], approach="a", learning="b",
        learners="c",
    )  # fmt: skip
    with pytest.raises(DomainError) as refused:
        services.focus_save(actor=kit.facilitator, cycle=cycle, data=data)
    assert refused.value.code == "objectives"
    data.objectives, data.learners = ["5.2.1.1"], " "
    with pytest.raises(DomainError) as refused:
        services.focus_save(actor=kit.facilitator, cycle=cycle, data=data)
    assert refused.value.code == "question"
    data.learners = "pupils who say little"
    with pytest.raises(NotAllowed):
        services.focus_save(actor=kit.members[0], cycle=cycle, data=data)
    services.focus_save(actor=kit.facilitator, cycle=cycle, data=data)
    cycle.refresh_from_db()
    assert cycle.objectives == ["5.2.1.1"]
    assert cycle.research_question  # made from the three parts
    assert cycle.step == Step.CASE_PUPILS


def test_case_pupils_are_two_to_four_letters_and_an_observed_one_stays() -> None:
    kit = make_group(members=1, expert=False)
    cycle = make_cycle(kit, pupils=3)
    assert cycle.step == Step.OBSERVATION
    fields = services.PupilFields
    for pupils, code in (
        ([fields("A", "higher", "x")], "count"),
        ([fields("A", "higher", "x"), fields("A", "lower", "y")], "code"),
        ([fields("A", "higher", "x"), fields("E", "lower", "y")], "code"),
        ([fields("A", "higher", "x"), fields("B", "lower", " ")], "reason"),
    ):
        with pytest.raises(DomainError) as refused:
            services.case_pupils_save(actor=kit.facilitator, cycle=cycle, pupils=pupils)
        assert refused.value.code == code
    observe(cycle.lessons.get(number=1), kit.members[0])
    with pytest.raises(DomainError) as refused:
        services.case_pupils_save(
            actor=kit.facilitator,
            cycle=cycle,
            pupils=[fields("A", "higher", "x"), fields("B", "lower", "y")],
        )
    assert refused.value.code == "observed"


def test_the_plan_grid_adds_reorders_and_removes_stages() -> None:
    kit = make_group(members=1, expert=False)
    cycle = make_cycle(kit, pupils=2, stages=2)
    lesson = cycle.lessons.get(number=1)
    first, second = lesson.stages.order_by("position")
    pupil = cycle.case_pupils.get(code="A")
    services.plan_save(
        actor=kit.facilitator,
        lesson=lesson,
        stages=[
            services.StageFields(first.pk, 3, "Бірінші", 5, "", {pupil.pk: "жаңа болжам"}),
            services.StageFields(second.pk, 1, second.title, 10, "", delete=True),
            services.StageFields(None, 2, "Жаңа", None, "", {pupil.pk: "ол да"}),
            services.StageFields(None, 4, "", None, ""),  # an empty row of the editor
        ],
    )
    stages = list(lesson.stages.order_by("position"))
    assert [(s.position, s.title) for s in stages] == [(1, "Жаңа"), (2, "Бірінші")]
    assert Prediction.objects.get(stage=first, pupil=pupil).text == "жаңа болжам"
    # A stage observed is not removed, and a stage of another lesson is refused.
    observe(lesson, kit.members[0])
    with pytest.raises(DomainError) as refused:
        services.plan_save(
            actor=kit.facilitator,
            lesson=lesson,
            stages=[services.StageFields(first.pk, 1, "x", None, "", delete=True)],
        )
    assert refused.value.code == "observed"
    other = make_cycle(make_group(members=1, expert=False), pupils=2, stages=1)
    foreign = PlanStage.objects.filter(lesson__cycle=other).first()
    assert foreign is not None
    with pytest.raises(DomainError):
        services.plan_save(
            actor=kit.facilitator,
            lesson=lesson,
            stages=[services.StageFields(foreign.pk, 1, "x", None, "")],
        )


def test_the_next_lesson_copies_the_plan_and_keeps_the_first() -> None:
    kit = make_group(members=1, expert=False)
    cycle = make_cycle(kit, pupils=2, stages=2)
    first = cycle.lessons.get(number=1)
    with pytest.raises(DomainError) as refused:
        services.lesson_create(actor=kit.facilitator, cycle=cycle)
    assert refused.value.code == "discussion"
    discuss(kit, first)
    second = services.lesson_create(actor=kit.facilitator, cycle=cycle)
    assert second.number == 2
    copied = list(second.stages.order_by("position"))
    assert [s.title for s in copied] == [s.title for s in first.stages.order_by("position")]
    assert Prediction.objects.filter(stage__lesson=second).count() == 4
    # Revising the second plan leaves the first as it was.
    stage = copied[0]
    services.plan_save(
        actor=kit.facilitator,
        lesson=second,
        stages=[services.StageFields(stage.pk, 1, "Қайта қаралған", None, "")],
    )
    assert first.stages.order_by("position")[0].title == "Кезең 1"
    discuss(kit, second)
    services.lesson_create(actor=kit.facilitator, cycle=cycle)
    discuss(kit, cycle.lessons.get(number=3))
    with pytest.raises(DomainError) as refused:
        services.lesson_create(actor=kit.facilitator, cycle=cycle)
    assert refused.value.code == "max"


def test_interviews_by_any_member_once_and_only_of_the_cycles_pupils() -> None:
    kit = make_group(members=1)
    cycle = make_cycle(kit, pupils=2)
    lesson = cycle.lessons.get(number=1)
    pupil = cycle.case_pupils.get(code="A")
    first = services.interview_add(actor=kit.members[0], lesson=lesson, pupil=pupil, text="Ұнады")
    again = services.interview_add(actor=kit.members[0], lesson=lesson, pupil=pupil, text="Ұнады")
    assert first.pk == again.pk
    assert kit.expert is not None
    services.interview_add(actor=kit.expert, lesson=lesson, pupil=pupil, text="Қиын болды")
    with pytest.raises(NotAllowed):
        services.interview_add(actor=make_user(), lesson=lesson, pupil=pupil, text="x")
    other = make_cycle(make_group(members=1, expert=False), pupils=2)
    with pytest.raises(DomainError) as refused:
        services.interview_add(
            actor=kit.members[0], lesson=lesson, pupil=other.case_pupils.get(code="A"), text="x"
        )
    assert refused.value.code == "pupil"
    cycle.refresh_from_db()
    assert cycle.step == Step.DISCUSSION


def test_only_the_knowledgeable_other_comments_and_apart_from_the_findings() -> None:
    kit = make_group(members=1)
    cycle = make_cycle(kit, pupils=2)
    lesson = cycle.lessons.get(number=1)
    discuss(kit, lesson)
    for someone in (kit.facilitator, kit.members[0]):
        with pytest.raises(NotAllowed):
            services.expert_comments_save(actor=someone, lesson=lesson, text="x")
    assert kit.expert is not None
    found = services.expert_comments_save(actor=kit.expert, lesson=lesson, text="Жақсы")
    assert found.expert_comments == "Жақсы"
    assert found.findings.startswith("Жұппен")
    # Saving the discussion again keeps her comments.
    discuss(kit, lesson)
    found.refresh_from_db()
    assert found.expert_comments == "Жақсы"


def test_discussion_points_only_of_the_lessons_cells() -> None:
    kit = make_group(members=1, expert=False)
    cycle = make_cycle(kit, pupils=2, stages=1)
    lesson = cycle.lessons.get(number=1)
    stage = lesson.stages.get()
    pupil = cycle.case_pupils.get(code="A")
    data = services.DiscussionFields(
        held_on=date(2026, 11, 20), teaching="", findings="Табылды", changes="",
        points={(stage.pk, pupil.pk): "Болжам расталды"},
    )  # fmt: skip
    discussion = services.discussion_save(actor=kit.facilitator, lesson=lesson, data=data)
    assert discussion.points.get().text == "Болжам расталды"
    data.points = {(stage.pk + 1000, pupil.pk): "x"}
    with pytest.raises(DomainError):
        services.discussion_save(actor=kit.facilitator, lesson=lesson, data=data)
    data.points, data.findings = {}, " "
    with pytest.raises(DomainError) as refused:
        services.discussion_save(actor=kit.facilitator, lesson=lesson, data=data)
    assert refused.value.code == "findings"
    cycle.refresh_from_db()
    assert cycle.step == Step.REPORT


def test_the_report_is_drafted_from_the_cycle_edited_and_published_once(
    django_capture_on_commit_callbacks: object,
) -> None:
    kit = make_group(members=2)
    cycle = make_cycle(kit, pupils=3, stages=2)
    lesson = cycle.lessons.get(number=1)
    with pytest.raises(DomainError):
        services.report_draft(actor=kit.facilitator, cycle=cycle, language="kk")
    observe(lesson, kit.members[1])
    pupil = cycle.case_pupils.get(code="C")
    services.interview_add(actor=kit.members[1], lesson=lesson, pupil=pupil, text="Жұппен оңай")
    discuss(kit, lesson)
    assert kit.expert is not None
    services.expert_comments_save(actor=kit.expert, lesson=lesson, text="Дәлелдер жеткілікті")
    with pytest.raises(NotAllowed):
        services.report_draft(actor=kit.members[0], cycle=cycle, language="kk")
    report = services.report_draft(actor=kit.facilitator, cycle=cycle, language="ru")
    for expected in (
        cycle.research_question, "**C**", "** 5\n", "Жұппен оңай", "C көрдім",
        "Дәлелдер жеткілікті", "Кезең 1", "5.2.1.1",
    ):  # fmt: skip
        assert expected in report.body, expected
    assert report.language == "ru"
    # Drafting again keeps her edits.
    services.report_update(
        actor=kit.facilitator, report=report, title="Отчёт", summary="Кратко", body="Текст"
    )
    again = services.report_draft(actor=kit.facilitator, cycle=cycle, language="ru")
    assert again.body == "Текст"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.report_publish(actor=kit.facilitator, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.published_at is not None
    assert report.pdf  # drawn by the task, run at once in the tests
    services.report_publish(actor=kit.facilitator, report=report)
    with pytest.raises(DomainError) as refused:
        services.report_update(
            actor=kit.facilitator, report=report, title="x", summary="", body="y"
        )
    assert refused.value.code == "published"
    parts = {p.user_id: (p.role, p.hours) for p in Participation.objects.filter(cycle=cycle)}
    h = services
    assert parts == {
        kit.facilitator.pk: (
            CycleRole.FACILITATOR,
            h.HOURS_CYCLE_PLANNING + h.HOURS_PER_LESSON_LED + h.HOURS_REPORT,
        ),
        kit.members[0].pk: (CycleRole.TEACHER, h.HOURS_CYCLE_PLANNING + h.HOURS_PER_LESSON_TAUGHT),
        kit.members[1].pk: (
            CycleRole.OBSERVER,
            h.HOURS_CYCLE_PLANNING + h.HOURS_PER_LESSON_OBSERVED,
        ),
        kit.expert.pk: (CycleRole.KNOWLEDGEABLE_OTHER, h.HOURS_PER_LESSON_COMMENTED),
    }
    certificates = Certificate.objects.filter(holder__in=[kit.facilitator, *kit.members])
    assert certificates.count() == 3
    assert Certificate.objects.count() == 4
    teacher = Certificate.objects.get(holder=kit.members[0])
    assert teacher.title == cycle.title
    assert teacher.hours == h.HOURS_CYCLE_PLANNING + h.HOURS_PER_LESSON_TAUGHT
    assert AuditEvent.objects.filter(action=AuditAction.REPORT_PUBLISH).count() == 1
    # Anyone verifies it by its code: the cycle, her role and hours.
    page = Client().get(f"/ru{teacher.verify_path()}/").content.decode()
    assert cycle.title in page and str(teacher.hours) in page
    with translation.override(teacher.language):
        assert str(CycleRole.TEACHER.label) in teacher.description


class TestReportPdf(TestCase):
    """The report's PDF says what the report says (read by its text, not its size)."""

    def test_the_pdf_holds_the_reports_text(self) -> None:
        kit = make_group(members=1)
        cycle = make_cycle(kit, pupils=2, stages=1)
        discuss(kit, cycle.lessons.get(number=1))
        report = services.report_draft(actor=kit.facilitator, cycle=cycle, language="kk")
        with self.captureOnCommitCallbacks(execute=True):
            services.report_publish(actor=kit.facilitator, report=report)
        report.refresh_from_db()
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(report.pdf.read())).pages
        )
        assert "Жұппен сөйлеу, 5-сынып" in text
        assert "Жұппен сөйлеу C оқушысына көмектесті" in text.replace("\n", " ")


def test_nothing_changes_in_an_archived_group() -> None:
    from ortaq.communities.services.circles import circle_archive

    kit = make_group(members=1, expert=False)
    cycle = make_cycle(kit, pupils=2, stages=1)
    circle_archive(actor=kit.facilitator, circle=kit.group.circle)
    cycle.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.cycle_create(actor=kit.facilitator, group=cycle.group, title="Жаңа")
    assert refused.value.code == "archived"
    with pytest.raises(DomainError) as refused:
        services.interview_add(
            actor=kit.members[0],
            lesson=cycle.lessons.get(number=1),
            pupil=cycle.case_pupils.get(code="A"),
            text="x",
        )
    assert refused.value.code == "archived"
