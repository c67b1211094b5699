"""E-mail through Django's backend (SMTP in production, console in the embedded default)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import send_mail

from pamong.cases.channels import Refused, Unavailable


def send(recipient: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise Refused(str(error)[:300]) from None
    except (smtplib.SMTPException, OSError) as error:
        raise Unavailable(str(error)[:300]) from None
