"""Certificates in the administration site: read-only.

A certificate is issued by the service that records the completion, exactly once, and revoked
on its page of the site with a reason, which the audit log keeps; neither is done by hand here.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.core.admin import ReadOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin[Certificate]):
    list_display = ("code", "holder_name", "title", "language", "issued_at", "revoked_at")
    list_filter = ("language", "issued_at", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("code", "holder_name", "holder__email", "title")
    fields = (
        "code",
        "holder",
        "holder_name",
        "title",
        "description",
        "hours",
        "language",
        "awarded_for",
        "issued_at",
        "pdf",
        "revoked_at",
        "revoker",
        "revoke_reason",
    )
    readonly_fields = ("awarded_for", "revoker")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Certificate]:
        return super().get_queryset(request).select_related("content_type", "revoked_by")

    @admin.display(description=gettext_lazy("awarded for"))
    def awarded_for(self, obj: Certificate) -> str:
        kind = obj.content_type.name
        achievement = obj.achievement
        if achievement is None:
            return _("%(kind)s no. %(id)s, since deleted") % {"kind": kind, "id": obj.object_id}
        return _("%(kind)s “%(name)s”") % {"kind": kind, "name": achievement}

    @admin.display(description=gettext_lazy("revoked by"))
    def revoker(self, obj: Certificate) -> User | None:
        return obj.revoked_by
