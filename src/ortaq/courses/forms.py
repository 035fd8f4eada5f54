from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.choices import Language
from ortaq.accounts.models import User
from ortaq.accounts.queries import active_user_by_email
from ortaq.core.forms import DayInput
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, Level, QuestionKind, SchoolKind
from ortaq.courses.models import Activity, Cohort, Course, Question
from ortaq.courses.models.learning import ReportScope
from ortaq.courses.queries.progress import SORTS, STATUSES, ProgressFilter
from ortaq.courses.services import (
    ActivityFields,
    ChoiceFields,
    CourseFields,
    Criteria,
    QuestionFields,
)
from ortaq.schools.forms import SchoolByBinField, offer_every_district
from ortaq.schools.models import District, Region
from ortaq.schools.places import Places, narrow_place_fields

AUDIENCE_ROLES = [
    (Role.TEACHER, _("Teachers")),
    (Role.PRINCIPAL, _("School heads")),
    (Role.FACILITATOR, _("Facilitators")),
    (Role.COORDINATOR, _("Methodologists")),
]


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any")), *Language.choices], required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("Any")
    )
    role = forms.ChoiceField(
        label=_("For"), choices=[("", _("Anyone")), *AUDIENCE_ROLES], required=False
    )
    school_kind = forms.ChoiceField(
        label=_("School"), choices=[("", _("Any")), *SchoolKind.choices], required=False
    )


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the course"), choices=Language.choices)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What teachers will learn, in a few sentences. Markdown."),
    )
    hours = forms.IntegerField(
        label=_("Professional-development hours"), min_value=1, max_value=500
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for teachers of every subject."),
    )
    school_kinds = forms.MultipleChoiceField(
        label=_("Kinds of school"),
        choices=SchoolKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every school."),
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=AUDIENCE_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for everyone."),
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DayInput())
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DayInput())
    self_assessment = forms.BooleanField(
        label=_("Ask for a self-assessment before and after"), required=False
    )
    reminder_days = forms.IntegerField(
        label=_("Remind a teacher after this many days without progress"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Empty: no reminders."),
    )

    @classmethod
    def for_course(cls, course: Course, data: Any = None) -> "CourseForm":
        initial = {
            name: getattr(course, name)
            for name in (
                "title", "language", "summary", "hours", "school_kinds", "audience_roles",
                "opens_on", "closes_on", "self_assessment", "reminder_days",
            )
        }  # fmt: skip
        initial["subjects"] = list(course.subjects.all())
        form = cls(data, initial=initial)
        form.fields["language"].disabled = True
        return form

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The course cannot close before it opens."))
        return data

    def course_fields(self) -> CourseFields:
        data = self.cleaned_data
        return CourseFields(
            title=data["title"],
            summary=data["summary"],
            hours=data["hours"],
            subjects=tuple(data["subjects"]),
            school_kinds=tuple(data["school_kinds"]),
            audience_roles=tuple(data["audience_roles"]),
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            self_assessment=data["self_assessment"],
            reminder_days=data["reminder_days"],
        )


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# The fields each kind of activity shows in its form, after title, required and minutes.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ActivityKind.PAGE: ("body",),
    ActivityKind.VIDEO: ("body", "video_file", "video_url", "captions", "poster", "transcript"),
    ActivityKind.QUIZ: ("body", "pass_mark", "max_attempts", "shuffle"),
    ActivityKind.REFLECTION: ("body", "review_required", "allow_file"),
    ActivityKind.DISCUSSION: ("body",),
    ActivityKind.INTERACTIVE: ("body", "embed_url"),
    ActivityKind.FILE: ("body", "file"),
}
UPLOAD_FIELDS = ("video_file", "captions", "poster", "file")


