"""Build the library's rows for tests, written straight to the database (the services have their
own tests). Each part of issue 14 names its builders with its own prefix.

``coll_``: published resources with their versions, grades, objectives, authors and files, and
collections of them (collections, ratings and readers' comments).
"""

from collections.abc import Sequence
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
    Collection,
    CollectionItem,
    Resource,
    ResourceGroup,
    Version,
    VersionGrade,
)
from ortaq.schools.models import School
from ortaq.testing.factories import make_school, make_user

# A small PDF whose text is "Жұмыс парағы" (enough for a pack to carry a real file).
PDF_BYTES = b"%PDF-1.4\n% coll test file\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def coll_resource(
    *,
    title: str = "Құрама сабақ: қосу және азайту",
    author: User | None = None,
    school: School | None = None,
    kind: str = Kind.MULTIGRADE_PLAN,
    language: str = "kk",
    subject: str = "mathematics",
    grades: Sequence[int] = (1, 2),
    codes: Sequence[str] = ("1.1.2.1",),
    body: str = "## Сабақ барысы\n\nОқушылар топпен жұмыс істейді.",
    published: bool = True,
    files: Sequence[tuple[str, bytes]] = (),
    **fields: Any,
) -> Resource:
    """A resource with one version (published, unless ``published`` is false: a draft), its
    author at ``school``."""
    school = school or make_school()
    author = author or make_user(profile__school=school)
    now = timezone.now()
    resource = Resource.objects.create(
        group=ResourceGroup.objects.create(),
        language=language,
        kind=kind,
        subject=Subject.objects.get(code=subject),
        school=school,
        district_id=school.district_id,
        region_id=school.region_id,
        created_by=author,
        **fields,
    )
    Author.objects.create(resource=resource, user=author, school=school)
    version = Version.objects.create(
        resource=resource,
        number=1,
        status=Status.PUBLISHED if published else Status.DRAFT,
        title=title,
        summary="Қысқаша сипаттама.",
        body=body,
        created_by=author,
        published_at=now if published else None,
        level=Level.SCHOOL if published else "",
    )
    VersionGrade.objects.bulk_create([VersionGrade(version=version, grade=g) for g in grades])
    Alignment.objects.bulk_create([Alignment(version=version, code=c) for c in codes])
    for n, (name, content) in enumerate(files):
        attachment = Attachment(
            version=version, name=name, content_type="application/pdf", size=len(content)
        )
        attachment.position = n
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
    if published:
        resource.current = version
        resource.save(update_fields=["current"])
    return resource


def coll_collection(
    *,
    owner: User | None = None,
    resources: Sequence[Resource] = (),
    title: str = "Құрама сынып математикасы, 1–4 сыныптар",
    is_public: bool = True,
    language: str = "kk",
) -> Collection:
    """A collection holding ``resources`` in that order."""
    collection = Collection.objects.create(
        owner=owner or make_user(),
        title=title,
        description="Шағын жинақты мектеп мұғалімдеріне.",
        language=language,
        is_public=is_public,
    )
    CollectionItem.objects.bulk_create(
        [
            CollectionItem(collection=collection, resource=r, position=n)
            for n, r in enumerate(resources)
        ]
    )
    return collection
