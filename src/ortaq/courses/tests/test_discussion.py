import pytest

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Enrollment
from ortaq.courses.services import post_create, post_hide, post_report, reports_dismiss
from ortaq.discussions.models import Mention, Post
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    built = make_course(kinds=(ActivityKind.DISCUSSION,))
    return built, built.first(ActivityKind.DISCUSSION)


def test_writing_a_post_completes_the_discussion(discussion) -> None:
    built, activity = discussion
    teacher = make_user()
    enrol(teacher, built.course)
    post_create(actor=teacher, activity=activity, body="Менің тәжірибем")
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED


def test_a_double_click_makes_one_post(discussion) -> None:
    built, activity = discussion
    teacher = make_user()
    enrol(teacher, built.course)
    first = post_create(actor=teacher, activity=activity, body="Hello")
    second = post_create(actor=teacher, activity=activity, body="Hello")
    assert first.pk == second.pk and Post.objects.count() == 1


def test_replies_stay_one_level_deep_and_quote(discussion) -> None:
    built, activity = discussion
    a, b = make_user(), make_user()
    enrol(a, built.course)
    enrol(b, built.course)
    thread = post_create(actor=a, activity=activity, body="Question?")
    reply = post_create(actor=b, activity=activity, body="Answer", parent=thread)
    answer_to_reply = post_create(actor=a, activity=activity, body="Thanks", parent=reply)
    assert (answer_to_reply.parent_id, answer_to_reply.quote_id) == (thread.pk, reply.pk)
    clicked_twice = post_create(actor=a, activity=activity, body="Thanks", parent=reply)
    assert clicked_twice.pk == answer_to_reply.pk and Post.objects.count() == 3


def test_only_enrolled_teachers_write(discussion) -> None:
    _built, activity = discussion
    with pytest.raises(NotAllowed):
        post_create(actor=make_user(), activity=activity, body="Hi")


def test_reporting_and_hiding(discussion, people) -> None:
    built, activity = discussion
    author, reader = make_user(), make_user()
    enrol(author, built.course)
    enrol(reader, built.course)
    post = post_create(actor=author, activity=activity, body="Spam")
    post_report(actor=reader, post=post, reason="advertising")
    post_report(actor=reader, post=post, reason="again")
    assert post.reports.count() == 1
    with pytest.raises(NotAllowed):
        post_hide(actor=reader, post=post, reason="no")
    with pytest.raises(DomainError):
        post_hide(actor=built.trainer, post=post, reason="")
    post_hide(actor=built.trainer, post=post, reason="Advertising is not allowed")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Advertising is not allowed"
    assert not post.reports.filter(resolved_at__isnull=True).exists()
    with pytest.raises(DomainError):
        post_create(actor=reader, activity=activity, body="Quoting", quote=post)
    other = post_create(actor=author, activity=activity, body="Fine")
    post_report(actor=reader, post=other, reason="?")
    reports_dismiss(actor=built.trainer, post=other)
    other.refresh_from_db()
    assert not other.is_hidden and not other.reports.filter(resolved_at__isnull=True).exists()


def test_an_account_deleted_leaves_its_posts_unsigned() -> None:
    built = make_course(kinds=(ActivityKind.DISCUSSION, ActivityKind.PAGE))
    activity = built.first(ActivityKind.DISCUSSION)
    author = make_user()
    enrol(author, built.course)
    post = post_create(actor=author, activity=activity, body="Kept")
    author.delete()
    post.refresh_from_db()
    assert post.author is None and post.body == "Kept"


def test_the_moderation_page_lists_only_reported_posts(discussion, client) -> None:
    built, activity = discussion
    author, reader = make_user(), make_user()
    enrol(author, built.course)
    enrol(reader, built.course)
    reported = post_create(actor=author, activity=activity, body="Buy my lesson plans")
    post_create(actor=reader, activity=activity, body="A fair point", parent=reported)
    post_report(actor=reader, post=reported, reason="Advertising")
    client.force_login(built.trainer)
    page = client.get(f"/en/courses/{built.course.pk}/moderation/").content.decode()
    assert "Buy my lesson plans" in page
    assert "A fair point" not in page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "@bolat.outside бұл талқылауды оқи алмайды"),
        ("ru", "@bolat.outside не может читать это обсуждение"),
        (
            "en",
            "@bolat.outside cannot read this discussion (or is not known here) and was not told.",
        ),
    ],
)
def test_a_handle_of_someone_outside_the_course_is_named_in_a_message(
    discussion, client, language, message
) -> None:
    built, activity = discussion
    teacher, colleague = make_user(), make_user(email="aigul.seitova@example.kz")
    enrol(teacher, built.course)
    enrol(colleague, built.course)
    make_user(email="bolat.outside@example.kz")
    client.force_login(teacher)
    body = "@aigul.seitova және @bolat.outside, қалай ойлайсыздар?"
    url = f"/{language}/courses/{built.course.pk}/a/{activity.pk}/posts/"
    page = client.post(url, {"body": body}, follow=True).content.decode()
    assert message in page
    assert "@aigul.seitova cannot" not in page and "@aigul.seitova бұл" not in page
    assert Post.objects.filter(body=body).count() == 1
    assert [m.user for m in Mention.objects.all()] == [colleague]