class ActivityForm(forms.ModelForm[Activity]):
    """One form for every kind; it keeps only the fields the kind uses."""

    class Meta:
        model = Activity
        fields = (
            "title", "required", "minutes", "body", "video_file", "video_url", "captions",
            "poster", "transcript", "file", "embed_url", "pass_mark", "max_attempts", "shuffle",
            "review_required", "allow_file",
        )  # fmt: skip
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "transcript": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"title", "required", "minutes", *KIND_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == ActivityKind.VIDEO:
            self.fields["video_file"].help_text = _("MP4 or WebM, up to 500 MB; or a link below.")
            self.fields["transcript"].help_text = _(
                "The words of the video: teachers on a slow connection read this instead."
            )

    def _post_clean(self) -> None:
        # Validation of the whole activity happens in the service, with the uploads checked.
        pass

    def activity_fields(self) -> ActivityFields:
        data = self.cleaned_data
        uploads = {name: data[name] for name in UPLOAD_FIELDS if data.get(name)}
        # A ticked "Clear" box cleans to False.
        cleared = tuple(name for name in UPLOAD_FIELDS if data.get(name) is False)
        values = {
            name: data[name]
            for name in self.fields
            if name not in UPLOAD_FIELDS and name in data and data[name] is not None
        }
        return ActivityFields(kind=self.kind, uploads=uploads, cleared=cleared, **values)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    true_false_answer = forms.TypedChoiceField(
        label=_("The statement is"),
        choices=[("", "—"), ("true", _("true")), ("false", _("false"))],
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )
    accepted_answers = forms.CharField(
        label=_("Accepted answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a short answer: one per line. Case and spaces are ignored."),
    )
    feedback_correct = forms.CharField(label=_("Feedback when right"), required=False)
    feedback_incorrect = forms.CharField(label=_("Feedback when wrong"), required=False)

    OPTIONS = 6

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(self.OPTIONS):
            self.fields[f"option_{i}"] = forms.CharField(
                label=_("Option %(number)s") % {"number": i + 1}, required=False, max_length=500
            )
            self.fields[f"correct_{i}"] = forms.BooleanField(
                label=_("Option %(number)s is correct") % {"number": i + 1}, required=False
            )
            self.fields[f"feedback_{i}"] = forms.CharField(
                label=_("Feedback for option %(number)s") % {"number": i + 1},
                required=False,
                max_length=500,
            )

    @classmethod
    def for_question(cls, question: Question, data: Any = None) -> "QuestionForm":
        initial: dict[str, Any] = {
            "kind": question.kind,
            "text": question.text,
            "true_false_answer": (
                "" if question.true_false_answer is None
                else ("true" if question.true_false_answer else "false")
            ),
            "accepted_answers": "\n".join(question.accepted_answers),
            "feedback_correct": question.feedback_correct,
            "feedback_incorrect": question.feedback_incorrect,
        }  # fmt: skip
        for i, choice in enumerate(question.choices.all()):
            initial.update(
                {f"option_{i}": choice.text, f"correct_{i}": choice.correct,
                 f"feedback_{i}": choice.feedback}
            )  # fmt: skip
        return cls(data, initial=initial)

    def option_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"option_{i}"], self[f"correct_{i}"], self[f"feedback_{i}"])
            for i in range(self.OPTIONS)
        ]

    def question_fields(self) -> QuestionFields:
        data = self.cleaned_data
        return QuestionFields(
            kind=data["kind"],
            text=data["text"],
            choices=tuple(
                ChoiceFields(data[f"option_{i}"], data[f"correct_{i}"], data[f"feedback_{i}"])
                for i in range(self.OPTIONS)
            ),
            true_false_answer=data["true_false_answer"],
            accepted_answers=tuple(data["accepted_answers"].splitlines()),
            feedback_correct=data["feedback_correct"],
            feedback_incorrect=data["feedback_incorrect"],
        )


class AssessmentItemsForm(forms.Form):
    items = forms.CharField(
        label=_("Statements"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line, such as “I can adapt a lesson for a pupil with special "
            "educational needs”. Teachers rate each from poor to excellent."
        ),
    )


class EmailForm(forms.Form):
    """A person named by the e-mail of her account: cleans to the ``User``."""

    email = forms.EmailField(label=_("E-mail of the person"))

    def clean_email(self) -> User:
        person = active_user_by_email(self.cleaned_data["email"])
        if person is None:
            raise forms.ValidationError(_("No account has this e-mail."))
        return person


