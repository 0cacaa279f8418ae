"""Périodes de mise en situation en milieu professionnel (PMSMP, C. trav. L5135-1 to L5135-8,
D5135-1 and following): every change of an ``Immersion`` goes through this module.

- The prescribing organisation is the person's organisme référent: one of its conseillers who
  sees the person's file (``entreprises.acces.peut_prescrire_immersion``) requests the immersion with a
  company of the platform (dates, objective, activities, tutor, hours).
- The convention binds three parties (L5135-4): the person (from their space), the host company
  (an active member, from the employer's space) and the prescriber (the référent). Each agrees
  apart, in any order; the third agreement validates the convention, whose PDF is rendered by the
  worker once the transaction commits (and on first read if the worker has not yet).
- The length of one convention is capped by the dated parameter ``entreprises.pmsmp_duree_max_jours``
  (« un mois de date à date », read as 30 calendar days; not confirmed by our references).
- At the end, the référent records the assessment (bilan) with the tutor's comments: TERMINEE.
- Any of the three parties may cancel before the end, with a reason.

Nothing here is decided by a timer. Each step writes an audit row (``IMMERSION_TRANSITION``) and
tells the other parties through the outbox, naming no one in the e-mails.
"""

import datetime
import hashlib
import json

from celery import shared_task
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django_fsm import can_proceed
from weasyprint import HTML

from entreprises import acces
from entreprises.enums import StatutImmersion, StatutMembre, StatutOffre
from entreprises.models import Immersion, MembreEntreprise
from entreprises.notifications import IMMERSION_EMPLOYEUR, IMMERSION_PERSONNE, IMMERSION_REFERENT
from entreprises.saisie import texte
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.pdf import empreinte, reponse_pdf_stocke
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.parametres.lookup import valeur

SI = StatutImmersion
PARAMETRE_DUREE_MAX = "entreprises.pmsmp_duree_max_jours"
GABARIT = "pdf/immersion_convention.html"

REFUS_PRESCRIPTEUR = "Seul un conseiller de l'organisme référent de cette personne peut prescrire une immersion."
REFUS_REFERENT = "Seul un conseiller de l'organisme prescripteur qui suit cette personne peut faire cela."
REFUS_PERSONNE = "Seule la personne concernée peut donner son accord."
REFUS_ENTREPRISE = "Seul un membre actif de l'entreprise d'accueil peut donner son accord."
REFUS_PARTIE = "Seules les trois parties à la convention peuvent l'annuler."
REFUS_PAS_DEMANDEE = "Les accords se donnent sur une demande en attente : cette immersion est {statut}."
REFUS_DEJA_DONNE = "Cet accord a déjà été donné le {le:%d/%m/%Y}."
REFUS_COMMENCEE = (
    "La période devait commencer le {debut:%d/%m/%Y} : une convention se signe avant. "
    "Annulez cette demande et faites-en une nouvelle avec d'autres dates."
)
REFUS_BILAN_ETAT = "Le bilan se fait sur une immersion dont la convention est signée."
REFUS_BILAN_AVANT_FIN = "Le bilan se fait à la fin de la période, à partir du {fin:%d/%m/%Y}."
REFUS_ANNULATION_ETAT = "Cette immersion est {statut} : elle ne s'annule plus."
REFUS_OFFRE = "L'offre liée doit être une offre publiée de l'entreprise d'accueil."
REFUS_SANS_COMPTE = (
    "Cette personne n'a pas de compte : elle en ouvre un pour donner son accord depuis son espace, "
    "puis vous faites la demande."
)
REFUS_ENTREPRISE_SANS_MEMBRE = (
    "Cette entreprise n'a aucun membre actif sur la plateforme : personne ne pourrait y donner son accord."
)


# --- The rule ---------------------------------------------------------------------------------


def duree_jours(debut, fin):
    """Calendar days of the period, first and last day included."""
    return (fin - debut).days + 1


def duree_maximale(le, departement=None):
    return int(valeur(PARAMETRE_DUREE_MAX, le=le, departement=departement))


