from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

# OAuth2 scopes a client of each kind may have. Their descriptions are in settings.OAUTH2_PROVIDER["SCOPES"].
READ_SCOPE = "oppija:read"
WRITE_SCOPE = "oppija:write"
DISCLOSURE_SCOPE = "luovutus"

# A request rate in the form Django REST framework's throttles read: requests per second, minute, hour or day.
RATE_PATTERN = r"^[1-9][0-9]{0,8}/(s|sec|second|m|min|minute|h|hour|d|day)$"


class ApiClientKind(models.TextChoices):
    PROVIDER_SYSTEM = "provider_system", _("provider system")
    AUTHORITY = "authority", _("authority")


KIND_SCOPES = {
    ApiClientKind.PROVIDER_SYSTEM: (READ_SCOPE, WRITE_SCOPE),
    ApiClientKind.AUTHORITY: (DISCLOSURE_SCOPE,),
}


class ApiClient(models.Model):
    """A machine client of the API: a provider's student administration system (palvelukäyttäjä) or an authority's system.

    The client authenticates with OAuth2 client credentials through its `application`, and the
    API authenticates its requests as its own Django `user`, so the register's permission checks apply to
    it unchanged. A provider system is bound to an organisation and holds the service-user role
    there, limited to its source system and study-right types. An authority client is bound to a
    data-sharing agreement and holds the object permission `use_agreement` on it.
    `authorities.services.api_clients` creates, changes and deactivates clients and keeps the
    user, the application and the grants in step; nothing else writes them.
    """

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=ApiClientKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_client",
    )
    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, verbose_name=_("OAuth2 application"), on_delete=models.PROTECT,
        related_name="api_client",
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="api_clients",
        help_text=_("For a provider system: the organisation it writes for, with every organisation below it."),
    )
    agreement = models.ForeignKey(
        "authorities.DataSharingAgreement", verbose_name=_("data-sharing agreement"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="api_clients",
        help_text=_("For an authority: the agreement it receives data under."),
    )
    source_system = models.CharField(
        _("source system"), max_length=64, blank=True,
        help_text=_("For a provider system: the value of code set `lahdejarjestelma` it writes from."),
    )
    study_right_types = models.JSONField(
        _("study-right types"), default=list, blank=True,
        help_text=_("For a provider system: values of code set `opiskeluoikeudentyyppi`. Leave empty for every type."),
    )
    scopes = models.JSONField(_("scopes"), default=list, help_text=_("OAuth2 scopes the client may request."))
    rate_limit = models.CharField(
        _("rate limit"), max_length=32, blank=True,
        validators=[RegexValidator(RATE_PATTERN, _("Write the rate as requests per period, such as 600/minute."))],
        help_text=_("Requests per second, minute, hour or day, such as 600/minute. Empty: the register's default."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=ApiClientKind.PROVIDER_SYSTEM, organisation__isnull=False, agreement__isnull=True)
                    | Q(kind=ApiClientKind.AUTHORITY, organisation__isnull=True, agreement__isnull=False)
                ),
                name="api_client_bound_to_organisation_or_agreement",
                violation_error_message=_(
                    "A provider system is bound to an organisation and an authority client to a data-sharing agreement."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def client_id(self):
        return self.application.client_id

    def clean(self):
        super().clean()
        if self.kind == ApiClientKind.PROVIDER_SYSTEM:
            if self.organisation_id is None:
                raise ValidationError({"organisation": _("Choose the organisation the provider system writes for.")})
            if self.agreement_id is not None:
                raise ValidationError({"agreement": _("A provider system is not bound to a data-sharing agreement.")})
            if not self.source_system:
                raise ValidationError({"source_system": _("Choose the source system the provider system writes from.")})
        elif self.kind == ApiClientKind.AUTHORITY:
            if self.agreement_id is None:
                raise ValidationError({"agreement": _("Choose the data-sharing agreement the authority receives data under.")})
            if self.organisation_id is not None:
                raise ValidationError({"organisation": _("An authority client is bound to an agreement, not to an organisation.")})
            if self.source_system or self.study_right_types:
                raise ValidationError(_("Only a provider system has a source system and study-right types."))
        allowed = KIND_SCOPES.get(self.kind, ())
        unknown = [scope for scope in self.scopes if scope not in allowed]
        if unknown:
            raise ValidationError({"scopes": ValidationError(
                _("A client of this kind may hold only these scopes: %(allowed)s."),
                code="scope_not_allowed", params={"allowed": ", ".join(allowed)},
            )})
