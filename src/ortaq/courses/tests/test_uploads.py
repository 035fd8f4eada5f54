"""Course materials and reflections: stored under the server's names, served so that nothing in
them runs as the site, and gone from storage once replaced, cleared or deleted."""

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.core.errors import DomainError
from ortaq.courses.choices import ActivityKind
from ortaq.courses.forms import ActivityForm
from ortaq.courses.services import activity_delete, activity_save, reflection_submit
from ortaq.testing.factories import activity_fields, enrol, make_course, make_user
from ortaq.testing.files import PDF

pytestmark = pytest.mark.django_db
K = ActivityKind
HTML = b"<!doctype html><script src=evil.js></script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SCRIPT = b"fetch('/en/me/tokens/').then(r => r.text())"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 40
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\n"


def handout(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def add_handout(built: Any, name: str, content: bytes) -> Any:
    module = built.course.modules.get()
    fields = activity_fields(K.FILE, "Handout", uploads={"file": handout(name, content)})
    return activity_save(actor=built.trainer, module=module, data=fields)


def download(client: Client, activity: Any) -> Any:
    return client.get(f"/en/courses/{activity.module.course_id}/a/{activity.pk}/handout/")


@pytest.mark.parametrize(
    ("field", "name", "content"),
    [
        ("file", "evil.html", HTML),
        ("file", "evil.svg", SVG),
        ("poster", "evil.svg", SVG),
        ("poster", "evil.png", PDF),
        ("captions", "evil.vtt", HTML),
    ],
)
def test_what_a_browser_could_run_is_refused_as_course_material(
    field: str, name: str, content: bytes
) -> None:
    built = make_course(kinds=(K.PAGE,))
    module = built.course.modules.get()
    kind = K.FILE if field == "file" else K.VIDEO
    fields = activity_fields(kind, "Evil", uploads={field: handout(name, content)})
    with pytest.raises(DomainError) as refused:
        activity_save(actor=built.trainer, module=module, data=fields)
    assert refused.value.code == "wrong_type"
    assert not module.activities.filter(title="Evil").exists()


def test_a_script_as_a_handout_is_kept_and_served_only_as_a_text_download(
    client: Client,
) -> None:
    built = make_course(kinds=(K.PAGE,))
    item = add_handout(built, "evil.js", SCRIPT)
    assert str(item.file.name).startswith(f"courses/{built.course.pk}/")
    assert str(item.file.name).endswith(".txt") and "evil" not in item.file.name
    client.force_login(built.trainer)
    by_page, by_link = download(client, item), client.get(item.file.url)
    assert by_page["Content-Disposition"] == 'attachment; filename="evil.txt"'
    assert by_link["Content-Disposition"].startswith('attachment; filename="')
    assert by_link["Content-Disposition"].endswith('.txt"')
    for response in (by_page, by_link):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


@pytest.mark.parametrize("name", ["evil.svg", "evil.html"])
def test_a_pdf_under_another_name_is_stored_and_served_as_a_pdf(client: Client, name: str) -> None:
    built = make_course(kinds=(K.PAGE,))
    item = add_handout(built, name, PDF)
    assert str(item.file.name).endswith(".pdf") and item.file_name == "evil.pdf"
    response = client.get(item.file.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_handout_downloads_under_the_name_the_trainer_gave_it(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,))
    item = add_handout(built, "Сабақ жоспары.pdf", PDF)
    teacher = make_user()
    enrol(teacher, built.course)
    client.force_login(teacher)
    response = download(client, item)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%A1%D0%B0%D0%B1%D0%B0%D2%9B%20"
        "%D0%B6%D0%BE%D1%81%D0%BF%D0%B0%D1%80%D1%8B.pdf"
    )


