from ..models import Code


def active_code_choices(code_set_uri):
    """Return (value, "name (value)") choices of the code set's codes that are not retired, by value."""
    return [
        (code.value, f"{code.display_name} ({code.value})")
        for code in Code.objects.filter(code_set_uri=code_set_uri, retired=False).order_by("value")
    ]
