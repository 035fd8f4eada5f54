"""Every URL and every API operation, and what each role gets from it: the table that
``config/tests/test_routes.py`` holds the site to.

The world is the demo (``ortaq.testing.demo``) with four outsiders added by ``make_cast``.
Each route is requested once per role: a page with GET (or POST, for the routes that only
write), an API operation with its own method and an empty body. The answer is written as a
token: ``login`` is a redirect to the sign-in page with ``?next=`` back, ``302`` any other
redirect, otherwise the status code. The refusal rule
(``docs/decisions/0011-how-a-refusal-is-answered.md``) says which refusals are right; the
test checks the table against it as well as the site against the table.

Columns (``ROLES``), the first six being the outsiders the issue names:

- ``anon``: nobody signed in;
- ``teach``: a teacher of a school in another region;
- ``facil``: a facilitator of that school (not of the demo's circle);
- ``meth``: a methodologist (coordinator) of that other region;
- ``head``: the head (principal) of that school;
- ``admin``: the demo's administrator;
- and the people a route is about, from the demo: ``trainer`` (the course's author),
  ``circle`` (the circle's facilitator), ``region`` (the methodologist of the demo's region,
  who answers its questions) and ``grad`` (enrolled, finished the course, holds its
  certificate).
"""

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anon", "teach", "facil", "meth", "head", "admin", "trainer", "circle", "region", "grad")
DEMO = {
    "admin": "admin@demo.ortaq.kz",
    "trainer": "trainer@demo.ortaq.kz",
    "circle": "facilitator@demo.ortaq.kz",
    "region": "coordinator@demo.ortaq.kz",
    "grad": "graduate@demo.ortaq.kz",
}
# The demo's association of schools, which the circle's facilitator coordinates.
DEMO_ASSOCIATION = "karasai-talgar"
# The event the events app's routes are asked about: published, held by the demo's
# association, the graduate registered for it (``make_cast`` adds it).
ROUTE_EVENT = "route-seminar"
# The textbook a pupil's and her teacher's routes are asked about (``make_cast`` adds it): its
# lesson, unit, and a class session the graduate opened.
ROUTE_TEXTBOOK = "route-textbook"
PUPIL_ROUTES = (
    "textbooks:lesson",
    "textbooks:session_create",
    "textbooks:session",
    "textbooks:session_close",
    "textbooks:unit_pack",
    "textbooks:unit_print",
    "textbooks:media",
    "textbooks:media_captions",
)
# The project movement the textbooks app's movement routes are asked about: the demo's
# published folklore collection (``ortaq.demo.movement``).
ROUTE_MOVEMENT = "folklore-2026"
# A status a request may answer with, as the table writes it.
REFUSALS = {"login", "401", "403", "404"}


@dataclass(frozen=True)
class Route:
    """A route: its key in the table (a URL name, or ``METHOD /api/v1/path``), the method the
    test sends, and the path pattern with its parameters' names."""

    key: str
    method: str
    pattern: str
    params: tuple[str, ...]
    api: bool


def make_cast() -> dict[str, Any]:
    """The people of the columns: the demo's, and four outsiders at a school of a region the
    demo does not touch. Call inside the demo's transaction."""
    from ortaq.accounts.models import User
    from ortaq.accounts.services import role_grant
    from ortaq.core.roles import Role
    from ortaq.schools.models import Region
    from ortaq.testing.factories import make_school, make_user

    region = Region.objects.exclude(schools__isnull=False).order_by("code").first()
    assert region is not None
    school = make_school(region=region)
    cast: dict[str, Any] = {"anon": None}
    for column, role, target in (
        ("teach", Role.TEACHER, school),
        ("facil", Role.FACILITATOR, school),
        ("meth", Role.COORDINATOR, region),
        ("head", Role.PRINCIPAL, school),
    ):
        person = make_user(email=f"{column}@elsewhere.kz", profile__school=school)
        role_grant(actor=None, user=person, role=role, target=target)
        cast[column] = person
    for column, email in DEMO.items():
        cast[column] = User.objects.get(email=email)
    _route_event(cast["grad"])
    _route_summative(cast["trainer"])
    _route_textbook(cast["grad"])
    return {column: cast[column] for column in ROLES}


def _route_event(grad: Any) -> None:
    """A published seminar of the demo's association, a week ahead, the graduate registered."""
    from ortaq.events.choices import OrganiserKind, RegistrationStatus
    from ortaq.events.models import Registration
    from ortaq.networks.models import Association
    from ortaq.testing.factories import make_event

    association = Association.objects.get(slug=DEMO_ASSOCIATION)
    event = make_event(
        slug=ROUTE_EVENT,
        organiser_kind=OrganiserKind.ASSOCIATION,
        organiser_person=None,
        organiser_association=association,
        region=association.region,
        capacity=30,
    )
    Registration.objects.create(event=event, user=grad, status=RegistrationStatus.REGISTERED)
    _route_programme(event, grad)


def _route_textbook(grad: Any) -> None:
    """A published textbook of one unit with one lesson, and the graduate's class session."""
    from ortaq.testing.textbooks import pupil_book, pupil_session

    pupil_session(pupil_book(slug=ROUTE_TEXTBOOK, lessons=1), teacher=grad)


def _route_programme(event: Any, grad: Any) -> None:
    """The route event's open call (blind), the graduate's submitted talk, assigned to the
    trainer for review, and a plenary session."""
    from datetime import timedelta

    from ortaq.accounts.models import User
    from ortaq.events.models import (
        Call,
        Contribution,
        ContributionAuthor,
        ReviewAssignment,
        Session,
    )

    Call.objects.create(
        event=event,
        opens_at=event.created_at - timedelta(days=1),
        closes_at=event.starts_at,
        kinds="talk poster",
        languages="kk ru",
    )
    talk = Contribution.objects.create(
        event=event,
        kind="talk",
        title="Route talk",
        abstract="Route abstract.",
        details={"aims": "a", "findings": "b"},
        submitted_by=grad,
    )
    ContributionAuthor.objects.create(
        contribution=talk, order=1, user=grad, name="Route author", email=grad.email
    )
    ReviewAssignment.objects.create(
        contribution=talk, reviewer=User.objects.get(email=DEMO["trainer"])
    )
    Session.objects.create(
        event=event,
        kind="plenary",
        title="Route plenary",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        online_url="https://meet.example.org/route-plenary",
    )


# The summative tasks the library's summative routes are asked about: the trainer's published
# one, with her mark sheet, and her draft (``make_cast`` adds them).
ROUTE_SUMMATIVE = "Route summative task"
ROUTE_SUMMATIVE_DRAFT = "Route summative draft"
# Routes asked about the draft (editing its tasks, checking it); the others about the
# published one.
ON_THE_DRAFT = ("library:summative_task", "/summative/problems")


def _route_summative(trainer: Any) -> None:
    from ortaq.library.choices import Status
    from ortaq.testing.summative import summative_complete, summative_sheet

    published = summative_complete(trainer, status=Status.PUBLISHED, title=ROUTE_SUMMATIVE)
    summative_sheet(trainer, published, pupils=5)
    summative_complete(trainer, title=ROUTE_SUMMATIVE_DRAFT)


def _is_summative(route: Route) -> bool:
    """A route of the summative tasks, mark sheets or mark rules (``library.urls_summative``,
    ``library.api_summative``)."""
    return route.key.startswith(("library:summative", "library:mark")) or any(
        part in route.pattern for part in ("/summative", "/mark-sheets", "/mark-rules")
    )


def _summative_values(route: Route) -> dict[str, Any]:
    from ortaq.library.models import MarkSheet, Version

    on_draft = route.key.startswith(ON_THE_DRAFT) or route.pattern.endswith(ON_THE_DRAFT[1])
    title = ROUTE_SUMMATIVE_DRAFT if on_draft else ROUTE_SUMMATIVE
    version = Version.objects.filter(title=title).order_by("pk").first()
    sheet = MarkSheet.objects.filter(version__title=ROUTE_SUMMATIVE).order_by("pk").first()
    return {
        "resource_id": version.resource_id if version else 999_999,
        "task_number": 1,
        "sheet_id": sheet.pk if sheet else 999_999,
    }


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", outer: tuple[str, ...] = ()
) -> list[tuple[str, Any, tuple[str, ...]]]:
    """Each URL pattern with its name and its parameters, those of the includes around it
    first (the journal's pages lie under ``networks/<slug>/journal/``)."""
    found: list[tuple[str, Any, tuple[str, ...]]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            around = outer + tuple(entry.pattern.regex.groupindex)
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), inner, around)
        elif isinstance(entry, URLPattern):
            params = outer + tuple(entry.pattern.regex.groupindex)
            found.append((namespace + (entry.name or ""), entry, params))
    return found


