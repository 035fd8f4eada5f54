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
from ortaq.networks.models import Association
from ortaq.schools.models import District, Region, School
from ortaq.schools.queries import schools_named

# The fields that say who holds an event, asked on creation only.
ORGANISER_FIELDS = ("organiser", "school", "association", "office")
# A school's name matching more schools than this is refused (the list names these).
SCHOOLS_NAMED = 5
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
    """An event's texts in each language and its details; on creation, who holds it: only the
    kinds of organiser she may take, a school named by its name or BIN (checked on the server:
    none or several matching are refused, saying so), her associations, her offices."""

    organiser = forms.ChoiceField(label=_("Organised by"))
    school = forms.CharField(
        label=_("School"),
        max_length=200,
        required=False,
        help_text=_("For an event held by a school: its name, or its BIN (12 digits)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    association = forms.ChoiceField(label=_("Association"), required=False)
    office = forms.ChoiceField(label=_("Methodological office"), required=False)
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
        self.choices = choices
        self.offices: dict[str, Organiser] = {}
        self.associations: dict[str, Association] = {}
        self.chosen: Organiser | None = None
        if choices is None:
            # Editing: the organiser stays; the recommendations come after the event.
            for name in ORGANISER_FIELDS:
                del self.fields[name]
            return
        for name in ("outcome_kk", "outcome_ru", "outcome_en"):
            del self.fields[name]
        # Each list read once (four queries, as many as the organisers offered by name took):
        # which kinds she may take follows from them.
        schools = list(choices.schools.order_by("pk")[:2])
        associations = list(choices.associations.order_by("slug"))
        regions = list(choices.regions.order_by("pk"))
        districts = list(choices.districts.select_related("region").order_by("region_id", "pk"))
        kinds = [
            kind
            for kind, present in (
                (OrganiserKind.PERSON, choices.person),
                (OrganiserKind.SCHOOL, schools),
                (OrganiserKind.ASSOCIATION, associations),
                (OrganiserKind.OFFICE, regions or districts),
            )
            if present
        ]
        labels = {
            OrganiserKind.PERSON: _("Myself"),
            OrganiserKind.SCHOOL: _("A school"),
            OrganiserKind.ASSOCIATION: _("An association of schools"),
            OrganiserKind.OFFICE: _("A methodological office"),
        }
        self._offer("organiser", [(kind, labels[kind]) for kind in kinds], blank=False)
        if schools:
            if len(schools) == 1:
                # A school head keeps one school: it is written in for her.
                self.fields["school"].initial = schools[0].name
        else:
            del self.fields["school"]
        if associations:
            self.associations = {str(a.pk): a for a in associations}
            self._offer("association", [(str(a.pk), a.name) for a in associations])
        else:
            del self.fields["association"]
        if regions or districts:
            self._offer_offices(regions, districts)
        else:
            del self.fields["office"]

    def _offer(self, name: str, offered: list[tuple[str, Any]], blank: bool = True) -> None:
        """Offer ``offered`` in the choice field ``name``, chosen already when it is the only
        one."""
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "—"), *offered] if blank and len(offered) > 1 else offered
        if len(offered) == 1:
            field.initial = offered[0][0]

    def _offer_offices(self, regions: list[Region], districts: list[District]) -> None:
        offered: list[tuple[str, Any]] = []
        for region in regions:
            key = f"region:{region.pk}"
            offered.append((key, _("Methodological office of %(place)s") % {"place": region.name}))
            self.offices[key] = Organiser(OrganiserKind.OFFICE, region=region)
        for district in districts:
            key = f"district:{district.pk}"
            offered.append(
                (key, _("Methodological office of %(place)s") % {"place": district.name})
            )
            self.offices[key] = Organiser(
                OrganiserKind.OFFICE, region=district.region, district=district
            )
        self._offer("office", offered)

    def clean_school(self) -> str:
        text: str = self.cleaned_data.get("school") or ""
        return " ".join(text.split())

    def _chosen_school(self, text: str) -> School | None:
        """The one school she may hold events for that ``text`` names; else the reason on the
        form: none, or several (named, so that she can tell them apart)."""
        assert self.choices is not None  # noqa: S101 - creating
        if not text:
            self.add_error("school", _("Write the school's name or its BIN."))
            return None
        found = schools_named(text=text, among=self.choices.schools, limit=SCHOOLS_NAMED + 1)
        if not found:
            self.add_error(
                "school",
                _("No school you may hold an event for has this name or BIN: “%(text)s”.")
                % {"text": text},
            )
            return None
        if len(found) > 1:
            shown = found[:SCHOOLS_NAMED]
            names = "; ".join(f"{s.name} ({s.bin})" if s.bin else s.name for s in shown)
            if len(found) > SCHOOLS_NAMED:
                names += "; …"
            self.add_error(
                "school",
                _(
                    "Several schools match “%(text)s”: %(names)s. Write more of the name, or "
                    "the BIN."
                )
                % {"text": text, "names": names},
            )
            return None
        return found[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.choices is not None:
            self._clean_organiser(data)
        if not (data.get("title_kk") or data.get("title_ru") or data.get("title_en")):
            raise forms.ValidationError(_("Give the event's title in at least one language."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        if data.get("mode") in (Mode.IN_PERSON, Mode.BOTH) and not data.get("venue"):
            self.add_error("venue", _("Say where the event is held."))
        return data

    def _clean_organiser(self, data: dict[str, Any]) -> None:
        kind = data.get("organiser")
        if kind == OrganiserKind.PERSON:
            self.chosen = Organiser(OrganiserKind.PERSON)
        elif kind == OrganiserKind.SCHOOL:
            school = self._chosen_school(data.get("school") or "")
            if school is not None:
                self.chosen = Organiser(OrganiserKind.SCHOOL, school=school)
        elif kind == OrganiserKind.ASSOCIATION:
            association = self.associations.get(data.get("association") or "")
            if association is None:
                self.add_error("association", _("Choose the association."))
            else:
                self.chosen = Organiser(OrganiserKind.ASSOCIATION, association=association)
        elif kind == OrganiserKind.OFFICE:
            office = self.offices.get(data.get("office") or "")
            if office is None:
                self.add_error("office", _("Choose the methodological office."))
            else:
                self.chosen = office

    def organiser_chosen(self) -> Organiser:
        assert self.chosen is not None  # noqa: S101 - the form is valid
        return self.chosen

    def event_data(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ORGANISER_FIELDS and name in self.fields
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
