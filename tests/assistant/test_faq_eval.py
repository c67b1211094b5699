"""The FAQ a reply carries is measured on files that say which FAQ answers."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from pamong.assistant.faq_eval import FaqLabel, metrics, read_labels
from pamong.assistant.models import Conversation


def test_the_four_shares_count_right_other_missed_and_unasked_faqs() -> None:
    labels = [
        FaqLabel("a", "s", "s-1"),
        FaqLabel("b", "s", "s-1"),
        FaqLabel("c", "s", "s-2"),
        FaqLabel("d", "s", "s-2"),
        FaqLabel("e", "s", ""),
        FaqLabel("f", "s", ""),
    ]
    shown = ["s-1", "s-2", None, "s-2", "s-1", None]
    assert metrics(labels, shown) == {
        "faq_right": 0.5,
        "faq_other": 0.25,
        "faq_missed": 0.25,
        "faq_unasked": 0.5,
    }


def test_only_files_with_the_column_are_read_and_out_of_scope_rows_are_left_out(tmp_path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("question,expected\nskck,skck\n", encoding="utf-8")
    assert read_labels(plain) is None
    labelled = tmp_path / "faq.csv"
    labelled.write_text("question,expected,expected_faq\nskck,skck,\nharga emas,none,\n", encoding="utf-8")
    assert read_labels(labelled) == [FaqLabel("skck", "skck", "")]


def test_the_eval_measures_the_faq_through_the_dialog_and_leaves_no_conversation(
    shipped_catalog, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "faq.csv"
    path.write_text(
        "question,expected,expected_faq\n"
        "bpjs pbi ibu saya nonaktif,bpjs-kesehatan-pbi,bpjs-kesehatan-pbi-nonaktif\n"
        "tanah girik punya kakek mau disertifikatkan,pendaftaran-tanah,pendaftaran-tanah-girik\n"
        "syarat bikin paspor,paspor,\n"
        "perpanjang paspor,paspor,\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("eval", "assistant.answer", "--csv", str(path), "--json", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (summary["faq_right"], summary["faq_unasked"]) == (1.0, 0.0)
    # told the right service, the word-overlap baseline also shows the passport FAQs that
    # share "paspor" / "panjang" with the message
    overlap = summary["baselines"]["faq_overlap"]
    assert overlap["faq_right"] == 1.0 and overlap["faq_unasked"] == 1.0
    assert not Conversation.objects.filter(channel="eval").exists()
