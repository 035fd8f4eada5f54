"""Addresses of the library's pages that other pages, packs and e-mails link to."""

from django.urls import reverse

from ortaq.discussions.links import Links


def resource_url(resource_id: int) -> str:
    """A resource's page (``library:resource``)."""
    return reverse("library:resource", args=[resource_id])


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
