"""manage.py backup → manage.py restore: the demo county comes back into a fresh database and an
empty media folder with every record and every file; a damaged or incomplete backup, or a
target that is not empty, is refused."""

import hashlib
import time

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from efficiency_center.uploads import Attachment
from operations.backup import Target
from tests.ops.live import empty_database, empty_database_beside_the_test_database

pytestmark = pytest.mark.django_db(transaction=True)


def table_digests(target):
    """Every table's row count and a digest of all its rows (order-independent), and every
    sequence's position."""
    with target.connect(autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1")
        tables = [row[0] for row in cursor.fetchall()]
        digests = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY "
                f"md5(t::text)), '')) FROM \"{table}\" t"
            )
            digests[table] = cursor.fetchone()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        digests["sequences"] = cursor.fetchall()
    return digests


@pytest.fixture
def scratch_database():
    """An empty database beside the test database."""
    _source, target = empty_database_beside_the_test_database("restore")
    yield target
    empty_database(target)


def url_of(target):
    return f"postgres://{target.user}@{target.host}:{target.port}/{target.name}"


def test_the_demo_comes_back_whole(settings, tmp_path, scratch_database, capsys):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    files = list(Attachment.objects.all())
    assert files, "the demo has evidence files"
    source = Target.from_settings(connection.settings_dict)

    started = time.monotonic()
    call_command("backup", dest=str(tmp_path / "backups"))
    backup_seconds = time.monotonic() - started
    (folder,) = (tmp_path / "backups").iterdir()
    assert folder.name.startswith("xnzx-")
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar", "manifest.json"}
    assert folder.joinpath("database.dump").read_bytes()[:5] == b"PGDMP"  # custom format

    started = time.monotonic()
    call_command(
        "restore",
        str(folder),
        database_url=url_of(scratch_database),
        media_root=str(tmp_path / "restored-media"),
    )
    restore_seconds = time.monotonic() - started
    out = capsys.readouterr().out
    assert "备份完成" in out and "恢复完成并已核对" in out

    # Every table holds the same rows, every sequence stands where it stood.
    original, restored = table_digests(source), table_digests(scratch_database)
    assert original.keys() == restored.keys()
    assert original == restored
    assert original["complaints_complaint"][0] > 0 and original["pledges_pledge"][0] > 0
    # Every file is back, byte for byte, where its record says.
    for attachment in files:
        path = tmp_path / "restored-media" / attachment.file.name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == attachment.sha256
    print(
        f"\ndemo backup {backup_seconds:.2f} s, "
        f"{folder.joinpath('database.dump').stat().st_size / 1024:.0f} KiB dump; "
        f"restore {restore_seconds:.2f} s"
    )


@pytest.fixture
def small_backup(settings, tmp_path, users):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "a.pdf").write_bytes(b"%PDF-1.4 evidence")
    call_command("backup", dest=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_restore_refuses_a_database_that_is_not_empty(small_backup, tmp_path):
    with pytest.raises(CommandError, match="不是空的"):
        call_command(
            "restore",
            str(small_backup),
            database_url=url_of(Target.from_settings(connection.settings_dict)),
            media_root=str(tmp_path / "m"),
        )


def test_restore_refuses_a_media_folder_that_is_not_empty(small_backup, tmp_path, scratch_database):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "x").write_text("x")
    with pytest.raises(CommandError, match="上传文件目录不是空的"):
        call_command(
            "restore",
            str(small_backup),
            database_url=url_of(scratch_database),
            media_root=str(tmp_path / "m"),
        )
    with psycopg.connect(url_of(scratch_database)) as conn:
        assert (
            conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname='public'").fetchone()[0]
            == 0
        )


@pytest.mark.parametrize("part", ["database.dump", "media.tar"])
def test_a_damaged_backup_is_refused_before_anything_is_written(
    small_backup, tmp_path, scratch_database, part
):
    path = small_backup / part
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=f"校验和不符：{part}"):
        call_command("restore", str(small_backup), "--check")
    with pytest.raises(CommandError, match="校验和不符"):
        call_command(
            "restore",
            str(small_backup),
            database_url=url_of(scratch_database),
            media_root=str(tmp_path / "m"),
        )
    assert not (tmp_path / "m").exists()


def test_a_file_missing_after_restore_is_reported(small_backup, tmp_path, scratch_database):
    import json

    manifest = json.loads((small_backup / "manifest.json").read_text())
    manifest["media"]["files"]["attachments/never-backed-up.pdf"] = {"sha256": "0" * 64, "size": 1}
    (small_backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="文件缺失：attachments/never-backed-up.pdf"):
        call_command(
            "restore",
            str(small_backup),
            database_url=url_of(scratch_database),
            media_root=str(tmp_path / "m"),
        )
