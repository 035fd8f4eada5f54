"""The services of associations: who creates one and where, its address, member schools of its
region (a member twice is refused, saying so), coordinators and the editor (audited; never the
last coordinator), news once per form, and what deleting an account does."""

import uuid
from typing import Any

import pytest
from django.utils import translation

from ortaq.accounts.services import account_delete
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.networks import services
from ortaq.networks.choices import Steward
from ortaq.networks.models import Appointment, Association, MemberSchool, NewsPost
from ortaq.testing.factories import make_association, make_school, make_user

pytestmark = pytest.mark.django_db

TEXT = services.AssociationText(
    name_kk="  Талғар мектептерінің қауымдастығы ", name_ru="Ассоциация школ Талгара"
)


def create(actor: Any, region: Any, slug: str = "talgar-schools", **kwargs: Any) -> Association:
    return services.association_create(
        actor=actor, slug=slug, region=region, text=kwargs.pop("text", TEXT), **kwargs
    )


def test_a_methodologist_of_the_region_creates_one_and_names_its_first_coordinator(
    people: dict[str, Any],
) -> None:
    teacher = people["teacher"]
    association = create(people["coordinator"], people["region"], coordinator=teacher)
    assert association.name_kk == "Талғар мектептерінің қауымдастығы"  # trimmed
    (appointment,) = Appointment.objects.filter(association=association)
    assert (appointment.user, appointment.role) == (teacher, Steward.COORDINATOR)
    event = AuditEvent.objects.get(action=AuditAction.COORDINATOR_APPOINT)
    assert (event.actor, event.person, event.object_label) == (
        people["coordinator"],
        teacher,
        "talgar-schools",
    )
    # Without another named, the one who creates it coordinates it.
    own = create(people["admin"], people["far_school"].region, slug="far-schools")
    assert own.appointments.get().user == people["admin"]


@pytest.mark.parametrize(
    "who", ["district_coordinator", "other_coordinator", "principal", "teacher", "trainer"]
)
def test_no_one_else_creates_one_in_the_region(people: dict[str, Any], who: str) -> None:
    with pytest.raises(NotAllowed):
        create(people[who], people["region"])
    assert not Association.objects.exists()


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ("Karasai Schools", "lower-case Latin letters"),
        ("қарасай", "lower-case Latin letters"),
        ("-karasai", "lower-case Latin letters"),
        ("ab", "3 to 60 characters"),
        ("new", "Another association has this address"),
    ],
)
def test_an_address_is_latin_short_and_free(
    people: dict[str, Any], slug: str, problem: str
) -> None:
    with pytest.raises(DomainError, match=problem) as refused:
        create(people["coordinator"], people["region"], slug=slug)
    assert refused.value.code == "slug"


def test_an_address_taken_is_refused_with_a_translated_message(people: dict[str, Any]) -> None:
    create(people["coordinator"], people["region"])
    with translation.override("kk"), pytest.raises(DomainError) as refused:
        create(people["admin"], people["region"], slug=" Talgar-Schools ")
    assert refused.value.message == "Бұл мекенжай басқа қауымдастықта бар: басқасын таңдаңыз."
    assert Association.objects.count() == 1


def test_a_name_in_kazakh_or_russian_is_needed(people: dict[str, Any]) -> None:
    only_english = services.AssociationText(name_en="Talgar schools")
    with pytest.raises(DomainError, match="name in Kazakh or in Russian"):
        create(people["coordinator"], people["region"], text=only_english)


def test_schools_of_its_region_join_once(people: dict[str, Any]) -> None:
    coordinator = make_user()
    association = make_association(coordinators=[coordinator])
    school = people["school"]
    member = services.school_add(actor=coordinator, association=association, school=school)
    assert member.added_by == coordinator
    with translation.override("ru"), pytest.raises(DomainError) as refused:
        services.school_add(actor=coordinator, association=association, school=school)
    assert refused.value.code == "already_member"
    assert refused.value.message == f"{school.name_ru} уже входит в ассоциацию."
    with pytest.raises(DomainError, match="not in the association's region"):
        services.school_add(actor=coordinator, association=association, school=people["far_school"])
    services.school_remove(actor=coordinator, association=association, school=school)
    assert not MemberSchool.objects.exists()
    with pytest.raises(DomainError, match="is not a member"):
        services.school_remove(actor=coordinator, association=association, school=school)


@pytest.mark.parametrize("who", ["teacher", "principal", "other_coordinator", "editor"])
def test_only_those_who_run_it_change_its_schools(people: dict[str, Any], who: str) -> None:
    editor = make_user()
    association = make_association(editor=editor)
    actor = editor if who == "editor" else people[who]
    with pytest.raises(NotAllowed):
        services.school_add(actor=actor, association=association, school=make_school())
    with pytest.raises(NotAllowed):
        services.association_update(actor=actor, association=association, text=TEXT)


def test_the_regions_methodologist_and_the_administrator_run_it_too(
    people: dict[str, Any],
) -> None:
    association = make_association()
    for who in ("coordinator", "admin"):
        services.school_add(actor=people[who], association=association, school=make_school())
    services.association_update(actor=people["coordinator"], association=association, text=TEXT)
    association.refresh_from_db()
    assert association.name_ru == "Ассоциация школ Талгара" and association.about_kk == ""
    assert association.member_schools.count() == 2


