"""Serving uploads: whatever a stored file's name, it never runs as the site."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from ortaq.testing.files import PDF
from ortaq.testing.utils import run_python

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
HTML = b"<!doctype html><script>fetch('/en/me/tokens/')</script>"


def stored(name: str, content: bytes) -> str:
    """Put a file straight into storage, as one stored before uploads were checked would be."""
    return str(default_storage.save(f"courses/1/2/{name}", ContentFile(content)))


def assert_sandboxed(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert not any(part.startswith("script-src") for part in policy)


def test_a_file_stored_as_html_is_served_as_a_text_download(client: Client) -> None:
    name = stored("x.html", HTML)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.txt"'
    assert_sandboxed(response)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("poster.png", PNG, "image/png", "inline"),
        (
            "captions.vtt",
            b"WEBVTT\n\n00:00.000 --> 00:02.000\nHi",
            "text/vtt; charset=utf-8",
            "inline",
        ),
        ("handout.pdf", PDF, "application/pdf", 'attachment; filename="handout.pdf"'),
        # An SVG (markup) that once passed as text, and a PDF stored under an SVG's name.
        (
            "x.svg",
            b"<svg onload=alert(1)>",
            "text/plain; charset=utf-8",
            'attachment; filename="x.txt"',
        ),
        ("y.svg", PDF, "application/pdf", 'attachment; filename="y.pdf"'),
        ("z.png", b"MZ\x90\x00\x03", "application/octet-stream", 'attachment; filename="z.bin"'),
    ],
)
def test_public_course_materials_carry_a_type_from_their_content_and_a_sandbox(
    client: Client, name: str, content: bytes, content_type: str, disposition: str
) -> None:
    path = stored(name, content)
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_sandboxed(response)
    ranged = client.get(f"/media/{path}", headers={"range": "bytes=0-3"})
    assert ranged.status_code == 206 and ranged["Content-Type"] == content_type
    assert b"".join(ranged.streaming_content) == content[:4]  # type: ignore[attr-defined]
    assert_sandboxed(ranged)


def test_only_course_materials_are_public(client: Client) -> None:
    default_storage.save("reflections/1/1/mine.pdf", ContentFile(PDF))
    assert client.get("/media/reflections/1/1/mine.pdf").status_code == 404
    assert client.get("/media/courses/../reflections/1/1/mine.pdf").status_code == 404


def test_with_a_media_origin_the_site_sends_materials_there(client: Client, settings: Any) -> None:
    settings.MEDIA_URL = "https://media.ortaq.kz/media/"
    settings.ALLOWED_HOSTS = ["testserver", "media.ortaq.kz"]
    name = stored("poster.png", PNG)
    response = client.get(f"/media/{name}")
    assert response.status_code == 301
    assert response["Location"] == f"https://media.ortaq.kz/media/{name}"
    served = client.get(f"/media/{name}", HTTP_HOST="media.ortaq.kz")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_ortaq_media_url_sets_where_materials_link_and_lets_pages_show_them(
    tmp_path: Path,
) -> None:
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.MEDIA_URL, settings.SECURE_CSP['img-src'], "
        "settings.SECURE_CSP['media-src']]))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_DEBUG": "true",
        "ORTAQ_VAR_DIR": str(tmp_path),
        "ORTAQ_MEDIA_URL": "https://media.ortaq.kz/media",
    }
    done = run_python(["-c", probe], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    media_url, img_src, media_src = json.loads(done.stdout.strip().splitlines()[-1])
    assert media_url == "https://media.ortaq.kz/media/"
    assert "https://media.ortaq.kz" in img_src and "https://media.ortaq.kz" in media_src
