"""Authoring and review (docs/decisions/0024): a resource written, submitted, checked by a
moderator, reviewed by experts, returned for changes, resubmitted and published; a new version
of a published resource reviewed again while the old one stays current; two people saving one
draft; bad files and script in a body."""

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditEvent
from ortaq.library import services
from ortaq.library.choices import Level, Recommendation, Status
from ortaq.library.models import Assignment, Attachment, Comment, Resource, Version
from ortaq.testing.library_review import a_draft, answers, approve, open_of, publish, write

pytestmark = pytest.mark.django_db


def test_a_resource_starts_as_a_draft_at_its_lead_authors_school(lib: dict[str, Any]) -> None:
    resource = services.resource_create(
        actor=lib["teacher"],
        about=services.NewResource(
            kind="multigrade", subject=lib["subject"], language="kk", coauthors=[lib["coauthor"]]
        ),
        draft=a_draft(grades=(3, 1, 2), codes=("1.2.1.1", "2.2.1.1", "1.2.1.1")),
    )
    school = lib["school"]
    assert (resource.school, resource.district, resource.region) == (
        school,
        school.district,
        school.region,
    )
    assert [(a.user, a.school) for a in resource.authors.all()] == [
        (lib["teacher"], school),
        (lib["coauthor"], school),
    ]
    version = resource.versions.get()
    assert (version.number, version.status, version.revision) == (1, Status.DRAFT, 1)
    assert [g.grade for g in version.grades.all()] == [1, 2, 3]
    assert [a.code for a in version.alignments.all()] == ["1.2.1.1", "2.2.1.1"]
    assert resource.current is None


def test_a_translation_joins_the_group_of_the_resource_it_translates(
    lib: dict[str, Any],
) -> None:
    original = write(lib["teacher"], lib["subject"])
    about = services.NewResource(
        kind="lesson", subject=lib["subject"], language="ru", translation_of=original
    )
    translated = services.resource_create(actor=lib["teacher"], about=about, draft=a_draft())
    assert translated.group_id == original.group_id
    with pytest.raises(DomainError):
        services.resource_create(actor=lib["teacher"], about=about, draft=a_draft())


@pytest.mark.parametrize(
    "body",
    [
        "Мәтін <script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[сілтеме](javascript:alert(1))",
    ],
)
def test_a_body_with_script_is_refused_with_a_clear_message(lib: dict[str, Any], body: str) -> None:
    with translation.override("kk"), pytest.raises(DomainError) as refused:
        write(lib["teacher"], lib["subject"], body=body)
    assert refused.value.code == "script"
    assert not Resource.objects.exists()


