"""``GET /api/v1/me/waiting``: what waits for the caller, as her own page shows it."""

import datetime
from collections.abc import Callable

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.communities.queries.waiting import circles_waiting
from ortaq.consultations.queries import open_count
from ortaq.core.roles import Role, holds_anywhere
from ortaq.courses.queries import returned_to, waiting_for
from ortaq.events.contributions import work_waiting as event_work_waiting
from ortaq.events.queries import my_events
from ortaq.journal.queries import pending_reviews, undecided
from ortaq.lessonstudy.models import ResearchLesson
from ortaq.lessonstudy.queries.cycles import waiting_for as lesson_study_waiting_for
from ortaq.library.models import Assignment, Version
from ortaq.library.queries_review import waiting_for as library_waiting_for
from ortaq.textbooks.models import Entry
from ortaq.textbooks.queries import waiting_for as textbooks_waiting_for
from ortaq.textbooks.queries_movements import waiting_for as movement_waiting_for

router = Router(tags=["me"])


class CourseWorkOut(Schema):
    course_id: int
    title: str
    reflections_to_review: int = Field(description="Reflections waiting for her review.")
    reported_posts: int = Field(description="Reported posts waiting for her moderation.")


class ReturnedOut(Schema):
    course_id: int
    activity_id: int
    title: str


class PortfolioOut(Schema):
    project_id: int
    title: str
    owner: str


class JoinRequestsOut(Schema):
    circle_id: int
    name: str
    people: int


class ReviewWaitingOut(Schema):
    review_id: int
    association: str
    title: str
    expires_at: datetime.datetime


class ManuscriptWaitingOut(Schema):
    manuscript_id: int
    association: str
    title: str
    status: str


class ResearchLessonOut(Schema):
    cycle_id: int
    lesson_number: int
    cycle_title: str

    @classmethod
    def of(cls, lesson: ResearchLesson) -> "ResearchLessonOut":
        return cls(
            cycle_id=lesson.cycle_id, lesson_number=lesson.number, cycle_title=lesson.cycle.title
        )


class SeatOfferOut(Schema):
    event: str = Field(description="The event's address (its slug).")
    title: str
    expires_at: datetime.datetime


class ContributionWaitingOut(Schema):
    event: str = Field(description="The event's address (its slug).")
    contribution_id: int
    review_id: int | None = Field(None, description="Her review's id (a reviewer's).")
    title: str


class EventTeamWaitingOut(Schema):
    event: str = Field(description="The event's address (its slug).")
    team_id: int
    team: str
    school: str


class LibraryWorkOut(Schema):
    resource_id: int
    version_id: int
    assignment_id: int | None = Field(None, description="Her review's id (an expert's).")
    title: str

    @classmethod
    def of(cls, version: Version, assignment: Assignment | None = None) -> "LibraryWorkOut":
        return cls(
            resource_id=version.resource_id,
            version_id=version.pk,
            assignment_id=assignment.pk if assignment is not None else None,
            title=version.title,
        )


class MovementEntryWaitingOut(Schema):
    movement: str = Field(description="The movement's address (its slug).")
    entry_id: int
    title: str
    team: str

    @classmethod
    def of(cls, entry: Entry) -> "MovementEntryWaitingOut":
        return cls(
            movement=entry.movement.slug, entry_id=entry.pk, title=entry.title, team=entry.team.name
        )


class MovementTeamWaitingOut(Schema):
    movement: str = Field(description="The movement's address (its slug).")
    team_id: int
    team: str
    school: str


class LessonToWriteOut(Schema):
    textbook: str = Field(description="The textbook's address (its slug).")
    lesson_id: int
    title: str
    due_on: datetime.date | None
    started: bool = Field(description="Whether its content (a library resource) is started.")


