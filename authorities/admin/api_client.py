"""API clients in the admin: registry staff create, change, deactivate and reactivate them and rotate their secrets.

Every change goes through `authorities.services.api_clients`. A client secret is shown once, on
the page that follows the creation or the rotation, and never again: the register keeps only its hash.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry.selectors.codes import active_code_choices

from ..models import ApiClient, ApiClientKind
from ..services import api_clients
from .access import RegistryStaffAdmin

STUDY_RIGHT_TYPE_CODE_SET = "opiskeluoikeudentyyppi"
SOURCE_SYSTEM_CODE_SET = "lahdejarjestelma"
SECRET_TEMPLATE = "admin/authorities/apiclient/client_secret.html"


def scope_choices():
    return [(scope, f"{scope}: {description}") for scope, description in settings.OAUTH2_PROVIDER["SCOPES"].items()]


class ApiClientForm(forms.ModelForm):
    """The fields of a client that registry staff choose; the service derives the user, application and grants."""

    scopes = forms.MultipleChoiceField(
        label=_("scopes"), widget=forms.CheckboxSelectMultiple,
        help_text=_("A provider system may hold oppija:read and oppija:write, an authority client luovutus."),
    )
    source_system = forms.ChoiceField(
        label=_("source system"), required=False,
        help_text=_("For a provider system: the source system it writes from."),
    )
    study_right_types = forms.MultipleChoiceField(
        label=_("study-right types"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("For a provider system. Leave all unchecked for every type."),
    )

    class Meta:
        model = ApiClient
        fields = ["name", "kind", "organisation", "agreement", "source_system", "study_right_types", "scopes", "rate_limit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices()
        self.fields["source_system"].choices = [("", "–"), *active_code_choices(SOURCE_SYSTEM_CODE_SET)]
        self.fields["study_right_types"].choices = active_code_choices(STUDY_RIGHT_TYPE_CODE_SET)


@admin.register(ApiClient)
class ApiClientAdmin(RegistryStaffAdmin):
    form = ApiClientForm
    list_display = ["name", "kind", "binding", "client_id", "scope_list", "rate_limit", "active"]
    list_select_related = ["organisation", "agreement", "application"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "=application__client_id", "=organisation__oid", "agreement__name"]
    search_help_text = _("Search by name, client ID, organisation OID or agreement name.")
    autocomplete_fields = ["organisation", "agreement"]
    actions = ["rotate_secret", "deactivate", "activate"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "kind", "organisation", "agreement", "source_system", "study_right_types", "scopes", "rate_limit"]
        return [
            "name", "client_id", "kind", "binding", "source_system", "study_right_types", "scopes", "rate_limit",
            "active", "user", "created_at", "created_by", "deactivated_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The binding is what the client is: to bind a system elsewhere, create a new client.
        return ["client_id", "kind", "binding", "active", "user", "created_at", "created_by", "deactivated_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.kind == ApiClientKind.AUTHORITY:
            form.base_fields["source_system"].disabled = True
            form.base_fields["study_right_types"].disabled = True
        return form

    @admin.display(description=_("client ID"))
    def client_id(self, client):
        return client.application.client_id

    @admin.display(description=_("bound to"))
    def binding(self, client):
        return client.organisation or client.agreement

    @admin.display(description=_("scopes"))
    def scope_list(self, client):
        return ", ".join(client.scopes) or "–"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            api_clients.update_api_client(
                obj, name=data["name"], scopes=data["scopes"], rate_limit=data["rate_limit"],
                source_system=data.get("source_system") if obj.kind == ApiClientKind.PROVIDER_SYSTEM else None,
                study_right_types=data.get("study_right_types") if obj.kind == ApiClientKind.PROVIDER_SYSTEM else None,
                changed_by=request.user,
            )
            return
        credentials = api_clients.create_api_client(
            name=data["name"], kind=data["kind"], organisation=data.get("organisation"), agreement=data.get("agreement"),
            source_system=data.get("source_system") or "", study_right_types=data.get("study_right_types") or (),
            scopes=data["scopes"], rate_limit=data.get("rate_limit") or "", created_by=request.user,
        )
        obj.pk = credentials.client.pk
        obj.user, obj.application = credentials.client.user, credentials.client.application
        request._tor_client_credentials = credentials

    def response_add(self, request, obj, post_url_continue=None):
        credentials = getattr(request, "_tor_client_credentials", None)
        if credentials is None:
            return super().response_add(request, obj, post_url_continue)
        return self.secret_response(request, credentials, _("The API client is created"))

    def secret_response(self, request, credentials, title):
        """Render the page that shows a client's secret once, never cached."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "client": credentials.client,
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
            "token_url": request.build_absolute_uri(reverse("oauth2_provider:token")),
            "change_url": reverse("admin:authorities_apiclient_change", args=[credentials.client.pk]),
        }
        response = TemplateResponse(request, SECRET_TEMPLATE, context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Rotate the client secret of the selected client"))
    def rotate_secret(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one client to rotate its secret."), messages.ERROR)
            return None
        credentials = api_clients.rotate_client_secret(queryset.get())
        return self.secret_response(request, credentials, _("The client secret is rotated"))

    @admin.action(description=_("Deactivate the selected clients: revoke their tokens and rights"))
    def deactivate(self, request, queryset):
        clients = list(queryset.filter(active=True))
        for client in clients:
            api_clients.deactivate_api_client(client)
        self.message_user(request, ngettext(
            "%(count)d client is deactivated.", "%(count)d clients are deactivated.", len(clients),
        ) % {"count": len(clients)})

    @admin.action(description=_("Activate the selected clients again"))
    def activate(self, request, queryset):
        clients = list(queryset.filter(active=False))
        for client in clients:
            api_clients.activate_api_client(client, activated_by=request.user)
        self.message_user(request, ngettext(
            "%(count)d client is active again.", "%(count)d clients are active again.", len(clients),
        ) % {"count": len(clients)})
