from django.urls import path

from ortaq.courses.views import author, completions, discuss, learn, organise, progress

app_name = "courses"

urlpatterns = [
    path("", learn.catalogue, name="catalogue"),
    path("<int:course_id>/", learn.course, name="course"),
    path("<int:course_id>/enrol/", learn.enrol, name="enrol"),
    path("<int:course_id>/leave/", learn.leave, name="leave"),
    path(
        "<int:course_id>/self-assessment/<str:phase>/",
        learn.self_assessment,
        name="self_assessment",
    ),
    path("<int:course_id>/a/<int:activity_id>/", learn.activity, name="activity"),
    path("<int:course_id>/a/<int:activity_id>/done/", learn.complete, name="complete"),
    path("<int:course_id>/a/<int:activity_id>/handout/", learn.handout, name="handout"),
    path("<int:course_id>/a/<int:activity_id>/quiz/", learn.quiz_start, name="quiz_start"),
    path("<int:course_id>/attempts/<int:attempt_id>/", learn.attempt, name="attempt"),
    path("<int:course_id>/a/<int:activity_id>/reflection/", learn.reflection, name="reflection"),
    path(
        "<int:course_id>/reflections/<int:submission_id>/file/",
        learn.reflection_file,
        name="reflection_file",
    ),
    path("<int:course_id>/a/<int:activity_id>/posts/", discuss.post, name="post"),
    path("<int:course_id>/posts/<int:post_id>/report/", discuss.post_report, name="post_report"),
    path("<int:course_id>/posts/<int:post_id>/edit/", discuss.post_edit, name="post_edit"),
    path(
        "<int:course_id>/attachments/<int:attachment_id>/",
        discuss.attachment,
        name="attachment",
    ),
    path("<int:course_id>/pack/", learn.pack_request, name="pack_request"),
    path("<int:course_id>/pack/<int:pack_id>/", learn.pack, name="pack"),
    # Authoring
    path("mine/", author.mine, name="mine"),
    path("new/", author.create, name="create"),
    path("<int:course_id>/edit/", author.edit, name="edit"),
    path("<int:course_id>/edit/publish/", author.publish, name="publish"),
    path("<int:course_id>/edit/archive/", author.archive, name="archive"),
    path("<int:course_id>/edit/assessment/", author.assessment, name="assessment"),
    path("<int:course_id>/edit/trainers/", author.trainers, name="trainers"),
    path("<int:course_id>/edit/modules/new/", author.module_form, name="module_create"),
    path("<int:course_id>/edit/modules/<int:module_id>/", author.module_form, name="module_edit"),
    path(
        "<int:course_id>/edit/modules/<int:module_id>/move/", author.module_move, name="module_move"
    ),
    path(
        "<int:course_id>/edit/modules/<int:module_id>/delete/",
        author.module_delete,
        name="module_delete",
    ),
    path(
        "<int:course_id>/edit/modules/<int:module_id>/activities/new/",
        author.activity_form,
        name="activity_create",
    ),
    path(
        "<int:course_id>/edit/activities/<int:activity_id>/",
        author.activity_form,
        name="activity_edit",
    ),
    path(
        "<int:course_id>/edit/activities/<int:activity_id>/move/",
        author.activity_move,
        name="activity_move",
    ),
    path(
        "<int:course_id>/edit/activities/<int:activity_id>/delete/",
        author.activity_delete,
        name="activity_delete",
    ),
    path(
        "<int:course_id>/edit/activities/<int:activity_id>/questions/new/",
        author.question_form,
        name="question_create",
    ),
    path(
        "<int:course_id>/edit/activities/<int:activity_id>/questions/<int:question_id>/",
        author.question_form,
        name="question_edit",
    ),
    path(
        "<int:course_id>/edit/questions/<int:question_id>/delete/",
        author.question_delete,
        name="question_delete",
    ),
    # Organising, reporting, reviewing, moderating
    path("<int:course_id>/cohorts/", organise.cohorts, name="cohorts"),
    path("<int:course_id>/cohorts/<int:cohort_id>/", organise.cohort, name="cohort"),
    path("<int:course_id>/enrolment/", organise.enrolment, name="enrolment"),
    path("<int:course_id>/report/", organise.report, name="report"),
    path("<int:course_id>/progress/", progress.progress, name="progress"),
    path("<int:course_id>/progress/remind/", progress.remind, name="progress_remind"),
    path("<int:course_id>/completions/", completions.completions, name="completions"),
    path(
        "<int:course_id>/completions/<str:code>/revoke/",
        completions.revoke,
        name="completion_revoke",
    ),
    path("<int:course_id>/reviews/", organise.reviews, name="reviews"),
    path("<int:course_id>/reviews/<int:submission_id>/", organise.review, name="review"),
    path("<int:course_id>/moderation/", discuss.moderation, name="moderation"),
    path("<int:course_id>/moderation/<int:post_id>/", discuss.moderate, name="moderate"),
]
