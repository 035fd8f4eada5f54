"""The movement's pages: the list, calling one, its page (rules, dates, teams, the collection
once published), its staff and status, a team's application, entries (submit, edit, moderate),
the published collection with its filters, an entry's page, its files, and the anthology."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.queries import current_user
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm
from ortaq.core.errors import DomainError, carry_out, show_refusal
from ortaq.core.files import file_response
from ortaq.core.i18n import current_language
from ortaq.textbooks import movements, queries_movements
from ortaq.textbooks.anthology import anthology_file
from ortaq.textbooks.choices import EntryStatus, MovementStatus
from ortaq.textbooks.forms_movements import (
    CollectionFilterForm,
    EntryForm,
    ModerationForm,
    MovementCreateForm,
    MovementForm,
    StaffForm,
    StatusForm,
    TeamDecisionForm,
    TeamForm,
)
from ortaq.textbooks.models import Entry, Movement, MovementStaff

CHANGE = "textbooks.change_movement"
MODERATE = "textbooks.moderate_movement"
PER_PAGE = 30


def _movement(request: HttpRequest, slug: str) -> Movement:
    return queries_movements.movement_get(slug=slug, user=request.user)


@require_safe
def movement_list(request: HttpRequest) -> HttpResponse:
    """Every movement open to see; a draft only to its staff."""
    return render(
        request,
        "textbooks/movements/list.html",
        {
            "movements": list(queries_movements.movements_listed(user=request.user)[:100]),
            "may_call": request.user.has_perm("textbooks.add_movement"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Call a movement: the form offers only the associations and regions she may call it for."""
    organisers = queries_movements.organisers_for(user=request.user)
    if not organisers.any:
        raise PermissionDenied
    form = MovementCreateForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        association, region = form.chosen()
        try:
            movement = movements.movement_create(
                actor=current_user(request),
                slug=form.cleaned_data["slug"],
                fields=form.movement_fields(),
                association=association,
                region=region,
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The movement is saved as a draft."))
            return redirect("textbooks:movement", movement=movement.slug)
    return render(request, "textbooks/movements/form.html", {"form": form, "movement": None})


@require_safe
def movement_page(request: HttpRequest, movement: str) -> HttpResponse:
    """Its theme, rules and dates, its teams, her teams' entries, and (once published) the
    way to its collection and anthology; for its staff, the status and what waits."""
    found = _movement(request, movement)
    user = request.user
    staff = user.has_perm(MODERATE, found)
    teams = list(queries_movements.teams_visible_to(user, found))
    mine = queries_movements.my_teams(user=user, movement=found)
    mine_ids = {t.pk for t in mine}
    own_entries = (
        list(queries_movements.entries_of(movement=found, user=user).filter(team_id__in=mine_ids))
        if mine_ids
        else []
    )
    # Counted in the database: one row per status, not one per entry.
    counts: dict[str, int] = (
        dict(found.entries.order_by().values_list("status").annotate(n=Count("pk")))
        if staff
        else {}
    )
    return render(
        request,
        "textbooks/movements/movement.html",
        {
            "movement": found,
            "teams": teams,
            "my_teams": mine,
            "own_entries": own_entries,
            "staff": staff,
            "runs": user.has_perm(CHANGE, found),
            "may_apply": user.has_perm("textbooks.apply_team", found),
            "counts": counts,
            "submitted": counts.get(EntryStatus.SUBMITTED, 0),
            "next_statuses": sorted(movements.MOVES.get(found.status, frozenset())),
            "statuses": dict(MovementStatus.choices),
            "certificates": movements.certificates_of(found)
            if staff and found.status == MovementStatus.PUBLISHED
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request: AuthenticatedHttpRequest, movement: str) -> HttpResponse:
    found = _movement(request, movement)
    check_object_perm(request, CHANGE, found)
    initial = {
        name: getattr(found, name)
        for name in (
            "title_kk",
            "title_ru",
            "title_en",
            "theme",
            "rules",
            "starts_on",
            "ends_on",
            "hours",
        )
    }
    form = MovementForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and carry_out(
            request,
            lambda: movements.movement_update(
                actor=current_user(request), movement=found, fields=form.movement_fields()
            ),
            done=_("The movement is saved."),
            form=form,
        )
    ):
        return redirect("textbooks:movement", movement=found.slug)
    return render(request, "textbooks/movements/form.html", {"form": form, "movement": found})


@login_required
@require_POST
def movement_status(request: AuthenticatedHttpRequest, movement: str) -> HttpResponse:
    """Open, close, open again or publish the collection."""
    found = _movement(request, movement)
    check_object_perm(request, CHANGE, found)
    form = StatusForm(request.POST)
    if form.is_valid():
        carry_out(
            request,
            lambda: movements.movement_set_status(
                actor=current_user(request), movement=found, status=form.cleaned_data["status"]
            ),
            done=_("The movement's status is changed."),
        )
    return redirect("textbooks:movement", movement=found.slug)


@login_required
@require_http_methods(["GET", "POST"])
def movement_staff(request: AuthenticatedHttpRequest, movement: str) -> HttpResponse:
    """Its coordinators and moderators: add one by e-mail, remove one."""
    found = _movement(request, movement)
    check_object_perm(request, CHANGE, found)
    actor = current_user(request)
    form = StaffForm(request.POST if "email" in request.POST else None)
    if request.method == "POST":
        if "remove" in request.POST:
            staff = get_object_or_404(
                MovementStaff, movement=found, pk=_number(request.POST.get("remove"))
            )
            carry_out(request, lambda: movements.staff_remove(actor=actor, staff=staff), done=None)
            return redirect("textbooks:movement_staff", movement=found.slug)
        if form.is_valid() and carry_out(
            request,
            lambda: movements.staff_add(actor=actor, movement=found, **form.cleaned_data),
            done=_("The staff is saved."),
            form=form,
        ):
            return redirect("textbooks:movement_staff", movement=found.slug)
    rows = list(queries_movements.staff_of(found))
    return render(
        request,
        "textbooks/movements/staff.html",
        {
            "movement": found,
            "staff": rows,
            "kept": queries_movements.staff_kept(rows),
            "form": form,
        },
    )


def _number(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def team_apply(request: HttpRequest, movement: str) -> HttpResponseBase:
    """A teacher applies with her school's team while the movement is open."""
    found = _movement(request, movement)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check_object_perm(request, "textbooks.apply_team", found)
    form = TeamForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and carry_out(
            request,
            lambda: movements.team_apply(
                actor=current_user(request),
                movement=found,
                name=form.cleaned_data["name"],
                grades=form.cleaned_data["grades"],
                pupils=form.cleaned_data["pupils"],
                teacher_emails=form.emails(),
            ),
            done=_("The team's application is sent."),
            form=form,
        )
    ):
        return redirect("textbooks:movement", movement=found.slug)
    return render(request, "textbooks/movements/apply.html", {"movement": found, "form": form})


@login_required
@require_POST
def team_decide(request: AuthenticatedHttpRequest, movement: str) -> HttpResponse:
    found = _movement(request, movement)
    check_object_perm(request, MODERATE, found)
    form = TeamDecisionForm(request.POST)
    if form.is_valid():
        team = queries_movements.team_get(
            movement=found, team_id=form.cleaned_data["team"], user=request.user
        )
        carry_out(
            request,
            lambda: movements.team_decide(
                actor=current_user(request),
                team=team,
                accept=form.cleaned_data["decision"] == "accept",
            ),
            done=_("The team is saved."),
        )
    return redirect("textbooks:movement", movement=found.slug)


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: AuthenticatedHttpRequest, movement: str, team_id: int) -> HttpResponse:
    """An accepted team's teacher submits an entry while the movement is open."""
    found = _movement(request, movement)
    team = queries_movements.team_get(movement=found, team_id=team_id, user=request.user)
    check_object_perm(request, "textbooks.submit_entry", team)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        initial={"region": team.school.region_id, "language": current_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = movements.entry_submit(
                actor=current_user(request),
                team=team,
                fields=form.entry_fields(),
                vouched=form.cleaned_data["vouched"],
                media=form.uploads(),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The entry is sent to the moderators."))
            return redirect("textbooks:entry", movement=found.slug, entry_id=entry.pk)
    return render(
        request,
        "textbooks/movements/entry_form.html",
        {"movement": found, "team": team, "form": form, "entry": None},
    )


@require_safe
def entries(request: HttpRequest, movement: str) -> HttpResponse:
    """The entries she may see of the movement, by status: the moderators' queue."""
    found = _movement(request, movement)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check_object_perm(request, MODERATE, found)
    status = request.GET.get("status", EntryStatus.SUBMITTED)
    if status not in EntryStatus.values:
        status = ""
    page = Paginator(
        queries_movements.entries_of(movement=found, user=request.user, status=status), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "textbooks/movements/entries.html",
        {
            "movement": found,
            "page": page,
            "status": status,
            "statuses": EntryStatus.choices,
        },
    )


@require_safe
def entry_page(request: HttpRequest, movement: str, entry_id: int) -> HttpResponse:
    """An entry: its text, pictures with their alt text, recordings with their transcripts;
    for the staff the moderation form, for its team its status and the moderator's note."""
    found = _movement(request, movement)
    entry = queries_movements.entry_get(movement=found, entry_id=entry_id, user=request.user)
    staff = request.user.has_perm(MODERATE, found)
    return render(
        request,
        "textbooks/movements/entry.html",
        {
            "movement": found,
            "entry": entry,
            "staff": staff,
            "may_moderate": staff and found.status != MovementStatus.PUBLISHED,
            "may_edit": request.user.has_perm("textbooks.edit_entry", entry),
            "public": entry.status == EntryStatus.ACCEPTED
            and found.status == MovementStatus.PUBLISHED,
            "form": ModerationForm(initial={"note": entry.note}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedHttpRequest, movement: str, entry_id: int) -> HttpResponse:
    """Her team changes an entry that has changes requested; it goes back to the moderators."""
    found = _movement(request, movement)
    entry = queries_movements.entry_get(movement=found, entry_id=entry_id, user=request.user)
    check_object_perm(request, "textbooks.edit_entry", entry)
    initial = {
        "title": entry.title,
        "genre": entry.genre,
        "language": entry.language,
        "text": entry.text,
        "region": entry.region_id,
        "district": entry.district_id,
        "village": entry.village,
    }
    form = EntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        remove = [_number(v) for v in request.POST.getlist("remove")]
        if carry_out(
            request,
            lambda: movements.entry_update(
                actor=current_user(request),
                entry=entry,
                fields=form.entry_fields(),
                vouched=form.cleaned_data["vouched"],
                media=form.uploads(),
                remove=remove,
            ),
            done=_("The entry is sent to the moderators again."),
            form=form,
        ):
            return redirect("textbooks:entry", movement=found.slug, entry_id=entry.pk)
    return render(
        request,
        "textbooks/movements/entry_form.html",
        {"movement": found, "team": entry.team, "form": form, "entry": entry},
    )


@login_required
@require_POST
def entry_moderate(request: AuthenticatedHttpRequest, movement: str, entry_id: int) -> HttpResponse:
    found = _movement(request, movement)
    entry = queries_movements.entry_get(movement=found, entry_id=entry_id, user=request.user)
    check_object_perm(request, MODERATE, found)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
    else:
        carry_out(
            request,
            lambda: movements.entry_moderate(
                actor=current_user(request), entry=entry, **form.cleaned_data
            ),
            done=_("The decision is saved; the team is told by e-mail."),
        )
    return redirect("textbooks:entry", movement=found.slug, entry_id=entry.pk)


@require_safe
def entry_media(request: HttpRequest, movement: str, media_id: int) -> HttpResponseBase:
    """An entry's picture or recording, to whoever may see the entry."""
    found = _movement(request, movement)
    media = queries_movements.media_get(movement=found, media_id=media_id, user=request.user)
    return file_response(request, media.file.name or "")


@require_safe
def collection(request: HttpRequest, movement: str) -> HttpResponse:
    """The published collection: accepted entries by region, district and village."""
    found = _movement(request, movement)
    form = CollectionFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    region_id = chosen.get("region")
    found_entries = queries_movements.collection(
        movement=found,
        region_id=region_id,
        district_id=chosen.get("district"),
        village=chosen.get("village") or "",
        genre=chosen.get("genre") or "",
    )
    page = Paginator(found_entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "textbooks/movements/collection.html",
        {
            "movement": found,
            "page": page,
            "facets": queries_movements.facets(movement=found, region_id=region_id),
            "chosen": chosen,
            "genres": Entry._meta.get_field("genre").choices,
        },
    )


@require_safe
def anthology(request: HttpRequest, movement: str) -> FileResponse:
    """The published collection as a PDF, its headings in the page's language."""
    found = _movement(request, movement)
    if found.status != MovementStatus.PUBLISHED:
        raise Http404
    language = current_language() if current_language() in ("kk", "ru", "en") else "kk"
    name = anthology_file(found, language)
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        filename=f"{found.slug}-{language}.pdf",
    )
