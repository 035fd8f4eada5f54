"""Deleting an account: she is erased, what she wrote stays readable as by "A former member"."""

import datetime
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from ortaq.accounts.models import ApiToken, Profile, RoleAssignment, User
from ortaq.accounts.services import account_delete, api_token_create, role_grant
from ortaq.certificates.models import Certificate
from ortaq.communities.choices import MemberRole, MembershipStatus, Notify, ProjectStatus
from ortaq.communities.models import Membership, Project
from ortaq.communities.services import discussions
from ortaq.communities.services import projects as project_services
from ortaq.communities.services.circles import circle_archive
from ortaq.communities.services.digests import digests_send_due
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.discussions.models import Post
from ortaq.testing.factories import (
    ALL_FULL,
    PASSWORD,
    add_member,
    facilitator_of,
    iin,
    make_circle,
    make_project,
    make_school,
    make_user,
    take_to_portfolio,
)

pytestmark = pytest.mark.django_db
NAME = ("Серікова", "Әйгерім", "Маратқызы")


def teacher(**fields: Any) -> User:
    """A teacher with everything a profile holds: names, IIN, school, subjects, category."""
    last, first, middle = NAME
    school = make_school()
    user = make_user(
        last_name=last,
        first_name=first,
        middle_name=middle,
        profile__iin=iin(),
        profile__school=school,
        profile__category="moderator",
        profile__languages=["kk", "ru"],
        **fields,
    )
    user.profile.subjects.set(Subject.objects.all()[:2])
    role_grant(actor=None, user=user, role=Role.TEACHER, target=school)
    return user


def signed_in_client(user: User) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_deleting_erases_everything_that_says_who_she_was(reference_data: None) -> None:
    user = teacher()
    old_email = user.email
    _token, raw = api_token_create(actor=user, name="script")
    elsewhere = signed_in_client(user)  # a session on another device
    assert elsewhere.get("/en/me/").status_code == 200
    assert Profile.objects.get(user=user).subjects.exists()

    account_delete(actor=user, user=user)

    found = User.objects.get(pk=user.pk)
    assert found.erased_at is not None and found.is_erased
    assert (found.last_name, found.first_name, found.middle_name) == ("", "", "")
    assert found.email == f"deleted-{user.pk}@erased.invalid"
    assert old_email not in found.email
    assert not found.is_active and not found.is_staff and not found.is_superuser
    assert not found.has_usable_password() and found.last_login is None
    profile = Profile.objects.get(user=found)
    assert profile.iin is None and profile.school is None
    assert profile.category == "" and profile.languages == []
    assert not profile.subjects.exists()
    assert not RoleAssignment.objects.filter(user=found).exists()
    assert not EmailAddress.objects.filter(user=found).exists()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    assert not ApiToken.objects.filter(user=found, revoked_at__isnull=True).exists()
    # Named everywhere as a former member; the caller's object says so too.
    assert found.get_full_name() == found.display_name == str(found) == "A former member"
    assert user.get_full_name() == "A former member" and not user.is_active
    # She cannot come back: not with her password, not with her token, not with her session.
    assert not Client().login(email=old_email, password=PASSWORD)
    response = Client().post("/en/accounts/login/", {"login": old_email, "password": PASSWORD})
    assert SESSION_KEY not in response.wsgi_request.session
    api = Client().get("/api/v1/me", headers={"authorization": f"Bearer {raw}"})
    assert api.status_code == 401
    after = elsewhere.get("/en/me/")
    assert after.status_code == 302 and "/accounts/login/" in after.headers["Location"]


def test_deleting_again_changes_nothing(reference_data: None) -> None:
    user = teacher()
    account_delete(actor=user, user=user)
    first = User.objects.get(pk=user.pk)
    account_delete(actor=user, user=user)
    again = User.objects.get(pk=user.pk)
    assert again.erased_at == first.erased_at
    assert again.email == first.email and again.get_full_name() == "A former member"
    assert not again.is_active and not again.has_usable_password()


