"""The communities app's models, in three modules: circles (with members and meetings),
discussions, and development projects."""

from ortaq.communities.models.circles import Attendance, Circle, Meeting, Membership
from ortaq.communities.models.discussions import Thread
from ortaq.communities.models.projects import (
    Assessment,
    AssessmentLevel,
    Comment,
    ConsultationNote,
    EvidenceItem,
    LogEntry,
    Project,
)
from ortaq.communities.models.tallies import (
    CircleMetric,
    CircleTally,
    CircleTallyChange,
    CircleTallyState,
)

__all__ = [
    "Assessment",
    "AssessmentLevel",
    "Attendance",
    "Circle",
    "CircleMetric",
    "CircleTally",
    "CircleTallyChange",
    "CircleTallyState",
    "Comment",
    "ConsultationNote",
    "EvidenceItem",
    "LogEntry",
    "Meeting",
    "Membership",
    "Project",
    "Thread",
]
