"""What the library's authoring and review tests share: a place with a teacher, a moderator
and experts of a subject, and a resource taken through its review."""

from typing import Any

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.library import services
from ortaq.library.choices import Recommendation, Verdict
from ortaq.library.models import Assignment, ChecklistItem, Expertise, Resource, Version

BODY = "## Сабақтың мақсаты\n\nОқушылар бөлшектерді салыстырады."


def make_library_people(school: Any | None = None) -> dict[str, Any]:
    """A school with two teachers, a moderator of its region, an expert of mathematics over
    its region and one over its district, an expert of another subject, and an outsider."""
    from ortaq.accounts.services import role_grant
    from ortaq.testing.factories import make_school, make_user

    school = school or make_school(region__code="KZ-19")
    subject = Subject.objects.get(code="mathematics")
    other = Subject.objects.exclude(pk=subject.pk).order_by("pk").first()
    assert other is not None
    people: dict[str, Any] = {"school": school, "subject": subject, "other_subject": other}
    for name, first in (
        ("teacher", "Айгүл"),
        ("coauthor", "Дана"),
        ("moderator", "Мәдина"),
        ("expert", "Сәуле"),
        ("district_expert", "Гүлнар"),
        ("other_expert", "Жанар"),
        ("outsider", "Ержан"),
    ):
        people[name] = make_user(
            first_name=first, last_name="Сапарова", email=f"{name}@lib.kz", profile__school=school
        )
    role_grant(actor=None, user=people["moderator"], role=Role.MODERATOR, target=school.region)
    role_grant(actor=None, user=people["expert"], role=Role.EXPERT, target=school.region)
    role_grant(actor=None, user=people["district_expert"], role=Role.EXPERT, target=school.district)
    role_grant(actor=None, user=people["other_expert"], role=Role.EXPERT, target=school.region)
    for name in ("expert", "district_expert"):
        Expertise.objects.create(user=people[name], subject=subject)
    Expertise.objects.create(user=people["other_expert"], subject=other)
    return people


def a_draft(**fields: Any) -> services.Draft:
    values: dict[str, Any] = {
        "title": "Бөлшектерді салыстыру",
        "summary": "5-сыныпқа арналған сабақ жоспары.",
        "body": BODY,
        "grades": (5,),
        "codes": ("5.1.2.1",),
        **fields,
    }
    return services.Draft(**values)


def write(author: User, subject: Subject, *, kind: str = "lesson", **fields: Any) -> Resource:
    return services.resource_create(
        actor=author,
        about=services.NewResource(kind=kind, subject=subject, language="kk"),
        draft=a_draft(**fields),
    )


def open_of(resource: Resource) -> Version:
    return Version.objects.exclude(status__in=["published", "superseded", "withdrawn"]).get(
        resource=resource
    )


def answers(kind: str, verdict: str = Verdict.MEETS) -> dict[int, services.Answer]:
    return {
        item.pk: services.Answer(verdict=verdict)
        for item in ChecklistItem.objects.filter(kind=kind)
    }


def approve(expert: User, version: Version, *, name_shown: bool = False) -> Assignment:
    assignment = Assignment.objects.get(version=version, expert=expert)
    return services.review_send(
        actor=expert,
        assignment=assignment,
        answers=answers(version.resource.kind),
        recommendation=Recommendation.APPROVE,
        comment="Жақсы.",
        name_shown=name_shown,
    )


def publish(people: dict[str, Any], resource: Resource) -> Version:
    """Take the resource's open version through review to publication by the region's
    expert."""
    version = services.version_submit(actor=people["teacher"], version=open_of(resource))
    services.experts_assign(actor=people["moderator"], version=version, experts=[people["expert"]])
    approve(people["expert"], version)
    return Version.objects.get(pk=version.pk)


def load_library_data() -> None:
    """Put the checklists and the mark rules back (their migration's rows) after a
    transactional test emptied the tables."""
    import importlib

    from django.apps import apps

    if not ChecklistItem.objects.exists():
        migration = importlib.import_module(
            "ortaq.library.migrations.0002_mark_rules_and_checklists"
        )
        migration.forwards(apps, None)
