"""Views of the citizen pages. Identification in production is Suomi.fi; the test page is for demos only."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Learner
from ..selectors.citizen import own_record as own_record_groups
from . import session


def home(request):
    return render(request, "home.html", {"test_identification": settings.TOR_TEST_IDENTIFICATION})


def own_record(request):
    learner = session.current_learner(request)
    if learner is None:
        return redirect("citizen:login")
    return render(request, "citizen/own_record.html", {"learner": learner, "groups": own_record_groups(learner)})


def login(request):
    if settings.TOR_TEST_IDENTIFICATION:
        return redirect("citizen:test-identification")
    return render(request, "citizen/login_unavailable.html", status=503)


@require_http_methods(["GET", "POST"])
def test_identification(request):
    """List the learners with names and log the chosen one in; exists only when the setting enables it."""
    if not settings.TOR_TEST_IDENTIFICATION:
        raise Http404
    if request.method == "POST":
        learner = Learner.objects.filter(oid=request.POST.get("oid", ""), master__isnull=True).first()
        if learner is not None:
            session.log_in(request, learner)
            return redirect("citizen:own-record")
    learners = Learner.objects.filter(master__isnull=True).exclude(last_name="").order_by("last_name", "first_names", "oid")
    return render(request, "citizen/test_identification.html", {"learners": learners})


@require_POST
def logout(request):
    session.log_out(request)
    return redirect("home")
