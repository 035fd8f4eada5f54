"""A person's own pages (her page, profile, school, API tokens, invitation) and the people
pages that administrators, methodologists and school heads use."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts import queries, services
from ortaq.accounts.forms import (
    AccountDeleteForm,
    InvitationAcceptForm,
    PersonSearchForm,
    ProfileForm,
    RoleGrantForm,
    SchoolChoiceForm,
    TokenCreateForm,
)
from ortaq.accounts.models import ApiToken, RoleAssignment
from ortaq.accounts.permissions import grant_offer
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.imports import csv_import_page
from ortaq.core.models import JobKind
from ortaq.core.roles import Role, holds_anywhere
from ortaq.schools.forms import SchoolSearchForm
from ortaq.schools.queries import schools_search

PAGE_SIZE = 25


@login_required
@require_safe
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Her own page: who she is, where she works, her roles and what she can do from here."""
    user = queries.current_user(request)
    person = queries.person_get_for_user(person_id=user.pk, viewer=user)
    # Methodologists, trainers and administrators work above schools: not asked to pick one.
    above_schools = holds_anywhere(user, [Role.COORDINATOR, Role.TRAINER, Role.ADMIN])
    return render(
        request,
        "accounts/dashboard.html",
        {
            "person": person,
            "roles": queries.roles_of(user=user),
            "asks_for_school": person.profile.school_id is None and not above_schools,
            "reads_circles_report": holds_anywhere(
                user, [Role.COORDINATOR, Role.ADMIN, Role.PRINCIPAL]
            ),
        },
    )


@login_required
@require_safe
def settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account's settings, apart from the day's work: language and e-mails, password,
    tokens, and deleting the account."""
    return render(request, "accounts/settings.html", {"person": queries.current_user(request)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = queries.current_user(request)
    form = ProfileForm.for_user(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=user, user=user, data=form.profile_fields())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "person": user})


@login_required
@require_http_methods(["GET", "POST"])
def profile_school(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find her school in the directory and say that she works there."""
    user = queries.current_user(request)
    if request.method == "POST":
        choice = SchoolChoiceForm(request.POST)
        if choice.is_valid():
            services.profile_set_school(actor=user, user=user, school=choice.cleaned_data["school"])
            messages.success(request, _("Your school was saved."))
            return redirect("accounts:profile")
    form = SchoolSearchForm(request.GET or None)
    page = None
    if form.is_valid() and any(form.cleaned_data.get(k) for k in ("q", "region", "district")):
        filters = form.cleaned_data
        schools = schools_search(
            q=filters["q"], region=filters["region"], district=filters["district"]
        )
        page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/profile_school.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Her API tokens; a new token's secret is shown on this page once."""
    user = queries.current_user(request)
    form = TokenCreateForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.api_token_create(
                actor=user, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            form = TokenCreateForm()
    response = render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": queries.tokens_of(user=user), "new_secret": new_secret},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete her own account: what goes and what stays, her password and her e-mail typed out;
    then she is signed out."""
    user = queries.current_user(request)
    limited = request.method == "POST" and not ratelimit.consume(
        request, action="reauthenticate", user=user
    )
    form = AccountDeleteForm(user, request.POST or None, limited=limited)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(actor=user, user=user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("core:home")
    response = render(request, "accounts/account_delete.html", {"form": form})
    response.headers["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited teacher sets her password from the link in her e-mail, and is signed in."""
    try:
        invited = services.invitation_user(token)
    except DomainError as exc:
        return render(request, "accounts/invitation_invalid.html", {"reason": exc.message})
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except DomainError as exc:
            form.add_error("password1", exc.message)
        else:
            login(request, user, backend="ortaq.accounts.backends.StaffModelBackend")
            messages.success(request, _("Welcome to Ortaq. Your password is set."))
            return redirect("accounts:profile")
    return render(request, "accounts/invitation.html", {"form": form, "invited": invited})


@require_perm("accounts.list_people")
@require_safe
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people she looks after: everyone for an administrator, her region for a methodologist."""
    form = PersonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    region = filters.get("region")
    page = queries.people_page(
        viewer=request.user,
        q=filters.get("q", ""),
        region_id=region.pk if region else None,
        per_page=PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(request, "accounts/people.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def person(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """One person's details and roles, with a form to grant a role."""
    person = queries.person_get_for_user(person_id=person_id, viewer=request.user)
    can_manage_roles = request.user.has_perm("accounts.manage_roles")
    form = (
        RoleGrantForm(request.POST or None, offer=grant_offer(request.user))
        if can_manage_roles
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.role_grant(
                    actor=request.user,
                    user=person,
                    role=form.cleaned_data["role"],
                    target=form.cleaned_data["target"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The role was granted."))
                return redirect("accounts:person", person_id=person.pk)
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "roles": queries.roles_of(user=person),
            "form": form,
            "show_iin": request.user.has_perm("accounts.view_iin", person),
        },
    )


@login_required
@require_POST
def role_revoke(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=assignment_id)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The role was taken away."))
    return redirect("accounts:person", person_id=assignment.user_id)


@require_perm("accounts.import_teachers")
@require_http_methods(["GET", "POST"])
def import_teachers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a CSV of teachers; new ones are e-mailed a link to set their password."""
    return csv_import_page(
        request,
        template="accounts/import.html",
        kind=JobKind.TEACHERS_IMPORT,
        start=lambda upload: services.teachers_import_start(actor=request.user, upload=upload),
    )
