"""Settings of the operations side, read in fresh processes: uploads on S3-compatible storage as a
setting (the filesystem stays the default), the cache from CACHE_URL, the replica alias."""

import subprocess
import sys

from tests.ops.live import ROOT, app_env

PRINT = (
    "import django; django.setup();"
    "from django.conf import settings;"
    "from django.core.files.storage import storages;"
    "from django.core.cache import caches;"
    "s = storages['default'];"
    "print(type(s).__module__ + '.' + type(s).__name__);"
    "print(getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'));"
    "print(type(caches['default']).__name__);"
    "print(sorted(settings.DATABASES))"
)


def settings_of(**env):
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=app_env(**env), capture_output=True, text=True
    )
    return result.returncode, result.stdout.splitlines(), result.stderr


def test_defaults_are_the_filesystem_local_memory_and_one_database():
    code, lines, err = settings_of()
    assert code == 0, err
    assert lines[0] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert lines[2] == "LocMemCache" and lines[3] == "['default']"


def test_s3_compatible_storage_redis_cache_and_replica():
    code, lines, err = settings_of(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="xnzx-media",
        AWS_S3_ENDPOINT_URL="https://oss.example.test",
        CACHE_URL="redis://127.0.0.1:6379/1",
        DATABASE_REPLICA_URL="postgres://xnzx@10.0.0.12:5432/xnzx",
    )
    assert code == 0, err
    assert lines[0] == "storages.backends.s3.S3Storage"
    assert lines[1] == "xnzx-media https://oss.example.test"
    assert lines[2] == "RedisCache" and lines[3] == "['default', 'replica']"


def test_x_accel_redirect_is_for_files_on_disk_only():
    code, _lines, err = settings_of(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="b",
        UPLOADS_X_ACCEL_REDIRECT_PREFIX="/_protected_media/",
    )
    assert code != 0 and "UPLOADS_X_ACCEL_REDIRECT_PREFIX 仅适用于本机磁盘" in err


def test_unknown_media_storage_is_refused():
    code, _lines, err = settings_of(MEDIA_STORAGE="ftp")
    assert code != 0 and "MEDIA_STORAGE 只能是 filesystem 或 s3" in err
