"""A group sends its published report to its association's journal in one step: only its
facilitators, only once published, only to an open call, once (sending again returns the same
manuscript); the manuscript's source is the report, its authors the cycle's participants from
the group (the sender first, then the facilitators, the teachers, the others; never the
knowledgeable other)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.journal import services as journal_services
from ortaq.journal.choices import Kind, Status
from ortaq.journal.models import Journal, Submission
from ortaq.lessonstudy.models import Report
from ortaq.lessonstudy.services import cycles as services
from ortaq.lessonstudy.services.to_journal import Texts, report_submit
from ortaq.testing.cycles import Kit, discuss, make_cycle, make_group, observe
from ortaq.testing.factories import add_member, make_association, make_school, make_user

pytestmark = pytest.mark.django_db

TEXTS = Texts(
    title_kk="Жұппен сөйлеу",
    title_ru="Говорение в парах",
    title_en="Talking in pairs",
    abstract_kk="Цикл туралы.",
    abstract_ru="О цикле.",
    abstract_en="About the cycle.",
)


@dataclass
class World:
    kit: Kit
    report: Report
    editor: User
    second: User  # a second facilitator of the group


def _world(*, journal: bool = True, call: bool = True, publish: bool = True) -> World:
    editor = make_user(email="editor@ls.kz")
    school = make_school(region__code="KZ-19")
    association = make_association(
        region=school.region, schools=[school, make_school(region=school.region)], editor=editor
    )
    kit = make_group(members=3, association=association)
    second = make_user(last_name="Әбенова")
    add_member(kit.group.circle, second, role=MemberRole.FACILITATOR)
    cycle = make_cycle(kit, pupils=3, stages=2)
    lesson = cycle.lessons.get(number=1)
    observe(lesson, kit.members[1])
    observe(lesson, kit.expert)  # type: ignore[arg-type]
    discuss(kit, lesson)
    report = services.report_draft(actor=kit.facilitator, cycle=cycle, language="ru")
    services.report_update(
        actor=kit.facilitator,
        report=report,
        title="Отчёт группы",
        summary="Кратко о цикле.",
        body="## Отчёт\n\nТекст отчёта.",
    )
    if publish:
        services.report_publish(actor=kit.facilitator, report=report)
    if journal:
        found = journal_services.journal_save(
            actor=editor, association=association, title_kk="Зерттеу", title_ru="Исследование"
        )
        if call:
            journal_services.call_open(
                actor=editor,
                journal=found,
                year=timezone.localdate().year,
                deadline=timezone.localdate() + timedelta(days=30),
            )
    report.refresh_from_db()
    return World(kit, report, editor, second)


def test_the_report_becomes_a_submission_with_the_groups_authors_once() -> None:
    w = _world()
    kit = w.kit
    made = report_submit(actor=w.second, report=w.report, texts=TEXTS)
    assert made.kind == Kind.LESSON_STUDY and made.status == Status.SUBMITTED
    assert made.source_type == ContentType.objects.get_for_model(Report)
    assert made.source_id == w.report.pk
    assert made.language == "ru" and made.title_en == "Talking in pairs"
    assert made.versions.get().body == w.report.body
    authors = [a.user for a in made.authors.order_by("position")]
    # The sender, the other facilitator, the lesson's teacher, the observer; not the member
    # who neither taught nor observed, nor the knowledgeable other (who observed).
    assert authors == [w.second, kit.facilitator, kit.members[0], kit.members[1]]
    # Sending again (by the other facilitator, even once the call is closed) is the same.
    journal = Journal.objects.get()
    call = journal_services.open_call(journal)
    assert call is not None
    journal_services.call_close(actor=w.editor, call=call)
    again = report_submit(actor=kit.facilitator, report=w.report, texts=TEXTS)
    assert again.pk == made.pk and Submission.objects.count() == 1


def test_refusals_with_their_reasons() -> None:
    w = _world(publish=False, journal=False)
    kit = w.kit
    with pytest.raises(DomainError) as refused:
        report_submit(actor=kit.facilitator, report=w.report, texts=TEXTS)
    assert refused.value.code == "unpublished"
    services.report_publish(actor=kit.facilitator, report=w.report)
    w.report.refresh_from_db()
    for person in (kit.members[0], kit.expert, kit.coordinator, w.editor, make_user()):
        with pytest.raises(NotAllowed):
            report_submit(actor=person, report=w.report, texts=TEXTS)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as refused:
        report_submit(actor=kit.facilitator, report=w.report, texts=TEXTS)
    assert refused.value.code == "no_journal"
    journal = journal_services.journal_save(
        actor=w.editor, association=kit.association, title_kk="Зерттеу", title_ru=""
    )
    with pytest.raises(DomainError) as refused:
        report_submit(actor=kit.facilitator, report=w.report, texts=TEXTS)
    assert refused.value.code == "no_call"
    journal_services.call_open(
        actor=w.editor,
        journal=journal,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + timedelta(days=3),
    )
    with pytest.raises(DomainError) as refused:
        report_submit(
            actor=kit.facilitator,
            report=w.report,
            texts=Texts(**{**TEXTS.__dict__, "abstract_en": "  "}),
        )
    assert refused.value.code == "texts"
    assert not Submission.objects.exists()


def _post(client: Client, report: Report, **data: str) -> object:
    return client.post(reverse("lessonstudy:report_submit", args=(report.pk,)), data)


def test_the_report_page_sends_it_and_then_says_where_it_went() -> None:
    w = _world()
    kit = w.kit
    page_url = reverse("lessonstudy:cycle_report", args=(w.report.pk,))
    submit_url = reverse("lessonstudy:report_submit", args=(w.report.pk,))
    anonymous = Client()
    assert anonymous.get(page_url).status_code == 200
    assert submit_url not in anonymous.get(page_url).content.decode()
    response = anonymous.post(submit_url, TEXTS.__dict__)
    assert response.status_code == 302 and "login" in response["Location"]
    member = Client()
    member.force_login(kit.members[0])
    assert submit_url not in member.get(page_url).content.decode()
    assert member.post(submit_url, TEXTS.__dict__).status_code == 403
    facilitator = Client()
    facilitator.force_login(kit.facilitator)
    page = facilitator.get(page_url).content.decode()
    # The report's own language (Russian) is filled in from its title and summary.
    assert submit_url in page and 'value="Отчёт группы"' in page and "Кратко о цикле." in page
    response = facilitator.post(submit_url, {**TEXTS.__dict__, "title_kk": ""})
    assert response.status_code == 200 and not Submission.objects.exists()
    response = facilitator.post(submit_url, TEXTS.__dict__)
    made = Submission.objects.get()
    manuscript = reverse("journal:submission", args=(kit.association.slug, made.pk))
    assert response.status_code == 302 and response["Location"] == manuscript
    page = facilitator.get(page_url).content.decode()
    assert manuscript in page and submit_url not in page
    assert str(Status.SUBMITTED.label) in page or "Submitted" in page
    # An author reads where it went; the public does not, until it is an article.
    assert manuscript in member.get(page_url).content.decode()
    assert manuscript not in anonymous.get(page_url).content.decode()
    assert facilitator.get(manuscript).status_code == 200
    # Sending again: the same manuscript, with a message saying so.
    response = facilitator.post(submit_url, TEXTS.__dict__)
    assert response.status_code == 302 and response["Location"] == manuscript
    assert Submission.objects.count() == 1


def test_the_page_refuses_an_unpublished_report_and_a_closed_call() -> None:
    w = _world(publish=False, call=False)
    facilitator = Client()
    facilitator.force_login(w.kit.facilitator)
    page_url = reverse("lessonstudy:cycle_report", args=(w.report.pk,))
    submit_url = reverse("lessonstudy:report_submit", args=(w.report.pk,))
    assert submit_url not in facilitator.get(page_url).content.decode()
    response = facilitator.post(submit_url, TEXTS.__dict__)
    assert response.status_code == 200 and not Submission.objects.exists()
    services.report_publish(actor=w.kit.facilitator, report=w.report)
    # Published, but the journal has no open call: no form, and a post is refused in words.
    assert submit_url not in facilitator.get(page_url).content.decode()
    response = facilitator.post(submit_url, TEXTS.__dict__)
    assert response.status_code == 200 and not Submission.objects.exists()
    # Someone outside the group does not find a draft report.
    other = make_group(members=0, expert=False)
    outsider = Client()
    outsider.force_login(other.facilitator)
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(status="draft")
    assert outsider.post(submit_url, TEXTS.__dict__).status_code == 404
