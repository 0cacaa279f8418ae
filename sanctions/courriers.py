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

The address. Every letter prints its recipient's full postal address in the window of a DL
envelope (``francetravail/base/adresse_postale.py``, ``templates/courriers/_bloc_adresse.html``),
frozen in the snapshot (``contenu["adresse"]``): the person's (name, street, postcode and town),
or their legal representative's, typed as a block with the prior notice. A letter the
administration sends on its own initiative (prior notice, decision, lifting) and that cannot be
addressed is refused with the reason: ``emettre`` raises a ValidationError, the action's
transaction is rolled back, nothing is committed nor sent, and the page shows why.
The appeal receipt is the exception: the appeal is the person's right and is recorded whatever
the address (an incomplete file never stops a request from being received, CRPA L114-5); its
receipt then waits for the address (``contenu["adresse_manquante"]``, no PDF, no e-mail): it is
counted on the team's dashboard (``queries.courriers_en_attente_d_adresse``) and established as
soon as someone opens it or the re-drive sweep runs after the address was completed
(``_etablir``), dated that day.
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
from weasyprint import HTML

from francetravail.base.adresse_postale import lignes_depuis_texte, lignes_personne
from francetravail.base.pdf import empreinte, reponse_pdf_stocke
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from sanctions import delais, montants
from sanctions.enums import Mesure, VoieRecours
from sanctions.models import CourrierProcedure, DestinataireCourrier, TypeCourrier
from sanctions.notifications import COURRIER, COURRIER_REPRESENTANT

GABARITS = {
    TypeCourrier.AVERTISSEMENT_PREALABLE: "sanctions/courriers/avertissement_prealable.html",
    TypeCourrier.DECISION: "sanctions/courriers/decision.html",
    TypeCourrier.LEVEE: "sanctions/courriers/levee.html",
    TypeCourrier.ACCUSE_RECOURS: "sanctions/courriers/accuse_recours.html",
    TypeCourrier.FIN_DROIT_RSA: "sanctions/courriers/fin_droit_rsa.html",
}
# The letters issued even when their recipient cannot be addressed yet (see the module's docstring).
EN_ATTENTE_POSSIBLE = frozenset({TypeCourrier.ACCUSE_RECOURS})


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
    # cycle: sanctions.actions imports this module (an action issues its letters).
    from sanctions import actions

    try:
        plage = actions.plage_de(procedure)  # RSA: the household the file holds (R262-68-6)
    except ValidationError:
        return None
    return {**actions.plage_dict(plage), "explication": plage.explication}


def _contenu_type(procedure, type_courrier, recours):
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
        voie = delais.voie_recours(procedure.concerne_le_rsa)
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
        # cycle: sanctions.fin_droit imports this module (its decision issues a letter).
        from sanctions import fin_droit

        return fin_droit.contenu_courrier(procedure)
    if type_courrier == TypeCourrier.LEVEE:
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


def adresse(procedure, destinataire):
    """The address lines of the letter's recipient; raises a ValidationError (in French) saying why not."""
    if destinataire == DestinataireCourrier.REPRESENTANT_LEGAL:
        return list(lignes_depuis_texte(procedure.representant_legal, de_qui="du représentant légal"))
    return list(lignes_personne(procedure.personne))


def nom_representant(procedure):
    """The legal representative's name: the first line of what was typed (name, then address)."""
    return next((ligne.strip() for ligne in procedure.representant_legal.splitlines() if ligne.strip()), "")


