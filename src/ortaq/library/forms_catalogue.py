"""The catalogue's filters (``/library/``), a plain GET form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.core.models import Subject
from ortaq.library.catalogue import Filters
from ortaq.library.choices import LANGUAGES, Kind, Level
from ortaq.library.models import GRADES
from ortaq.library.search import objective_prefix

ANY = ("", _("Any"))


def grade_label(grade: int) -> str:
    return str(_("Pre-school class")) if grade == 0 else str(grade)


class CatalogueForm(forms.Form):
    q = forms.CharField(
        label=_("Words or objective code"),
        required=False,
        max_length=200,
        help_text=_("In any form and language: «мектептер», «оценивание», 5.2.1.1."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[ANY, *Kind.choices], required=False)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("Any")
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[ANY, *((g, grade_label(g)) for g, _label in GRADES)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=[ANY, *LANGUAGES], required=False)
    code = forms.CharField(
        label=_("Curriculum objective"),
        required=False,
        max_length=20,
        help_text=_("A whole code (5.2.1.1) or its beginning (5.2)."),
    )
    level = forms.ChoiceField(
        label=_("Level of approval"), choices=[ANY, *Level.choices], required=False
    )
    multigrade = forms.BooleanField(label=_("For multi-grade classes"), required=False)

    def clean_code(self) -> str:
        code: str = self.cleaned_data.get("code", "").strip()
        if code and objective_prefix(code) is None:
            raise forms.ValidationError(
                _("Write an objective code as in the curriculum, for example 5.2.1.1 or 5.2.")
            )
        return objective_prefix(code) or ""

    def filters(self) -> Filters:
        """The filters the form asks for; those that did not validate narrow nothing."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        if not data and self.is_bound:
            # Keep what did validate (a wrong code should not hide the words typed beside it).
            data = dict(getattr(self, "cleaned_data", {}))
        subject = data.get("subject")
        return Filters(
            q=data.get("q", ""),
            kind=data.get("kind", ""),
            subject_id=subject.pk if subject else None,
            grade=data.get("grade"),
            language=data.get("language", ""),
            multigrade=bool(data.get("multigrade")),
            code=data.get("code", ""),
            level=data.get("level", ""),
        )
