"""Counts of what a reference-data load added, changed, left alone, retired and skipped."""

from dataclasses import dataclass, field


@dataclass
class LoadReport:
    kind: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: list = field(default_factory=list)

    def summary(self):
        line = (
            f"{self.kind}: {self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.retired} retired"
        )
        if self.skipped:
            line += f", {len(self.skipped)} skipped"
        return line


def sync_rows(model, existing, incoming, fields, report, *, batch_size=1000):
    """Insert new rows and update changed ones; `existing` and `incoming` map the same keys to instances.

    An incoming instance whose `fields` all equal the existing row's is left alone. Returns the
    saved instances by key.
    """
    to_create, to_update = [], []
    saved = {}
    for key, row in incoming.items():
        current = existing.get(key)
        if current is None:
            to_create.append(row)
            saved[key] = row
            continue
        if any(getattr(current, name) != getattr(row, name) for name in fields):
            for name in fields:
                setattr(current, name, getattr(row, name))
            to_update.append(current)
        else:
            report.unchanged += 1
        saved[key] = current

    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=batch_size)
    report.added += len(to_create)
    report.changed += len(to_update)
    return saved
