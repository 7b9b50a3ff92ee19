from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.deploy import DeployError, render_all


class Command(BaseCommand):
    help = (
        "Render deploy/systemd/* and deploy/nginx/* with this installation's settings (from the "
        "environment) into --out (default VAR_DIR/deploy), ready to copy into /etc."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="the folder for the rendered files")

    def handle(self, *args, out=None, **options):
        out = Path(out or settings.VAR_DIR / "deploy")
        try:
            written = render_all(out)
        except DeployError as exc:
            raise CommandError(str(exc)) from exc
        for path in written:
            self.stdout.write(str(path))
