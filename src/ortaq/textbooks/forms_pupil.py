"""Forms of a class session: the teacher opens one, a pupil enters its code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.textbooks.classes import MAX_HOURS


class SessionForm(forms.Form):
    label = forms.CharField(
        label=_("Class"),
        max_length=40,
        required=False,
        help_text=_("For example 6 «Ә». Pupils' names are not asked."),
    )
    hours = forms.IntegerField(
        label=_("Closes after, hours"), min_value=1, max_value=MAX_HOURS, initial=2
    )


class ClassCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=20,
        help_text=_("Six letters and digits, as your teacher wrote them."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
