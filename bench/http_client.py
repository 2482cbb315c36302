"""The HTTP side of the benchmarks: keep-alive connections to the benchmark server, timed requests, percentiles."""

import base64
import http.client
import json
import time
import urllib.parse


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1:`port` that times each request."""

    def __init__(self, port, headers=None):
        self.port = port
        self.headers = headers or {}
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method, path, body=None, headers=None):
        """Send a request; return (status, body bytes, seconds from sending to the whole body read)."""
        data = body if body is None or isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        all_headers = {**self.headers, **(headers or {})}
        if data is not None:
            all_headers.setdefault("Content-Type", "application/json")
        began = time.perf_counter()
        try:
            self._connection.request(method, path, body=data, headers=all_headers)
            response = self._connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, ConnectionError):
            self._connection.close()
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            raise
        return response.status, content, time.perf_counter() - began

    def close(self):
        self._connection.close()


def client_credentials_token(port, client_id, client_secret, scope):
    """Return an OAuth2 access token of the client-credentials grant from the benchmark server."""
    connection = Connection(port)
    basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": scope}).encode()
    status, content, _ = connection.request(
        "POST", "/oauth2/token/", body, {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    connection.close()
    if status != 200:
        raise RuntimeError(f"token request failed with {status}: {content[:300]!r}")
    return json.loads(content)["access_token"]


def percentiles(seconds, points=(50, 95, 99)):
    """Return {"p50": ms, ...} of `seconds` by the nearest-rank method, in milliseconds."""
    ordered = sorted(seconds)
    if not ordered:
        return {f"p{point}": None for point in points}
    result = {}
    for point in points:
        rank = max(1, -(-point * len(ordered) // 100))
        result[f"p{point}"] = round(ordered[rank - 1] * 1000, 1)
    return result
