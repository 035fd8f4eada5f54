from django.urls import path

from ortaq.library import views_authoring as authoring
from ortaq.library import views_review as review

app_name = "library"
urlpatterns = [
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