class SelfAssessmentForm(forms.Form):
    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=Level.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def levels(self) -> dict[int, int]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items()}


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(
        label=_("A file (optional)"),
        required=False,
        help_text=_("PDF, Word, PowerPoint, JPEG or PNG, up to 20 MB."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("Any")
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DayInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DayInput())

    def __init__(self, *args: Any, places: Places | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            # A cohort is for a region she organises in (a whole region, not one district).
            narrow_place_fields(self, Places(places.everything, places.regions))

    @classmethod
    def for_cohort(cls, cohort: Cohort, data: Any = None, *, places: Places) -> "CohortForm":
        return cls(
            data,
            places=places,
            initial={
                "name": cohort.name,
                "region": cohort.region,
                "starts_on": cohort.starts_on,
                "ends_on": cohort.ends_on,
            },
        )


class CriteriaForm(forms.Form):
    """Enrol everyone who matches: a region or district, kinds of school, a role."""

    cohort = forms.ModelChoiceField(
        label=_("Into the cohort"), queryset=Cohort.objects.none(), required=False,
        empty_label=_("No cohort"),
    )  # fmt: skip
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    school_kinds = forms.MultipleChoiceField(
        label=_("Kinds of school"),
        choices=SchoolKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    role = forms.ChoiceField(label=_("Role"), choices=AUDIENCE_ROLES, initial=Role.TEACHER)

    def __init__(self, *args: Any, course: Course, places: Places, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort_field = self.fields["cohort"]
        cohort_field.queryset = course.cohorts.all()  # type: ignore[attr-defined]
        offer_every_district(self.fields["district"])
        # Only the places she looks after: another region's teachers are not hers to enrol.
        narrow_place_fields(self, places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, region = data.get("district"), data.get("region")
        if district is not None and region is not None and district.region_id != region.pk:
            self.add_error("district", _("This district is in another region."))
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            region=data["region"],
            district=data["district"],
            school_kinds=tuple(data["school_kinds"]),
            role=data["role"],
        )


class CsvEnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Into the cohort"), queryset=Cohort.objects.none(), required=False,
        empty_label=_("No cohort"),
    )  # fmt: skip
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A column email or iin (or both), one teacher per line; UTF-8, “,” or “;”."),
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        # The enrolment page shows this form beside CriteriaForm, which has a cohort field too:
        # ids of their own keep every label pointing at its field.
        kwargs.setdefault("auto_id", "csv_%s")
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = course.cohorts.all()  # type: ignore[attr-defined]


class ReportFilterForm(forms.Form):
    whole_group = forms.ChoiceField(
        label=_("Languages"),
        choices=[("1", _("All languages together")), ("0", _("This language only"))],
        required=False,
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    school_bin = SchoolByBinField(required=False)

    def __init__(self, *args: Any, course: Course, scope: ReportScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = scope.places()
        self.fields["cohort"].queryset = (  # type: ignore[attr-defined]
            Cohort.objects.filter(course__group_id=course.group_id)
            .filter(scope.cohorts_q())
            .distinct()
        )
        regions = places.regions
        # Districts are offered for the region chosen, or for the viewer's own regions: the
        # whole country's 200-odd districts would make the page heavy for nothing.
        chosen = self.data.get("region") if self.is_bound else None
        wanted = (int(chosen),) if chosen and str(chosen).isdigit() else regions
        district_field = self.fields["district"]
        self.offers_districts = bool(wanted)
        if wanted:
            offer_every_district(district_field)
            district_field.queryset = district_field.queryset.filter(  # type: ignore[attr-defined]
                region_id__in=wanted
            )
        else:
            del self.fields["district"]
        narrow_place_fields(self, places)


class CompletionsFilterForm(forms.Form):
    """Narrow a course's completions to a cohort, or find a teacher by name or e-mail."""

    q = forms.CharField(label=_("Name or e-mail"), max_length=100, required=False)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(  # type: ignore[attr-defined]
            course=course
        ).order_by("name")


IDLE_CHOICES = [
    ("", _("Any")),
    ("3", _("3 days or more")),
    ("7", _("7 days or more")),
    ("14", _("14 days or more")),
    ("30", _("30 days or more")),
]


class ProgressFilterForm(forms.Form):
    """Narrow a course's teachers by status, place, cohort and days without a step; sort them.

    Regions and districts offered are only those the viewer looks after."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    idle = forms.ChoiceField(label=_("No step for"), choices=IDLE_CHOICES, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    school_bin = SchoolByBinField(required=False)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )
    q = forms.CharField(label=_("Name or e-mail"), max_length=100, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, course: Course, scope: ReportScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = scope.places()
        self.fields["status"].choices = [("", _("All")), *STATUSES]  # type: ignore[attr-defined]
        self.fields["sort"].choices = SORTS  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = (  # type: ignore[attr-defined]
            Cohort.objects.filter(course__group_id=course.group_id)
            .filter(scope.cohorts_q())
            .distinct()
            .order_by("name")
        )
        chosen = self.data.get("region") if self.is_bound else None
        wanted = (int(chosen),) if chosen and str(chosen).isdigit() else places.regions
        district_field = self.fields["district"]
        if wanted or places.districts:
            offer_every_district(district_field)
            district_field.queryset = district_field.queryset.filter(  # type: ignore[attr-defined]
                Q(region_id__in=wanted) | Q(pk__in=places.districts)
            )
        else:
            del self.fields["district"]
        narrow_place_fields(self, places)
        self.places = places

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        school = data.get("school_bin")
        places = self.places
        if (
            school is not None
            and (places.regions or places.districts)
            and not places.everything
            and school.region_id not in places.regions
            and school.district_id not in places.districts
        ):
            self.add_error("school_bin", _("This school is not among the places you look after."))
        return data

    def filters(self) -> ProgressFilter:
        """The filter the form asks for (none of its fields when it is not valid)."""
        data = self.cleaned_data if self.is_valid() else {}
        idle = data.get("idle")
        return ProgressFilter(
            status=data.get("status") or "",
            region=data.get("region"),
            district=data.get("district"),
            school=data.get("school_bin"),
            cohort=data.get("cohort"),
            idle_days=int(idle) if idle else None,
            q=data.get("q") or "",
            sort=data.get("sort") or "name",
        )
