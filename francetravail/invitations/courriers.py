"""Invitation letters: one PDF per letter (WeasyPrint, QR code to the booking link, the code to type, the
address block of a windowed envelope) and the day's batch of an organisation as one printable PDF.

**The batch.** One ``LotCourriers`` per organisation and day: every letter sending of the day joins it,
and the batch is rendered again whole when letters are added later that day, so the agency prints one
file a day, not one per « inviter » click (a lot per generation run would leave them a dozen files to
find and print in the right order). Once the agency marked the day's batch printed, later letters go
to the next day's batch, never into a printed one (it would print them twice or not at all).

**Rendering** is the worker's (``rendre_lot_courriers``): the letters are HTML pages with a page break
after each, laid out by WeasyPrint in documents of ``LETTRES_PAR_DOCUMENT`` letters (one layout pass for
many letters is what makes WeasyPrint fast; chunks keep the memory of 10 000 letters bounded), joined
into one PDF by pypdf. The PDF goes to the private storage (``francetravail.base.stockage``, a random
name, no URL): the agency downloads it through a gated view that writes the access log.
"""

import base64
import datetime
import io
import logging

import qrcode
from celery import shared_task
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfWriter
from weasyprint import HTML

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.adresse_postale import lignes_personne
from francetravail.base.fichiers import NomAleatoire
from francetravail.base.verrous import Verrou, verrous_de_session
from francetravail.invitations import courriers_acces, formulations, lien
from francetravail.invitations.enums import CanalInvitation, CleFormulation, StatutLot, TypeEnvoi
from francetravail.invitations.models import EnvoiInvitation, LotCourriers

logger = logging.getLogger(__name__)

LETTRES_PAR_DOCUMENT = 250
MASQUE_QR = 2
NOMMER = NomAleatoire("invitations/courriers")
CLES = {TypeEnvoi.INVITATION: CleFormulation.INVITATION_COURRIER, TypeEnvoi.RELANCE: CleFormulation.RELANCE_COURRIER}


# -- one letter ----------------------------------------------------------------------------------------------


def qr_png(url):
    """The QR code of ``url`` as a PNG data URI (medium error correction: a letter gets folded)."""
    # A fixed mask: choosing the « best » one tries all eight and is 90 % of the cost; any mask reads the same.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=4, mask_pattern=MASQUE_QR
    )
    code.add_data(url)
    code.make(fit=True)
    tampon = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(tampon, format="PNG")
    return "data:image/png;base64," + base64.b64encode(tampon.getvalue()).decode()


def contexte_lettre(envoi, *, le=None):
    """What one letter prints. Raises ValidationError (in French) when the person cannot be addressed."""
    invitation = envoi.invitation
    personne, organisation = invitation.personne, invitation.organisation
    url = lien.url(invitation)
    valeurs = {
        "prenom": personne.prenoms.split(" ")[0],
        "motif": invitation.get_motif_display().lower(),
        "organisation": organisation.nom,
        "lien": url,
        "code": invitation.code,
        "limite": date_format(invitation.limite_rdv, "j F Y") if invitation.limite_rdv else "",
        "expire_le": date_format(timezone.localtime(invitation.expire_le), "j F Y"),
        "telephone_organisation": organisation.telephone,
    }
    texte = formulations.rendre(
        CLES[envoi.type_envoi], departement_id=personne.departement_id, contexte=valeurs, le=le
    )
    return {
        "envoi": envoi,
        "invitation": invitation,
        "organisation": organisation,
        "lignes": lignes_personne(personne),
        "paragraphes": [p.strip() for p in texte.split("\n\n") if p.strip()],
        "code": invitation.code,
        "url": url,
        "qr": qr_png(url),
        "relance": envoi.type_envoi == TypeEnvoi.RELANCE,
        "date": timezone.localdate(le or timezone.now()),
    }


def _envois(ids):
    return (
        EnvoiInvitation.objects.filter(pk__in=ids, canal=CanalInvitation.COURRIER)
        .select_related("invitation__personne__commune__commune_parente", "invitation__organisation")
        .order_by("invitation__personne__nom_naissance", "pk")
    )


def html_lettres(envois, *, le=None):
    """The HTML of ``envois``' letters, one per page. A letter that cannot be addressed is left out, with
    its reason logged (its invitation was refused the channel before; the address changed since)."""
    lettres = []
    for envoi in envois:
        try:
            lettres.append(contexte_lettre(envoi, le=le))
        except Exception as refus:  # noqa: BLE001 - one unaddressable letter must not stop the batch
            logger.warning("Courrier de l'envoi %s non imprimable : %s", envoi.pk, refus)
    return render_to_string("invitations/courriers/lettres.html", {"lettres": lettres}), len(lettres)


