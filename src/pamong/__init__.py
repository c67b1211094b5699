"""pamong: AI functions for Indonesian government administration and public services."""

from pamong.celery import app as celery_app

__all__ = ["celery_app"]
