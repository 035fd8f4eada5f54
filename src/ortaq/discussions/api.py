"""The API's acts on one post, the same for every owner: correct, report, hide, show again and
close the reports. An owner's router adds them under its own path with ``post_routes``, saying
how a post of one of its objects is found (404 or 403 for a caller who may not read it)."""

import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.discussions import services
from ortaq.discussions.models import Post
from ortaq.discussions.schemas import EditIn, HideIn, PostOut, ReportIn

# (request, the owner's id from the path, the post's id) -> the post, its owner at hand.
PostLookup = Callable[[HttpRequest, int, int], Post]


def post_routes(
    router: Router, *, prefix: str, owner: str, post_of: PostLookup, module: str
) -> None:
    """Add ``PATCH {prefix}/posts/{post_id}`` (correct), ``POST …/reports`` (report), ``POST``
    and ``DELETE …/hiding`` (hide, show again) and ``POST …/reports/dismissal`` to ``router``.

    ``owner`` names the path's parameter of the owner (``circle_id``); ``module`` is the
    owner's router module, which the operations' ids are named after."""
    path = prefix + "/posts/{post_id}"

    def edit_post(request: HttpRequest, post_id: int, data: EditIn, **ids: int) -> Post:
        post = post_of(request, ids[owner], post_id)
        return services.post_edit(actor=current_user(request), post=post, body=data.body)

    def report(request: HttpRequest, post_id: int, data: ReportIn, **ids: int) -> Status[Any]:
        post = post_of(request, ids[owner], post_id)
        services.post_report(actor=current_user(request), post=post, reason=data.reason)
        return Status(201, {"reported": True})

    def hide(request: HttpRequest, post_id: int, data: HideIn, **ids: int) -> Post:
        post = post_of(request, ids[owner], post_id)
        return services.post_hide(actor=current_user(request), post=post, reason=data.reason)

    def unhide(request: HttpRequest, post_id: int, **ids: int) -> Post:
        post = post_of(request, ids[owner], post_id)
        return services.post_unhide(actor=current_user(request), post=post)

    def dismiss(request: HttpRequest, post_id: int, **ids: int) -> dict[str, bool]:
        post = post_of(request, ids[owner], post_id)
        services.reports_dismiss(actor=current_user(request), post=post)
        return {"dismissed": True}

    for view in (edit_post, report, hide, unhide, dismiss):
        _name_owner(view, owner, module)
    router.patch(
        path, response=PostOut, summary="Correct my post (within half an hour of writing it)"
    )(edit_post)
    router.post(
        path + "/reports",
        response={201: dict[str, bool]},
        summary="Report a post to the moderators (once per person)",
    )(report)
    router.post(
        path + "/hiding",
        response=PostOut,
        summary="Hide a post, with a reason its author sees (moderators; again changes nothing)",
    )(hide)
    router.delete(
        path + "/hiding",
        response=PostOut,
        summary="Show a hidden post again; its reason is cleared (moderators; again changes "
        "nothing)",
    )(unhide)
    router.post(
        path + "/reports/dismissal",
        response=dict[str, bool],
        summary="Close a post's reports and leave it as it is (moderators)",
    )(dismiss)


def _name_owner(view: Callable[..., Any], owner: str, module: str) -> None:
    """Give ``view`` the owner's path parameter by name (django-ninja reads the signature),
    in place of its ``**ids``, and the owner's module (its operation's id)."""
    signature = inspect.signature(view)
    parameters = [p for p in signature.parameters.values() if p.kind != p.VAR_KEYWORD]
    parameters.insert(1, inspect.Parameter(owner, inspect.Parameter.KEYWORD_ONLY, annotation=int))
    ordered = sorted(parameters, key=lambda p: p.kind)
    view.__signature__ = signature.replace(parameters=ordered)  # type: ignore[attr-defined]
    view.__module__ = module
