"""Every variable pamong reads is documented in .env.example, and nothing else is."""

from __future__ import annotations

import re

from pamong.core.env import KNOWN
from tests.conftest import REPO


def test_env_example_lists_every_variable() -> None:
    text = (REPO / ".env.example").read_text()
    documented = set(re.findall(r"^# ([A-Z_]+)=", text, flags=re.MULTILINE))
    assert documented == set(KNOWN)
