"""Admin forms that edit the multilingual name dictionaries ({"fi": …, "sv": …, "en": …}) as text fields."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models.fields import FALLBACK_LANGUAGES

LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


def language_field_name(field_name, language):
    return f"{field_name}_{language}"


def language_field_names(*field_names):
    """Return the form field names that `localised_names_form` adds for `field_names`, in form order."""
    return [language_field_name(name, language) for name in field_names for language in FALLBACK_LANGUAGES]


class LocalisedNamesForm(forms.ModelForm):
    """Edit each JSON name field in `localised_fields` as one text field per language.

    Languages other than fi, sv and en that the loaders stored are kept as they are. Fields in
    `required_fields` need a name in at least one language.
    """

    localised_fields = ()
    required_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field_name in self.localised_fields:
            names = getattr(self.instance, field_name) or {}
            for language in FALLBACK_LANGUAGES:
                form_field = language_field_name(field_name, language)
                if form_field in self.fields:
                    self.fields[form_field].initial = names.get(language, "")

    def clean(self):
        cleaned_data = super().clean()
        for field_name in self.required_fields:
            form_fields = [language_field_name(field_name, language) for language in FALLBACK_LANGUAGES]
            present = [name for name in form_fields if name in self.fields]
            if present and not any((cleaned_data.get(name) or "").strip() for name in present):
                raise ValidationError(_("Give the name in at least one language."), code="name_missing")
        return cleaned_data

    def save(self, commit=True):
        for field_name in self.localised_fields:
            names = dict(getattr(self.instance, field_name) or {})
            for language in FALLBACK_LANGUAGES:
                form_field = language_field_name(field_name, language)
                if form_field not in self.cleaned_data:
                    continue
                value = (self.cleaned_data[form_field] or "").strip()
                if value:
                    names[language] = value
                else:
                    names.pop(language, None)
            setattr(self.instance, field_name, names)
        return super().save(commit)


def localised_names_form(model, *field_names, required=()):
    """Return a LocalisedNamesForm class for `model` with a text field per language for each of `field_names`."""
    attributes = {"localised_fields": field_names, "required_fields": tuple(required)}
    for field_name in field_names:
        label = model._meta.get_field(field_name).verbose_name
        for language in FALLBACK_LANGUAGES:
            attributes[language_field_name(field_name, language)] = forms.CharField(
                label=format_lazy("{name} ({language})", name=label, language=LANGUAGE_NAMES[language]),
                required=False,
                max_length=500,
            )
    return type(LocalisedNamesForm)(f"{model.__name__}NamesForm", (LocalisedNamesForm,), attributes)


def names_by_language(names):
    """Return the names one per line with their language codes: "Stadin ammattiopisto (fi)"."""
    if not isinstance(names, dict) or not names:
        return "–"
    ordered = [language for language in FALLBACK_LANGUAGES if names.get(language)]
    ordered += [language for language in names if language not in FALLBACK_LANGUAGES and names.get(language)]
    return format_html_join(mark_safe("<br>"), "{} ({})", ((names[language], language) for language in ordered))


class LocalisedNamesAdminMixin:
    """Show the name dictionaries as read-only text to users who may only view the row.

    The per-language text fields exist only on the form, so a read-only page shows
    `<field>_by_language` in their place.
    """

    @admin.display(description=_("name"))
    def name_by_language(self, obj):
        return names_by_language(obj.name)

    @admin.display(description=_("short name"))
    def short_name_by_language(self, obj):
        return names_by_language(obj.short_name)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        by_form_field = {
            language_field_name(field_name, language): f"{field_name}_by_language"
            for field_name in getattr(self.form, "localised_fields", ())
            for language in FALLBACK_LANGUAGES
        }
        readable = []
        for title, options in fieldsets:
            fields = []
            for name in options["fields"]:
                name = by_form_field.get(name, name)
                if name not in fields:
                    fields.append(name)
            readable.append((title, {**options, "fields": fields}))
        return readable
