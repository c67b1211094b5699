"""Celery wiring: JSON only, tasks take ids. With no broker configured, tasks run in process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")

app = Celery("pamong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
