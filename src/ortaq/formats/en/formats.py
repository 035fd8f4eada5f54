"""English formats as Django has them, but with 24-hour time, as Kazakhstan reads the clock:
``Dec. 7, 2026``, ``Dec. 7, 2026, 14:30``, ``12/07/2026`` stays Django's short date."""

from django.conf.locale.en.formats import *  # noqa: F403 - the rest as Django has it

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
