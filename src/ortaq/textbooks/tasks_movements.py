"""Background work of the movement: the e-mails of the staff's decisions on teams and
entries."""

from django.tasks import task

from ortaq.core.mail import send_once
from ortaq.textbooks import notices_movements
from ortaq.textbooks.models import Entry, Team, TeamTeacher


@task(queue_name="email")
def send_entry_decided(entry_id: int, status: str) -> int:
    """Tell the entry's team's teachers the decision, unless it changed since; each once per
    decision. Returns how many e-mails went."""
    entry = Entry.objects.select_related("movement", "team").filter(pk=entry_id).first()
    if entry is None or entry.status != status:
        return 0
    stamp = entry.moderated_at.isoformat() if entry.moderated_at else ""
    sent = 0
    leaders = TeamTeacher.objects.filter(team=entry.team, user__is_active=True).select_related(
        "user"
    )
    for leader in leaders.order_by("pk"):
        key = f"textbooks.entry:{entry.pk}:{status}:{stamp}:{leader.user_id}"
        sent += send_once(key, notices_movements.entry_decided_mail(entry, leader.user))
    return sent


@task(queue_name="email")
def send_team_decided(team_id: int, status: str) -> int:
    """Tell the team's teachers whether it is accepted or declined, unless that changed since;
    each once per decision. Returns how many e-mails went."""
    team = Team.objects.select_related("movement").filter(pk=team_id).first()
    if team is None or team.status != status:
        return 0
    sent = 0
    leaders = TeamTeacher.objects.filter(team=team, user__is_active=True).select_related("user")
    for leader in leaders.order_by("pk"):
        key = f"textbooks.team:{team.pk}:{status}:{leader.user_id}"
        sent += send_once(key, notices_movements.team_decided_mail(team, leader.user))
    return sent
