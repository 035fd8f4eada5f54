"""Moving an app's own posts into the discussion core, for the data migrations of courses and
communities (``courses`` 0005, ``communities`` 0003). Works on the migrations' historical
models only, so that it runs the same whenever the migration runs.

Nothing is lost: every post (its text, author, dates, hiding and reason, one-time key, the post
it answers and quotes), its files (under their stored names), its mentions and its reports move.
The first app moved keeps its posts' ids; the next one's are shifted past them (the core has
one sequence of ids), and every reference to them is shifted alike.
"""

from collections.abc import Iterator
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Min

BATCH = 2000


def _batches(queryset: Any) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in queryset.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def move_posts(
    apps: Any,
    *,
    app_label: str,
    owner_model: str,
    owner_field: str,
    attachments: bool = False,
    mentions: bool = False,
) -> dict[int, int]:
    """Copy ``app_label``'s Post, PostReport (and Attachment, Mention) rows into the core's
    tables, one ``Discussion`` per owner (``owner_field`` of the old post names it). Returns
    each old post id with its new id."""
    content_types = apps.get_model("contenttypes", "ContentType")
    discussion_model = apps.get_model("discussions", "Discussion")
    post_model = apps.get_model("discussions", "Post")
    old_posts = apps.get_model(app_label, "Post").objects.all()
    target_type, _created = content_types.objects.get_or_create(
        app_label=app_label, model=owner_model
    )
    owner_id = f"{owner_field}_id"
    opened = old_posts.values(owner_id).annotate(first=Min("created_at")).order_by(owner_id)
    discussion_model.objects.bulk_create(
        [
            discussion_model(
                target_type=target_type, target_id=row[owner_id], created_at=row["first"]
            )
            for row in opened
        ],
        batch_size=BATCH,
    )
    discussions = dict(
        discussion_model.objects.filter(target_type=target_type).values_list("target_id", "pk")
    )
    offset = post_model.objects.aggregate(top=Max("pk"))["top"] or 0
    fields = {f.name for f in apps.get_model(app_label, "Post")._meta.get_fields()}

    def shifted(value: int | None) -> int | None:
        return None if value is None else value + offset

    for batch in _batches(old_posts):
        post_model.objects.bulk_create(
            [
                post_model(
                    pk=old.pk + offset,
                    discussion_id=discussions[getattr(old, owner_id)],
                    author_id=old.author_id,
                    parent_id=shifted(getattr(old, "parent_id", None)),
                    quote_id=shifted(getattr(old, "quote_id", None)),
                    body=old.body,
                    created_at=old.created_at,
                    edited_at=old.edited_at if "edited_at" in fields else None,
                    hidden_at=old.hidden_at,
                    hidden_by_id=old.hidden_by_id,
                    hidden_reason=old.hidden_reason,
                    client_key=old.client_key,
                )
                for old in batch
            ]
        )
    _copy(
        apps, app_label, "PostReport", offset,
        ["reporter_id", "reason", "created_at", "resolved_at", "resolved_by_id"],
    )  # fmt: skip
    if attachments:
        _copy(apps, app_label, "Attachment", offset, ["file", "name", "content_type", "size"])
    if mentions:
        _copy(apps, app_label, "Mention", offset, ["user_id"])
    if connection.vendor == "postgresql":
        # Rows were written with their ids: the sequence must start past them.
        models = [apps.get_model("discussions", name) for name in ("Post",)]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    return {old: old + offset for old in old_posts.values_list("pk", flat=True)}


def _copy(apps: Any, app_label: str, name: str, offset: int, fields: list[str]) -> None:
    new_model = apps.get_model("discussions", name)
    for batch in _batches(apps.get_model(app_label, name).objects.all()):
        new_model.objects.bulk_create(
            [
                new_model(post_id=old.post_id + offset, **{f: _value(old, f) for f in fields})
                for old in batch
            ]
        )


def _value(row: Any, field: str) -> Any:
    value = getattr(row, field)
    # A file keeps its stored name (and place): nothing is copied on disk.
    return value.name if field == "file" else value
