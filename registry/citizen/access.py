"""What every citizen page and every public share page needs: the logged-in learner, the audit actor, the headers."""

from functools import wraps

from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from ..middleware import audit_context
from ..models import ActorType
from . import session


def citizen_page(view):
    """Call `view(request, learner, …)` for a logged-in citizen; send anyone else to log in (302).

    The pages show personal data, so neither the browser nor a proxy may keep a copy of them.
    """

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        learner = session.current_learner(request)
        if learner is None:
            return redirect("citizen:login")
        return view(request, learner, *args, **kwargs)

    return wrapper


def citizen_audit(request):
    """Return `actor` and `request_id` for audit events of a citizen page: the citizen, even when staff are logged in too."""
    return audit_context(request, ActorType.CITIZEN)


def public_page(view):
    """Mark the responses of a public share page as not for search engines, caches or the Referer header.

    The URL carries the link's secret, so no other site may learn it from the Referer header of
    a link followed from the page, and no search engine may index it.
    """

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper
