"""Uploads are told by their content: what a browser could run is refused or kept as plain text,
and the stored name and extension are the server's, never the uploader's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ortaq.core.errors import DomainError
from ortaq.core.uploads import (
    AUDIO,
    CAPTIONS,
    DOCUMENT,
    FILE_TYPES,
    IMAGE,
    SUBMISSION,
    VIDEO,
    UploadKind,
    check_upload,
    download_name,
    served_type,
)
from ortaq.testing.files import PDF

HTML = b"<!doctype html><title>Lesson</title><script src=evil.js></script>"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SCRIPT = b"fetch('/en/me/tokens/').then(r => r.text()).then(steal)\n"


@pytest.mark.parametrize("kind", [DOCUMENT, IMAGE, SUBMISSION, CAPTIONS])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.html", HTML),
        ("evil.svg", SVG),
        ("notes.txt", b"\xef\xbb\xbf  \n<svg onload=alert(1)>"),
    ],
)
def test_markup_is_refused_by_every_kind(kind: UploadKind, name: str, content: bytes) -> None:
    with pytest.raises(DomainError) as refused:
        check_upload(SimpleUploadedFile(name, content, "text/plain"), kind)
    assert refused.value.code == "wrong_type"


def test_other_text_is_kept_only_as_plain_text_under_a_server_name() -> None:
    checked = check_upload(SimpleUploadedFile("evil.js", SCRIPT, "text/javascript"), DOCUMENT)
    assert checked.type.mime == "text/plain"
    assert checked.type.content_type == "text/plain; charset=utf-8" and not checked.type.inline
    assert checked.file.name is not None and checked.file.name.endswith(".txt")
    assert "evil" not in checked.file.name
    assert checked.original_name == "evil.txt"


@pytest.mark.parametrize("name", ["evil.svg", "evil.html", "../../evil.js", "noextension"])
def test_the_extension_comes_from_the_content_not_the_name(name: str) -> None:
    checked = check_upload(SimpleUploadedFile(name, PDF, "image/svg+xml"), DOCUMENT)
    assert checked.type.mime == "application/pdf"
    assert checked.file.name is not None
    stem, extension = checked.file.name.rsplit(".", 1)
    assert extension == "pdf" and len(stem) == 32 and "/" not in stem
    assert checked.original_name.endswith(".pdf") and "/" not in checked.original_name
    assert checked.file.read() == PDF  # the upload itself, not a copy


def test_two_uploads_of_one_name_get_two_names() -> None:
    first = check_upload(SimpleUploadedFile("plan.pdf", PDF), DOCUMENT)
    second = check_upload(SimpleUploadedFile("plan.pdf", PDF), DOCUMENT)
    assert first.file.name != second.file.name
    assert first.original_name == second.original_name == "plan.pdf"


def test_every_type_a_kind_accepts_is_one_the_server_can_name_and_serve() -> None:
    for kind in (VIDEO, AUDIO, IMAGE, CAPTIONS, DOCUMENT, SUBMISSION):
        assert kind.mime_types <= FILE_TYPES.keys()
    inline = {t.mime for t in FILE_TYPES.values() if t.inline}
    assert inline == {
        "video/mp4",
        "video/webm",
        "audio/mpeg",
        "audio/ogg",
        "audio/mp4",
        "audio/x-wav",
        "image/jpeg",
        "image/png",
        "image/webp",
        "text/vtt",
    }


@pytest.mark.parametrize(
    ("head", "content_type", "inline"),
    [
        (PDF, "application/pdf", False),
        (HTML, "text/plain; charset=utf-8", False),
        (SVG, "text/plain; charset=utf-8", False),
        (SCRIPT, "text/plain; charset=utf-8", False),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nСәлем".encode(), "text/vtt; charset=utf-8", True),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", True),
        (b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream", False),
    ],
)
def test_a_stored_file_is_served_as_its_content_says(
    head: bytes, content_type: str, inline: bool
) -> None:
    served = served_type(head)
    assert (served.content_type, served.inline) == (content_type, inline)


def test_the_download_name_keeps_a_persons_name_with_the_extension_served() -> None:
    docx = FILE_TYPES["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert download_name("Сабақ жоспары.docx", docx) == "Сабақ жоспары.docx"
    assert download_name("evil.html", FILE_TYPES["text/plain"]) == "evil.txt"
    assert download_name("photo.JPEG", FILE_TYPES["image/jpeg"]) == "photo.JPEG"
    assert download_name("C:\\Users\\a\\plan.pdf", FILE_TYPES["application/pdf"]) == "plan.pdf"
