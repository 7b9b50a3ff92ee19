"""The Celery app: settings from Django's (CELERY_ namespace), tasks autodiscovered in every app."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efficiency_center.settings")

app = Celery("efficiency_center")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_broker_folders():
    """kombu's filesystem transport and the file result backend need their folders to exist."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    folders = [options[key] for key in ("data_folder_in", "processed_folder", "control_folder")]
    if settings.CELERY_RESULT_BACKEND.startswith("file://"):
        folders.append(settings.CELERY_RESULT_BACKEND.removeprefix("file://"))
    for folder in folders:
        Path(folder).mkdir(parents=True, exist_ok=True)


@celeryd_init.connect
def _prepare_worker(**kwargs):
    ensure_filesystem_broker_folders()