def pdf_lettres(envois, *, le=None):
    """``(pdf bytes, number of letters)``: one WeasyPrint document per ``LETTRES_PAR_DOCUMENT``, joined."""
    envois = list(envois)
    morceaux, total = [], 0
    for debut in range(0, max(len(envois), 1), LETTRES_PAR_DOCUMENT):
        html, nombre = html_lettres(envois[debut : debut + LETTRES_PAR_DOCUMENT], le=le)
        if nombre:
            morceaux.append(HTML(string=html).write_pdf())
            total += nombre
    if len(morceaux) == 1:
        return morceaux[0], total
    sortie = PdfWriter()
    for morceau in morceaux:
        sortie.append(io.BytesIO(morceau))
    tampon = io.BytesIO()
    sortie.write(tampon)
    return tampon.getvalue(), total


def pdf_lettre(envoi):
    """One letter's PDF (bytes)."""
    return pdf_lettres(_envois([envoi.pk]))[0]


# -- the day's batch -----------------------------------------------------------------------------------------


def _lot_ouvert(organisation_id, jour):
    """The batch of ``organisation_id`` that takes letters on ``jour``: that day's, or the next day's when the
    day's was already printed. Locked (FOR NO KEY UPDATE) so a concurrent « mark printed » waits."""
    while True:
        LotCourriers.objects.get_or_create(organisation_id=organisation_id, jour=jour)
        lot = LotCourriers.objects.select_for_update(of=("self",), no_key=True).get(
            organisation_id=organisation_id, jour=jour
        )
        if lot.imprime_le is None:
            return lot
        jour = jour + datetime.timedelta(days=1)


@transaction.atomic
def inscrire_au_lot(envoi_ids):
    """Puts the letter sendings ``envoi_ids`` (``EnvoiInvitation`` with canal « courrier ») in their
    organisation's batch of the day (``LotCourriers``) and queues the batch's rendering by the worker.
    Called on commit by the invitations' actions. A sending already in a batch stays in it. Returns the
    batches touched."""
    jour = timezone.localdate()
    par_organisation = {}
    for envoi_id, organisation_id in EnvoiInvitation.objects.filter(
        pk__in=list(envoi_ids), canal=CanalInvitation.COURRIER, lot_courriers__isnull=True
    ).values_list("pk", "invitation__organisation_id"):
        par_organisation.setdefault(organisation_id, []).append(envoi_id)
    lots = []
    for organisation_id in sorted(par_organisation):
        lot = _lot_ouvert(organisation_id, jour)
        EnvoiInvitation.objects.filter(pk__in=par_organisation[organisation_id], lot_courriers__isnull=True).update(
            lot_courriers=lot
        )
        lot.statut = StatutLot.EN_COURS
        lot.modifie_le = timezone.now()
        lot.save(update_fields=["statut", "modifie_le"])
        lots.append(lot)
        transaction.on_commit(lambda pk=lot.pk: planifier_rendu(pk), robust=True)
    return lots


