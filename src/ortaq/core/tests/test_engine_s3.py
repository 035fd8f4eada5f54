"""Uploads in S3-compatible storage (moto's server): course videos with byte ranges, private
files only through the views that check who asks, and no bucket address on any page."""

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.certificates.models import Certificate
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open, activity_save, reflection_submit
from ortaq.testing.factories import activity_fields, enrol, make_course, make_user
from ortaq.testing.files import PDF

pytestmark = [pytest.mark.s3, pytest.mark.django_db]
# An MP4's signature and 600 KB after it, more than one chunk of a ranged read.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 2400


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def body(response: Any) -> bytes:
    """What a streamed answer sends."""
    return b"".join(response.streaming_content)


def stored_keys(moto_s3: Any) -> list[str]:
    client, bucket = moto_s3
    listed = client.list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listed.get("Contents", [])]


def test_a_course_video_is_stored_in_the_bucket_and_played_by_byte_ranges(
    moto_s3: Any, client: Client
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE,))
    video = activity_save(
        actor=built.trainer,
        module=built.course.modules.get(),
        data=activity_fields(
            ActivityKind.VIDEO, "Video", uploads={"video_file": upload("v.mp4", MP4)}
        ),
    )
    name = str(video.video_file.name)
    assert stored_keys(moto_s3) == [name]
    client_s3, bucket = moto_s3
    assert client_s3.get_object(Bucket=bucket, Key=name)["Body"].read() == MP4

    # The page links the site's own address, never the bucket's.
    client.force_login(built.trainer)
    page = client.get(f"/en/courses/{built.course.pk}/a/{video.pk}/").content.decode()
    assert f'<source src="/media/{name}">' in page
    assert bucket not in page and "X-Amz" not in page

    whole = client.get(f"/media/{name}")
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4" and whole["Content-Length"] == str(len(MP4))
    assert body(whole) == MP4

    middle = client.get(f"/media/{name}", headers={"Range": "bytes=300000-300099"})
    assert middle.status_code == 206
    assert middle["Content-Range"] == f"bytes 300000-300099/{len(MP4)}"
    assert middle["Content-Length"] == "100"
    assert body(middle) == MP4[300000:300100]

    tail = client.get(f"/media/{name}", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and body(tail) == MP4[-10:]
    onwards = client.get(f"/media/{name}", headers={"Range": "bytes=600000-"})
    assert body(onwards) == MP4[600000:]
    beyond = client.get(f"/media/{name}", headers={"Range": f"bytes={len(MP4)}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(MP4)}"


def test_a_private_file_is_sent_only_to_who_may_read_it_and_never_linked(
    moto_s3: Any, client: Client
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE,))
    activity = activity_save(
        actor=built.trainer,
        module=built.course.modules.get(),
        data=activity_fields(ActivityKind.REFLECTION, "Reflect", review_required=True),
    )
    teacher = make_user()
    enrol(teacher, built.course)
    submission = reflection_submit(
        actor=teacher, activity=activity, text="", file=upload("Жауабым.pdf", PDF)
    )
    assert str(submission.file.name) in stored_keys(moto_s3)
    address = f"/en/courses/{built.course.pk}/reflections/{submission.pk}/file/"

    client.force_login(make_user())
    assert client.get(address).status_code == 404
    client.force_login(teacher)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert body(response) == PDF
    # Nothing under courses/ but the course's own materials: no public address reaches it.
    assert not str(submission.file.name).startswith("courses/")
    # The bucket itself refuses a request that is not signed.
    import urllib.error
    import urllib.request

    endpoint = client_endpoint(moto_s3)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/{moto_s3[1]}/{submission.file.name}")  # noqa: S310
    assert refused.value.code == 403


def client_endpoint(moto_s3: Any) -> str:
    endpoint: str = moto_s3[0].meta.endpoint_url
    return endpoint


def test_a_certificate_drawn_into_the_bucket_goes_to_its_holder_only(
    moto_s3: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user(language="ru")
    enrol(teacher, built.course)
    with django_capture_on_commit_callbacks(execute=True):
        activity_open(actor=teacher, activity=built.activities[0])
    issued = Certificate.objects.get()
    assert issued.pdf and str(issued.pdf.name) in stored_keys(moto_s3)
    client.force_login(make_user())
    assert client.get(f"/en/me/certificates/{issued.code}.pdf").status_code == 404
    client.force_login(teacher)
    response = client.get(f"/en/me/certificates/{issued.code}.pdf")
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")
    # An operator's tools get a signed address that lasts five minutes, no more.
    signed = default_storage.url(str(issued.pdf.name))
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed


def test_saving_a_name_twice_keeps_both_files(moto_s3: Any) -> None:
    first = default_storage.save("courses/1/x.txt", ContentFile(b"one"))
    second = default_storage.save("courses/1/x.txt", ContentFile(b"two"))
    assert first != second and sorted(stored_keys(moto_s3)) == sorted([first, second])
