"""Lesson Study in the administration site: groups, cycles, reports and participations are
read there and never written; the working material (plans, notes, interviews, discussions) is
not there at all."""

import pytest
from django.contrib import admin
from django.test import Client

from ortaq.lessonstudy.models import Interview, Note, Participation, PlanStage, Report
from ortaq.lessonstudy.services import cycles as services
from ortaq.testing.cycles import discuss, make_cycle, make_group
from ortaq.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_admin_reads_groups_cycles_and_reports_and_writes_nothing() -> None:
    kit = make_group(members=1)
    cycle = make_cycle(kit, pupils=2, stages=1)
    discuss(kit, cycle.lessons.get(number=1))
    report = services.report_draft(actor=kit.facilitator, cycle=cycle, language="kk")
    services.report_publish(actor=kit.facilitator, report=report)
    operator = make_user(email="operator@example.kz", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    participation = Participation.objects.filter(cycle=cycle).first()
    assert participation is not None
    for model, pk in (
        ("group", kit.group.pk),
        ("cycle", cycle.pk),
        ("report", report.pk),
        ("participation", participation.pk),
    ):
        url = f"/admin/lessonstudy/{model}/"
        assert client.get(url).status_code == 200, url
        assert client.get(f"{url}{pk}/change/").status_code == 200, url
        assert client.get(f"{url}add/").status_code == 403, url
    for private in (Note, Interview, PlanStage):
        assert not admin.site.is_registered(private)
    assert Report.objects.get().status == "published"
