"""The journeys of the load test (``bench.load`` starts Locust with this file).

Sessions are made beforehand (``ORTAQ_LOAD_SESSIONS``: a JSON file with the course ids and one
list of Cookie values per kind of person, each with its CSRF cookie: ``bench.page.session_cookie``);
its secret is sent back in forms as a browser's page would.
"""

import json
import os
import re
from typing import Any

from locust import HttpUser, between, task

with open(os.environ["ORTAQ_LOAD_SESSIONS"]) as source:
    PLAN: dict[str, Any] = json.load(source)
NEXT = re.compile(r'<a class="button" href="(/kk/courses/\d+/a/\d+/)"')
CSRF = re.compile(r"csrftoken=(\w+)")


class Person(HttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        self.take_session()

    def take_session(self) -> None:
        cookie = PLAN[self.kind].pop()
        self.client.headers["Cookie"] = cookie
        found = CSRF.search(cookie)
        assert found, "a session without its CSRF cookie"
        self.csrf = found.group(1)
        self.client.headers["Accept-Encoding"] = "gzip, deflate, br"

    def post(self, path: str, name: str) -> None:
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} instead of a redirect")


class Teacher(Person):
    """Opens her course, then the next activity, marks it done; and again."""

    fixed_count = int(os.environ.get("ORTAQ_LOAD_TEACHERS", "200"))
    wait_time = between(1, 3)
    kind = "teachers"

    @task
    def progress(self) -> None:
        course = f"/kk/courses/{PLAN['course']}/"
        page = self.client.get(course, name="course page")
        found = NEXT.search(page.text)
        if found is None:  # done with the course: she reads it again
            return
        activity = found.group(1)
        self.client.get(activity, name="activity page")
        self.post(activity + "done/", name="activity done")


class Methodologist(Person):
    """Reads her region's report of the course, now and then the CSV."""

    fixed_count = int(os.environ.get("ORTAQ_LOAD_METHODOLOGISTS", "20"))
    wait_time = between(2, 5)
    kind = "methodologists"

    @task(4)
    def report(self) -> None:
        self.client.get(f"/kk/courses/{PLAN['course']}/report/", name="report page")

    @task(1)
    def export(self) -> None:
        self.client.get(f"/kk/courses/{PLAN['course']}/report/?format=csv", name="report CSV")


class Enroller(Person):
    """A teacher who finds the open course and enrols; then the next teacher."""

    fixed_count = int(os.environ.get("ORTAQ_LOAD_ENROLLERS", "10"))
    wait_time = between(1, 3)
    kind = "enrollers"

    @task
    def enrol(self) -> None:
        course = f"/kk/courses/{PLAN['open_course']}/"
        self.client.get("/kk/courses/", name="catalogue")
        self.client.get(course, name="course page (not enrolled)")
        self.post(course + "enrol/", name="enrol")
        self.client.get(course, name="course page")
        if PLAN[self.kind]:
            self.take_session()