def test_only_she_or_an_administrator_may_delete_her_account(people: dict[str, Any]) -> None:
    user = teacher()
    for who in ("teacher", "facilitator", "principal", "coordinator"):
        with pytest.raises(NotAllowed):
            account_delete(actor=people[who], user=user)
    found = User.objects.get(pk=user.pk)
    assert found.is_active and found.get_full_name() == " ".join(NAME)
    assert found.erased_at is None
    account_delete(actor=people["admin"], user=user)
    assert User.objects.get(pk=user.pk).is_erased


def test_the_only_facilitator_of_an_active_circle_hands_it_over_first(
    reference_data: None,
) -> None:
    user = teacher()
    _token, raw = api_token_create(actor=user, name="script")
    circle = make_circle(facilitator=user, name="Оқу үйірмесі")
    other = make_circle(facilitator=user, name="Математика")
    member = make_user()
    add_member(circle, member)
    for attempt in range(2):
        with pytest.raises(DomainError) as refused:
            account_delete(actor=user, user=user)
        assert refused.value.code == "last_facilitator", attempt
        assert "“Математика”, “Оқу үйірмесі”" in refused.value.message
    # Nothing was written.
    found = User.objects.get(pk=user.pk)
    assert found.is_active and found.erased_at is None and found.get_full_name() == " ".join(NAME)
    assert Profile.objects.get(user=user).iin is not None
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    assert EmailAddress.objects.filter(user=user).exists()
    assert Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).count() == 2
    # Another facilitator for one circle, the other archived: now she may go.
    add_member(circle, member, role=MemberRole.FACILITATOR)
    with pytest.raises(DomainError) as refused:
        account_delete(actor=user, user=user)
    assert "Математика" in refused.value.message and "Оқу үйірмесі" not in refused.value.message
    circle_archive(actor=user, circle=other)
    account_delete(actor=user, user=user)
    mine = Membership.objects.filter(user=user)
    assert {(m.status, m.role, m.notify) for m in mine} == {
        (MembershipStatus.LEFT, MemberRole.MEMBER, Notify.NOTHING)
    }
    assert facilitator_of(circle) == member


def test_the_conversation_stays_readable_on_the_page_in_the_api_and_in_the_digest(
    reference_data: None, mailoutbox: list[Any]
) -> None:
    author, reader = teacher(), make_user(language="en")
    circle = make_circle(members=(author, reader), name="Оқу үйірмесі")
    long_ago = timezone.now() - datetime.timedelta(days=2)
    Membership.objects.exclude(user=reader).update(notify=Notify.NOTHING)
    Membership.objects.filter(user=reader).update(
        notify=Notify.DAILY_DIGEST, digested_until=long_ago
    )
    thread = discussions.thread_create(
        actor=author, circle=circle, title="Мәтінмен жұмыс", body="Менің ойым осындай"
    )
    discussions.post_reply(actor=reader, thread=thread, body="Келісемін")

    account_delete(actor=author, user=author)

    assert Post.objects.filter(discussion__thread=thread).count() == 2
    client = Client()
    client.force_login(reader)
    page = client.get(f"/en/circles/{circle.pk}/threads/{thread.pk}/").content.decode()
    assert "Менің ойым осындай" in page and "A former member" in page
    assert NAME[0] not in page and NAME[1] not in page
    threads = client.get(f"/en/circles/{circle.pk}/threads/").content.decode()
    assert "Мәтінмен жұмыс" in threads and "A former member" in threads
    assert NAME[0] not in threads
    english = {"accept-language": "en"}
    api = client.get(f"/api/v1/circles/{circle.pk}/threads/{thread.pk}/posts", headers=english)
    assert [p["author"] for p in api.json()["items"]] == [
        "A former member",
        reader.get_full_name(),
    ]
    listed = client.get(f"/api/v1/circles/{circle.pk}/threads", headers=english).json()["items"]
    assert [t["author"] for t in listed] == ["A former member"]
    # The reader's digest names her so; the deleted account is sent nothing.
    assert digests_send_due() == 1
    (digest,) = mailoutbox
    assert digest.to == [reader.email]
    assert "Менің ойым осындай" in digest.body and "A former member" in digest.body
    assert NAME[0] not in digest.body


