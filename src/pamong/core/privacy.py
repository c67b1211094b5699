"""Masking personal identifiers in text that is stored or shown (UU 27/2022)."""

from __future__ import annotations

import re

NIK_OR_KK = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")  # 16 digits
PHONE = re.compile(r"(?<![\d+])((?:\+62|62|0)8\d)[\d\s-]{6,12}(\d{2})(?!\d)")
EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def mask_identifiers(text: str) -> str:
    """NIK/KK keep the region code and last four digits; phones and e-mails are shortened."""
    text = NIK_OR_KK.sub(r"\1******\2", text)
    text = PHONE.sub(r"\1******\2", text)
    return EMAIL.sub(r"\1***@\2", text)
