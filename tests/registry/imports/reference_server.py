"""A tiny HTTP server on 127.0.0.1 that serves the national reference-data services' paths from a folder.

The folder has the layout of `../shared/reference`: `koodisto/koodistot`, `koodisto/koodit`,
`organisaatio/hierarkia/<root OID>.json` and `eperusteet/*.json`.
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT_OID = "1.2.246.562.10.00000000001"


def descriptions(folder):
    """Return {id: path} of the description files of an eperusteet folder."""
    found = {}
    for path in sorted(Path(folder).glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "id" in document and "diaarinumero" in document:
            found[str(document["id"])] = path
    return found


class ReferenceHandler(BaseHTTPRequestHandler):
    root = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = [urllib.parse.unquote(part) for part in urllib.parse.urlsplit(self.path).path.strip("/").split("/")]
        body = self.answer(parts)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, parts):
        root = self.root
        match parts:
            case ["koodisto", "rest", "json", uri]:
                return _file(root / "koodisto" / "koodistot" / f"{uri}.json")
            case ["koodisto", "rest", "json", uri, "koodi"]:
                return _file(root / "koodisto" / "koodit" / f"{uri}.json")
            case ["organisaatio", "rest", "organisaatio", "v4", "hierarkia", "hae"]:
                return _file(root / "organisaatio" / "hierarkia" / f"{ROOT_OID}.json")
            case ["eperusteet", "api", "external", "perusteet"]:
                ids = list(descriptions(root / "eperusteet"))
                return {"data": [{"id": int(item)} for item in ids], "sivuja": 1, "sivu": 0, "kokonaismäärä": len(ids)}
            case ["eperusteet", "api", "external", "peruste", description_id]:
                path = descriptions(root / "eperusteet").get(description_id)
                return _file(path) if path else None
        return None


def _file(path):
    return path.read_bytes() if path.is_file() else None


class ReferenceServer:
    """Serve `root` until `close()`; `url(service)` is the base URL of one service."""

    def __init__(self, root):
        handler = type("Handler", (ReferenceHandler,), {"root": Path(root)})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, service):
        host, port = self.server.server_address
        return f"http://{host}:{port}/{service}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
