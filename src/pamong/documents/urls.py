from django.urls import path

from pamong.documents import console, review

app_name = "documents"

urlpatterns = [
    path("staf/surat/", console.agenda, name="agenda"),
    path("staf/surat/unggah/", console.upload, name="upload"),
    path("staf/surat/galat/", console.errors, name="errors"),
    path("staf/surat/tinjau/", review.queue, name="review-queue"),
    path("staf/surat/<int:pk>/", console.document_detail, name="document"),
    path("staf/surat/<int:pk>/tinjau/", review.review, name="review"),
    path("staf/surat/<int:pk>/halaman.png", review.page_image, name="page-image"),
    path("staf/surat/<int:pk>/asli", console.original, name="original"),
    path("staf/surat/<int:pk>/tersamar.txt", console.redacted, name="redacted"),
    path("staf/disposisi/", console.dispositions, name="dispositions"),
]
