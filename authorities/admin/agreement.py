"""The admin of data-sharing agreements.

Registry staff create and change agreements; every save goes through
`authorities.services.agreements.save_agreement`, which keeps the change as an AgreementVersion
that the change page lists. An authority's staff member who has `view_agreement` on an
agreement (granted through `authorities.permissions`) sees that agreement read-only, with its
disclosure statistics, and no other.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import AccessMode, DataSharingAgreement, Disclosure
from ..permissions import viewable_agreements
from ..services.agreements import STATUS_TRANSITIONS, save_agreement
from ..transfer_format.profiles import DISCLOSABLE_TYPES, profile_choices
from .access import RegistryStaffAdmin, is_registry_staff


class AgreementForm(forms.ModelForm):
    """Choices for the agreement's JSON lists and its profile, and the check of the status change."""

    education_types = forms.MultipleChoiceField(
        label=_("education types"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(value, value) for value in DISCLOSABLE_TYPES],
        help_text=_("Study rights of other types are never disclosed."),
    )
    access_modes = forms.MultipleChoiceField(
        label=_("access modes"), required=False, widget=forms.CheckboxSelectMultiple, choices=AccessMode.choices,
    )
    profile = forms.ChoiceField(label=_("data profile"), required=False)

    class Meta:
        model = DataSharingAgreement
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [("", "---------"), *profile_choices()]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk is None:
            return status
        previous = DataSharingAgreement.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        if previous and status != previous and status not in STATUS_TRANSITIONS[previous]:
            raise forms.ValidationError(
                _("An agreement cannot move from %(old)s to %(new)s."), code="status_transition",
                params={"old": previous, "new": status},
            )
        return status


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(RegistryStaffAdmin):
    form = AgreementForm
    list_display = ["name", "authority", "profile", "status", "valid_from", "valid_to"]
    list_select_related = ["authority"]
    list_filter = ["status", "profile"]
    search_fields = ["name", "=diary_number", "authority__name", "=authority__business_id"]
    search_help_text = _("Search by name, diary number, or the authority's name or business ID.")
    autocomplete_fields = ["authority"]
    readonly_fields = ["clients", "disclosure_statistics", "agreement_history", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["authority", "name", "diary_number", "status"]}),
        (_("Grounds"), {"fields": ["legal_basis", "purpose"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to"]}),
        (_("Scope"), {"fields": ["profile", "education_types", "receives_non_disclosure_details"]}),
        (_("Access"), {"fields": ["access_modes", "lookup_batch_limit", "datasets_per_day", "dataset_retention_hours"]}),
        (_("Disclosures"), {"fields": ["disclosure_statistics"]}),
        (_("API clients"), {"fields": ["clients", "created_at", "updated_at"]}),
        (_("History"), {"fields": ["agreement_history"]}),
    ]

    # Authority staff see their own agreements read-only.

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=viewable_agreements(request.user).values("pk"))

    def has_module_permission(self, request):
        return is_registry_staff(request.user) or self._views_some(request.user)

    def has_view_permission(self, request, obj=None):
        if is_registry_staff(request.user):
            return True
        if not request.user.is_staff:
            return False
        if obj is None:
            return self._views_some(request.user)
        return viewable_agreements(request.user).filter(pk=obj.pk).exists()

    @staticmethod
    def _views_some(user):
        return bool(user.is_active and user.is_staff) and viewable_agreements(user).exists()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._check_module(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._check_module(request)
        return super().history_view(request, object_id, extra_context)

    def _check_module(self, request):
        # Staff without any agreement get 403 here, before the admin looks the object up in their empty list.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied

    def save_model(self, request, obj, form, change):
        save_agreement(obj, changed_by=request.user)

    # Read-only parts of the change page.

    def get_fieldsets(self, request, obj=None):
        if is_registry_staff(request.user):
            return self.fieldsets
        # Authority staff cannot open the API clients' pages, so they get the clients' names without links.
        return [
            (title, {"fields": ["client_names" if name == "clients" else name for name in options["fields"]]})
            for title, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if is_registry_staff(request.user):
            return self.readonly_fields
        return [*self.readonly_fields, "client_names"]

    @admin.display(description=_("API clients"))
    def clients(self, agreement):
        rows = [
            (reverse("admin:authorities_apiclient_change", args=[client.pk]), client.name,
             _("active") if client.active else _("deactivated"))
            for client in agreement.api_clients.order_by("name")
        ]
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a> ({})', rows) or "–"

    @admin.display(description=_("API clients"))
    def client_names(self, agreement):
        rows = [(client.name, _("active") if client.active else _("deactivated")) for client in agreement.api_clients.order_by("name")]
        return format_html_join(mark_safe("<br>"), "{} ({})", rows) or "–"

    @admin.display(description=_("disclosure statistics"))
    def disclosure_statistics(self, agreement):
        """Count the agreement's complete disclosures and the learners in them per access mode; no learner is named."""
        if agreement.pk is None:
            return "–"
        rows = (
            Disclosure.objects.filter(agreement=agreement, complete=True).values("mode")
            .annotate(disclosures=Count("pk"), learners=Sum("learner_count"), latest=Max("disclosed_at"))
            .order_by("mode")
        )
        lines = [
            format_html("{}", _("%(mode)s: %(disclosures)s disclosures of %(learners)s learners, the latest %(latest)s") % {
                "mode": AccessMode(row["mode"]).label, "disclosures": row["disclosures"], "learners": row["learners"] or 0,
                "latest": row["latest"].strftime("%Y-%m-%d %H:%M"),
            })
            for row in rows
        ]
        return mark_safe("<br>".join(lines)) if lines else _("No disclosures yet.")

    @admin.display(description=_("changes"))
    def agreement_history(self, agreement):
        if agreement.pk is None:
            return "–"
        rows = [
            (version.version, version.changed_at.strftime("%Y-%m-%d %H:%M"), version.changed_by_name or "–",
             ", ".join(version.changed_fields))
            for version in agreement.versions.order_by("-version")
        ]
        return format_html_join(mark_safe("<br>"), "{} · {} · {} · {}", rows) or "–"
