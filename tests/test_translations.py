"""The Finnish and Swedish message catalogues: complete, true to their msgids, compiled and current.

Finnish is the default language and the law requires Swedish service too, so every msgid of the
code must have a reviewed translation in both. The catalogues are read with a small parser of the
PO format here, so the checks need no gettext. Only the check against the code runs xgettext
(through `makemessages`): it is skipped without gettext, except under CI=true, where it fails.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
LOCALE = PROJECT / "locale"
LANGUAGES = ("fi", "sv")
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
# The folders that the documented command `makemessages --ignore=…` leaves out.
IGNORED_BY_MAKEMESSAGES = (".venv", "var", "tests", "bench")
MAKEMESSAGES_COMMAND = "python manage.py makemessages -l fi -l sv " + " ".join(f"--ignore={name}" for name in IGNORED_BY_MAKEMESSAGES)
COMPILEMESSAGES_COMMAND = "python manage.py compilemessages --ignore=.venv"
# Folders and files that a copy of the project for makemessages does not need.
NOT_COPIED = (".git", ".venv", "var", "tests", "bench", "locale", "node_modules", "__pycache__", ".ruff_cache", "*.egg-info")
KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')
ESCAPE = re.compile(r'\\(.)')
ESCAPED = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# A printf conversion as Python's % operator reads it: %(name)s, %d, %5.2f, %%.
CONVERSION = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])?")
BRACE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")


@dataclass
class Entry:
    """One message of a PO file. `translations` maps the plural index to its text; 0 alone for a singular message."""

    msgid: str
    context: str | None = None
    msgid_plural: str | None = None
    translations: dict = field(default_factory=dict)
    flags: set = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def identity(self):
        return (self.context, self.msgid, self.msgid_plural)

    def describe(self):
        context = f" (context {self.context!r})" if self.context is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def _unquote(text):
    return ESCAPE.sub(lambda match: ESCAPED.get(match.group(1), match.group(0)), text)


def parse_po(text):
    """Return the entries of a PO file's text, the header (msgid "") first. Obsolete `#~` entries are marked."""
    entries = []
    entry = None
    target = None

    def finish():
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                if entry is not None and target is not None:
                    finish()
                entry = entry or Entry(msgid="", line=number)
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue

        match = KEYWORD.match(line)
        if match is not None:
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and target is not None and target[0].startswith("msgstr"):
                finish()
            entry = entry or Entry(msgid="", line=number)
            entry.obsolete = entry.obsolete or obsolete
            if keyword == "msgid":
                entry.line = number
            target = (keyword, int(index) if index is not None else 0)
            _append(entry, target, _unquote(value), replace=True)
        elif line.startswith('"') and line.endswith('"') and target is not None:
            _append(entry, target, _unquote(line[1:-1]), replace=False)
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    finish()
    return entries


def _append(entry, target, value, *, replace):
    keyword, index = target
    if keyword == "msgctxt":
        entry.context = value if replace else entry.context + value
    elif keyword == "msgid":
        entry.msgid = value if replace else entry.msgid + value
    elif keyword == "msgid_plural":
        entry.msgid_plural = value if replace else entry.msgid_plural + value
    else:
        entry.translations[index] = value if replace else entry.translations[index] + value


def catalogue_path(language, extension="po", root=None):
    return (root or LOCALE) / language / "LC_MESSAGES" / f"django.{extension}"


def read_catalogue(language):
    return parse_po(catalogue_path(language).read_text(encoding="utf-8"))


def messages_of(entries):
    """Return the current (not obsolete) messages of a catalogue, without its header."""
    return [entry for entry in entries if not entry.obsolete and entry.msgid]


def header_fields(entries):
    header = next(entry for entry in entries if not entry.msgid and not entry.obsolete)
    lines = header.translations.get(0, "").splitlines()
    return header, dict(line.split(": ", 1) for line in lines if ": " in line)


