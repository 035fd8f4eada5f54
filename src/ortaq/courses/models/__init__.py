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
    QuizAnswer,
    QuizAttempt,
    ReflectionSubmission,
    SelfAssessmentAnswer,
)
from ortaq.courses.models.tallies import (
    DistrictTally,
    Metric,
    SchoolTally,
    TallyChange,
    TallyState,
)

__all__ = [
    "Activity",
    "ActivityCompletion",
    "Choice",
    "Cohort",
    "Course",
    "CourseGroup",
    "DistrictTally",
    "Enrollment",
    "Metric",
    "Module",
    "OfflinePack",
    "Question",
    "QuizAnswer",
    "QuizAttempt",
    "ReflectionSubmission",
    "SchoolTally",
    "SelfAssessmentAnswer",
    "SelfAssessmentItem",
    "TallyChange",
    "TallyState",
]
