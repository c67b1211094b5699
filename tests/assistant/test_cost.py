"""What a message costs in database statements (no timings: those are in bench/assistant.py)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.assistant.dialog import respond, start


def test_an_answer_reads_only_the_card(shipped_catalog) -> None:
    """The catalog facts are kept per process and the history is read only when it can
    change the answer, so an answer reads the card (kept too, outside a transaction as in
    the app server; a test runs inside one) and writes the decision, both messages and the
    conversation."""
    conversation = start("api")
    respond(conversation, "cara bikin skck")  # warms the per-process copies
    with CaptureQueriesContext(connection) as queries:
        reply = respond(conversation, "berapa biaya bikin paspor")
    assert reply.kind == "answer" and reply.service.slug == "paspor"
    statements = [q["sql"] for q in queries.captured_queries]
    reads = [sql for sql in statements if sql.startswith("SELECT")]
    writes = [sql.split()[0] for sql in statements if sql.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert reads and all('FROM "ai_aifunctioncard"' in sql for sql in reads), reads
    assert writes == ["INSERT", "INSERT", "UPDATE"]  # the decision, both messages, the conversation
