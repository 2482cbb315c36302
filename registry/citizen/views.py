"""Views of the citizen pages.

Citizens are identified through Suomi.fi in production. The test identification page, which lists
the register's learners to log in as, exists only when settings.TOR_TEST_IDENTIFICATION is on.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..middleware import audit_context
from ..models import ActorType, AuditAction
from ..selectors.citizen import demo_learners
from ..selectors.citizen import own_record as own_record_groups
from ..services import audit
from . import session
from .forms import TestIdentificationForm

logger = logging.getLogger(__name__)

# A demo database may hold many learners, so the page lists this many and offers a search.
TEST_IDENTIFICATION_LIST_LIMIT = 200


@require_safe
def home(request):
    return render(request, "home.html", {"test_identification": settings.TOR_TEST_IDENTIFICATION})


# The page shows personal data, so neither the browser nor a proxy may keep a copy of it.
@never_cache
@require_safe
def own_record(request):
    """Show the logged-in learner's study rights and audit the view. An anonymous request is sent to log in."""
    learner = session.current_learner(request)
    if learner is None:
        return redirect("citizen:login")

    groups = own_record_groups(learner)
    audit.record_on_success(
        AuditAction.CITIZEN_OWN_RECORD_VIEW, subjects=[learner.oid], **audit_context(request, ActorType.CITIZEN),
    )
    return render(request, "citizen/own_record.html", {"learner": learner, "groups": groups})


@require_safe
def login(request):
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
    learner = session.current_learner(request)
    session.log_out(request)
    if learner is not None:
        logger.info("citizen_logged_out learner_oid=%s", learner.oid)
    return redirect("home")
