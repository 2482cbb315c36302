"""Forms of the citizen pages."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import ShareSelection
from ..selectors.citizen import demo_learners
from ..services.share_links import default_expiry, latest_expiry


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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def expiry_field():
    today = timezone.localdate()
    return forms.DateField(
        label=_("Valid until"),
        widget=DateInput(attrs={"min": today.isoformat(), "max": latest_expiry(today).isoformat()}),
        help_text=_("At most a year from today. The link stops working after this day."),
        error_messages={"required": _("Give the last day the link works."), "invalid": _("Give a valid date.")},
    )


class ShareLinkForm(forms.Form):
    """The selection and last day of a new share link. The choices are the learner's own study rights."""

    selection = forms.ChoiceField(
        label=_("What to share"),
        choices=[
            (ShareSelection.CHOSEN, _("Chosen study rights and achievements")),
            (ShareSelection.COMPLETED_QUALIFICATIONS, _("All completed qualifications")),
        ],
        initial=ShareSelection.CHOSEN,
        widget=forms.RadioSelect,
    )
    study_rights = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    achievements = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.share_choices = choices
        self.fields["expires_on"] = expiry_field()
        self.fields["expires_on"].initial = default_expiry()
        self.fields["study_rights"].choices = [(choice.study_right.oid, choice.study_right.oid) for choice in choices]
        self.fields["achievements"].choices = [
            (value, value) for choice in choices for value, _achievement, _key in choice.achievements
        ]

    def chosen_achievement_keys(self):
        """Return {"study_right", "type", "module"} of each chosen achievement whose study right is not chosen whole."""
        whole = set(self.cleaned_data.get("study_rights") or [])
        chosen = set(self.cleaned_data.get("achievements") or [])
        keys = []
        for choice in self.share_choices:
            if choice.study_right.oid in whole:
                continue
            for value, _achievement, (type_code, module_code) in choice.achievements:
                entry = {"study_right": choice.study_right.oid, "type": type_code, "module": module_code}
                if value in chosen and entry not in keys:
                    keys.append(entry)
        return keys


class ExtendForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"] = expiry_field()


class TranscriptForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the transcript"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
