"""Typed readers for settings from the environment that fail loudly, naming the variable.

Every variable pamong reads is declared in ``KNOWN``; an unknown ``PAMONG_*`` name
is refused too, so a typo (``PAMONG_DEBG``) stops the start instead of being ignored.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

KNOWN = {
    "DATABASE_URL": "database; default SQLite under PAMONG_VAR_DIR",
    "CELERY_BROKER_URL": "broker for Celery workers (redis://, amqp://); unset = in-process",
    "CELERY_RESULT_BACKEND": "where task results go; default = the broker when it is Redis",
    "PAMONG_DEBUG": "Django debug pages (true/false)",
    "PAMONG_SECRET_KEY": "Django secret key; required when PAMONG_DEBUG is false and no var/ key exists",
    "PAMONG_ALLOWED_HOSTS": "comma-separated host names",
    "PAMONG_CSRF_TRUSTED_ORIGINS": "comma-separated https origins behind a proxy",
    "PAMONG_VAR_DIR": "folder for the SQLite file, media, models and logs",
    "PAMONG_LANGUAGE": "default language: id or en",
    "PAMONG_TIME_ZONE": "time zone, e.g. Asia/Jakarta",
    "PAMONG_SITE_NAME": "name of the government shown in page headers",
    "PAMONG_REGION_CODE": "Kemendagri code of the area this government serves (e.g. 33.21); complaints outside it are refused",
    "PAMONG_PUBLIC_URL": "the address citizens reach pamong at, for links sent over messaging channels",
    "PAMONG_EMAIL_BACKEND": "smtp, console or locmem",
    "PAMONG_EMAIL_HOST": "SMTP host",
    "PAMONG_EMAIL_PORT": "SMTP port",
    "PAMONG_DEFAULT_FROM_EMAIL": "sender address of notifications",
    "PAMONG_DECISION_RETENTION_DAYS": "days an AI decision is kept before it may be purged (>= 183)",
    "PAMONG_CATALOG_MAX_SERVICES": "largest number of services one catalog import accepts",
    "PAMONG_CATALOG_MAX_BYTES": "largest catalog file accepted, in bytes",
    "PAMONG_CASES_UPLOAD_MAX_BYTES": "largest document or photo a citizen may upload, in bytes",
    "PAMONG_CASES_SUBMISSIONS_PER_HOUR": "applications and complaints one client may submit per hour",
    "PAMONG_CASES_LOOKUPS_PER_HOUR": "tracking-number lookups one client may make per hour",
    "PAMONG_CASES_FOLLOW_UPS_PER_HOUR": "files, information, reopenings and ratings one client may send per hour on filed cases",
    "PAMONG_CASES_AUTO_CLOSE_DAYS": "days after resolution a case closes itself unless the citizen reopens it",
    "PAMONG_SMS_GATEWAY_URL": "HTTP SMS gateway that receives {to, text} as JSON; unset = no SMS",
    "PAMONG_SMS_GATEWAY_TOKEN": "bearer token sent to the SMS gateway",
    "PAMONG_LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR",
    "PAMONG_CACHE_URL": "redis:// cache for rate limits shared by all app servers; unset = per process",
    "PAMONG_ASSISTANT_MESSAGES_PER_MINUTE": "messages one client may send the assistant per minute",
    "PAMONG_TELEGRAM_BOT_TOKEN": "Telegram bot token; unset = Telegram channel off",
    "PAMONG_TELEGRAM_WEBHOOK_SECRET": "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (16+ characters)",
    "PAMONG_LLM_URL": "OpenAI-compatible API base (e.g. http://llm.internal/v1); unset = no LLM phrasing",
    "PAMONG_LLM_MODEL": "model name sent to the LLM endpoint",
    "PAMONG_LLM_API_KEY": "bearer token for the LLM endpoint",
    "PAMONG_LLM_TIMEOUT_SECONDS": "seconds to wait for the LLM before using the composed answer",
    "PAMONG_TELEGRAM_API_BASE": "Telegram Bot API address (default https://api.telegram.org)",
    "PAMONG_SECURE_COOKIES": "send cookies only over HTTPS (true behind TLS)",
    "PAMONG_DATAHUB_DIR": "folder of the versioned dataset files (Parquet); default PAMONG_VAR_DIR/datahub",
    "PAMONG_DATAHUB_MAX_UPLOAD_BYTES": "largest data file an analyst may upload through the console",
    "PAMONG_DATAHUB_SQL_SOURCES": "read-only source databases for SQL imports: name=url pairs, comma-separated",
    "PAMONG_DOCUMENTS_MAX_BYTES": "largest incoming document accepted, in bytes",
    "PAMONG_DOCUMENTS_MAX_PAGES": "pages of one PDF whose text is read",
    "PAMONG_DOCUMENTS_OCR_MAX_PAGES": "scanned pages of one document that are OCR-ed",
    "PAMONG_DOCUMENTS_MAX_IMAGE_PIXELS": "largest image (width x height) accepted for OCR",
    "PAMONG_DOCUMENTS_OCR_TIMEOUT_SECONDS": "seconds tesseract may spend on one page",
    "PAMONG_DOCUMENTS_OCR_LANGUAGE": "tesseract language model (default ind)",
    "PAMONG_DOCUMENTS_TESSERACT": "the tesseract program (name or path)",
    "PAMONG_DOCUMENTS_STALE_MINUTES": "minutes after which a document still being read is shown as stalled",
    "PAMONG_DOCUMENTS_IMAP_URL": "imaps://user:password@host/INBOX fetched by `pamong documents fetch-mail`",
    "PAMONG_INSIGHT_CHUNK_SERIES": "series per forecast task; a run of more series fans out over the workers",
}

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def check_unknown(environ: Mapping[str, str] = os.environ) -> None:
    """Refuse PAMONG_* variables that pamong does not read (most likely typos)."""
    for name in environ:
        if name.startswith("PAMONG_") and name not in KNOWN:
            close = difflib.get_close_matches(name, list(KNOWN), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ImproperlyConfigured(f"{name} is not a pamong setting{hint} (see .env.example)")


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set ({KNOWN.get(name, '')})")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum {minimum}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum {maximum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value
