"""A summative task's specification and tasks: only its authors change them while the version
is editable, each save raises the revision (a save from an older revision is refused, nothing
overwritten), and the validation names every task that does not add up."""

import pytest
from django.utils import translation

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.library import summative
from ortaq.library.choices import Kind, Status
from ortaq.library.models import Criterion, Descriptor, Task, TaskObjective, Version
from ortaq.library.summative import (
    Conflict,
    CriterionFields,
    DescriptorFields,
    TaskFields,
    summative_problems,
    validate,
)
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.summative import summative_complete, summative_resource, summative_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def author() -> User:
    return make_user(profile__school=make_school())


def fields(number: int = 1, points: int = 3) -> TaskFields:
    return TaskFields(
        number=number,
        text="Салыстырыңыз: 12 және 21.",
        task_type="short",
        skill_level="application",
        points=points,
        minutes=10,
        mark_scheme="12 < 21",
        objectives=("5.1.2.1",),
        criteria=(
            CriterionFields(
                objective="5.1.2.1",
                text="Сандарды салыстырады",
                descriptors=(
                    DescriptorFields(text="Белгіні дұрыс қояды", points=1),
                    DescriptorFields(text="Түсіндіреді", points=points - 1),
                ),
            ),
        ),
    )


def messages(version: Version) -> list[str]:
    with translation.override("en"):
        return [problem.message for problem in validate(Version.objects.get(pk=version.pk))]


def test_a_complete_summative_task_has_no_problems(author: User) -> None:
    version = summative_complete(author)
    assert validate(version) == []
    assert summative_problems(version) == []


def test_an_author_adds_edits_and_deletes_a_task_raising_the_revision(author: User) -> None:
    version = summative_resource(author, total=3)
    task = summative.task_save(actor=author, version=version, fields=fields(), revision=1)
    version.refresh_from_db()
    assert version.revision == 2
    assert [o.code for o in task.objectives.all()] == ["5.1.2.1"]
    assert [d.points for d in Descriptor.objects.filter(criterion__task=task)] == [1, 2]
    assert messages(version) == []

    # Saving the same task again writes the same rows: nothing doubles.
    summative.task_save(actor=author, version=version, fields=fields(), number=1)
    assert Criterion.objects.filter(task__version=version).count() == 1
    assert Descriptor.objects.filter(criterion__task__version=version).count() == 2

    summative.task_save(actor=author, version=version, fields=fields(number=2), number=1)
    assert list(Task.objects.filter(version=version).values_list("number", flat=True)) == [2]
    summative.task_delete(actor=author, version=version, number=2)
    summative.task_delete(actor=author, version=version, number=2)  # a double click
    assert not Task.objects.filter(version=version).exists()
    assert not TaskObjective.objects.filter(task__version=version).exists()


def test_a_save_from_an_older_revision_is_refused(author: User) -> None:
    version = summative_resource(author)
    summative.specification_save(
        actor=author, version=version, purpose="А", duration_minutes=40, total_points=10, revision=1
    )
    with pytest.raises(Conflict):
        summative.specification_save(
            actor=author,
            version=version,
            purpose="Б",
            duration_minutes=40,
            total_points=10,
            revision=1,
        )
    version.refresh_from_db()
    assert version.purpose == "А"
    assert version.revision == 2


def test_only_its_authors_change_it_and_only_while_editable(author: User) -> None:
    coauthor = make_user()
    version = summative_resource(author, coauthors=(coauthor,))
    summative.task_save(actor=coauthor, version=version, fields=fields())
    with pytest.raises(NotAllowed):
        summative.task_save(actor=make_user(), version=version, fields=fields(number=2))
    for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED):
        Version.objects.filter(pk=version.pk).update(status=status)
        with pytest.raises(NotAllowed):
            summative.task_save(actor=author, version=version, fields=fields(number=2))
    Version.objects.filter(pk=version.pk).update(status=Status.CHANGES)
    summative.task_save(actor=author, version=version, fields=fields(number=2))


