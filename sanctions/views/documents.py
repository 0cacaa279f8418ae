"""The procedure's letters (``sanctions.courriers``), listed and served on both sides.

A letter is a PDF rendered from the snapshot frozen by the action that sent it, stored
with its SHA-256. The person opening a letter addressed to them in their space records
its date of receipt (``actions.enregistrer_reception``; the first date stands).
"""

from django.http import Http404
from django.urls import reverse

from sanctions import actions, courriers
from sanctions.models import CourrierProcedure, DestinataireCourrier


def _courriers(procedure):
    return list(CourrierProcedure.objects.filter(procedure=procedure).order_by("created_at", "pk"))


def documents(procedure, *, pour_la_personne=False):
    nom = "sanctions:courrier" if pour_la_personne else "backoffice:sanction_courrier"
    return [
        {
            "libelle": f"{c.get_type_courrier_display()} — {c.get_destinataire_display().lower()}"
            f" ({c.created_at:%d/%m/%Y})",
            "url": reverse(nom, kwargs={"pk": procedure.pk, "courrier_pk": c.pk}),
            "recu_le": c.recu_le,
            "empreinte": c.empreinte,
        }
        for c in _courriers(procedure)
    ]


def courrier_ou_404(procedure, courrier_pk):
    courrier = CourrierProcedure.objects.filter(procedure=procedure, pk=courrier_pk).first()
    if courrier is None:
        raise Http404
    return courrier


def pdf(request, procedure, courrier_pk, *, pour_la_personne=False):
    courrier = courrier_ou_404(procedure, courrier_pk)
    if pour_la_personne and courrier.destinataire == DestinataireCourrier.PERSONNE and courrier.recu_le is None:
        actions.enregistrer_reception(courrier, acting_user=request.user)
    return courriers.reponse_pdf(courrier)
