"""Settings for every environment: production differs from the demo only by environment variables.

Variables (all optional in the demo, where ``ortaq demo`` fills the gaps):

- ``DATABASE_URL``: ``postgres://user@host:5432/name``; SQLite under ``var/`` when absent.
- ``ORTAQ_SECRET_KEY``: required unless ``ORTAQ_DEBUG`` is on.
- ``ORTAQ_ALLOWED_HOSTS``: comma-separated host names.
- ``ORTAQ_DEBUG``: ``true`` only on a developer's machine.
- ``REDIS_URL``: when set, the cache and the sessions live in Redis.
- ``ORTAQ_CACHE_KEY_PREFIX``: what every cache key starts with (``ortaq``); one per deployment.
- ``ORTAQ_MEDIA_ROOT``: where uploads are kept (``var/media`` by default).
- ``ORTAQ_MEDIA_URL``: an origin of their own for public course materials
  (``https://media.ortaq.kz/media/``); the site's own ``/media/`` when absent.
- ``ORTAQ_S3_BUCKET`` (with ``ORTAQ_S3_ENDPOINT_URL``, ``ORTAQ_S3_REGION``, ``AWS_ACCESS_KEY_ID``,
  ``AWS_SECRET_ACCESS_KEY``): uploads in S3-compatible storage instead (``pip install ortaq[s3]``).
- ``EMAIL_URL``: ``smtp://user:password@host:587/?tls=True`` or ``consolemail://``.
- ``ORTAQ_TASKS``: ``database`` (the default; ``ortaq worker`` runs them), ``rq`` (in Redis,
  at ``ORTAQ_RQ_URL`` or ``REDIS_URL``; ``ortaq worker`` runs RQ workers) or ``immediate``.
- ``DATABASE_REPLICA_URL``: a streaming replica of ``DATABASE_URL`` that reports read from.
- ``ORTAQ_PGBOUNCER``: ``true`` when ``DATABASE_URL`` goes through PgBouncer in transaction mode
  (assumed when its port is 6432): no server-side cursors, no prepared statements.
- ``ORTAQ_BASE_URL``: the site's address, for links in e-mails (``http://127.0.0.1:8000``).
- ``ORTAQ_API_RATE_USER``, ``ORTAQ_API_RATE_ANON``: API requests per signed-in person, and per
  address for the rest (``300/m``, ``120/m``; ``N/s``, ``N/m``, ``N/h`` or ``N/d``).
- ``ORTAQ_TRUSTED_PROXY_COUNT``: how many proxies in front append to ``X-Forwarded-For`` (0);
  or ``ORTAQ_CLIENT_IP_HEADER``: a header the proxy sets to the client's address (``X-Real-IP``).
- ``ORTAQ_SESSION_IDLE_MINUTES``: sign out after this long without a request (480).
- ``ORTAQ_ADMINS``: comma-separated addresses that receive every server error (a 500, a failed
  task) by e-mail.
- ``ORTAQ_LOG_FORMAT``: ``json`` (one JSON object per line on stdout; the default) or ``plain``
  (the default with ``ORTAQ_DEBUG``); ``ORTAQ_LOG_LEVEL`` (``INFO``).
- ``ORTAQ_TESTING``: the test settings; pytest sets it (``pyproject.toml``), nothing else should.
- ``ORTAQ_DEFAULT_FROM_EMAIL``, ``ORTAQ_SSL_REDIRECT``, ``ORTAQ_VAR_DIR``.
"""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

env = environ.Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("ORTAQ_VAR_DIR", default=str(Path.cwd() / "var")))

DEBUG = env.bool("ORTAQ_DEBUG", default=False)
# Chosen explicitly: pytest sets ORTAQ_TESTING (pytest-env, from pyproject.toml), and so do the
# Makefile's lint and messages, which load the settings without secrets. Merely importing pytest
# (a tool in the same environment as the site) no longer switches the settings.
TESTING = env.bool("ORTAQ_TESTING", default=False)

SECRET_KEY = env.str("ORTAQ_SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("ORTAQ_SECRET_KEY must be set when ORTAQ_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ORTAQ_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]"] if (DEBUG or TESTING) else [],
)

