"""Background work of the accounts app."""

from django.tasks import task

from ortaq.accounts.models import User
from ortaq.accounts.services import invitations_send


@task(queue_name="email")
def send_invitations(user_ids: list[int]) -> int:
    """E-mail invitations to these people, skipping anyone who has meanwhile set a password, all
    through one connection to the mail server."""
    users = User.objects.filter(pk__in=user_ids, is_active=True)
    return invitations_send(users=[user for user in users if not user.has_usable_password()])
