"""One row per one-time form key: a double click, or two requests at once, make one thing.

A form (or an API call) carries a fresh key, ``client_key``; the model keeps it under a unique
constraint with its owner. ``made_before`` finds what an earlier sending made, and
``create_once`` makes the row in a savepoint and, when the database refuses a second row for the
same key, returns the one the other sending made.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ortaq.core.errors import DomainError


def made_before[M: models.Model](model: type[M], key: uuid.UUID | None, **owner: Any) -> M | None:
    """What an earlier sending of the same one-time key made for this owner, if anything."""
    if key is None:
        return None
    return model._default_manager.filter(client_key=key, **owner).first()


def create_once[M: models.Model](
    create: Callable[[], M], *, model: type[M], key: uuid.UUID | None, **owner: Any
) -> M:
    """Run ``create`` in a savepoint; if the database refuses it because the same key arrived at
    the same moment, return the row the other sending made. A key she already used for
    something else (another circle, another project) is refused."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        if key is None:
            raise
        found = made_before(model, key, **owner)
        if found is None:
            raise DomainError(
                _("This form was already sent. Open the page again and fill it in anew."),
                code="client_key",
            ) from None
        return found
