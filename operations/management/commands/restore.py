from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an EMPTY database (DATABASE_URL, or --database-url) and an "
        "empty media folder (MEDIA_ROOT, or --media-root), then check every table's row count "
        "and every file's checksum against the manifest. --check only verifies the checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a backup folder written by manage.py backup")
        parser.add_argument("--database-url", help="the empty database to restore into")
        parser.add_argument("--media-root", help="the empty folder for the uploaded files")
        parser.add_argument(
            "--check", action="store_true", help="only check the backup's checksums"
        )

    def handle(self, *args, folder, database_url=None, media_root=None, check=False, **options):
        try:
            if check:
                manifest = verify(folder)
                self.stdout.write(
                    f"备份完好：{folder}（{len(manifest['database']['tables'])} 张表，"
                    f"{len(manifest['media']['files'])} 个文件）"
                )
                return
            summary = restore(folder, database_url=database_url, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"恢复完成并已核对：{summary['tables']} 张表 {summary['rows']} 行，"
            f"{summary['files']} 个文件；用时 {summary['seconds']['total']} 秒"
        )
