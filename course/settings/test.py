"""Test settings: fast hashing, mail kept in memory, a fixed throwaway secret."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Check the content version on every request, so a test sees its own changes at once.
PAGE_CACHE_VERSION_CHECK_SECONDS = 0
# Background tasks run at once, in the test's process (course/celery.py).
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
# Most admin tests log instructors in directly; tests/security/test_two_factor.py turns it on.
TWO_FACTOR_REQUIRED = False
