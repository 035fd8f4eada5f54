import io
import zipfile
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from ortaq.core.errors import NotAllowed
from ortaq.courses.choices import ActivityKind, PackStatus
from ortaq.courses.models import Activity, OfflinePack
from ortaq.courses.services import module_save, pack_request
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db
K = ActivityKind
EVERY_KIND = (K.PAGE, K.VIDEO, K.QUIZ, K.REFLECTION, K.DISCUSSION, K.INTERACTIVE, K.FILE)


def test_a_pack_is_plain_html_that_opens_from_disk(django_capture_on_commit_callbacks) -> None:
    built = make_course(kinds=EVERY_KIND)
    teacher = make_user()
    enrol(teacher, built.course)
    with django_capture_on_commit_callbacks(execute=True):
        pack = pack_request(actor=teacher, course=built.course)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY
    with pack.file.open("rb") as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as archive:
        names = archive.namelist()
        index = archive.read("index.html").decode()
        pages = [n for n in names if n.endswith(".html") and n != "index.html"]
        assert len(pages) == len(EVERY_KIND)
        for page in pages:
            assert f'href="{page}"' in index
        video_page = archive.read(next(p for p in pages if p.startswith("01-02"))).decode()
        assert "Words." in video_page  # the transcript
        assert any(n.startswith("files/") and n.endswith(".pdf") for n in names)
        assert "http://" not in index and "/static/" not in index


def test_the_pack_is_reused_until_the_content_changes(django_capture_on_commit_callbacks) -> None:
    built = make_course()
    teacher = make_user()
    enrol(teacher, built.course)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = pack_request(actor=teacher, course=built.course)
        again = pack_request(actor=teacher, course=built.course)
    assert first.pk == again.pk and len(callbacks) == 1
    module_save(actor=built.trainer, course=built.course, title="New module")
    built.course.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        newer = pack_request(actor=teacher, course=built.course)
    assert newer.pk != first.pk
    assert list(OfflinePack.objects.values_list("pk", flat=True)) == [newer.pk]


def test_only_enrolled_teachers_and_trainers_get_the_pack(client: Client) -> None:
    built = make_course()
    with pytest.raises(NotAllowed):
        pack_request(actor=make_user(), course=built.course)
    requested = pack_request(actor=built.trainer, course=built.course)
    assert OfflinePack.objects.get() == requested and requested.module is None
    client.force_login(make_user())
    pack = OfflinePack.objects.get()
    assert client.get(f"/en/courses/{built.course.pk}/pack/{pack.pk}/").status_code == 404


def test_a_crafted_module_id_asks_for_the_whole_course_not_a_server_error(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    built = make_course()
    teacher = make_user()
    enrol(teacher, built.course)
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/courses/{built.course.pk}/pack/", {"module": "²abc"})
    assert response.status_code == 302
    assert OfflinePack.objects.get().module is None


def test_links_to_the_site_lead_to_it_from_disk(django_capture_on_commit_callbacks) -> None:
    from django.conf import settings

    built = make_course(kinds=(K.PAGE,))
    page = built.activities[0]
    page.body = "[Курстар](/kk/courses/) және ![сурет](/media/board.png), [сыртқы](//x.example/a)"
    page.save(update_fields=["body"])
    teacher = make_user()
    enrol(teacher, built.course)
    with django_capture_on_commit_callbacks(execute=True):
        pack = pack_request(actor=teacher, course=built.course)
    pack.refresh_from_db()
    with pack.file.open("rb") as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as archive:
        name = next(n for n in archive.namelist() if n.startswith("01-01"))
        html = archive.read(name).decode()
    base = settings.ORTAQ_BASE_URL.rstrip("/")
    assert f'href="{base}/kk/courses/"' in html
    assert 'href="/kk/courses/"' not in html
    assert f'src="{base}/media/board.png"' in html
    assert 'href="index.html"' in html  # its own pages stay relative


def test_a_pack_names_files_by_their_content_and_drops_older_packs_files(
    django_capture_on_commit_callbacks,
) -> None:
    built = make_course(kinds=(K.FILE,))
    handout = built.first(K.FILE)
    # A handout stored as a web page before uploads were checked by content.
    old = default_storage.save(
        f"courses/{built.course.pk}/x.html", ContentFile(b"<script>alert(1)</script>")
    )
    Activity.objects.filter(pk=handout.pk).update(file=old, file_name="")
    teacher = make_user()
    enrol(teacher, built.course)
    with django_capture_on_commit_callbacks(execute=True):
        first = pack_request(actor=teacher, course=built.course)
    first.refresh_from_db()
    with first.file.open("rb") as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as archive:
        files = [n for n in archive.namelist() if n.startswith("files/")]
    assert files == [f"files/{handout.pk}-file-x.txt"]
    module_save(actor=built.trainer, course=built.course, title="New module")
    built.course.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pack_request(actor=teacher, course=built.course)
    assert not default_storage.exists(str(first.file.name))


def test_the_course_page_shows_each_pack_being_made_then_its_link_or_why_it_failed(
    client: Client, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = make_course(kinds=(K.PAGE,))
    built.course.title = "Инклюзивті білім беру"
    built.course.save(update_fields=["title"])
    teacher = make_user()
    enrol(teacher, built.course)
    client.force_login(teacher)
    page_url = f"/en/courses/{built.course.pk}/"
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        asked = client.post(f"/en/courses/{built.course.pk}/pack/", {"module": ""})
    assert asked["Location"] == page_url + "#offline"
    building = client.get(page_url).content.decode()
    assert "The whole course" in building and "being made since" in building
    for callback in waiting:
        callback()
    pack = OfflinePack.objects.get()
    ready = client.get(page_url).content.decode()
    assert f'href="/en/courses/{built.course.pk}/pack/{pack.pk}/" download' in ready
    assert "download the ZIP (" in ready and "being made" not in ready
    download = client.get(f"/en/courses/{built.course.pk}/pack/{pack.pk}/")
    assert unquote(download["Content-Disposition"]).endswith("''Инклюзивті білім беру.zip")
    assert "How to open it on a phone" in ready

    def broken(*, pack: OfflinePack) -> OfflinePack:
        raise OSError("disk full")

    monkeypatch.setattr("ortaq.courses.tasks.pack_build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/courses/{built.course.pk}/pack/", {"module": "", "with_videos": "1"})
    failed = client.get(page_url).content.decode()
    assert "could not be made." in failed and "there was no room to write the pack" in failed