class WaitingOut(Schema):
    courses: list[CourseWorkOut] = Field(description="Her review and moderation, by course.")
    returned_reflections: list[ReturnedOut] = Field(
        description="Her own reflections returned for changes, in the courses she is taking."
    )
    portfolios_to_assess: list[PortfolioOut]
    join_requests: list[JoinRequestsOut] = Field(description="In the circles she facilitates.")
    questions_waiting: int = Field(description="Questions of her places waiting for an answer.")
    reviews_to_write: list[ReviewWaitingOut] = Field(
        description="Journal reviews asked of her, not yet sent, their links not expired."
    )
    manuscripts_to_decide: list[ManuscriptWaitingOut] = Field(
        description="Manuscripts of the journals she edits, waiting for her decision."
    )
    seats_offered: list[SeatOfferOut] = Field(
        default_factory=list,
        description="Seats at events offered to her from the waiting list, to take before "
        "they pass on.",
    )
    contributions_to_review: list[ContributionWaitingOut] = Field(
        default_factory=list,
        description="Contributions to events whose review is asked of her, not yet written.",
    )
    contributions_to_decide: list[ContributionWaitingOut] = Field(
        default_factory=list,
        description="Contributions to the events she runs, waiting for reviewers and a decision.",
    )
    event_teams_to_decide: list[EventTeamWaitingOut] = Field(
        default_factory=list,
        description="School teams that applied to the events she runs, waiting for her decision.",
    )
    lessons_to_discuss: list[ResearchLessonOut] = Field(
        default_factory=list,
        description="Research lessons of the Lesson Study groups she facilitates, taught or "
        "observed, whose post-lesson discussion is not recorded yet.",
    )
    discussions_to_comment: list[ResearchLessonOut] = Field(
        default_factory=list,
        description="Post-lesson discussions waiting for her comments as a group's "
        "knowledgeable other.",
    )
    library_to_check: list[LibraryWorkOut] = Field(
        default_factory=list,
        description="Library resources submitted in the places she moderates, to check.",
    )
    library_to_review: list[LibraryWorkOut] = Field(
        default_factory=list, description="Library reviews asked of her, not yet sent."
    )
    library_to_change: list[LibraryWorkOut] = Field(
        default_factory=list,
        description="Her library resources returned to her for changes.",
    )
    movement_entries_to_check: list[MovementEntryWaitingOut] = Field(
        default_factory=list,
        description="Entries submitted to the project movements she moderates.",
    )
    movement_entries_to_change: list[MovementEntryWaitingOut] = Field(
        default_factory=list,
        description="Her teams' movement entries with changes requested.",
    )
    movement_teams_to_decide: list[MovementTeamWaitingOut] = Field(
        default_factory=list,
        description="School teams' applications to the project movements she is staff of, "
        "waiting for her decision.",
    )
    lessons_to_write: list[LessonToWriteOut] = Field(
        default_factory=list,
        description="Textbook lessons commissioned from her (or her school), not yet sent "
        "for review.",
    )


# What waits for her, app by app: each feed gives its fields of ``WaitingOut``, so that an app
# joins the list with one function and its rows' schema.
Feed = Callable[[User], dict[str, object]]


def _courses(user: User) -> dict[str, object]:
    return {
        "courses": [
            CourseWorkOut(
                course_id=w.course.pk,
                title=w.course.title,
                reflections_to_review=w.reflections or 0,
                reported_posts=w.reports or 0,
            )
            for w in waiting_for(user=user)
        ],
        "returned_reflections": [
            ReturnedOut(
                course_id=r.activity.module.course_id,
                activity_id=r.activity_id,
                title=r.activity.title,
            )
            for r in returned_to(user=user)
        ],
    }


def _circles(user: User) -> dict[str, object]:
    circles = circles_waiting(user=user)
    return {
        "portfolios_to_assess": [
            PortfolioOut(project_id=p.pk, title=p.title, owner=p.owner.get_full_name())
            for p in circles.portfolios
        ],
        "join_requests": [
            JoinRequestsOut(circle_id=c.pk, name=c.name, people=n) for c, n in circles.requests
        ],
    }


