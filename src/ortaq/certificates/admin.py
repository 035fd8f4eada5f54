from django.contrib import admin

from ortaq.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ("code", "holder_name", "title", "issued_at", "revoked_at")
    search_fields = ("code", "holder_name", "holder__email", "title")
    readonly_fields = ("code", "holder", "content_type", "object_id", "issued_at", "pdf")
