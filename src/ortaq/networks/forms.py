"""Forms of associations: creating one and its text, finding and adding schools, appointing
people, and news."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import active_user_by_email
from ortaq.networks.choices import LANGUAGES
from ortaq.networks.models import SLUG_LENGTH
from ortaq.networks.services import AssociationText, slug_problem
from ortaq.schools.models import District, Region, School

MARKDOWN = _("Markdown works: **bold**, lists, links.")


class AssociationSearchForm(forms.Form):
    """The directory's filters: words of a name, and a region."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )


class AssociationTextForm(forms.Form):
    """Its name and about text in Kazakh, Russian and English (a name in Kazakh or Russian)."""

    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200, required=False)
    name_en = forms.CharField(
        label=_("Name in English"), max_length=200, required=False, help_text=_("Optional.")
    )
    about_kk = forms.CharField(
        label=_("About the association, in Kazakh"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "kk"}),
        required=False,
        max_length=10_000,
        help_text=MARKDOWN,
    )
    about_ru = forms.CharField(
        label=_("About the association, in Russian"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "ru"}),
        required=False,
        max_length=10_000,
        help_text=MARKDOWN,
    )
    about_en = forms.CharField(
        label=_("About the association, in English"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}),
        required=False,
        max_length=10_000,
        help_text=_("Optional. A page in a language the association has not written in shows "
                    "another of its languages, and says so."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_kk"].widget.attrs["lang"] = "kk"
        self.fields["name_ru"].widget.attrs["lang"] = "ru"
        self.fields["name_en"].widget.attrs["lang"] = "en"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_kk", "").strip() or data.get("name_ru", "").strip()):
            self.add_error("name_kk", _("Give the association's name in Kazakh or in Russian."))
        return data

    def text(self) -> AssociationText:
        data = self.cleaned_data
        return AssociationText(**{name: data[name] for name in AssociationText.__annotations__})


class AssociationCreateForm(AssociationTextForm):
    """A new association: its address, its region (one she looks after) and first coordinator."""

    slug = forms.CharField(
        label=_("Address"),
        min_length=SLUG_LENGTH[0],
        max_length=SLUG_LENGTH[1],
        help_text=_("What its site's address ends with, after /networks/: karasai-schools, "
                    "say. Lower-case Latin letters, digits and hyphens; it cannot be changed "
                    "later."),
    )  # fmt: skip
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    coordinator = forms.EmailField(
        label=_("E-mail of its first coordinator"),
        help_text=_("Someone with an account on Ortaq: you, or a teacher of one of its schools. "
                    "Coordinators add the schools and write the news."),
    )  # fmt: skip
    field_order = ("slug", "region", "coordinator")

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = cast(forms.ModelChoiceField[Region], self.fields["region"])
        region_field.queryset = regions
        if regions.count() == 1:
            region_field.empty_label = None
        self.fields["slug"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].strip().lower()
        problem = slug_problem(slug)
        if problem is not None:
            raise forms.ValidationError(problem)
        return slug

    def clean_coordinator(self) -> User:
        email: str = self.cleaned_data["coordinator"]
        person = active_user_by_email(email)
        if person is None:
            raise forms.ValidationError(_("No active account has this e-mail."))
        return person


class SchoolFindForm(forms.Form):
    """Find schools of the association's region to add (the page reloads without script)."""

    q = forms.CharField(label=_("Name or BIN"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = cast(forms.ModelChoiceField[District], self.fields["district"])
        district_field.queryset = District.objects.filter(region=region).order_by(
            "name_kk", "name_ru"
        )


class MemberSchoolForm(forms.Form):
    """Add or remove one school: one of the association's region (the service says whether it
    is a member already)."""

    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a school of the association's region.")},
    )
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_field = cast(forms.ModelChoiceField[School], self.fields["school"])
        school_field.queryset = School.objects.filter(region=region)


class AppointForm(forms.Form):
    """Appoint someone by the e-mail of her account."""

    email = forms.EmailField(label=_("E-mail"))

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = label

    def clean_email(self) -> User:
        email: str = self.cleaned_data["email"]
        person = active_user_by_email(email)
        if person is None:
            raise forms.ValidationError(_("No active account has this e-mail."))
        return person


class NewsForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the news post a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=20_000,
        help_text=MARKDOWN,
    )
    language = forms.ChoiceField(
        label=_("Written in"), choices=LANGUAGES, help_text=_("Marked so, for screen readers.")
    )
    # A fresh one per form shown: the same form sent twice publishes one post.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
