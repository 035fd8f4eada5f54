"""What a course's discussions gained from the discussion core, through the pages a teacher and
a moderator use: correcting a post with its history, files (checked, and served only to those
who take part), mentions (told only to those who may read), showing a hidden post again, and
the moderation acts in the audit log."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ortaq.core.models import AuditAction, AuditEvent
from ortaq.courses.choices import ActivityKind
from ortaq.discussions.models import Attachment, Mention, Post, PostRevision
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture
def course() -> dict[str, Any]:
    built = make_course(kinds=(ActivityKind.DISCUSSION, ActivityKind.PAGE))
    author = make_user(email="aigul.seitova@mektep.kz", language="en")
    reader = make_user(email="bolat.nurov@mektep.kz", language="en")
    for person in (author, reader):
        enrol(person, built.course)
    activity = built.first(ActivityKind.DISCUSSION)
    return {
        "built": built,
        "author": author,
        "reader": reader,
        "activity": activity,
        "page": f"/en/courses/{built.course.pk}/a/{activity.pk}/",
        "base": f"/en/courses/{built.course.pk}",
    }


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def write(course: dict[str, Any], body: str, **extra: Any) -> Post:
    response = as_user(course["author"]).post(course["page"] + "posts/", {"body": body, **extra})
    assert response.status_code == 302
    return Post.objects.filter(author=course["author"]).latest("pk")


def test_she_corrects_her_post_and_its_history_is_kept(course: dict[str, Any]) -> None:
    post = write(course, "Бірінші нұсқа")
    edit = f"{course['base']}/posts/{post.pk}/edit/"
    author = as_user(course["author"])
    assert author.get(course["page"]).content.decode().count(f'href="{edit}"') == 1
    assert as_user(course["reader"]).get(edit).status_code == 403
    response = author.post(edit, {"body": "Екінші нұсқа"})
    assert response.status_code == 302 and response["Location"].endswith(f"#p{post.pk}")
    author.post(edit, {"body": "Үшінші нұсқа"})
    post.refresh_from_db()
    assert post.body == "Үшінші нұсқа" and post.edited_at is not None
    assert list(PostRevision.objects.values_list("body", flat=True)) == [
        "Бірінші нұсқа",
        "Екінші нұсқа",
    ]
    history = author.get(edit).content.decode()
    assert "Earlier versions" in history and "Бірінші нұсқа" in history
    assert "corrected" in as_user(course["reader"]).get(course["page"]).content.decode()
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    late = author.post(edit, {"body": "Тым кеш"})
    assert late.status_code == 200 and "30 minutes" in late.content.decode()
    assert Post.objects.get(pk=post.pk).body == "Үшінші нұсқа"


def test_files_are_checked_and_served_only_to_those_taking_part(course: dict[str, Any]) -> None:
    refused = as_user(course["author"]).post(
        course["page"] + "posts/",
        {"body": "Қараңыз", "attachments": SimpleUploadedFile("x.png", b"MZ\x90 exe", "image/png")},
    )
    assert refused.status_code == 302 and not Post.objects.exists()
    write(course, "Тақта", attachments=SimpleUploadedFile("Тақта.png", PNG, "image/png"))
    (attachment,) = Attachment.objects.all()
    url = f"{course['base']}/attachments/{attachment.pk}/"
    assert f'href="{url}"' in as_user(course["reader"]).get(course["page"]).content.decode()
    served = as_user(course["reader"]).get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    assert as_user(make_user()).get(url).status_code == 403  # not in the course
    assert Client().get(url).status_code == 302  # to the sign-in page


def test_mentions_tell_only_those_who_take_part(
    course: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    make_user(email="dana.outsider@mektep.kz")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        write(course, "@bolat.nurov, @dana.outsider қараңыздар")
    assert [m.user for m in Mention.objects.all()] == [course["reader"]]
    (message,) = mail.outbox
    assert message.to == [course["reader"].email]
    assert "mentioned you" in message.subject and course["activity"].title in message.subject
    assert f"/en/courses/{course['built'].course.pk}/a/{course['activity'].pk}/" in message.body


def test_a_moderator_hides_shows_again_and_every_act_is_audited(course: dict[str, Any]) -> None:
    post = write(course, "Жарнама")
    trainer = as_user(course["built"].trainer)
    moderate = f"{course['base']}/moderation/{post.pk}/"
    as_user(course["reader"]).post(f"{course['base']}/posts/{post.pk}/report/", {"reason": "Спам"})
    queue = trainer.get(f"{course['base']}/moderation/").content.decode()
    assert "Жарнама" in queue and "Спам" in queue
    assert as_user(course["reader"]).post(moderate, {"reason": "Жарнама"}).status_code == 403
    assert Post.objects.get(pk=post.pk).hidden_at is None  # teachers do not moderate
    trainer.post(moderate, {"reason": "Жарнама"})
    assert "Жарнама" not in as_user(course["reader"]).get(course["page"]).content.decode()
    queue = trainer.get(f"{course['base']}/moderation/").content.decode()
    assert "Hidden posts" in queue and "Show it again" in queue
    trainer.post(moderate, {"action": "unhide"})
    assert Post.objects.get(pk=post.pk).hidden_at is None
    assert "Жарнама" in as_user(course["reader"]).get(course["page"]).content.decode()
    third = make_user()
    enrol(third, course["built"].course)
    as_user(third).post(f"{course['base']}/posts/{post.pk}/report/", {"reason": "Тағы"})
    trainer.post(moderate, {"action": "dismiss"})
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "object_label")) == [
        (AuditAction.POST_HIDE, course["activity"].title),
        (AuditAction.POST_UNHIDE, course["activity"].title),
        (AuditAction.REPORTS_DISMISS, course["activity"].title),
    ]


def test_the_api_corrects_hides_and_shows_again(course: dict[str, Any]) -> None:
    post = write(course, "Бірінші")
    url = f"/api/v1/courses/{course['built'].course.pk}/posts/{post.pk}"
    fixed = as_user(course["author"]).patch(
        url, {"body": "Түзетілді"}, content_type="application/json"
    )
    assert fixed.status_code == 200 and fixed.json()["body"] == "Түзетілді"
    assert fixed.json()["edited_at"] is not None
    others = as_user(course["reader"]).patch(
        url, {"body": "Менікі"}, content_type="application/json"
    )
    assert others.status_code == 403
    trainer = as_user(course["built"].trainer)
    hidden = trainer.post(
        url + "/hiding", {"reason": "Тақырыптан тыс"}, content_type="application/json"
    )
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    assert as_user(course["reader"]).delete(url + "/hiding").status_code == 403
    shown = trainer.delete(url + "/hiding")
    assert shown.status_code == 200 and shown.json()["hidden"] is False
