"""Project settings: everything from the environment (12-factor), typed and checked at start.

The embedded default needs nothing installed: SQLite and media under ``var/``, Celery
tasks run in process. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to scale-out.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pamong.core.env import check_unknown, env_bool, env_choice, env_int, env_list, env_str

check_unknown()

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
DATA_DIR = BASE_DIR / "data"
VAR_DIR = Path(env_str("PAMONG_VAR_DIR", str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("PAMONG_DEBUG", False)


def _secret_key() -> str:
    """Use PAMONG_SECRET_KEY, else a key generated once into var/ (fine for a pilot)."""
    configured = env_str("PAMONG_SECRET_KEY", "")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("PAMONG_SECRET_KEY must be at least 32 characters")
        return configured
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PAMONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PAMONG_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("PAMONG_SITE_NAME", "Pemerintah Kabupaten Contoh")
# The demo serves Kabupaten Demak's districts and villages (the region of the real complaints
# the router is evaluated on); a pemda sets its own code.
REGION_CODE = env_str("PAMONG_REGION_CODE", "33.21")
PUBLIC_URL = env_str("PAMONG_PUBLIC_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "pamong.core",
    "pamong.ai",
    "pamong.catalog",
    "pamong.assistant",
    "pamong.cases",
    "pamong.web",
    "pamong.datahub",
    "pamong.documents",
    "pamong.insight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pamong.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pamong.urls"
WSGI_APPLICATION = "pamong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pamong.web.context.site",
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pamong.sqlite3'}")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj_database_url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {error}") from None
    if config["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:/// or postgres://")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "pamong.core.sqlite"  # writers queue on a lock file (decision 0061)
        config["TEST"] = {"NAME": ":memory:"}  # as Django's own SQLite backend; tools test for its name
        config["CONN_MAX_AGE"] = 60
        # WAL lets the web process read while a worker writes; wait instead of failing on a lock.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            # Take the write lock when a transaction starts: no lock upgrades, no busy loops.
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:console"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = env_choice("PAMONG_LANGUAGE", "id", ("id", "en"))
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = env_str("PAMONG_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
MODEL_DIR = VAR_DIR / "models"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PAMONG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[env_choice("PAMONG_EMAIL_BACKEND", "console", ("smtp", "console", "locmem"))]
EMAIL_HOST = env_str("PAMONG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PAMONG_EMAIL_PORT", 25, minimum=1, maximum=65535)
DEFAULT_FROM_EMAIL = env_str("PAMONG_DEFAULT_FROM_EMAIL", "pamong@localhost")

# --- Celery: JSON only; with no broker the tasks run in process (embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must start with redis://, rediss:// or amqp://")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
_default_backend = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", _default_backend) or None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the task to be redelivered
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"

# --- Cache (rate limits): per process by default, Redis when configured.
CACHE_URL = env_str("PAMONG_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("PAMONG_CACHE_URL must start with redis://")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Assistant channels
ASSISTANT_MESSAGES_PER_MINUTE = env_int("PAMONG_ASSISTANT_MESSAGES_PER_MINUTE", 30, minimum=1)
TELEGRAM_BOT_TOKEN = env_str("PAMONG_TELEGRAM_BOT_TOKEN", "")
TELEGRAM_WEBHOOK_SECRET = env_str("PAMONG_TELEGRAM_WEBHOOK_SECRET", "")
TELEGRAM_API_BASE = env_str("PAMONG_TELEGRAM_API_BASE", "https://api.telegram.org")
if not TELEGRAM_API_BASE.startswith(("https://", "http://")):
    raise ImproperlyConfigured("PAMONG_TELEGRAM_API_BASE must be an http(s) address")
if TELEGRAM_BOT_TOKEN and len(TELEGRAM_WEBHOOK_SECRET) < 16:
    raise ImproperlyConfigured(
        "PAMONG_TELEGRAM_WEBHOOK_SECRET must be at least 16 characters when a bot token is set"
    )

# --- Optional LLM phrasing of assistant answers (off unless PAMONG_LLM_URL is set)
LLM_URL = env_str("PAMONG_LLM_URL", "")
if LLM_URL and not LLM_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("PAMONG_LLM_URL must be an http(s) address of an OpenAI-compatible API")
LLM_MODEL = env_str("PAMONG_LLM_MODEL", "default")
LLM_API_KEY = env_str("PAMONG_LLM_API_KEY", "none")
LLM_TIMEOUT_SECONDS = env_int("PAMONG_LLM_TIMEOUT_SECONDS", 8, minimum=1, maximum=60)

# --- AI governance and catalog limits
DECISION_RETENTION_DAYS = env_int("PAMONG_DECISION_RETENTION_DAYS", 365, minimum=183)
CATALOG_MAX_SERVICES = env_int("PAMONG_CATALOG_MAX_SERVICES", 2000, minimum=1)
CATALOG_MAX_BYTES = env_int("PAMONG_CATALOG_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- Applications and complaints
CASES_UPLOAD_MAX_BYTES = env_int("PAMONG_CASES_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=100 * 1024)
CASES_SUBMISSIONS_PER_HOUR = env_int("PAMONG_CASES_SUBMISSIONS_PER_HOUR", 20, minimum=1)
# Files, information, reopenings and ratings a citizen sends a filed case, per client and hour.
CASES_FOLLOW_UPS_PER_HOUR = env_int("PAMONG_CASES_FOLLOW_UPS_PER_HOUR", 30, minimum=1)
CASES_LOOKUPS_PER_HOUR = env_int("PAMONG_CASES_LOOKUPS_PER_HOUR", 30, minimum=1)
CASES_AUTO_CLOSE_DAYS = env_int("PAMONG_CASES_AUTO_CLOSE_DAYS", 10, minimum=1)
SMS_GATEWAY_URL = env_str("PAMONG_SMS_GATEWAY_URL", "")
if SMS_GATEWAY_URL and not SMS_GATEWAY_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("PAMONG_SMS_GATEWAY_URL must be an http(s) address")
SMS_GATEWAY_TOKEN = env_str("PAMONG_SMS_GATEWAY_TOKEN", "")
# --- Data integration (datahub): versioned Parquet files, upload limit, read-only SQL sources
DATAHUB_DIR = Path(env_str("PAMONG_DATAHUB_DIR", str(VAR_DIR / "datahub"))).resolve()
DATAHUB_MAX_UPLOAD_BYTES = env_int("PAMONG_DATAHUB_MAX_UPLOAD_BYTES", 200 * 1024 * 1024, minimum=1024)
DATAHUB_SQL_SOURCES = dict(
    item.split("=", 1) for item in env_list("PAMONG_DATAHUB_SQL_SOURCES", []) if "=" in item
)
# --- Incoming documents (surat masuk)
DOCUMENTS_MAX_BYTES = env_int("PAMONG_DOCUMENTS_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
DOCUMENTS_MAX_PAGES = env_int("PAMONG_DOCUMENTS_MAX_PAGES", 3000, minimum=1)
DOCUMENTS_OCR_MAX_PAGES = env_int("PAMONG_DOCUMENTS_OCR_MAX_PAGES", 30, minimum=1)
DOCUMENTS_MAX_IMAGE_PIXELS = env_int("PAMONG_DOCUMENTS_MAX_IMAGE_PIXELS", 80_000_000, minimum=1_000_000)
DOCUMENTS_OCR_TIMEOUT_SECONDS = env_int("PAMONG_DOCUMENTS_OCR_TIMEOUT_SECONDS", 120, minimum=5)
DOCUMENTS_OCR_LANGUAGE = env_str("PAMONG_DOCUMENTS_OCR_LANGUAGE", "ind")
DOCUMENTS_TESSERACT = env_str("PAMONG_DOCUMENTS_TESSERACT", "tesseract")
DOCUMENTS_STALE_MINUTES = env_int("PAMONG_DOCUMENTS_STALE_MINUTES", 30, minimum=1)
DOCUMENTS_IMAP_URL = env_str("PAMONG_DOCUMENTS_IMAP_URL", "")
if DOCUMENTS_IMAP_URL and not DOCUMENTS_IMAP_URL.startswith(("imap://", "imaps://")):
    raise ImproperlyConfigured("PAMONG_DOCUMENTS_IMAP_URL must start with imap:// or imaps://")
CELERY_BEAT_SCHEDULE = {
    "documents-retrain": {"task": "documents.retrain", "schedule": 6 * 3600.0},
    # Overdue cases escalate (once per stage), old resolved ones close, pending mail goes out.
    "cases-tick": {"task": "cases.tick", "schedule": 5 * 60.0},
    "cases-retrain-router": {"task": "cases.retrain_router", "schedule": 24 * 3600.0},
}
# --- Policy insight
INSIGHT_CHUNK_SERIES = env_int("PAMONG_INSIGHT_CHUNK_SERIES", 50, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "bm25s": {"level": "WARNING"},
        # Each task's success line and kombu's "no broker" note are noise in the embedded default;
        # a worker's operator wants the success lines (which task ran, how long it took).
        "celery.app.trace": {"level": "INFO" if CELERY_BROKER_URL else "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("PAMONG_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}
