from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format, one snapshot) and the uploaded files, "
        "with a manifest of checksums and row counts, into a dated folder under BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dest", help="the folder that receives the backup (BACKUP_DIR)")

    def handle(self, *args, dest=None, **options):
        try:
            folder, manifest = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        db, media = manifest["database"], manifest["media"]
        self.stdout.write(
            f"备份完成：{folder}\n"
            f"  数据库 {db['size'] / 1024**2:.1f} MB（{len(db['tables'])} 张表，"
            f"{sum(db['tables'].values())} 行）；上传文件 {len(media['files'])} 个，"
            f"{media['size'] / 1024**2:.1f} MB；用时 {manifest['seconds']['total']} 秒"
        )
        if media["storage"] != "filesystem":
            self.stdout.write(
                "注意：上传文件存放在 S3 兼容存储中，不在本备份内（由存储桶的版本与复制保存）。"
            )
