"""The observer's form: a note on one case pupil in one stage of the lesson, offering only the
lesson's stages and the cycle's case pupils."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.lessonstudy.models import NO_PUPIL_IDENTIFIERS, CasePupil, PlanStage
from ortaq.lessonstudy.services.observation import MAX_NOTE_LENGTH


class NoteForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Stage of the lesson"), coerce=int)
    pupil = forms.TypedChoiceField(label=_("Case pupil"), coerce=int, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("What you saw and heard"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_PUPIL_IDENTIFIERS,
    )
    # Made when the page is shown: the same form sent twice stores one note.
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        stages: Sequence[PlanStage],
        pupils: Sequence[CasePupil],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        stage: Any = self.fields["stage"]
        stage.choices = [(s.pk, f"{s.position}. {s.title}") for s in stages]
        pupil: Any = self.fields["pupil"]
        pupil.choices = [(p.pk, f"{p.code} — {p.get_band_display()}") for p in pupils]
