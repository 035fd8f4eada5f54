"""Cache invalidation (the one kind of work signals are used for): a saved or deleted account
drops its cached copy, whatever saved it (a service, the administration site, a login)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ortaq.accounts.models import User, forget_cached_users


@receiver(post_save, sender=User, dispatch_uid="ortaq.accounts.user_saved")
@receiver(post_delete, sender=User, dispatch_uid="ortaq.accounts.user_deleted")
def forget_cached_user(sender: Any, instance: User, **kwargs: Any) -> None:
    forget_cached_users([instance.pk])
