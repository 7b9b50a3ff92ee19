from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from efficiency_center import demo


class Command(BaseCommand):
    help = _("Load the demo county (units, this year's campaign, demo accounts). Safe to re-run.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _("seed_demo refuses to run with DEBUG off: it creates known passwords.")
            )
        county = demo.seed()
        self.stdout.write(
            _("Demo county ready: %(units)s units, campaign %(campaign)s.")
            % {"units": len(county.units), "campaign": county.campaign}
        )
        self.stdout.write(_("Demo logins (password %(pw)s):") % {"pw": demo.DEMO_PASSWORD})
        for username, full_name, _role, code in demo.ACCOUNTS:
            user = county.users[username]
            where = county.units[code].short_name if code else settings.SITE_NAME
            self.stdout.write(f"  {username:<12} {user.get_role_display()} · {where} · {full_name}")
