"""Observation notes: stored once per device id, the whole batch refused for one wrong note,
only by those who work on the cycle, and never after the report is published."""

import datetime
import uuid

import pytest
from django.utils import timezone

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.lessonstudy.models import Note
from ortaq.lessonstudy.services.observation import (
    MAX_BATCH,
    MAX_NOTE_LENGTH,
    NoteIn,
    notes_record,
)
from ortaq.testing.factories import make_user
from ortaq.testing.lessonstudy import Observed, make_observed, publish_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def observed(reference_data: None) -> Observed:
    return make_observed()


def note(observed: Observed, n: int = 0, **changes: object) -> NoteIn:
    fields: dict[str, object] = {
        "client_id": uuid.uuid4(),
        "pupil_id": observed.pupils[n % len(observed.pupils)].pk,
        "stage_id": observed.stages[n % len(observed.stages)].pk,
        "text": f"B оқушы {n}: жұбына түсіндірді.",
        "written_at": timezone.now() - datetime.timedelta(minutes=5),
    }
    return NoteIn(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_batch_is_stored_and_sent_again_stores_nothing_more(observed: Observed) -> None:
    batch = [note(observed, n) for n in range(5)]
    first = notes_record(actor=observed.member, lesson=observed.lesson, notes=batch)
    assert first.created == [n.client_id for n in batch]
    assert first.existing == []

    # The connection dropped before the answer came: the device sends them again, and more.
    more = [note(observed, 9)]
    again = notes_record(actor=observed.member, lesson=observed.lesson, notes=batch + more)
    assert again.created == [more[0].client_id]
    assert again.existing == [n.client_id for n in batch]
    assert Note.objects.filter(observer=observed.member).count() == 6
    stored = Note.objects.get(client_id=batch[0].client_id)
    assert stored.text == batch[0].text
    assert stored.written_at == batch[0].written_at
    assert stored.lesson == observed.lesson


def test_the_same_id_twice_in_a_batch_counts_once(observed: Observed) -> None:
    one = note(observed)
    done = notes_record(actor=observed.member, lesson=observed.lesson, notes=[one, one])
    assert done.created == [one.client_id]
    assert Note.objects.count() == 1


def test_two_observers_may_send_the_same_id(observed: Observed) -> None:
    one = note(observed)
    notes_record(actor=observed.member, lesson=observed.lesson, notes=[one])
    done = notes_record(actor=observed.expert, lesson=observed.lesson, notes=[one])
    assert done.created == [one.client_id]
    assert Note.objects.count() == 2


def test_the_facilitator_and_the_knowledgeable_other_write_notes(observed: Observed) -> None:
    for person in (observed.facilitator, observed.expert):
        done = notes_record(actor=person, lesson=observed.lesson, notes=[note(observed)])
        assert len(done.created) == 1


def test_another_cycles_pupil_or_stage_refuses_the_whole_batch(observed: Observed) -> None:
    other = make_observed()
    for wrong, says in (
        ({"pupil_id": other.pupils[0].pk}, "its case pupil is not one of this cycle's"),
        ({"stage_id": other.stages[0].pk}, "its stage is not one of this lesson's plan"),
    ):
        batch = [note(observed, 0), note(observed, 1, **wrong), note(observed, 2)]
        with pytest.raises(DomainError) as refused:
            notes_record(actor=observed.member, lesson=observed.lesson, notes=batch)
        assert refused.value.message == (f"Note 2 of 3 is refused: {says}. No note was stored.")
    assert not Note.objects.exists()


def test_a_stage_of_another_lesson_of_the_same_cycle_is_refused(observed: Observed) -> None:
    from ortaq.testing.lessonstudy import make_lesson

    second = make_lesson(observed.cycle, number=2)
    batch = [note(observed, stage_id=second.stages.first().pk)]  # type: ignore[union-attr]
    with pytest.raises(DomainError, match="its stage is not one of this lesson's plan"):
        notes_record(actor=observed.member, lesson=observed.lesson, notes=batch)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"text": "   "}, "it is empty"),
        ({"text": "а" * (MAX_NOTE_LENGTH + 1)}, "it is longer than 2000 characters"),
        (
            {"written_at": timezone.now() + datetime.timedelta(hours=2)},
            "its time is in the future",
        ),
        (
            {"written_at": timezone.now() - datetime.timedelta(days=3)},
            "its time is before the lesson's day",
        ),
        ({"written_at": datetime.datetime(2026, 12, 7, 10, 0)}, "its time has no time zone"),  # noqa: DTZ001
    ],
)
def test_a_wrong_note_is_refused_with_its_reason(
    observed: Observed, changes: dict[str, object], says: str
) -> None:
    with pytest.raises(DomainError, match=says):
        notes_record(
            actor=observed.member,
            lesson=observed.lesson,
            notes=[note(observed, 0), note(observed, 1, **changes)],
        )
    assert not Note.objects.exists()


def test_a_note_of_the_evening_before_is_taken(observed: Observed) -> None:
    yesterday = timezone.now() - datetime.timedelta(hours=20)
    done = notes_record(
        actor=observed.member, lesson=observed.lesson, notes=[note(observed, written_at=yesterday)]
    )
    assert len(done.created) == 1


def test_too_many_notes_at_once_are_refused(observed: Observed) -> None:
    batch = [note(observed, n) for n in range(MAX_BATCH + 1)]
    with pytest.raises(DomainError, match="Send at most 1000 notes at a time."):
        notes_record(actor=observed.member, lesson=observed.lesson, notes=batch)
    assert not Note.objects.exists()


def test_an_empty_batch_stores_nothing(observed: Observed) -> None:
    done = notes_record(actor=observed.member, lesson=observed.lesson, notes=[])
    assert (done.created, done.existing) == ([], [])


def test_someone_outside_the_group_may_not_write(observed: Observed) -> None:
    for outsider in (make_user(), make_observed().member):
        with pytest.raises(NotAllowed):
            notes_record(actor=outsider, lesson=observed.lesson, notes=[note(observed)])
    assert not Note.objects.exists()


def test_a_member_who_left_may_not_write(observed: Observed) -> None:
    from ortaq.communities.choices import MembershipStatus
    from ortaq.communities.models import Membership

    Membership.objects.filter(user=observed.member).update(status=MembershipStatus.LEFT)
    with pytest.raises(NotAllowed):
        notes_record(actor=observed.member, lesson=observed.lesson, notes=[note(observed)])


def test_no_note_after_the_report_is_published(observed: Observed) -> None:
    publish_report(observed.cycle)
    with pytest.raises(DomainError, match="The cycle's report is published"):
        notes_record(actor=observed.member, lesson=observed.lesson, notes=[note(observed)])
    assert not Note.objects.exists()
