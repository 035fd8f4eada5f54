from typing import Any

import factory

from ortaq.accounts.models import ApiToken, Profile, User
from ortaq.core.tests.utils import valid_id_number

PASSWORD = "a-long-test-password-2026"
# A name holds no digits (ortaq.core.names): people are numbered with letters instead.
SPELLED = str.maketrans("0123456789", "әбвгдежзик")


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A person with a usable password, a confirmed e-mail and a profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    last_name = factory.Sequence(lambda n: f"Тестова-{str(n).translate(SPELLED)}")
    first_name = "Айгүл"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def profile(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        from allauth.account.models import EmailAddress

        if not create:
            return
        fields = {"iin": None, **kwargs}
        Profile.objects.update_or_create(user=obj, defaults=fields)
        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"primary": True, "verified": True}
        )


def make_user(**kwargs: Any) -> User:
    """A saved person (typed: factory_boy's calls are not)."""
    user: User = UserFactory(**kwargs)  # type: ignore[assignment]
    return user


def iin() -> str:
    return valid_id_number("8503124")


__all__ = ["PASSWORD", "ApiToken", "UserFactory", "iin", "make_user"]
