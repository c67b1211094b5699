"""Interface strings of the documents app that live in shared files (roles, dashboard).

Listed here so the app's own catalog carries their English (the project catalog is the
lead's to update).
"""

from django.utils.translation import gettext_noop

SHARED_STRINGS = (
    gettext_noop("Petugas TU / arsiparis"),
    gettext_noop("Surat masuk"),
    gettext_noop("Agenda, unggah, antrean pemeriksaan, dan disposisi surat masuk."),
)
