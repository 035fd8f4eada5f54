"""The authoring and review pages as people use them: a teacher writes and submits, a
moderator checks and assigns, the expert reviews, the page shows the level of approval; two
people saving one draft; a script body and a bad file; a fixed number of queries."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from ortaq.core.errors import DomainError
from ortaq.library import services
from ortaq.library.choices import Status
from ortaq.library.models import Assignment, ChecklistItem, Resource, Version
from ortaq.testing.library_review import open_of, publish, write

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_teacher_writes_and_submits_a_resource(lib: dict[str, Any]) -> None:
    client = client_of(lib["teacher"])
    response = client.post(
        "/kk/library/new/",
        {
            "kind": "lesson",
            "subject": lib["subject"].pk,
            "language": "kk",
            "title": "Бөлшектер",
            "body": "## Мақсат\n\nМәтін.",
            "grades": ["5"],
            "codes": "5.1.2.1, 5.1.2.2",
            "licence": "CC-BY-4.0",
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kk/library/r/{resource.pk}/edit/"
    response = client.post(f"/kk/library/r/{resource.pk}/submit/")
    assert open_of(resource).status == Status.SUBMITTED
    page = client.get(f"/kk/library/r/{resource.pk}/")
    assert page.status_code == 200


def test_a_body_with_script_is_refused_and_the_text_kept(lib: dict[str, Any]) -> None:
    client = client_of(lib["teacher"])
    with translation.override("en"):
        response = client.post(
            "/en/library/new/",
            {
                "kind": "lesson",
                "subject": lib["subject"].pk,
                "language": "kk",
                "title": "Бөлшектер",
                "body": "Мәтін <script>alert(1)</script>",
                "licence": "CC-BY-4.0",
            },
        )
    text = response.content.decode()
    assert response.status_code == 200
    assert "holds script or an event handler" in text
    assert "Мәтін &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not Resource.objects.exists()


def test_the_second_saver_is_told_and_sees_both_texts(lib: dict[str, Any]) -> None:
    resource = services.resource_create(
        actor=lib["teacher"],
        about=services.NewResource(
            kind="lesson", subject=lib["subject"], language="kk", coauthors=[lib["coauthor"]]
        ),
        draft=services.Draft(title="А", body="Бастапқы", grades=(5,), codes=("5.1.1.1",)),
    )
    form = {"title": "А", "licence": "CC-BY-4.0", "grades": ["5"], "codes": "5.1.1.1"}
    first = client_of(lib["teacher"]).post(
        f"/en/library/r/{resource.pk}/edit/", {**form, "body": "Айгүлдің", "revision": 1}
    )
    assert first.status_code == 302
    second = client_of(lib["coauthor"]).post(
        f"/en/library/r/{resource.pk}/edit/", {**form, "body": "Дананың", "revision": 1}
    )
    text = second.content.decode()
    assert second.status_code == 200
    assert "Someone else saved this draft" in text
    assert "Дананың" in text and "Айгүлдің" in text
    assert 'name="revision" value="2"' in text
    assert open_of(resource).body == "Айгүлдің"


def test_a_file_of_the_wrong_type_is_refused_with_its_reason(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    client = client_of(lib["teacher"])
    bad = SimpleUploadedFile("x.pdf", b"<html></html>", "application/pdf")
    response = client.post(f"/en/library/r/{resource.pk}/files/", {"file": bad}, follow=True)
    assert "is not a document" in response.content.decode()
    assert not open_of(resource).attachments.exists()


def test_the_moderator_assigns_and_the_expert_approves_through_the_pages(
    lib: dict[str, Any],
) -> None:
    resource = write(lib["teacher"], lib["subject"])
    version = services.version_submit(actor=lib["teacher"], version=open_of(resource))
    moderator = client_of(lib["moderator"])
    queue = moderator.get("/kk/library/moderation/")
    assert version.title in queue.content.decode()
    assert (
        client_of(lib["outsider"]).get(f"/kk/library/moderation/{version.pk}/").status_code == 403
    )
    response = moderator.post(
        f"/kk/library/moderation/{version.pk}/",
        {"action": "assign", "experts": [lib["expert"].pk]},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    expert = client_of(lib["expert"])
    assert version.title in expert.get("/kk/library/reviews/").content.decode()
    form: dict[str, Any] = {"recommendation": "approve", "comment": "Жақсы", "name_shown": "on"}
    for item in ChecklistItem.objects.filter(kind="lesson"):
        form[f"verdict_{item.pk}"] = "meets"
    response = expert.post(f"/kk/library/reviews/{assignment.pk}/", form)
    assert response.status_code == 302
    assert Version.objects.get(pk=version.pk).status == Status.PUBLISHED
    with translation.override("en"):
        page = Client().get(f"/en/library/r/{resource.pk}/").content.decode()
    assert "Region" in page and "Сапарова Сәуле" in page


def test_the_review_is_read_only_by_the_people_who_work_on_it(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    assert Client().get(f"/kk/library/r/{resource.pk}/").status_code == 404
    assert client_of(lib["outsider"]).get(f"/kk/library/r/{resource.pk}/").status_code == 404
    assert client_of(lib["moderator"]).get(f"/kk/library/r/{resource.pk}/").status_code == 200
    assert client_of(lib["outsider"]).get(f"/kk/library/r/{resource.pk}/edit/").status_code == 404
    assert client_of(lib["moderator"]).get(f"/kk/library/r/{resource.pk}/edit/").status_code == 403


def test_downloads_are_counted_and_checked(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    upload = SimpleUploadedFile("plan.txt", b"plan", "text/plain")
    attachment = services.attachment_add(
        actor=lib["teacher"], version=open_of(resource), upload=upload
    )
    assert Client().get(f"/kk/library/files/{attachment.pk}/").status_code == 404
    publish(lib, resource)
    response = Client().get(f"/kk/library/files/{attachment.pk}/")
    assert response.status_code == 200
    assert Resource.objects.get(pk=resource.pk).downloads == 1


def test_pages_make_a_fixed_number_of_queries(
    lib: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    resource = write(lib["teacher"], lib["subject"])
    publish(lib, resource)
    second = services.version_start(actor=lib["teacher"], resource=resource)
    services.comment_add(actor=lib["teacher"], version=second, body="Жаңа нұсқа.")
    client = client_of(lib["teacher"])
    for _more in range(2):
        with django_assert_max_num_queries(30):
            assert client.get(f"/kk/library/r/{resource.pk}/").status_code == 200
        with django_assert_max_num_queries(25):
            assert client.get(f"/kk/library/r/{resource.pk}/v/1/").status_code == 200
        with django_assert_max_num_queries(25):
            assert client.get(f"/kk/library/r/{resource.pk}/compare/?a=1&b=2").status_code == 200
        with django_assert_max_num_queries(25):
            assert client.get(f"/kk/library/people/{lib['teacher'].pk}/").status_code == 200
        other = write(lib["teacher"], lib["subject"], title="Тағы")
        publish(lib, other)
    moderator = client_of(lib["moderator"])
    with django_assert_max_num_queries(20):
        assert moderator.get("/kk/library/moderation/").status_code == 200
    # My page reads each app's waiting work in one to three queries whatever its length (27
    # here, two of them the content types a running server keeps); the route table pins the
    # exact count per role.
    with django_assert_max_num_queries(27):
        assert moderator.get("/kk/me/").status_code == 200


def test_a_textbook_lesson_is_not_offered_nor_taken_as_a_new_resources_kind(
    lib: dict[str, Any],
) -> None:
    """A textbook lesson is started from the lesson commissioned from her, never on its own:
    the form, the API and the service each refuse it."""
    client = client_of(lib["teacher"])
    with translation.override("en"):
        form = client.get("/en/library/new/").content.decode()
        assert 'value="lesson"' in form and 'value="textbook"' not in form
        refused = client.post(
            "/en/library/new/",
            {
                "kind": "textbook",
                "subject": lib["subject"].pk,
                "language": "kk",
                "title": "Бөлшектер",
                "body": "Мәтін.",
                "licence": "CC-BY-4.0",
            },
        )
    assert refused.status_code == 200
    assert "Select a valid choice. textbook is not one of the available choices." in (
        refused.content.decode()
    )
    api = client.post(
        "/api/v1/library/resources",
        {"title": "Бөлшектер", "kind": "textbook", "subject": "mathematics", "language": "kk"},
        content_type="application/json",
    )
    assert api.status_code == 422
    with pytest.raises(DomainError) as caught:
        write(lib["teacher"], lib["subject"], kind="textbook")
    assert caught.value.code == "kind"
    assert not Resource.objects.exists()
