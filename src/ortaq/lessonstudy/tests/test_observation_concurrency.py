"""The same batch of notes sent twice at the same moment (a phone that came back online and
retried while its first request was still running), with real transactions on PostgreSQL."""

import datetime
import uuid

import pytest
from django.utils import timezone

from ortaq.lessonstudy.models import Note, ResearchLesson
from ortaq.lessonstudy.services.observation import NoteIn, Recorded, notes_record
from ortaq.testing.lessonstudy import make_observed
from ortaq.testing.utils import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_batch_sent_at_once_stores_each_note_once(reference_data: None) -> None:
    observed = make_observed()
    batch = [
        NoteIn(
            client_id=uuid.uuid4(),
            pupil_id=observed.pupils[n % 3].pk,
            stage_id=observed.stages[n % 3].pk,
            text=f"{n}-жазба",
            written_at=timezone.now() - datetime.timedelta(minutes=n),
        )
        for n in range(40)
    ]

    def send() -> Recorded:
        # Each request reads the lesson afresh.
        lesson = ResearchLesson.objects.select_related("cycle__group__circle").get(
            pk=observed.lesson.pk
        )
        return notes_record(actor=observed.member, lesson=lesson, notes=batch)

    results = at_once(send, times=3)
    assert all(isinstance(r, Recorded) for r in results), results
    assert Note.objects.filter(observer=observed.member).count() == 40
    # Each note is told as stored by exactly one of the requests, and as there by the others.
    ids = {n.client_id for n in batch}
    created = [i for r in results for i in r.created]
    assert sorted(map(str, created)) == sorted(map(str, ids))
    for r in results:
        assert set(r.created) | set(r.existing) == ids