def verifier_dates(debut, fin, *, departement=None, aujourdhui=None):
    """Refuses a period in the past, upside down, or longer than the cap in force on its first day."""
    aujourdhui = aujourdhui or timezone.localdate()
    if debut is None:
        raise ValidationError({"date_debut": "Indiquez le premier jour."})
    if fin is None:
        raise ValidationError({"date_fin": "Indiquez le dernier jour."})
    if debut < aujourdhui:
        raise ValidationError({"date_debut": "Le premier jour ne peut être passé : la convention se signe avant."})
    if fin < debut:
        raise ValidationError({"date_fin": "Le dernier jour ne peut précéder le premier."})
    maximum = duree_maximale(debut, departement)
    duree = duree_jours(debut, fin)
    if duree > maximum:
        raise ValidationError(
            {
                "date_fin": (
                    f"Une immersion dure au plus {maximum} jours calendaires par convention "
                    f"(C. trav., PMSMP) : celle-ci en compte {duree}."
                )
            }
        )


# --- Helpers --------------------------------------------------------------------------------


def _verrouiller(immersion):
    return (
        Immersion.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne__user", "personne__departement", "entreprise", "organisation", "referent")
        .get(pk=immersion.pk)
    )


def _auditer(immersion, *, acting_user, avant, etape, motif="", **data):
    enregistrer_evenement(
        TypeEvenement.IMMERSION_TRANSITION,
        acting_user=acting_user,
        personne=immersion.personne,
        organisation=immersion.organisation,
        motif=motif,
        immersion=immersion.pk,
        entreprise=immersion.entreprise_id,
        etape=etape,
        avant=avant,
        apres=immersion.statut,
        **data,
    )


def _contexte(immersion, evenement):
    return {
        "evenement": evenement,
        "debut": f"{immersion.date_debut:%d/%m/%Y}",
        "fin": f"{immersion.date_fin:%d/%m/%Y}",
    }


def _notifier(immersion, evenement, *, personne=True, entreprise=True, referent=True, sauf=None):
    """Tells the parties (but ``sauf``, who acted) of ``evenement``; the e-mails name no one."""
    contexte = _contexte(immersion, evenement)
    lien = {"pk": immersion.pk}
    cle = f"immersion:{immersion.pk}:{evenement}"
    if personne and immersion.personne.user_id and immersion.personne.user != sauf:
        destinataire = immersion.personne.user
        adresse = immersion.personne.email or destinataire.email
        if adresse:
            notifier(
                destinataire,
                IMMERSION_PERSONNE,
                contexte=contexte,
                cle_idempotence=f"{cle}:{Canal.EMAIL}",
                canal=Canal.EMAIL,
                adresse=adresse,
                lien=lien,
            )
        notifier(
            destinataire,
            IMMERSION_PERSONNE,
            contexte=contexte,
            cle_idempotence=f"{cle}:{Canal.IN_APP}",
            canal=Canal.IN_APP,
            lien=lien,
        )
    if entreprise:
        membres = MembreEntreprise.objects.filter(
            entreprise_id=immersion.entreprise_id, statut=StatutMembre.ACTIF, user__is_active=True
        ).select_related("user")
        for membre in membres:
            if membre.user.email and membre.user != sauf:
                notifier(
                    membre.user,
                    IMMERSION_EMPLOYEUR,
                    contexte=contexte,
                    cle_idempotence=f"{cle}:employeur:{membre.user_id}",
                    lien=lien,
                )
    ref = immersion.referent
    if referent and ref is not None and ref.is_active and ref.email and ref != sauf:
        notifier(
            ref,
            IMMERSION_REFERENT,
            contexte=contexte,
            cle_idempotence=f"{cle}:referent:{ref.pk}",
            lien=lien,
        )


# --- The request ----------------------------------------------------------------------------


