from django.urls import URLPattern, path

from ortaq.library import (
    urls_summative,
    views_catalogue,
    views_collections,
    views_readers,
    views_reports,
)
from ortaq.library import views_authoring as authoring
from ortaq.library import views_review as review

app_name = "library"
urlpatterns: list[URLPattern] = [
    # Finding things and the report (views_catalogue, views_reports).
    path("", views_catalogue.catalogue_page, name="catalogue"),
    path("report/", views_reports.report, name="report"),
    # Writing a resource, its pages and its versions.
    path("new/", authoring.resource_new, name="resource_new"),
    path("r/<int:resource_id>/", authoring.resource, name="resource"),
    path("r/<int:resource_id>/v/<int:number>/", authoring.version, name="version"),
    path("r/<int:resource_id>/compare/", authoring.compare, name="compare"),
    path("r/<int:resource_id>/edit/", authoring.edit, name="edit"),
    path("r/<int:resource_id>/files/", authoring.attachment_add, name="attachment_add"),
    path(
        "r/<int:resource_id>/files/<int:file_id>/remove/",
        authoring.attachment_remove,
        name="attachment_remove",
    ),
    path("r/<int:resource_id>/submit/", authoring.submit, name="submit"),
    path("r/<int:resource_id>/withdraw/", authoring.withdraw, name="withdraw"),
    path("r/<int:resource_id>/new-version/", authoring.version_start, name="version_start"),
    path("r/<int:resource_id>/comments/", authoring.comment, name="comment"),
    path("files/<int:file_id>/", authoring.download, name="download"),
    path("people/<int:contributor_id>/", authoring.person, name="person"),
    # The review.
    path("moderation/", review.moderation, name="moderation"),
    path("moderation/<int:version_id>/", review.moderation_check, name="moderation_check"),
    path("reviews/", review.reviews, name="reviews"),
    path("reviews/<int:expert_review_id>/", review.review, name="review"),
]

# Collections (views_collections) and what readers do on a resource (views_readers).
urlpatterns += [
    path("collections/", views_collections.collections, name="collections"),
    path("collections/new/", views_collections.collection_create, name="collection_create"),
    path("collections/<int:collection_id>/", views_collections.collection, name="collection"),
    path(
        "collections/<int:collection_id>/edit/",
        views_collections.collection_edit,
        name="collection_edit",
    ),
    path(
        "collections/<int:collection_id>/delete/",
        views_collections.collection_delete,
        name="collection_delete",
    ),
    path(
        "collections/<int:collection_id>/items/<int:resource_id>/move/",
        views_collections.collection_move,
        name="collection_move",
    ),
    path(
        "collections/<int:collection_id>/items/<int:resource_id>/remove/",
        views_collections.collection_remove,
        name="collection_remove",
    ),
    path(
        "collections/<int:collection_id>/pack.zip",
        views_collections.collection_zip,
        name="collection_zip",
    ),
    path(
        "collections/<int:collection_id>/collection.pdf",
        views_collections.collection_pdf,
        name="collection_pdf",
    ),
    path("r/<int:resource_id>/collect/", views_collections.collection_add, name="collection_add"),
    path("r/<int:resource_id>/rate/", views_readers.rate, name="rate"),
    path("r/<int:resource_id>/discussion/", views_readers.comment, name="reader_comment"),
    path(
        "r/<int:resource_id>/discussion/<int:post_id>/report/",
        views_readers.comment_report,
        name="comment_report",
    ),
    path(
        "r/<int:resource_id>/discussion/<int:post_id>/edit/",
        views_readers.comment_edit,
        name="comment_edit",
    ),
    path(
        "r/<int:resource_id>/discussion/<int:post_id>/moderate/",
        views_readers.comment_moderate,
        name="comment_moderate",
    ),
    path(
        "r/<int:resource_id>/discussion/files/<int:attachment_id>/",
        views_readers.comment_file,
        name="comment_file",
    ),
    path(
        "r/<int:resource_id>/discussion/moderation/",
        views_readers.comments_moderation,
        name="comments_moderation",
    ),
]

# Summative tasks, mark sheets and the rules for marks (views_summative).
urlpatterns += urls_summative.urlpatterns
