from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core import signing
from django.utils import timezone

from ortaq.accounts.models import RoleAssignment
from ortaq.accounts.queries import api_token_lookup
from ortaq.accounts.services import (
    ProfileFields,
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_user,
    profile_update,
    role_grant,
    role_revoke,
)
from ortaq.accounts.services.invitations import SALT, VALID_FOR, invitation_token
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.testing.factories import iin, make_user

pytestmark = pytest.mark.django_db


def test_an_invitation_sets_the_password_once() -> None:
    user = make_user(password=None)
    user.set_unusable_password()
    user.save()
    token = invitation_token(user)
    invitation_accept(token=token, password="a-good-password-for-ortaq")
    assert authenticate(email=user.email, password="a-good-password-for-ortaq") is not None
    assert EmailAddress.objects.get(user=user).verified
    with pytest.raises(DomainError) as caught:
        invitation_user(token)
    assert caught.value.code == "used"


def test_an_old_or_forged_invitation_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user()
    with pytest.raises(DomainError) as forged:
        invitation_user("not-a-token")
    assert forged.value.code == "invalid"
    token = invitation_token(user)
    later = timezone.now() + VALID_FOR * 2
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    with pytest.raises(DomainError) as expired:
        invitation_user(token)
    assert expired.value.code == "expired"
    assert signing.loads(token, salt=SALT)[0] == user.pk


def test_a_weak_password_is_refused_and_the_link_still_works() -> None:
    user = make_user()
    token = invitation_token(user)
    with pytest.raises(DomainError):
        invitation_accept(token=token, password="12345678")
    assert invitation_user(token) == user


def test_granting_a_role_twice_gives_one_assignment(people: dict[str, Any]) -> None:
    teacher, school = people["teacher"], people["school"]
    first = role_grant(
        actor=people["principal"], user=teacher, role=Role.FACILITATOR, target=school
    )
    second = role_grant(
        actor=people["principal"], user=teacher, role=Role.FACILITATOR, target=school
    )
    assert first.pk == second.pk
    assert (Role.FACILITATOR, Scope.school(school.pk)) in teacher.role_grants()


def test_the_last_country_administrator_stays(people: dict[str, Any]) -> None:
    admin = people["admin"]
    only = RoleAssignment.objects.get(user=admin, role=Role.ADMIN)
    with pytest.raises(DomainError):
        role_revoke(actor=admin, assignment=only)
    second = make_user()
    role_grant(actor=admin, user=second, role=Role.ADMIN)
    role_revoke(actor=admin, assignment=only)
    assert not RoleAssignment.objects.filter(pk=only.pk).exists()


def test_a_principal_cannot_take_away_a_coordinator(people: dict[str, Any]) -> None:
    assignment = RoleAssignment.objects.get(user=people["coordinator"])
    with pytest.raises(NotAllowed):
        role_revoke(actor=people["principal"], assignment=assignment)


def test_profile_update_refuses_an_iin_already_taken() -> None:
    taken = make_user(profile__iin=iin())
    user = make_user()
    data = ProfileFields(
        last_name="А",
        first_name="Б",
        middle_name="",
        iin=taken.profile.iin,
        category="",
        languages=("kk",),
        subjects=(),
        language="ru",
    )
    with pytest.raises(DomainError):
        profile_update(actor=user, user=user, data=data)
    with pytest.raises(NotAllowed):
        profile_update(actor=taken, user=user, data=data)


def test_a_token_authenticates_until_revoked() -> None:
    user = make_user()
    token, raw = api_token_create(actor=user, name="report script")
    assert raw.startswith("ortaq_") and token.digest != raw
    assert api_token_lookup(raw=raw) == token
    assert api_token_lookup(raw=raw + "x") is None
    api_token_revoke(actor=user, token=token)
    api_token_revoke(actor=user, token=token)
    assert api_token_lookup(raw=raw) is None


def test_someone_elses_token_cannot_be_revoked() -> None:
    token, _raw = api_token_create(actor=make_user(), name="x")
    with pytest.raises(NotAllowed):
        api_token_revoke(actor=make_user(), token=token)


def test_country_scope_is_in_every_grant_chain(people: dict[str, Any]) -> None:
    assert (Role.ADMIN, COUNTRY) in people["admin"].role_grants()
