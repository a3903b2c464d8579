"""Settings of the benchmark server: production settings, plus a bare page to compare with.

Chosen with DJANGO_SETTINGS_MODULE=benchmarks.settings (DEBUG off, SECRET_KEY and
DATABASE_URL from the environment that `benchmarks.environment` prepares). Plain HTTP on
loopback, so the HTTPS redirects and secure cookies are off; static files are served by
the finders rather than from a collected manifest.
"""

import warnings

from emulation_portal.settings import *  # noqa: F403 -- the production settings, amended below

ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405 -- from the star import
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # nothing leaves the machine
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a throw-away database
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Static files come from the finders here; whitenoise's note about the missing collected folder is noise.
warnings.filterwarnings("ignore", message="No directory at")
