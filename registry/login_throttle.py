"""Lock out repeated failed logins, per user name and client address, with counters in Django's cache.

Two doors use it, each with its own counters: the admin's login form (`tor.admin_site`) and HTTP
Basic on the API (`registry.api.authentication`). After settings.TOR_LOGIN_MAX_FAILURES failures
of one user name from one address within TOR_LOGIN_WINDOW_MINUTES, that pair is locked out for
TOR_LOGIN_LOCKOUT_MINUTES, and so is an address after TOR_LOGIN_MAX_FAILURES_PER_ADDRESS failures
with any user names. A locked-out attempt is refused before the password is checked. A
successful login clears the pair's count. The counters live in the default cache, which must be
shared by every process (Redis in production) for the limits to hold across them.

User names are stored only as SHA-256 digests in the cache keys.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

ADMIN = "admin"
API_BASIC = "api-basic"
_PREFIX = "tor:login-throttle"


def _digest(*parts):
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _pair_key(door, username, address):
    return _digest(door, "pair", username.strip().casefold(), address)


def _address_key(door, address):
    return _digest(door, "address", address)


def _user_key(door, username):
    return _digest(door, "user", username.strip().casefold())


def _counter(key):
    return f"{_PREFIX}:failures:{key}"


def _lock(key):
    return f"{_PREFIX}:lock:{key}"


def _locked_addresses(user_key):
    """Key of the addresses a user name is locked out from, kept so an administrator can lift the locks by user name."""
    return f"{_PREFIX}:locked-addresses:{user_key}"


def is_locked_out(door, username, address):
    """Return whether logins of `username` from `address` are locked out at `door`."""
    locks = cache.get_many([_lock(_pair_key(door, username, address)), _lock(_address_key(door, address))])
    return bool(locks)


def record_failure(door, username, address):
    """Count a failed login; return True when it locks the pair or the address out."""
    window = settings.TOR_LOGIN_WINDOW_MINUTES * 60
    locked = False
    pair = _pair_key(door, username, address)
    if _count(pair, window) >= settings.TOR_LOGIN_MAX_FAILURES:
        _lock_out(pair)
        user_key = _locked_addresses(_user_key(door, username))
        addresses = set(cache.get(user_key, ())) | {address}
        cache.set(user_key, sorted(addresses), timeout=settings.TOR_LOGIN_LOCKOUT_MINUTES * 60)
        logger.warning("login_locked_out door=%s user=%s address=%s", door, _user_key(door, username)[:12], address)
        locked = True
    address_key = _address_key(door, address)
    if _count(address_key, window) >= settings.TOR_LOGIN_MAX_FAILURES_PER_ADDRESS:
        _lock_out(address_key)
        logger.warning("login_locked_out door=%s address=%s scope=every_user", door, address)
        locked = True
    return locked


def record_success(door, username, address):
    """Clear the failures of the pair after a successful login. The address's count stays."""
    cache.delete(_counter(_pair_key(door, username, address)))


def unlock(door, username=None, address=None):
    """Lift the locks of a user name (from every address it is locked from), of an address, or of both."""
    keys = []
    if username is not None:
        user_key = _locked_addresses(_user_key(door, username))
        addresses = set(cache.get(user_key, ()))
        if address is not None:
            addresses.add(address)
        for locked_address in addresses:
            pair = _pair_key(door, username, locked_address)
            keys += [_lock(pair), _counter(pair)]
        keys.append(user_key)
    if address is not None:
        keys += [_lock(_address_key(door, address)), _counter(_address_key(door, address))]
    cache.delete_many(keys)


def _count(key, window):
    """Add one to a failure counter that expires `window` seconds after its first failure; return the count."""
    counter = _counter(key)
    cache.add(counter, 0, timeout=window)
    try:
        return cache.incr(counter)
    except ValueError:
        # The counter expired between add and incr.
        cache.set(counter, 1, timeout=window)
        return 1


def _lock_out(key):
    cache.set(_lock(key), True, timeout=settings.TOR_LOGIN_LOCKOUT_MINUTES * 60)
    cache.delete(_counter(key))
