from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from registry.errors import CATALOGUE

HEADER = """# Error keys

Every error the register returns is a JSON list of `{"key": …, "message": …}`. The key is stable
and hierarchical; the message is in the caller's language (Accept-Language: fi by default, sv,
en) and names the field at fault, the value and what to do. The HTTP status of a response is the
highest status of its errors. Keys reuse the national service's keys wherever it has one.

This page is generated from `registry/errors.py` by `python manage.py error_catalogue --write`;
a test fails when it is out of date.

| key | status | meaning |
| --- | --- | --- |
"""


def render_catalogue():
    with translation.override("en"):
        rows = [
            f"| `{entry.key}` | {entry.status} | {str(entry.meaning)} |"
            for entry in sorted(CATALOGUE.values(), key=lambda entry: (entry.status, entry.key))
        ]
    return HEADER + "\n".join(rows) + "\n"


class Command(BaseCommand):
    help = "Print the error-key catalogue as Markdown, or write it to docs/error-keys.md with --write."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write docs/error-keys.md instead of printing.")

    def handle(self, *args, write, **options):
        text = render_catalogue()
        if write:
            path = Path(__file__).resolve().parents[3] / "docs" / "error-keys.md"
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {path}")
        else:
            self.stdout.write(text, ending="")
