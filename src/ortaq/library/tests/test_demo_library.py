"""The demo's library: its people with their roles, a resource at each step, the collection."""

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ortaq.accounts.models import User
from ortaq.core.roles import Role
from ortaq.demo import library as demo_library
from ortaq.library.choices import Kind, Status
from ortaq.library.models import Collection, Resource, Task, Version
from ortaq.testing.demo import demo, demo_media, media_root  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _content(response: Any) -> bytes:
    """The bytes of a streamed download (a ``FileResponse``)."""
    return b"".join(response.streaming_content)


def test_the_demo_library(demo: str) -> None:  # noqa: F811
    expert = Resource.objects.filter(current__approved_by__email=demo_library.EXPERT)
    assert expert.count() >= 5
    kinds = set(Resource.objects.published().values_list("kind", flat=True))
    assert {Kind.MULTIGRADE_PLAN, Kind.CRITERIA, Kind.UNIT_TASK, Kind.TERM_TASK} <= kinds
    assert Version.objects.filter(
        status=Status.IN_REVIEW, assignments__answers__isnull=False
    ).exists()
    assert Version.objects.filter(status=Status.SUPERSEDED).count() == 1
    groups = Resource.objects.values("group").distinct().count()
    assert groups == Resource.objects.count() - 1  # one translation shares its group
    for task_kind in (Kind.UNIT_TASK, Kind.TERM_TASK):
        version = Version.objects.get(resource__kind=task_kind)
        tasks = list(Task.objects.filter(version=version).prefetch_related("criteria__descriptors"))
        assert sum(t.points for t in tasks) == version.total_points
        for task in tasks:
            points = sum(d.points for c in task.criteria.all() for d in c.descriptors.all())
            assert points == task.points
    collection = Collection.objects.get(title="Құрама сынып математикасы, 1–4 сыныптар")
    client = Client()
    with translation.override("kk"):
        page = client.get(reverse("library:collection", args=[collection.pk]))
    assert page.status_code == 200 and "Құрама сабақ: сандарды қосу" in page.content.decode()
    pack = client.get(reverse("library:collection_zip", args=[collection.pk]))
    names = zipfile.ZipFile(io.BytesIO(_content(pack))).namelist()
    assert len([n for n in names if n.endswith(".html")]) == 5  # the index and four resources
    moderator = User.objects.get(email=demo_library.MODERATOR)
    assert moderator.role_assignments.filter(role=Role.MODERATOR).exists()
