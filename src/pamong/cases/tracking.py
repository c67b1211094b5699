"""Tracking numbers and secret codes: what a citizen needs to follow a case without an account.

The number is random (not a counter), so a citizen cannot walk through other people's
cases; the secret code is shown once and kept only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from pamong.cases import casetime

# Crockford's base32 without I, L, O, U: nothing to misread on a phone or over the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = {"application": "P", "complaint": "A", "aspiration": "S", "information": "I"}


def new_tracking_number(kind: str) -> str:
    """e.g. ``A2611-7KQ3PX``: kind letter, year and month, six random characters (30 bits)."""
    stamp = casetime.today().strftime("%y%m")
    body = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{PREFIX[kind]}{stamp}-{body}"


def new_secret_code() -> str:
    """Eight characters (40 bits); rate limits make guessing hopeless."""
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def _misread(value: str) -> str:
    return value.replace("O", "0").replace("I", "1").replace("L", "1")


def normalise_code(value: str) -> str:
    """What a citizen types -> the stored form: upper case, no spaces, O read as 0, I/L as 1."""
    return _misread("".join((value or "").split()).upper())


def normalise_number(value: str) -> str:
    """The same for a tracking number, whose first letter is the kind (I is a kind there).

    The dash may be typed as a space, a dot or not at all ("A2611 7KQ3PX"): a number of
    eleven letters and digits gets it back after the fifth."""
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(cleaned) == 11:
        cleaned = f"{cleaned[:5]}-{cleaned[5:]}"
    return cleaned[:1] + _misread(cleaned[1:])


def hash_code(code: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), normalise_code(code).encode(), hashlib.sha256)
    return digest.hexdigest()


def code_matches(code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_code(code), stored_hash)
