"""What the library's tests share (issue 14).

The search helpers' (``search_*``) build resources and their versions directly with the models,
as the review's services would leave them: a published version is the resource's ``current``,
with its grades, alignments and authors, the resource indexed for search and its place
noted for the report's running totals (``library_tallies_touch``: a report read, or
``library_tallies_refresh``, counts it).
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.library.choices import Kind, Level, Status
from ortaq.library.models import (
    Alignment,
    Attachment,
    Author,
    Resource,
    ResourceGroup,
    Version,
    VersionGrade,
)
from ortaq.library.search import index_resource
from ortaq.library.services.tallies import library_tallies_touch
from ortaq.schools.models import School
from ortaq.testing.factories import make_school, make_user


def search_subject(code: str = "mathematics") -> Subject:
    """A subject of the curriculum by its code (the migrations load them: mathematics,
    world-history…), or a new one named by the code."""
    subject, _created = Subject.objects.get_or_create(
        code=code, defaults={"name_kk": code, "name_ru": code, "name_en": code}
    )
    return subject


def search_resource(
    *,
    title: str,
    body: str = "",
    summary: str = "",
    language: str = "kk",
    kind: str = Kind.LESSON_PLAN,
    subject: Subject | None = None,
    grades: Sequence[int] = (5,),
    codes: Sequence[str] = (),
    level: str = Level.SCHOOL,
    status: str = Status.PUBLISHED,
    school: School | None = None,
    authors: Sequence[User] = (),
    attachment_text: str = "",
    files: Sequence[tuple[str, bytes]] = (),
    submitted_at: datetime | None = None,
    published_at: datetime | None = None,
    downloads: int = 0,
    **resource_fields: Any,
) -> Resource:
    """A resource with one version in ``status`` (published by default, then it is the
    resource's current version), indexed for search; ``files`` are stored as its PDF files."""
    school = school or make_school()
    authors = list(authors) or [make_user(profile__school=school)]
    resource = Resource.objects.create(
        group=ResourceGroup.objects.create(),
        language=language,
        kind=kind,
        subject=subject or search_subject(),
        school=school,
        district=school.district,
        region=school.region,
        created_by=authors[0],
        downloads=downloads,
        **resource_fields,
    )
    published = status == Status.PUBLISHED
    now = timezone.now()
    version = Version.objects.create(
        resource=resource,
        number=1,
        status=status,
        title=title,
        summary=summary,
        body=body,
        created_by=authors[0],
        submitted_at=submitted_at or (now - timedelta(days=3) if status != Status.DRAFT else None),
        published_at=published_at or (now if published else None),
        level=level if published else "",
    )
    VersionGrade.objects.bulk_create(VersionGrade(version=version, grade=g) for g in grades)
    Alignment.objects.bulk_create(Alignment(version=version, code=c) for c in codes)
    if attachment_text:
        Attachment.objects.create(
            version=version,
            file="library/test.txt",
            name="test.txt",
            content_type="text/plain",
            text=attachment_text,
        )
    for n, (name, content) in enumerate(files):
        attachment = Attachment(
            version=version, name=name, content_type="application/pdf", size=len(content)
        )
        attachment.position = n
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
    Author.objects.bulk_create(
        Author(resource=resource, user=person, school=school, position=n)
        for n, person in enumerate(authors)
    )
    if published:
        resource.current = version
        resource.save(update_fields=["current"])
        index_resource(resource)
    library_tallies_touch(resource)
    return resource


def search_publish_next(
    resource: Resource, *, title: str, submitted_at: datetime, published_at: datetime
) -> Version:
    """A second version of a published resource, published: the first is superseded."""
    previous = resource.current
    assert previous is not None  # noqa: S101
    Version.objects.filter(pk=previous.pk).update(status=Status.SUPERSEDED)
    version = Version.objects.create(
        resource=resource,
        number=previous.number + 1,
        status=Status.PUBLISHED,
        title=title,
        submitted_at=submitted_at,
        published_at=published_at,
        level=previous.level,
    )
    resource.current = version
    resource.save(update_fields=["current"])
    index_resource(resource)
    library_tallies_touch(resource)
    return version
