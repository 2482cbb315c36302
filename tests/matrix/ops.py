"""Matrix rows of the health checks and the metrics: every role, signed in or not, gets them, and they record no events.

Who may reach them is the proxy's decision (deploy/nginx/tor.conf), not the register's.
"""

from django.urls import reverse

from .table import Case, every_role, no_events

OPS_ROWS = {
    "health-live": [Case("GET", lambda world: reverse("health-live"), every_role(200), events=no_events)],
    "health-ready": [Case("GET", lambda world: reverse("health-ready"), every_role(200), events=no_events)],
    "metrics": [Case("GET", lambda world: reverse("metrics"), every_role(200), events=no_events)],
}
