"""Forms of events: an event, its registration questions, registering, cancelling, and the
calendar's filters. The event form offers only the organisers she may hold it as."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import active_user_by_email
from ortaq.events.choices import LANGUAGES, EventKind, Mode, OrganiserKind, QuestionKind, StaffRole
from ortaq.events.models import ATTENDANCE_MINUTES, MAX_ATTENDANCE_MINUTES, Event, Question
from ortaq.events.services import Organiser, OrganiserChoices
from ortaq.schools.models import Region

# At most this many schools are offered by name (an administrator keeps every school).
SCHOOLS_OFFERED = 300
WHEN = {"type": "datetime-local"}
WHEN_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[WHEN_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs=WHEN, format=WHEN_FORMAT),
        help_text=_("Kazakhstan time (UTC+5)."),
    )


class EventForm(forms.Form):
    """An event's texts in each language and its details; on creation, who holds it."""

    organiser = forms.ChoiceField(label=_("Organised by"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=300, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    description_kk = forms.CharField(
        label=_("Description in Kazakh"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    description_ru = forms.CharField(
        label=_("Description in Russian"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    mode = forms.ChoiceField(label=_("Held"), choices=Mode.choices, initial=Mode.IN_PERSON)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Only registered people see it, each through a personal link."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the event"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["kk"],
    )
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = _when(_("Registration opens"), required=False)
    registration_closes_at = _when(_("Registration closes"), required=False)
    offer_hours = forms.IntegerField(
        label=_("Hours to take a freed seat"),
        min_value=1,
        max_value=24 * 14,
        initial=48,
        help_text=_("A seat freed is offered to the first person waiting for this long."),
    )
    audience_kk = forms.CharField(label=_("Audience, in Kazakh"), max_length=300, required=False)
    audience_ru = forms.CharField(label=_("Audience, in Russian"), max_length=300, required=False)
    audience_en = forms.CharField(label=_("Audience, in English"), max_length=300, required=False)
    audience_region = forms.ModelChoiceField(
        label=_("For teachers of the region"), queryset=Region.objects.all(), required=False
    )
    audience_small_scale = forms.BooleanField(label=_("For small-scale schools"), required=False)
    hours = forms.IntegerField(
        label=_("Hours for the certificate"), min_value=1, max_value=500, required=False
    )
    attendance_minutes = forms.IntegerField(
        label=_("Minutes online that count as attended"),
        min_value=0,
        max_value=MAX_ATTENDANCE_MINUTES,
        initial=ATTENDANCE_MINUTES,
        help_text=_(
            "A video-conference report's minutes, or those from when she followed her personal "
            "join link to the end."
        ),
    )
    outcome_kk = forms.CharField(
        label=_("Recommendations, in Kazakh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome_ru = forms.CharField(
        label=_("Recommendations, in Russian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome_en = forms.CharField(
        label=_("Recommendations, in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, choices: OrganiserChoices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup: dict[str, Organiser] = {}
        if choices is None:
            # Editing: the organiser stays; the recommendations come after the event.
            del self.fields["organiser"]
            return
        for name in ("outcome_kk", "outcome_ru", "outcome_en"):
            del self.fields[name]
        offered: list[tuple[str, Any]] = []
        if choices.person:
            offered.append(("person", _("Myself")))
            self.lookup["person"] = Organiser(OrganiserKind.PERSON)
        for school in choices.schools.order_by("name_kk", "name_ru", "pk")[:SCHOOLS_OFFERED]:
            key = f"school:{school.pk}"
            offered.append((key, _("School: %(name)s") % {"name": school.name}))
            self.lookup[key] = Organiser(OrganiserKind.SCHOOL, school=school)
        for association in choices.associations:
            key = f"association:{association.pk}"
            offered.append((key, _("Association: %(name)s") % {"name": association.name}))
            self.lookup[key] = Organiser(OrganiserKind.ASSOCIATION, association=association)
        for region in choices.regions.order_by("pk"):
            key = f"region:{region.pk}"
            offered.append((key, _("Methodological office of %(place)s") % {"place": region.name}))
            self.lookup[key] = Organiser(OrganiserKind.OFFICE, region=region)
        for district in choices.districts.select_related("region").order_by("region_id", "pk"):
            key = f"district:{district.pk}"
            offered.append(
                (key, _("Methodological office of %(place)s") % {"place": district.name})
            )
            self.lookup[key] = Organiser(
                OrganiserKind.OFFICE, region=district.region, district=district
            )
        organiser = self.fields["organiser"]
        if isinstance(organiser, forms.ChoiceField):
            organiser.choices = offered
        if len(offered) == 1:
            self.fields["organiser"].initial = offered[0][0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_kk") or data.get("title_ru") or data.get("title_en")):
            raise forms.ValidationError(_("Give the event's title in at least one language."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        if data.get("mode") in (Mode.IN_PERSON, Mode.BOTH) and not data.get("venue"):
            self.add_error("venue", _("Say where the event is held."))
        return data

    def organiser_chosen(self) -> Organiser:
        return self.lookup[self.cleaned_data["organiser"]]

    def event_data(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "organiser" and name in self.fields
        }

    @staticmethod
    def initial_of(event: Event) -> dict[str, Any]:
        from ortaq.events.services import DETAIL_FIELDS, TEXT_FIELDS

        initial = {name: getattr(event, name) for name in (*TEXT_FIELDS, *DETAIL_FIELDS)}
        initial["languages"] = event.language_list()
        return initial


class StaffForm(forms.Form):
    """Add someone to the event's staff by the e-mail of her account."""

    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"), choices=StaffRole.choices, initial=StaffRole.MODERATOR
    )

    def clean_email(self) -> User:
        email: str = self.cleaned_data["email"]
        person = active_user_by_email(email)
        if person is None:
            raise forms.ValidationError(_("No active account has this e-mail."))
        return person


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone registered or waiting is told, with this reason."),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Answer"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Choices, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a question with choices."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)


class RegistrationForm(forms.Form):
    """The organisers' questions, one field each."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[("", "—"), *((c, c) for c in question.choice_list())],
                )
            elif question.kind == QuestionKind.YES_NO:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[("yes", _("Yes")), ("no", _("No"))],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=question.required, max_length=1000
                )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions}


class CalendarForm(forms.Form):
    """The calendar's filters: kind, region, language, online."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *EventKind.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Any region"),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *LANGUAGES]
    )
    online = forms.BooleanField(label=_("Online"), required=False)
