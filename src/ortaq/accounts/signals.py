"""Cross-cutting work, the one kind signals are used for: a saved or deleted account drops its
cached copy, whatever saved it (a service, the administration site, a login); a sign-in, by
whatever way (the sign-in page, an invitation, an e-mail confirmation), starts the session's
clocks (``ortaq.accounts.middleware.IdleSessionMiddleware``)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from ortaq.accounts import middleware
from ortaq.accounts.models import Profile, User, forget_cached_users, schools_changed


@receiver(post_save, sender=User, dispatch_uid="ortaq.accounts.user_saved")
@receiver(post_delete, sender=User, dispatch_uid="ortaq.accounts.user_deleted")
def forget_cached_user(sender: Any, instance: User, **kwargs: Any) -> None:
    forget_cached_users([instance.pk])


@receiver(post_save, sender=Profile, dispatch_uid="ortaq.accounts.profile_saved")
def tell_of_a_move(sender: Any, instance: Profile, created: bool, **kwargs: Any) -> None:
    before = instance.__dict__.get("_loaded_school_id", instance.school_id)
    if not created and before != instance.school_id:
        schools_changed.send(sender=Profile, moves={instance.user_id: before})
    instance.__dict__["_loaded_school_id"] = instance.school_id


@receiver(user_logged_in, dispatch_uid="ortaq.accounts.signed_in")
def start_session_clocks(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        middleware.stamp_sign_in(session)
