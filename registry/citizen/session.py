"""The citizen's identity in the session: the learner that identification found."""

from ..selectors.study_rights import learner_by_oid

SESSION_KEY = "tor_citizen_learner_oid"


def log_in(request, learner):
    """Store `learner` as the session's citizen under a new session key, so an old key cannot be reused."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = learner.oid


def log_out(request):
    """End the session: its data and key are deleted. The language choice lives in a cookie and stays."""
    request.session.flush()


def current_learner(request):
    """Return the logged-in learner (the master if it has been merged), or None."""
    oid = request.session.get(SESSION_KEY)
    return learner_by_oid(oid) if oid else None
