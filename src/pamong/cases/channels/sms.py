"""SMS through an HTTP gateway: POST {"to": "+62...", "text": "..."} with a bearer token.

Most Indonesian SMS providers (and self-hosted gateways on an Android phone) accept a
JSON POST of this shape or can be put behind a small relay that does.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings

from pamong.cases.channels import Refused, Unavailable

SMS_LIMIT = 459  # three concatenated GSM-7 segments


def send(recipient: str, subject: str, body: str) -> None:
    text = f"{subject}: {body}"[:SMS_LIMIT]
    request = urllib.request.Request(  # noqa: S310 - PAMONG_SMS_GATEWAY_URL is checked to be http(s)
        settings.SMS_GATEWAY_URL,
        data=json.dumps({"to": recipient, "text": text}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - configured gateway
            response.read()
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise Unavailable(f"HTTP {error.code}") from None
        raise Refused(f"HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise Unavailable(str(error)[:300]) from None
