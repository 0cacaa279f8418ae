"""The contract's PDF (WeasyPrint), rendered from a version's frozen content only.

What the document prints comes from ``VersionContrat.contenu`` (the snapshot the person
accepts, whose SHA-256 is ``VersionContrat.empreinte``) and the version's own number,
date and hash, never from the live contract: a later edit of the plan, of the socle or
of the organisme changes nothing in a version's document. The bytes are deterministic
(creation and modification dates are the version's, the PDF identifier derives from
the content's hash), so regenerating a version's document gives the same file.

Its template is versioned (``GABARITS``, ``VersionContrat.version_gabarit``): a version made before a change
of the template keeps rendering with the old one, byte for byte.

The document is tagged (PDF/UA-1: headings, lists and tables carry their structure for
screen readers) with a title and a language.

``assurer_document`` stores it once per version, with the SHA-256 of its bytes; the
worker (``contrats.tasks.generer_document``) does it right after submission, and the
acceptance does it synchronously if the worker has not yet.

The signed copy. From the person's acceptance on, the version also carries an attestation
(``VersionContrat.attestation``, frozen by the actions at each step, see ``attestation_*``):
who accepted (the person, and how: online in their space, or on paper at a desk with the
SHA-256 of the scan), who countersigned (the référent, their name and organisation), when
(date and time, Europe/Paris), and the version's hash. The signed copy is the same document
with the signature block filled in from it (``rendre_pdf(version, signe=True)``); it is
stored apart (``document_signe``, with its own hash) and it is the document served from then
on (``reponse_pdf``). It is made after the acceptance, and made again after the
countersignature (the acceptance-only copy stays in the storage and its name and hash in the
version's history); the « à accepter » document is kept as it was, since the person's
acceptance records its hash (``ContratEngagement.empreinte_document_acceptee``) and the
signed copy prints it.

The version's hash (``VersionContrat.empreinte``) is the SHA-256 of the version's frozen
content (``VersionContrat.contenu``) serialised canonically, as ``contrats.regles.empreinte``
does: JSON, keys sorted, no spaces (separators « , » and « : »), non-ASCII characters as
themselves, encoded in UTF-8. Anyone holding the content can recompute it.
"""

import datetime
import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from contrats.enums import AmenagementDuree, MotifDispense
from contrats.models import VersionContrat
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.pdf import empreinte, reponse_pdf_stocke

# The document's templates by version (``VersionContrat.version_gabarit``): a version is always rendered with
# its own, so that a re-render gives the bytes stored and proved. Never edit a template listed here: add one.
GABARITS = {
    1: "contrats/document/contrat.html",  # the ORE's jobs and communes as codes
    2: "contrats/document/contrat_v2.html",  # by name (frozen in the content), the code beside it
}


def _date(texte):
    return datetime.date.fromisoformat(texte) if texte else None


# --- The attestation (frozen by contrats.actions, inside their transaction) -----------------------

CANAL_EN_LIGNE = "en_ligne"
CANAL_PAPIER = "papier"


def _instant(moment):
    return moment.astimezone(datetime.UTC).isoformat()


def _nom_personne(version):
    personne = version.contenu.get("personne") or {}
    return f"{personne.get('prenoms', '')} {(personne.get('nom') or '').upper()}".strip()


def _nom_professionnel(user):
    return user.get_full_name() or user.email


def attestation_acceptee(version, *, le):
    """The person accepted ``version`` online, from their space, at ``le``."""
    return {
        "version": version.numero,
        "empreinte": version.empreinte,
        "empreinte_document_soumis": version.document_empreinte,
        "acceptation": {
            "canal": CANAL_EN_LIGNE,
            "par": _nom_personne(version),
            "le": _instant(le),
            "scan_empreinte": "",
        },
        "contreseing": None,
    }


def attestation_contresignee(version, *, par, organisation, le):
    """The référent ``par`` of ``organisation`` countersigned ``version`` online at ``le``."""
    return {
        **version.attestation,
        "contreseing": {
            "canal": CANAL_EN_LIGNE,
            "par": _nom_professionnel(par),
            "organisation": organisation.nom,
            "le": _instant(le),
        },
    }


def attestation_papier(version, *, scan_empreinte, par, organisation, le):
    """Signed on paper at a desk: the person's signature is on the scan, the référent recorded it and
    countersigned at ``le``."""
    return {
        "version": version.numero,
        "empreinte": version.empreinte,
        "empreinte_document_soumis": version.document_empreinte,
        "acceptation": {
            "canal": CANAL_PAPIER,
            "par": _nom_personne(version),
            "le": _instant(le),
            "scan_empreinte": scan_empreinte,
        },
        "contreseing": {
            "canal": CANAL_PAPIER,
            "par": _nom_professionnel(par),
            "organisation": organisation.nom,
            "le": _instant(le),
        },
    }


def _lisible(attestation):
    """The attestation with its times as aware datetimes in the project's time zone (Europe/Paris)."""
    if not attestation:
        return None

    def etape(valeurs):
        if not valeurs:
            return None
        return {**valeurs, "le": timezone.localtime(datetime.datetime.fromisoformat(valeurs["le"]))}

    return {
        **attestation,
        "acceptation": etape(attestation.get("acceptation")),
        "contreseing": etape(attestation.get("contreseing")),
    }


# --- The PDF ------------------------------------------------------------------------------------


