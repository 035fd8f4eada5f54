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

    @classmethod
    def of(
        cls, namespace: str, owner_id: int, *, back: str, report: str = "post_report"
    ) -> "Links":
        """The owner's pages named ``post_edit``, ``moderate``, ``attachment`` and ``report``
        in its URL ``namespace``."""
        return cls(
            owner_id=owner_id,
            edit=f"{namespace}:post_edit",
            report=f"{namespace}:{report}",
            moderate=f"{namespace}:moderate",
            attachment=f"{namespace}:attachment",
            back=back,
        )
