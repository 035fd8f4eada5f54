"""The places (regions and districts) a person acts on, and the choices a form offers from them.

A form that offers every region of the country to a methodologist of one region invites a
choice that is refused after submitting (or, worse, silently matches nobody). ``Places`` says
which regions and districts she may act on; ``narrow_place_fields`` limits a form's ``region``
and ``district`` selects to them, and ``covers`` is the check a service makes of what arrives.
"""

from dataclasses import dataclass
from typing import cast

from django import forms
from django.db.models import Q, QuerySet

from ortaq.schools.models import District, Region


@dataclass(frozen=True, slots=True)
class Places:
    everything: bool
    regions: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()

    def region_choices(self) -> QuerySet[Region]:
        """Her regions, and the regions of her districts (to narrow a list to one of them)."""
        if self.everything:
            return Region.objects.all()
        return Region.objects.filter(
            Q(pk__in=self.regions) | Q(districts__pk__in=self.districts)
        ).distinct()

    def district_choices(self) -> QuerySet[District]:
        if self.everything:
            return District.objects.all()
        return District.objects.filter(Q(region_id__in=self.regions) | Q(pk__in=self.districts))

    def covers(self, *, region: Region | None = None, district: District | None = None) -> bool:
        """Whether a choice of region or district stays within her places: a district of hers
        or of her regions; a region of hers or one holding a district of hers (she then acts
        on her districts of it)."""
        if self.everything:
            return True
        if district is not None:
            return district.pk in self.districts or district.region_id in self.regions
        if region is not None:
            return (
                region.pk in self.regions
                or District.objects.filter(region=region, pk__in=self.districts).exists()
            )
        return True  # "all": all of her places


def narrow_place_fields(form: forms.Form, places: Places) -> None:
    """Offer in the form's ``region`` and ``district`` selects only her places."""
    if places.everything:
        return
    if "region" in form.fields:
        region = cast(forms.ModelChoiceField[Region], form.fields["region"])
        region.queryset = places.region_choices()
    if "district" in form.fields:
        district = cast(forms.ModelChoiceField[District], form.fields["district"])
        offered = district.queryset if district.queryset is not None else District.objects.all()
        district.queryset = offered.filter(pk__in=places.district_choices().values("pk"))
