from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region, School
from ortaq.schools.services import SchoolFields


def offer_every_district(field: forms.Field) -> None:
    """Let a select list every district of the country, each named with its region."""
    district_field = cast(forms.ModelChoiceField[District], field)
    district_field.queryset = District.objects.select_related("region").order_by(
        "region__code", "name_kk", "name_ru"
    )

    def label(obj: District) -> str:
        return f"{obj.region.name}: {obj.name}"

    district_field.label_from_instance = label  # type: ignore[method-assign]


class SchoolByBinField(forms.CharField):
    """A school named by its BIN: cleans to the ``School``, or None when left empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("School's BIN"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(max_length=12, **kwargs)

    def clean(self, value: Any) -> School | None:
        found = super().clean(value)
        if not found:
            return None
        school = School.objects.filter(bin=found).first()
        if school is None:
            raise forms.ValidationError(_("No school has this BIN."))
        return school


class SchoolSearchForm(forms.Form):
    """The directory's filters; every field is optional and works without JavaScript."""

    q = forms.CharField(label=_("Name or BIN"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("All")
    )
    locality = forms.ChoiceField(
        label=_("Locality"), choices=[("", _("All")), *Locality.choices], required=False
    )
    small_scale = forms.TypedChoiceField(
        label=_("Small-scale"),
        choices=[("", _("All")), ("yes", _("Small-scale only")), ("no", _("Not small-scale"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_id = self.data.get("region") if self.is_bound else None
        # The district filter is offered once a region is chosen (the page reloads without JS).
        self.has_region = bool(region_id and str(region_id).isdigit())
        if self.has_region:
            district_field = cast(forms.ModelChoiceField[District], self.fields["district"])
            district_field.queryset = District.objects.filter(region_id=int(str(region_id)))


class SchoolForm(forms.ModelForm[School]):
    """A school's record, for adding one or for its head and methodologists to correct it."""

    class Meta:
        model = School
        fields = (
            "name_kk",
            "name_ru",
            "bin",
            "region",
            "district",
            "locality",
            "small_scale",
            "pupils",
            "languages",
            "multigrade",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_every_district(self.fields["district"])
        self.fields["bin"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_bin(self) -> str | None:
        return self.cleaned_data["bin"] or None

    def school_fields(self) -> SchoolFields:
        data = self.cleaned_data
        return SchoolFields(
            name_kk=data["name_kk"],
            name_ru=data["name_ru"],
            bin=data["bin"],
            region_id=data["region"].pk,
            district_id=data["district"].pk if data["district"] else None,
            locality=data["locality"],
            small_scale=data["small_scale"],
            pupils=data["pupils"],
            languages=data["languages"],
            multigrade=data["multigrade"],
        )
