"""Where each learned model's examples come from: letters a clerk confirmed, nothing else."""

from __future__ import annotations

from collections.abc import Callable

from pamong.documents.models import Disposition, Document

Example = tuple[int, str, str]  # (document id, text, label)


def model_text(document: Document) -> str:
    from pamong.documents.fields import clean
    from pamong.documents.functions import letter_words

    return letter_words(clean(document.text), document.perihal, document.pengirim, document.classification)


def type_examples() -> list[Example]:
    confirmed = Document.objects.filter(confirmed_at__isnull=False).exclude(doc_type="")
    return [
        (doc.pk, model_text(doc), doc.doc_type)
        for doc in confirmed.only("pk", "perihal", "pengirim", "text", "doc_type")
    ]


def disposition_examples() -> list[Example]:
    chosen = (
        Disposition.objects.filter(suggested=False, document__confirmed_at__isnull=False)
        .select_related("document", "unit")
        .order_by("document_id", "created_at")
    )
    first: dict[int, Example] = {}
    for disposition in chosen:
        if disposition.document_id not in first:
            first[disposition.document_id] = (
                disposition.document_id,
                model_text(disposition.document),
                disposition.unit.code,
            )
    return list(first.values())


def classification_examples() -> list[Example]:
    confirmed = Document.objects.filter(confirmed_at__isnull=False).exclude(classification="")
    fields_needed = ("pk", "perihal", "pengirim", "text", "classification")
    return [(doc.pk, model_text(doc), doc.classification) for doc in confirmed.only(*fields_needed)]


TRAINERS: dict[str, tuple[str, Callable[[], list[Example]]]] = {
    "documents.type": ("type", type_examples),
    "documents.disposition": ("disposition", disposition_examples),
    "documents.classification": ("classification", classification_examples),
}
