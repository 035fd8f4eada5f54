from typing import Any, cast

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.choices import Category, Language
from ortaq.accounts.models import User
from ortaq.accounts.permissions import GrantOffer
from ortaq.accounts.services import ProfileFields
from ortaq.core.kz import validate_iin
from ortaq.core.models import Subject
from ortaq.core.names import validate_person_name
from ortaq.core.roles import Role, ScopeKind
from ortaq.schools.forms import SchoolByBinField, offer_every_district
from ortaq.schools.models import District, Region, School
from ortaq.schools.places import narrow_place_fields


class SignupNamesForm(forms.Form):
    """The names asked at sign-up, on top of django-allauth's e-mail and password."""

    last_name = forms.CharField(
        label=_("Last name"), max_length=100, validators=[validate_person_name]
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=100, validators=[validate_person_name]
    )

    field_order = ("last_name", "first_name")

    def signup(self, request: HttpRequest, user: User) -> None:
        """Nothing more to do: django-allauth's adapter already saved both names on the user."""


class ProfileForm(forms.Form):
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, validators=[validate_person_name]
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=100, validators=[validate_person_name]
    )
    middle_name = forms.CharField(
        label=_("Patronymic"), max_length=100, required=False, validators=[validate_person_name]
    )
    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        min_length=12,
        required=False,
        validators=[validate_iin],
        help_text=_("12 digits. Only you and the administrators see it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("Qualification category"),
        choices=[("", _("Not given")), *Category.choices],
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you teach in"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects you teach"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails and certificates"), choices=Language.choices
    )

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> "ProfileForm":
        profile = user.profile
        initial = {
            "last_name": user.last_name,
            "first_name": user.first_name,
            "middle_name": user.middle_name,
            "iin": profile.iin or "",
            "category": profile.category,
            "languages": profile.languages,
            "subjects": list(profile.subjects.all()),
            "language": user.language,
        }
        return cls(data, initial=initial)

    def profile_fields(self) -> ProfileFields:
        data = self.cleaned_data
        return ProfileFields(
            last_name=data["last_name"],
            first_name=data["first_name"],
            middle_name=data["middle_name"],
            iin=data["iin"] or None,
            category=data["category"],
            languages=tuple(data["languages"]),
            subjects=tuple(data["subjects"]),
            language=data["language"],
        )


class AccountDeleteForm(forms.Form):
    """Her password and her e-mail address typed out: deleting an account cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm_email = forms.CharField(
        label=_("Your e-mail address, to confirm"),
        max_length=254,
        help_text=_("Type the address you sign in with."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, user: User, *args: Any, limited: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.limited = limited

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        # Someone who found her signed in on a shared computer must not learn her password
        # here by trying one after another.
        if self.limited:
            raise forms.ValidationError(_("Too many tries. Wait a minute, then try again."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_confirm_email(self) -> str:
        typed: str = self.cleaned_data["confirm_email"].strip().lower()
        if typed != self.user.email.lower():
            raise forms.ValidationError(
                _("Type your e-mail address exactly: %(email)s") % {"email": self.user.email}
            )
        return typed


class SchoolChoiceForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.all(), widget=forms.HiddenInput)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )


class RoleGrantForm(forms.Form):
    """A role and where it applies: the country, a region, a district or a school."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope_kind = forms.ChoiceField(
        label=_("Where"),
        choices=[c for c in ScopeKind.choices if c[0] != ScopeKind.OBJECT],
        initial=ScopeKind.SCHOOL,
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    school_bin = SchoolByBinField(required=False)

    def __init__(self, *args: Any, offer: GrantOffer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_every_district(self.fields["district"])
        # Only the roles, kinds of place and places she may grant at: the administrator role
        # is not offered to a methodologist, nor another region.
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [(r, label) for r, label in Role.choices if r in offer.roles]
        kind = cast(forms.ChoiceField, self.fields["scope_kind"])
        kind.choices = [(k, label) for k, label in ScopeKind.choices if k in offer.kinds]
        if ScopeKind.SCHOOL not in offer.kinds:
            del self.fields["school_bin"]
        narrow_place_fields(self, offer.places)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("scope_kind")
        data["target"] = None
        if kind == ScopeKind.REGION:
            if not data.get("region"):
                self.add_error("region", _("Choose the region."))
            data["target"] = data.get("region")
        elif kind == ScopeKind.DISTRICT:
            if not data.get("district"):
                self.add_error("district", _("Choose the district."))
            data["target"] = data.get("district")
        elif kind == ScopeKind.SCHOOL:
            school = data.get("school_bin")
            if school is None and "school_bin" not in self.errors:
                self.add_error("school_bin", _("No school has this BIN."))
            data["target"] = school
        return data


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, for example “school report script”."),
    )


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