def _date_et_horodatage(le):
    return {
        "date": _iso(timezone.localdate(le)),
        "horodatage": le.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def instantane(procedure, type_courrier, destinataire, *, recours=None, le=None, lignes=None):
    """What the letter says, frozen (JSON-safe; the only input of the PDF). ``lignes``: its address."""
    le = le or timezone.now()
    manquement = procedure.manquement
    return {
        "type": type_courrier,
        "titre": TypeCourrier(type_courrier).label,
        **_date_et_horodatage(le),
        "adresse": lignes,
        "procedure": procedure.pk,
        "public": procedure.get_public_display(),
        "est_rsa": procedure.concerne_le_rsa,
        "destinataire": destinataire,
        "representant_legal": nom_representant(procedure),
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
    }
    cle = f"sanctions:courrier:{courrier.pk}:{Canal.EMAIL}"
    if courrier.destinataire == DestinataireCourrier.REPRESENTANT_LEGAL:
        if not procedure.representant_legal_courriel:
            return None  # the representative's copy goes by post; no address to announce it
        return notifier(
            None,
            COURRIER_REPRESENTANT,
            contexte=contexte,
            cle_idempotence=cle,
            adresse=procedure.representant_legal_courriel,
        )
    if not personne.email:
        return None
    return notifier(personne.user, COURRIER, contexte=contexte, cle_idempotence=cle, adresse=personne.email)


def emettre(procedure, type_courrier, *, recours=None):
    """Creates the letters of ``type_courrier`` for every recipient and their notifications; returns them
    (the person's first). To be called inside the action's transaction; the PDFs follow on commit.

    Raises a ValidationError, before writing anything, when a recipient cannot be addressed (except
    for the letters of ``EN_ATTENTE_POSSIBLE``, which then wait for the address)."""
    le = timezone.now()
    adresses = {}
    for destinataire in destinataires(procedure):
        try:
            adresses[destinataire] = (adresse(procedure, destinataire), "")
        except ValidationError as refus:
            motif = " ".join(refus.messages)
            if type_courrier not in EN_ATTENTE_POSSIBLE:
                raise ValidationError(
                    f"Le courrier « {TypeCourrier(type_courrier).label} » ne peut pas être adressé : {motif}",
                    code=refus.error_list[0].code,
                ) from None
            adresses[destinataire] = (None, motif)
    courriers = []
    for destinataire, (lignes, manquante) in adresses.items():
        contenu = instantane(procedure, type_courrier, destinataire, recours=recours, le=le, lignes=lignes)
        if manquante:
            contenu["adresse_manquante"] = manquante
        courrier = CourrierProcedure.objects.create(
            procedure=procedure,
            recours=recours,
            type_courrier=type_courrier,
            destinataire=destinataire,
            contenu=contenu,
            created_at=le,
        )
        if not manquante:
            courrier.notification = _prevenir(courrier, procedure)
            if courrier.notification:
                courrier.save(update_fields=["notification"])
        courriers.append(courrier)
    ids = [c.pk for c in courriers if not en_attente_d_adresse(c)]
    transaction.on_commit(lambda: _generer_apres_commit(ids), robust=True)
    return courriers


def en_attente_d_adresse(courrier):
    """A letter issued while its recipient could not be addressed, not established since."""
    return not courrier.document and not courrier.contenu.get("adresse")


def _generer_apres_commit(ids):
    for courrier in CourrierProcedure.objects.filter(pk__in=ids):
        assurer_pdf(courrier)


def _etablir(courrier):
    """Addresses a waiting letter (locked by the caller) from the file as it is now, dated today, and
    sends its notification; raises a ValidationError (the reason) if it still cannot be addressed."""
    procedure = courrier.procedure
    lignes = adresse(procedure, courrier.destinataire)
    contenu = {k: v for k, v in courrier.contenu.items() if k != "adresse_manquante"}
    # The letter is dated the day it can leave: what it acknowledges (the appeal's date) is in it.
    courrier.contenu = {**contenu, **_date_et_horodatage(timezone.now()), "adresse": lignes}
    courrier.notification = _prevenir(courrier, procedure)
    courrier.save(update_fields=["contenu", "notification"])
    return courrier


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
        "lignes": contenu["adresse"],
    }


def rendre_pdf(contenu):
    """The PDF bytes of a letter's snapshot (no database access). Never a letter without its address."""

    if not contenu.get("adresse"):
        raise ValidationError(contenu.get("adresse_manquante") or "Ce courrier n'a pas d'adresse postale.")

    html = render_to_string(GABARITS[contenu["type"]], _contexte(contenu))
    canonique = json.dumps(contenu, sort_keys=True, ensure_ascii=False).encode()
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=hashlib.sha256(canonique).hexdigest().encode("ascii")
    )


def nom_fichier(courrier):
    return f"sanction-{courrier.procedure_id}-{courrier.type_courrier}-{courrier.destinataire}-{courrier.pk}.pdf"


@transaction.atomic
def assurer_pdf(courrier):
    """Renders and stores the letter's PDF if missing; returns the letter with it.

    A letter waiting for its address is established first (``_etablir``); if the address is still
    incomplete, a ValidationError says why and nothing is stored."""
    courrier = (
        CourrierProcedure.objects.select_for_update(of=("self",), no_key=True)
        .select_related("procedure__personne__commune")
        .get(pk=courrier.pk)
    )
    if courrier.document and courrier.empreinte:
        return courrier
    if en_attente_d_adresse(courrier):
        _etablir(courrier)
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
