"""The procedure's letters: prior notice, decision, lifting, appeal receipt (legal-rules.md §4.6, §4.7).

``emettre`` is called by the actions, inside their transaction, right where the state
changes: it freezes what the letter says in ``CourrierProcedure.contenu`` (a JSON
snapshot: the person, the facts, the envisaged or decided sanction with its computed
legal range, the dates and delays, the appeal route), one row per recipient (the person,
and their legal representative for a minor or a protected adult), and writes the outbox
notification that tells each recipient a letter is waiting. The e-mail only links to the
person's space: the letter's content never leaves by e-mail.

The PDF (WeasyPrint, tagged PDF/UA-1 like ``contrats.document``) is rendered from the
snapshot alone, so rendering it again gives the same bytes; it is stored with the
SHA-256 of those bytes.

When the PDF is made: **after the commit, in the same process** (``transaction.on_commit``,
robust), not by a Celery task, and again on first read if missing. Why: the letter's legal
weight is its snapshot and its date, both committed with the transition, whatever happens
next; writing the file after the commit means a rolled-back action leaves no orphan file
in the storage; the letters come from single, human actions (never the sweeps), so the
half-second of rendering does not hold a row lock nor a worker's batch; and the person
can open their letter as soon as the page reloads without depending on a worker being up.
``assurer_pdf`` is idempotent under a row lock, so the on-commit render and a first read
racing store one file.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from francetravail.base.pdf import empreinte, reponse_pdf_stocke
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from sanctions.enums import Mesure, VoieRecours
from sanctions.models import CourrierProcedure, DestinataireCourrier, TypeCourrier

GABARITS = {
    TypeCourrier.AVERTISSEMENT_PREALABLE: "sanctions/courriers/avertissement_prealable.html",
    TypeCourrier.DECISION: "sanctions/courriers/decision.html",
    TypeCourrier.LEVEE: "sanctions/courriers/levee.html",
    TypeCourrier.ACCUSE_RECOURS: "sanctions/courriers/accuse_recours.html",
    TypeCourrier.FIN_DROIT_RSA: "sanctions/courriers/fin_droit_rsa.html",
}
# Where the person reads their letters (T3's pages under /mon-espace/sanctions/).
CHEMIN_ESPACE = "/mon-espace/sanctions/"


def _iso(valeur):
    return valeur.isoformat() if valeur else None


def _texte(valeur):
    """A decimal as text with two decimals, whether it was just set (``Decimal("30")``) or read back."""
    return str(Decimal(str(valeur)).quantize(Decimal("0.01"))) if valeur is not None else None


def _personne(personne):
    return {
        "nom": personne.nom_usage or personne.nom_naissance,
        "prenoms": personne.prenoms,
        "date_naissance": _iso(personne.date_naissance),
        "adresse": personne.adresse,
    }


def _plage(procedure):
    """The legal range on the date of the facts, as the prior notice states it."""
    from sanctions import actions

    try:
        plage = actions.plage_de(
            procedure,
            foyer_plusieurs_personnes=procedure.foyer_plusieurs_personnes,
            majoration_isolement=procedure.majoration_isolement,
        )
    except ValidationError:
        return None
    return {**actions.plage_dict(plage), "explication": plage.explication}


def _contenu_type(procedure, type_courrier, recours):
    from sanctions import delais

    if type_courrier == TypeCourrier.AVERTISSEMENT_PREALABLE:
        return {
            "mesure_envisagee": Mesure(procedure.mesure_envisagee).label if procedure.mesure_envisagee else "",
            "sanction_envisagee": procedure.sanction_envisagee,
            "plage": _plage(procedure),
            "notifie_le": _iso(procedure.avertissement_notifie_le),
            "echeance_observations": _iso(procedure.echeance_observations),
            "delai_jours": (procedure.echeance_observations - procedure.avertissement_notifie_le).days,
        }
    if type_courrier == TypeCourrier.DECISION:
        voie = delais.voie_recours(procedure.est_rsa)
        return {
            "mesure": Mesure(procedure.mesure).label,
            "mesure_code": procedure.mesure,
            "taux": _texte(procedure.taux),
            "duree_mois": procedure.duree_mois,
            "radiation_mois": procedure.radiation_mois,
            "debut": _iso(procedure.debut),
            "fin": _iso(procedure.fin),
            "motivation": procedure.motivation,
            "plage": procedure.plage_legale,
            "montant_mensuel": _texte(procedure.montant_mensuel),
            "decidee_le": _iso(timezone.localdate(procedure.decidee_le)),
            "voie_recours": VoieRecours(voie).label,
            "voies_recours": procedure.voies_recours,
        }
    if type_courrier == TypeCourrier.FIN_DROIT_RSA:
        from sanctions import fin_droit

        return fin_droit.contenu_courrier(procedure)
    if type_courrier == TypeCourrier.LEVEE:
        from sanctions import montants

        calcul = montants.montants_de(procedure)
        return {
            "mesure": Mesure(procedure.mesure).label,
            "taux": _texte(procedure.taux),
            "debut": _iso(procedure.debut),
            "fin": _iso(procedure.fin),
            "levee_le": _iso(procedure.terminee_le),
            "remobilisation": procedure.remobilisation,
            "remobilisation_le": _iso(procedure.remobilisation_le),
            "rappel_mois": calcul.rappel_mois,
            "total_retenu": str(calcul.total_retenu),
            "total_reverse": str(calcul.total_reverse),
            "mois": [
                {"mois": _iso(m.mois), "jours": m.jours, "retenu": str(m.retenu), "reverse": str(m.reverse)}
                for m in calcul.mois
            ],
        }
    return {
        "voie": recours.get_voie_display(),
        "forme_le": _iso(recours.forme_le),
        "echeance": _iso(recours.echeance),
        "hors_delai": recours.hors_delai,
        "motifs": recours.motifs,
        "objet": "la décision de fin de droit au RSA" if recours.fin_droit_id else "",
        "instance": (
            "le président du conseil départemental"
            if recours.voie == VoieRecours.RAPO
            else "le médiateur régional de France Travail"
        ),
    }


def instantane(procedure, type_courrier, destinataire, *, recours=None, le=None):
    """What the letter says, frozen (JSON-safe; the only input of the PDF)."""
    le = le or timezone.now()
    manquement = procedure.manquement
    return {
        "type": type_courrier,
        "titre": TypeCourrier(type_courrier).label,
        "date": _iso(timezone.localdate(le)),
        "horodatage": le.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "procedure": procedure.pk,
        "public": procedure.get_public_display(),
        "est_rsa": procedure.est_rsa,
        "destinataire": destinataire,
        "representant_legal": procedure.representant_legal,
        "personne": _personne(procedure.personne),
        "organisation": procedure.organisation.nom,
        "decideur": procedure.organisation_decisionnaire.nom,
        "manquement": {
            "type": manquement.get_type_manquement_display(),
            "faits": manquement.faits,
            "date_faits": _iso(manquement.date_faits),
        },
        **_contenu_type(procedure, type_courrier, recours),
    }


def destinataires(procedure):
    """The person, and their legal representative when the procedure names one."""
    if procedure.representant_legal:
        return (DestinataireCourrier.PERSONNE, DestinataireCourrier.REPRESENTANT_LEGAL)
    return (DestinataireCourrier.PERSONNE,)


def _prevenir(courrier, procedure):
    """The outbox e-mail announcing the letter (no content of it): one per letter, by its key."""
    personne = procedure.personne
    contexte = {
        "prenom": personne.prenoms.split(" ")[0],
        "nom_personne": f"{personne.prenoms} {personne.nom_usage or personne.nom_naissance}",
        "courrier": courrier.get_type_courrier_display(),
        "organisation": procedure.organisation.nom,
        "chemin": CHEMIN_ESPACE,
    }
    cle = f"sanctions:courrier:{courrier.pk}:{Canal.EMAIL}"
    if courrier.destinataire == DestinataireCourrier.REPRESENTANT_LEGAL:
        if not procedure.representant_legal_courriel:
            return None  # the representative's copy goes by post; no address to announce it
        return notifier(
            None,
            modele="sanctions/courrier_representant",
            contexte=contexte,
            cle_idempotence=cle,
            adresse=procedure.representant_legal_courriel,
        )
    if not personne.email:
        return None
    return notifier(
        personne.user, modele="sanctions/courrier", contexte=contexte, cle_idempotence=cle, adresse=personne.email
    )


def emettre(procedure, type_courrier, *, recours=None):
    """Creates the letters of ``type_courrier`` for every recipient and their notifications; returns them
    (the person's first). To be called inside the action's transaction; the PDFs follow on commit."""
    le = timezone.now()
    courriers = []
    for destinataire in destinataires(procedure):
        courrier = CourrierProcedure.objects.create(
            procedure=procedure,
            recours=recours,
            type_courrier=type_courrier,
            destinataire=destinataire,
            contenu=instantane(procedure, type_courrier, destinataire, recours=recours, le=le),
            created_at=le,
        )
        courrier.notification = _prevenir(courrier, procedure)
        if courrier.notification:
            courrier.save(update_fields=["notification"])
        courriers.append(courrier)
    ids = [c.pk for c in courriers]
    transaction.on_commit(lambda: _generer_apres_commit(ids), robust=True)
    return courriers


def _generer_apres_commit(ids):
    for courrier in CourrierProcedure.objects.filter(pk__in=ids):
        assurer_pdf(courrier)


# --- The PDF --------------------------------------------------------------------------------


def _date(texte):
    return datetime.date.fromisoformat(texte) if texte else None


def _contexte(contenu):
    dates = {
        cle: _date(contenu.get(cle))
        for cle in (
            "date",
            "notifie_le",
            "echeance_observations",
            "debut",
            "fin",
            "decidee_le",
            "levee_le",
            "remobilisation_le",
            "forme_le",
            "echeance",
            "effet_le",
            "atteinte_le",
        )
    }
    return {
        "c": contenu,
        **dates,
        "date_faits": _date(contenu["manquement"]["date_faits"]),
        "mois": [{**m, "mois": _date(m["mois"])} for m in contenu.get("mois", [])],
        "au_representant": contenu["destinataire"] == DestinataireCourrier.REPRESENTANT_LEGAL,
    }


def rendre_pdf(contenu):
    """The PDF bytes of a letter's snapshot (no database access)."""
    from weasyprint import HTML

    html = render_to_string(GABARITS[contenu["type"]], _contexte(contenu))
    canonique = json.dumps(contenu, sort_keys=True, ensure_ascii=False).encode()
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=hashlib.sha256(canonique).hexdigest().encode("ascii")
    )


def nom_fichier(courrier):
    return f"sanction-{courrier.procedure_id}-{courrier.type_courrier}-{courrier.destinataire}-{courrier.pk}.pdf"


@transaction.atomic
def assurer_pdf(courrier):
    """Renders and stores the letter's PDF if missing; returns the letter with it."""
    courrier = CourrierProcedure.objects.select_for_update().get(pk=courrier.pk)
    if courrier.document and courrier.empreinte:
        return courrier
    octets = rendre_pdf(courrier.contenu)
    courrier.empreinte = empreinte(octets)
    courrier.genere_le = timezone.now()
    courrier.document.save(nom_fichier(courrier), ContentFile(octets), save=False)
    courrier.save(update_fields=["document", "empreinte", "genere_le"])
    return courrier


def reponse_pdf(courrier, *, telechargement=False):
    """The stored PDF (made first if missing) as an HTTP response."""
    courrier = assurer_pdf(courrier)
    return reponse_pdf_stocke(courrier.document, nom_fichier(courrier), telechargement=telechargement)
