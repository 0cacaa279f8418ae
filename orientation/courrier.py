"""The orientation decision letter, as a PDF (WeasyPrint, from an HTML template)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone


def courrier_pdf(decision, *, request):
    """The letter of ``decision`` as an HTTP response (PDF), dated by its notification."""
    from weasyprint import HTML

    html = render_to_string(
        "orientation/courrier.html",
        {"decision": decision, "personne": decision.personne, "imprime_le": timezone.localtime()},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    nom = f"decision-orientation-{decision.notifiee_le or decision.decidee_le:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{nom}"'
    return response
