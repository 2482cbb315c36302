"""The citizen's identity in the session: the learner that identification found."""

from ..selectors.study_rights import learner_by_oid

SESSION_KEY = "tor_citizen_learner_oid"


def log_in(request, learner):
    request.session.cycle_key()
    request.session[SESSION_KEY] = learner.oid


def log_out(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_learner(request):
    oid = request.session.get(SESSION_KEY)
    return learner_by_oid(oid) if oid else None
