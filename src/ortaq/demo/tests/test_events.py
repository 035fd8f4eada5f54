"""The demo's events, as `make run` loads them: the past conference shows exactly the issue's
figures (22 speakers, 19 poster presenters, 19 organisers and 572 participants) counted from
its own records, with its programme, attendance, feedback and a certificate for everyone who
took part; the upcoming seminar is full with a waiting list and a seat offered; the round
table shows its recommendations; the camp has its teams, their results and its teachers'
certificates."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.core.roles import Role
from ortaq.demo import events as demo_events
from ortaq.demo.crowd import CROWD_DOMAIN
from ortaq.demo.loader import load
from ortaq.events import after, queries, statistics
from ortaq.events.choices import (
    AttendanceSource,
    ContributionStatus,
    RegistrationStatus,
    SessionKind,
    StaffRole,
    TeamStatus,
)
from ortaq.events.models import (
    Attendance,
    Contribution,
    ContributionAuthor,
    Event,
    Feedback,
    Material,
    Registration,
    Review,
    Session,
    Slot,
    Staff,
    Team,
)

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_the_demo_events_show_what_the_issue_asks(reference_data: None) -> None:
    load()
    conference = Event.objects.get(slug=demo_events.CONFERENCE)
    now = timezone.now()
    assert conference.ends_at < now and conference.is_published and conference.is_online

    # 632 registrations, by role exactly the seed's, counted from the rows.
    assert Registration.objects.filter(event=conference).count() == 632
    assert queries.seats_by_role(event=conference) == {
        "speaker": 22,
        "poster": 19,
        "organiser": 19,
        "participant": 572,
    }
    with translation.override("en"):
        stats = statistics.event_statistics(conference)
        by_role = {line.label: (line.registered, line.attended) for line in stats.by_role}
        page = Client().get(reverse("events:event", args=[conference.slug])).text
        facilitator = signed_in("facilitator@demo.ortaq.kz")
        stats_page = facilitator.get(reverse("events:statistics", args=[conference.slug]))
    assert (stats.registered, stats.attended) == (632, 632)
    assert by_role == {
        "Organiser": (19, 19),
        "Speaker": (22, 22),
        "Poster presenter": (19, 19),
        "Participant": (572, 572),
    }
    assert "22 speakers, 19 poster presenters, 19 organisers, 572 participants" in page
    assert stats_page.status_code == 200 and "572" in stats_page.text
    assert len(stats.by_region) > 1 and {line.label for line in stats.by_school} >= {
        "Urban school",
        "Rural school",
        "Small-scale school",
    }

    # The call: accepted talks and posters with their authors (one without an account), two
    # declined, two reviewed blind.
    contributions = Contribution.objects.filter(event=conference)
    accepted = contributions.filter(status=ContributionStatus.ACCEPTED)
    assert accepted.filter(kind="poster").count() == 19
    assert accepted.exclude(kind="poster").count() == 14
    assert contributions.filter(status=ContributionStatus.DECLINED).count() == 2
    assert ContributionAuthor.objects.filter(contribution__event=conference, user=None).exists()
    assert conference.call.blind
    assert Review.objects.filter(assignment__contribution__event=conference).count() == 2
    # The programme: every kind of session, every accepted contribution placed, chairs.
    sessions = Session.objects.filter(event=conference)
    assert set(sessions.values_list("kind", flat=True)) == set(SessionKind.values)
    assert Slot.objects.filter(session__event=conference).count() == accepted.count()
    assert sessions.filter(chairs__isnull=False).distinct().count() == 4
    shown_programme = Client().get(reverse("events:programme", args=[conference.slug]))
    assert shown_programme.status_code == 200
    assert "Карта наблюдения за фокус-учеником" in shown_programme.text
    assert demo_events.ZOOM not in shown_programme.text  # the link is for the registered only
    # Who runs it: its creator and the region's methodologist organise, three moderate;
    # each appointment audited.
    assert sorted(Staff.objects.filter(event=conference).values_list("role", flat=True)) == [
        StaffRole.MODERATOR,
        StaffRole.MODERATOR,
        StaffRole.MODERATOR,
        StaffRole.ORGANISER,
        StaffRole.ORGANISER,
    ]
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.EVENT_STAFF_ADD, object_id=str(conference.pk)
        ).count()
        == 5
    )
    # Attendance: most by their join links' minutes (all at the event's threshold or over),
    # the rest ticked; the demo's teacher through her own link.
    joined = Attendance.objects.filter(event=conference, source=AttendanceSource.JOIN_LINK)
    assert joined.count() == 541
    assert not joined.filter(minutes__lt=conference.attendance_minutes).exists()
    assert Attendance.objects.filter(event=conference, source=AttendanceSource.TICK).count() == 91
    teacher = User.objects.get(email="teacher@demo.ortaq.kz")
    assert joined.filter(user=teacher).exists()
    assert Feedback.objects.filter(event=conference).count() > 250
    assert Material.objects.filter(event=conference).count() == 3

    # A certificate for each of the 632, in the holder's language; the demo's own accounts'
    # drawn as PDFs, and the teacher's verifies.
    certificates = after.certificates_of(conference)
    assert certificates.count() == 632
    assert not certificates.filter(pdf="").exclude(holder__email__endswith=CROWD_DOMAIN).exists()
    hers = certificates.get(holder=teacher)
    day = timezone.localtime(conference.starts_at).strftime("%d.%m.%Y")
    assert (hers.hours, hers.title) == (6, conference.title_kk) and day in hers.description
    verified = Client().get(hers.verify_path(), follow=True)
    assert verified.status_code == 200 and hers.code in verified.text
    ru = certificates.filter(language="ru").first()
    assert ru is not None and "Lesson Study в наших классах" in ru.title

    # The seminar: open, its room of 25 full, three waiting, a seat offered to the teacher for
    # 48 hours, shown on her page and the event's.
    seminar = Event.objects.get(slug=demo_events.SEMINAR)
    assert seminar.starts_at > now and seminar.registration_open_at(now)
    assert seminar.language_list() == ["kk", "ru"]
    assert queries.seats_taken(event=seminar) == seminar.capacity == 25
    assert queries.waiting_count(event=seminar) == 3
    offer = Registration.objects.get(event=seminar, user=teacher)
    assert offer.status == RegistrationStatus.OFFERED and offer.offer_expires_at is not None
    assert now + timedelta(hours=47) < offer.offer_expires_at < now + timedelta(hours=49)
    mine = signed_in(teacher.email)
    assert (
        reverse("events:take_seat", args=[seminar.slug])
        in mine.get(reverse("events:event", args=[seminar.slug])).text
    )
    assert f"/events/{seminar.slug}/#registration" in mine.get(reverse("accounts:dashboard")).text
    calendar = Client().get(reverse("events:calendar")).text
    assert reverse("events:event", args=[seminar.slug]) in calendar

    # The round table of small-school heads: its recommendations on its public page.
    table = Event.objects.get(slug=demo_events.ROUND_TABLE)
    assert table.kind == "round_table" and table.audience_small_scale and table.ends_at < now
    assert table.outcome_kk and table.outcome_ru
    with translation.override("ru"):
        shown = Client().get(reverse("events:event", args=[table.slug])).text
    assert "малокомплектных школ" in shown and "наставников" in shown
    heads = User.objects.filter(event_registrations__event=table, email__endswith=CROWD_DOMAIN)
    assert heads.count() == 7
    assert all(h.profile.school and h.profile.school.small_scale for h in heads)
    assert all(h.role_assignments.filter(role=Role.PRINCIPAL).exists() for h in heads)
    assert after.certificates_of(table).count() == 8  # the seven heads and the organiser

    # The camp: four teams accepted (its room), one declined, results recorded, its teachers
    # (and its organiser) certified.
    camp = Event.objects.get(slug=demo_events.CAMP)
    teams = Team.objects.filter(event=camp)
    assert camp.kind == "camp" and camp.capacity == 4 and camp.ends_at < now
    assert teams.filter(status=TeamStatus.ACCEPTED).exclude(result="").count() == 4
    assert teams.filter(status=TeamStatus.DECLINED).count() == 1
    leaders = set(
        Team.teachers.through.objects.filter(
            team__event=camp, team__status=TeamStatus.ACCEPTED
        ).values_list("user_id", flat=True)
    )
    certified = set(after.certificates_of(camp).values_list("holder_id", flat=True))
    assert leaders < certified and teacher.pk in certified
    content_type = ContentType.objects.get_for_model(Registration)
    assert Certificate.objects.filter(content_type=content_type).count() == 632 + 8 + len(certified)
    with translation.override("en"):
        team_page = Client().get(reverse("events:teams", args=[camp.slug])).text
    assert "I орын" in team_page and "Бекболат" not in team_page  # declined: not public
