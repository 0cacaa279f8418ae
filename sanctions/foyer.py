"""The RSA household the 50 % cap depends on (CASF R262-68-6; L262-9), read from the file.

R262-68-6: when the household has more than one person, or the person receives the majoration
for isolement (L262-9), a suspension or a suppression « ne peut excéder 50 % » of the RSA. The
figure is read where the file holds it, never ticked by the decider:

1. the decider's latest correction on this procedure, made with a reason (``CorrectionFoyer``);
2. the CAF/MSA flow (``inscription.DroitRSA``): the RSA's payer describes the RSA household. The
   latest right transmitted counts; a household has at least its allocataire, the children the
   flow counts and a spouse (a ``conjoint`` line, or another person on the same allocataire number);
3. the registration (``DossierInscription``): « en couple » and the dependent children. When it
   and the flow disagree, the larger household applies and the other is shown as a discrepancy;
4. nothing known: the cap applies. The lower maximum protects a household the file cannot
   describe; the decider who knows the person lives alone corrects it with the proof.

Since issue 18 the flow describes the household itself (``inscription.FoyerRSA``: the number of
people, of children, the majoration pour isolement), kept up to date by each file: its figures are
read first. The registration does not carry the L262-9 majoration. A parent living alone
with a child has a household of two anyway (capped); the majoration matters alone for a pregnant
woman living alone, which the decider records as a correction with its proof.
"""

import dataclasses
import datetime

from django.db.models import F
from django.utils import timezone

from inscription.enums import RoleFoyer, SituationFamiliale
from inscription.models import DossierInscription, DroitRSA
from sanctions.enums import SourceFoyer


@dataclasses.dataclass(frozen=True)
class Foyer:
    """The household as read, with the sentence the decider reads (« Foyer de 2 personnes selon le
    flux CAF du 12/11/2026 »). ``nb_personnes`` None: unknown. ``ecarts``: what other sources say
    when they disagree, shown next to it."""

    nb_personnes: int | None
    majoration_isolement: bool | None
    source: str
    libelle: str
    le: datetime.date | None = None
    correction: int | None = None
    ecarts: tuple[str, ...] = ()

    @property
    def plusieurs_personnes(self):
        # Unknown counts as several: the cap is the protective reading (module docstring).
        return self.nb_personnes is None or self.nb_personnes > 1

    @property
    def plafonne(self):
        return self.plusieurs_personnes or bool(self.majoration_isolement)

    def en_json(self):
        valeurs = dataclasses.asdict(self)
        valeurs["le"] = self.le.isoformat() if self.le else None
        valeurs["ecarts"] = list(self.ecarts)
        return valeurs

    @classmethod
    def depuis_json(cls, valeurs):
        valeurs = dict(valeurs)
        valeurs["le"] = datetime.date.fromisoformat(valeurs["le"]) if valeurs.get("le") else None
        valeurs["ecarts"] = tuple(valeurs.get("ecarts") or ())
        return cls(**{f.name: valeurs.get(f.name) for f in dataclasses.fields(cls)})


def _personnes(nb, au_moins=False):
    return f"{'au moins ' if au_moins else ''}{nb} personne{'s' if nb > 1 else ''}"