def _contexte(version):
    contenu = version.contenu
    duree = contenu.get("duree_hebdo") or {}
    operateur = contenu.get("operateur") or {"nom": contenu.get("organisme", ""), "type_libelle": "", "siret": ""}
    plan = [
        {
            **action,
            "debut": _date(action.get("debut")),
            "fin": _date(action.get("fin")),
        }
        for action in contenu.get("plan", [])
    ]
    ore = contenu.get("ore")
    if ore:
        ore = {**ore, "fixee_le": _date(ore.get("fixee_le"))}
    personne = contenu.get("personne") or {}
    return {
        "version": version,
        "contenu": contenu,
        "personne": {**personne, "date_naissance": _date(personne.get("date_naissance"))},
        "operateur": operateur,
        "territoire": contenu.get("territoire"),
        "socle": contenu.get("socle") or {},
        "duree": duree,
        "minoration": duree.get("amenagement") == AmenagementDuree.MINORATION,
        "dispense": duree.get("amenagement") == AmenagementDuree.DISPENSE,
        "motif_dispense": MotifDispense(duree["motif_dispense"]).label if duree.get("motif_dispense") else "",
        "plan": plan,
        "ore": ore,
        "date_contrat": _date(contenu.get("date")),
        "echeance_signature": _date(contenu.get("echeance_signature")),
        # The version's own time, in the project's time zone: the same at every render.
        "soumise_le": timezone.localtime(version.created_at),
        "horodatage": version.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "titre": f"Contrat d'engagement — version {version.numero}",
    }


def rendre_pdf(version, *, signe=False):
    """The PDF bytes of ``version`` (no database access beyond the version itself); ``signe``: the
    signed copy, from the version's attestation."""

    contexte = _contexte(version)
    identifiant = version.empreinte
    if signe:
        canonique = json.dumps(version.attestation, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        contexte.update(
            attestation=_lisible(version.attestation),
            # The signed copy's own time: its latest signature step.
            horodatage=datetime.datetime.fromisoformat(
                (version.attestation.get("contreseing") or version.attestation["acceptation"])["le"]
            ).strftime("%Y-%m-%dT%H:%M:%SZ"),
            titre=f"Contrat d'engagement — version {version.numero} — exemplaire signé",
        )
        identifiant = hashlib.sha256(f"{version.empreinte}:{canonique}".encode()).hexdigest()
    html = render_to_string(GABARITS[version.version_gabarit], contexte)
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1",
        # A fixed identifier: WeasyPrint would otherwise derive none, but be explicit (deterministic bytes).
        pdf_identifier=identifiant.encode("ascii"),
    )


def nom_fichier(version, *, signe=False):
    return f"contrat-engagement-{version.contrat_id}-v{version.numero}{'-signe' if signe else ''}.pdf"


@transaction.atomic
def assurer_document(version):
    """Renders and stores the PDF of ``version`` if missing; returns the version with it.

    Locked (``select_for_update``) so that the worker and an acceptance racing on the same
    version store one document: the second waits, then finds it there.
    """
    version = (
        VersionContrat.objects.select_for_update(of=("self",), no_key=True)
        .select_related("contrat__personne", "contrat__organisme")
        .get(pk=version.pk)
    )
    if version.document and version.document_empreinte:
        return version
    octets = rendre_pdf(version)
    version.document_empreinte = empreinte(octets)
    version.document_genere_le = timezone.now()
    version.document.save(nom_fichier(version), ContentFile(octets), save=False)
    version.save(update_fields=["document", "document_empreinte", "document_genere_le"])
    contrat = version.contrat
    enregistrer_evenement(
        TypeEvenement.CONTRAT_DOCUMENT_GENERE,
        personne=contrat.personne,
        organisation=contrat.organisme,
        contrat=contrat.pk,
        version=version.numero,
        empreinte_document=version.document_empreinte,
    )
    return version


@transaction.atomic
def assurer_document_signe(version):
    """Renders and stores the signed copy of ``version`` if it has an attestation and no signed copy
    for it yet; returns the version. Locked like ``assurer_document``: the actions that change the
    attestation lock the same row, so a copy is never stored for an attestation already replaced."""
    version = (
        VersionContrat.objects.select_for_update(of=("self",), no_key=True)
        .select_related("contrat__personne", "contrat__organisme")
        .get(pk=version.pk)
    )
    if not version.attestation or (version.document_signe and version.document_signe_empreinte):
        return version
    octets = rendre_pdf(version, signe=True)
    version.document_signe_empreinte = empreinte(octets)
    version.document_signe_genere_le = timezone.now()
    version.document_signe.save(nom_fichier(version, signe=True), ContentFile(octets), save=False)
    version.save(update_fields=["document_signe", "document_signe_empreinte", "document_signe_genere_le"])
    contrat = version.contrat
    enregistrer_evenement(
        TypeEvenement.CONTRAT_DOCUMENT_GENERE,
        personne=contrat.personne,
        organisation=contrat.organisme,
        contrat=contrat.pk,
        version=version.numero,
        exemplaire="signé" if version.attestation.get("contreseing") else "accepté",
        empreinte_document=version.document_signe_empreinte,
    )
    return version


def reponse_pdf(version, *, telechargement=False):
    """The document of ``version`` as an HTTP response: its signed copy once the person has accepted
    it (made first if missing), else the document « à accepter » (made first if missing)."""
    version = assurer_document(version)
    if version.attestation:
        version = assurer_document_signe(version)
        return reponse_pdf_stocke(
            version.document_signe, nom_fichier(version, signe=True), telechargement=telechargement
        )
    return reponse_pdf_stocke(version.document, nom_fichier(version), telechargement=telechargement)
