"""The names of an owner's discussion pages, so that one set of templates serves every owner:
a course's pages and a circle's pages have the same actions under their own URLs."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Links:
    """URL names that take (owner id, post or file id), and the owner's id."""

    owner_id: int
    edit: str
    report: str
    moderate: str
    attachment: str
    # Where a moderator's form sends her back to ("thread", "activity").
    back: str
