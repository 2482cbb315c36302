"""Writes of share links (suoritusjako): create, extend, revoke, count a view, and delete old links.

Invalid requests raise RegisterError with a key from `registry.errors`; nothing is stored then.
A link's secret is 32 random bytes in URL-safe base64 (256 bits), shown to the learner once in
its URL. The register stores only the SHA-256 digest of the secret. The secret never goes to a
log or an audit event; those name the link by its id.
"""

import calendar
import datetime
import hashlib
import logging
import secrets

from django.db import transaction
from django.db.models import F, Q
from django.utils import dateformat, timezone

from .. import errors
from ..errors import RegisterError
from ..models import AuditAction, Learner, ShareLink, SharePurpose, ShareSelection
from ..selectors.citizen import valid_study_rights
from ..transfer_format.citizen import for_citizen, top_level_key
from . import audit

logger = logging.getLogger(__name__)

SECRET_BYTES = 32
# The maximum number of active links (not revoked, not expired) per learner.
MAX_ACTIVE_LINKS = 100
DEFAULT_VALIDITY_MONTHS = 6


def add_months(day, months):
    """Return the same day `months` later, or the month's last day when it has no such day (31.8. + 6 months = 28.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def default_expiry(today=None):
    return add_months(today or timezone.localdate(), DEFAULT_VALIDITY_MONTHS)


def latest_expiry(today=None):
    """Return the last day a link may be valid until: one year from today."""
    return add_months(today or timezone.localdate(), 12)


def new_secret():
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_expiry(expires_on, today):
    """Raise RegisterError unless `expires_on` is a date from today to a year from today."""
    latest = latest_expiry(today)
    if isinstance(expires_on, datetime.date) and today <= expires_on <= latest:
        return
    value_text = dateformat.format(expires_on, "j.n.Y") if isinstance(expires_on, datetime.date) else str(expires_on)
    raise RegisterError(errors.SHARE_LINK_EXPIRY_INVALID(value=value_text, latest=dateformat.format(latest, "j.n.Y")))


def check_selection(learner, selection, study_right_oids, achievements, today):
    """Raise RegisterError unless the selection names only the learner's own valid study rights and their achievements.

    An achievement is named by {"study_right": OID, "type": type code, "module": module code} of a
    top-level achievement that the own-record page shows.
    """
    if selection not in ShareSelection.values:
        raise RegisterError(errors.SHARE_LINK_SELECTION_INVALID(value=str(selection)))
    if selection != ShareSelection.CHOSEN:
        return
    if not (study_right_oids or achievements):
        raise RegisterError(errors.SHARE_LINK_SELECTION_EMPTY())

    shareable = {study_right.oid: shareable_keys(study_right, today) for study_right in valid_study_rights(learner)}
    for oid in study_right_oids:
        if oid not in shareable:
            raise RegisterError(errors.SHARE_LINK_SELECTION_INVALID(value=str(oid)))
    for entry in achievements:
        entry = entry if isinstance(entry, dict) else {}
        key = (entry.get("type"), entry.get("module"))
        if key not in shareable.get(entry.get("study_right"), ()):
            raise RegisterError(errors.SHARE_LINK_SELECTION_INVALID(value=f"{entry.get('study_right')}: {key[0]} {key[1]}"))


def shareable_keys(study_right, today):
    """Return the (type code, module code) of each top-level achievement of the study right that citizens see."""
    document = for_citizen(study_right.document, study_right.type, today)
    return {top_level_key(item) for item in document.get("suoritukset") or [] if isinstance(item, dict)}


def active_links(learner, today):
    return ShareLink.objects.filter(learner=learner, revoked_at__isnull=True, expires_on__gte=today)


def create(learner, *, selection, study_right_oids=(), achievements=(), expires_on=None,
           purpose=SharePurpose.SHARE, actor=None, today=None):
    """Create a share link of `learner` and return (link, secret); raise RegisterError for an invalid request.

    `study_right_oids` and `achievements` must name the learner's own valid study rights and
    their top-level achievements (`check_selection`). `actor` defaults to the current audit
    scope's. The learner row is locked, so two requests at once cannot pass the limit of active links.
    """
    today = today or timezone.localdate()
    expires_on = expires_on or default_expiry(today)
    check_expiry(expires_on, today)
    check_selection(learner, selection, study_right_oids, achievements, today)

    secret = new_secret()
    with transaction.atomic():
        Learner.objects.select_for_update().filter(pk=learner.pk).first()
        if active_links(learner, today).count() >= MAX_ACTIVE_LINKS:
            raise RegisterError(errors.SHARE_LINK_LIMIT(limit=MAX_ACTIVE_LINKS))
        link = ShareLink.objects.create(
            learner=learner,
            secret_hash=secret_hash(secret),
            purpose=purpose,
            selection=selection,
            study_right_oids=list(study_right_oids) if selection == ShareSelection.CHOSEN else [],
            achievements=list(achievements) if selection == ShareSelection.CHOSEN else [],
            expires_on=expires_on,
        )
        audit.record(
            AuditAction.SHARE_LINK_CREATE, actor=actor, learner_oid=learner.oid,
            details={"share_link": link.pk, "purpose": purpose, "selection": selection,
                     "expires_on": expires_on.isoformat()},
        )
    logger.info("share_link_created share_link_id=%s learner_oid=%s purpose=%s", link.pk, learner.oid, purpose)
    return link, secret


def extend(link, expires_on, actor=None, today=None):
    """Set a new last day for an active link; raise RegisterError for a revoked or expired link or a wrong date."""
    today = today or timezone.localdate()
    if not link.is_active(today):
        raise RegisterError(errors.SHARE_LINK_NOT_ACTIVE(value=f"#{link.pk}"))
    check_expiry(expires_on, today)
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(expires_on=expires_on)
        audit.record(
            AuditAction.SHARE_LINK_EXTEND, actor=actor, learner_oid=link.learner.oid,
            details={"share_link": link.pk, "expires_on": expires_on.isoformat()},
        )
    link.expires_on = expires_on
    logger.info("share_link_extended share_link_id=%s expires_on=%s", link.pk, expires_on.isoformat())
    return link


def revoke(link, actor=None):
    """Revoke a link for good. Revoking a revoked link changes nothing and records nothing."""
    if link.revoked_at is not None:
        return link
    now = timezone.now()
    with transaction.atomic():
        changed = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now)
        if changed:
            audit.record(
                AuditAction.SHARE_LINK_REVOKE, actor=actor, learner_oid=link.learner.oid, details={"share_link": link.pk},
            )
    link.revoked_at = now
    if changed:
        logger.info("share_link_revoked share_link_id=%s", link.pk)
    return link


def count_view(link):
    """Add one to the link's view counter in a single UPDATE, so concurrent views are all counted."""
    ShareLink.objects.filter(pk=link.pk).update(view_count=F("view_count") + 1, last_viewed_at=timezone.now())


def delete_expired_share_links(older_than):
    """Delete the links that expired or were revoked more than `older_than` (a timedelta) ago; return how many.

    Audit events name a link by its id only, so they stay valid after the row is gone.
    """
    now = timezone.now()
    last_expiry = timezone.localdate() - older_than
    deleted, _by_model = ShareLink.objects.filter(
        Q(expires_on__lt=last_expiry) | Q(revoked_at__lt=now - older_than)
    ).delete()
    logger.info("share_links_deleted count=%s older_than_days=%s", deleted, older_than.days)
    return deleted
