"""The procedure's letters (``sanctions.courriers``), listed and served on both sides.

A letter is a PDF rendered from the snapshot frozen by the action that sent it, stored
with its SHA-256. The person opening a letter addressed to them in their space records
its date of receipt (``actions.enregistrer_reception``; the first date stands).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from francetravail.notifications.remise import NON_REMIS
from sanctions import actions, courriers, queries
from sanctions.models import CourrierProcedure, DestinataireCourrier


def documents(procedure, *, pour_la_personne=False, url=None):
    """The procedure's letters as the pages list them; ``url(courrier)`` for a page of its own
    (the appeal page), else the person's or the procedure page's letter URL."""
    if url is None:
        nom = "sanctions:courrier" if pour_la_personne else "backoffice:sanction_courrier"

        def url(c):
            return reverse(nom, kwargs={"pk": procedure.pk, "courrier_pk": c.pk})

    return [
        {
            "libelle": f"{c.get_type_courrier_display()} — {c.get_destinataire_display().lower()}"
            f" ({c.created_at:%d/%m/%Y})",
            "url": url(c),
            "recu_le": c.recu_le,
            "empreinte": c.empreinte,
            # Issued while its recipient could not be addressed: no letter to open until the address is complete.
            "adresse_manquante": c.contenu.get("adresse_manquante", "") if courriers.en_attente_d_adresse(c) else "",
            # Its announcing e-mail bounced or was refused (francetravail.notifications.remise): post it.
            "non_remis": c.notification.get_remise_display().lower()
            if c.notification is not None and c.notification.remise in NON_REMIS
            else "",
        }
        for c in queries.courriers(procedure)
    ]


def courrier_ou_404(procedure, courrier_pk):
    courrier = CourrierProcedure.objects.filter(procedure=procedure, pk=courrier_pk).first()
    if courrier is None:
        raise Http404
    return courrier


def pdf(request, procedure, courrier_pk, *, pour_la_personne=False):
    courrier = courrier_ou_404(procedure, courrier_pk)
    try:
        # A letter that waited for its address is established now if the address is complete.
        reponse = courriers.reponse_pdf(courrier)
    except ValidationError:
        raise Http404 from None  # still no address: the pages list it without a link, with the reason
    if pour_la_personne and courrier.destinataire == DestinataireCourrier.PERSONNE and courrier.recu_le is None:
        actions.enregistrer_reception(courrier, acting_user=request.user)
    return reponse
