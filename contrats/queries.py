"""Reads of contracts that span models, in a bounded number of queries.

- ``contrat_courant(personne)``: the person's latest contract with what its pages show
  (plan, versions, version in force) — the same number of queries with 1 action and 1
  version as with 30 actions and 50 versions.
- ``pour_liste(queryset)``: the same for a list of contracts, and ``indicateurs(contrats)``
  computes the per-contract rules (mention « jeunes », ORE alert, signature overdue) with
  the legal parameters read once for the whole list.
- ``contrats_en_retard(...)`` / ``personnes_contrat_en_retard(...)``: contracts not signed
  by their deadline, for the portfolio, the indicators and the sweep.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from contrats.models import ActionPlan, ContratEngagement, VersionContrat
from francetravail.documents.enums import NatureDocument
from francetravail.documents.selecteurs import documents_de
from francetravail.parametres.lookup import ParametreIntrouvable, retenir
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.models import Commune
from francetravail.rome.models import FicheRome
from orientation.enums import Parcours

# What a list of versions shows; the content (a large JSON) is read for the version in force only.
CHAMPS_VERSION_LISTE = (
    "id",
    "contrat_id",
    "numero",
    "empreinte",
    "created_at",
    "soumise_par_id",
    "acceptee_le",
    "document",
    "document_empreinte",
    "document_genere_le",
    "modification_demandee_le",
    "commentaire_modification",
)


def pour_liste(queryset):
    """``queryset`` of contracts with its relations joined and its plan and versions prefetched."""
    return queryset.select_related(
        "personne",
        "organisme",
        "referent",
        "orientation",
        "version_en_vigueur",
        "version_acceptee",
        "contresigne_par",
    ).prefetch_related(
        Prefetch("actions", queryset=ActionPlan.objects.order_by("debut", "pk")),
        Prefetch("versions", queryset=VersionContrat.objects.only(*CHAMPS_VERSION_LISTE).order_by("-numero")),
    )


def contrat_courant(personne):
    """The latest contract of ``personne`` (any status), with its plan and versions, or None.

    ``contrat.actions.all()`` and ``contrat.versions.all()`` (newest first, without their
    content) then cost nothing; ``contrat.derniere_version()`` reads the prefetched list;
    ``contrat.version_en_vigueur`` and ``contrat.version_acceptee`` come with their content.
    """
    return pour_liste(ContratEngagement.objects.filter(personne=personne)).order_by("-created_at", "-pk").first()


class ParametresEnMemoire:
    """``valeur(cle, le=, departement=)`` answered from rows read once (same rule as the lookup)."""

    def __init__(self, cles):
        self._rows = {}
        for row in ParametreLegal.objects.filter(cle__in=cles).order_by("valide_du"):
            self._rows.setdefault(row.cle, []).append(row)

    def __call__(self, cle, le=None, departement=None):
        le = le or timezone.localdate()
        departement_id = getattr(departement, "pk", departement)
        en_vigueur = [
            r
            for r in self._rows.get(cle, ())
            if r.valide_du <= le
            and (r.valide_au is None or r.valide_au > le)
            and (r.departement_id is None or r.departement_id == departement_id)
        ]
        if not en_vigueur:
            raise ParametreIntrouvable(f"Aucune valeur du paramètre « {cle} » en vigueur le {le:%d/%m/%Y}.")
        # The département's own value wins where the key allows one (lookup.retenir).
        nationale = next((r for r in en_vigueur if r.departement_id is None), None)
        departementale = next((r for r in en_vigueur if r.departement_id is not None), None)
        return retenir(nationale, departementale).valeur


def parametres_en_memoire():
    return ParametresEnMemoire(("contrat.age_mention_jeunes", "contrat.delai_ore"))


def indicateurs(contrats, *, aujourdhui=None):
    """Sets ``mention_jeunes_``, ``alerte_ore_`` and ``en_retard_`` on each contract (one query in all)."""
    aujourdhui = aujourdhui or timezone.localdate()
    contrats = list(contrats)
    lookup = parametres_en_memoire()
    for contrat in contrats:
        contrat.mention_jeunes_ = contrat.mention_jeunes(lookup=lookup)
        contrat.alerte_ore_ = contrat.alerte_ore(aujourdhui, lookup=lookup)
        contrat.en_retard_ = contrat.signature_en_retard(aujourdhui)
    return contrats


def filtre_en_retard(aujourdhui=None):
    """Q on ContratEngagement: never signed, and the signature deadline passed."""
    return Q(signe_le__isnull=True, echeance_signature__lt=aujourdhui or timezone.localdate())


def contrats_en_retard(personnes=None, *, aujourdhui=None):
    """Contracts not signed by their deadline, of ``personnes`` (a queryset) if given.

    A contract under revision was signed: it is not overdue (its version in force binds).
    """
    qs = ContratEngagement.objects.filter(filtre_en_retard(aujourdhui))
    if personnes is not None:
        qs = qs.filter(personne__in=personnes)
    return qs


def annoter_contrat_en_retard(personnes, *, aujourdhui=None, nom="contrat_en_retard"):
    """``personnes`` (a Personne queryset) annotated with a boolean: one of their contracts is overdue.

    One EXISTS subquery, so a portfolio page stays at a fixed number of queries.
    """
    return personnes.annotate(
        **{nom: Exists(ContratEngagement.objects.filter(filtre_en_retard(aujourdhui), personne=OuterRef("pk")))}
    )


def contrats_sans_ore(*, aujourdhui=None):
    """Signed professional contracts without ORE (the 6-month rule is checked per contract)."""
    return ContratEngagement.objects.filter(
        parcours=Parcours.PROFESSIONNEL, signe_le__isnull=False, ore_fixee_le__isnull=True
    )


def metiers_nommes(codes):
    """The ORE's jobs as the pages show them, ``[{"code", "libelle"}]`` in the ORE's order: one query
    (none for an empty list). A code without a ROME sheet keeps an empty label."""
    libelles = dict(FicheRome.objects.filter(code_rome__in=codes).values_list("code_rome", "libelle")) if codes else {}
    return [{"code": code, "libelle": libelles.get(code, "")} for code in codes]


def communes_nommees(codes):
    """The ORE's communes by name, ``[{"code", "nom"}]`` in the ORE's order: one query (none for an
    empty list). A code the COG does not know keeps an empty name."""
    noms = dict(Commune.objects.filter(code_insee__in=codes).values_list("code_insee", "nom")) if codes else {}
    return [{"code": code, "nom": noms.get(code, "")} for code in codes]


def scan_papier(version):
    """The scan of ``version`` signed on paper at a desk (a ``documents.Document``), or None: a version
    accepted online has none."""
    scans = documents_de(version, nature=NatureDocument.SIGNATURE_PAPIER) if version is not None else []
    return scans[-1] if scans else None
