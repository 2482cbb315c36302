"""PDF documents of the citizen pages, rendered from a template with WeasyPrint.

The HTML comes from the register's own templates and loads nothing: the stylesheet is read from
the static files, and a URL fetcher that refuses every URL keeps WeasyPrint off the network.
"""

import logging

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

STYLESHEET = "css/transcript.css"


def refuse_fetch(url, *args, **kwargs):
    raise ValueError("The register's PDF documents load no external resources.")


def render_pdf(request, template, context):
    """Return the PDF bytes of `template` rendered with `context` in the active language."""
    # WeasyPrint loads Pango through cffi when imported, so only processes that print PDFs pay for it.
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    # PDF/UA-1 makes WeasyPrint write a tagged PDF with the document language, for screen readers.
    return HTML(string=html, url_fetcher=refuse_fetch).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def pdf_response(request, template, context, filename):
    response = HttpResponse(render_pdf(request, template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