def _questions(user: User) -> dict[str, object]:
    answers = holds_anywhere(user, [Role.COORDINATOR, Role.ADMIN])
    return {"questions_waiting": open_count(user=user) if answers else 0}


def _journal(user: User) -> dict[str, object]:
    return {
        "reviews_to_write": [
            ReviewWaitingOut(
                review_id=r.pk,
                association=r.submission.journal.association.slug,
                title=r.submission.title,
                expires_at=r.expires_at,
            )
            for r in pending_reviews(user)
        ],
        "manuscripts_to_decide": [
            ManuscriptWaitingOut(
                manuscript_id=s.pk,
                association=s.journal.association.slug,
                title=s.title,
                status=s.status,
            )
            for s in undecided(user)
        ],
    }


def _events(user: User) -> dict[str, object]:
    work = event_work_waiting(user)
    return {
        "seats_offered": [
            SeatOfferOut(event=r.event.slug, title=r.event.title, expires_at=r.offer_expires_at)
            for r in my_events(user=user).offers
            if r.offer_expires_at is not None
        ],
        "contributions_to_review": [
            ContributionWaitingOut(
                event=a.contribution.event.slug,
                contribution_id=a.contribution_id,
                review_id=a.pk,
                title=a.contribution.title,
            )
            for a in work.to_review
        ],
        "contributions_to_decide": [
            ContributionWaitingOut(
                event=c.event.slug, contribution_id=c.pk, review_id=None, title=c.title
            )
            for c in work.to_decide
        ],
        "event_teams_to_decide": [
            EventTeamWaitingOut(event=t.event.slug, team_id=t.pk, team=t.name, school=t.school.name)
            for t in work.teams_to_decide
        ],
    }


def _lesson_study(user: User) -> dict[str, object]:
    found = lesson_study_waiting_for(user=user)
    return {
        "lessons_to_discuss": [ResearchLessonOut.of(x) for x in found.to_discuss],
        "discussions_to_comment": [ResearchLessonOut.of(x) for x in found.to_comment],
    }


def _library(user: User) -> dict[str, object]:
    found = library_waiting_for(user)
    return {
        "library_to_check": [LibraryWorkOut.of(v) for v in found.to_check],
        "library_to_review": [LibraryWorkOut.of(a.version, a) for a in found.to_review],
        "library_to_change": [LibraryWorkOut.of(v) for v in found.to_change],
    }


def _movements(user: User) -> dict[str, object]:
    found = movement_waiting_for(user=user)
    return {
        "movement_entries_to_check": [MovementEntryWaitingOut.of(e) for e in found.to_check],
        "movement_entries_to_change": [MovementEntryWaitingOut.of(e) for e in found.to_change],
        "movement_teams_to_decide": [
            MovementTeamWaitingOut(
                movement=t.movement.slug, team_id=t.pk, team=t.name, school=t.school.name
            )
            for t in found.teams_to_decide
        ],
    }


def _textbooks(user: User) -> dict[str, object]:
    return {
        "lessons_to_write": [
            LessonToWriteOut(
                textbook=w.textbook.slug,
                lesson_id=w.lesson.pk,
                title=w.lesson.title,
                due_on=w.due_on,
                started=w.started,
            )
            for w in textbooks_waiting_for(user)
        ]
    }


FEEDS: tuple[Feed, ...] = (
    _courses,
    _circles,
    _questions,
    _journal,
    _events,
    _lesson_study,
    _library,
    _movements,
    _textbooks,
)


@router.get("/me/waiting", response=WaitingOut, summary="What waits for the caller")
def waiting(request: HttpRequest) -> WaitingOut:
    """Everything that waits for her to act, as her own page (``/me/``) lists it."""
    user = current_user(request)
    found: dict[str, object] = {}
    for feed in FEEDS:
        found.update(feed(user))
    return WaitingOut.model_validate(found)