def page_routes() -> list[Route]:
    """Every URL of the resolver but the API's (whose operations are listed from its schema)
    and the Django admin's (one entry, ``admin:*``, checked on its index)."""
    routes = []
    for name, entry, params in _walk(get_resolver().url_patterns):
        if name.startswith(("api:", "admin:")):
            continue
        key = name or str(entry.pattern)
        routes.append(Route(key, PAGE_METHODS.get(key, "GET"), str(entry.pattern), params, False))
    return routes


def api_routes() -> list[Route]:
    """Every operation of the API's OpenAPI schema."""
    from ortaq.testing.openapi import OPERATIONS

    return [
        Route(f"{method} {path}", method, path, tuple(re.findall(r"{(\w+)}", path)), True)
        for method, path, _operation in OPERATIONS
    ]


def all_routes() -> list[Route]:
    admin = Route("admin:*", "GET", "admin/", (), False)
    return sorted([*page_routes(), *api_routes(), admin], key=lambda route: route.key)


def values_for(route: Route) -> dict[str, Any]:
    """Demo objects for a route's parameters: the trainer's course (the activity of the kind
    the route works on), the facilitator's circle and what is in it, the graduate's attempt,
    reflection and certificate."""
    from ortaq.accounts.models import ApiToken, RoleAssignment, User
    from ortaq.accounts.services.invitations import invitation_token
    from ortaq.certificates.models import Certificate
    from ortaq.communities.choices import MemberRole
    from ortaq.communities.models import (
        Circle,
        EvidenceItem,
        LogEntry,
        Meeting,
        Membership,
        Project,
    )
    from ortaq.consultations.models import Question
    from ortaq.core.models import Job
    from ortaq.courses.choices import ActivityKind
    from ortaq.courses.models import (
        Activity,
        Cohort,
        Course,
        Module,
        OfflinePack,
        QuizAttempt,
        ReflectionSubmission,
    )
    from ortaq.courses.models import Question as QuizQuestion
    from ortaq.discussions.models import Attachment, Post
    from ortaq.events.models import (
        Contribution,
        Material,
        Registration,
        ReviewAssignment,
        Session,
        Team,
    )
    from ortaq.journal.models import Issue, Review
    from ortaq.journal.models import Submission as Manuscript
    from ortaq.lessonstudy.models import Cycle, Group, Interview, Report, ResearchLesson
    from ortaq.library.models import Collection, Resource
    from ortaq.networks.models import NewsPost
    from ortaq.textbooks.models import ClassSession, Entry, EntryMedia, Lesson, Media, Unit
    from ortaq.textbooks.models import Team as MovementTeam

    def first(queryset: Any) -> int:
        pk = queryset.order_by("pk").values_list("pk", flat=True).first()
        return int(pk) if pk is not None else 999_999

    grad = User.objects.get(email=DEMO["grad"])
    # The route event's pages and operations (the others' slug is the demo association's).
    of_event = route.key.startswith("events:") or route.pattern.startswith("/api/v1/events")
    facilitator = User.objects.get(email=DEMO["circle"])
    course = Course.objects.filter(enrollments__user=grad).order_by("pk").first()
    assert course is not None
    circle = Circle.objects.filter(memberships__user=facilitator).order_by("pk").first()
    assert circle is not None
    kinds = {
        "courses:quiz_start": ActivityKind.QUIZ,
        "courses:reflection": ActivityKind.REFLECTION,
        "courses:handout": ActivityKind.FILE,
        "courses:post": ActivityKind.DISCUSSION,
        "courses:question_create": ActivityKind.QUIZ,
        "courses:question_edit": ActivityKind.QUIZ,
    }
    api_kinds = {
        "/attempts": ActivityKind.QUIZ,
        "/reflection": ActivityKind.REFLECTION,
        "/posts": ActivityKind.DISCUSSION,
        "/completion": ActivityKind.PAGE,
    }
    kind = kinds.get(route.key) or next(
        (k for end, k in api_kinds.items() if route.api and route.pattern.endswith(end)), None
    )
    activities = Activity.objects.filter(module__course=course)
    if kind is not None:
        activities = activities.filter(kind=kind)
    in_courses = route.key.startswith("courses:") or route.pattern.startswith("/api/v1/courses")
    # The library's readers' comments (library.views_readers) are on the demo's multi-grade plan.
    in_library = route.key.startswith("library:")
    projects = Project.objects.filter(circle=circle)
    quiz_questions = QuizQuestion.objects.filter(activity__module__course=course)
    values: dict[str, Any] = {
        "course_id": course.pk,
        "activity_id": first(activities),
        "module_id": first(Module.objects.filter(course=course)),
        "question_id": first(quiz_questions) if in_courses else first(Question.objects),
        "attempt_id": first(QuizAttempt.objects.filter(enrollment__user=grad)),
        "submission_id": first(ReflectionSubmission.objects.filter(enrollment__user=grad)),
        "post_id": first(Post.objects.filter(discussion__activity__module__course=course))
        if in_courses
        else first(Post.objects.filter(discussion__target_type__app_label="library"))
        if in_library
        else first(Post.objects.filter(discussion__thread__circle=circle)),
        "pack_id": first(OfflinePack.objects),
        "cohort_id": first(Cohort.objects.filter(course=course)),
        "job_id": first(Job.objects),
        "phase": "before",
        "code": "KZ-19"
        if route.pattern.startswith("/api/v1/regions")
        else Certificate.objects.filter(holder=grad).order_by("pk")[0].code,
        "circle_id": circle.pk,
        "meeting_id": first(Meeting.objects.filter(circle=circle)),
        "thread_id": first(circle.threads.all()),
        "attachment_id": first(
            Attachment.objects.filter(post__discussion__target_type__app_label="library")
        )
        if in_library
        else first(Attachment.objects.filter(post__discussion__thread__circle=circle)),
        "project_id": first(projects),
        "stage": 1,
        "kind": "log",
        "item_id": first(LogEntry.objects.filter(project__in=projects))
        if route.api
        else first(EvidenceItem.objects.filter(project__in=projects).exclude(file="")),
        "user_id": Membership.objects.filter(circle=circle, role=MemberRole.MEMBER)
        .order_by("pk")
        .values_list("user_id", flat=True)[0],
        "school_id": facilitator.profile.school_id,
        "token_id": first(ApiToken.objects),
        "person_id": first(User.objects.filter(email="teacher@demo.ortaq.kz")),
        "assignment_id": first(RoleAssignment.objects.filter(user__email=DEMO["region"])),
        "token": Registration.objects.get(event__slug=ROUTE_EVENT, user=grad).join_token()
        if route.key == "events_join"
        else invitation_token(User.objects.get(email="teacher@demo.ortaq.kz")),
        "key": "no-such-key",
        "uidb36": "zz",
        "path": "no-such-file.png",
        "rest": "no-such-endpoint",
        "slug": ROUTE_EVENT if of_event else DEMO_ASSOCIATION,
        "news_id": first(NewsPost.objects.filter(association__slug=DEMO_ASSOCIATION)),
        # The demo's research lesson (of the group below).
        "lesson_id": first(
            ResearchLesson.objects.filter(cycle__group__association__slug=DEMO_ASSOCIATION)
        ),
        # The demo journal's published issue and its first article; a review link that is not
        # one (the real token exists only in the reviewer's e-mail).
        "manuscript_id": first(
            Manuscript.objects.filter(journal__association__slug=DEMO_ASSOCIATION)
        ),
        "article_id": first(Manuscript.objects.filter(journal__association__slug=DEMO_ASSOCIATION)),
        "issue_id": first(Issue.objects.filter(journal__association__slug=DEMO_ASSOCIATION)),
        "issue_year": Issue.objects.filter(journal__association__slug=DEMO_ASSOCIATION)
        .values_list("year", flat=True)
        .first(),
        "issue_number": 1,
        "version_number": 1,
        # A review of the route event's contribution, or of the demo journal's manuscript.
        "review_id": first(ReviewAssignment.objects.filter(contribution__event__slug=ROUTE_EVENT))
        if of_event
        else first(Review.objects.filter(reviewer__isnull=False)),
        "review_token": "no-such-token",
        # The demo's Lesson Study group (the circle's facilitator runs it, the trainer is its
        # knowledgeable other), its cycle, the second of its research lessons, its report.
        "group_id": first(Group.objects),
        "cycle_id": first(Cycle.objects),
        "lesson_number": 2,
        "report_id": first(Report.objects),
        # An interview note of that lesson (by one of its observers, not the facilitator).
        "interview_id": first(
            Interview.objects.filter(lesson__cycle__group__isnull=False, lesson__number=2)
        ),
        # The library: the first resource, its first version and file, the first expert's
        # review and contributor (none until the demo writes resources: then every answer is
        # the 404 or 403 of a missing row).
        **_library_values(first),
        # The route event's contribution and session.
        "contribution_id": first(Contribution.objects.filter(event__slug=ROUTE_EVENT)),
        "session_id": first(Session.objects.filter(event__slug=ROUTE_EVENT)),
        # The demo's collection of multi-grade mathematics (its author's, public) and the
        # multi-grade plan at its head.
        "collection_id": first(Collection.objects.filter(is_public=True)),
        "resource_id": first(
            Resource.objects.filter(kind="multigrade", language="kk", current__isnull=False)
        ),
        # The trainer's summative tasks and mark sheet (issue 14), for their own routes.
        **(_summative_values(route) if _is_summative(route) else {}),
        # The graduate's registration for it; its teams and materials (it has none).
        "registration_id": first(Registration.objects.filter(event__slug=ROUTE_EVENT, user=grad)),
        "team_id": first(Team.objects.filter(event__slug=ROUTE_EVENT))
        if of_event
        else first(MovementTeam.objects.filter(movement__slug=ROUTE_MOVEMENT, teachers__user=grad)),
        "material_id": first(Material.objects.filter(event__slug=ROUTE_EVENT)),
        # The demo's published project movement (the circle's facilitator coordinates it, the
        # region's methodologist moderates it), the graduate's team and its accepted entry.
        "movement": ROUTE_MOVEMENT,
        "entry_id": first(
            Entry.objects.filter(movement__slug=ROUTE_MOVEMENT, team__teachers__user=grad)
        ),
        "media_id": first(EntryMedia.objects.filter(entry__movement__slug=ROUTE_MOVEMENT)),
    }
    if route.key in PUPIL_ROUTES:
        # The route textbook's lesson, unit, media (none: 404) and the graduate's session.
        values |= {
            "slug": ROUTE_TEXTBOOK,
            "lesson_id": first(Lesson.objects.filter(unit__textbook__slug=ROUTE_TEXTBOOK)),
            "unit_id": first(Unit.objects.filter(textbook__slug=ROUTE_TEXTBOOK)),
            "media_id": first(Media.objects),
            "code": ClassSession.objects.filter(lesson__unit__textbook__slug=ROUTE_TEXTBOOK)
            .values_list("code", flat=True)
            .first(),
        }
    # The textbooks' pages and operations (their own objects: ``ortaq.testing.textbookwriting``).
    # Not for a pupil's routes (above) nor a project movement's (``movement``, ``entry_id``).
    writing = route.key.startswith("textbooks:") or route.pattern.startswith("/api/v1/textbooks")
    if (
        writing
        and route.key not in PUPIL_ROUTES
        and not {"movement", "entry_id"} & set(route.params)
    ):
        from ortaq.testing.textbookwriting import route_values

        values |= route_values(route.api)
    return {name: values[name] for name in route.params}


