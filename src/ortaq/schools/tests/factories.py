from typing import Any

import factory

from ortaq.core.tests.utils import valid_id_number
from ortaq.schools.choices import InstructionLanguage, Locality
from ortaq.schools.models import District, Region, School


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    """The regions come from a migration: this fetches one by its code."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "KZ-19"


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    name_kk = factory.Sequence(lambda n: f"Аудан {n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")


def _district(school: Any) -> District:
    district: District = DistrictFactory(region=school.region)  # type: ignore[assignment]
    return district


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    name_kk = factory.Sequence(lambda n: f"№{n} мектеп")
    name_ru = factory.Sequence(lambda n: f"Школа №{n}")
    bin = factory.LazyFunction(lambda: valid_id_number("0504404"))
    region = factory.SubFactory(RegionFactory)
    district = factory.LazyAttribute(_district)
    locality = Locality.RURAL
    small_scale = False
    pupils = 300
    languages = InstructionLanguage.KAZAKH
    multigrade = False


def make_school(**kwargs: Any) -> School:
    """A saved school (typed: factory_boy's calls are not)."""
    school: School = SchoolFactory(**kwargs)  # type: ignore[assignment]
    return school
