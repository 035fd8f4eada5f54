"""What the library's tests share: resources and versions written straight to the database
(the authoring services have their own tests), and a whole summative task that adds up.

The functions of the summative tasks' tests start with ``summative_``, so that the authoring
helpers (resources, versions, review) live beside them without a clash.
"""

from typing import Any

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.library.choices import Kind, SkillLevel, Status, TaskType
from ortaq.library.models import (
    Author,
    Criterion,
    Descriptor,
    MarkSheet,
    Resource,
    ResourceGroup,
    Task,
    TaskObjective,
    Version,
    VersionGrade,
)


def summative_resource(
    author: User,
    *,
    kind: str = Kind.UNIT_TASK,
    language: str = "kk",
    status: str = Status.DRAFT,
    title: str = "БЖБ: Натурал сандар",
    grade: int = 5,
    duration: int | None = 40,
    total: int | None = 10,
    coauthors: tuple[User, ...] = (),
) -> Version:
    """A summative resource by ``author`` (and ``coauthors``) with its first version in
    ``status`` (published: the resource's current version), its specification but no tasks."""
    school = author.profile.school if hasattr(author, "profile") else None
    subject = Subject.objects.order_by("position", "code").first()
    assert subject is not None  # noqa: S101 - the subjects come from a migration
    resource = Resource.objects.create(
        group=ResourceGroup.objects.create(),
        language=language,
        kind=kind,
        subject=subject,
        school=school,
        district_id=school.district_id if school else None,
        region_id=school.region_id if school else None,
        created_by=author,
    )
    for position, person in enumerate((author, *coauthors)):
        Author.objects.create(resource=resource, user=person, position=position)
    public = status in (Status.PUBLISHED, Status.SUPERSEDED)
    version = Version.objects.create(
        resource=resource,
        number=1,
        status=status,
        title=title,
        purpose="Бөлім бойынша білімді тексеру",
        duration_minutes=duration,
        total_points=total,
        created_by=author,
        published_at=timezone.now() if public else None,
    )
    VersionGrade.objects.create(version=version, grade=grade)
    if status == Status.PUBLISHED:
        resource.current = version
        resource.save(update_fields=["current"])
    version.resource = resource
    return version


def summative_task(
    version: Version,
    number: int,
    *,
    points: int,
    objectives: dict[str, list[tuple[str, list[int]]]] | None = None,
    text: str = "",
    task_type: str = TaskType.SHORT,
    skill_level: str = SkillLevel.APPLICATION,
    minutes: int | None = 10,
    mark_scheme: str = "",
) -> Task:
    """A task of ``version`` with, per objective code, its criteria, each with its descriptors'
    points: ``{"5.1.2.1": [("Натурал сандарды салыстырады", [1, 2])]}``. Without
    ``objectives``, one objective whose one criterion's descriptors give the task's points
    one by one."""
    task = Task.objects.create(
        version=version,
        number=number,
        text=text or f"{number}-тапсырма. Есептеңіз: 12 + 30.",
        task_type=task_type,
        skill_level=skill_level,
        minutes=minutes,
        points=points,
        mark_scheme=mark_scheme or f"{number}-тапсырманың жауабы: 42",
    )
    if objectives is None:
        objectives = {f"5.1.{number}.1": [(f"{number}-критерий", [1] * points)]}
    position = 0
    for code, criteria in objectives.items():
        TaskObjective.objects.create(task=task, code=code)
        for text_of, points_of in criteria:
            criterion = Criterion.objects.create(
                task=task, objective_code=code, text=text_of, position=position
            )
            position += 1
            for index, value in enumerate(points_of):
                Descriptor.objects.create(
                    criterion=criterion,
                    text=f"{text_of}: дескриптор {index + 1}",
                    points=value,
                    position=index,
                )
    return task


def summative_complete(author: User, **kwargs: Any) -> Version:
    """A summative resource whose first version adds up: two tasks (4 and 6 points, 10 in all)
    in 40 minutes, every objective with a criterion and descriptors."""
    version = summative_resource(author, total=10, duration=40, **kwargs)
    summative_task(
        version,
        1,
        points=4,
        objectives={"5.1.2.1": [("Натурал сандарды салыстырады", [1, 1, 2])]},
        task_type=TaskType.MULTIPLE_CHOICE,
        skill_level=SkillLevel.KNOWLEDGE,
        minutes=15,
    )
    summative_task(
        version,
        2,
        points=6,
        objectives={
            "5.1.2.2": [("Есеп шығарады", [2, 2])],
            "5.1.2.3": [("Жауабын тексереді", [2])],
        },
        task_type=TaskType.EXTENDED,
        skill_level=SkillLevel.HIGHER,
        minutes=25,
    )
    return version


def summative_sheet(owner: User, version: Version, *, pupils: int = 3, **kwargs: Any) -> MarkSheet:
    """``owner``'s mark sheet of ``version`` for a class of ``pupils``, no points entered."""
    fields: dict[str, Any] = {"label": "5 А", "grade": 5, **kwargs}
    return MarkSheet.objects.create(version=version, owner=owner, pupils=pupils, **fields)


def summative_pdf_text(content: bytes) -> str:
    """The text of a PDF, its pages joined, with runs of white space made one space."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
