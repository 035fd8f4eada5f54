"""Who may download a certificate's PDF is one rule: ``Certificate.objects.downloadable_by``
(her list of certificates) agrees with ``certificates.download_certificate`` (the PDF, on the
page and in the API) for every role of the role matrix on valid and revoked certificates of
people of every place."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ortaq.certificates.models import Certificate
from ortaq.schools.models import School
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix

pytestmark = pytest.mark.django_db


def test_who_downloads_a_certificate_is_one_rule(reference_data: None) -> None:
    places = make_places()
    people = role_matrix(places)
    # Any object may be an achievement; a school stands in for one here.
    kind = ContentType.objects.get_for_model(School)
    certificates = {}
    holders = ["no role@school", "teacher@far_school", "admin@country", "deactivated admin"]
    for n, name in enumerate(holders):
        for revoked in (False, True):
            label = f"{name}'s{' revoked' if revoked else ''}"
            certificates[label] = Certificate.objects.create(
                holder=people[name],
                holder_name=name,
                content_type=kind,
                object_id=2 * n + revoked,
                title=label,
                description="…",
                language="kk",
                issued_at=timezone.now(),
                revoked_at=timezone.now() if revoked else None,
                revoke_reason="Қате" if revoked else "",
            )
    assert_same_rule(
        people=people,
        objects=certificates,
        rows=lambda user: Certificate.objects.downloadable_by(user),
        allowed="certificates.download_certificate",
    )
