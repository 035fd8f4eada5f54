"""The courses app's models: what trainers author (``content``) and what teachers do
(``learning``)."""

from ortaq.courses.models.content import (
    Activity,
    Choice,
    Course,
    CourseGroup,
    Module,
    Question,
    SelfAssessmentItem,
)
from ortaq.courses.models.learning import (
    ActivityCompletion,
    Cohort,
    Enrollment,
    OfflinePack,
    Post,
    PostReport,
    QuizAnswer,
    QuizAttempt,
    ReflectionSubmission,
    SelfAssessmentAnswer,
)

__all__ = [
    "Activity",
    "ActivityCompletion",
    "Choice",
    "Cohort",
    "Course",
    "CourseGroup",
    "Enrollment",
    "Module",
    "OfflinePack",
    "Post",
    "PostReport",
    "Question",
    "QuizAnswer",
    "QuizAttempt",
    "ReflectionSubmission",
    "SelfAssessmentAnswer",
    "SelfAssessmentItem",
]