@transaction.atomic
def demander(
    personne,
    *,
    acting_user,
    entreprise,
    fiche_rome,
    objectif,
    objectifs_detail,
    tuteur_nom,
    date_debut,
    date_fin,
    horaires,
    tuteur_email="",
    offre=None,
    aujourdhui=None,
):
    """The référent prescribes an immersion of ``personne`` with ``entreprise``; it waits for three agreements."""
    if not acces.peut_prescrire_immersion(acting_user, personne):
        raise ValidationError(REFUS_PRESCRIPTEUR)
    objectifs_detail = texte(objectifs_detail, "objectifs_detail", "Décrivez les objectifs et les activités prévues.")
    tuteur_nom = texte(tuteur_nom, "tuteur_nom", "Indiquez le tuteur dans l'entreprise.")
    horaires = texte(horaires, "horaires", "Indiquez les horaires de présence.")
    verifier_dates(date_debut, date_fin, departement=personne.departement_id, aujourdhui=aujourdhui)
    if offre is not None and (offre.entreprise_id != entreprise.pk or offre.statut != StatutOffre.PUBLIEE):
        raise ValidationError(REFUS_OFFRE)
    # Each party agrees from their own space: a request nobody could agree to would wait forever.
    if not personne.user_id:
        raise ValidationError(REFUS_SANS_COMPTE)
    membres_actifs = MembreEntreprise.objects.filter(
        entreprise=entreprise, statut=StatutMembre.ACTIF, user__is_active=True
    )
    if not membres_actifs.exists():
        raise ValidationError({"siret": REFUS_ENTREPRISE_SANS_MEMBRE})
    immersion = Immersion.objects.create(
        personne=personne,
        entreprise=entreprise,
        offre=offre,
        organisation_id=personne.organisme_referent_id,
        referent=acting_user,
        fiche_rome=fiche_rome,
        objectif=objectif,
        objectifs_detail=objectifs_detail,
        tuteur_nom=tuteur_nom,
        tuteur_email=(tuteur_email or "").strip(),
        date_debut=date_debut,
        date_fin=date_fin,
        horaires=horaires,
        demandee_par=acting_user,
    )
    immersion = _verrouiller(immersion)
    _auditer(
        immersion,
        acting_user=acting_user,
        avant="",
        etape="demande",
        debut=date_debut.isoformat(),
        fin=date_fin.isoformat(),
    )
    _notifier(immersion, "demandee", referent=False)
    return immersion


# --- The three agreements ---------------------------------------------------------------------


def _accord(immersion, *, acting_user, partie, aujourdhui=None):
    aujourdhui = aujourdhui or timezone.localdate()
    immersion = _verrouiller(immersion)
    verifications = {
        acces.PARTIE_PERSONNE: (acces.est_partie_personne, REFUS_PERSONNE),
        acces.PARTIE_ENTREPRISE: (acces.est_partie_entreprise, REFUS_ENTREPRISE),
        acces.PARTIE_REFERENT: (acces.est_partie_referent, REFUS_REFERENT),
    }
    est_partie, refus = verifications[partie]
    if not (acting_user.is_authenticated and est_partie(acting_user, immersion)):
        raise ValidationError(refus)
    if immersion.statut != SI.DEMANDEE:
        raise ValidationError(REFUS_PAS_DEMANDEE.format(statut=immersion.get_statut_display().lower()))
    champ = f"accord_{partie}_le"
    if getattr(immersion, champ) is not None:
        raise ValidationError(REFUS_DEJA_DONNE.format(le=timezone.localtime(getattr(immersion, champ))))
    if immersion.date_debut < aujourdhui:
        raise ValidationError(REFUS_COMMENCEE.format(debut=immersion.date_debut))
    maintenant = timezone.now()
    setattr(immersion, champ, maintenant)
    champs = [champ]
    if partie != acces.PARTIE_PERSONNE:
        setattr(immersion, f"accord_{partie}_par", acting_user)
        champs.append(f"accord_{partie}_par")
    avant = immersion.statut
    complete = all((immersion.accord_personne_le, immersion.accord_entreprise_le, immersion.accord_referent_le))
    if complete:
        immersion.vers_validee()
        champs.append("statut")
    immersion.save(update_fields=champs)
    _auditer(immersion, acting_user=acting_user, avant=avant, etape=f"accord_{partie}")
    if complete:
        _generer_apres_commit(immersion)
        _notifier(immersion, "validee")
    return immersion


@transaction.atomic
def accord_personne(immersion, *, acting_user, aujourdhui=None):
    return _accord(immersion, acting_user=acting_user, partie=acces.PARTIE_PERSONNE, aujourdhui=aujourdhui)


@transaction.atomic
def accord_entreprise(immersion, *, acting_user, aujourdhui=None):
    return _accord(immersion, acting_user=acting_user, partie=acces.PARTIE_ENTREPRISE, aujourdhui=aujourdhui)


@transaction.atomic
def accord_referent(immersion, *, acting_user, aujourdhui=None):
    return _accord(immersion, acting_user=acting_user, partie=acces.PARTIE_REFERENT, aujourdhui=aujourdhui)


