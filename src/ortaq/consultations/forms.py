from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.consultations.choices import QuestionStatus, Topic
from ortaq.consultations.models import Answer, Question
from ortaq.schools.models import District


class KeyedForm(forms.Form):
    """A form with a one-time key, so that a double click sends it once."""

    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class AskForm(KeyedForm):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    title = forms.CharField(label=_("Your question, in one line"), max_length=200)
    body = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_(
            "Say which grades and subject, what you have tried and what you need. Markdown "
            "works: *italics*, **bold**, lists."
        ),
    )


class AnswerForm(KeyedForm):
    body = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )


class PublishForm(forms.Form):
    """What is published: one methodologist's answer, and the public title, question and answer,
    prefilled from the question and the chosen answer (the one she clicked, the one published
    before, or the latest) for her to clear of names."""

    answer = forms.ModelChoiceField(
        label=_("The answer to publish"), queryset=Answer.objects.none(), empty_label=None,
        widget=forms.RadioSelect,
    )  # fmt: skip
    public_title = forms.CharField(label=_("Public title"), max_length=200)
    public_body = forms.CharField(
        label=_("Public text of the question"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Remove the names of people, schools and villages: the published question is anonymous."
        ),
    )
    public_answer = forms.CharField(
        label=_("Public text of the answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_(
            "Prefilled from the chosen answer. Remove the teacher's name, her school, village and "
            "anyone else named: only this text is published, and the teacher keeps the answer "
            "as you wrote it."
        ),
    )

    def __init__(self, *args: Any, question: Question, chosen_id: str = "", **kwargs: Any) -> None:
        """``chosen_id`` is the answer she clicked "Publish this answer" beside (any text: an
        id that is not one of the methodologists' answers to this question is ignored)."""
        kwargs.setdefault("auto_id", "publish_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        field.queryset = question.answers.filter(by_asker=False)  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: a.body[:120]  # type: ignore[attr-defined]
        if self.is_bound:
            return
        answers = [a for a in question.answers.all() if not a.by_asker]
        chosen = next((a for a in answers if str(a.pk) == chosen_id), None)
        published = next((a for a in answers if a.pk == question.published_answer_id), None)
        if chosen is None or chosen.pk == question.published_answer_id:
            # What was published before, as she left it; else the latest answer.
            chosen = published or (answers[-1] if answers else None)
            public_answer = question.public_answer if published else ""
        else:
            public_answer = ""  # another answer is chosen: start from its own text
        self.initial.setdefault("public_title", question.public_title or question.title)
        self.initial.setdefault("public_body", question.public_body or question.body)
        if chosen is not None:
            self.initial.setdefault("answer", chosen.pk)
            self.initial.setdefault("public_answer", public_answer or chosen.body)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + QuestionStatus.choices, required=False
    )
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("All"))] + Topic.choices, required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    small_scale = forms.BooleanField(label=_("Small-scale schools only"), required=False)

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class AnswersSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("All"))] + Topic.choices, required=False
    )
