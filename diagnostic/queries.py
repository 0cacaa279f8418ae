"""Reads of the diagnostic: the current state of the sections a reader may see, what
registration already told us, the history. Each in a fixed number of queries."""

from dataclasses import dataclass, field

from diagnostic.enums import Section
from diagnostic.models import Diagnostic, PieceDiagnostic, VersionSection
from inscription.enums import TypeFrein
from inscription.models import DossierInscription


@dataclass
class EtatSection:
    section: Section
    version: VersionSection | None  # None: never saved
    prerempli: dict = field(default_factory=dict)  # what registration knows, for this section

    @property
    def numero(self):
        return self.version.numero if self.version else 0

    @property
    def contenu(self):
        """The saved content, or what registration already told us (nothing asked twice)."""
        return self.version.contenu if self.version else self.prerempli

    @property
    def repris(self):
        """Fields whose current value came from registration, to show where it comes from."""
        contenu = self.contenu
        return {
            nom
            for nom, valeur in self.prerempli.items()
            if valeur not in (None, "", []) and contenu.get(nom) == valeur
        }


def diagnostic_de(personne):
    return (
        Diagnostic.objects.select_related(
            "parcours_confirme_par", "decision_confirmee__organisme", "reorientation_demandee_par"
        )
        .filter(personne=personne)
        .first()
    )


def dernieres_versions(diagnostic, sections):
    """The latest version of each of ``sections`` (one query, DISTINCT ON the section).

    Only the sections asked for leave the database: a sensitive section the reader
    may not see is never loaded.
    """
    if diagnostic is None:
        return {}
    versions = (
        VersionSection.objects.filter(diagnostic=diagnostic, section__in=list(sections))
        .select_related("auteur")
        .order_by("section", "-numero")
        .distinct("section")
    )
    return {v.section: v for v in versions}


def derniere_version(diagnostic, section):
    if diagnostic is None:
        return None
    return (
        VersionSection.objects.filter(diagnostic=diagnostic, section=section)
        .select_related("auteur")
        .order_by("-numero")
        .first()
    )


def prerempli(personne):
    """What registration and the pré-diagnostic already answered, per section (content keys).

    Two queries at most (the registration file, its barriers).
    """
    dossier = DossierInscription.objects.filter(personne=personne).prefetch_related("freins").first()
    if dossier is None:
        return {}
    freins = {}
    for frein in dossier.freins.all():
        freins[f"{frein.type_frein}_severite"] = frein.intensite  # same three values as Severite
    return {
        Section.COMPETENCES: {
            "niveau_qualification": dossier.niveau_qualification,
            "diplome": dossier.diplome,
            "experiences": dossier.experiences,
        },
        Section.PROJET: {
            "maturite": dossier.maturite_projet,
            "projet": dossier.projet,
            "disponibilite": dossier.disponibilite,
            "permis_b": dossier.permis_b,
        },
        Section.SITUATION: {
            "situation_familiale": dossier.situation_familiale,
            "nb_enfants_charge": dossier.nb_enfants_charge,
            "enfant_moins_12_ans": dossier.enfant_moins_12_ans,
            "logement": dossier.logement,
        },
        Section.NUMERIQUE: {"niveau_francais": dossier.niveau_francais},
        Section.FREINS: {k: v for k, v in freins.items() if k.removesuffix("_severite") in TypeFrein.values},
    }


def etat(personne, diagnostic, sections):
    """``EtatSection`` per section, in the order given."""
    versions = dernieres_versions(diagnostic, sections)
    pre = prerempli(personne)
    return [EtatSection(section=Section(s), version=versions.get(s), prerempli=pre.get(s, {})) for s in sections]


def historique(diagnostic, sections):
    """Every version of ``sections``, newest first, without their content (the list shows who and when)."""
    if diagnostic is None:
        return VersionSection.objects.none()
    return (
        VersionSection.objects.filter(diagnostic=diagnostic, section__in=list(sections))
        .select_related("auteur")
        .defer("contenu")
        .order_by("-enregistree_le", "-pk")
    )


def versions_a_comparer(diagnostic, section, de, a):
    """The two versions ``de`` and ``a`` of ``section`` (``de`` may be 0: the empty section)."""
    if diagnostic is None:
        return {}
    versions = VersionSection.objects.filter(
        diagnostic=diagnostic, section=section, numero__in=[n for n in (de, a) if n]
    ).select_related("auteur")
    return {v.numero: v for v in versions}


def pieces(diagnostic, sections):
    """The supporting documents of ``sections`` (those the reader may read), by section then newest
    first, with their ``Document`` (one query). A sensitive section's documents never leave the
    database for a reader who may not see that section."""
    if diagnostic is None:
        return []
    ordre = {section: rang for rang, section in enumerate(Section)}
    lignes = list(
        PieceDiagnostic.objects.filter(diagnostic=diagnostic, section__in=list(sections))
        .select_related("document")
        .order_by("-document__depose_le", "-pk")
    )
    lignes.sort(key=lambda piece: ordre[piece.section])
    return lignes