def conversions(text):
    """Return the % conversions of a python-format text: named ones as a Counter, positional ones in order.

    Raises ValueError for a % that Python's % operator rejects, such as the "%" of "100 %".
    """
    named, positional = Counter(), []
    position = 0
    while (start := text.find("%", position)) != -1:
        match = CONVERSION.match(text, start)
        if match is None or match.group("type") is None:
            raise ValueError(f"invalid % conversion at {text[start:start + 12]!r}")
        if match.group("type") != "%":
            if match.group("name") is not None:
                named[match.group("name")] += 1
            else:
                positional.append(match.group("type"))
        position = match.end()
    return named, positional


def brace_fields(text):
    return Counter(BRACE_FIELD.findall(text))


def placeholder_problems(entry):
    """Return what differs between the placeholders of the msgid (or msgid_plural) and each translation."""
    problems = []
    for index, translation in sorted(entry.translations.items()):
        source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
        if "python-format" in entry.flags:
            try:
                expected, found = conversions(source), conversions(translation)
            except ValueError as error:
                problems.append(f"{entry.describe()} msgstr[{index}]: {error}")
                continue
            if set(expected[0]) != set(found[0]) or expected[1] != found[1]:
                problems.append(
                    f"{entry.describe()} msgstr[{index}]: placeholders {dict(found[0])} {found[1]}, "
                    f"expected {dict(expected[0])} {expected[1]}"
                )
        if "python-brace-format" in entry.flags and brace_fields(source) != brace_fields(translation):
            problems.append(
                f"{entry.describe()} msgstr[{index}]: fields {dict(brace_fields(translation))}, "
                f"expected {dict(brace_fields(source))}"
            )
        if not ({"python-format", "python-brace-format"} & entry.flags):
            named_source = set(re.findall(r"%\((\w+)\)", source))
            named_translation = set(re.findall(r"%\((\w+)\)", translation))
            if named_source != named_translation:
                problems.append(f"{entry.describe()} msgstr[{index}]: placeholders {named_translation}, expected {named_source}")
    return problems


def message_table(entries):
    """Return the lookup table that GNU gettext builds from a catalogue, as Python's gettext module stores it."""
    table = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags and entry.msgid:
            continue
        key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if not entry.msgid:
            # msgfmt leaves the POT-Creation-Date line out of the compiled header.
            header = entry.translations.get(0, "").splitlines(keepends=True)
            table[key] = "".join(line for line in header if not line.startswith("POT-Creation-Date:"))
        elif entry.msgid_plural is None:
            if entry.translations.get(0):
                table[key] = entry.translations[0]
        elif all(entry.translations.values()):
            table.update({(key, index): text for index, text in entry.translations.items()})
    return table


def compiled_table(path):
    with path.open("rb") as file:
        # The parsed table is not public API, but it is the one place that contains every message of the file.
        return dict(gettext.GNUTranslations(file)._catalog)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language):
    header, fields = header_fields(read_catalogue(language))

    assert "fuzzy" not in header.flags, "the header is marked fuzzy: fill it in and remove the flag"
    assert fields.get("Project-Id-Version", "").startswith("TOR"), fields
    assert fields.get("Language") == language, fields
    assert fields.get("Plural-Forms") == PLURAL_FORMS, fields
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8", fields


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_translated(language):
    entries = messages_of(read_catalogue(language))
    forms = 2

    fuzzy = [entry.describe() for entry in entries if "fuzzy" in entry.flags]
    untranslated = [
        entry.describe()
        for entry in entries
        if not entry.translations
        or not all(entry.translations.values())
        or entry.msgid_plural is not None and sorted(entry.translations) != list(range(forms))
    ]

    assert entries, f"{catalogue_path(language)} has no messages"
    assert fuzzy == [], "fuzzy entries: review the translations and remove the flag"
    assert untranslated == [], "untranslated entries or missing plural forms"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_obsolete_entries(language):
    obsolete = [entry.describe() for entry in read_catalogue(language) if entry.obsolete]

    assert obsolete == [], "obsolete #~ entries: delete them, since the code no longer has these msgids"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_msgids(language):
    problems = [problem for entry in messages_of(read_catalogue(language)) for problem in placeholder_problems(entry)]

    assert problems == [], "\n".join(problems)


