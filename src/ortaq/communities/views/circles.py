"""Pages of circles: the list, a circle, starting and editing one, its members, joining and
leaving, and her notification preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.queries import current_user
from ortaq.communities.choices import CircleKind, MembershipStatus
from ortaq.communities.forms_circles import (
    CircleForm,
    InviteEmailsForm,
    InviteSchoolForm,
    JoinForm,
    NotifyForm,
)
from ortaq.communities.models import Circle, Membership
from ortaq.communities.permissions import membership_of
from ortaq.communities.queries import circles as queries
from ortaq.communities.sections import circle_sections
from ortaq.communities.services import circles as services
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.schools.forms import SchoolSearchForm

PAGE_SIZE = 20


@login_required
@require_safe
def circle_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Her circles, then those she may read or ask to join; search by name and region."""
    form = SchoolSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.circles_for(
        user=request.user,
        q=data.get("q", ""),
        region_id=data["region"].pk if data.get("region") else None,
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communities/circles/list.html", {"form": form, "page": page})


def _fields(form: CircleForm) -> services.CircleFields:
    data = form.cleaned_data
    return services.CircleFields(
        name=data["name"],
        purpose=data["purpose"],
        kind=data.get("kind", ""),
        visibility=data["visibility"],
        language=data["language"],
        school=data.get("school"),
        region=data.get("region"),
        district=data.get("district"),
        schools=data.get("school_bins") or [],
    )


@require_perm("communities.add_circle")
@require_http_methods(["GET", "POST"])
def circle_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.circle_create(actor=request.user, data=_fields(form))
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The circle is started; invite its members."))
            return redirect("communities:members", circle_id=circle.pk)
    return render(request, "communities/circles/form.html", {"form": form, "circle": None})


@login_required
@require_http_methods(["GET", "POST"])
def circle_edit(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    if not request.user.has_perm("communities.change_circle", circle):
        raise PermissionDenied
    initial = {
        "name": circle.name,
        "purpose": circle.purpose,
        "kind": circle.kind,
        "school": circle.school.bin if circle.school else "",
        "region": circle.region_id,
        "district": circle.district_id,
        "school_bins": "\n".join(s.bin or "" for s in circle.schools.all()),
        "visibility": circle.visibility,
        "language": circle.language,
    }
    form = CircleForm(request.POST or None, initial=initial, circle=circle)
    if request.method == "POST":
        if "archive" in request.POST:
            services.circle_archive(
                actor=request.user, circle=circle, archived=request.POST["archive"] == "1"
            )
            messages.success(request, _("The circle is saved."))
            return redirect("communities:circle", circle_id=circle.pk)
        if form.is_valid():
            try:
                services.circle_update(actor=request.user, circle=circle, data=_fields(form))
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The circle is saved."))
                return redirect("communities:circle", circle_id=circle.pk)
    return render(request, "communities/circles/form.html", {"form": form, "circle": circle})


@login_required
@require_safe
def circle(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    """The circle's page; to a teacher of its school who may not read it, only its card."""
    found = queries.circle_get(circle_id=circle_id)
    user = current_user(request)
    if not user.has_perm("communities.view_circle", found):
        if not user.has_perm("communities.find_circle", found):
            raise Http404
        return render(
            request,
            "communities/circles/card.html",
            {
                "circle": found,
                "membership": membership_of(user, found),
                "form": JoinForm(),
            },
        )
    page = queries.circle_page(circle=found, user=user)
    return render(
        request,
        "communities/circles/circle.html",
        {
            "page": page,
            "circle": found,
            "membership": page.membership,
            "can_manage": user.has_perm("communities.manage_members", found),
            "can_change": user.has_perm("communities.change_circle", found),
            "can_join": user.has_perm("communities.join_circle", found),
            "sees_details": user.has_perm("communities.view_meeting_details", found),
            "join_form": JoinForm(),
            "sections": circle_sections(request, found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    """Members, requests and invitations; facilitators invite by school or e-mail here.

    As in the API, the list is for the circle's members and those who run it: a reader of an
    open circle who is not in it gets 403, anyone else who may not read it 404. E-mails and
    the messages sent with requests to join are for those who manage the members only."""
    found = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    if not request.user.has_perm("communities.view_meeting_details", found):
        raise PermissionDenied
    can_manage = request.user.has_perm("communities.manage_members", found)
    school_form = InviteSchoolForm(request.POST if "school" in request.POST else None)
    email_form = InviteEmailsForm(request.POST if "emails" in request.POST else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            result = None
            if "school" in request.POST and school_form.is_valid():
                result = services.members_invite_school(
                    actor=request.user, circle=found, school=school_form.cleaned_data["school"]
                )
            elif "emails" in request.POST and email_form.is_valid():
                result = services.members_invite_emails(
                    actor=request.user, circle=found, emails=email_form.cleaned_data["emails"]
                )
            elif "membership" in request.POST:
                _member_action(request, found)
                return redirect("communities:members", circle_id=found.pk)
        except DomainError as exc:
            show_refusal(request, exc)
            if "membership" in request.POST:
                return redirect("communities:members", circle_id=found.pk)
        else:
            if result is not None:
                count = len(result.invited)
                messages.success(
                    request,
                    ngettext("%(count)s person invited.", "%(count)s people invited.", count)
                    % {"count": count},
                )
                if result.already:
                    messages.info(
                        request,
                        _("Already in or invited: %(emails)s")
                        % {"emails": ", ".join(result.already)},
                    )
                if result.unknown:
                    messages.error(
                        request,
                        _("No account has these e-mails: %(emails)s")
                        % {"emails": ", ".join(result.unknown)},
                    )
                return redirect("communities:members", circle_id=found.pk)
    listed = queries.members_of(circle=found)
    if not can_manage:
        listed = listed.filter(status=MembershipStatus.ACTIVE)
    return render(
        request,
        "communities/circles/members.html",
        {
            "circle": found,
            "memberships": listed,
            "can_manage": can_manage,
            "school_form": school_form,
            "email_form": email_form,
            "is_network": found.kind == CircleKind.NETWORK,
        },
    )


def _member_action(request: AuthenticatedHttpRequest, circle: Circle) -> None:
    membership = get_object_or_404(
        Membership.objects.select_related("circle", "user"),
        pk=request.POST.get("membership", "")
        if request.POST.get("membership", "").isdigit()
        else 0,
        circle=circle,
    )
    action = request.POST.get("action")
    if action in ("accept", "decline"):
        services.request_decide(
            actor=request.user, membership=membership, accept=action == "accept"
        )
    elif action in ("member", "facilitator"):
        services.member_set_role(actor=request.user, membership=membership, role=action)
    elif action == "remove":
        services.member_remove(actor=request.user, membership=membership)
    else:
        raise Http404
    messages.success(request, _("Saved."))


@login_required
@require_POST
def join(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    """Ask to join, or answer an invitation (``answer`` = accept / decline)."""
    found = queries.circle_get(circle_id=circle_id)
    user = current_user(request)
    if not user.has_perm("communities.find_circle", found):
        raise Http404
    try:
        answer = request.POST.get("answer")
        if answer in ("accept", "decline"):
            services.invitation_answer(actor=user, circle=found, accept=answer == "accept")
            messages.success(
                request,
                _("Welcome to the circle.") if answer == "accept" else _("Invitation declined."),
            )
        else:
            form = JoinForm(request.POST)
            message = form.cleaned_data["message"] if form.is_valid() else ""
            joined = services.join_request(actor=user, circle=found, message=message)
            messages.success(
                request,
                _("Welcome to the circle.")
                if joined.status == MembershipStatus.ACTIVE
                else _("Your request is sent to the facilitators."),
            )
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("communities:circle", circle_id=found.pk)


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    found = queries.circle_get(circle_id=circle_id)
    try:
        services.circle_leave(actor=request.user, circle=found)
        messages.success(request, _("You have left the circle."))
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("communities:circle", circle_id=found.pk)
    return redirect("communities:circles")


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    """How she hears of new posts in this circle."""
    found = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    membership = Membership.objects.filter(
        circle=found, user=current_user(request), status=MembershipStatus.ACTIVE
    ).first()
    if membership is None:
        # She may read the circle but is not in it: nothing of hers to set (decision 0011).
        raise PermissionDenied
    form = NotifyForm(request.POST or None, initial={"notify": membership.notify})
    if request.method == "POST" and form.is_valid():
        services.notify_set(actor=request.user, circle=found, notify=form.cleaned_data["notify"])
        messages.success(request, _("Your choice is saved."))
        return redirect("communities:circle", circle_id=found.pk)
    return render(
        request, "communities/circles/notifications.html", {"circle": found, "form": form}
    )


urlpatterns: list[URLPattern] = [
    path("circles/", circle_list, name="circles"),
    path("circles/new/", circle_create, name="circle_create"),
    path("circles/<int:circle_id>/", circle, name="circle"),
    path("circles/<int:circle_id>/edit/", circle_edit, name="circle_edit"),
    path("circles/<int:circle_id>/members/", members, name="members"),
    path("circles/<int:circle_id>/join/", join, name="join"),
    path("circles/<int:circle_id>/leave/", leave, name="leave"),
    path("circles/<int:circle_id>/notifications/", notifications, name="notifications"),
]