def du_flux(personne):
    """The household of the latest RSA right the CAF/MSA flow transmitted for ``personne``, or None.

    A right whose household the flow describes (``FoyerRSA``, issue 18) reads its composition there:
    ``nb_personnes`` as the CAF/MSA counts it, else the members still in it (a member who left,
    ``sorti_du_foyer_le``, no longer counts) and its children; ``majoration_isolement`` as sent. A right
    the person left is not their household any more: the other rights are read first, and with none the
    flow says nothing of their household (the registration, else the protective cap, applies)."""
    droit = (
        DroitRSA.objects.filter(personne=personne)
        .select_related("import_source", "foyer__import_source")
        .order_by(F("sorti_du_foyer_le").asc(nulls_first=True), "-updated_at", "-pk")
        .first()
    )
    if droit is None or droit.sorti_du_foyer_le is not None:
        return None
    foyer = droit.foyer
    if foyer is not None:
        autres = DroitRSA.objects.filter(foyer=foyer, sorti_du_foyer_le__isnull=True).exclude(personne=personne)
        nb = foyer.nb_personnes or (1 + autres.count() + (foyer.nb_enfants or 0))
        quand = foyer.date_flux or (foyer.import_source.cree_le if foyer.import_source else foyer.updated_at)
        majoration = foyer.majoration_isolement
    else:
        conjoint = (
            droit.role == RoleFoyer.CONJOINT
            or DroitRSA.objects.filter(
                organisme_payeur=droit.organisme_payeur, numero_allocataire=droit.numero_allocataire
            )
            .exclude(personne=personne)
            .exists()
        )
        nb = max(droit.nb_personnes_foyer or 1, 1 + (droit.nb_enfants or 0) + (1 if conjoint else 0))
        quand = droit.import_source.cree_le if droit.import_source else droit.updated_at
        majoration = None
    le = timezone.localdate(quand)
    source = SourceFoyer.FLUX_MSA if droit.organisme_payeur == "MSA" else SourceFoyer.FLUX_CAF
    isolement = ", majoration pour isolement (L262-9)" if majoration else ""
    return Foyer(
        nb_personnes=nb,
        majoration_isolement=majoration,
        source=source,
        libelle=f"Foyer de {_personnes(nb)}{isolement} selon le flux {droit.organisme_payeur} du {le:%d/%m/%Y}",
        le=le,
    )


def de_l_inscription(personne):
    """The household the registration describes (couple, dependent children), or None when it says nothing."""
    dossier = DossierInscription.objects.filter(personne=personne).first()
    if dossier is None:
        return None
    enfants = dossier.nb_enfants_charge or 0
    if not dossier.situation_familiale and not enfants:
        return None
    nb = 1 + (1 if dossier.situation_familiale == SituationFamiliale.COUPLE else 0) + enfants
    le = timezone.localdate(dossier.updated_at)
    # Without the family situation, the children give a lower bound only.
    au_moins = not dossier.situation_familiale
    return Foyer(
        nb_personnes=nb,
        majoration_isolement=None,
        source=SourceFoyer.INSCRIPTION,
        libelle=f"Foyer de {_personnes(nb, au_moins)} selon le dossier d'inscription du {le:%d/%m/%Y}",
        le=le,
    )


def inconnu():
    return Foyer(
        nb_personnes=None,
        majoration_isolement=None,
        source=SourceFoyer.INCONNUE,
        libelle=(
            "Composition du foyer inconnue (ni flux CAF/MSA ni dossier d'inscription) : le plafond de 50 % "
            "s'applique, sauf correction motivée."
        ),
    )


def lu_dans_le_dossier(personne):
    """The household as the file holds it, before any correction: the flow, else the registration.

    When both describe it and disagree, the larger household applies and the other one is shown
    beside it: a stale source must not lift the cap (the decider who knows corrects it, with the proof)."""
    flux, inscription = du_flux(personne), de_l_inscription(personne)
    if flux is None or inscription is None:
        return flux or inscription or inconnu()
    if inscription.nb_personnes == flux.nb_personnes:
        return flux
    retenu, autre = (flux, inscription) if flux.nb_personnes > inscription.nb_personnes else (inscription, flux)
    return dataclasses.replace(retenu, ecarts=(autre.libelle,))


def de_la_correction(correction):
    remplace = correction.source_remplacee.get("libelle", "")
    majoration = ", majoration pour isolement (L262-9)" if correction.majoration_isolement else ""
    par = correction.par.get_full_name() or correction.par.email
    return Foyer(
        nb_personnes=correction.nb_personnes,
        majoration_isolement=correction.majoration_isolement,
        source=SourceFoyer.CORRECTION,
        libelle=(
            f"Foyer de {_personnes(correction.nb_personnes)}{majoration}, corrigé par {par} le "
            f"{timezone.localdate(correction.le):%d/%m/%Y} (remplace : {remplace}) : {correction.motif}"
        ),
        le=timezone.localdate(correction.le),
        correction=correction.pk,
    )


def foyer_de(procedure):
    """The household to compute ``procedure``'s range from now: its latest correction, else the file."""
    correction = procedure.corrections_foyer.select_related("par").order_by("-le", "-pk").first()
    if correction is not None:
        return de_la_correction(correction)
    return lu_dans_le_dossier(procedure.personne)


def foyer_retenu(procedure):
    """The household the decision relied on once decided (a reform on appeal stays within it), else now's."""
    if procedure.foyer:
        return Foyer.depuis_json(procedure.foyer)
    return foyer_de(procedure)
