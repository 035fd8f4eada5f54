"""Build the library's rows for tests, written straight to the database (the services have their
own tests). Each part of issue 14 names its builders with its own prefix.

``coll_``: published resources with their versions, grades, objectives, authors and files, and
collections of them (collections, ratings and readers' comments).
"""

from collections.abc import Sequence
from typing import Any

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.library.choices import Kind, Status
from ortaq.library.models import (
    Collection,
    CollectionItem,
    Resource,
)
from ortaq.schools.models import School
from ortaq.testing.factories import make_user
from ortaq.testing.librarysearch import search_resource

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
    author at ``school``: ``search_resource`` with the collections' defaults."""
    return search_resource(
        title=title,
        body=body,
        summary="Қысқаша сипаттама.",
        language=language,
        kind=kind,
        subject=Subject.objects.get(code=subject),
        grades=grades,
        codes=codes,
        status=Status.PUBLISHED if published else Status.DRAFT,
        school=school,
        authors=[author] if author is not None else (),
        files=files,
        **fields,
    )


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