def test_catalogues_hold_the_same_msgids():
    finnish = {entry.identity for entry in messages_of(read_catalogue("fi"))}
    swedish = {entry.identity for entry in messages_of(read_catalogue("sv"))}

    assert sorted(finnish - swedish, key=str) == [], "only in the Finnish catalogue"
    assert sorted(swedish - finnish, key=str) == [], "only in the Swedish catalogue"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_po(language, tmp_path):
    po_path, mo_path = catalogue_path(language), catalogue_path(language, "mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run `{COMPILEMESSAGES_COMMAND}`"

    expected = message_table(read_catalogue(language))
    compiled = compiled_table(mo_path)

    stale = sorted(str(key) for key in expected.keys() | compiled.keys() if expected.get(key) != compiled.get(key))
    assert stale == [], f"{mo_path} differs from {po_path}: run `{COMPILEMESSAGES_COMMAND}`"

    msgfmt = shutil.which("msgfmt")
    if msgfmt is not None:
        # A cross-check of the parser above against GNU msgfmt, when gettext is installed.
        fresh = tmp_path / "django.mo"
        subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(po_path)], check=True, capture_output=True)
        assert compiled_table(fresh) == expected


def project_copy(destination):
    """Copy the project's source to `destination` with an empty locale folder, for a clean makemessages run."""
    shutil.copytree(PROJECT, destination, ignore=shutil.ignore_patterns(*NOT_COPIED))
    for language in LANGUAGES:
        (destination / "locale" / language / "LC_MESSAGES").mkdir(parents=True)


# Runs in the copy and first makes sure that its settings are the copy's, so that makemessages
# can never write into the project's own locale folder.
MAKEMESSAGES_SCRIPT = """
import sys
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command

django.setup()
copy = Path.cwd().resolve()
if Path(settings.BASE_DIR).resolve() != copy:
    sys.exit(f"the copy imported settings from {settings.BASE_DIR}, not from {copy}")
call_command("makemessages", locale=sys.argv[1].split(","), domain=sys.argv[2], ignore_patterns=sys.argv[3].split(","), verbosity=0)
"""


def extract_messages(copy, domain="django"):
    """Run makemessages in `copy` as the documented command does; return the new catalogues' entries by language."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tor.settings", "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "-c", MAKEMESSAGES_SCRIPT, ",".join(LANGUAGES), domain, ",".join(IGNORED_BY_MAKEMESSAGES)],
        cwd=copy, env=environment, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed in the copy:\n{result.stdout}\n{result.stderr}"
    return {
        language: parse_po(path.read_text(encoding="utf-8")) if (path := catalogue_path(language, root=copy / "locale")).is_file() else []
        for language in LANGUAGES
    }


def require_xgettext():
    if shutil.which("xgettext") is not None:
        return
    reason = "xgettext is missing, so the catalogues cannot be compared with the code: install Debian's gettext"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def project_javascript():
    """Return the project's own JavaScript files, whose strings would need a djangojs catalogue."""
    return sorted(
        path.relative_to(PROJECT)
        for folder in ("static", "templates", "registry", "authorities", "tor")
        for path in (PROJECT / folder).rglob("*.js")
    )


def test_catalogues_match_the_code(tmp_path):
    require_xgettext()
    copy = tmp_path / "project"
    project_copy(copy)

    extracted = extract_messages(copy)

    for language in LANGUAGES:
        in_code = {entry.identity for entry in messages_of(extracted[language])}
        committed = {entry.identity for entry in messages_of(read_catalogue(language))}
        assert sorted(in_code - committed, key=str) == [], (
            f"msgids in the code but not in {catalogue_path(language)}: run `{MAKEMESSAGES_COMMAND}`, "
            f"translate the new entries and run `{COMPILEMESSAGES_COMMAND}`"
        )
        assert sorted(committed - in_code, key=str) == [], (
            f"msgids in {catalogue_path(language)} that the code no longer has: run `{MAKEMESSAGES_COMMAND}` "
            "and delete the obsolete #~ entries"
        )


def test_javascript_has_a_catalogue():
    scripts = project_javascript()
    missing = [language for language in LANGUAGES if not catalogue_path(language).with_name("djangojs.po").is_file()]

    assert not (scripts and missing), (
        f"the project has JavaScript ({', '.join(map(str, scripts))}) but no djangojs catalogue for {missing}: "
        "run makemessages -d djangojs, and extend test_catalogues_match_the_code to that domain"
    )
