"""Background work of the accounts app."""

from django.tasks import task

from ortaq.accounts.models import User
from ortaq.accounts.services import invitation_send


@task(queue_name="email")
def send_invitations(user_ids: list[int]) -> int:
    """E-mail invitations to these people, skipping anyone who has meanwhile set a password."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        if user.has_usable_password():
            continue
        invitation_send(user=user)
        sent += 1
    return sent
