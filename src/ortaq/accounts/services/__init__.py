"""Every change to people, profiles, roles and tokens that a person can cause."""

from ortaq.accounts.services.erasure import account_delete, erasure_step_register
from ortaq.accounts.services.invitations import (
    invitation_accept,
    invitation_send,
    invitation_url,
    invitation_user,
    invitations_send,
)
from ortaq.accounts.services.lookups import iin_lookups_record
from ortaq.accounts.services.people import (
    ProfileFields,
    profile_create,
    profile_set_school,
    profile_update,
    subjects_matching,
    user_create,
    user_language_set,
)
from ortaq.accounts.services.roles import role_grant, role_revoke, scope_chain_of
from ortaq.accounts.services.teachers_import import teachers_import, teachers_import_start
from ortaq.accounts.services.tokens import api_token_create, api_token_revoke, api_token_touch

__all__ = [
    "ProfileFields",
    "account_delete",
    "api_token_create",
    "api_token_revoke",
    "api_token_touch",
    "erasure_step_register",
    "iin_lookups_record",
    "invitation_accept",
    "invitation_send",
    "invitation_url",
    "invitation_user",
    "invitations_send",
    "profile_create",
    "profile_set_school",
    "profile_update",
    "role_grant",
    "role_revoke",
    "scope_chain_of",
    "subjects_matching",
    "teachers_import",
    "teachers_import_start",
    "user_create",
    "user_language_set",
]
