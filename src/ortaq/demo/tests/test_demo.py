"""The demo that `make run` loads: everything it promises is there, and loading twice changes
nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from ortaq.certificates.models import Certificate
from ortaq.communities.choices import ProjectStatus, Stage
from ortaq.communities.models import Circle, Meeting, Project, Thread
from ortaq.consultations.models import Question
from ortaq.demo.loader import load
from ortaq.discussions.models import Mention
from ortaq.journal.choices import Kind, Status
from ortaq.journal.models import Submission
from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import Discussion, Group, Note, Participation, Report
from ortaq.networks.models import Association, NewsPost

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_loads_once_with_circles_projects_consultations_and_an_association(
    reference_data: None,
) -> None:
    logins = load()
    assert len(logins) >= 7
    school_circle = Circle.objects.get(kind="school")
    network = Circle.objects.get(kind="network", lesson_study_group__isnull=True)
    assert school_circle.school is not None and school_circle.school.locality == "rural"
    assert network.schools.filter(small_scale=True).count() == 3
    assert Meeting.objects.filter(circle=school_circle).count() == 2
    lively = Thread.objects.get(circle=school_circle, pinned_at__isnull=True)
    assert (
        lively.post_count >= 7 and Mention.objects.filter(post__discussion__thread=lively).exists()
    )
    assert Meeting.objects.filter(circle=school_circle).exclude(notes="").count() == 1
    stages = sorted(Project.objects.values_list("stage", flat=True))
    assert stages == [Stage.CONSULTATION, Stage.LEADING, Stage.PORTFOLIO]
    assert Project.objects.filter(status=ProjectStatus.ACCEPTED).count() == 1
    assert Question.objects.filter(answered_at__isnull=False).count() == 2
    assert Question.objects.filter(published_at__isnull=False).count() == 1
    association = Association.objects.get()
    assert association.member_schools.count() == 3
    assert {a.role for a in association.appointments.all()} == {"coordinator", "editor"}
    assert sorted(NewsPost.objects.values_list("language", flat=True)) == ["kk", "ru"]
    assert association.about_kk and association.about_ru and not association.about_en
    group = Group.objects.get()
    cycle = group.cycles.get()
    assert cycle.lessons.count() == 2 and cycle.case_pupils.count() == 3
    assert Note.objects.filter(lesson__cycle=cycle).count() > 20
    assert Discussion.objects.filter(lesson__cycle=cycle).exclude(expert_comments="").count() == 2
    report = Report.objects.get(cycle=cycle)
    assert report.status == ReportStatus.PUBLISHED and report.pdf
    assert cycle.participations.count() == 5
    assert (
        Certificate.objects.filter(
            content_type=ContentType.objects.get_for_model(Participation)
        ).count()
        == 5
    )
    # The chain report → article: the group's report is the issue's first article, sent by
    # the group's facilitator with the cycle's participants from the group as its authors.
    article = Submission.objects.get(
        source_type=ContentType.objects.get_for_model(Report), source_id=report.pk
    )
    assert article.kind == Kind.LESSON_STUDY and article.status == Status.PUBLISHED
    assert article.placement.position == 1 and article.placement.issue.published_at
    assert article.versions.order_by("number")[0].body == report.body
    authors = [a.user.email for a in article.authors.order_by("position")]
    assert authors[0] == "facilitator@demo.ortaq.kz" and len(authors) == 4
    assert "trainer@demo.ortaq.kz" not in authors
    assert Submission.objects.filter(status=Status.PUBLISHED).count() == 3
    # Its public page leads to the article.
    issue = article.placement.issue
    page = Client().get(reverse("lessonstudy:cycle_report", args=(report.pk,))).content.decode()
    assert (
        reverse("journal:article", args=(association.slug, issue.year, issue.number, article.pk))
        in page
    )
    load()  # again: nothing changes
    assert Circle.objects.count() == 3 and Project.objects.count() == 3
    assert Association.objects.count() == 1 and NewsPost.objects.count() == 2


def test_the_demo_never_loads_under_production_settings(settings) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from ortaq.accounts.models import User

    settings.DEBUG = settings.TESTING = False
    with pytest.raises(ImproperlyConfigured, match="only with the demo's settings"):
        load()
    assert not User.objects.exists()
