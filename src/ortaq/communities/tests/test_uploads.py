"""Files of posts and of project evidence: checked by content, stored under the server's names,
served as downloads that run nothing, and gone from storage with their row."""

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.communities.choices import EvidenceKind, Stage, Visibility
from ortaq.communities.services import discussions, projects
from ortaq.core.errors import DomainError
from ortaq.testing.factories import add_member, make_circle, make_project, make_user
from ortaq.testing.files import PDF, PNG

pytestmark = pytest.mark.django_db
HTML = b"<!doctype html><script src=evil.js></script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "image/png")


def assert_a_safe_download(response: Any, content_type: str, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


@pytest.fixture
def circle_and_author() -> tuple[Any, Any]:
    circle = make_circle(visibility=Visibility.MEMBERS)
    author = make_user()
    add_member(circle, author)
    return circle, author


@pytest.mark.parametrize(
    ("name", "content"), [("evil.html", HTML), ("evil.svg", SVG), ("evil.js", b"<script>")]
)
def test_markup_is_refused_as_a_post_attachment(
    circle_and_author: tuple[Any, Any], name: str, content: bytes
) -> None:
    circle, author = circle_and_author
    with pytest.raises(DomainError) as refused:
        discussions.thread_create(
            actor=author, circle=circle, title="T", body="B", files=[upload(name, content)]
        )
    assert refused.value.code == "wrong_type"


def test_an_attachment_is_stored_as_its_content_and_downloaded_safely(
    circle_and_author: tuple[Any, Any], client: Client
) -> None:
    circle, author = circle_and_author
    thread = discussions.thread_create(
        actor=author, circle=circle, title="T", body="B",
        files=[upload("evil.html", PDF), upload("notes.js", b"alert(document.cookie)")],
    )  # fmt: skip
    pdf, text = thread.posts.get().attachments.order_by("pk")
    assert str(pdf.file.name).startswith("discussions/") and str(pdf.file.name).endswith(".pdf")
    assert (pdf.name, pdf.content_type) == ("evil.pdf", "application/pdf")
    assert str(text.file.name).endswith(".txt") and (text.name, text.content_type) == (
        "notes.txt",
        "text/plain",
    )
    client.force_login(author)
    base = f"/en/circles/{circle.pk}/attachments"
    assert_a_safe_download(client.get(f"{base}/{pdf.pk}/"), "application/pdf", "evil.pdf")
    assert_a_safe_download(
        client.get(f"{base}/{text.pk}/"), "text/plain; charset=utf-8", "notes.txt"
    )


def test_evidence_is_checked_by_content_served_safely_and_removed_with_its_file(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    project = make_project()
    project.stage = Stage.EVIDENCE
    project.save()
    owner = project.owner
    for name, content in (("evil.svg", SVG), ("evil.html", HTML)):
        with pytest.raises(DomainError) as refused:
            projects.evidence_add(
                actor=owner, project=project, kind=EvidenceKind.PHOTO, caption="Стенд",
                upload=upload(name, content),
            )  # fmt: skip
        assert refused.value.code == "wrong_type"
    item = projects.evidence_add(
        actor=owner, project=project, kind=EvidenceKind.PHOTO, caption="Стенд",
        upload=upload("evil.svg", PNG),
    )  # fmt: skip
    assert str(item.file.name).endswith(".png") and item.file_name == "evil.png"
    assert item.content_type == "image/png"
    client.force_login(owner)
    response = client.get(f"/en/projects/{project.pk}/evidence/{item.pk}/file/")
    assert_a_safe_download(response, "image/png", "evil.png")
    name = str(item.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        projects.item_remove(actor=owner, project=project, item=item)
    assert not default_storage.exists(name)
