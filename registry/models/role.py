from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles of provider officials and service users; each is realised as a right on an organisation."""

    READ = "read", _("read study rights")
    WRITE = "write", _("read and write study rights")
    SENSITIVE = "sensitive", _("read and change sensitive data")
    INVALIDATE = "invalidate", _("invalidate study rights")
    SERVICE = "service", _("service user: writes through the API from a source system")
    DETACH = "detach", _("detach study rights from their source systems")


class RoleGrant(models.Model):
    """A role that a user or a group holds on an organisation and on every organisation below it.

    The register keeps each grant as a django-guardian object permission on the organisation; this
    row records the role itself, who granted it and when, and its limits: the study-right types it
    covers (none listed: every type) and, for a service user, the source system it writes from.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="role_grants",
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), null=True, blank=True, on_delete=models.CASCADE, related_name="role_grants",
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="role_grants",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    study_right_types = models.JSONField(
        _("study-right types"), default=list, blank=True,
        help_text=_("Values of code set `opiskeluoikeudentyyppi`. Leave empty for every type."),
    )
    source_system = models.CharField(
        _("source system"), max_length=64, blank=True,
        help_text=_("For a service user: the value of code set `lahdejarjestelma` it writes from. Empty allows any."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["organisation__path", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True) | Q(user__isnull=True, group__isnull=False),
                name="role_grant_user_or_group",
                violation_error_message=_("A role is granted to a user or to a group, not both."),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], condition=Q(user__isnull=False), name="role_grant_unique_user",
            ),
            models.UniqueConstraint(
                fields=["group", "organisation", "role"], condition=Q(group__isnull=False), name="role_grant_unique_group",
            ),
        ]

    def __str__(self):
        holder = self.user or self.group
        return f"{holder}: {self.get_role_display()} @ {self.organisation.oid}"

    @property
    def holder(self):
        return self.user if self.user_id else self.group
