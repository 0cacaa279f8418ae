"""Reads across models: the portfolio's modality columns, a person's modality history, a team's load."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, DateField, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Greatest, Least, TruncDate
from django.utils import timezone

from francetravail.accompagnement import regles
from francetravail.accompagnement.models import ColonnesPortefeuille, ModaliteAccompagnement, ModalitePersonne
from francetravail.parametres.lookup import retenir
from francetravail.parametres.models import ParametreLegal
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Membership


class AjouterMois(Func):
    """``date + n months`` in SQL. PostgreSQL keeps the day number, or takes the month's last day when it
    is shorter: the rule of ``francetravail.base.calendrier.ajouter_mois`` (31 January + 1 = 28/29 February)."""

    arg_joiner = " + make_interval(months => "
    template = "(%(expressions)s::integer))::date"
    output_field = DateField()


def colonnes_du_compte(user):
    """The portfolio columns ``user`` chose, or None if they never chose (one query)."""
    return ColonnesPortefeuille.objects.filter(user=user).values_list("colonnes", flat=True).first()


def modalites_proposees():
    return ModaliteAccompagnement.objects.filter(actif=True).order_by("ordre", "libelle")


def historique(personne):
    """Every period of the person's modalities, the current one first (one query)."""
    return list(
        ModalitePersonne.objects.filter(personne=personne)
        .select_related("modalite", "choisie_par")
        .order_by("-debut", "-pk")
    )


def modalite_courante(personne):
    return ModalitePersonne.objects.filter(personne=personne, fin__isnull=True).select_related("modalite").first()


def cadences(le):
    """{modality code: (national cadence, {département: its own cadence where it applies})} in force on ``le``
    (one query; the département's row applies as ``lookup.retenir`` says)."""
    lignes = ParametreLegal.objects.filter(
        Q(valide_au__isnull=True) | Q(valide_au__gt=le), cle__startswith=regles.CADENCE, valide_du__lte=le
    )
    par_cle = {}
    for ligne in lignes:
        par_cle.setdefault(ligne.cle, [None, []])
        if ligne.departement_id is None:
            par_cle[ligne.cle][0] = ligne
        else:
            par_cle[ligne.cle][1].append(ligne)
    resultat = {}
    for cle, (nationale, propres) in par_cle.items():
        departements = {p.departement_id: int(retenir(nationale, p).valeur) for p in propres}
        resultat[cle.removeprefix(regles.CADENCE)] = (int(nationale.valeur) if nationale else None, departements)
    return resultat


def _cadence_par_modalite_et_departement(le):
    """The cadence of each open period as a CASE on its modality and the person's département: the figures
    are read once (``cadences``), not by a subquery per row — a page compiles this in a fraction of the time
    the generic ``parametres.sql.valeur_en_vigueur`` takes, and runs it for free."""
    conditions = []
    for code, (nationale, departements) in sorted(cadences(le).items()):
        for departement, valeur in sorted(departements.items()):
            if valeur != nationale:
                conditions.append(When(modalite__code=code, personne__departement_id=departement, then=Value(valeur)))
        if nationale is not None:
            conditions.append(When(modalite__code=code, then=Value(nationale)))
    if not conditions:
        return Value(None, output_field=IntegerField())
    return Case(*conditions, default=None, output_field=IntegerField())


def annoter(qs):
    """The current modality and the next point d'étape of each person, as columns of the list's query.

    The next point d'étape is the modality's cadence (``accompagnement.cadence_points_etape.<code>``, in
    force today for the person's département; one query reads the figures) after the later of the
    modality's start and the last point d'étape attended since then — or the planned end (reassessment),
    whichever comes first.
    """
    ouverte = ModalitePersonne.objects.filter(personne=OuterRef("pk"), fin__isnull=True)
    # Computed inside the open period's own subquery, so that the outer query holds each subquery once.
    dernier = RendezVous.objects.filter(
        personne=OuterRef("personne"),
        creneau__motif=Motif.POINT_ETAPE,
        statut=StatutRendezVous.HONORE,
        creneau__debut__date__gte=OuterRef("debut"),
    ).order_by("-creneau__debut")
    cadence = _cadence_par_modalite_et_departement(timezone.localdate())
    prochain = ouverte.annotate(
        dernier=TruncDate(Subquery(dernier.values("creneau__debut")[:1])),
        # NULLs are ignored by GREATEST and LEAST in PostgreSQL: no cadence → the planned end alone.
        prochain=Least(
            AjouterMois(Greatest("debut", "dernier"), cadence),
            F("fin_prevue"),
            output_field=DateField(),
        ),
    )
    return qs.annotate(
        modalite_code=Subquery(ouverte.values("modalite__code")[:1]),
        modalite_libelle=Subquery(ouverte.values("modalite__libelle")[:1]),
        modalite_fin_prevue=Subquery(ouverte.values("fin_prevue")[:1]),
        modalite_prochain_point_etape=Subquery(prochain.values("prochain")[:1]),
    )