# --- The end ----------------------------------------------------------------------------------


def texte_du_bilan(bilan, appreciation_tuteur):
    """The assessment as stored: the référent's text, then the tutor's comments under their own heading."""
    if not appreciation_tuteur:
        return bilan
    return f"{bilan}\n\nAppréciation du tuteur :\n{appreciation_tuteur}"


@transaction.atomic
def faire_bilan(immersion, *, acting_user, bilan, appreciation_tuteur="", aujourdhui=None):
    """The référent's assessment, from the last day of the period on: the immersion is over."""
    aujourdhui = aujourdhui or timezone.localdate()
    bilan = texte(bilan, "bilan", "Rédigez le bilan de l'immersion.")
    appreciation_tuteur = texte(appreciation_tuteur, "appreciation_tuteur")
    immersion = _verrouiller(immersion)
    if not acces.est_partie_referent(acting_user, immersion):
        raise ValidationError(REFUS_REFERENT)
    if not can_proceed(immersion.vers_terminee):
        raise ValidationError(REFUS_BILAN_ETAT)
    if aujourdhui < immersion.date_fin:
        raise ValidationError(REFUS_BILAN_AVANT_FIN.format(fin=immersion.date_fin))
    avant = immersion.statut
    immersion.vers_terminee()
    immersion.bilan = texte_du_bilan(bilan, appreciation_tuteur)
    immersion.bilan_le = timezone.now()
    immersion.bilan_par = acting_user
    immersion.save(update_fields=["statut", "bilan", "bilan_le", "bilan_par"])
    _auditer(immersion, acting_user=acting_user, avant=avant, etape="bilan")
    _notifier(immersion, "terminee", referent=False)
    return immersion


@transaction.atomic
def annuler(immersion, *, acting_user, motif):
    """Any party cancels, with a reason the others read, before the assessment."""
    motif = texte(motif, "motif", "Indiquez le motif de l'annulation.")
    immersion = _verrouiller(immersion)
    if not acces.parties_de(acting_user, immersion):
        raise ValidationError(REFUS_PARTIE)
    if not can_proceed(immersion.vers_annulee):
        raise ValidationError(REFUS_ANNULATION_ETAT.format(statut=immersion.get_statut_display().lower()))
    avant = immersion.statut
    immersion.vers_annulee()
    immersion.motif_annulation = motif
    immersion.save(update_fields=["statut", "motif_annulation"])
    _auditer(immersion, acting_user=acting_user, avant=avant, etape="annulation", motif=motif)
    _notifier(immersion, "annulee", sauf=acting_user)
    return immersion


# --- The convention's PDF -------------------------------------------------------------------


def _valide_le(immersion):
    """When the convention was concluded: the last of the three agreements (fixed once validated)."""
    return max(immersion.accord_personne_le, immersion.accord_entreprise_le, immersion.accord_referent_le)


def contenu_convention(immersion):
    """What the convention prints, as JSON: the parties, the tutor, the dates and hours, the objective and
    the tasks (what the Code du travail asks of a PMSMP convention)."""
    personne = immersion.personne
    entreprise = immersion.entreprise
    organisation = immersion.organisation
    referent = immersion.referent
    naf = entreprise.code_naf
    return {
        "immersion": immersion.pk,
        "prescripteur": {
            "nom": organisation.nom,
            "type": organisation.get_type_organisation_display(),
            "siret": organisation.siret,
            "referent": (referent.get_full_name() or referent.email) if referent else "",
        },
        "beneficiaire": {
            "nom": personne.nom_usage or personne.nom_naissance,
            "prenoms": personne.prenoms,
            "date_naissance": personne.date_naissance.isoformat(),
            "adresse": personne.adresse,
            "commune": str(personne.commune.nom) if personne.commune_id else "",
        },
        "accueil": {
            "nom": entreprise.nom,
            "siret": entreprise.siret,
            "adresse": entreprise.adresse,
            "commune": entreprise.commune.nom if entreprise.commune_id else "",
            "activite": f"{naf.code} — {naf.libelle}" if naf else "",
            "tuteur": immersion.tuteur_nom,
            "tuteur_email": immersion.tuteur_email,
        },
        "metier": {"code": immersion.fiche_rome_id, "libelle": immersion.fiche_rome.libelle},
        "objet": immersion.get_objectif_display(),
        "objectifs": immersion.objectifs_detail,
        "debut": immersion.date_debut.isoformat(),
        "fin": immersion.date_fin.isoformat(),
        "duree_jours": duree_jours(immersion.date_debut, immersion.date_fin),
        "horaires": immersion.horaires,
        "accords": {
            "personne": immersion.accord_personne_le.isoformat(),
            "entreprise": immersion.accord_entreprise_le.isoformat(),
            "entreprise_par": immersion.accord_entreprise_par.get_full_name()
            if immersion.accord_entreprise_par
            else "",
            "referent": immersion.accord_referent_le.isoformat(),
            "referent_par": immersion.accord_referent_par.get_full_name() if immersion.accord_referent_par else "",
        },
    }