def test_a_bad_objective_code_is_refused(lib: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as refused:
        write(lib["teacher"], lib["subject"], codes=("5.2",))
    assert "5.2" in refused.value.message


def test_the_second_of_two_people_saving_one_draft_is_told_and_overwrites_nothing(
    lib: dict[str, Any],
) -> None:
    resource = services.resource_create(
        actor=lib["teacher"],
        about=services.NewResource(
            kind="lesson", subject=lib["subject"], language="kk", coauthors=[lib["coauthor"]]
        ),
        draft=a_draft(),
    )
    version = open_of(resource)
    saved = services.version_save(
        actor=lib["teacher"], version=version, revision=1, draft=a_draft(body="Айгүлдің мәтіні")
    )
    assert saved.revision == 2
    with pytest.raises(services.DraftConflict) as conflict:
        services.version_save(
            actor=lib["coauthor"], version=version, revision=1, draft=a_draft(body="Дананың")
        )
    assert conflict.value.status == 409
    assert conflict.value.current.body == "Айгүлдің мәтіні"
    assert Version.objects.get(pk=version.pk).body == "Айгүлдің мәтіні"
    # Having seen the other's text, she saves from the new revision.
    services.version_save(
        actor=lib["coauthor"], version=version, revision=2, draft=a_draft(body="Бірге")
    )
    assert Version.objects.get(pk=version.pk).body == "Бірге"


def test_only_authors_edit(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    with pytest.raises(NotAllowed):
        services.version_save(
            actor=lib["outsider"], version=open_of(resource), revision=1, draft=a_draft()
        )


def test_files_are_checked_by_content_and_size_and_their_text_kept(lib: dict[str, Any]) -> None:
    version = open_of(write(lib["teacher"], lib["subject"]))
    text = SimpleUploadedFile("жоспар.txt", "Бөлшектер мектептерде".encode(), "text/plain")
    attachment = services.attachment_add(actor=lib["teacher"], version=version, upload=text)
    assert attachment.text == "Бөлшектер мектептерде"
    assert attachment.name == "жоспар.txt"
    page = SimpleUploadedFile("page.pdf", b"<html><script>x</script></html>", "application/pdf")
    with translation.override("kk"), pytest.raises(DomainError) as refused:
        services.attachment_add(actor=lib["teacher"], version=version, upload=page)
    assert refused.value.code == "wrong_type"
    big = SimpleUploadedFile("big.txt", b"a", "text/plain")
    big.size = 60 * 1024 * 1024
    with pytest.raises(DomainError) as too_large:
        services.attachment_add(actor=lib["teacher"], version=version, upload=big)
    assert too_large.value.code == "too_large"


def test_a_pdfs_text_is_read_for_search(lib: dict[str, Any]) -> None:
    from ortaq.core.pdf import html_to_pdf

    pdf = html_to_pdf("<p>Mektepterdin bagalauy</p>", style="")
    version = open_of(write(lib["teacher"], lib["subject"]))
    upload = SimpleUploadedFile("a.pdf", pdf, "application/pdf")
    attachment = services.attachment_add(actor=lib["teacher"], version=version, upload=upload)
    assert "Mektepterdin" in attachment.text


def test_the_review_from_submission_through_changes_to_publication(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    version = open_of(resource)
    submitted = services.version_submit(actor=lib["teacher"], version=version)
    assert submitted.status == Status.SUBMITTED
    # Submitting twice changes nothing; the moderator is told once.
    services.version_submit(actor=lib["teacher"], version=version)
    assert [m.to for m in mail.outbox] == [["moderator@lib.kz"]]
    eligible = set(services.eligible_experts(resource))
    assert eligible == {lib["expert"], lib["district_expert"]}
    with pytest.raises(DomainError):
        services.experts_assign(
            actor=lib["moderator"], version=version, experts=[lib["other_expert"]]
        )
    with pytest.raises(NotAllowed):
        services.experts_assign(actor=lib["outsider"], version=version, experts=[lib["expert"]])
    made = services.experts_assign(
        actor=lib["moderator"], version=version, experts=[lib["expert"], lib["district_expert"]]
    )
    assert [a.level for a in made] == [Level.REGION, Level.DISTRICT]
    assert Version.objects.get(pk=version.pk).status == Status.IN_REVIEW

    # The district's expert asks for changes; a comment is needed for that.
    district = Assignment.objects.get(version=version, expert=lib["district_expert"])
    with pytest.raises(DomainError):
        services.review_send(
            actor=lib["district_expert"],
            assignment=district,
            answers=answers("lesson"),
            recommendation=Recommendation.CHANGES,
        )
    with pytest.raises(DomainError) as unanswered:
        services.review_send(
            actor=lib["district_expert"],
            assignment=district,
            answers={},
            recommendation=Recommendation.APPROVE,
        )
    assert unanswered.value.code == "checklist"
    services.review_send(
        actor=lib["district_expert"],
        assignment=district,
        answers=answers("lesson", "partly"),
        recommendation=Recommendation.CHANGES,
        comment="Бағалау критерийлерін қосыңыз.",
    )
    # Not decided until the other expert has recommended.
    assert Version.objects.get(pk=version.pk).status == Status.IN_REVIEW
    approve(lib["expert"], version)
    assert Version.objects.get(pk=version.pk).status == Status.CHANGES
    mail.outbox.clear()

    # The author edits and resubmits: the same experts, a new round.
    services.version_save(actor=lib["teacher"], version=version, revision=1, draft=a_draft())
    services.version_resubmit(actor=lib["teacher"], version=version)
    services.version_resubmit(actor=lib["teacher"], version=version)
    rounds = list(Assignment.objects.filter(version=version).values_list("round", "decided_at"))
    assert rounds == [(2, None), (2, None)]
    assert sorted(m.to[0] for m in mail.outbox) == ["district_expert@lib.kz", "expert@lib.kz"]
    approve(lib["district_expert"], version, name_shown=True)
    approve(lib["expert"], version)
    approve(lib["expert"], version)  # sent again: nothing more
    published = Version.objects.get(pk=version.pk)
    assert published.status == Status.PUBLISHED
    assert published.level == Level.REGION
    assert published.approved_by == lib["expert"]
    assert published.published_at is not None
    resource.refresh_from_db()
    assert resource.current == published
    assert "Бөлшектерді салыстыру" in resource.search_document
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions.count("library.expert.assign") == 2
    assert actions[-2:] == ["library.changes", "library.publish"] or "library.publish" in actions


def test_a_moderators_request_for_changes_sends_the_resubmission_back_to_her(
    lib: dict[str, Any],
) -> None:
    version = open_of(write(lib["teacher"], lib["subject"]))
    services.version_submit(actor=lib["teacher"], version=version)
    with pytest.raises(DomainError):
        services.changes_request(actor=lib["moderator"], version=version, comment=" ")
    services.changes_request(
        actor=lib["moderator"], version=version, comment="Лицензияны көрсетіңіз."
    )
    assert Version.objects.get(pk=version.pk).status == Status.CHANGES
    services.version_resubmit(actor=lib["teacher"], version=version)
    assert Version.objects.get(pk=version.pk).status == Status.SUBMITTED
    assert Comment.objects.get().role == "moderator"


def test_a_new_version_is_reviewed_again_while_the_old_stays_current(
    lib: dict[str, Any],
) -> None:
    resource = write(lib["teacher"], lib["subject"])
    text = SimpleUploadedFile("plan.txt", b"plan", "text/plain")
    services.attachment_add(actor=lib["teacher"], version=open_of(resource), upload=text)
    first = publish(lib, resource)
    second = services.version_start(actor=lib["teacher"], resource=resource)
    assert services.version_start(actor=lib["teacher"], resource=resource) == second
    assert second.number == 2 and second.status == Status.DRAFT
    assert [a.code for a in second.alignments.all()] == ["5.1.2.1"]
    files = list(
        Attachment.objects.filter(version__resource=resource).values_list("file", "version")
    )
    assert files[0][0] == files[1][0]  # the stored file is shared
    services.version_save(
        actor=lib["teacher"], version=second, revision=1, draft=a_draft(title="Жаңа атау")
    )
    services.version_submit(actor=lib["teacher"], version=second)
    resource.refresh_from_db()
    assert resource.current == first  # still the published one
    services.experts_assign(
        actor=lib["moderator"], version=second, experts=[lib["district_expert"]]
    )
    approve(lib["district_expert"], second)
    resource.refresh_from_db()
    assert resource.current_id == second.pk
    assert Version.objects.get(pk=first.pk).status == Status.SUPERSEDED
    assert Version.objects.get(pk=second.pk).level == Level.DISTRICT


def test_a_shared_file_is_deleted_only_when_no_version_names_it(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    text = SimpleUploadedFile("plan.txt", b"plan", "text/plain")
    services.attachment_add(actor=lib["teacher"], version=open_of(resource), upload=text)
    publish(lib, resource)
    second = services.version_start(actor=lib["teacher"], resource=resource)
    copy = second.attachments.get()
    storage, name = copy.file.storage, str(copy.file.name)
    services.attachment_remove(actor=lib["teacher"], attachment=copy)
    assert storage.exists(name)  # the published version still names it
    third_text = SimpleUploadedFile("new.txt", b"new", "text/plain")
    own = services.attachment_add(actor=lib["teacher"], version=second, upload=third_text)
    own_name = str(own.file.name)
    services.attachment_remove(actor=lib["teacher"], attachment=own)
    assert not storage.exists(own_name)


def test_withdrawing_stops_the_review_and_is_idempotent(lib: dict[str, Any]) -> None:
    version = open_of(write(lib["teacher"], lib["subject"]))
    services.version_submit(actor=lib["teacher"], version=version)
    services.version_withdraw(actor=lib["teacher"], version=version)
    services.version_withdraw(actor=lib["teacher"], version=version)
    assert Version.objects.get(pk=version.pk).status == Status.WITHDRAWN


def test_a_version_without_grades_or_codes_is_not_submitted(lib: dict[str, Any]) -> None:
    version = open_of(write(lib["teacher"], lib["subject"], codes=(), grades=()))
    with pytest.raises(DomainError):
        services.version_submit(actor=lib["teacher"], version=version)


def test_comments_come_from_the_people_of_the_review_only(lib: dict[str, Any]) -> None:
    version = open_of(write(lib["teacher"], lib["subject"]))
    services.comment_add(actor=lib["teacher"], version=version, body="Сұрақ бар.")
    services.comment_add(actor=lib["moderator"], version=version, body="Жауап.")
    with pytest.raises(NotAllowed):
        services.comment_add(actor=lib["outsider"], version=version, body="Мен де.")
    assert [c.role for c in Comment.objects.order_by("pk")] == ["author", "moderator"]


def test_the_experts_name_is_shown_only_if_she_agrees(lib: dict[str, Any]) -> None:
    from ortaq.library.queries_review import thread_of

    resource = write(lib["teacher"], lib["subject"])
    version = services.version_submit(actor=lib["teacher"], version=open_of(resource))
    services.experts_assign(
        actor=lib["moderator"], version=version, experts=[lib["expert"], lib["district_expert"]]
    )
    approve(lib["expert"], version)
    approve(lib["district_expert"], version, name_shown=True)
    with translation.override("en"):
        signatures = [c.signature for c in thread_of(resource)]
    assert signatures == ["Expert (region level)", "Сапарова Гүлнар, expert"]
