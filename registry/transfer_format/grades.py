"""Grades of the national grade scales: which grades are passes and how grades compare."""

# Grades that are a fail on their scale (arviointiasteikko…, koskiyoarvosanat, virtaarvosana).
FAILING_GRADES = {
    "arviointiasteikkoyleissivistava": {"4", "H"},
    "arviointiasteikkoammatillinenhyvaksyttyhylatty": {"Hylätty"},
    "arviointiasteikkoammatillinen15": {"0", "Hylätty"},
    "arviointiasteikkoammatillinent1k3": {"0", "Hylätty"},
    "arviointiasteikkomuuammatillinenkoulutus": {"hylatty"},
    "koskiyoarvosanat": {"I", "I-", "I=", "I+"},
    "arviointiasteikkoib": {"F", "1"},
    "arviointiasteikkovst": {"Hylätty"},
    "arviointiasteikkotuva": {"Hylätty"},
}
# The matriculation examination's grades, best first.
MATRICULATION_ORDER = ["L", "E", "M", "C", "B", "A", "I+", "I", "I-", "I="]


def is_pass(grade_scale, grade, accepted=None):
    """Return whether `grade` passes: the document's own `hyväksytty` wins where it is given."""
    if accepted is not None:
        return bool(accepted)
    return grade not in FAILING_GRADES.get(grade_scale, set())


def rank(grade_scale, grade, accepted):
    """Return a sort key: passes before fails, then the better grade, numbers by value."""
    if grade_scale == "koskiyoarvosanat" and grade in MATRICULATION_ORDER:
        value = -MATRICULATION_ORDER.index(grade)
    else:
        try:
            value = float(grade.replace(",", "."))
        except ValueError:
            value = 0.0
    return (1 if accepted else 0, value)