def _library_values(first: Any) -> dict[str, Any]:
    from ortaq.library.models import Assignment, Attachment, Author, Resource, Version

    return {
        "resource_id": first(Resource.objects),
        "number": 1,
        "version_id": first(Version.objects),
        "file_id": first(Attachment.objects),
        "expert_review_id": first(Assignment.objects),
        "contributor_id": Author.objects.order_by("pk").values_list("user_id", flat=True).first()
        or 999_999,
    }


def url_of(route: Route) -> str:
    """The path the test requests for ``route``, in the active language."""
    from django.urls import reverse

    from ortaq.testing.openapi import fill

    if route.api:
        return fill(route.pattern, values_for(route))
    if route.key == "admin:*":
        return reverse("admin:index")
    if route.key.startswith("^api/v1/"):
        return "/api/v1/no-such-endpoint"
    return reverse(route.key, kwargs=values_for(route)) + QUERIES.get(route.key, "")


def token_of(response: Any) -> str:
    """The answer as the table writes it."""
    from django.conf import settings
    from django.urls import reverse

    if response.status_code == 302:
        location = response["Location"]
        signs_in = (reverse("account_login"), reverse("admin:login"), settings.LOGIN_URL)
        if location.startswith(signs_in) and "next=" in location:
            return "login"
    return str(response.status_code)


def request(client: Any, route: Route, url: str) -> Any:
    """Send ``route``'s request: an API write with an empty JSON body, a page's POST empty."""
    method = route.method.lower()
    if route.api and method in ("post", "put", "patch"):
        return getattr(client, method)(url, {}, content_type="application/json")
    return getattr(client, method)(url)


# Pages that only write (require_POST): the test sends a POST with no data.
PAGE_METHODS: dict[str, str] = {
    "accounts:role_revoke": "POST",
    "accounts:token_revoke": "POST",
    "certificates:revoke": "POST",
    "communities:attendance": "POST",
    "communities:join": "POST",
    "communities:leave": "POST",
    "communities:moderate": "POST",
    "communities:pin": "POST",
    "communities:project_advance": "POST",
    "communities:reply": "POST",
    "communities:report_post": "POST",
    "consultations:close": "POST",
    "consultations:unpublish": "POST",
    "networks:news_delete": "POST",
    "lessonstudy:lesson_create": "POST",
    "lessonstudy:expert_comments": "POST",
    "events:publish": "POST",
    "events:withdraw": "POST",
    "events:take_seat": "POST",
    "lessonstudy:report_submit": "POST",
    "lessonstudy:interview_delete": "POST",
    # The call for contributions, reviews and the programme (events.views_programme).
    "events:contribution_withdraw": "POST",
    "events:contribution_decide": "POST",
    "events:reviewer_assign": "POST",
    "events:session_place": "POST",
    "events:session_chair": "POST",
    "events:session_delete": "POST",
    "courses:activity_delete": "POST",
    # The library's collections and readers (views_collections, views_readers).
    "library:collection_delete": "POST",
    "library:collection_move": "POST",
    "library:collection_remove": "POST",
    "library:collection_add": "POST",
    "library:rate": "POST",
    "library:reader_comment": "POST",
    "library:comment_report": "POST",
    "library:comment_moderate": "POST",
    "courses:activity_move": "POST",
    "courses:archive": "POST",
    "courses:complete": "POST",
    "courses:completion_revoke": "POST",
    "courses:enrol": "POST",
    "courses:leave": "POST",
    "courses:module_delete": "POST",
    "courses:module_move": "POST",
    "courses:pack_request": "POST",
    "courses:post": "POST",
    "courses:post_report": "POST",
    "courses:progress_remind": "POST",
    "courses:publish": "POST",
    "courses:question_delete": "POST",
    "courses:quiz_start": "POST",
    "courses:reflection": "POST",
    # A textbook's structure and the writing of its lessons (textbooks.views_books, _writing).
    "textbooks:staff_add": "POST",
    "textbooks:staff_remove": "POST",
    "textbooks:unit_add": "POST",
    "textbooks:unit_move": "POST",
    "textbooks:lesson_add": "POST",
    "textbooks:lesson_move": "POST",
    "textbooks:task_remove": "POST",
    "textbooks:media_add": "POST",
    "textbooks:media_edit": "POST",
    "textbooks:media_remove": "POST",
    "library:attachment_add": "POST",
    "library:attachment_remove": "POST",
    "library:submit": "POST",
    "library:withdraw": "POST",
    "library:version_start": "POST",
    "library:comment": "POST",
    "library:summative_task_delete": "POST",
    "library:mark_sheet_delete": "POST",
    "textbooks:class_answer": "POST",
    "textbooks:session_close": "POST",
    # The project movement (textbooks.views_movements).
    "textbooks:movement_status": "POST",
    "textbooks:team_decide": "POST",
    "textbooks:entry_moderate": "POST",
}
# What a page needs in its query string to be more than a 404.
QUERIES = {"courses:activity_create": "?kind=page"}

