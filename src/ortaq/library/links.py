"""Addresses of the library's pages that other pages, packs and e-mails link to."""

from django.urls import NoReverseMatch, reverse

from ortaq.discussions.links import Links


def resource_url(resource_id: int) -> str:
    """A resource's page (``library:resource``). Until that page exists, the catalogue of
    collections stands in for it, so that links and redirects lead somewhere."""
    try:
        return reverse("library:resource", args=[resource_id])
    except NoReverseMatch:
        return reverse("library:collections")


def comment_links(resource_id: int) -> Links:
    """The pages of a resource's comments, for the discussion core's templates."""
    return Links(
        owner_id=resource_id,
        edit="library:comment_edit",
        report="library:comment_report",
        moderate="library:comment_moderate",
        attachment="library:comment_file",
        back="resource",
    )
