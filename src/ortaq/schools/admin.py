from django.contrib import admin

from ortaq.schools.models import District, Region, School


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("code", "name_kk", "name_ru", "name_en", "kind")
    ordering = ("code",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ("name_kk", "name_ru", "name_en", "region")
    list_filter = ("region",)
    search_fields = ("name_kk", "name_ru", "name_en")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ("name_kk", "name_ru", "bin", "region", "district", "locality", "small_scale")
    list_filter = ("region", "locality", "small_scale", "multigrade", "languages")
    search_fields = ("name_kk", "name_ru", "bin")
    list_select_related = ("region", "district")
    raw_id_fields = ("district",)
