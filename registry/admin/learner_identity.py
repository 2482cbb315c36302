"""Admin pages where registry staff change a learner's identity: a new learner, an identity code, names, a merge.

Only registry administrators open them. Each page is a form sent by POST, so a personal identity
code never travels in an address, and each calls one service of `services.learners`, which
records the change in the audit trail.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..errors import RegisterError
from ..models import IdentityCodeChange, Learner
from ..selectors.study_rights import learner_by_oid
from ..services import learners as learner_services

TEMPLATE = "admin/registry/learner/identity_form.html"


class NewLearnerForm(forms.Form):
    first_names = forms.CharField(label=_("first names"), max_length=200)
    calling_name = forms.CharField(label=_("calling name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=200)
    birth_date = forms.DateField(
        label=_("date of birth"), required=False, help_text=_("Required when the learner has no personal identity code."),
    )
    identity_code = forms.CharField(
        label=_("personal identity code"), required=False,
        help_text=_("Leave empty for a learner who has no Finnish personal identity code yet."),
    )


class IdentityCodeForm(forms.Form):
    identity_code = forms.CharField(label=_("new personal identity code"))
    change = forms.ChoiceField(label=_("kind of change"), choices=IdentityCodeChange.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class NamesForm(forms.Form):
    first_names = forms.CharField(label=_("first names"), max_length=200)
    calling_name = forms.CharField(label=_("calling name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=200)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MergeForm(forms.Form):
    master_oid = forms.CharField(
        label=_("master learner OID"), max_length=64,
        help_text=_("The learner that stays. This learner's OID and study rights resolve to it from now on."),
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


def add_errors(form, error):
    """Show each error of a RegisterError on the form, with its stable key."""
    for item in error.errors:
        form.add_error(None, f"{item.message()} ({item.key})")


class LearnerIdentityViews:
    """Views that LearnerAdmin adds for registry administrators."""

    def identity_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("new/", wrap(self.new_learner_view), name="registry_learner_new"),
            path("<int:learner_id>/identity-code/", wrap(self.identity_code_view), name="registry_learner_identity_code"),
            path("<int:learner_id>/names/", wrap(self.names_view), name="registry_learner_names"),
            path("<int:learner_id>/merge/", wrap(self.merge_view), name="registry_learner_merge"),
        ]

    def _require_administrator(self, request):
        if not permissions.is_registry_administrator(request.user):
            raise PermissionDenied

    def _page(self, request, form, title, learner=None, submit=_("Save")):
        context = {
            **self.admin_site.each_context(request),
            "title": title, "form": form, "opts": self.model._meta, "learner": learner, "submit": submit,
        }
        return TemplateResponse(request, TEMPLATE, context)

    def _done(self, request, learner, message):
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:registry_learner_change", args=[learner.pk]))

    @method_decorator(sensitive_post_parameters("identity_code"))
    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def new_learner_view(self, request):
        """Create a learner with a new OID, with or without a personal identity code."""
        self._require_administrator(request)
        form = NewLearnerForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                learner = learner_services.create_learner_record(
                    first_names=data["first_names"], last_name=data["last_name"], calling_name=data["calling_name"],
                    birth_date=data["birth_date"], identity_code=data["identity_code"],
                )
            except RegisterError as error:
                add_errors(form, error)
            else:
                return self._done(request, learner, _("The learner %(oid)s was created.") % {"oid": learner.oid})
        return self._page(request, form, _("New learner"))

    @method_decorator(sensitive_post_parameters("identity_code"))
    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def identity_code_view(self, request, learner_id):
        """Add a personal identity code, or replace the current one and keep it as a former code."""
        self._require_administrator(request)
        learner = get_object_or_404(Learner, pk=learner_id)
        form = IdentityCodeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                learner_services.set_identity_code(
                    learner, data["identity_code"], change=data["change"], reason=data["reason"], user=request.user,
                )
            except RegisterError as error:
                add_errors(form, error)
            else:
                return self._done(request, learner, _("The personal identity code was saved."))
        return self._page(request, form, _("Personal identity code of %(oid)s") % {"oid": learner.oid}, learner)

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def names_view(self, request, learner_id):
        """Change the learner's names; the earlier ones stay in the name history."""
        self._require_administrator(request)
        learner = get_object_or_404(Learner, pk=learner_id)
        initial = {"first_names": learner.first_names, "calling_name": learner.calling_name, "last_name": learner.last_name}
        form = NamesForm(request.POST if request.method == "POST" else None, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            try:
                learner_services.change_names(
                    learner, first_names=data["first_names"], last_name=data["last_name"],
                    calling_name=data["calling_name"], reason=data["reason"], user=request.user,
                )
            except RegisterError as error:
                add_errors(form, error)
            else:
                return self._done(request, learner, _("The names were saved."))
        return self._page(request, form, _("Names of %(oid)s") % {"oid": learner.oid}, learner)

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def merge_view(self, request, learner_id):
        """Merge this learner, a duplicate, into the master learner named by OID."""
        self._require_administrator(request)
        duplicate = get_object_or_404(Learner, pk=learner_id)
        form = MergeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            master = Learner.objects.filter(oid=form.cleaned_data["master_oid"].strip()).first()
            if master is None:
                form.add_error("master_oid", _("No learner has this OID."))
            else:
                try:
                    merge = learner_services.merge_learners(
                        duplicate, master, reason=form.cleaned_data["reason"], user=request.user,
                    )
                except RegisterError as error:
                    add_errors(form, error)
                else:
                    return self._done(request, learner_by_oid(merge.master.oid), _(
                        "%(duplicate)s was merged into %(master)s."
                    ) % {"duplicate": duplicate.oid, "master": merge.master.oid})
        return self._page(request, form, _("Merge %(oid)s into another learner") % {"oid": duplicate.oid}, duplicate,
                          submit=_("Merge"))
