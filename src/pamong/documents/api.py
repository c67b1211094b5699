"""JSON API for incoming letters: send a file, read what was understood.

Authenticated as a staff member (session, or HTTP Basic for a scanner or another
system); only roles that may register letters may send or read them.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBasicAuth, django_auth

from pamong.documents import access, actions
from pamong.documents.models import Document


class StaffBasicAuth(HttpBasicAuth):
    def authenticate(self, request, username: str, password: str):  # type: ignore[no-untyped-def]
        user = authenticate(request, username=username, password=password)
        if user is not None:
            request.user = user
        return user


router = Router(tags=["documents"], auth=[StaffBasicAuth(), django_auth])


class DocumentOut(Schema):
    id: int
    state: str
    error: str
    filename: str
    mime: str
    nomor_surat: str
    tanggal: date | None
    perihal: str
    pengirim: str
    sifat: str
    type: str
    classification: str
    summary: str
    review_reasons: list[str]
    extraction: dict


def document_out(document: Document) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        state=document.state,
        error=document.error,
        filename=document.filename,
        mime=document.mime,
        nomor_surat=document.nomor_surat,
        tanggal=document.tanggal,
        perihal=document.perihal,
        pengirim=document.pengirim,
        sifat=document.sifat,
        type=document.doc_type,
        classification=document.classification,
        summary=document.summary,
        review_reasons=document.review_reasons,
        extraction=document.extraction,
    )


@router.post("/", response={201: DocumentOut, 409: dict, 413: dict, 422: dict})
def send(request, file: UploadedFile = File(...)):  # type: ignore[no-untyped-def]  # noqa: B008
    if not access.can_register(request.user):
        raise HttpError(403, "your role may not register letters")
    try:
        document = actions.receive(file.name or "berkas", file, source="api", actor=request.user)
    except actions.Duplicate as error:
        return 409, {"detail": str(error), "id": error.existing.pk}
    except actions.IntakeError as error:
        return 413 if "batas" in str(error) else 422, {"detail": str(error)}
    document.refresh_from_db()
    return 201, document_out(document)


@router.get("/{document_id}", response=DocumentOut)
def read(request, document_id: int):  # type: ignore[no-untyped-def]
    document = get_object_or_404(Document, pk=document_id)
    if not access.can_register(request.user):
        raise HttpError(403, "your role may not read letters here")
    actions.view_original(document, actor=request.user, redacted=False)
    return document_out(document)
