"""Services handled by another institution are referred there, never answered with a near
catalog service; catalog questions are unaffected."""

from __future__ import annotations

import pytest

from pamong.ai.models import Decision
from pamong.assistant import referrals
from pamong.assistant.dialog import assistant
from tests.assistant.chats import conversation_with_assistant


@pytest.fixture
def chat(shipped_catalog):  # type: ignore[no-untyped-def]
    return conversation_with_assistant()


def test_a_referral_question_gets_the_institution_and_its_channel_and_is_logged(chat) -> None:
    reply = chat("cara klaim jht bpjs ketenagakerjaan")
    assert reply.kind == "referral" and reply.service is None and reply.referral == "bpjs-ketenagakerjaan"
    assert "diurus oleh BPJS Ketenagakerjaan, bukan" in reply.text
    assert "bpjsketenagakerjaan.go.id" in reply.text
    assert "Bicara dengan petugas" in reply.quick_replies
    decision = Decision.objects.get(pk=reply.decision_id)
    assert decision.abstained and decision.output["kind"] == "referral"
    assert decision.output["referral"] == "bpjs-ketenagakerjaan"
    assert "referral bpjs-ketenagakerjaan" in decision.explanation
    assert "+ref-" in decision.model_version


def test_a_near_catalog_service_loses_to_the_referral_that_names_the_question(chat) -> None:
    # "SIM" alone is the catalog's driving licence; the international permit is Korlantas's.
    reply = chat("bikin sim internasional")
    assert reply.kind == "referral" and "Korlantas" in reply.text
    assert chat("lapor spt tahunan gimana").referral == "spt-pajak-penghasilan"


@pytest.mark.parametrize(
    ("question", "service"),
    [
        ("KTP hilang", "ktp-el-penggantian"),
        ("bikin sim c", "sim-baru"),
        ("skck buat cpns", "skck"),  # names the SKCK: the catalog wins over the CPNS referral
        ("surat keterangan usaha buat kur", "surat-keterangan-usaha"),
        ("paspor untuk umroh", "paspor"),
        ("bikin npwp", "npwp"),
        ("sertifikat halal umkm", "sertifikat-halal"),
    ],
)
def test_catalog_questions_are_still_answered_from_the_catalog(chat, question: str, service: str) -> None:
    reply = chat(question)
    assert reply.kind == "answer" and reply.service.slug == service, reply.text


def test_english_gets_the_english_pointer(chat) -> None:
    reply = chat("how do I get an international driving permit")
    assert reply.kind == "referral" and chat.conversation.language == "en"
    assert "Korlantas Polri" in reply.text and "official site" in reply.text
    assert "Talk to an officer" in reply.quick_replies


def test_a_referral_mid_topic_ends_the_topic(chat) -> None:
    assert chat("bikin npwp").service.slug == "npwp"
    referred = chat("kalau lapor spt tahunan syaratnya apa?")  # a facet word, but another institution
    assert referred.kind == "referral"
    chat.conversation.refresh_from_db()
    assert chat.conversation.current_service is None


def test_the_evaluation_counts_a_referral_as_an_abstention(shipped_catalog) -> None:
    action, label, _ = assistant().outcome("cara daftar kartu prakerja")
    assert (action, label) == ("refer", None)


def test_without_the_list_nothing_is_referred(shipped_catalog, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(referrals, "path", lambda: tmp_path / "missing.yaml")
    assert assistant().choose("bikin sim internasional").action != "refer"
    assert "+ref-" not in assistant().model_version()


def test_the_shipped_list_leaves_out_what_the_catalog_has(shipped_catalog) -> None:
    from pamong.catalog.models import Service

    keys = {referral.key for referral in referrals.referrals()}
    assert keys and not keys & set(Service.objects.values_list("slug", flat=True))
    assert all(referral.phrases and referral.t("pointer", "en") for referral in referrals.referrals())


def test_referrals_sharing_no_word_with_the_question_are_skipped_without_changing_the_strongest(
    shipped_catalog,
) -> None:
    """Phrases are compared only for referrals sharing a term with the question; on every
    dev question the strongest referral is the one comparing every phrase gives."""
    from pamong.ai.evaluation import read_labelled_csv
    from tests.conftest import REPO

    for referral in referrals.referrals():
        assert referral.terms == frozenset().union(*referral.phrases)
    words = referrals.catalog_words()
    rows = read_labelled_csv(str(REPO / "data/eval/assistant_questions.csv"), ("question", "expected"))
    found = 0
    for question in [row["question"] for row in rows]:
        terms = referrals.terms_of(question)
        best = None  # every referral's phrases, compared one by one
        for referral in referrals.referrals():
            explained = frozenset().union(*(phrase for phrase in referral.phrases if phrase <= terms))
            if explained and (best is None or words.weight(explained) > best[0]):
                best = (words.weight(explained), referral, explained)
        assert referrals.strongest(terms, words) == best, question
        found += best is not None
    assert found >= 10
