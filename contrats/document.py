"""The contract's PDF (WeasyPrint), rendered from a version's frozen content only.

What the document prints comes from ``VersionContrat.contenu`` (the snapshot the person
accepts, whose SHA-256 is ``VersionContrat.empreinte``) and the version's own number,
date and hash, never from the live contract: a later edit of the plan, of the socle or
of the organisme changes nothing in a version's document. The bytes are deterministic
(creation and modification dates are the version's, the PDF identifier derives from
the content's hash), so regenerating a version's document gives the same file.

The document is tagged (PDF/UA-1: headings, lists and tables carry their structure for
screen readers) with a title and a language.

``assurer_document`` stores it once per version, with the SHA-256 of its bytes; the
worker (``contrats.tasks.generer_document``) does it right after submission, and the
acceptance does it synchronously if the worker has not yet.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from contrats.enums import AmenagementDuree, MotifDispense
from contrats.models import VersionContrat
from francetravail.base.pdf import empreinte, reponse_pdf_stocke

GABARIT = "contrats/document/contrat.html"


def _date(texte):
    return datetime.date.fromisoformat(texte) if texte else None


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


def rendre_pdf(version):
    """The PDF bytes of ``version`` (no database access beyond the version itself)."""
    from weasyprint import HTML

    html = render_to_string(GABARIT, _contexte(version))
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1",
        # A fixed identifier: WeasyPrint would otherwise derive none, but be explicit (deterministic bytes).
        pdf_identifier=version.empreinte.encode("ascii"),
    )


def nom_fichier(version):
    return f"contrat-engagement-{version.contrat_id}-v{version.numero}.pdf"


@transaction.atomic
def assurer_document(version):
    """Renders and stores the PDF of ``version`` if missing; returns the version with it.

    Locked (``select_for_update``) so that the worker and an acceptance racing on the same
    version store one document: the second waits, then finds it there.
    """
    from francetravail.audit.actions import enregistrer_evenement
    from francetravail.audit.enums import TypeEvenement

    version = (
        VersionContrat.objects.select_for_update(of=("self",))
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


def reponse_pdf(version, *, telechargement=False):
    """The stored PDF of ``version`` (made first if missing) as an HTTP response."""
    version = assurer_document(version)
    return reponse_pdf_stocke(version.document, nom_fichier(version), telechargement=telechargement)
