"""The orientation decision letter, as a PDF (WeasyPrint, from an HTML template).

It prints the person's full postal address in the window of a DL envelope
(``francetravail/base/adresse_postale.py``, ``templates/courriers/_bloc_adresse.html``). A
decision is never notified to a person who cannot be addressed (``actions._decider`` refuses
it first); should the address become incomplete afterwards, the letter is refused with the
reason rather than printed without it (``ValidationError``).
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from francetravail.base.adresse_postale import lignes_personne


def courrier_pdf(decision, *, request):
    """The letter of ``decision`` as an HTTP response (PDF), dated by its notification.

    Raises ValidationError (in French) when the person cannot be addressed."""
    personne = decision.personne
    html = render_to_string(
        "orientation/courriers/decision.html",
        {
            "decision": decision,
            "personne": personne,
            "lignes": lignes_personne(personne),
            "imprime_le": timezone.localtime(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    nom = f"decision-orientation-{decision.notifiee_le or decision.decidee_le:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{nom}"'
    return response