def test_her_projects_stay_and_her_certificate_keeps_verifying(reference_data: None) -> None:
    owner = teacher()
    project = take_to_portfolio(make_project(owner=owner))
    facilitator = facilitator_of(project.circle)
    project_services.project_submit(actor=owner, project=project)
    project_services.project_assess(
        actor=facilitator, project=project, levels=ALL_FULL, comment="", accept=True
    )
    certificate = Certificate.objects.get(holder=owner)
    printed = certificate.holder_name
    assert printed == " ".join(NAME)

    account_delete(actor=owner, user=owner)

    assert Project.objects.get(pk=project.pk).status == ProjectStatus.ACCEPTED
    certificate.refresh_from_db()
    assert certificate.holder_id == owner.pk and certificate.revoked_at is None
    page = Client().get(f"/en/verify/{certificate.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    # The name printed on the paper is what the page confirms: a fact of the day it was issued.
    assert "Valid." in text and printed in text
    client = Client()
    client.force_login(facilitator)
    response = client.get(f"/en/projects/{project.pk}/")
    assert response.status_code == 200, response
    project_page = response.content.decode()
    assert project.title in project_page and "A former member" in project_page
    assert NAME[0] not in project_page
    showcase = client.get("/en/showcase/").content.decode()
    assert project.title in showcase and "A former member" in showcase
    assert NAME[0] not in showcase


def test_the_page_asks_for_her_password_and_her_address(reference_data: None) -> None:
    user = teacher()
    client = signed_in_client(user)
    page = client.get("/en/me/delete/")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert "What is erased" in text and "What is kept" in text
    assert 'href="/en/me/delete/"' in client.get("/en/me/settings/").content.decode()

    wrong = client.post("/en/me/delete/", {"password": "not-it", "confirm_email": user.email})
    assert wrong.status_code == 200 and "This is not your password." in wrong.content.decode()
    mistyped = client.post(
        "/en/me/delete/", {"password": PASSWORD, "confirm_email": "someone@example.kz"}
    )
    assert mistyped.status_code == 200
    assert "Type your e-mail address exactly" in mistyped.content.decode()
    found = User.objects.get(pk=user.pk)
    assert found.is_active and found.erased_at is None and found.get_full_name() == " ".join(NAME)
    assert client.get("/en/me/").status_code == 200  # still signed in

    done = client.post(
        "/en/me/delete/", {"password": PASSWORD, "confirm_email": user.email.upper()}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/en/"
    assert SESSION_KEY not in client.session
    assert User.objects.get(pk=user.pk).is_erased
    home = client.get("/en/").content.decode()
    assert "Your account was deleted." in home


def test_the_page_shows_why_it_refuses_and_limits_guesses(reference_data: None) -> None:
    user = teacher()
    make_circle(facilitator=user, name="Оқу үйірмесі")
    client = signed_in_client(user)
    refused = client.post("/en/me/delete/", {"password": PASSWORD, "confirm_email": user.email})
    assert refused.status_code == 200
    assert "only facilitator of the circle “Оқу үйірмесі”" in refused.content.decode()
    assert User.objects.get(pk=user.pk).is_active
    # Ten tries a minute, then even the right password is refused for a while.
    for _ in range(9):
        client.post("/en/me/delete/", {"password": "guess", "confirm_email": user.email})
    limited = client.post("/en/me/delete/", {"password": PASSWORD, "confirm_email": user.email})
    assert "Too many tries" in limited.content.decode()
    assert User.objects.get(pk=user.pk).is_active


def test_visitors_are_sent_to_sign_in() -> None:
    response = Client().get("/en/me/delete/")
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_the_admin_site_anonymises_instead_of_deleting(reference_data: None) -> None:
    operator = make_user(is_staff=True, is_superuser=True)
    user, facilitator = teacher(), make_user()
    make_circle(facilitator=facilitator)
    client = Client(headers={"accept-language": "en"})
    client.force_login(operator)
    changelist = "/admin/accounts/user/"
    listing = client.get(changelist).content.decode()
    assert "delete_accounts" in listing and "delete_selected" not in listing
    assert client.get(f"{changelist}{user.pk}/delete/").status_code == 403
    response = client.post(
        changelist,
        {"action": "delete_accounts", "_selected_action": [user.pk, facilitator.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 account was deleted." in text and "only facilitator" in text
    assert User.objects.get(pk=user.pk).is_erased
    assert not User.objects.get(pk=facilitator.pk).is_erased
    assert User.objects.filter(pk=user.pk).exists()  # the row stays
