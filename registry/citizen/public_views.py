"""Public pages: what a share link shows (as a page, JSON and PDF), and qualification descriptions.

None of them needs a login. A share link that is unknown, revoked or expired answers 404, the
same in every case, so the answer tells nothing about which links exist.
"""

import json
import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..middleware import audit_context
from ..models import ActorType, AuditAction
from ..selectors.qualifications import public_description
from ..selectors.share_links import link_by_secret, shared_record
from ..services import audit, share_links
from . import session
from .access import public_page
from .pdf import pdf_response

logger = logging.getLogger(__name__)


def open_shared_record(request, secret, output):
    """Return the SharedRecord of the link, count the view and audit it; raise Http404 for an unusable link.

    A view by the learner who owns the link is recorded with the learner as actor and is not
    counted, so the count and the learner's access log show other people's views only.
    """
    link = link_by_secret(secret)
    if link is None:
        raise Http404
    record = shared_record(link)

    viewer = session.current_learner(request)
    own_view = viewer is not None and viewer.pk == record.learner.pk
    context = audit_context(request, ActorType.CITIZEN if own_view else None)
    audit.record_on_success(AuditAction.SHARE_LINK_VIEW, subjects=[
        audit.Subject(record.learner.oid),
        *(audit.study_right_subject(item.study_right, learner_oid=record.learner.oid) for item in record.study_rights),
    ], details={"share_link": link.pk, "output": output}, **context)
    if not own_view:
        share_links.count_view(link)
    logger.info("share_link_viewed share_link_id=%s output=%s own=%s", link.pk, output, own_view)
    return record


@require_safe
@public_page
def share(request, secret):
    record = open_shared_record(request, secret, "html")
    return render(request, "public/shared_record.html", {"record": record, "secret": secret})


@require_safe
@public_page
def share_json(request, secret):
    record = open_shared_record(request, secret, "json")
    body = json.dumps(record.as_json(), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
@public_page
def share_pdf(request, secret):
    record = open_shared_record(request, secret, "pdf")
    verification_url = request.build_absolute_uri(reverse("public:share", args=[secret]))
    return pdf_response(
        request, "citizen/pdf/record.html", {"record": record, "transcript": False, "verification_url": verification_url},
        filename=f"tor-shared-{timezone.localdate().isoformat()}.pdf",
    )


@require_safe
def qualification_description(request, description_id):
    """Show a qualification description with its units and competence requirements. It holds no personal data."""
    description = public_description(description_id, get_language())
    if description is None:
        raise Http404
    return render(request, "public/qualification_description.html", {"public": description})
