"""An interview note is corrected or deleted by the one who noted it or by a facilitator of
the group, and by nobody once the cycle's report is published (the report and the hours of
its certificates were drawn from it); the pages answer as decision 0011 says."""

import pytest
from django.test import Client
from django.urls import reverse

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.lessonstudy.models import Interview
from ortaq.lessonstudy.services import cycles as services
from ortaq.testing.cycles import Kit, discuss, make_cycle, make_group
from ortaq.testing.factories import make_user
from ortaq.testing.http import signed_in

pytestmark = pytest.mark.django_db


def _setup() -> tuple[Kit, Interview, Interview]:
    kit = make_group(members=2)
    cycle = make_cycle(kit, pupils=2, stages=1)
    lesson = cycle.lessons.get(number=1)
    pupil = cycle.case_pupils.get(code="A")
    mine = services.interview_add(actor=kit.members[0], lesson=lesson, pupil=pupil, text="Ұнады")
    theirs = services.interview_add(
        actor=kit.members[1], lesson=lesson, pupil=pupil, text="Қиын болды"
    )
    return kit, mine, theirs


def test_the_author_and_a_facilitator_change_an_interview_until_the_report_is_published() -> None:
    kit, mine, theirs = _setup()
    services.interview_update(actor=kit.members[0], interview=mine, text=" Өте ұнады ")
    mine.refresh_from_db()
    assert mine.text == "Өте ұнады"
    assert kit.expert is not None
    for person in (kit.members[1], kit.expert, make_user()):
        with pytest.raises(NotAllowed):
            services.interview_update(actor=person, interview=mine, text="x")
        with pytest.raises(NotAllowed):
            services.interview_delete(actor=person, interview=mine)
    with pytest.raises(DomainError) as refused:
        services.interview_update(actor=kit.members[0], interview=mine, text="  ")
    assert refused.value.code == "empty"
    services.interview_update(actor=kit.facilitator, interview=theirs, text="Сәл қиын")
    services.interview_delete(actor=kit.members[0], interview=mine)
    assert list(Interview.objects.values_list("text", flat=True)) == ["Сәл қиын"]
    lesson = theirs.lesson
    discuss(kit, lesson)
    report = services.report_draft(actor=kit.facilitator, cycle=lesson.cycle, language="kk")
    services.report_publish(actor=kit.facilitator, report=report)
    for change in (
        lambda: services.interview_update(actor=kit.facilitator, interview=theirs, text="y"),
        lambda: services.interview_delete(actor=kit.facilitator, interview=theirs),
        lambda: services.interview_add(
            actor=kit.members[1], lesson=lesson, pupil=theirs.pupil, text="z"
        ),
    ):
        with pytest.raises(DomainError) as refused:
            change()
        assert refused.value.code == "published"
    assert Interview.objects.get().text == "Сәл қиын"


def test_the_pages_correct_and_delete_an_interview() -> None:
    kit, mine, theirs = _setup()
    lesson = mine.lesson
    args = (lesson.cycle_id, lesson.number)
    list_url = reverse("lessonstudy:interviews", args=args)
    edit_mine = reverse("lessonstudy:interview_edit", args=(*args, mine.pk))
    edit_theirs = reverse("lessonstudy:interview_edit", args=(*args, theirs.pk))
    delete_mine = reverse("lessonstudy:interview_delete", args=(*args, mine.pk))
    author = signed_in(kit.members[0])
    page = author.get(list_url).content.decode()
    assert edit_mine in page and edit_theirs not in page
    facilitator_page = signed_in(kit.facilitator).get(list_url).content.decode()
    assert edit_mine in facilitator_page and edit_theirs in facilitator_page
    assert author.get(edit_mine).status_code == 200
    assert author.get(edit_theirs).status_code == 403
    assert kit.expert is not None
    assert signed_in(kit.expert).get(edit_mine).status_code == 403
    assert signed_in(make_user()).get(edit_mine).status_code == 404
    response = Client().get(edit_mine)
    assert response.status_code == 302 and "login" in response["Location"]
    response = author.post(edit_mine, {"text": "Өте ұнады"})
    assert response.status_code == 302 and response["Location"] == list_url
    mine.refresh_from_db()
    assert mine.text == "Өте ұнады"
    assert author.post(edit_mine, {"text": ""}).status_code == 200
    assert signed_in(kit.members[1]).post(delete_mine).status_code == 403
    response = author.post(delete_mine)
    assert response.status_code == 302 and not Interview.objects.filter(pk=mine.pk).exists()
    # Once the report is published: no link, and the form sends her back with the reason.
    discuss(kit, lesson)
    report = services.report_draft(actor=kit.facilitator, cycle=lesson.cycle, language="kk")
    services.report_publish(actor=kit.facilitator, report=report)
    facilitator = signed_in(kit.facilitator)
    assert edit_theirs not in facilitator.get(list_url).content.decode()
    response = facilitator.get(edit_theirs)
    assert response.status_code == 302 and response["Location"] == list_url
    response = facilitator.post(edit_theirs, {"text": "x"})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.text == "Қиын болды"
