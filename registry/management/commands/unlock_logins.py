"""Lift the login lock-outs of a user name or a client address (registry.login_throttle)."""

from django.core.management.base import BaseCommand, CommandError

from registry import login_throttle

DOORS = {"admin": login_throttle.ADMIN, "api": login_throttle.API_BASIC}


class Command(BaseCommand):
    help = (
        "Lift the lock-out of failed logins for a user name (from every address it is locked from), "
        "for a client address, or for both, at the admin, the API's HTTP Basic, or both."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="User name whose lock-outs to lift.")
        parser.add_argument("--address", help="Client IP address whose lock-outs to lift.")
        parser.add_argument(
            "--door", choices=[*DOORS, "all"], default="all",
            help="Where the logins failed: admin, api (HTTP Basic) or all (default).",
        )

    def handle(self, *args, username=None, address=None, door="all", **options):
        if not username and not address:
            raise CommandError("Give --username, --address or both.")
        doors = DOORS.values() if door == "all" else [DOORS[door]]
        for name in doors:
            login_throttle.unlock(name, username=username, address=address)
        self.stdout.write(f"Lifted the login lock-outs at {', '.join(doors)}.")
