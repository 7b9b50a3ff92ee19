"""Settings, read from the environment (django-environ).

The defaults make `make run` work with no server installed: SQLite under var/ and Celery over
kombu's filesystem transport under var/. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL
and Redis with no code change.
"""

from pathlib import Path

import environ
import pylopdf_fonts_zh_cn
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from operations import logs as operations_logs

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
DEBUG = env.bool("DEBUG", default=False)


def _required_when_live(name, value):
    # A production start without these must fail loudly, not run with a guessable key.
    if not value and not DEBUG:
        raise ImproperlyConfigured(
            f"{name} 未设置：DEBUG 关闭时必须在环境变量中提供 {name}（见 README“生产部署”）。"
        )
    return value


SECRET_KEY = _required_when_live("SECRET_KEY", env.str("SECRET_KEY", default="")) or (
    "dev-only-insecure-key-never-used-when-debug-is-off"
)
ALLOWED_HOSTS = _required_when_live("ALLOWED_HOSTS", env.list("ALLOWED_HOSTS", default=[])) or [
    "127.0.0.1",
    "localhost",
    "testserver",
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "axes",
    "efficiency_center",
    "pledges",
    "practice_projects",
    "achievements",
    "complaints",
    "selection",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "efficiency_center.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "efficiency_center.middleware.ServiceUnavailableMiddleware",
    "efficiency_center.middleware.DomainErrorMiddleware",
    # Last, so that it sees the authenticated user (django-axes' rule).
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves collected static files itself; runserver and tests use the finders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "efficiency_center.urls"
WSGI_APPLICATION = "efficiency_center.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "efficiency_center.context_processors.site",
            ],
        },
    }
]


def _database():
    default = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    try:
        db = env.db("DATABASE_URL", default=default)
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL 格式错误：{exc}") from exc
    if not db.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL 格式错误：无法识别的数据库类型。")
    # Persistent connections with health checks: measured in bench/db_connections.py.
    db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    db["CONN_HEALTH_CHECKS"] = True
    if db["ENGINE"].endswith("postgresql"):
        db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "efficiency_center.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-axes: five wrong passwords for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# The CJK fonts for PDFs come from a pinned PyPI package (OFL Noto Serif/Sans SC), so a fresh
# machine has them without root; WeasyPrint reaches them through the static files finders.
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts", Path(pylopdf_fonts_zh_cn.__file__).parent)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The CJK fonts are 20 MB and already compressed: gzip/brotli would only slow collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "br",
    "woff",
    "woff2",
    "otf",
    "ttf",
    "map",
)
# Uploaded evidence is never served as static files: only through uploads.download, which asks
# permissions.py.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="xnzx@localhost")
# The outbox sweeper re-sends a notification not emailed this many seconds after it was written
# (its delivery task lost with the broker or a killed worker).
NOTIFICATION_RESEND_AFTER = env.int("NOTIFICATION_RESEND_AFTER", default=300)
SITE_NAME = env.str("SITE_NAME", default="金湖县行政效能投诉中心")
# The center's own contact details (seed 000 §五.4: 县效能中心综合科, 县政府大楼101室, the
# "中心" mailbox), shown on the home page, the complaint form, the query page and in e-mails.
CENTER_ADDRESS = env.str("CENTER_ADDRESS", default="县政府大楼101室（县效能中心综合科）")
CENTER_HOTLINE = env.str("CENTER_HOTLINE", default="12345")
CENTER_EMAIL = env.str("CENTER_EMAIL", default="jhxnzx@126.com")

# Celery. The embedded default is kombu's filesystem transport under var/ (one folder in and out).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
_broker_dir = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    _default_backend = f"file://{_broker_dir / 'results'}"
else:
    # Longer than any countdown we use, so a delayed task is not redelivered early.
    # The same timeout hands a task whose whole worker died to another worker; every worker
    # looks for such tasks every visibility_timeout / 4 (at most every minute).
    _visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 3600)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility_timeout,
        "unacked_restore_interval": max(1, min(60, _visibility_timeout // 4)),
        "unacked_restore_throttle": 1,
    }
    _default_backend = CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_default_backend)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Operations: logs, cache, health, the replica, uploads, deployment (issue "Operations") ---
INSTALLED_APPS.append("operations")
# First: a request id and one log line per request, whatever answers it.
MIDDLEWARE.insert(0, "operations.middleware.RequestLogMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "operations.middleware.ReplicaReadMiddleware",
)

# One JSON object a line on stdout in production; LOG_FORMAT=text for people reading a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = operations_logs.config(log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
# The worker logs through the same configuration (JSON in production).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# CACHE_URL=redis://127.0.0.1:6379/1 in production (Django's own Redis backend); local memory
# otherwise. /healthz/ checks the cache when it is Redis.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
    CACHES["default"].pop("OPTIONS", None)

