"""Every write a person causes in a textbook: ``books`` (the textbook, its staff, units and
lessons, their commissions) and ``writing`` (a lesson's content, its guide, media and tasks)."""