def prochain_point_etape(personne):
    """The person's next point d'étape as the portfolio computes it (one query), or None."""
    return annoter(Personne.objects.filter(pk=personne.pk)).values_list("modalite_prochain_point_etape", flat=True)[0]


def point_etape_en_retard_q():
    return Q(modalite_prochain_point_etape__lt=timezone.localdate())


@dataclass
class LigneCharge:
    """A conseiller's load. Each modality's count is compared with its target; a mixed portfolio is
    also read as a whole: ``charge`` is the sum of count / target over the modalities (100 % is a
    full portfolio: 25 intensive of a target of 50 plus 225 « suivi » of 450 is 100 %)."""

    conseiller: object
    par_modalite: list = field(default_factory=list)  # [(modality, number, target, over target)]
    total: int = 0
    sans_modalite: int = 0
    charge: int = 0  # percent

    @property
    def depasse(self):
        return self.charge > 100 or any(depasse for _m, _n, _c, depasse in self.par_modalite)


def cibles(departement_id, *, le=None):
    """{modality code: target portfolio size} in force on ``le`` for a département (one query)."""
    le = le or timezone.localdate()
    lignes = ParametreLegal.objects.filter(
        Q(departement__isnull=True) | Q(departement_id=departement_id),
        Q(valide_au__isnull=True) | Q(valide_au__gt=le),
        cle__startswith=regles.CIBLE,
        valide_du__lte=le,
    )
    par_cle = {}
    for ligne in lignes:
        par_cle.setdefault(ligne.cle, [None, None])[0 if ligne.departement_id is None else 1] = ligne
    resultat = {}
    for cle, (nationale, departementale) in par_cle.items():
        retenue = retenir(nationale, departementale)
        resultat[cle.removeprefix(regles.CIBLE)] = int(retenue.valeur)
    return resultat


def charge_equipe(organisation):
    """Each accompanying professional of ``organisation`` with their people per modality against the
    modality's target (constant number of queries: professionals, modalities, targets, counts)."""
    User = get_user_model()
    conseillers = list(
        User.objects.filter(
            pk__in=Membership.objects.actives()
            .sans_comptes_techniques()
            .filter(organisation=organisation, role__in=list(ROLES_ACCOMPAGNEMENT))
            .values("user_id")
        ).order_by("last_name", "first_name", "pk")
    )
    modalites = list(ModaliteAccompagnement.objects.order_by("ordre", "libelle"))
    objectifs = cibles(organisation.departement_id)
    comptes = {}
    ouverte = ModalitePersonne.objects.filter(personne=OuterRef("pk"), fin__isnull=True)
    for ligne in (
        Personne.objects.filter(
            organisme_referent=organisation,
            referent_unique_id__in=[c.pk for c in conseillers],
            archivee_le__isnull=True,  # an archived file is no one's load (francetravail/personnes/acces.py)
        )
        .annotate(modalite_id=Subquery(ouverte.values("modalite_id")[:1]))
        .values("referent_unique_id", "modalite_id")
        .annotate(n=Count("pk"))
    ):
        comptes[(ligne["referent_unique_id"], ligne["modalite_id"])] = ligne["n"]
    lignes = []
    for conseiller in conseillers:
        ligne = LigneCharge(conseiller)
        part = 0
        for modalite in modalites:
            nombre = comptes.get((conseiller.pk, modalite.pk), 0)
            cible = objectifs.get(modalite.code)
            ligne.par_modalite.append((modalite, nombre, cible, cible is not None and nombre > cible))
            ligne.total += nombre
            if cible:
                part += nombre / cible
        ligne.sans_modalite = comptes.get((conseiller.pk, None), 0)
        ligne.total += ligne.sans_modalite
        ligne.charge = round(part * 100)
        lignes.append(ligne)
    return modalites, objectifs, lignes