INSTALLED_APPS = [
    "ortaq.core",
    "ortaq.schools",
    "ortaq.accounts",
    "ortaq.certificates",
    "ortaq.discussions",
    "ortaq.networks",
    "ortaq.courses",
    "ortaq.consultations",
    "ortaq.communities",
    "ortaq.lessonstudy",
    "ortaq.journal",
    "ortaq.library",
    "ortaq.events",
    "ortaq.textbooks",
    "ortaq.api",
    # No models: its management command ``generate_national`` builds a country for benchmarks.
    "ortaq.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rules",
    "ortaq.core.apps.TasksDatabaseConfig",  # django_tasks_db, with a translated name
    "ninja",
    # A replaced or cleared file, and the files of a deleted row, leave storage on commit.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # First, so that it sees every answer under /api/, even those made by the middleware below.
    "ortaq.api.middleware.JsonApiErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (its files are compressed beforehand), before all that writes the page.
    "ortaq.core.middleware.PageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ortaq.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ortaq.accounts.middleware.LanguagePreferenceMiddleware",
]

ROOT_URLCONF = "ortaq.config.urls"
WSGI_APPLICATION = "ortaq.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ortaq.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# Databases: PostgreSQL in production and CI, SQLite (in WAL mode, so that readers never wait
# for the one writer) as the embedded default. PostgreSQL through Django's backend with a
# health check that asks the socket before the server, and a cursor whose statements the
# server prepares, for the busiest pages (ortaq.core.postgresql).
POSTGRESQL = "ortaq.core.postgresql"
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ortaq.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database lives under var/, which a fresh clone does not have yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["ENGINE"] = POSTGRESQL
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("ORTAQ_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The reads through ortaq.core.postgresql's bound cursor are prepared on their fifth run
    # (Django's own cursors never prepare); not behind PgBouncer (below).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Every cache key starts with it (the app's own keys go through the cache too), so that two
# deployments sharing one Redis database never read each other's users, roles or sessions.
CACHE_KEY_PREFIX = env.str("ORTAQ_CACHE_KEY_PREFIX", default="ortaq")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ortaq.core.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # Django's cache sessions, a signed-in one read with her user in one round trip.
    SESSION_ENGINE = "ortaq.accounts.sessions"
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
else:
    # Without Redis the cache lives in the database, so that every process (gunicorn's workers,
    # the task worker) shares it: sign-in limits count every attempt, and a role taken away in
    # one process is forgotten by all. A cache in each process's memory did neither.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ortaq_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work goes through Django's tasks framework; the database backend needs nothing
# but the database, and `ortaq worker` runs it. Tests and the demo run every task at once.
TASKS_IMMEDIATE = TESTING or env.str("ORTAQ_TASKS", default="database") == "immediate"
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
        # An RQ worker takes work from the first of its queues that has some: e-mails (a
        # millisecond each) before certificates and recounts, so that a completion's e-mail does
        # not wait behind a wave of PDFs.
        "QUEUES": ["email", "default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "ortaq.accounts.backends.StaffModelBackend",
    "ortaq.accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A session ends after ORTAQ_SESSION_IDLE_MINUTES without a request (teachers share school
# computers), and SESSION_COOKIE_AGE (two weeks) after signing in however active she is: see
# ortaq.accounts.middleware.IdleSessionMiddleware.
ORTAQ_SESSION_IDLE_SECONDS = env.int("ORTAQ_SESSION_IDLE_MINUTES", default=8 * 60) * 60
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: e-mail is the login, verified before first use; failed logins are throttled.
ACCOUNT_ADAPTER = "ortaq.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "ortaq.accounts.forms.SignupNamesForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Sign-in with a one-time code sent by e-mail: the way in for an owner whose account is under a
# guessing attack, and for a teacher who forgot her password on a phone.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Ortaq: "
# The client's address, for every per-address limit (ortaq.core.http.client_ip): believed from
# X-Forwarded-For only as far as the configured proxies wrote it. With nothing configured, the
# connection's own address, which behind a proxy is the proxy's (see docs/operations.md).
ORTAQ_TRUSTED_PROXY_COUNT = env.int("ORTAQ_TRUSTED_PROXY_COUNT", default=0)
ORTAQ_CLIENT_IP_HEADER = env.str("ORTAQ_CLIENT_IP_HEADER", default="")
# Whether an IIN is registered is personal data: how many a person may look up in a day through
# imports and bulk enrolment (the largest region has about 50,000 teachers), and how often she
# may change her own (ortaq.accounts.services.lookups).
ORTAQ_IIN_LOOKUPS_PER_DAY = env.int("ORTAQ_IIN_LOOKUPS_PER_DAY", default=60_000)
ORTAQ_OWN_IIN_CHANGES_PER_DAY = env.int("ORTAQ_OWN_IIN_CHANGES_PER_DAY", default=5)
ACCOUNT_RATE_LIMITS = {
    # Twenty wrong passwords from one address a minute, or five for one account from one address
    # in five minutes, and that address may not try again for a while; the account's owner,
    # elsewhere, still signs in (ortaq.accounts.adapter keys the second limit by both).
    "login_failed": "20/m/ip,5/300s/key",
    # Past this many wrong passwords for one account from anywhere in an hour, password sign-in
    # to it pauses; its owner signs in with a code e-mailed to her.
    "login_failed_account": env.str("ORTAQ_LOGIN_FAILURES_PER_ACCOUNT", default="50/h/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# Languages: Kazakh first and default; every page lives under its language prefix.
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("en", "English"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "core" / "locale_vendor"]
USE_I18N = True
# Django has no Kazakh formats (dates came out month first): ortaq.formats supplies them.
FORMAT_MODULE_PATH = ["ortaq.formats"]
USE_TZ = True
# Kazakhstan has had one time zone, UTC+5, since 1 March 2024 (Asia/Almaty in tzdata 2024a+).
TIME_ZONE = "Asia/Almaty"
LANGUAGE_COOKIE_NAME = "ortaq_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads never run as the site (``ortaq.core.files``); an origin of their own, which no cookie
# reaches, takes even their links off it.
MEDIA_URL = env.str("ORTAQ_MEDIA_URL", default="/media/").rstrip("/") + "/"
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = f"{_media.scheme}://{_media.netloc}" if _media.netloc else ""
MEDIA_ROOT = Path(env.str("ORTAQ_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    # Uploads on S3-compatible storage instead when ORTAQ_S3_BUCKET is set: see the block
    # "More than one machine" at the end.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
# On a developer's machine and in tests, static files are served from the apps without
# collectstatic; in production from STATIC_ROOT with hashed names, compressed by
# ``ortaq compress-static`` (which ``ortaq serve`` starts in the background).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_URL = env.str(
    "EMAIL_URL", default="consolemail://" if (DEBUG or TESTING) else "smtp://localhost:25"
)


def mailer_from_url(url: str) -> dict[str, Any]:
    """Turn ``EMAIL_URL`` into a Django 6.1 ``MAILERS`` entry.

    ``smtp://user:password@host:587/?tls=true``, ``smtps://…`` (implicit TLS), ``consolemail://``,
    ``filemail:///path/to/dir``, ``memorymail://`` and ``dummymail://``.
    """
    parts = urlsplit(url)
    backends = {
        "consolemail": "ortaq.core.console_mail.EmailBackend",
        "filemail": "django.core.mail.backends.filebased.EmailBackend",
        "memorymail": "django.core.mail.backends.locmem.EmailBackend",
        "dummymail": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in backends:
        options = {"file_path": parts.path} if parts.scheme == "filemail" else {}
        return {"BACKEND": backends[parts.scheme], "OPTIONS": options}
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": parts.scheme == "smtp" and query.get("tls") in ("1", "true", "yes"),
            "timeout": 20,
        },
    }


MAILERS = {"default": mailer_from_url(EMAIL_URL)}
DEFAULT_FROM_EMAIL = env.str("ORTAQ_DEFAULT_FROM_EMAIL", default="Ortaq <no-reply@ortaq.kz>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: safe defaults in production; the demo and the tests run over plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not (DEBUG or TESTING):
    SECURE_SSL_REDIRECT = env.bool("ORTAQ_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and orchestrators probe the health check over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("ORTAQ_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The SSL redirect is off only where TLS ends elsewhere and that proxy does the redirect.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

# Interactive exercises (LearningApps, H5P, …) may be embedded from these hosts only; an entry
# starting with a dot allows its subdomains. Nothing else is ever loaded from another origin.
ORTAQ_EMBED_HOSTS = env.list(
    "ORTAQ_EMBED_HOSTS",
    default=["learningapps.org", ".learningapps.org", "h5p.org", ".h5p.com", "wordwall.net"],
)
SECURE_CSP = {
    "default-src": ["'self'"],
    "frame-src": [
        f"https://*.{host[1:]}" if host.startswith(".") else f"https://{host}"
        for host in ORTAQ_EMBED_HOSTS
    ],
    "media-src": ["'self'", "https:", *filter(None, [MEDIA_ORIGIN])],
    "img-src": ["'self'", "data:", *filter(None, [MEDIA_ORIGIN])],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

# Tasks that re-queue themselves (each run queues the next); `ortaq worker` starts any that is
# not already waiting in the queue.
ORTAQ_PERIODIC_TASKS = [
    "ortaq.courses.tasks.send_reminders",
    "ortaq.courses.tasks.refresh_all_tallies",
    "ortaq.communities.tasks.discussions.send_digests",
    "ortaq.communities.tasks.tallies.sweep_circle_tallies",
    "ortaq.library.tasks_reports.sweep_library_tallies",
    "ortaq.events.tasks.sweep_events",
]

# The API's limits (ortaq.api.throttling), counted in the default cache: requests per signed-in
# person, whichever token or session she uses, and per address for requests without one.
ORTAQ_API_RATE_USER = env.str("ORTAQ_API_RATE_USER", default="300/m")
ORTAQ_API_RATE_ANON = env.str("ORTAQ_API_RATE_ANON", default="120/m")
# The answers a textbook's class session takes a minute from one address (a class behind its
# school's one address sends a few hundred in a lesson); 0 for no limit.
ORTAQ_TEXTBOOK_ANSWER_RATE = env.int("ORTAQ_TEXTBOOK_ANSWER_RATE", default=1200)

# Server errors (a 500, an exception in a task, anything logged at ERROR) are e-mailed to these
# addresses, except with DEBUG on, where the page shows them; every log line goes to stdout,
# as one JSON object per line unless ORTAQ_LOG_FORMAT says plain (docs/operations.md).
ADMINS = [address.strip() for address in env.list("ORTAQ_ADMINS", default=[]) if address.strip()]
LOG_FORMAT = env.str("ORTAQ_LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("ORTAQ_LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # python-json-logger: every record's extra fields become keys too (a request's
        # status_code, say); non-ASCII (Kazakh, Russian) stays readable.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {
        "handlers": ["console", "mail_admins"],
        "level": env.str("ORTAQ_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        # Django's own loggers lose their default handlers (a console in debug only, and a
        # second mail_admins) and reach the root's: one line and one e-mail per error.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # A request with a Host the site does not serve is noise from scanners, not an error
        # someone must read at night.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

ORTAQ_SITE_NAME = _("Ortaq")
# Where people reach the site; links in e-mails sent by background tasks start with it.
ORTAQ_BASE_URL = env.str("ORTAQ_BASE_URL", default="http://127.0.0.1:8000")


# More than one machine ------------------------------------------------------------------------
# Each engine is switched on by the environment alone; docs/operations.md says how, and
# docs/decisions/0016-engines-for-more-than-one-machine.md why these.

# Tasks in Redis, run by RQ workers (`ortaq worker`): ORTAQ_TASKS=rq. Every django.tasks task
# goes through it unchanged; its queues are the backend's.
RQ_URL = env.str("ORTAQ_RQ_URL", default="") or REDIS_URL or "redis://127.0.0.1:6379/0"
RQ_QUEUES = {
    name: {"URL": RQ_URL, "DEFAULT_TIMEOUT": 30 * 60} for name in TASKS["default"]["QUEUES"]
}
if not TASKS_IMMEDIATE and env.str("ORTAQ_TASKS", default="database") == "rq":
    TASKS["default"]["BACKEND"] = "django_tasks_rq.RQBackend"
    INSTALLED_APPS.append("django_rq")

# Uploads in S3-compatible object storage. The bucket stays private: course materials are
# linked at MEDIA_URL and served (with byte ranges) by ortaq.core.files, like every private
# file through the view that checks who asks; no page ever carries a bucket address.
S3_BUCKET = env.str("ORTAQ_S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "ortaq.core.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("ORTAQ_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("ORTAQ_S3_REGION", default="") or None,
            "default_acl": None,
            "querystring_auth": True,
            # Only an operator's tools (the admin) ever see a signed address: five minutes.
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }

# Reports read from a streaming replica when one is given (ortaq.core.replica): the primary
# keeps the writes and the teachers' pages. In tests only a test that asks for it reads there.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["ENGINE"] = POSTGRESQL
    DATABASES["replica"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # The test database is made on the primary and streamed to the replica under its name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ortaq.core.replica.ReplicaRouter"]
ORTAQ_REPLICA_READS = "replica" in DATABASES and not TESTING

# PgBouncer in transaction mode: a transaction may land on any server connection, so neither
# named cursors nor prepared statements may outlive one.
_pgbouncer_default = DATABASES["default"].get("PORT") in (6432, "6432")
if env.bool("ORTAQ_PGBOUNCER", default=_pgbouncer_default):
    for _alias in DATABASES:
        if DATABASES[_alias]["ENGINE"] == POSTGRESQL:
            DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
            DATABASES[_alias].setdefault("OPTIONS", {})["prepare_threshold"] = None
