"""In Chromium, with axe-core checking every page, once in each language: a teacher builds a
collection of two published resources (starting it from the collections' page, adding each
from its resource's page), rates one and comments on it, puts them in order, renames the
collection, downloads its offline pack and opens the pack from disk; a visitor reads the
public collection; another reader reports the comment; the author corrects it; the region's
moderator reads the comments to moderate. Everything through plain forms, as without script."""

import zipfile
from pathlib import Path
from typing import Any

import pytest

from ortaq.discussions.models import Post
from ortaq.library.models import Collection, CollectionItem, Rating
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.library import PDF_BYTES, coll_resource
from ortaq.testing.library_review import make_library_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Құрама сабақ: қосу және азайту"
SECOND = "Бөлшектер: 3–4 сынып"


def submit(page: Any, form: str) -> None:
    page.locator(f"main form[action='{form}'] button[type=submit]").click()
    page.check()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_teacher_builds_a_collection_and_a_visitor_reads_it(
    page: Any, language: str, tmp_path: Path
) -> None:
    cast = make_library_people()
    school = cast["teacher"].profile.school
    first = coll_resource(
        title=FIRST, school=school, files=[("parak.pdf", PDF_BYTES)], grades=(1, 2)
    )
    second = coll_resource(title=SECOND, school=school, grades=(3, 4), codes=("3.1.2.1",))
    teacher = make_user(
        first_name="Гүлнар", last_name="Сейітова", language=language, profile__school=make_school()
    )
    lib = f"/{language}/library"

    sign_in(page, teacher)
    page.goto(f"{lib}/collections/")
    page.locator(f"main a[href='{lib}/collections/new/']").click()
    page.check()
    page.fill("#id_title", "Құрама сынып математикасы")
    page.fill("#id_description", "Шағын жинақты мектеп мұғалімдеріне.")
    page.locator("main form button[type=submit]").click()
    page.check()
    collection = Collection.objects.get()
    assert page.url.endswith(f"{lib}/collections/{collection.pk}/")
    assert page.locator(f"main a[href='{lib}/collections/{collection.pk}/pack.zip']").count() == 0

    for resource in (first, second):
        page.goto(f"{lib}/r/{resource.pk}/")
        page.select_option("#id_collection", str(collection.pk))
        submit(page, f"{lib}/r/{resource.pk}/collect/")
        assert page.locator(f"#readers a[href='{lib}/collections/{collection.pk}/']").count() >= 1
    assert CollectionItem.objects.filter(collection=collection).count() == 2

    # She rates the second one and says why, on its page.
    page.locator("#readers input[name=stars][value='4']").check()
    submit(page, f"{lib}/r/{second.pk}/rate/")
    assert Rating.objects.get().stars == 4
    page.fill("#id_body", "Топпен жұмысқа өте ыңғайлы.")
    submit(page, f"{lib}/r/{second.pk}/discussion/")
    assert "Топпен жұмысқа өте ыңғайлы." in page.locator("#comments").inner_text()

    # In order: the second one up, first.
    page.goto(f"{lib}/collections/{collection.pk}/")
    move = f"{lib}/collections/{collection.pk}/items/{second.pk}/move/"
    submit(page, move)
    titles = page.locator("main ol.collection > li > a").all_inner_texts()
    assert titles == [SECOND, FIRST]

    page.locator(f"main a[href='{lib}/collections/{collection.pk}/edit/']").click()
    page.check()
    page.fill("#id_title", "Құрама сынып математикасы, 1–4 сыныптар")
    page.locator("main form button[type=submit]").click()
    page.check()
    assert "1–4" in page.locator("main h1").inner_text()
    page.goto(f"{lib}/collections/")
    assert page.locator(f"#mine + ul a[href='{lib}/collections/{collection.pk}/']").count() == 1

    # The offline pack, unzipped, opens from disk and links to both resources' pages.
    page.goto(f"{lib}/collections/{collection.pk}/")
    with page.expect_download() as download:
        page.locator(f"main a[href='{lib}/collections/{collection.pk}/pack.zip']").click()
    archive = tmp_path / "pack.zip"
    download.value.save_as(archive)
    with zipfile.ZipFile(archive) as pack:
        pack.extractall(tmp_path / "pack")
    page.page.goto((tmp_path / "pack" / "index.html").as_uri())
    page.check()
    links = page.locator("main a[href$='.html']")
    assert links.count() >= 2
    links.first.click()
    page.check()

    page.context.clear_cookies()
    page.goto(f"{lib}/collections/")
    page.locator(f"main a[href='{lib}/collections/{collection.pk}/']").click()
    page.check()
    assert page.locator("main form").count() == 0  # nothing to change for a visitor

    # Another reader reports the comment; its author corrects it; the moderator reads them.
    post = Post.objects.get()
    sign_in(page, cast["coauthor"])
    page.goto(f"{lib}/r/{second.pk}/")
    page.locator(f"#p{post.pk} summary").first.click()
    page.fill(f"#report-{post.pk}", "Жарнама сияқты.")
    submit(page, f"{lib}/r/{second.pk}/discussion/{post.pk}/report/")

    sign_in(page, teacher)
    page.goto(f"{lib}/r/{second.pk}/")
    page.locator(f"#p{post.pk} a[href='{lib}/r/{second.pk}/discussion/{post.pk}/edit/']").click()
    page.check()
    page.locator("main form textarea").first.fill("Топпен жұмысқа өте ыңғайлы: 3-сыныпта сынадым.")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    assert "3-сыныпта сынадым" in page.locator("#comments").inner_text()

    sign_in(page, cast["moderator"])
    page.goto(f"{lib}/r/{second.pk}/")
    page.locator(f"#comments a[href='{lib}/r/{second.pk}/discussion/moderation/']").click()
    page.check()
    assert "3-сыныпта сынадым" in page.locator("main").inner_text()
