"""Contract indicators for the pilotes of a territory (SPEC §2.10; issue 4: overdue contracts
surface in the portfolio and the indicators).

Aggregates only, per organisme référent: no person is named, so a pilote reads them for
every organisation of their territory. A pilote's territory is the département of the
organisation where they hold the role; the region for a regional organisation; the whole
country for a national one.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from contrats import regles
from contrats.enums import StatutContrat
from contrats.models import ContratEngagement
from contrats.portefeuille import premier_jour_a_temps
from francetravail.parametres.lookup import valeur
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from orientation.enums import STATUTS_DECIDES, Parcours
from orientation.models import DecisionOrientation


def organisations_du_territoire(user):
    """The organisations whose indicators ``user`` (a pilote) reads."""
    pilotees = contexte_professionnel(user).organisations_avec({Role.PILOTE})
    if not pilotees:
        return Organisation.objects.none()
    condition = Q(pk__in=[])
    for org in Organisation.objects.filter(pk__in=pilotees).only("departement_id", "region_id"):
        if org.departement_id:
            condition |= Q(departement_id=org.departement_id)
        elif org.region_id:
            condition |= Q(departement__region_id=org.region_id) | Q(region_id=org.region_id)
        else:
            return Organisation.objects.all()
    return Organisation.objects.filter(condition)


@dataclass
class Ligne:
    organisation: Organisation
    brouillons: int = 0
    soumis: int = 0
    acceptes: int = 0
    signes: int = 0
    en_retard: int = 0
    signes_dans_le_delai: int = 0
    sans_ore: int = 0
    orientations_sans_contrat_en_retard: int = 0

    @property
    def total(self):
        return self.brouillons + self.soumis + self.acceptes + self.signes

    @property
    def taux_dans_le_delai(self):
        """Share of signed contracts signed by their deadline, in %, or None when none is signed."""
        return round(100 * self.signes_dans_le_delai / self.signes) if self.signes else None


def _limite_ore(aujourdhui):
    """Signed on or before this day: the ORE is due (R5411-15-1: within 6 months of signature)."""
    return regles.ajouter_mois(aujourdhui, -int(valeur("contrat.delai_ore", le=aujourdhui)))


def tableau(organisations, *, aujourdhui=None):
    """One ``Ligne`` per organisation (two aggregate queries in all, whatever the number of contracts)."""
    aujourdhui = aujourdhui or timezone.localdate()
    lignes = {org.pk: Ligne(org) for org in organisations.order_by("nom")}
    if not lignes:
        return []
    signe = Q(signe_le__isnull=False)
    fin_du_jour_ore = timezone.make_aware(
        datetime.datetime.combine(_limite_ore(aujourdhui) + datetime.timedelta(days=1), datetime.time.min)
    )
    agregats = (
        ContratEngagement.objects.filter(organisme_id__in=list(lignes))
        .values("organisme_id")
        .annotate(
            brouillons=Count("pk", filter=Q(statut=StatutContrat.BROUILLON) & ~signe),
            soumis=Count("pk", filter=Q(statut=StatutContrat.SOUMIS) & ~signe),
            acceptes=Count("pk", filter=Q(statut=StatutContrat.ACCEPTE) & ~signe),
            # A contract under revision was signed: it counts as signed.
            signes=Count("pk", filter=signe),
            en_retard=Count("pk", filter=~signe & Q(echeance_signature__lt=aujourdhui)),
            signes_dans_le_delai=Count("pk", filter=signe & Q(signe_le__date__lte=F("echeance_signature"))),
            sans_ore=Count(
                "pk",
                filter=signe
                & Q(parcours=Parcours.PROFESSIONNEL, ore_fixee_le__isnull=True, signe_le__lt=fin_du_jour_ore),
            ),
        )
    )
    for row in agregats:
        ligne = lignes[row.pop("organisme_id")]
        for nom, nombre in row.items():
            setattr(ligne, nom, nombre)
    _orientations_sans_contrat(lignes, aujourdhui)
    return list(lignes.values())


def _orientations_sans_contrat(lignes, aujourdhui):
    """People whose latest notified orientation has no contract one month after its notice."""
    delai = int(valeur("contrat.delai_signature", le=aujourdhui))
    limite = timezone.make_aware(datetime.datetime.combine(premier_jour_a_temps(aujourdhui, delai), datetime.time.min))
    plus_recente = DecisionOrientation.objects.filter(
        personne=OuterRef("personne"), statut__in=list(STATUTS_DECIDES), notifiee_le__gt=OuterRef("notifiee_le")
    )
    contrat = ContratEngagement.objects.filter(orientation=OuterRef("pk"))
    sans_contrat = (
        DecisionOrientation.objects.filter(
            organisme_id__in=list(lignes), statut__in=list(STATUTS_DECIDES), notifiee_le__lt=limite
        )
        .filter(~Exists(plus_recente), ~Exists(contrat))
        .values("organisme_id")
        .annotate(n=Count("pk"))
    )
    for row in sans_contrat:
        lignes[row["organisme_id"]].orientations_sans_contrat_en_retard = row["n"]
