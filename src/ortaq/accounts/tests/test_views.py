import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from ortaq.accounts.models import Profile, RoleAssignment, User
from ortaq.core.roles import Role
from ortaq.testing.factories import PASSWORD, iin, make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


def test_sign_up_verifies_the_address_before_signing_in(
    client: Client, reference_data: None
) -> None:
    response = client.post(
        "/kk/accounts/signup/",
        {
            "email": "New.Teacher@Example.kz",
            "last_name": "Әлиева",
            "first_name": "Дина",
            "password1": "a-long-password-2026",
            "password2": "a-long-password-2026",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/accounts/confirm-email/"
    user = User.objects.get(email="new.teacher@example.kz")
    assert (user.last_name, user.first_name, user.language) == ("Әлиева", "Дина", "kk")
    assert Profile.objects.filter(user=user, school__isnull=True, iin__isnull=True).exists()
    assert client.get("/kk/me/").status_code == 302  # not signed in until verified
    (message,) = mail.outbox
    assert message.subject.startswith("Ortaq: ")
    link = re.search(r"http://\S+/confirm-email/\S+", str(message.body))
    assert link is not None
    path = link.group(0).split("testserver", 1)[1]
    assert client.post(path).status_code == 302
    assert client.get("/kk/me/").status_code == 200


def test_failed_logins_are_throttled(client: Client) -> None:
    user = make_user()
    for _attempt in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_the_right_password(client: Client) -> None:
    user = make_user(email="Mixed@Example.kz".lower())
    response = client.post(
        "/ru/accounts/login/", {"login": "MIXED@example.kz", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_profile_form_saves_and_shows_the_iin_only_to_its_owner(
    client: Client, people: dict
) -> None:
    teacher = people["teacher"]
    number = iin()
    response = signed_in(teacher, client).post(
        "/en/me/profile/",
        {
            "last_name": "Сейітова",
            "first_name": "Айгерім",
            "middle_name": "",
            "iin": number,
            "category": "expert",
            "languages": ["kk", "ru"],
            "subjects": [],
            "language": "ru",
        },
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.profile.iin, teacher.profile.category, teacher.language) == (
        number,
        "expert",
        "ru",
    )
    person_page = f"/en/people/{teacher.pk}/"
    assert number in signed_in(people["admin"]).get(person_page).content.decode()
    coordinator_view = signed_in(people["coordinator"]).get(person_page)
    assert coordinator_view.status_code == 200
    assert number not in coordinator_view.content.decode()
    # Someone she may not see is, to her, no one (docs/decisions/0011).
    assert_refused(signed_in(people["far_teacher"]).get(person_page), as_="outsider")


def test_a_wrong_iin_is_refused_in_the_page_language(client: Client) -> None:
    user = make_user()
    response = signed_in(user, client).post(
        "/ru/me/profile/",
        {"last_name": "А", "first_name": "Б", "iin": "123456789012", "language": "kk"},
    )
    assert response.status_code == 200
    with translation.override("ru"):
        expected = str(
            _("An IIN is 12 digits with a correct check digit; “%(value)s” is not.")
            % {"value": "123456789012"}
        )
    assert expected != "An IIN is 12 digits with a correct check digit; “123456789012” is not."
    assert response.context["form"].errors["iin"] == [expected]


def test_choosing_a_school(client: Client, people: dict[str, Any]) -> None:
    user = make_user()
    school = people["far_school"]
    page = signed_in(user, client).get("/kk/me/school/", {"q": school.name_kk[:4]})
    assert school.name_kk in page.content.decode()
    client.post("/kk/me/school/", {"school": school.pk})
    user.refresh_from_db()
    assert user.profile.school == school
    assert list(user.role_assignments.values_list("role", "school")) == [("teacher", school.pk)]
    client.post("/kk/me/school/", {"school": people["school"].pk})
    assert list(user.role_assignments.values_list("role", "school")) == [
        ("teacher", people["school"].pk)
    ]


def test_people_list_shows_only_the_coordinators_region(
    client: Client, people: dict[str, Any]
) -> None:
    html = signed_in(people["coordinator"], client).get("/en/people/").content.decode()
    assert people["teacher"].email in html
    assert people["far_teacher"].email not in html
    assert signed_in(people["teacher"]).get("/en/people/").status_code == 403
    assert Client().get("/en/people/").status_code == 302


def test_people_list_makes_a_fixed_number_of_queries(
    client: Client, people: dict[str, Any], django_assert_max_num_queries
) -> None:
    for _i in range(30):
        make_user(profile__school=people["school"])
    signed_in(people["admin"], client)
    with django_assert_max_num_queries(8):
        assert client.get("/en/people/").status_code == 200


def test_a_persons_page_costs_the_same_however_many_courses_she_trains(
    client: Client, people: dict[str, Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ortaq.testing.factories import make_course, make_trainer

    trainer = make_trainer()
    signed_in(people["admin"], client)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/people/{trainer.pk}/").status_code == 200
        return len(queries)

    make_course(trainer=trainer, kinds=(), publish=False)
    cost()  # the first visit fills the caches of content types and roles
    one = cost()
    for _i in range(5):
        make_course(trainer=trainer, kinds=(), publish=False)
    assert cost() == one


def test_granting_and_revoking_a_role_from_the_person_page(
    client: Client, people: dict[str, Any]
) -> None:
    teacher, school = people["teacher"], people["school"]
    signed_in(people["principal"], client)
    response = client.post(
        f"/en/people/{teacher.pk}/",
        {"role": Role.FACILITATOR, "scope_kind": "school", "school_bin": school.bin},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=teacher, role=Role.FACILITATOR)
    refused = client.post(
        f"/en/people/{teacher.pk}/",
        {"role": Role.COORDINATOR, "scope_kind": "region", "region": school.region_id},
    )
    # Not offered to her, so refused by the form itself.
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    elsewhere = client.post(
        f"/en/people/{teacher.pk}/",
        {"role": Role.FACILITATOR, "scope_kind": "school",
         "school_bin": people["other_school"].bin},
    )  # fmt: skip
    assert "may not grant" in elsewhere.content.decode()
    assert client.post(f"/en/roles/{assignment.pk}/revoke/").status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_school_role_needs_a_bin_that_names_a_school(
    client: Client, people: dict[str, Any]
) -> None:
    make_school(bin=None)  # an empty BIN must not pick a school that has none
    signed_in(people["admin"], client)
    for bin_value in ("", "999999999999"):
        refused = client.post(
            f"/en/people/{people['teacher'].pk}/",
            {"role": Role.FACILITATOR, "scope_kind": "school", "school_bin": bin_value},
        )
        assert refused.status_code == 200
        assert "No school has this BIN." in refused.content.decode()
    assert not RoleAssignment.objects.filter(user=people["teacher"], role=Role.FACILITATOR).exists()


def test_teacher_import_page_reports_lines_and_writes_nothing(
    client: Client, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    data = "email;last_name;first_name;school_bin\nbad;А;Б;{bin}\n".format(
        bin=people["school"].bin
    ).encode()
    signed_in(people["principal"], client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/people/import/", {"file": SimpleUploadedFile("t.csv", data, "text/csv")}
        )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "<td>2</td><td>email</td>" in html
    assert not User.objects.filter(last_name="А").exists()


def test_teacher_import_page_refuses_a_picture(client: Client, people: dict[str, Any]) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    signed_in(people["admin"], client)
    response = client.post(
        "/en/people/import/", {"file": SimpleUploadedFile("t.csv", png, "text/csv")}
    )
    assert response.status_code == 400
    assert "not a CSV" in response.content.decode()


def test_the_invitation_page_sets_a_password_and_signs_in(client: Client) -> None:
    from ortaq.accounts.services.invitations import invitation_token

    user = make_user()
    user.set_unusable_password()
    user.save()
    path = f"/kk/invitation/{invitation_token(user)}/"
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"password1": "new-password-2026!", "password2": "new-password-2026!"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "already been used" in Client().get(path.replace("/kk/", "/en/")).content.decode()


def test_tokens_page_shows_a_new_secret_once(client: Client) -> None:
    user = make_user()
    signed_in(user, client)
    response = client.post("/en/me/tokens/", {"name": "script"})
    secret = re.search(r"ortaq_[\w-]+", response.content.decode())
    assert secret is not None
    assert response.headers["Cache-Control"] == "no-store"
    assert secret.group(0) not in client.get("/en/me/tokens/").content.decode()


def test_choosing_a_language_is_remembered_for_e_mails(client: Client) -> None:
    user = make_user(language="kk")
    signed_in(user, client).get("/ru/me/")
    user.refresh_from_db()
    assert user.language == "ru"


def test_changing_her_own_iin_is_limited_to_a_few_a_day(
    client: Client, people: dict, settings: Any
) -> None:
    settings.ORTAQ_OWN_IIN_CHANGES_PER_DAY = 2
    teacher = people["teacher"]
    taken = make_user(profile__iin=iin()).profile.iin
    form = {"last_name": "Сейітова", "first_name": "Айгерім", "language": "en"}
    signed_in(teacher, client)
    # Each try with an IIN that is not hers counts, refused or not.
    assert (
        "already on another account"
        in client.post("/en/me/profile/", {**form, "iin": taken}).content.decode()
    )
    assert client.post("/en/me/profile/", {**form, "iin": iin()}).status_code == 302
    refused = client.post("/en/me/profile/", {**form, "iin": taken}).content.decode()
    assert "number of IINs one person may look up in a day (2; 0 left today)" in refused
    # Saving the profile again with her own IIN costs nothing.
    teacher.refresh_from_db()
    kept = client.post("/en/me/profile/", {**form, "iin": teacher.profile.iin})
    assert kept.status_code == 302


def test_the_profile_refuses_a_name_with_markup_in_the_page_language(client: Client) -> None:
    user = make_user(last_name="Сейітова", first_name="Айгерім")
    response = signed_in(user, client).post(
        "/ru/me/profile/",
        {"last_name": "<b>Сейітова</b>", "first_name": "Айгерім", "language": "kk"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["last_name"] == [
        "В имени могут быть только буквы, пробелы, дефисы, апострофы и точки."
    ]
    user.refresh_from_db()
    assert user.last_name == "Сейітова"


def test_sign_up_refuses_a_name_with_markup(client: Client, reference_data: None) -> None:
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new.teacher@example.kz",
            "last_name": "Әлиева",
            "first_name": "<script>Дина</script>",
            "password1": "a-long-password-2026",
            "password2": "a-long-password-2026",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"] == [
        "A name may hold only letters, spaces, hyphens, apostrophes and dots."
    ]
    assert not User.objects.filter(email="new.teacher@example.kz").exists()


def test_the_administration_site_refuses_a_name_with_markup(client: Client) -> None:
    # The administration site's forms check the model's fields, as full_clean does here.
    user = make_user()
    user.middle_name = "<i>Бақытқызы</i>"
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert set(refused.value.message_dict) == {"middle_name"}


def test_signing_out_keeps_the_language_she_was_reading(client: Client) -> None:
    user = make_user(language="kk")
    client.force_login(user)
    response = client.post("/ru/accounts/logout/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    assert "_auth_user_id" not in client.session