# The expected answers, one token per column of ROLES. A form that refuses for a reason of the
# domain (not enrolled, nothing to leave) redirects back with the reason (302): an answer, not a
# refusal of access.
TABLE: dict[str, str] = {
    # What a pupil and her teacher use (textbooks.views_pupil): pupils have no account, so the
    # lesson, the class code's page, the pack and the print are public; the class session is
    # its teacher's (the graduate's) alone. An empty answer is refused as unreadable (400).
    "textbooks:lesson": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:class_join": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:class_answer": "400 400 400 400 400 400 400 400 400 400",
    "textbooks:session_create": "login 200 200 200 200 200 200 200 200 200",
    "textbooks:session": "login 404 404 404 404 404 404 404 404 200",
    "textbooks:session_close": "login 404 404 404 404 404 404 404 404 302",
    "textbooks:service_worker": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:media": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:media_captions": "404 404 404 404 404 404 404 404 404 404",
    "textbooks:unit_pack": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:unit_print": "200 200 200 200 200 200 200 200 200 200",
    # The project movement and the e-textbook's report (issue 15): the demo's published
    # movement, which the circle's facilitator coordinates and the region's methodologist
    # moderates; the graduate leads one of its teams. The administrator (a superuser) may do
    # everything; the published movement takes no more teams or entries from anyone else.
    # anon teach facil meth head admin trainer circle region grad
    "textbooks:report": "login 403 403 200 403 200 403 200 200 403",
    "textbooks:movements": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:movement_create": "login 403 403 200 403 200 403 200 200 403",
    "textbooks:movement": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:movement_edit": "login 403 403 403 403 200 403 200 403 403",
    "textbooks:movement_status": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:movement_staff": "login 403 403 403 403 200 403 200 403 403",
    "textbooks:team_apply": "login 403 403 403 403 200 403 403 403 403",
    "textbooks:team_decide": "login 403 403 403 403 302 403 302 302 403",
    "textbooks:entry_create": "login 403 403 403 403 200 403 403 403 403",
    "textbooks:entries": "login 403 403 403 403 200 403 200 200 403",
    "textbooks:entry": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:entry_edit": "login 403 403 403 403 200 403 403 403 403",
    "textbooks:entry_moderate": "login 403 403 403 403 302 403 302 302 403",
    "textbooks:entry_media": "404 404 404 404 404 404 404 404 404 404",
    "textbooks:collection": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:anthology": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/movements": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/movements/{movement}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/movements/{movement}/teams": "200 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/movements/{movement}/teams": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/movements/{movement}/teams/{team_id}/decision": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/movements/{movement}/entries": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/movements/{movement}/entries/{entry_id}": "200 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/movements/{movement}/teams/{team_id}/entries": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/movements/{movement}/entries/{entry_id}/decision": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/me/class-sessions": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/me/class-sessions/{session_id}": "401 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/networks/{slug}/journal/calls": "200 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/networks/{slug}/journal/submissions": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/journal/reviews/{review_id}": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/journal/reviews": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/journal/submissions": "401 200 200 200 200 200 200 200 200 200",
    # The demo journal's first manuscript is the Lesson Study group's report: the circle's
    # facilitator, who sent it, is its first author.
    "GET /api/v1/journal/submissions/{manuscript_id}": "401 404 404 404 404 404 404 200 404 404",
    "GET /api/v1/networks/{slug}/journal": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/networks/{slug}/journal/issues": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/networks/{slug}/journal/issues/{issue_year}/{issue_number}": "200 200 200 200 200 200 200 200 200 200",
    "journal:article": "200 200 200 200 200 200 200 200 200 200",
    "journal:article_version": "200 200 200 200 200 200 200 200 200 200",
    "journal:desk": "login 403 403 403 403 200 403 403 403 403",
    "journal:desk_issue": "login 403 403 403 403 200 403 403 403 403",
    "journal:desk_submission": "login 403 403 403 403 200 403 403 403 403",
    "journal:home": "200 200 200 200 200 200 200 200 200 200",
    "journal:issue": "200 200 200 200 200 200 200 200 200 200",
    "journal:issue_pdf": "200 200 200 200 200 200 200 200 200 200",
    "journal:review": "login 403 403 403 403 403 403 403 403 403",
    "journal:review_link": "404 404 404 404 404 404 404 404 404 404",
    "journal:settings": "login 403 403 403 403 200 403 403 403 403",
    "journal:submission": "login 404 404 404 404 404 404 200 404 404",
    "journal:submit": "login 200 200 200 200 200 200 200 200 200",
    # The e-textbooks (issue 15): the demo's Russian textbook, coordinated by the circle's
    # facilitator, moderated by the region's methodologist, reviewed by the trainer.
    "textbooks:list": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:textbook_new": "login 403 403 200 403 200 403 200 200 403",
    "textbooks:media_file": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:textbook": "200 200 200 200 200 200 200 200 200 200",
    "textbooks:textbook_edit": "login 403 403 403 403 200 403 200 403 403",
    "textbooks:staff_add": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:staff_remove": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:unit_add": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:unit_edit": "login 403 403 403 403 200 403 200 403 403",
    "textbooks:unit_move": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:lesson_add": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:lesson_plan": "login 403 403 403 403 200 403 200 403 403",
    "textbooks:lesson_move": "login 403 403 403 403 302 403 302 403 403",
    "textbooks:write": "login 403 403 403 403 200 403 200 403 200",
    "textbooks:guide": "login 403 403 403 403 403 403 403 403 403",
    "textbooks:task_new": "login 403 403 403 403 403 403 403 403 403",
    "textbooks:task_edit": "login 403 403 403 403 403 403 403 403 403",
    "textbooks:task_remove": "login 403 403 403 403 403 403 403 403 403",
    "textbooks:media_add": "login 403 403 403 403 403 403 403 403 403",
    "textbooks:media_edit": "login 403 403 403 403 403 403 403 403 403",
    "textbooks:media_remove": "login 403 403 403 403 403 403 403 403 403",
    "GET /api/v1/textbooks": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/textbooks/{book}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/textbooks/{book}/lessons/{lesson_id}": "200 200 200 200 200 200 200 200 200 200",
    # The library's authoring and review, asked about the demo's resources (the library's and
    # the e-textbook's lessons, whose textbook the region's methodologist moderates).
    "GET /api/v1/library/assignments": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/assignments/{expert_review_id}/checklist": "401 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/library/moderation": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/resources/{resource_id}/comments": "401 404 404 404 404 200 404 404 404 404",
    "GET /api/v1/library/resources/{resource_id}/draft": "401 403 403 403 403 404 403 403 403 403",
    "POST /api/v1/library/assignments/{expert_review_id}/review": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/library/resources": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/library/resources/{resource_id}/comments": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/library/resources/{resource_id}/submission": "401 403 403 403 403 404 403 403 403 403",
    "POST /api/v1/library/versions/{version_id}/assignments": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/library/versions/{version_id}/changes": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/library/resources/{resource_id}/draft": "401 422 422 422 422 422 422 422 422 422",
    "library:attachment_add": "login 403 403 403 403 404 403 403 403 403",
    "library:attachment_remove": "login 403 403 403 403 404 403 403 403 403",
    "library:comment": "login 403 403 403 403 404 403 403 403 403",
    "library:compare": "404 404 404 404 404 404 404 404 404 404",
    "library:download": "404 404 404 404 404 404 404 404 404 404",
    "library:edit": "login 403 403 403 403 404 403 403 403 403",
    "library:moderation": "login 403 403 403 403 200 403 403 200 403",
    "library:moderation_check": "login 403 403 403 403 404 403 403 404 403",
    "library:person": "200 200 200 200 200 200 200 200 200 200",
    "library:resource": "200 200 200 200 200 200 200 200 200 200",
    "library:resource_new": "login 200 200 200 200 200 200 200 200 200",
    "library:review": "login 403 403 403 403 404 404 403 403 403",
    "library:reviews": "login 403 403 403 403 200 200 403 403 403",
    "library:submit": "login 403 403 403 403 404 403 403 403 403",
    "library:version": "200 200 200 200 200 200 200 200 200 200",
    "library:version_start": "login 403 403 403 403 302 403 403 403 403",
    "library:withdraw": "login 403 403 403 403 404 403 403 403 403",
    # anon teach facil meth head admin trainer circle region grad
    "DELETE /api/v1/circles/{circle_id}/archive": "401 404 404 404 404 200 404 200 200 403",
    "DELETE /api/v1/circles/{circle_id}/membership": "401 404 404 404 404 404 404 400 404 200",
    "DELETE /api/v1/circles/{circle_id}/memberships/{user_id}": "401 404 404 404 404 200 404 200 200 403",
    "DELETE /api/v1/circles/{circle_id}/posts/{post_id}/hiding": "401 404 404 404 404 200 404 200 200 403",
    "DELETE /api/v1/circles/{circle_id}/threads/{thread_id}/pin": "401 404 404 404 404 200 404 200 200 403",
    "DELETE /api/v1/consultations/{question_id}/publication": "401 404 404 404 404 200 404 404 200 404",
    "DELETE /api/v1/courses/{course_id}/enrollment": "401 404 404 404 404 404 404 200 404 200",
    "DELETE /api/v1/courses/{course_id}/posts/{post_id}/hiding": "401 403 403 403 403 200 200 403 403 403",
    "DELETE /api/v1/networks/{slug}/news/{news_id}": "401 403 403 403 403 204 403 204 204 403",
    "DELETE /api/v1/networks/{slug}/schools/{school_id}": "401 403 403 403 403 204 403 204 204 403",
    "DELETE /api/v1/projects/{project_id}/{kind}/{item_id}": "401 404 404 404 404 200 404 403 403 403",
    "GET /api/v1/audit": "401 403 403 403 403 200 403 403 403 403",
    "GET /api/v1/certificates": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/certificates/verify/{code}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/certificates/{code}/pdf": "401 404 404 404 404 200 404 404 404 200",
    "GET /api/v1/circles": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/circles/{circle_id}": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/meetings": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/meetings/{meeting_id}": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/meetings/{meeting_id}/attendance": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/memberships": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/projects": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/reports": "401 404 404 404 404 200 404 200 200 403",
    "GET /api/v1/circles/{circle_id}/threads": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/circles/{circle_id}/threads/{thread_id}/posts": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/consultations/answered": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/consultations/mine": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/consultations/queue": "401 403 403 200 403 200 403 403 200 403",
    "GET /api/v1/consultations/{question_id}": "401 404 404 404 404 200 404 404 200 404",
    "GET /api/v1/courses": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/courses/{course_id}": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/courses/{course_id}/activities/{activity_id}/attempts": "401 403 403 403 403 403 403 200 403 200",
    "GET /api/v1/courses/{course_id}/activities/{activity_id}/posts": "401 403 403 403 403 200 200 200 403 200",
    "GET /api/v1/courses/{course_id}/activities/{activity_id}/reflection": "401 403 403 403 403 403 403 200 403 200",
    "GET /api/v1/courses/{course_id}/attempts/{attempt_id}": "401 404 404 404 404 404 404 404 404 200",
    "GET /api/v1/courses/{course_id}/cohorts": "401 403 403 200 403 200 200 403 200 403",
    "GET /api/v1/courses/{course_id}/cohorts/{cohort_id}": "401 403 403 200 403 200 200 403 200 403",
    "GET /api/v1/courses/{course_id}/progress": "401 403 403 200 200 200 200 200 200 403",
    "GET /api/v1/courses/{course_id}/reflections/{submission_id}/file": "401 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/courses/{course_id}/report": "401 403 403 200 200 200 200 200 200 403",
    "GET /api/v1/courses/{course_id}/self-assessment": "401 403 403 403 403 403 403 200 403 200",
    "GET /api/v1/jobs": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/jobs/{job_id}": "401 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/me": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/me/waiting": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/lesson-study/associations/{slug}/groups": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/lesson-study/cycles": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/lesson-study/cycles/{cycle_id}": "401 404 404 404 404 404 200 200 404 404",
    "GET /api/v1/lesson-study/cycles/{cycle_id}/report": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/lesson-study/groups/{group_id}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/lesson-study/groups/{group_id}/cycles": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/lesson-study/lessons/{lesson_id}": "401 404 404 404 404 404 200 200 404 404",
    "GET /api/v1/lesson-study/lessons/{lesson_id}/notes": "401 404 404 404 404 404 200 200 404 404",
    "GET /api/v1/networks": "200 200 200 200 200 200 200 200 200 200",
    # The library's catalogue, report and read API (issue 14). The demo has no resource yet:
    # a resource's operations answer 404 to everyone until it has one.
    "library:catalogue": "200 200 200 200 200 200 200 200 200 200",
    "library:report": "login 403 403 200 403 200 403 403 200 403",
    "GET /api/v1/library/resources": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/resources/{resource_id}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/resources/{resource_id}/versions": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/resources/{resource_id}/versions/{version_number}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/networks/{slug}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/networks/{slug}/news": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/networks/{slug}/news/{news_id}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/networks/{slug}/schools": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/projects": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/projects/followed": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/projects/{project_id}": "401 404 404 404 404 200 404 200 200 200",
    "GET /api/v1/regions": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/regions/{code}/districts": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/schools": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/schools/{school_id}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/showcase": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/showcase/{project_id}": "401 200 200 200 200 200 200 200 200 200",
    "PATCH /api/v1/circles/{circle_id}": "401 404 404 404 404 200 404 200 200 403",
    "PATCH /api/v1/circles/{circle_id}/membership": "401 422 422 422 422 422 422 422 422 422",
    "PATCH /api/v1/circles/{circle_id}/memberships/{user_id}": "401 422 422 422 422 422 422 422 422 422",
    "PATCH /api/v1/circles/{circle_id}/posts/{post_id}": "401 422 422 422 422 422 422 422 422 422",
    "PATCH /api/v1/courses/{course_id}/posts/{post_id}": "401 422 422 422 422 422 422 422 422 422",
    "PATCH /api/v1/networks/{slug}/news/{news_id}": "401 403 403 403 403 200 403 200 200 403",
    "PATCH /api/v1/projects/{project_id}": "401 404 404 404 404 200 404 403 403 403",
    "POST /api/v1/circles": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/circles/{circle_id}/invitations": "401 404 404 404 404 400 404 400 400 403",
    "POST /api/v1/circles/{circle_id}/meetings": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/circles/{circle_id}/meetings/{meeting_id}/cancellation": "401 404 404 404 404 200 404 200 200 403",
    "POST /api/v1/circles/{circle_id}/membership": "401 404 404 404 404 200 404 200 200 200",
    "POST /api/v1/circles/{circle_id}/memberships/{user_id}/decision": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/circles/{circle_id}/posts/{post_id}/hiding": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/circles/{circle_id}/posts/{post_id}/reports": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/circles/{circle_id}/posts/{post_id}/reports/dismissal": "401 404 404 404 404 200 404 200 200 403",
    "POST /api/v1/circles/{circle_id}/threads": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/circles/{circle_id}/threads/{thread_id}/posts": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/consultations": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/consultations/{question_id}/answers": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/activities/{activity_id}/attempts": "401 403 403 403 403 403 403 400 403 201",
    "POST /api/v1/courses/{course_id}/activities/{activity_id}/completion": "401 403 403 403 403 403 403 400 403 200",
    "POST /api/v1/courses/{course_id}/activities/{activity_id}/posts": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/activities/{activity_id}/reflection": "401 403 403 403 403 403 403 400 403 400",
    "POST /api/v1/courses/{course_id}/attempts/{attempt_id}/submission": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/cohorts": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/cohorts/{cohort_id}/facilitators": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/enrollment": "401 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/courses/{course_id}/enrolments/criteria": "401 403 403 202 403 202 202 403 202 403",
    "POST /api/v1/courses/{course_id}/enrolments/file": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/posts/{post_id}/hiding": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/posts/{post_id}/reports": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/courses/{course_id}/posts/{post_id}/reports/dismissal": "401 403 403 403 403 200 200 403 403 403",
    "POST /api/v1/courses/{course_id}/reminders": "401 403 403 200 200 200 200 200 200 403",
    "POST /api/v1/courses/{course_id}/self-assessment/{phase}": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/imports/schools": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/imports/teachers": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/lesson-study/lessons/{lesson_id}/notes": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/networks/{slug}/news": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/networks/{slug}/schools": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects/{project_id}/advance": "401 404 404 404 404 200 404 403 403 403",
    "POST /api/v1/projects/{project_id}/assessment": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects/{project_id}/comments": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects/{project_id}/consultations": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects/{project_id}/evidence": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects/{project_id}/log": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/projects/{project_id}/submission": "401 404 404 404 404 200 404 403 403 403",
    "PUT /api/v1/circles/{circle_id}/archive": "401 404 404 404 404 200 404 200 200 403",
    "PUT /api/v1/circles/{circle_id}/meetings/{meeting_id}": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/circles/{circle_id}/meetings/{meeting_id}/attendance": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/circles/{circle_id}/meetings/{meeting_id}/notes": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/circles/{circle_id}/threads/{thread_id}/pin": "401 404 404 404 404 200 404 200 200 403",
    "PUT /api/v1/consultations/{question_id}/publication": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/courses/{course_id}/cohorts/{cohort_id}": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/projects/{project_id}/stages/{stage}": "401 422 422 422 422 422 422 422 422 422",
    "^api/v1/(?P<rest>.*)$": "404 404 404 404 404 404 404 404 404 404",
    "account_change_password": "login 200 200 200 200 200 200 200 200 200",
    "account_confirm_email": "200 200 200 200 200 200 200 200 200 200",
    "account_confirm_login_code": "302 302 302 302 302 302 302 302 302 302",
    "account_confirm_reauthentication_code": "login 302 302 302 302 302 302 302 302 302",
    "account_email": "login 200 200 200 200 200 200 200 200 200",
    "account_email_verification_sent": "200 200 200 200 200 200 200 200 200 200",
    "account_inactive": "200 200 200 200 200 200 200 200 200 200",
    "account_login": "200 302 302 302 302 302 302 302 302 302",
    "account_logout": "302 200 200 200 200 200 200 200 200 200",
    "account_reauthenticate": "login 200 200 200 200 200 200 200 200 200",
    "account_request_login_code": "200 302 302 302 302 302 302 302 302 302",
    "account_request_reauthentication_code": "login 200 200 200 200 200 200 200 200 200",
    "account_reset_password": "200 200 200 200 200 200 200 200 200 200",
    "account_reset_password_done": "200 200 200 200 200 200 200 200 200 200",
    "account_reset_password_from_key": "200 200 200 200 200 200 200 200 200 200",
    "account_reset_password_from_key_done": "200 200 200 200 200 200 200 200 200 200",
    "account_set_password": "login 302 302 302 302 302 302 302 302 302",
    "account_signup": "200 302 302 302 302 302 302 302 302 302",
    "accounts:account_delete": "login 200 200 200 200 200 200 200 200 200",
    "accounts:dashboard": "login 200 200 200 200 200 200 200 200 200",
    "accounts:import": "login 403 403 200 200 200 403 403 200 403",
    "accounts:invitation": "200 200 200 200 200 200 200 200 200 200",
    "accounts:people": "login 403 403 200 200 200 403 403 200 403",
    "accounts:person": "login 404 404 404 404 200 404 404 200 404",
    "accounts:profile": "login 200 200 200 200 200 200 200 200 200",
    "accounts:profile_school": "login 200 200 200 200 200 200 200 200 200",
    "accounts:role_revoke": "login 403 403 403 403 302 403 403 403 403",
    "accounts:settings": "login 200 200 200 200 200 200 200 200 200",
    "accounts:token_revoke": "login 404 404 404 404 302 404 404 404 404",
    "accounts:tokens": "login 200 200 200 200 200 200 200 200 200",
    "admin:*": "login login login login login 200 login login login login",
    "certificates:download": "login 404 404 404 404 200 404 404 404 200",
    "certificates:lookup": "200 200 200 200 200 200 200 200 200 200",
    "certificates:mine": "login 200 200 200 200 200 200 200 200 200",
    "certificates:revoke": "login 302 302 302 302 302 302 302 302 302",
    "certificates:verify": "200 200 200 200 200 200 200 200 200 200",
    "communities:attachment": "login 404 404 404 404 404 404 404 404 404",
    "communities:attendance": "login 404 404 404 404 302 404 302 302 403",
    "communities:circle": "login 404 404 404 404 200 404 200 200 200",
    "communities:circle_create": "login 403 200 200 200 200 403 200 200 403",
    "communities:circle_edit": "login 404 404 404 404 200 404 200 200 403",
    "communities:circle_projects": "login 404 404 404 404 200 404 200 200 200",
    "communities:circles": "login 200 200 200 200 200 200 200 200 200",
    "communities:evidence_file": "login 404 404 404 404 404 404 404 404 404",
    "communities:join": "login 404 404 404 404 302 404 302 302 302",
    "communities:leave": "login 302 302 302 302 302 302 302 302 302",
    "communities:meeting": "login 404 404 404 404 200 404 200 200 200",
    "communities:meeting_create": "login 404 404 404 404 200 404 200 200 403",
    "communities:meeting_edit": "login 404 404 404 404 200 404 200 200 403",
    "communities:meetings": "login 404 404 404 404 200 404 200 200 200",
    "communities:members": "login 404 404 404 404 200 404 200 200 200",
    "communities:moderate": "login 404 404 404 404 302 404 302 302 403",
    "communities:moderation": "login 404 404 404 404 200 404 200 200 403",
    "communities:notifications": "login 404 404 404 404 403 404 200 403 200",
    "communities:pin": "login 404 404 404 404 302 404 302 302 403",
    "communities:portfolio": "login 404 404 404 404 200 404 200 200 200",
    "communities:portfolio_pdf": "login 404 404 404 404 200 404 200 200 200",
    "communities:post_edit": "login 404 404 404 404 403 404 200 403 403",
    "communities:project": "login 404 404 404 404 200 404 200 200 200",
    "communities:project_advance": "login 404 404 404 404 302 404 403 403 403",
    "communities:project_assess": "login 404 404 404 404 200 404 403 403 403",
    "communities:project_create": "login 404 404 404 404 200 404 200 403 200",
    "communities:project_stage": "login 404 404 404 404 200 404 200 200 200",
    "communities:projects": "login 200 200 200 200 200 200 200 200 200",
    "communities:reply": "login 404 404 404 404 302 404 302 302 302",
    "communities:report": "login 403 403 200 200 200 403 403 200 403",
    "communities:report_post": "login 404 404 404 404 302 404 302 302 302",
    "communities:showcase": "login 200 200 200 200 200 200 200 200 200",
    "communities:showcase_entry": "login 200 200 200 200 200 200 200 200 200",
    "communities:thread": "login 404 404 404 404 200 404 200 200 200",
    "communities:thread_create": "login 404 404 404 404 200 404 200 200 200",
    "communities:threads": "login 404 404 404 404 200 404 200 200 200",
    "consultations:answer": "200 200 200 200 200 200 200 200 200 200",
    "consultations:answers": "200 200 200 200 200 200 200 200 200 200",
    "consultations:ask": "login 200 200 200 200 200 200 200 200 200",
    "consultations:close": "login 404 404 404 404 302 404 404 302 404",
    "consultations:mine": "login 200 200 200 200 200 200 200 200 200",
    "consultations:question": "login 404 404 404 404 200 404 404 200 404",
    "consultations:queue": "login 403 403 200 403 200 403 403 200 403",
    "consultations:unpublish": "login 404 404 404 404 302 404 404 302 404",
    "core:audit": "login 403 403 403 403 200 403 403 403 403",
    "core:home": "200 302 302 302 302 302 302 302 302 302",
    "core:job": "login 404 404 404 404 404 404 404 404 404",
    "core:jobs": "login 200 200 200 200 200 200 200 200 200",
    "course_media": "404 404 404 404 404 404 404 404 404 404",
    "courses:activity": "302 302 302 302 302 200 200 302 302 200",
    "courses:activity_create": "login 403 403 403 403 200 200 403 403 403",
    "courses:activity_delete": "login 403 403 403 403 302 302 403 403 403",
    "courses:activity_edit": "login 403 403 403 403 200 200 403 403 403",
    "courses:activity_move": "login 403 403 403 403 302 302 403 403 403",
    "courses:archive": "login 403 403 403 403 302 302 403 403 403",
    "courses:assessment": "login 403 403 403 403 200 200 403 403 403",
    "courses:attachment": "login 403 403 403 403 404 404 404 403 404",
    "courses:attempt": "login 404 404 404 404 404 404 404 404 200",
    "courses:catalogue": "200 200 200 200 200 200 200 200 200 200",
    "courses:cohort": "login 403 403 200 403 200 200 403 200 403",
    "courses:cohorts": "login 403 403 200 403 200 200 403 200 403",
    "courses:complete": "login 302 302 302 302 302 302 302 302 302",
    "courses:completion_revoke": "login 403 403 302 403 302 302 403 302 403",
    "courses:completions": "login 403 403 200 403 200 200 403 200 403",
    "courses:course": "200 200 200 200 200 200 200 200 200 200",
    "courses:create": "login 403 403 403 403 200 200 403 403 403",
    "courses:edit": "login 403 403 403 403 200 200 403 403 403",
    "courses:enrol": "login 302 302 302 302 302 302 302 302 302",
    "courses:enrolment": "login 403 403 200 403 200 200 403 200 403",
    "courses:handout": "login 403 403 403 403 200 200 302 403 200",
    "courses:leave": "login 404 404 404 404 404 404 302 404 302",
    "courses:mine": "login 403 403 403 403 200 200 403 403 403",
    "courses:moderate": "login 405 405 405 405 405 405 405 405 405",
    "courses:moderation": "login 403 403 403 403 200 200 403 403 403",
    "courses:module_create": "login 403 403 403 403 200 200 403 403 403",
    "courses:module_delete": "login 403 403 403 403 302 302 403 403 403",
    "courses:module_edit": "login 403 403 403 403 200 200 403 403 403",
    "courses:module_move": "login 403 403 403 403 302 302 403 403 403",
    "courses:pack": "login 404 404 404 404 404 404 404 404 404",
    "courses:pack_request": "login 403 403 403 403 302 302 302 403 302",
    "courses:post": "login 302 302 302 302 302 302 302 302 302",
    "courses:post_edit": "login 403 403 403 403 403 403 403 403 200",
    "courses:post_report": "login 403 403 403 403 302 302 302 403 302",
    "courses:progress": "login 403 403 200 200 200 200 200 200 403",
    "courses:progress_remind": "login 403 403 302 302 302 302 302 302 403",
    "courses:publish": "login 403 403 403 403 302 302 403 403 403",
    "courses:question_create": "login 403 403 403 403 200 200 403 403 403",
    "courses:question_delete": "login 403 403 403 403 302 302 403 403 403",
    "courses:question_edit": "login 403 403 403 403 200 200 403 403 403",
    "courses:quiz_start": "login 302 302 302 302 302 302 302 302 302",
    "courses:reflection": "login 302 302 302 302 302 302 302 302 302",
    "courses:reflection_file": "login 404 404 404 404 404 404 404 404 404",
    "courses:report": "login 403 403 200 200 200 200 200 200 403",
    "courses:review": "login 403 403 403 403 200 200 200 403 403",
    "courses:reviews": "login 403 403 403 403 200 200 200 403 403",
    "courses:self_assessment": "login 403 403 403 403 403 403 200 403 200",
    "courses:trainers": "login 403 403 403 403 200 200 403 403 403",
    "healthz": "200 200 200 200 200 200 200 200 200 200",
    # The library: collections, ratings, readers' comments.
    "GET /api/v1/library/collections": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/collections/mine": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/collections/{collection_id}": "200 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/library/collections": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/library/collections/{collection_id}/items": "401 422 422 422 422 422 422 422 422 422",
    "DELETE /api/v1/library/collections/{collection_id}/items/{resource_id}": "401 403 403 403 403 200 403 403 403 403",
    "PUT /api/v1/library/collections/{collection_id}/order": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/library/resources/{resource_id}/rating": "401 422 422 422 422 422 422 422 422 422",
    "library:collections": "200 200 200 200 200 200 200 200 200 200",
    "library:collection_create": "login 200 200 200 200 200 200 200 200 200",
    "library:collection": "200 200 200 200 200 200 200 200 200 200",
    "library:collection_edit": "login 403 403 403 403 200 403 403 403 403",
    "library:collection_delete": "login 403 403 403 403 302 403 403 403 403",
    "library:collection_move": "login 403 403 403 403 302 403 403 403 403",
    "library:collection_remove": "login 403 403 403 403 302 403 403 403 403",
    "library:collection_zip": "200 200 200 200 200 200 200 200 200 200",
    "library:collection_pdf": "200 200 200 200 200 200 200 200 200 200",
    "library:collection_add": "login 302 302 302 302 302 302 302 302 302",
    "library:rate": "login 302 302 302 302 302 302 302 302 302",
    "library:reader_comment": "login 302 302 302 302 302 302 302 302 302",
    "library:comment_report": "login 302 302 302 302 302 302 302 302 302",
    "library:comment_edit": "login 403 403 403 403 403 403 403 403 403",
    "library:comment_moderate": "login 403 403 403 403 302 403 403 403 403",
    "library:comment_file": "404 404 404 404 404 404 404 404 404 404",
    "library:comments_moderation": "login 403 403 403 403 200 403 403 403 403",
    "lessonstudy:report": "login 403 403 200 403 200 403 200 200 403",
    "lessonstudy:observe": "login 404 404 404 404 404 200 200 404 404",
    "lessonstudy:compare": "login 404 404 404 404 404 200 200 404 404",
    "lessonstudy:cycle": "login 404 404 404 404 404 200 200 404 404",
    "lessonstudy:cycle_create": "login 404 404 404 404 404 403 200 404 404",
    "lessonstudy:discussion": "login 404 404 404 404 404 200 200 404 404",
    "lessonstudy:expert_comments": "login 404 404 404 404 404 302 403 404 404",
    "lessonstudy:focus": "login 404 404 404 404 404 403 200 404 404",
    "lessonstudy:group": "login 404 404 404 404 404 200 200 404 404",
    "lessonstudy:group_create": "login 403 403 403 403 200 403 200 200 403",
    "lessonstudy:group_expert": "login 404 404 404 404 404 403 200 404 404",
    "lessonstudy:interviews": "login 404 404 404 404 404 200 200 404 404",
    # The report is published: the facilitator is sent back with the reason; the knowledgeable
    # other did not note it and is no facilitator.
    "lessonstudy:interview_edit": "login 404 404 404 404 404 403 302 404 404",
    "lessonstudy:interview_delete": "login 404 404 404 404 404 403 302 404 404",
    "lessonstudy:lesson": "login 404 404 404 404 404 200 200 404 404",
    "lessonstudy:lesson_create": "login 404 404 404 404 404 403 302 404 404",
    "lessonstudy:plan": "login 404 404 404 404 404 403 200 404 404",
    "lessonstudy:pupils": "login 404 404 404 404 404 403 200 404 404",
    "lessonstudy:cycle_report": "200 200 200 200 200 200 200 200 200 200",
    "lessonstudy:report_edit": "login 404 404 404 404 404 403 200 404 404",
    "lessonstudy:report_submit": "login 403 403 403 403 403 403 302 403 403",
    "lessonstudy:cycle_report_pdf": "200 200 200 200 200 200 200 200 200 200",
    "events:calendar": "200 200 200 200 200 200 200 200 200 200",
    "events:feed": "200 200 200 200 200 200 200 200 200 200",
    "events:create": "login 403 403 200 200 200 200 200 200 403",
    "events:event": "200 200 200 200 200 200 200 200 200 200",
    "events:ics": "200 200 200 200 200 200 200 200 200 200",
    "events:edit": "login 403 403 403 403 200 403 200 200 403",
    "events:questions": "login 403 403 403 403 200 403 200 200 403",
    "events:publish": "login 403 403 403 403 302 403 302 302 403",
    "events:cancel": "login 403 403 403 403 200 403 200 200 403",
    "events:staff": "login 403 403 403 403 200 403 200 200 403",
    "events:register": "login 200 200 200 200 200 200 200 200 302",
    "events:withdraw": "login 302 302 302 302 302 302 302 302 302",
    "events:take_seat": "login 302 302 302 302 302 302 302 302 302",
    "events_join": "302 302 302 302 302 302 302 302 302 302",
    # Attendance, after the event, teams and statistics (events.views_attendance): the route
    # event is a seminar (no teams: 404), the graduate registered and not yet attending.
    "events:my_code": "login 302 302 302 302 302 302 302 302 200",
    "events:checkin": "login 403 403 403 403 200 403 200 200 403",
    "events:attendance": "login 403 403 403 403 200 403 200 200 403",
    "events:attendance_import": "login 403 403 403 403 200 403 200 200 403",
    "events:materials": "200 200 200 200 200 200 200 200 200 200",
    "events:feedback": "login 403 403 403 403 200 403 200 200 403",
    "events:outcome": "login 403 403 403 403 200 403 200 200 403",
    "events:certificates": "login 403 403 403 403 200 403 200 200 403",
    "events:teams": "404 404 404 404 404 404 404 404 404 404",
    "events:statistics": "login 403 403 403 403 200 403 200 200 403",
    "events:statistics_csv": "login 403 403 403 403 200 403 200 200 403",
    "events:statistics_xlsx": "login 403 403 403 403 200 403 200 200 403",
    "POST /api/v1/events/{slug}/check-in": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/events/{slug}/attendance": "401 403 403 403 403 200 403 200 200 403",
    "POST /api/v1/events/{slug}/attendance/import": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/events/{slug}/attendance/import/confirm": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/events/{slug}/statistics": "401 403 403 403 403 200 403 200 200 403",
    "GET /api/v1/events/{slug}/teams": "401 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/events/{slug}/teams": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/events/{slug}/feedback": "401 404 404 404 404 404 404 404 404 404",
    "PUT /api/v1/events/{slug}/feedback": "401 422 422 422 422 422 422 422 422 422",
    # The tick list (the graduate's registration), team decisions and materials (evdemo).
    "GET /api/v1/events/{slug}/attendance/ticks": "401 403 403 403 403 200 403 200 200 403",
    "PUT /api/v1/events/{slug}/attendance/ticks/{registration_id}": "401 403 403 403 403 200 403 200 200 403",
    "DELETE /api/v1/events/{slug}/attendance/ticks/{registration_id}": "401 403 403 403 403 200 403 200 200 403",
    "POST /api/v1/events/{slug}/teams/{team_id}/decision": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/events/{slug}/teams/{team_id}/result": "401 422 422 422 422 422 422 422 422 422",
    "GET /api/v1/events/{slug}/materials": "200 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/events/{slug}/materials": "401 422 422 422 422 422 422 422 422 422",
    "DELETE /api/v1/events/{slug}/materials/{material_id}": "401 404 404 404 404 404 404 404 404 404",
    "networks:association": "200 200 200 200 200 200 200 200 200 200",
    "networks:create": "login 403 403 200 403 200 403 403 200 403",
    "networks:directory": "200 200 200 200 200 200 200 200 200 200",
    "networks:edit": "login 403 403 403 403 200 403 200 200 403",
    "networks:news": "200 200 200 200 200 200 200 200 200 200",
    "networks:news_create": "login 403 403 403 403 200 403 200 200 403",
    "networks:news_delete": "login 403 403 403 403 302 403 302 302 403",
    "networks:news_edit": "login 403 403 403 403 200 403 200 200 403",
    "networks:people": "login 403 403 403 403 200 403 200 200 403",
    "networks:schools": "login 403 403 403 403 200 403 200 200 403",
    "schools:create": "login 403 403 200 403 200 403 403 200 403",
    "schools:detail": "200 200 200 200 200 200 200 200 200 200",
    "schools:directory": "200 200 200 200 200 200 200 200 200 200",
    "schools:import": "login 403 403 200 403 200 403 403 200 403",
    "schools:update": "login 403 403 403 403 200 403 403 200 403",
    # The call for contributions, reviews, the programme and the events API (evprog).
    "DELETE /api/v1/events/{slug}/registration": "401 404 404 404 404 404 404 404 404 200",
    "GET /api/v1/events": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/events/{slug}": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/events/{slug}/contributions": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/events/{slug}/contributions/{contribution_id}": "401 404 404 404 404 200 200 200 200 200",
    "GET /api/v1/events/{slug}/sessions": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/events/{slug}/waiting-list": "401 403 403 403 403 200 403 200 200 403",
    "GET /api/v1/me/event-registrations": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/me/reviews": "401 200 200 200 200 200 200 200 200 200",
    "POST /api/v1/events/{slug}/contributions": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/events/{slug}/contributions/{contribution_id}/decision": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/events/{slug}/contributions/{contribution_id}/reviewers": "401 422 422 422 422 422 422 422 422 422",
    "POST /api/v1/events/{slug}/contributions/{contribution_id}/withdrawal": "401 404 404 404 404 403 403 403 403 200",
    "POST /api/v1/events/{slug}/registration": "401 201 201 201 201 201 201 201 201 200",
    "POST /api/v1/events/{slug}/registration/seat": "401 404 404 404 404 404 404 404 404 200",
    "PUT /api/v1/events/{slug}/contributions/{contribution_id}": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/me/reviews/{review_id}": "401 422 422 422 422 422 422 422 422 422",
    "events:abstracts_pdf": "200 200 200 200 200 200 200 200 200 200",
    "events:call": "login 403 403 403 403 200 403 200 200 403",
    "events:contribution": "login 404 404 404 404 200 200 200 200 200",
    "events:contribution_decide": "login 403 403 403 403 302 403 302 302 403",
    "events:contribution_edit": "login 404 404 404 404 403 403 403 403 200",
    "events:contribution_withdraw": "login 404 404 404 404 403 403 403 403 302",
    "events:contributions": "login 403 403 403 403 200 403 200 200 403",
    "events:programme": "200 200 200 200 200 200 200 200 200 200",
    "events:programme_pdf": "200 200 200 200 200 200 200 200 200 200",
    "events:review": "login 404 404 404 404 404 200 404 404 404",
    "events:reviewer_assign": "login 403 403 403 403 302 403 302 302 403",
    "events:reviews": "login 200 200 200 200 200 200 200 200 200",
    "events:session_chair": "login 403 403 403 403 302 403 302 302 403",
    "events:session_delete": "login 403 403 403 403 302 403 302 302 403",
    "events:session_place": "login 403 403 403 403 302 403 302 302 403",
    "events:sessions": "login 403 403 403 403 200 403 200 200 403",
    "events:submit": "login 200 200 200 200 200 200 200 200 200",
    # The library's summative tasks and mark sheets (issue 14): the trainer's draft (tasks, its
    # check) and her published task with her mark sheet. A published version's tasks no longer
    # change, a sheet is its owner's alone, the rules for marks are the administrators'.
    "DELETE /api/v1/library/mark-sheets/{sheet_id}": "401 404 404 404 404 404 204 404 404 404",
    "GET /api/v1/library/mark-rules": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/mark-sheets": "401 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/mark-sheets/{sheet_id}": "401 404 404 404 404 404 200 404 404 404",
    "GET /api/v1/library/resources/{resource_id}/versions/{version_number}/summative": "200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/library/resources/{resource_id}/versions/{version_number}/summative/problems": "401 404 404 404 404 404 200 404 404 404",
    "POST /api/v1/library/mark-sheets": "401 422 422 422 422 422 422 422 422 422",
    "PUT /api/v1/library/mark-sheets/{sheet_id}/points": "401 422 422 422 422 422 422 422 422 422",
    "library:mark_rules": "login 403 403 403 403 200 403 403 403 403",
    "library:mark_sheet": "login 404 404 404 404 404 200 404 404 404",
    "library:mark_sheet_create": "login 200 200 200 200 200 200 200 200 200",
    "library:mark_sheet_csv": "login 404 404 404 404 404 200 404 404 404",
    "library:mark_sheet_delete": "login 404 404 404 404 404 302 404 404 404",
    "library:mark_sheet_edit": "login 404 404 404 404 404 200 404 404 404",
    "library:mark_sheet_pdf": "login 404 404 404 404 404 200 404 404 404",
    "library:mark_sheet_xlsx": "login 404 404 404 404 404 200 404 404 404",
    "library:mark_sheets": "login 200 200 200 200 200 200 200 200 200",
    "library:summative_pupils_pdf": "200 200 200 200 200 200 200 200 200 200",
    "library:summative_task_add": "login 404 404 404 404 404 200 404 404 404",
    "library:summative_task_delete": "login 404 404 404 404 404 302 404 404 404",
    "library:summative_task_edit": "login 404 404 404 404 404 200 404 404 404",
    "library:summative_tasks": "login 404 404 404 404 404 200 404 404 404",
    "library:summative_teacher_pdf": "200 200 200 200 200 200 200 200 200 200",
}