def _charger_pour_document(pk):
    return Immersion.objects.select_related(
        "personne__commune",
        "entreprise__commune",
        "entreprise__code_naf",
        "organisation",
        "referent",
        "fiche_rome",
        "accord_entreprise_par",
        "accord_referent_par",
    ).get(pk=pk)


def rendre_convention(immersion):
    """The PDF bytes of a validated immersion's convention: the same bytes at every render."""

    contenu = contenu_convention(immersion)
    empreinte_contenu = hashlib.sha256(
        json.dumps(contenu, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    valide_le = _valide_le(immersion)
    html = render_to_string(
        GABARIT,
        {
            "c": contenu,
            "debut": immersion.date_debut,
            "fin": immersion.date_fin,
            "date_naissance": immersion.personne.date_naissance,
            "accord_personne_le": timezone.localtime(immersion.accord_personne_le),
            "accord_entreprise_le": timezone.localtime(immersion.accord_entreprise_le),
            "accord_referent_le": timezone.localtime(immersion.accord_referent_le),
            "valide_le": timezone.localtime(valide_le),
            # The convention's own time (its validation), never the time of the render.
            "horodatage": valide_le.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "empreinte_contenu": empreinte_contenu,
            "titre": f"Convention de mise en situation en milieu professionnel n° {immersion.pk}",
        },
    )
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=empreinte_contenu.encode("ascii")
    )


def nom_fichier(immersion):
    return f"convention-immersion-{immersion.pk}.pdf"


@transaction.atomic
def assurer_convention(immersion):
    """Renders and stores the convention of a validated (or later) immersion if missing.

    Locked so that the worker and a first read racing on it store one document.
    """
    immersion = Immersion.objects.select_for_update(of=("self",), no_key=True).get(pk=immersion.pk)
    if immersion.convention and immersion.convention_empreinte:
        return immersion
    if (
        immersion.accord_referent_le is None
        or immersion.accord_personne_le is None
        or not immersion.accord_entreprise_le
    ):
        return immersion  # no convention before the three agreements
    immersion = _charger_pour_document(immersion.pk)
    octets = rendre_convention(immersion)
    immersion.convention_empreinte = empreinte(octets)
    immersion.convention.save(nom_fichier(immersion), ContentFile(octets), save=False)
    immersion.save(update_fields=["convention", "convention_empreinte"])
    enregistrer_evenement(
        TypeEvenement.IMMERSION_TRANSITION,
        personne=immersion.personne,
        organisation=immersion.organisation,
        immersion=immersion.pk,
        etape="convention_generee",
        empreinte_document=immersion.convention_empreinte,
    )
    return immersion


def reponse_convention(immersion, *, telechargement=False):
    immersion = assurer_convention(immersion)
    if not immersion.convention:
        raise Http404
    return reponse_pdf_stocke(immersion.convention, nom_fichier(immersion), telechargement=telechargement)


@shared_task(ignore_result=True)
def generer_convention(immersion_id):
    """Stores the convention of immersion ``immersion_id`` (nothing if it is there, or if rolled back)."""
    immersion = Immersion.objects.filter(pk=immersion_id).first()
    if immersion is None:
        return False
    assurer_convention(immersion)
    return True


def _generer_apres_commit(immersion):
    immersion_id = immersion.pk
    # robust: a broker down at commit time must not turn a committed agreement into an error;
    # the convention is then made on its first read.
    transaction.on_commit(lambda: generer_convention.delay(immersion_id), robust=True)
