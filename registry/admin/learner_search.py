"""Finding a learner by personal identity code in the admin.

The code travels only in the body of a POST with a CSRF token: a search term in a URL would be
kept by browsers' histories, proxies and access logs. The page never shows the code again, not
even in the form after an invalid entry, and the redirect to the learner's page carries only its
primary key. A learner the user may not read is reported exactly like a code that no learner has.
"""

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from .. import identity_codes
from ..middleware import audit_context
from ..models import AuditAction
from ..selectors.admin import admin_learners
from ..selectors.study_rights import learner_by_identity_code
from ..services import audit

logger = logging.getLogger(__name__)

FIELD_NAME = "identity_code"
TEMPLATE = "admin/registry/learner/search_by_identity_code.html"


class CodeInput(forms.TextInput):
    """A text input that never renders its value back into the page."""

    def format_value(self, value):
        return None


class IdentityCodeSearchForm(forms.Form):
    identity_code = forms.CharField(
        label=_("Personal identity code"),
        max_length=32,
        widget=CodeInput(attrs={"autocomplete": "off", "spellcheck": "false", "autofocus": True}),
    )

    def clean_identity_code(self):
        try:
            return identity_codes.validate(self.cleaned_data[FIELD_NAME])
        except identity_codes.InvalidIdentityCode:
            # The message names no part of the code, and no error is logged, so the code stays in the request.
            raise forms.ValidationError(
                _("Enter a valid personal identity code: check the date of birth, the century sign and the check character."),
                code="invalid",
            ) from None


@sensitive_variables("code")
def readable_learner_by_identity_code(user, code):
    """Return (the learner `code` belongs to, whether `user` may read it), or (None, False) when none has it.

    A code of a learner merged into another belongs to the learner it was merged into, and a
    replaced code still finds its learner. The lookup tries the hash of every configured key, so
    it works while a key rotation is under way.
    """
    learner = learner_by_identity_code(code)
    if learner is None:
        return None, False
    return learner, admin_learners(user).filter(pk=learner.pk).exists()


class LearnerSearchViews:
    """Views that LearnerAdmin adds: the search by personal identity code."""

    @method_decorator(sensitive_post_parameters(FIELD_NAME))
    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def identity_code_search_view(self, request):
        """Show the search form (GET) or look the code up and redirect to the learner's page (POST)."""
        if not self.has_view_permission(request):
            raise PermissionDenied

        form = IdentityCodeSearchForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            learner, readable = readable_learner_by_identity_code(request.user, form.cleaned_data[FIELD_NAME])
            self._audit_search(request, learner, readable)
            if readable:
                return HttpResponseRedirect(reverse("admin:registry_learner_change", args=[learner.pk]))
            form.add_error(None, forms.ValidationError(
                _("No learner that you may view has this personal identity code."), code="not_found",
            ))

        context = {
            **self.admin_site.each_context(request),
            "title": _("Find a learner by personal identity code"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, TEMPLATE, context)

    def _audit_search(self, request, learner, readable):
        """Record the lookup: a read of the learner when it was shown, else a search that showed nothing.

        A learner that exists but is not shown to this user is named in the event, so the register
        can tell whose code was looked up. The user sees only that nothing was found. The event is
        inserted when the response has succeeded.
        """
        if readable:
            audit.record_on_success(
                AuditAction.LEARNER_READ, subjects=[learner.oid],
                details={"lookup": "identity_code", "result": "found"}, **audit_context(request),
            )
            logger.info("learner_found_by_identity_code learner_oid=%s user_id=%s", learner.oid, request.user.pk)
            return
        audit.record_on_success(
            AuditAction.ADMIN_VIEW, subjects=[learner.oid if learner is not None else ""],
            details={"lookup": "identity_code", "result": "not_readable" if learner is not None else "no_match"},
            **audit_context(request),
        )
        logger.info("learner_not_found_by_identity_code user_id=%s", request.user.pk)
