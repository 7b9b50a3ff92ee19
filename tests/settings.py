from efficiency_center.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
