"""Backups that restore: a pg_dump (custom format) taken from one snapshot, the media files in a
tar, and a manifest with the checksum of each and the row count of every table in that same
snapshot. `restore` checks all three before and after it loads them into an empty database and
an empty media folder.

A backup is a folder `xnzx-YYYYmmdd-HHMMSS/` holding database.dump, media.tar, manifest.json.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_TAR = "media.tar"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in one line."""


def sha256_of(path, chunk=1024 * 1024):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Target:
    """Where a database is: connection parameters for psycopg and the libpq environment of
    pg_dump / pg_restore (the password never appears on a command line)."""

    host: str
    port: int
    user: str
    password: str
    name: str

    @classmethod
    def from_settings(cls, db):
        if not db["ENGINE"].endswith("postgresql"):
            raise BackupError("备份与恢复只支持 PostgreSQL（DATABASE_URL=postgres://…）。")
        return cls(
            host=db.get("HOST") or "127.0.0.1",
            port=int(db.get("PORT") or 5432),
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or "",
            name=db["NAME"],
        )

    @classmethod
    def from_url(cls, url):
        import environ

        return cls.from_settings(environ.Env.db_url_config(url))

    def connect(self, **kwargs):
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=self.name,
            connect_timeout=10,
            **kwargs,
        )

    def env(self):
        env = dict(os.environ, PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user)
        env["PGDATABASE"] = self.name
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _row_counts(cursor):
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and p.name != ".healthz"
    )


def backup(dest_dir=None, *, db=None, media_root=None, stdout=None):
    """Write a backup folder under `dest_dir`; returns (folder, manifest)."""
    target = Target.from_settings(db or settings.DATABASES["default"])
    media_root = Path(media_root or settings.MEDIA_ROOT)
    dest_dir = Path(dest_dir or settings.BACKUP_DIR)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = dest_dir / f"xnzx-{stamp}"
    if folder.exists():
        raise BackupError(f"备份目录已存在：{folder}")
    partial = dest_dir / f".xnzx-{stamp}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    started = time.monotonic()

    # One snapshot for the dump and the row counts: what the manifest says is what the dump has.
    with target.connect(autocommit=False) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        server_version = conn.info.server_version
        with conn.cursor() as cursor:
            counts = _row_counts(cursor)
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations = {}
            for app, name in cursor.fetchall():
                migrations[app] = name
        dump = partial / DUMP
        result = subprocess.run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-owner", "-f", str(dump)],
            env=target.env(),
            capture_output=True,
            text=True,
        )
        conn.rollback()
    if result.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"pg_dump 失败：{result.stderr.strip().splitlines()[-1:]}")
    dumped = time.monotonic()

    files = {}
    # Uploads on S3-compatible storage are not in the backup: the bucket keeps its own versions
    # and copies (README "A city"); the tar is then empty.
    on_disk = settings.MEDIA_STORAGE == "filesystem"
    with tarfile.open(partial / MEDIA_TAR, "w") as tar:
        for path in _media_files(media_root) if on_disk else []:
            relative = path.relative_to(media_root).as_posix()
            files[relative] = {"sha256": sha256_of(path), "size": path.stat().st_size}
            tar.add(path, arcname=relative, recursive=False)

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "database": {
            "file": DUMP,
            "sha256": sha256_of(dump),
            "size": dump.stat().st_size,
            "name": target.name,
            "server_version": server_version,
            "tables": counts,
            "migrations": migrations,
        },
        "media": {
            "file": MEDIA_TAR,
            "storage": settings.MEDIA_STORAGE,
            "sha256": sha256_of(partial / MEDIA_TAR),
            "size": (partial / MEDIA_TAR).stat().st_size,
            "files": files,
        },
        "seconds": {
            "database": round(dumped - started, 2),
            "total": round(time.monotonic() - started, 2),
        },
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    partial.rename(folder)
    return folder, manifest


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"不是备份目录（没有 {MANIFEST}）：{folder}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"无法识别的备份格式：{manifest.get('format')}")
    return manifest


def verify(folder):
    """Check the dump's and the tar's checksums against the manifest; returns the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    for part in ("database", "media"):
        path = folder / manifest[part]["file"]
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少 {path.name}")
        if sha256_of(path) != manifest[part]["sha256"]:
            raise BackupError(f"校验和不符：{path.name} 已损坏或被改动")
    return manifest


def restore(folder, *, db=None, database_url=None, media_root=None):
    """Load a backup into an empty database and an empty media folder and check it against its
    manifest (every table's row count, every file's checksum). Returns a summary dict."""
    folder = Path(folder)
    manifest = verify(folder)
    target = (
        Target.from_url(database_url)
        if database_url
        else Target.from_settings(db or settings.DATABASES["default"])
    )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    started = time.monotonic()

    with target.connect(autocommit=True) as conn, conn.cursor() as cursor:
        existing = _tables(cursor)
    if existing:
        raise BackupError(
            f"目标数据库 {target.name} 不是空的（已有 {len(existing)} 张表）："
            "请恢复到新建的空数据库。"
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"目标上传文件目录不是空的：{media_root}")

    result = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--jobs=2",
            "-d",
            target.name,
            str(folder / manifest["database"]["file"]),
        ],
        env=target.env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore 失败：{result.stderr.strip().splitlines()[-1:]}")
    restored = time.monotonic()

    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / manifest["media"]["file"]) as tar:
        tar.extractall(media_root, filter="data")

    problems = []
    with target.connect(autocommit=True) as conn, conn.cursor() as cursor:
        counts = _row_counts(cursor)
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"表 {table}：应有 {expected} 行，恢复后 {counts.get(table)} 行")
    for relative, expected in manifest["media"]["files"].items():
        path = media_root / relative
        if not path.is_file():
            problems.append(f"文件缺失：{relative}")
        elif sha256_of(path) != expected["sha256"]:
            problems.append(f"文件校验和不符：{relative}")
    if problems:
        raise BackupError("恢复后核对不符：" + "；".join(problems[:20]))
    return {
        "tables": len(counts),
        "rows": sum(counts.values()),
        "files": len(manifest["media"]["files"]),
        "seconds": {
            "database": round(restored - started, 2),
            "total": round(time.monotonic() - started, 2),
        },
    }