# The beat heartbeat: a job every HEARTBEAT_INTERVAL seconds; /healthz/ fails when the last one
# is older than HEARTBEAT_MAX_AGE (beat, the broker or every worker is down).
HEARTBEAT_INTERVAL = env.int("HEARTBEAT_INTERVAL", default=60)
HEARTBEAT_MAX_AGE = env.int("HEARTBEAT_MAX_AGE", default=3 * HEARTBEAT_INTERVAL)
# A periodic job that beat sent and no worker started within JOB_REQUEUE_AFTER seconds is sent
# again (its message was lost); the sweeper runs every JOB_REQUEUE_SWEEP_INTERVAL seconds.
JOB_REQUEUE_AFTER = env.int("JOB_REQUEUE_AFTER", default=15 * 60)
JOB_REQUEUE_SWEEP_INTERVAL = env.int("JOB_REQUEUE_SWEEP_INTERVAL", default=5 * 60)
JOB_RUN_KEEP_DAYS = env.int("JOB_RUN_KEEP_DAYS", default=90)

# A streaming replica (PostgreSQL hot standby) for the public pages' reads.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["operations.db_router.ReplicaRouter"]
# Public pages an anonymous visitor reads (URL names): from the replica when there is one.
REPLICA_READ_VIEWS = [
    "home",
    "notice_list",
    "notice_detail",
    "notice_feed",
    "pledges:public_list",
    "pledges:public_detail",
    "pledges:feed",
    "practice_projects:public_list",
    "practice_projects:public_detail",
    "achievements:public_list",
    "achievements:public_detail",
    "achievements:competition_index",
    "achievements:competition",
    "achievements:unit_public",
    "complaints:statistics",
    "complaints:typical_cases",
    "complaints:typical_case",
    "complaints:typical_feed",
    "selection:public_index",
    "selection:public_list",
]

# Uploaded files: on this machine's disk (default) or on S3-compatible storage (MEDIA_STORAGE=s3
# with the AWS_* settings, through django-storages). Downloads always pass the permission check
# in uploads.download; in production nginx then sends the file itself (X-Accel-Redirect to
# this internal location, see deploy/nginx/xnzx.conf); empty = Django streams it (dev, tests).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE 只能是 filesystem 或 s3。")
UPLOADS_X_ACCEL_REDIRECT_PREFIX = env.str("UPLOADS_X_ACCEL_REDIRECT_PREFIX", default="")
if UPLOADS_X_ACCEL_REDIRECT_PREFIX and MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("UPLOADS_X_ACCEL_REDIRECT_PREFIX 仅适用于本机磁盘上的上传文件。")
# The largest upload a form takes (uploads.DEFAULT_MAX_BYTES per file, at most 10 files at once)
# and so the largest request body nginx lets through (checked by tests/ops/test_deploy.py).
UPLOAD_MAX_FILE_BYTES = 20 * 1024 * 1024
UPLOAD_MAX_FILES_PER_REQUEST = 10
REQUEST_MAX_BODY_MB = UPLOAD_MAX_FILE_BYTES * UPLOAD_MAX_FILES_PER_REQUEST // 1024**2 + 5

# Backups (manage.py backup / restore).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))

# Routing each kind of Celery work to its own queue (a city's workers per queue; README).
if env.bool("CELERY_ROUTE_BY_KIND", default=False):
    CELERY_TASK_ROUTES = {
        "efficiency_center.tasks.deliver_notifications": {"queue": "mail"},
        "efficiency_center.tasks.sweep_notification_outbox": {"queue": "mail"},
        "selection.tasks.*": {"queue": "reports"},
        "assessment.tasks.*": {"queue": "reports"},
    }

# What deploy/ is rendered with (manage.py render_deploy): paths and names on the server.
SERVER_NAME = env.str("SERVER_NAME", default=(ALLOWED_HOSTS or ["localhost"])[0])
DEPLOY_DIR = env.str("DEPLOY_DIR", default=str(BASE_DIR))
DEPLOY_USER = env.str("DEPLOY_USER", default="xnzx")
DEPLOY_ENV_FILE = env.str("DEPLOY_ENV_FILE", default="/etc/xnzx/xnzx.env")
GUNICORN_BIND = env.str("GUNICORN_BIND", default="127.0.0.1:8000")
CELERY_WORKER_QUEUES = env.str("CELERY_WORKER_QUEUES", default="celery")
TLS_CERTIFICATE = env.str("TLS_CERTIFICATE", default="/etc/ssl/xnzx/fullchain.pem")
TLS_CERTIFICATE_KEY = env.str("TLS_CERTIFICATE_KEY", default="/etc/ssl/xnzx/privkey.pem")
