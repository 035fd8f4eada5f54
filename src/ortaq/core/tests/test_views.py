import re

import pytest
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation import gettext as _

LANGUAGES = ("kk", "ru", "en")


@pytest.mark.django_db
def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


@pytest.mark.django_db
def test_healthz_reports_redis_when_it_is_configured(client: Client) -> None:
    redis_cache = {
        "default": {
            "BACKEND": "ortaq.core.cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    with override_settings(REDIS_URL="redis://127.0.0.1:6379/15", CACHES=redis_cache):
        from django.core.cache import caches

        try:
            caches["default"].set("probe", 1)
        except Exception:
            pytest.skip("no Redis at 127.0.0.1:6379")
        assert client.get("/healthz").json()["redis"] == "ok"


@pytest.mark.django_db
def test_healthz_says_503_when_redis_is_down(client: Client) -> None:
    dead = {
        "default": {
            "BACKEND": "ortaq.core.cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0", CACHES=dead):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


@pytest.mark.django_db
def test_the_root_redirects_to_kazakh_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/"


@pytest.mark.django_db
def test_the_root_follows_the_browser_language(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert response.headers["Location"] == "/ru/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_speaks_each_language(client: Client, language: str) -> None:
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    # The switcher links to this same page in every language, each marked with its language.
    for code in LANGUAGES:
        assert f'href="/{code}/" lang="{code}" hreflang="{code}"' in html


@pytest.mark.django_db
def test_the_home_page_text_is_translated(client: Client) -> None:
    kk = client.get("/kk/").content.decode()
    ru = client.get("/ru/").content.decode()
    en = client.get("/en/").content.decode()
    assert "Create an account" in en
    assert "Create an account" not in kk and "Create an account" not in ru


@pytest.mark.django_db
def test_pages_load_nothing_from_other_servers(client: Client) -> None:
    html = client.get("/kk/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "Content-Security-Policy" in client.get("/kk/").headers


@pytest.mark.django_db
def test_unknown_pages_say_so_in_the_page_language(client: Client) -> None:
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ru"' in page
    with translation.override("ru"):
        assert str(_("There is no such page")) in page
    assert "There is no such page" not in page


def test_an_excerpt_is_plain_words_of_the_markdown() -> None:
    from ortaq.core.markup import excerpt

    text = "## Тақырып\n**Қалың** және _көлбеу_ [сілтеме](http://x.kz) ![сурет](a.png)\n- тізім"
    assert excerpt(text, 100) == "Тақырып Қалың және көлбеу сілтеме сурет тізім"
    assert excerpt("сөз " * 100, 20) == "сөз сөз сөз сөз сөз…"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_sent_without_its_csrf_token_gets_a_page_in_the_page_language(
    language: str,
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/accounts/login/", {"login": "a@example.kz"})
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html
    assert "CSRF verification failed" not in html
    with translation.override(language):
        assert _("The form could not be sent") in html


@pytest.mark.django_db
def test_a_bad_request_gets_a_page_in_the_page_language(client: Client) -> None:
    # A host outside ALLOWED_HOSTS is refused with 400 before any view runs.
    response = client.get("/en/", headers={"host": "evil.example"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="en">' in html
    assert "The request could not be understood" in html