def test_coordinators_come_and_go_audited_never_the_last(people: dict[str, Any]) -> None:
    first, second = make_user(), make_user()
    association = make_association(coordinators=[first])
    services.coordinator_appoint(actor=first, association=association, person=second)
    services.coordinator_appoint(actor=first, association=association, person=second)  # again
    assert association.appointments.filter(role=Steward.COORDINATOR).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.COORDINATOR_APPOINT).count() == 1
    services.coordinator_remove(actor=second, association=association, person=first)
    assert AuditEvent.objects.get(action=AuditAction.COORDINATOR_REMOVE).person == first
    with pytest.raises(DomainError, match="needs a coordinator") as refused:
        services.coordinator_remove(actor=second, association=association, person=second)
    assert refused.value.code == "last_coordinator"
    # The one who was taken off runs nothing any more.
    fresh = Association.objects.get(pk=association.pk)
    with pytest.raises(NotAllowed):
        services.coordinator_appoint(actor=first, association=fresh, person=first)


def test_an_inactive_account_is_not_appointed(people: dict[str, Any]) -> None:
    association = make_association()
    gone = make_user(is_active=False)
    with pytest.raises(DomainError, match="no longer active"):
        services.coordinator_appoint(actor=people["admin"], association=association, person=gone)
    with pytest.raises(DomainError, match="no longer active"):
        services.editor_appoint(actor=people["admin"], association=association, person=gone)


def test_one_editor_at_a_time_each_change_audited(people: dict[str, Any]) -> None:
    association = make_association()
    first, second = make_user(), make_user()
    actor = people["coordinator"]
    services.editor_appoint(actor=actor, association=association, person=first)
    services.editor_appoint(actor=actor, association=association, person=first)  # again
    services.editor_appoint(actor=actor, association=association, person=second)
    assert association.appointments.get(role=Steward.EDITOR).user == second
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "person_id"))
    assert actions == [
        (AuditAction.EDITOR_APPOINT, first.pk),
        (AuditAction.EDITOR_REMOVE, first.pk),
        (AuditAction.EDITOR_APPOINT, second.pk),
    ]
    services.editor_remove(actor=actor, association=association)
    services.editor_remove(actor=actor, association=association)  # nothing left to remove
    assert not association.appointments.filter(role=Steward.EDITOR).exists()
    assert AuditEvent.objects.filter(action=AuditAction.EDITOR_REMOVE).count() == 2


def test_news_once_per_form_from_coordinators_and_the_editor(people: dict[str, Any]) -> None:
    editor = make_user()
    association = make_association(editor=editor)
    key = uuid.uuid4()
    post = services.news_create(
        actor=editor, association=association, title=" Семинар ", body="**Келіңіз!**",
        language="kk", client_key=key,
    )  # fmt: skip
    again = services.news_create(
        actor=editor, association=association, title="Семинар", body="", language="kk",
        client_key=key,
    )  # fmt: skip
    assert again == post and post.title == "Семинар" and NewsPost.objects.count() == 1
    services.news_update(
        actor=people["coordinator"], post=post, title="Семинар өтеді", body="", language="ru"
    )
    post.refresh_from_db()
    assert (post.title, post.language) == ("Семинар өтеді", "ru")
    with pytest.raises(NotAllowed):
        services.news_delete(actor=people["teacher"], post=post)
    services.news_delete(actor=editor, post=post)
    assert not NewsPost.objects.exists()


@pytest.mark.parametrize(
    ("title", "language", "message"),
    [
        ("   ", "kk", "Жаңалыққа тақырып жазыңыз."),
        ("Тақырып", "de", "Жаңалық қай тілде жазылғанын таңдаңыз."),
    ],
)
def test_news_needs_a_title_and_a_language(
    people: dict[str, Any], title: str, language: str, message: str
) -> None:
    association = make_association()
    with translation.override("kk"), pytest.raises(DomainError) as refused:
        services.news_create(
            actor=people["admin"], association=association, title=title, body="",
            language=language,
        )  # fmt: skip
    assert refused.value.message == message
    assert not NewsPost.objects.exists()


def test_news_is_not_written_by_others(people: dict[str, Any]) -> None:
    association = make_association()
    for who in ("teacher", "principal", "district_coordinator", "other_coordinator"):
        with pytest.raises(NotAllowed):
            services.news_create(
                actor=people[who], association=association, title="Т", body="", language="kk"
            )


def test_deleting_the_last_coordinators_account_is_refused_until_another_is_appointed(
    people: dict[str, Any],
) -> None:
    coordinator = make_user()
    association = make_association(coordinators=[coordinator], editor=coordinator)
    with pytest.raises(DomainError, match="only coordinator of the association"):
        account_delete(actor=coordinator, user=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.is_active
    services.coordinator_appoint(
        actor=coordinator, association=association, person=people["teacher"]
    )
    account_delete(actor=coordinator, user=coordinator)
    assert list(association.appointments.values_list("user_id", flat=True)) == [
        people["teacher"].pk
    ]