def test_two_tasks_may_not_share_a_number(author: User) -> None:
    version = summative_resource(author)
    summative.task_save(actor=author, version=version, fields=fields(1))
    summative.task_save(actor=author, version=version, fields=fields(2))
    with pytest.raises(DomainError, match="2"):
        summative.task_save(actor=author, version=version, fields=fields(2), number=1)


def test_a_resource_of_another_kind_has_no_tasks(author: User) -> None:
    version = summative_resource(author, kind=Kind.LESSON_PLAN)
    assert validate(version) == []
    with pytest.raises(DomainError):
        summative.task_save(actor=author, version=version, fields=fields())


def test_the_validation_names_each_task_that_does_not_add_up(author: User) -> None:
    version = summative_resource(author, total=20, duration=300)
    # Task 1: an objective without a criterion, a criterion for an objective it does not
    # assess, a criterion without descriptors, descriptors adding to 3 of 5 points.
    summative_task(
        version,
        1,
        points=5,
        objectives={"5.1.1.1": [("Біледі", [1, 2])], "5.1.1.2": []},
    )
    task = Task.objects.get(version=version, number=1)
    Criterion.objects.create(task=task, objective_code="5.9.9.9", text="Басқа мақсат")
    # Task 2 assesses nothing.
    Task.objects.create(
        version=version, number=2, text="?", task_type="mc", skill_level="knowledge", points=4
    )
    found = messages(version)
    assert found == [
        "The work takes 300 minutes: a summative work takes from 10 to 90 minutes.",
        "Task 1: the criterion “Басқа мақсат” is for objective 5.9.9.9, which the task does "
        "not assess.",
        "Task 1: the criterion “Басқа мақсат” has no descriptor.",
        "Task 1: objective 5.1.1.2 has no assessment criterion.",
        "Task 1: its descriptors' points add up to 3, but the task is worth 5.",
        "Task 2 assesses no objective: add the curriculum objectives it assesses.",
        "The tasks' points add up to 9, but the total points of the work are 20.",
    ]
    assert [p.task for p in validate(version)] == [None, 1, 1, 1, 1, 2, None]


def test_the_validation_asks_for_the_specification_and_a_task(author: User) -> None:
    version = summative_resource(author, total=None, duration=None)
    Version.objects.filter(pk=version.pk).update(purpose="")
    assert messages(version) == [
        "State the purpose of the summative work.",
        "State how many minutes the work takes.",
        "State the total points of the work.",
        "Add at least one task.",
    ]


def test_the_tasks_times_may_not_exceed_the_duration(author: User) -> None:
    version = summative_complete(author)
    Version.objects.filter(pk=version.pk).update(duration_minutes=30)
    assert messages(version) == ["The tasks' times add up to 40 minutes, more than the work's 30."]


def test_the_problems_read_in_kazakh(author: User) -> None:
    version = summative_resource(author, total=5)
    summative_task(version, 1, points=4)
    with translation.override("kk"):
        problems = summative_problems(Version.objects.get(pk=version.pk))
    assert len(problems) == 1
    assert "4" in problems[0] and "5" in problems[0]


def test_a_new_version_copies_the_tasks(author: User) -> None:
    version = summative_complete(author, status=Status.PUBLISHED)
    second = Version.objects.create(resource=version.resource, number=2, title="v2")
    summative.summative_copy(source=version, target=second)
    assert validate(Version.objects.get(pk=second.pk)) == []
    assert summative.fields_of(summative.tasks_of(second)[1]) == summative.fields_of(
        summative.tasks_of(version)[1]
    )


def test_submitting_is_refused_while_it_does_not_add_up(author: User) -> None:
    version = summative_resource(author, total=5)
    summative_task(version, 1, points=4)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        summative.submit_check(Version.objects.get(pk=version.pk))
    assert "add up to 4" in refused.value.message
    summative.submit_check(summative_complete(author))  # ready: nothing raised
