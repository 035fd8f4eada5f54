"""Readers' comments on a published resource go through the discussion core: everyone reads
them, anyone signed in writes, a reader reports one and a moderator of the resource's place
hides it (an outsider may not); who reads a resource's discussion is one rule
(``Discussion.objects.visible_to`` and ``may_read``)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.discussions.models import Discussion, Post, PostReport
from ortaq.discussions.policies import may_read
from ortaq.discussions.services import discussion_open
from ortaq.library.links import resource_url
from ortaq.schools.models import Region
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.library import coll_collection, coll_resource
from ortaq.testing.refusals import assert_refused
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix

pytestmark = pytest.mark.django_db


def test_a_moderator_hides_a_reported_comment(reference_data: None) -> None:
    school = make_school()
    resource = coll_resource(school=school)
    moderator, outsider, writer, reader = make_user(), make_user(), make_user(), make_user()
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=school.region)
    far = make_school(region=Region.objects.get(code="KZ-23"))
    role_grant(actor=None, user=outsider, role=Role.MODERATOR, target=far.region)
    url = reverse("library:reader_comment", args=[resource.pk])
    response = signed_in(writer).post(url, {"body": "Өте пайдалы жоспар, рақмет!"})
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#p{post.pk}")
    assert response["Location"].startswith(resource_url(resource.pk))
    assert_refused(Client().post(url, {"body": "Қонақ"}), as_="visitor")
    report = reverse("library:comment_report", args=[resource.pk, post.pk])
    signed_in(reader).post(report, {"reason": "Жарнама"})
    assert PostReport.objects.filter(post=post, resolved_at__isnull=True).count() == 1
    # Only a moderator of the resource's place sees the queue and hides.
    queue = reverse("library:comments_moderation", args=[resource.pk])
    assert_refused(signed_in(outsider).get(queue), as_="onlooker")
    assert_refused(signed_in(reader).get(queue), as_="onlooker")
    hide = reverse("library:comment_moderate", args=[resource.pk, post.pk])
    assert_refused(signed_in(outsider).post(hide, {"reason": "Жоқ"}), as_="onlooker")
    post.refresh_from_db()
    assert post.hidden_at is None
    with translation.override("kk"):
        page = signed_in(moderator).get(queue)
    assert page.status_code == 200 and "Өте пайдалы жоспар" in page.content.decode()
    signed_in(moderator).post(hide, {"reason": "Жарнама"})
    post = Post.objects.get(pk=post.pk)
    assert post.hidden_at is not None and post.hidden_by == moderator
    assert not PostReport.objects.filter(post=post, resolved_at__isnull=True).exists()
    # A comment of another resource is not this resource's (404).
    other = coll_resource(school=school)
    assert_refused(
        signed_in(moderator).post(reverse("library:comment_moderate", args=[other.pk, post.pk])),
        as_="outsider",
    )


def _block(resource: object, user: object, query: str = "") -> str:
    request = RequestFactory().get("/" + query)
    request.user = user  # type: ignore[assignment]
    with translation.override("kk"):
        return render_to_string("library/_readers.html", {"resource": resource}, request=request)


def test_the_readers_block_below_a_resource(reference_data: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    school = make_school()
    resource = coll_resource(school=school, downloads=12, rating_count=2, rating_sum=9)
    reader = make_user()
    hers = coll_collection(owner=reader, title="Менің жинағым", resources=[])
    coll_collection(title="Ортақ жинақ", resources=[resource])
    coll_collection(title="Жасырын жинақ", resources=[resource], is_public=False)
    coll_collection(title="Бөтен жинақ", resources=[])
    signed_in(reader).post(
        reverse("library:reader_comment", args=[resource.pk]), {"body": "Рақмет!"}
    )
    anonymous = _block(resource, AnonymousUser())
    assert "Рақмет!" in anonymous and "4,5" in anonymous and "12" in anonymous
    assert "Ортақ жинақ" in anonymous and "Жасырын жинақ" not in anonymous
    assert 'name="stars"' not in anonymous
    mine = _block(resource, reader)
    assert 'name="stars"' in mine and 'type="radio"' in mine
    assert "Менің жинағым" in mine and "Бөтен жинақ" not in mine  # only hers offered
    assert f'<option value="{hers.pk}"' in mine
    author = resource.authors.get().user
    assert 'name="stars"' not in _block(resource, author)
    moderator = make_user()
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=school)
    assert reverse("library:comments_moderation", args=[resource.pk]).split("/", 2)[2] in _block(
        resource, moderator
    )
    assert _block(coll_resource(published=False), reader).strip() == ""


def test_who_reads_a_resource_discussion_is_one_rule(reference_data: None) -> None:
    places = make_places()
    people = role_matrix(places)
    published = coll_resource(school=places.school)
    draft = coll_resource(school=places.school, published=False)
    discussions = {
        "published": discussion_open(target=published),
        "draft": discussion_open(target=draft),
    }
    assert_same_rule(
        people=people,
        objects=discussions,
        rows=lambda user: Discussion.objects.visible_to(user),
        allowed=lambda user, discussion: may_read(user, Discussion.objects.get(pk=discussion.pk)),
    )
