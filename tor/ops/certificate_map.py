"""Reading the setting TOR_CLIENT_CERTIFICATES; kept free of Django imports because tor/settings.py imports it."""


def parse_certificate_map(value):
    """Return {fingerprint: OAuth2 client id} from `FINGERPRINT=CLIENT_ID, …`; colons and case in fingerprints do not matter."""
    mapping = {}
    for item in value.split(","):
        if not item.strip():
            continue
        fingerprint, separator, client_id = item.partition("=")
        fingerprint = normalise_fingerprint(fingerprint)
        if not separator or len(fingerprint) != 64 or set(fingerprint) - set("0123456789abcdef") or not client_id.strip():
            raise ValueError(f"{item.strip()!r} is not FINGERPRINT=CLIENT_ID with a SHA-256 fingerprint of 64 hex digits.")
        mapping[fingerprint] = client_id.strip()
    return mapping


def normalise_fingerprint(text):
    return text.strip().replace(":", "").lower()
