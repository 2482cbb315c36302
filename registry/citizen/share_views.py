"""Views of the learner's share links and the PDF transcript of the whole record."""

import logging

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods, require_POST

from .. import errors
from ..errors import RegisterError
from ..models import AuditAction, SharePurpose, ShareSelection
from ..selectors.citizen import learner_share_links, valid_study_rights
from ..selectors.share_links import own_link, share_choices, shared_record
from ..services import audit, share_links
from .access import citizen_audit, citizen_page
from .forms import ExtendForm, ShareLinkForm, TranscriptForm
from .pdf import pdf_response

logger = logging.getLogger(__name__)


def add_register_error(form, error, learner):
    """Show each error of a rejected share-link request on the form: an invalid date at the date field."""
    logger.warning("share_link_rejected learner_oid=%s error_keys=%s", learner.oid, ",".join(item.key.key for item in error.errors))
    for item in error.errors:
        field = "expires_on" if item.key is errors.SHARE_LINK_EXPIRY_INVALID else None
        form.add_error(field, item.message())


def share_url(request, secret):
    return request.build_absolute_uri(reverse("public:share", args=[secret]))


def links_page(request, learner, form, status=200, extend_forms=None):
    today = timezone.localdate()
    links = list(learner_share_links(learner))
    audit.record_on_success(AuditAction.CITIZEN_SHARE_LINKS_VIEW, subjects=[learner.oid], **citizen_audit(request))
    return render(request, "citizen/share_links.html", {
        "learner": learner,
        "form": form,
        "links": [(link, link.is_active(today), (extend_forms or {}).get(link.pk) or ExtendForm(prefix=f"link-{link.pk}",
                   initial={"expires_on": link.expires_on})) for link in links],
        "active_count": sum(1 for link in links if link.is_active(today)),
        "max_active": share_links.MAX_ACTIVE_LINKS,
    }, status=status)


@require_http_methods(["GET", "POST"])
@citizen_page
def share_link_list(request, learner):
    """List the learner's links with their view counts (GET) and create a link (POST)."""
    choices = share_choices(learner)
    if request.method == "GET":
        return links_page(request, learner, ShareLinkForm(choices=choices))

    form = ShareLinkForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            link, secret = share_links.create(
                learner,
                selection=form.cleaned_data["selection"],
                study_right_oids=form.cleaned_data["study_rights"],
                achievements=form.chosen_achievement_keys(),
                expires_on=form.cleaned_data["expires_on"],
                actor=citizen_audit(request)["actor"],
            )
        except RegisterError as error:
            add_register_error(form, error, learner)
        else:
            return render(request, "citizen/share_link_created.html", {
                "learner": learner, "link": link, "url": share_url(request, secret), "secret": secret,
            })
    return links_page(request, learner, form, status=400)


@require_POST
@citizen_page
def share_link_extend(request, learner, link_id):
    link = own_link(learner, link_id)
    if link is None:
        raise Http404
    form = ExtendForm(request.POST, prefix=f"link-{link.pk}")
    if form.is_valid():
        try:
            share_links.extend(link, form.cleaned_data["expires_on"], actor=citizen_audit(request)["actor"])
        except RegisterError as error:
            add_register_error(form, error, learner)
        else:
            return redirect("citizen:share-links")
    return links_page(request, learner, ShareLinkForm(choices=share_choices(learner)), status=400,
                      extend_forms={link.pk: form})


@require_POST
@citizen_page
def share_link_revoke(request, learner, link_id):
    link = own_link(learner, link_id)
    if link is None:
        raise Http404
    share_links.revoke(link, actor=citizen_audit(request)["actor"])
    return redirect("citizen:share-links")


@require_POST
@citizen_page
def transcript(request, learner):
    """Return a PDF transcript of the whole record in the chosen language, with a new verification link on it.

    The verification link is a share link of every study right shown, so the address printed on
    the transcript shows the same data online. The learner sees it among the share links and can revoke it.
    """
    form = TranscriptForm(request.POST)
    study_rights = valid_study_rights(learner)
    messages = [] if form.is_valid() else [message for field_messages in form.errors.values() for message in field_messages]
    if not messages and not study_rights:
        messages = [errors.TRANSCRIPT_NOTHING_TO_PRINT().message()]
    if not messages:
        try:
            link, secret = share_links.create(
                learner, selection=ShareSelection.CHOSEN, study_right_oids=[study_right.oid for study_right in study_rights],
                purpose=SharePurpose.TRANSCRIPT, actor=citizen_audit(request)["actor"],
            )
        except RegisterError as error:
            logger.warning("transcript_rejected learner_oid=%s error_keys=%s", learner.oid, ",".join(item.key.key for item in error.errors))
            messages = [item.message() for item in error.errors]
    if messages:
        return render(request, "citizen/request_failed.html", {"errors": messages}, status=400)

    record = shared_record(link)
    audit.record_on_success(AuditAction.CITIZEN_TRANSCRIPT_DOWNLOAD, subjects=[
        audit.Subject(learner.oid),
        *(audit.study_right_subject(item.study_right, learner_oid=learner.oid) for item in record.study_rights),
    ], details={"share_link": link.pk}, **citizen_audit(request))
    with translation.override(form.cleaned_data["language"]):
        return pdf_response(request, "citizen/pdf/record.html", {
            "record": record, "transcript": True, "verification_url": share_url(request, secret),
        }, filename=f"tor-transcript-{timezone.localdate().isoformat()}.pdf")
