"""« Droits absents du dernier stock — à examiner »: a département's work queue, and its flow settings.

A monthly stock lists every household the CAF/MSA pays; one it no longer lists is not closed by default
(caf-msa-flux.md §8.5: « a review, never an automatic exit »): with the département's setting
``AbsentsDuStock.A_EXAMINER`` the writer marks it (``FoyerRSA.absent_du_stock_le``) and it waits here
for the département's staff (``acces.departements_flux``), who close the right or keep it, with a reason:

- closing writes the closed state (our own reason code ``ABS``) and hands the change to
  ``vie_du_droit.appliquer``, like a file would: the people leave the lists, their référents are told,
  their history says who closed it and why;
- keeping clears the mark (a later stock that lists it again would have cleared it too).

Each step is an audit event per member (``DROIT_RSA_ABSENT_EXAMINE``), in each person's history. The
queue is one query; the dashboard counts it per département (``detailler``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.personnes.a_faire import File, enregistrer
from francetravail.reseau.models import Departement
from inscription.acces import ROLES_FLUX, departements_flux, exiger_gestion_flux
from inscription.enums import AbsentsDuStock, EtatDroitRSA
from inscription.models import DroitRSA, FoyerRSA, ReglagesFluxDepartement
from inscription.motifs_rsa import etat_et_motif
from inscription.vie_du_droit import ChangementDroit, appliquer

CLORE, GARDER = "clore", "garder"
DECISIONS = ((CLORE, "Clore le droit"), (GARDER, "Garder le droit ouvert"))
MOTIF_CLOTURE = "ABS"


def absents(departement):
    """The households of ``departement`` the last monthly stock did not list, oldest first, with their members
    (``etat_libelle``: the state in French). Two queries."""
    foyers = list(
        FoyerRSA.objects.filter(departement_id=departement, absent_du_stock_le__isnull=False)
        .select_related("import_source")
        .prefetch_related(
            Prefetch("droits", queryset=DroitRSA.objects.select_related("personne").order_by("role", "pk"))
        )
        .order_by("absent_du_stock_le", "pk")
    )
    for foyer in foyers:
        foyer.etat_libelle = etat_et_motif(foyer.etat, foyer.motif_cloture or foyer.motif_suspension)
    return foyers


def _par_departement(user):
    """One line per département ``user`` manages: (name, count, URL kwargs), two queries."""
    codes = sorted(departements_flux(user))
    if not codes:
        return []
    nombres = dict(
        FoyerRSA.objects.filter(departement_id__in=codes, absent_du_stock_le__isnull=False)
        .values_list("departement_id")
        .annotate(n=Count("pk"))
        .values_list("departement_id", "n")
    )
    noms = dict(Departement.objects.filter(pk__in=codes).values_list("pk", "nom"))
    return [(f"{noms.get(code, code)} ({code})", nombres.get(code, 0), {"departement": code}) for code in codes]


def reglages(departement):
    """The département's flow settings (the defaults without a row)."""
    return ReglagesFluxDepartement.objects.filter(departement_id=departement).first() or ReglagesFluxDepartement(
        departement_id=departement
    )


@transaction.atomic
def examiner(departement, foyer_pk, *, decision, motif, acting_user):
    """Closes or keeps the right of a household its département's last stock did not list. Anyone who does
    not manage ``departement``'s flows: ``InscriptionRefusee``; a household not waiting there: 404; nothing
    changed either way."""
    exiger_gestion_flux(acting_user, departement)
    foyer = get_object_or_404(
        FoyerRSA.objects.select_for_update(of=("self",), no_key=True),
        pk=foyer_pk,
        departement_id=departement,
        absent_du_stock_le__isnull=False,
    )
    motif = (motif or "").strip()
    if decision not in (CLORE, GARDER):
        raise ValidationError({"decision": "Choisissez : clore le droit ou le garder ouvert."})
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif de votre décision."})
    absent_le = foyer.absent_du_stock_le
    membres = list(DroitRSA.objects.filter(foyer=foyer).order_by("pk").values_list("personne_id", flat=True))
    avant = foyer.etat
    foyer.absent_du_stock_le = None
    champs = ["absent_du_stock_le", "updated_at"]
    if decision == CLORE:
        foyer.etat, foyer.motif_cloture, foyer.date_cloture = EtatDroitRSA.CLOS, MOTIF_CLOTURE, timezone.localdate()
        foyer.etat_depuis = foyer.date_cloture
        champs += ["etat", "motif_cloture", "date_cloture", "etat_depuis"]
    foyer.save(update_fields=champs)
    libelle = dict(DECISIONS)[decision]
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                event_type=TypeEvenement.DROIT_RSA_ABSENT_EXAMINE,
                acting_user=acting_user,
                personne_id=personne_id,
                motif=f"{libelle} : {motif}",
                data={"foyer_id": foyer.pk, "decision": decision, "absent_du_stock_le": absent_le.isoformat()},
            )
            for personne_id in membres
        ]
    )
    if decision == CLORE:
        appliquer(
            [
                ChangementDroit(
                    personne_id=personne_id,
                    foyer_id=foyer.pk,
                    import_id=foyer.import_source_id or 0,
                    etat_avant=avant,
                    etat_apres=EtatDroitRSA.CLOS,
                    motif=MOTIF_CLOTURE,
                    date=foyer.date_cloture,
                )
                for personne_id in membres
            ]
        )
    return foyer


@transaction.atomic
def regler(departement, *, absents_du_stock, acting_user):
    """Sets what a monthly stock does to the rights it no longer lists, for ``departement`` (its staff only)."""
    exiger_gestion_flux(acting_user, departement)
    if absents_du_stock not in AbsentsDuStock.values:
        raise ValidationError({"absents_du_stock": "Choisissez l'un des réglages proposés."})
    ligne, _ = ReglagesFluxDepartement.objects.select_for_update(of=("self",), no_key=True).get_or_create(
        departement_id=departement
    )
    avant = ligne.absents_du_stock
    if avant == absents_du_stock:
        return ligne
    ligne.absents_du_stock, ligne.modifie_par = absents_du_stock, acting_user
    ligne.save(update_fields=["absents_du_stock", "modifie_par", "modifie_le"])
    enregistrer_evenement(
        TypeEvenement.REGLAGES_FLUX_MODIFIES,
        acting_user=acting_user,
        motif=f"Droits absents d'un stock mensuel : {AbsentsDuStock(absents_du_stock).label}",
        departement=departement,
        avant=avant,
        apres=absents_du_stock,
    )
    return ligne


def connecter():
    enregistrer(
        File(
            "droits_absents_du_stock",
            "Droits absents du dernier stock — à examiner",
            "Les foyers que le dernier stock mensuel CAF/MSA ne cite plus : clore leur droit ou le garder.",
            ROLES_FLUX,
            detailler=_par_departement,
            url="backoffice:droits_absents",
            ordre=40,
        )
    )
