"""No pupil can be identified: no model of Lesson Study has a field for a pupil's name, photo,
identifier or any file about her (the report's PDF is the group's), and every form about pupils
carries the notice that says why (the pages are checked in ``test_views``)."""

import re

from django.apps import apps
from django.db import models

from ortaq.lessonstudy import forms
from ortaq.lessonstudy.models import NO_PUPIL_IDENTIFIERS

IDENTIFYING = re.compile(
    r"name|surname|patronymic|photo|image|picture|iin|birth|address|phone|email|avatar",
    re.IGNORECASE,
)
# The only file: the published report's PDF, written by the group about its teaching.
FILES_ALLOWED = {("Report", "pdf")}


def test_no_model_has_a_field_that_could_identify_a_pupil() -> None:
    found = []
    for model in apps.get_app_config("lessonstudy").get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not getattr(field, "concrete", False):
                continue  # reverse relations belong to the other model
            if IDENTIFYING.search(field.name):
                found.append(f"{model.__name__}.{field.name}")
            if isinstance(field, models.FileField | models.ImageField) and (
                (model.__name__, field.name) not in FILES_ALLOWED
            ):
                found.append(f"{model.__name__}.{field.name} (a file)")
    assert found == []


def test_every_form_about_pupils_carries_the_notice() -> None:
    for form in (
        forms.CasePupilsForm,
        forms.PlanForm,
        forms.InterviewForm,
        forms.DiscussionForm,
        forms.ReportForm,
    ):
        assert form.notice == NO_PUPIL_IDENTIFIERS, form.__name__
    names = set(forms.CasePupilsForm().fields) | set(forms.InterviewForm(pupils=[]).fields)
    assert not [n for n in names if IDENTIFYING.search(n)]
