"""Who may read what the core keeps: the audit log is for administrators of the whole country."""

import rules

from ortaq.core.roles import is_admin

rules.add_perm("core.view_audit", is_admin)
