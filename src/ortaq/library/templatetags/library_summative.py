"""The summative task's block of a resource page: ``{% summative_block version %}`` (what
``library/_summative.html`` renders), with a fixed number of queries."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.library import marks, summative
from ortaq.library.models import Version

register = template.Library()


@register.inclusion_tag("library/summative/_block.html", takes_context=True)
def summative_block(context: template.Context, version: Version) -> dict[str, Any]:
    """The specification table, the tasks with their criteria, descriptors, points and mark
    scheme, and links to the two sheets, to a new mark sheet (on a published version, for a
    signed-in teacher) and, for its authors while editable, to editing them."""
    user: User | AnonymousUser = context.get("user") or AnonymousUser()
    signed_in = bool(user.is_authenticated)
    return {
        **summative.summative_context(version),
        "can_mark": signed_in and marks.may_open_sheet(version),
        "can_edit": signed_in and summative.may_edit(user, version),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
