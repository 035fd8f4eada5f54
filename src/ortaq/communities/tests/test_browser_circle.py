"""In Chromium, with axe-core checking every page, once in each language: a school head starts
a circle, invites a teacher by e-mail; the teacher accepts and chooses a daily digest; the
facilitator plans a meeting; the teacher opens a thread with a file and is answered; a report
is handled by hiding the post; after the meeting its notes and attendance are written."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ortaq.communities.choices import MembershipStatus, Notify
from ortaq.communities.models import Attendance, Circle, Meeting, Membership
from ortaq.discussions.models import Post
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_user
from ortaq.testing.files import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_life_of_a_circle(page: Any, people: dict[str, Any], language: str) -> None:
    head, teacher = people["principal"], people["teacher"]
    school = people["school"]
    sign_in(page, head)
    page.goto(f"/{language}/circles/")
    page.check()
    page.locator(f"main a[href='/{language}/circles/new/']").click()
    page.check()
    page.fill("#id_name", "Бастауыш сынып мұғалімдерінің үйірмесі")
    page.fill("#id_purpose", "Бір-біріміздің сабағымызға барып, талдаймыз.")
    page.fill("#id_school", school.bin)
    page.locator("main form button[type=submit]").first.click()
    page.check()
    circle = Circle.objects.get()
    assert page.url.endswith(f"/{language}/circles/{circle.pk}/members/")
    page.fill("#id_emails", f"{teacher.email}, nobody@example.kz")
    page.locator("main form:has(#id_emails) button").click()
    page.check()
    assert Membership.objects.get(user=teacher).status == MembershipStatus.INVITED
    assert "nobody@example.kz" in page.locator("main .messages, .messages").first.inner_text()

    sign_in(page, teacher)
    page.goto(f"/{language}/circles/{circle.pk}/")
    page.check()
    page.locator("main button[name=answer][value=accept]").click()
    page.check()
    page.locator(f"main a[href='/{language}/circles/{circle.pk}/notifications/']").click()
    page.check()
    page.locator(f"input[name=notify][value={Notify.DAILY_DIGEST}]").check()
    page.locator("main form button[type=submit]").click()
    page.check()
    assert Membership.objects.get(user=teacher).notify == Notify.DAILY_DIGEST

    sign_in(page, head)
    page.goto(f"/{language}/circles/{circle.pk}/meetings/new/")
    page.check()
    soon = timezone.localtime() + datetime.timedelta(days=3)
    page.fill("#id_date", soon.date().isoformat())
    page.fill("#id_time", "15:00")
    page.fill("#id_place", "Мұғалімдер бөлмесі")
    page.fill("#id_agenda", "Сабақты бірге жоспарлаймыз.")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 15

    sign_in(page, teacher)
    page.goto(f"/{language}/circles/{circle.pk}/threads/new/")
    page.check()
    page.fill("#id_title", "Бірлескен сабақ")
    page.fill("#id_body", "Кім **бірге** жоспарлағысы келеді?")
    page.set_input_files("#id_attachments", files=[
        {"name": "plan.png", "mimeType": "image/png", "buffer": PNG}
    ])  # fmt: skip
    page.locator("main form button[type=submit]").click()
    page.check()
    assert page.locator("main article strong", has_text="бірге").is_visible()
    assert page.get_by_role("link", name="plan.png").is_visible()

    colleague = make_user(profile__school=school)
    Membership.objects.create(
        circle=circle, user=colleague, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
    )
    sign_in(page, colleague)
    page.goto(f"/{language}/circles/{circle.pk}/threads/")
    page.check()
    page.get_by_role("link", name="Бірлескен сабақ").click()
    page.check()
    page.fill("#id_body", "Менің сабақ жоспарымды сатып алыңыз!")
    page.locator("main form[action$='/reply/'] button[type=submit]").click()
    page.check()
    spam = Post.objects.get(body__startswith="Менің")

    sign_in(page, teacher)
    page.goto(f"/{language}/circles/{circle.pk}/threads/{spam.discussion.target_id}/")
    page.locator(f"#p{spam.pk} details summary").first.click()
    page.fill(f"#report-{spam.pk}", "Жарнама")
    page.locator(f"#p{spam.pk} form[action$='/report/'] button").click()
    page.check()

    sign_in(page, head)
    page.goto(f"/{language}/circles/{circle.pk}/moderation/")
    page.check()
    page.fill(f"#hide-{spam.pk}", "Жарнамаға болмайды")
    page.locator(f"main form[action$='/posts/{spam.pk}/moderate/'] button.danger").click()
    page.check()
    spam.refresh_from_db()
    assert spam.hidden_at is not None

    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    page.goto(f"/{language}/circles/{circle.pk}/meetings/{meeting.pk}/")
    page.check()
    page.fill("#id_notes", "Үш мұғалім бірлескен сабақ жоспарлады.")
    page.locator("main form:has(#id_notes) button").click()
    page.check()
    page.locator(f"#present-{teacher.pk}").check()
    page.locator("main form[action$='/attendance/'] button").click()
    page.check()
    assert Attendance.objects.get(user=teacher).present
    assert not Attendance.objects.get(user=colleague).present
