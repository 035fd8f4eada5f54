"""Who may do what with collections and ratings (``docs/decisions/0024-the-library.md``).

- A public collection is read by anyone, a private one by its owner only
  (``Collection.objects.visible_to`` says the same in SQL); only its owner changes it.
- Any signed-in teacher makes collections (``library.create_collection``).
- A signed-in reader rates a published resource she is not an author of (``library.rate``).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import predicate
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.library.models import Collection
from ortaq.library.permissions import is_author, is_public, is_signed_in


@predicate
def owns(user: User | AnonymousUser, collection: object) -> bool:
    return isinstance(collection, Collection) and signed_in(user) and collection.owner_id == user.pk


@predicate
def is_public_collection(user: User | AnonymousUser, collection: object) -> bool:
    return isinstance(collection, Collection) and collection.is_public


rules.add_perm("library.view_collection", is_public_collection | owns)
rules.add_perm("library.change_collection", is_signed_in & owns)
rules.add_perm("library.create_collection", is_signed_in)
rules.add_perm("library.rate", is_signed_in & is_public & ~is_author)
