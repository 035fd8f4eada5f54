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
- ``ORTAQ_S3_BUCKET`` (with ``ORTAQ_S3_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``,
  ``AWS_SECRET_ACCESS_KEY``): uploads in S3-compatible storage instead (``pip install ortaq[s3]``).
- ``EMAIL_URL``: ``smtp://user:password@host:587/?tls=True`` or ``consolemail://``.
- ``ORTAQ_TASKS``: ``database`` (the default; ``ortaq worker`` runs them) or ``immediate``.
- ``ORTAQ_BASE_URL``: the site's address, for links in e-mails (``http://127.0.0.1:8000``).
- ``ORTAQ_API_RATE_USER``, ``ORTAQ_API_RATE_ANON``: API requests per signed-in person, and per
  address for the rest (``300/m``, ``120/m``; ``N/s``, ``N/m``, ``N/h`` or ``N/d``).
- ``ORTAQ_TRUSTED_PROXY_COUNT``: how many proxies in front append to ``X-Forwarded-For`` (0);
  or ``ORTAQ_CLIENT_IP_HEADER``: a header the proxy sets to the client's address (``X-Real-IP``).
- ``ORTAQ_SESSION_IDLE_MINUTES``: sign out after this long without a request (480).
- ``ORTAQ_DEFAULT_FROM_EMAIL``, ``ORTAQ_SSL_REDIRECT``, ``ORTAQ_VAR_DIR``, ``ORTAQ_LOG_LEVEL``.
"""

import sys
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
# pytest imports the settings itself; anything else says so with ORTAQ_TESTING.
TESTING = env.bool("ORTAQ_TESTING", default=False) or "pytest" in sys.modules

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
    "ortaq.courses",
    "ortaq.consultations",
    "ortaq.communities",
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
    "django_tasks_db",
    "ninja",
    # A replaced or cleared file, and the files of a deleted row, leave storage on commit.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # First, so that it sees every answer under /api/, even those made by the middleware below.
    "ortaq.api.middleware.JsonApiErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
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
# for the one writer) as the embedded default.
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
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("ORTAQ_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
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
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
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
        "QUEUES": ["default", "email"],
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
S3_BUCKET = env.str("ORTAQ_S3_BUCKET", default="")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env.str("ORTAQ_S3_ENDPOINT_URL", default="") or None,
                "default_acl": None,
                "querystring_auth": True,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# On a developer's machine and in tests, static files are served from the apps without
# collectstatic; in production from STATIC_ROOT, compressed and with hashed names.
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
        "consolemail": "django.core.mail.backends.console.EmailBackend",
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
]

# The API's limits (ortaq.api.throttling), counted in the default cache: requests per signed-in
# person, whichever token or session she uses, and per address for requests without one.
ORTAQ_API_RATE_USER = env.str("ORTAQ_API_RATE_USER", default="300/m")
ORTAQ_API_RATE_ANON = env.str("ORTAQ_API_RATE_ANON", default="120/m")

ADMINS: list[tuple[str, str]] = []
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("ORTAQ_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

ORTAQ_SITE_NAME = _("Ortaq")
# Where people reach the site; links in e-mails sent by background tasks start with it.
ORTAQ_BASE_URL = env.str("ORTAQ_BASE_URL", default="http://127.0.0.1:8000")
