"""Uploads in S3-compatible object storage (``ORTAQ_S3_BUCKET``; ``pip install 'ortaq[s3]'``).

The bucket is private and no page carries its address: course materials (under ``courses/``)
are linked at ``MEDIA_URL`` like files on disk and served by ``ortaq.core.files.public_media``,
which reads the byte ranges a video player asks for straight from the bucket; every other file
is sent by a view that checks who asks. Only an operator's tools (the admin) ever get a signed
address, valid for five minutes (``querystring_expire``).
"""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage as BaseS3Storage
from storages.utils import clean_name

CHUNK = 256 * 1024


class S3Storage(BaseS3Storage):  # type: ignore[misc]
    """django-storages' S3 storage, with the site's own links and ranged reads."""

    def url(self, name: str, *args: Any, **kwargs: Any) -> str:
        if clean_name(name).startswith("courses/"):
            return f"{settings.MEDIA_URL}{filepath_to_uri(clean_name(name))}"
        address: str = super().url(name, *args, **kwargs)
        return address

    def read_range(self, name: str, start: int, end: int) -> Iterator[bytes]:
        """The bytes ``start`` to ``end`` (inclusive) of the object, fetched as they are sent."""
        key = self._normalize_name(clean_name(name))
        body = self.bucket.Object(key).get(Range=f"bytes={start}-{end}")["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()
