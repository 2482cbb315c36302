"""The Prometheus endpoint; the health checks are in tor.ops.health."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .metrics import render_metrics


@never_cache
@require_GET
def metrics(request):
    """Answer Prometheus's scrape with every metric in the text format. The proxy limits who reaches it."""
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