def planifier_rendu(lot_id):
    """Queues the batch's rendering; with the broker down the batch stays « en cours » and the documents'
    sweep (``francetravail.base.relances``) queues it again. Never fails nor hangs (as ``planifier_envoi``)."""
    try:
        app = rendre_lot_courriers.app
        with app.connection_for_write(transport_options={"max_retries": 0}) as connexion:
            rendre_lot_courriers.apply_async((lot_id,), connection=connexion, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must never fail the request
        logger.warning("Broker injoignable : le lot de courriers %s attend son rendu.", lot_id, exc_info=True)


def rendre_lot(lot_id):
    """Renders batch ``lot_id`` (all its letters) into one PDF in the private storage. Returns the batch.

    Rendered outside any lock (it may take minutes); written only if no letter joined meanwhile (the
    task queued by that addition renders them all). A batch deleted before its task ran: nothing to do (None)."""
    lot = LotCourriers.objects.filter(pk=lot_id).first()
    if lot is None:
        return None
    envoi_ids = list(EnvoiInvitation.objects.filter(lot_courriers_id=lot_id).values_list("pk", flat=True))
    if lot.statut == StatutLot.TERMINE and lot.fichier and lot.nb_courriers == len(envoi_ids):
        return lot  # already rendered with every letter it holds (a render asked twice)
    try:
        pdf, nombre = pdf_lettres(_envois(envoi_ids), le=None)
    except Exception as exc:
        logger.exception("Rendu du lot de courriers %s en échec.", lot_id)
        LotCourriers.objects.filter(pk=lot_id).update(statut=StatutLot.ECHEC, erreur=f"{type(exc).__name__}: {exc}")
        raise
    with transaction.atomic():
        lot = LotCourriers.objects.select_for_update(of=("self",), no_key=True).filter(pk=lot_id).first()
        if lot is None:
            return None
        if EnvoiInvitation.objects.filter(lot_courriers_id=lot_id).count() != len(envoi_ids):
            return lot  # letters joined while rendering: their task renders the whole batch
        ancien = lot.fichier.name if lot.fichier else ""
        lot.fichier.save(NOMMER(lot, "lot.pdf"), ContentFile(pdf), save=False)
        lot.nb_courriers = nombre
        lot.genere_le = timezone.now()
        lot.statut = StatutLot.TERMINE
        lot.erreur = ""
        lot.save(update_fields=["fichier", "nb_courriers", "genere_le", "statut", "erreur"])
        if ancien:
            stockage = lot.fichier.storage
            transaction.on_commit(lambda: stockage.delete(ancien))
    logger.info("Lot de courriers %s rendu : %s courrier(s).", lot_id, nombre)
    return lot


# One render of a batch at a time, across workers (« LCOU »).
VERROU_LOT = 0x4C434F55
# Wait before trying again a batch whose render is running elsewhere (short: letters wait on it to be printed).
ATTENTE_RENDU_EN_COURS = 5


# A batch of 10 000 letters takes minutes: past the default limits (60 s soft, 5 min hard), and past the
# broker's visibility timeout on purpose. A copy of the message delivered again while a render runs finds
# the batch's advisory lock held and only asks for one more render later, which finds the batch already
# rendered with all its letters and does nothing (tests/test_redis_persistance.py counts the other tasks).
@shared_task(ignore_result=True, soft_time_limit=30 * 60, time_limit=35 * 60, relivraison_sans_effet=True)
def rendre_lot_courriers(lot_id):
    with verrous_de_session(Verrou(VERROU_LOT, lot_id)) as tenu:
        if tenu:
            rendre_lot(lot_id)
            return
    # Another worker renders this batch; letters that joined after its start would be left out, so try again.
    rendre_lot_courriers.apply_async((lot_id,), countdown=ATTENTE_RENDU_EN_COURS)


def lots_a_imprimer(organisation_ids):
    """The batches of ``organisation_ids`` rendered and not yet marked printed (the dashboard's tile)."""
    return LotCourriers.objects.filter(
        organisation_id__in=organisation_ids, imprime_le__isnull=True, statut=StatutLot.TERMINE, nb_courriers__gt=0
    )


def compter_envois(lot_ids):
    return dict(
        EnvoiInvitation.objects.filter(lot_courriers_id__in=lot_ids)
        .values("lot_courriers_id")
        .annotate(n=Count("pk"))
        .values_list("lot_courriers_id", "n")
    )


# -- the agency's side ---------------------------------------------------------------------------------------


@transaction.atomic
def marquer_imprime(lot_id, *, acting_user):
    """The agency printed batch ``lot_id``: later letters go to the next batch. Marking it again keeps the
    first date. Another organisation's batch: 404, nothing written."""
    lot = LotCourriers.objects.select_for_update(of=("self",), no_key=True).filter(pk=lot_id).first()
    if lot is None:
        raise Http404
    courriers_acces.exiger_impression(acting_user, lot)
    if lot.statut != StatutLot.TERMINE or not lot.fichier:
        raise ValidationError("Ce lot n'est pas encore prêt : attendez la fin de sa préparation pour l'imprimer.")
    if lot.imprime_le is not None:
        return lot
    lot.imprime_le = timezone.now()
    lot.imprime_par = acting_user
    lot.save(update_fields=["imprime_le", "imprime_par"])
    enregistrer_evenement(
        TypeEvenement.INVITATIONS_COURRIERS_IMPRIMES,
        acting_user=acting_user,
        organisation=lot.organisation,
        lot=lot.pk,
        jour=lot.jour.isoformat(),
        courriers=lot.nb_courriers,
    )
    return lot
