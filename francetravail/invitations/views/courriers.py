"""« Courriers à imprimer »: the agency's daily batches of invitation letters (/conseiller/courriers/)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from francetravail.audit.actions import journaliser_acces_liste
from francetravail.audit.enums import PartieDossier
from francetravail.base.pdf import reponse_pdf_stocke
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.invitations import courriers
from francetravail.invitations.courriers_acces import ROLES_COURRIERS, exiger_impression, organisations_courriers
from francetravail.invitations.models import EnvoiInvitation, LotCourriers

JOURS_LISTES = 60


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_COURRIERS)
def liste(request):
    depuis = timezone.localdate() - datetime.timedelta(days=JOURS_LISTES)
    lots = list(
        LotCourriers.objects.filter(organisation_id__in=organisations_courriers(request.user), jour__gte=depuis)
        .select_related("organisation", "imprime_par")
        .order_by("imprime_le", "-jour", "organisation__nom")
    )
    return render(
        request,
        "invitations/backoffice/courriers.html",
        {
            "a_imprimer": [lot for lot in lots if lot.imprime_le is None],
            "imprimes": [lot for lot in lots if lot.imprime_le is not None],
            "jours": JOURS_LISTES,
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_COURRIERS)
def telecharger(request, pk):
    """The batch's PDF; each person in it is written to the access log (their name and address are read)."""
    lot = LotCourriers.objects.filter(pk=pk).first()
    if lot is None:
        raise Http404
    exiger_impression(request.user, lot)
    if not lot.fichier:
        raise Http404
    personnes = EnvoiInvitation.objects.filter(lot_courriers=lot).values_list("invitation__personne_id", flat=True)
    journaliser_acces_liste(
        personne_ids=list(personnes),
        user_id=request.user.pk,
        organisation_id=lot.organisation_id,
        partie=PartieDossier.IDENTITE,
    )
    return reponse_pdf_stocke(lot.fichier, f"courriers-invitation-{lot.jour:%Y-%m-%d}.pdf", telechargement=True)


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_COURRIERS)
def imprime(request, pk):
    try:
        lot = courriers.marquer_imprime(pk, acting_user=request.user)
    except ValidationError as refus:
        messages.error(request, " ".join(refus.messages))
    else:
        messages.success(
            request, f"Les courriers du {lot.jour:%d/%m/%Y} ({lot.organisation.nom}) sont marqués imprimés."
        )
    return redirect("backoffice:courriers")
