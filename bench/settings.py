"""Production settings plus one bare view, for the throughput benchmark only."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)

from course.settings.production import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
