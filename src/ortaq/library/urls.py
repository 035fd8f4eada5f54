from django.urls import URLPattern, path

from ortaq.library import views_collections, views_readers

app_name = "library"
urlpatterns: list[URLPattern] = []

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
    path("r/<int:resource_id>/comments/", views_readers.comment, name="comment"),
    path(
        "r/<int:resource_id>/comments/<int:post_id>/report/",
        views_readers.comment_report,
        name="comment_report",
    ),
    path(
        "r/<int:resource_id>/comments/<int:post_id>/edit/",
        views_readers.comment_edit,
        name="comment_edit",
    ),
    path(
        "r/<int:resource_id>/comments/<int:post_id>/moderate/",
        views_readers.comment_moderate,
        name="comment_moderate",
    ),
    path(
        "r/<int:resource_id>/comments/files/<int:attachment_id>/",
        views_readers.comment_file,
        name="comment_file",
    ),
    path(
        "r/<int:resource_id>/comments/moderation/",
        views_readers.comments_moderation,
        name="comments_moderation",
    ),
]
