"""The pages of associations: the public site and news for anyone, with its description and
the language it is shown in; the pages that keep it for those who run it (and its editor, for
news), refused to everyone else by the refusal rule; bad input answered in the page's language;
news by key, newest first; a school's page naming its associations; constant query counts."""

from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ortaq.networks.models import Association, MemberSchool, NewsPost
from ortaq.networks.queries import NEWS_PER_PAGE
from ortaq.testing.factories import make_association, make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.refusals import assert_refused
from ortaq.testing.world import association_cast

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    yield from association_cast(django_db_blocker, news=2)


def client_of(cast: dict[str, Any], who: str) -> Client:
    return Client() if who == "anonymous" else signed_in(cast[who])


EVERYONE = [
    "anonymous", "teacher", "principal", "coordinator", "district_coordinator",
    "other_coordinator", "trainer", "admin", "far_teacher", "steward", "editor",
]  # fmt: skip
RUN = {"coordinator", "admin", "steward"}
WRITE_NEWS = RUN | {"editor"}


def pages(cast: dict[str, Any]) -> dict[str, tuple[str, set[str] | None]]:
    """Each page, and who may open it (None: everyone)."""
    news = NewsPost.objects.filter(association=cast["association"]).order_by("pk")[0]
    base = "/en/networks/talgar"
    return {
        "directory": ("/en/networks/", None),
        "site": (f"{base}/", None),
        "news": (f"{base}/news/{news.pk}/", None),
        "edit": (f"{base}/edit/", RUN),
        "schools": (f"{base}/schools/", RUN),
        "people": (f"{base}/people/", RUN),
        "write news": (f"{base}/news/new/", WRITE_NEWS),
        "edit news": (f"{base}/news/{news.pk}/edit/", WRITE_NEWS),
        "create": ("/en/networks/new/", {"coordinator", "other_coordinator", "admin"}),
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_the_permission_matrix_of_the_pages(cast: dict[str, Any], who: str) -> None:
    client = client_of(cast, who)
    for name, (url, allowed) in pages(cast).items():
        response = client.get(url)
        if allowed is None or who in allowed:
            assert response.status_code == 200, (name, who)
        else:
            assert_refused(response, as_="visitor" if who == "anonymous" else "onlooker")


@pytest.mark.parametrize("who", ["anonymous", "teacher", "editor", "other_coordinator"])
def test_writes_are_refused_to_those_who_do_not_run_it(cast: dict[str, Any], who: str) -> None:
    client = client_of(cast, who)
    school = make_school(region=cast["region"])
    response = client.post("/en/networks/talgar/schools/", {"school": school.pk, "action": "add"})
    assert_refused(response, as_="visitor" if who == "anonymous" else "onlooker")
    response = client.post("/en/networks/talgar/people/", {"coordinator-email": "x@example.kz"})
    assert_refused(response, as_="visitor" if who == "anonymous" else "onlooker")
    assert not MemberSchool.objects.filter(school=school).exists()


def test_an_unknown_association_is_not_found(cast: dict[str, Any]) -> None:
    for url in ("/en/networks/nowhere/", "/en/networks/talgar/news/999999/"):
        assert Client().get(url).status_code == 404
    assert signed_in(cast["admin"]).get("/en/networks/nowhere/schools/").status_code == 404


def test_the_site_says_what_it_is_to_search_engines_and_link_previews(
    cast: dict[str, Any],
) -> None:
    html = Client().get("/kk/networks/talgar/").content.decode()
    assert "<title>№1 мектептер қауымдастығы · Ortaq</title>" in html
    assert '<meta name="description" content="Мектептер бірге зерттейді.">' in html
    assert '<meta property="og:title" content="№1 мектептер қауымдастығы">' in html
    assert '<meta property="og:url" content="http://testserver/kk/networks/talgar/">' in html
    assert '<meta property="og:locale" content="kk_KZ">' in html
    assert '<link rel="alternate" hreflang="ru" href="/ru/networks/talgar/">' in html
    # Its about text as Markdown, its school with region and district, who runs it, its news.
    assert "<em>зерттейді</em>" in html
    school = cast["school"]
    assert school.name_kk in html and school.district.name_kk in html
    assert cast["steward"].get_full_name() in html and cast["editor"].get_full_name() in html
    assert "Жаңалық 2" in html and html.index("Жаңалық 2") < html.index("Жаңалық 1")
    news = (
        Client()
        .get(f"/ru/networks/talgar/news/{NewsPost.objects.order_by('pk')[0].pk}/")
        .content.decode()
    )
    assert '<meta property="og:type" content="article">' in news
    assert "<h1>Жаңалық 1</h1>" in news and '<article lang="kk">' in news


def test_a_page_in_a_language_not_written_shows_another_and_says_so(
    cast: dict[str, Any],
) -> None:
    english = Client().get("/en/networks/talgar/").content.decode()
    assert (
        "This association has not written its page in English yet: it is shown in Russian."
        in english
    )
    assert '<div lang="ru"><p>Школы вместе <em>исследуют</em>.</p></div>' in english
    assert '<h1 lang="ru">Ассоциация школ №1</h1>' in english
    kazakh = Client().get("/kk/networks/talgar/").content.decode()
    assert "әлі жазбаған" not in kazakh
    only_russian = make_association(slug="only-russian", name_kk="", about_kk="")
    page = Client().get("/kk/networks/only-russian/").content.decode()
    assert "Қауымдастық бұл бетті қазақ тілінде әлі жазбаған: ол орыс тілінде көрсетілген." in page
    assert only_russian.written_in() == "ru"


def test_news_pages_by_key_newest_first_forward_and_back(cast: dict[str, Any]) -> None:
    association = make_association(slug="busy", news=NEWS_PER_PAGE + 3)
    client = Client()
    first = client.get("/en/networks/busy/").content.decode()
    titles = [f"Жаңалық {n}" for n in range(NEWS_PER_PAGE + 3, 0, -1)]
    assert [t for t in titles if f">{t}</a>" in first] == titles[:NEWS_PER_PAGE]
    after = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get("/en/networks/busy/" + unescape(after)).content.decode()
    assert [t for t in titles if f">{t}</a>" in second] == titles[NEWS_PER_PAGE:]
    before = second.split('rel="prev"')[0].rsplit('href="', 1)[1].split('"')[0]
    back = client.get("/en/networks/busy/" + unescape(before)).content.decode()
    assert [t for t in titles if f">{t}</a>" in back] == titles[:NEWS_PER_PAGE]
    assert association.news.count() == NEWS_PER_PAGE + 3


def test_a_coordinator_adds_and_removes_schools_and_is_told_of_a_member_already(
    cast: dict[str, Any],
) -> None:
    client = signed_in(cast["steward"])
    region = cast["region"]
    school = make_school(region=region, name_kk="Бесағаш мектебі", name_ru="Школа Бесагаш")
    far = cast["far_school"]
    offered = client.get("/kk/networks/talgar/schools/?q=Бесағаш").content.decode()
    assert "Бесағаш мектебі" in offered
    # The picker offers the region's schools that are not members: neither its member nor
    # another region's school.
    every = client.get("/kk/networks/talgar/schools/").content.decode()
    assert f'id="offered-{cast["school"].pk}"' not in every
    assert f'id="offered-{far.pk}"' not in every
    searched = "/kk/networks/talgar/schools/?q=" + quote("Бесағаш")
    added = client.post(searched, {"school": school.pk, "action": "add"})
    # Back to the same search, with what was done said on it.
    assert added.status_code == 302 and added["Location"] == searched
    page = client.get(added["Location"]).content.decode()
    assert "Бесағаш мектебі енді қауымдастық мүшесі." in page
    again = client.post("/kk/networks/talgar/schools/", {"school": school.pk, "action": "add"})
    assert (
        "Бесағаш мектебі қауымдастыққа бұрыннан мүше."
        in client.get(again["Location"]).content.decode()
    )
    elsewhere = client.post("/ru/networks/talgar/schools/", {"school": far.pk, "action": "add"})
    assert (
        "Выберите школу из области ассоциации."
        in client.get(elsewhere["Location"]).content.decode()
    )
    client.post("/en/networks/talgar/schools/", {"school": school.pk, "action": "remove"})
    assert not MemberSchool.objects.filter(school=school).exists()
    assert MemberSchool.objects.filter(school=far).count() == 0


def test_creating_one_with_a_taken_address_says_so_in_the_page_language(
    cast: dict[str, Any],
) -> None:
    client = signed_in(cast["coordinator"])
    form = client.get("/ru/networks/new/").content.decode()
    # She is offered her own region only, and herself as its first coordinator.
    assert form.count("<option") == 1 and cast["coordinator"].email in form
    data = {
        "slug": "talgar",
        "region": cast["region"].pk,
        "coordinator": cast["teacher"].email,
        "name_kk": "Талғар",
    }
    taken = client.post("/ru/networks/new/", data).content.decode()
    assert "У другой ассоциации уже есть этот адрес: выберите другой." in taken
    unnamed = client.post("/kk/networks/new/", {**data, "slug": "talgar-2", "name_kk": ""})
    assert "Қауымдастықтың атауын қазақша немесе орысша жазыңыз." in unnamed.content.decode()
    nobody = client.post(
        "/en/networks/new/", {**data, "slug": "talgar-2", "coordinator": "no@x.kz"}
    )
    assert "No active account has this e-mail." in nobody.content.decode()
    far = client.post(
        "/en/networks/new/", {**data, "slug": "t2", "region": cast["far_school"].region_id}
    )
    assert "Select a valid choice" in far.content.decode()
    created = client.post("/en/networks/new/", {**data, "slug": "Talgar-2"})
    assert created["Location"] == "/en/networks/talgar-2/schools/"
    association = Association.objects.get(slug="talgar-2")
    assert association.appointments.get().user == cast["teacher"]


def test_news_is_written_corrected_and_deleted_and_a_title_is_needed(
    cast: dict[str, Any],
) -> None:
    client = signed_in(cast["editor"])
    form = client.get("/kk/networks/talgar/news/new/").content.decode()
    key = form.split('name="client_key" value="')[1].split('"')[0]
    untitled = client.post(
        "/kk/networks/talgar/news/new/", {"title": "", "body": "Мәтін", "language": "kk"}
    )
    assert "Жаңалыққа тақырып жазыңыз." in untitled.content.decode()
    data = {"title": "Семинар", "body": "**Келіңіз**", "language": "kk", "client_key": key}
    first = client.post("/kk/networks/talgar/news/new/", data)
    second = client.post("/kk/networks/talgar/news/new/", data)  # the same form again
    assert first["Location"] == second["Location"]
    post = NewsPost.objects.get(title="Семинар")
    page = client.get(first["Location"]).content.decode()
    assert "<strong>Келіңіз</strong>" in page and f"/news/{post.pk}/edit/" in page
    client.post(f"/kk/networks/talgar/news/{post.pk}/edit/",
                {"title": "Семинар өтті", "body": "", "language": "ru"})  # fmt: skip
    post.refresh_from_db()
    assert (post.title, post.language) == ("Семинар өтті", "ru")
    deleted = client.post(f"/kk/networks/talgar/news/{post.pk}/delete/")
    assert deleted["Location"] == "/kk/networks/talgar/"
    assert not NewsPost.objects.filter(pk=post.pk).exists()


def test_coordinators_and_the_editor_are_appointed_by_e_mail(cast: dict[str, Any]) -> None:
    association = make_association(slug="people-test")
    (first,) = [a.user for a in association.appointments.all()]
    client = signed_in(cast["coordinator"])
    url = "/kk/networks/people-test/people/"
    page = client.get(url).content.decode()
    assert first.email in page and 'value="remove_coordinator"' not in page  # the only one
    client.post(url, {"coordinator-email": cast["teacher"].email.upper()})
    client.post(url, {"editor-email": cast["principal"].email})
    unknown = client.post(url, {"editor-email": "nobody@example.kz"})
    assert "Бұл электрондық поштамен белсенді тіркелгі жоқ." in unknown.content.decode()
    roles = set(association.appointments.values_list("user_id", "role"))
    assert roles == {
        (first.pk, "coordinator"),
        (cast["teacher"].pk, "coordinator"),
        (cast["principal"].pk, "editor"),
    }
    client.post(url, {"action": "remove_coordinator", "person": first.pk})
    last = client.post(url, {"action": "remove_coordinator", "person": cast["teacher"].pk})
    assert "Қауымдастыққа үйлестіруші керек" in client.get(last["Location"]).content.decode()
    client.post(url, {"action": "remove_editor"})
    assert set(association.appointments.values_list("role", flat=True)) == {"coordinator"}


def test_a_schools_page_names_its_associations(cast: dict[str, Any]) -> None:
    html = Client().get(f"/ru/schools/{cast['school'].pk}/").content.decode()
    assert "Ассоциации, в которые входит школа" in html
    assert 'href="/ru/networks/talgar/">Ассоциация школ №1</a>' in html
    other = Client().get(f"/ru/schools/{cast['far_school'].pk}/").content.decode()
    assert "Ассоциации, в которые входит школа" not in other


def test_the_directory_finds_by_name_and_region_and_links_what_she_may_do(
    cast: dict[str, Any],
) -> None:
    make_association(slug="far-one", region=cast["far_school"].region, name_ru="Каспий мектептері")
    everyone = Client().get("/ru/networks/").content.decode()
    assert "Ассоциация школ №1" in everyone and "Каспий мектептері" in everyone
    assert "/networks/talgar/schools/" not in everyone
    found = Client().get("/ru/networks/", {"q": "каспий"}).content.decode()
    assert "Каспий мектептері" in found and "Ассоциация школ №1" not in found
    by_region = Client().get("/ru/networks/", {"region": cast["region"].pk}).content.decode()
    assert "Каспий мектептері" not in by_region
    steward = signed_in(cast["steward"]).get("/ru/networks/").content.decode()
    assert (
        "/ru/networks/talgar/schools/" in steward and "/ru/networks/far-one/schools/" not in steward
    )
    editor = signed_in(cast["editor"]).get("/ru/networks/").content.decode()
    assert (
        "/ru/networks/talgar/news/new/" in editor and "/ru/networks/talgar/schools/" not in editor
    )


def queries_of(client: Client, url: str) -> int:
    client.get(url)  # warm the caches of the signed-in person
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_whatever_an_association_holds(cast: dict[str, Any]) -> None:
    # Both with more news than a page holds (a first page holding every row costs no count).
    small = make_association(slug="small", news=NEWS_PER_PAGE + 1, schools=[make_school()])
    big = make_association(
        slug="big",
        news=NEWS_PER_PAGE * 3,
        schools=[make_school() for _ in range(15)],
        coordinators=[make_user(profile__school=make_school()) for _ in range(5)],
        editor=make_user(),
    )
    for who in ("anonymous", "admin", "steward"):
        client = client_of(cast, who)
        for page in ("", "schools/", "people/", "news/new/") if who == "admin" else ("",):
            counts = [queries_of(client, f"/kk/networks/{a.slug}/{page}") for a in (small, big)]
            assert counts[0] == counts[1], (who, page, counts)
    counts = [queries_of(Client(), "/kk/networks/") for _ in range(2)]
    for _ in range(5):
        make_association(schools=[make_school()])
    assert queries_of(Client(), "/kk/networks/") == counts[0]