def test_a_replaced_or_cleared_file_leaves_storage_after_the_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    built = make_course(kinds=(K.PAGE,))
    item = add_handout(built, "first.pdf", PDF)
    first = str(item.file.name)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        fields = activity_fields(K.FILE, "Handout", uploads={"file": handout("second.pdf", PDF)})
        item = activity_save(actor=built.trainer, module=item.module, activity=item, data=fields)
    # Until the change commits, the old file stays: a rolled-back change keeps what it had.
    assert default_storage.exists(first)
    for callback in pending:
        callback()
    assert not default_storage.exists(first) and default_storage.exists(str(item.file.name))
    assert item.file_name == "second.pdf"

    video = activity_save(
        actor=built.trainer,
        module=item.module,
        data=activity_fields(
            K.VIDEO,
            "Video",
            uploads={"poster": handout("p.png", PNG), "captions": handout("c.vtt", VTT)},
        ),
    )
    poster = str(video.poster.name)
    data = {"title": "Video", "required": "on", "video_url": "https://video.example.kz/v.mp4"}
    form = ActivityForm({**data, "poster-clear": "on"}, {}, instance=video, kind=K.VIDEO)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        video = activity_save(
            actor=built.trainer, module=item.module, activity=video, data=form.activity_fields()
        )
    assert not video.poster and not default_storage.exists(poster)
    assert video.captions and default_storage.exists(str(video.captions.name))


def test_deleting_an_activity_deletes_its_files(django_capture_on_commit_callbacks: Any) -> None:
    built = make_course(kinds=(K.PAGE,))
    video = activity_save(
        actor=built.trainer,
        module=built.course.modules.get(),
        data=activity_fields(
            K.VIDEO,
            "Video",
            uploads={
                "video_file": handout("v.mp4", MP4),
                "captions": handout("c.vtt", VTT),
                "poster": handout("p.png", PNG),
            },
        ),
    )
    names = [str(f.name) for f in (video.video_file, video.captions, video.poster)]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        activity_delete(actor=built.trainer, activity=video)
    assert not any(default_storage.exists(name) for name in names)


def test_a_reflection_file_keeps_its_name_for_the_download_and_a_new_one_replaces_it(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(kinds=(K.PAGE,))
    fields = activity_fields(K.REFLECTION, "Reflect", review_required=True)
    activity = activity_save(actor=built.trainer, module=built.course.modules.get(), data=fields)
    teacher = make_user()
    enrol(teacher, built.course)
    with pytest.raises(DomainError):
        reflection_submit(
            actor=teacher, activity=activity, text="", file=handout("evil.html", HTML)
        )
    first = reflection_submit(
        actor=teacher, activity=activity, text="", file=handout("Менің жауабым.pdf", PDF)
    )
    assert str(first.file.name).endswith(".pdf") and "Менің" not in str(first.file.name)
    client.force_login(teacher)
    response = client.get(f"/en/courses/{built.course.pk}/reflections/{first.pk}/file/")
    assert response["Content-Type"] == "application/pdf"
    assert "%D0%9C%D0%B5%D0%BD" in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("sandbox")
    old = str(first.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        reflection_submit(actor=teacher, activity=activity, text="", file=handout("b.png", PNG))
    assert not default_storage.exists(old)


def test_ortaq_media_url_moves_the_links_of_course_materials(client: Client, settings: Any) -> None:
    built = make_course(kinds=(K.PAGE,))
    video = activity_save(
        actor=built.trainer,
        module=built.course.modules.get(),
        data=activity_fields(
            K.VIDEO,
            "Video",
            uploads={"video_file": handout("v.mp4", MP4), "captions": handout("c.vtt", VTT)},
        ),
    )
    client.force_login(built.trainer)
    url = f"/en/courses/{built.course.pk}/a/{video.pk}/"
    page = client.get(url).content.decode()
    assert f'src="/media/{video.video_file.name}"' in page and "crossorigin" not in page
    settings.MEDIA_URL = "https://media.ortaq.kz/media/"
    settings.MEDIA_ORIGIN = "https://media.ortaq.kz"
    page = client.get(url).content.decode()
    assert f'<source src="https://media.ortaq.kz/media/{video.video_file.name}">' in page
    assert f'src="https://media.ortaq.kz/media/{video.captions.name}"' in page
    assert 'crossorigin="anonymous"' in page
