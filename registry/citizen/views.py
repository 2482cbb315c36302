"""Views of the citizen pages: own record, login and logout, who has viewed my data, my data as JSON.

Citizens are identified through Suomi.fi (`registry.citizen.oidc`) when settings.TOR_SUOMIFI_IDENTIFICATION
is on. The test identification page, which lists the register's learners to log in as, exists
only when settings.TOR_TEST_IDENTIFICATION is on.
"""

import datetime
import json
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..models import AuditAction
from ..selectors.citizen import access_log as access_log_groups
from ..selectors.citizen import demo_learners, valid_study_rights
from ..selectors.citizen import own_record as own_record_groups
from ..services import audit
from ..transfer_format.citizen import for_citizen
from ..transfer_format.writer import learner_document
from . import oidc, session
from .access import citizen_audit, citizen_page
from .forms import TestIdentificationForm, TranscriptForm

logger = logging.getLogger(__name__)

# The date of the accessibility statement's last review; change it with the statement.
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 12, 4)
# A demo database may hold many learners, so the page lists this many and offers a search.
TEST_IDENTIFICATION_LIST_LIMIT = 200


@require_safe
def home(request):
    return render(request, "home.html", {"test_identification": settings.TOR_TEST_IDENTIFICATION})


@require_safe
def accessibility_statement(request):
    return render(request, "accessibility_statement.html", {
        "feedback_email": settings.TOR_ACCESSIBILITY_FEEDBACK_EMAIL, "prepared": ACCESSIBILITY_STATEMENT_PREPARED,
    })


@require_safe
@citizen_page
def own_record(request, learner):
    """Show the logged-in learner's study rights and audit the view. An anonymous request is sent to log in."""
    groups = own_record_groups(learner)
    audit.record_on_success(AuditAction.CITIZEN_OWN_RECORD_VIEW, subjects=[learner.oid], **citizen_audit(request))
    return render(request, "citizen/own_record.html", {
        "learner": learner, "groups": groups, "transcript_form": TranscriptForm(),
    })


@require_safe
@citizen_page
def access_log(request, learner):
    """Show who has read the learner's data: officials, provider systems, authorities and share-link viewers."""
    groups = access_log_groups(learner)
    audit.record_on_success(AuditAction.CITIZEN_ACCESS_LOG_VIEW, subjects=[learner.oid], **citizen_audit(request))
    return render(request, "citizen/access_log.html", {"learner": learner, "groups": groups})


@require_safe
@citizen_page
def data_download(request, learner):
    """Return the learner's valid study rights in the national transfer format as a JSON file.

    The person part carries no identity code, and grades that the national service hides from
    citizens stay hidden, as on the own-record page.
    """
    today = timezone.localdate()
    study_rights = valid_study_rights(learner)
    documents = [for_citizen(study_right.document, study_right.type, today) for study_right in study_rights]
    body = learner_document(learner, study_rights, documents=documents)
    audit.record_on_success(AuditAction.CITIZEN_DATA_DOWNLOAD, subjects=[
        audit.Subject(learner.oid),
        *(audit.study_right_subject(study_right, learner_oid=learner.oid) for study_right in study_rights),
    ], **citizen_audit(request))
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tor-{today.isoformat()}.json"'
    return response


@require_safe
def login(request):
    if settings.TOR_SUOMIFI_IDENTIFICATION:
        return redirect("citizen:oidc-start")
    if settings.TOR_TEST_IDENTIFICATION:
        return redirect("citizen:test-identification")
    return render(request, "citizen/login_unavailable.html", status=503)


@never_cache
@require_http_methods(["GET", "POST"])
def test_identification(request):
    """List the learners with names and log the chosen one in. Without the setting the page does not exist (404)."""
    # NOTE: the list shows learners' names and OIDs to anyone and records no audit event. The page
    # exists only for the demo, and the production profile refuses TOR_TEST_IDENTIFICATION.
    if not settings.TOR_TEST_IDENTIFICATION:
        raise Http404

    form = TestIdentificationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        learner = form.cleaned_data["learner"]
        session.log_in(request, learner)
        logger.info("citizen_logged_in learner_oid=%s identification=test", learner.oid)
        return redirect("citizen:own-record")
    if form.is_bound:
        codes = [error.code for errors in form.errors.as_data().values() for error in errors]
        logger.warning("citizen_login_rejected identification=test error_codes=%s", ",".join(codes))

    search = request.GET.get("q", "")
    learners = list(demo_learners(search)[: TEST_IDENTIFICATION_LIST_LIMIT + 1])
    context = {
        "form": form,
        "search": search,
        "learners": learners[:TEST_IDENTIFICATION_LIST_LIMIT],
        "more_learners": len(learners) > TEST_IDENTIFICATION_LIST_LIMIT,
        "list_limit": TEST_IDENTIFICATION_LIST_LIMIT,
    }
    return render(request, "citizen/test_identification.html", context, status=400 if form.is_bound else 200)


@require_POST
def logout(request):
    """End the citizen's session; after a Suomi.fi login, also send the citizen to end the provider's session."""
    learner = session.current_learner(request)
    provider_logout = oidc.provider_logout_url(request)
    session.log_out(request)
    if learner is not None:
        logger.info("citizen_logged_out learner_oid=%s", learner.oid)
    return redirect(provider_logout or "home")
