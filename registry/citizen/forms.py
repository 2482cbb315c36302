"""Forms of the citizen pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors.citizen import demo_learners


class TestIdentificationForm(forms.Form):
    """The demo learner to log in as, chosen by learner OID."""

    learner = forms.ModelChoiceField(
        queryset=demo_learners(),
        to_field_name="oid",
        label=_("Demo learners"),
        error_messages={
            "required": _("Choose the learner to log in as."),
            "invalid_choice": _("The chosen learner is not in the register. Choose a learner from the list."),
        },
    )
