"""The journeys of the load test (``bench.load`` starts Locust with this file).

Locust's FastHttpUser (geventhttpclient) sends them: Locust shares the two cores with the
server, and the ``requests``-based client spent several times the processor per request.

A teacher goes at a teacher's pace (``ORTAQ_LOAD_PACE=teacher``, the judged run): she looks at
her course for 1 to 3 seconds before opening the next activity, reads it for 10 to 30 seconds
(a page of a few hundred words; the courses' short videos take minutes), then marks it done.
``ORTAQ_LOAD_PACE=stress`` sends her three requests back to back every 1 to 3 seconds, an
activity every two seconds or so: a measure of how many requests the server answers when it
cannot keep up, not of a teacher.

Sessions are made beforehand (``ORTAQ_LOAD_SESSIONS``: a JSON file with the course ids and one
list of Cookie values per kind of person, each with its CSRF cookie: ``bench.page.session_cookie``);
its secret is sent back in forms as a browser's page would.
"""

import json
import os
import re
import time
from typing import Any

from locust import FastHttpUser, between, task

with open(os.environ["ORTAQ_LOAD_SESSIONS"]) as source:
    PLAN: dict[str, Any] = json.load(source)
NEXT = re.compile(r'<a class="button" href="(/kk/courses/\d+/a/\d+/)"')
CSRF = re.compile(r"csrftoken=(\w+)")
STRESS = os.environ.get("ORTAQ_LOAD_PACE", "teacher") == "stress"
CHOOSING = between(1, 3)  # looking at her course before opening the next activity
READING = between(10, 30)  # reading the activity before marking it done


class Person(FastHttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        self.take_session()

    def take_session(self) -> None:
        cookie = PLAN[self.kind].pop()
        found = CSRF.search(cookie)
        assert found, "a session without its CSRF cookie"
        self.csrf = found.group(1)
        self.headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
        # Her cookies are those of her session, sent as they are: the CSRF cookie the server
        # sends back again is the same one.
        self.client.client.cookiejar = None

    def get(self, path: str, name: str) -> Any:
        return self.client.get(path, name=name, headers=self.headers)

    def pause(self, wait: Any) -> None:
        if not STRESS:
            time.sleep(wait(self))  # cooperative: Locust patches the standard library

    def post(self, path: str, name: str) -> None:
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf},
            headers=self.headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} instead of a redirect")


class Teacher(Person):
    """Opens her course, then the next activity, marks it done; and again."""

    fixed_count = int(os.environ.get("ORTAQ_LOAD_TEACHERS", "200"))
    wait_time = between(1, 3) if STRESS else between(0, 1)
    kind = "teachers"

    @task
    def progress(self) -> None:
        course = f"/kk/courses/{PLAN['course']}/"
        page = self.get(course, name="course page")
        found = NEXT.search(page.text or "")
        if found is None:  # done with the course: she reads it again
            self.pause(READING)
            return
        activity = found.group(1)
        self.pause(CHOOSING)
        self.get(activity, name="activity page")
        self.pause(READING)
        self.post(activity + "done/", name="activity done")


class Methodologist(Person):
    """Reads her region's report of the course, now and then the CSV."""

    fixed_count = int(os.environ.get("ORTAQ_LOAD_METHODOLOGISTS", "20"))
    wait_time = between(2, 5)
    kind = "methodologists"

    @task(4)
    def report(self) -> None:
        self.get(f"/kk/courses/{PLAN['course']}/report/", name="report page")

    @task(1)
    def export(self) -> None:
        self.get(f"/kk/courses/{PLAN['course']}/report/?format=csv", name="report CSV")


class Enroller(Person):
    """A teacher who finds the open course and enrols; then the next teacher."""

    fixed_count = int(os.environ.get("ORTAQ_LOAD_ENROLLERS", "10"))
    wait_time = between(1, 3)
    kind = "enrollers"

    @task
    def enrol(self) -> None:
        course = f"/kk/courses/{PLAN['open_course']}/"
        self.get("/kk/courses/", name="catalogue")
        self.get(course, name="course page (not enrolled)")
        self.post(course + "enrol/", name="enrol")
        self.get(course, name="course page")
        if PLAN[self.kind]:
            self.take_session()
