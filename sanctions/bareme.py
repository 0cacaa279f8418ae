"""The legal scales of the suspension-remobilisation (``../shared/reference/legal-rules.md`` §4.2–4.3).

The system computes the range the law allows, shows it next to the decision form and
refuses a decision outside it; the decider chooses the rate and the length inside the
range (the law sets them case by case, R5412-1, R262-68-5). Every figure is a dated
``sanctions.*`` legal parameter read on the date of the facts, so a new décret is a new
row in ``parametres_legaux.csv``, not a code change.

- ``plage_legale(...)``: the range for a public, a kind of manquement and its rank.
- ``verifier_decision(plage, ...)``: raises ``ValidationError`` listing every reason a
  decision is outside the range.
- ``rang_du_manquement(...)``: « premier » or « reiteration » (24-month window from the
  notification of a previous decision, restarted by a new orientation decision).

Conventions of a decision: ``taux`` in percent for a suspension or a suppression (None
otherwise); ``duree_mois`` the length of the suspension or suppression; ``radiation_mois``
the length of the radiation (for the RSA: the radiation the PCD proposes to France
Travail, L5426-1 I). For a radiation alone (or a suppression whose length the law ties
to the radiation, M4), ``duree_mois`` is left empty or equal to ``radiation_mois``.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from contrats.regles import ajouter_mois
from francetravail.parametres.lookup import ParametreIntrouvable, valeur
from sanctions.enums import MANQUEMENTS_RSA, Mesure, Public, TypeManquement

PREMIER = "premier"
REITERATION = "reiteration"
RANGS = (PREMIER, REITERATION)

CENT = Decimal(100)

DECRET = "décret 2025-478"


@dataclass(frozen=True)
class Plage:
    """What the law allows for one manquement; shown to the decider and checked on decision."""

    mesures: frozenset
    taux_min: Decimal | None
    taux_max: Decimal | None
    duree_min_mois: int | None
    duree_max_mois: int | None
    radiation_mois: tuple[int, int] | None
    avis_equipe_pluridisciplinaire_requis: bool
    references: tuple[str, ...]
    explication: str
    # When set, radiation applies only — and then necessarily — when this measure is total
    # (100 %) for ``radiation_mois`` months (R5412-1, R5412-2, R262-68): in every other case
    # a radiation is outside the law. When None, a radiation in ``radiation_mois`` is required
    # whenever ``radiation_mois`` is set.
    radiation_si_totale: str | None = field(default=None)


def _parametre(cle, date_faits, departement):
    try:
        return valeur(cle, le=date_faits, departement=departement)
    except ParametreIntrouvable as e:
        # Facts before the décret's date of effect (or a gap in the parameters) have no
        # scale here: the decider must see why instead of a server error.
        raise ValidationError(f"Aucun barème en vigueur à la date des faits : {e}") from e


def _mois(cle, date_faits, departement):
    return int(_parametre(cle, date_faits, departement))


def _pourcent(cle, date_faits, departement):
    return Decimal(_parametre(cle, date_faits, departement))


def _francais_mois(n):
    return f"{n} mois"


def _intervalle(a, b):
    return _francais_mois(a) if a == b else f"{a} à {b} mois"


def _taux(t):
    return f"{t.normalize():f}".replace(".", ",") + " %"


def _refus(message):
    raise ValidationError(message)


def plage_legale(
    *,
    public,
    manquement,
    rang,
    date_faits,
    departement=None,
    foyer_plusieurs_personnes=False,
    majoration_isolement=False,
):
    """The legal range for this manquement; ``ValidationError`` when the law provides none."""
    if rang not in RANGS:
        _refus(f"Rang du manquement inconnu : « {rang} » (premier ou réitération).")
    if public not in Public.values:
        _refus(f"Public inconnu : « {public} ».")
    if manquement not in TypeManquement.values:
        _refus(f"Type de manquement inconnu : « {manquement} ».")
    public, manquement = Public(public), TypeManquement(manquement)
    if public == Public.RSA:
        return _plage_rsa(
            manquement,
            rang,
            date_faits,
            departement,
            plafonne=bool(foyer_plusieurs_personnes or majoration_isolement),
        )
    if manquement in MANQUEMENTS_RSA:
        _refus(
            f"« {manquement.label} » ne concerne que les bénéficiaires du RSA : qualifiez le manquement "
            "selon le Code du travail (L5412-1)."
        )
    if public == Public.ALLOCATION:
        return _plage_allocation(manquement, rang, date_faits, departement)
    return _plage_sans_allocation(manquement, rang, date_faits, departement)


def _bornes_generales(rang, date_faits, departement):
    duree_min = _mois("sanctions.duree_min", date_faits, departement)
    cle_max = "sanctions.duree_max_premier" if rang == PREMIER else "sanctions.duree_max_reiteration"
    return duree_min, _mois(cle_max, date_faits, departement)


def _suppression_totale(duree, references, explication, *, radiation=None):
    return Plage(
        mesures=frozenset({Mesure.SUPPRESSION}),
        taux_min=CENT,
        taux_max=CENT,
        duree_min_mois=duree,
        duree_max_mois=duree,
        radiation_mois=radiation,
        avis_equipe_pluridisciplinaire_requis=False,
        references=references,
        explication=explication,
    )


def _radiation(mini, maxi, references, explication):
    return Plage(
        mesures=frozenset({Mesure.RADIATION}),
        taux_min=None,
        taux_max=None,
        duree_min_mois=None,
        duree_max_mois=None,
        radiation_mois=(mini, maxi),
        avis_equipe_pluridisciplinaire_requis=False,
        references=references,
        explication=explication,
    )


def _plage_allocation(manquement, rang, date_faits, departement):
    taux_min = _pourcent("sanctions.taux_minimum", date_faits, departement)
    if manquement in (TypeManquement.M1, TypeManquement.M2):
        duree_min, duree_max = _bornes_generales(rang, date_faits, departement)
        article = "C. trav. R5412-1" if manquement == TypeManquement.M1 else "C. trav. R5412-2"
        references = (article, "C. trav. R5412-3-4", DECRET)
        if rang == PREMIER:
            return Plage(
                mesures=frozenset({Mesure.SUSPENSION}),
                taux_min=taux_min,
                taux_max=CENT,
                duree_min_mois=duree_min,
                duree_max_mois=duree_max,
                radiation_mois=None,
                avis_equipe_pluridisciplinaire_requis=False,
                references=references,
                explication=(
                    f"Premier manquement : suspension d'au moins {_taux(taux_min)} du revenu de remplacement "
                    f"ou de l'allocation, pour {_intervalle(duree_min, duree_max)}. Taux et durée sont fixés "
                    "selon le nombre et la nature des obligations non respectées."
                ),
            )
        totale = _mois("sanctions.duree_totale_radiation", date_faits, departement)
        if manquement == TypeManquement.M1:
            mesures, declencheur = frozenset({Mesure.SUSPENSION, Mesure.SUPPRESSION}), Mesure.SUPPRESSION
            texte = f"suspension ou suppression d'au moins {_taux(taux_min)}"
            radiation = f"Une suppression totale de {_francais_mois(totale)} entraîne la radiation pour la même durée."
        else:
            # M2 is sanctioned through the revenu de remplacement only, and R5412-2 speaks of
            # suspension on reiteration too; a total suspension of 4 months brings radiation.
            mesures, declencheur = frozenset({Mesure.SUSPENSION}), Mesure.SUSPENSION
            texte = f"suspension d'au moins {_taux(taux_min)}"
            radiation = f"Une suspension totale de {_francais_mois(totale)} entraîne la radiation pour la même durée."
        return Plage(
            mesures=mesures,
            taux_min=taux_min,
            taux_max=CENT,
            duree_min_mois=duree_min,
            duree_max_mois=duree_max,
            radiation_mois=(totale, totale),
            avis_equipe_pluridisciplinaire_requis=False,
            references=references,
            explication=(
                f"Persistance ou réitération dans les 24 mois : {texte} pour {_intervalle(duree_min, duree_max)}. "
                + radiation
            ),
            radiation_si_totale=declencheur,
        )
    if manquement == TypeManquement.M1_PRP:
        duree = _mois("sanctions.m1_prp_duree", date_faits, departement)
        return _suppression_totale(
            duree,
            ("C. trav. R5412-1", "C. trav. L5426-1-2", DECRET),
            f"Projet de reconversion professionnelle non réalisé : suppression totale de {_francais_mois(duree)} "
            f"et radiation de {_francais_mois(duree)}.",
            radiation=(duree, duree),
        )
    if manquement == TypeManquement.M3:
        cle = "sanctions.m3_duree_premier" if rang == PREMIER else "sanctions.m3_duree_reiteration"
        duree = _mois(cle, date_faits, departement)
        quand = "Premier refus" if rang == PREMIER else "Réitération du refus"
        return _suppression_totale(
            duree,
            ("C. trav. R5412-3", "C. trav. R5412-3-4", DECRET),
            f"{quand} de deux offres raisonnables d'emploi : suppression totale de {_francais_mois(duree)} "
            f"et radiation de la même durée.",
            radiation=(duree, duree),
        )
    if manquement == TypeManquement.M4:
        mini = _mois("sanctions.m4_radiation_min", date_faits, departement)
        maxi = _mois("sanctions.m4_radiation_max", date_faits, departement)
        return Plage(
            mesures=frozenset({Mesure.SUPPRESSION}),
            taux_min=CENT,
            taux_max=CENT,
            duree_min_mois=None,
            duree_max_mois=None,
            radiation_mois=(mini, maxi),
            avis_equipe_pluridisciplinaire_requis=False,
            references=("C. trav. R5412-3-1", "C. trav. L5426-5", DECRET),
            explication=(
                f"Fraude ou fausse déclaration : suppression totale du revenu de remplacement et radiation de "
                f"{_intervalle(mini, maxi)}. Les sommes indues sont à rembourser ; une pénalité administrative "
                "relève d'une procédure distincte (L5426-5)."
            ),
        )
    if manquement == TypeManquement.M4_BIS:
        if rang == PREMIER:
            duree = _mois("sanctions.m4bis_duree_premier", date_faits, departement)
            return _suppression_totale(
                duree,
                ("C. trav. R5412-3-2", DECRET),
                "Première activité non déclarée de très courte durée : suppression totale de "
                f"{_francais_mois(duree)}.",
            )
        duree = _mois("sanctions.m4bis_duree_reiteration", date_faits, departement)
        return _suppression_totale(
            duree,
            ("C. trav. R5412-3-2", "C. trav. R5412-3-4", DECRET),
            f"Réitération d'une activité non déclarée de très courte durée : suppression totale de "
            f"{_francais_mois(duree)} et radiation de {_francais_mois(duree)}.",
            radiation=(duree, duree),
        )
    raise AssertionError(manquement)  # pragma: no cover — every kind is handled above


def _avertissement(references, explication):
    return Plage(
        mesures=frozenset({Mesure.AVERTISSEMENT}),
        taux_min=None,
        taux_max=None,
        duree_min_mois=None,
        duree_max_mois=None,
        radiation_mois=None,
        avis_equipe_pluridisciplinaire_requis=False,
        references=references,
        explication=explication,
    )


def _plage_sans_allocation(manquement, rang, date_faits, departement):
    if manquement == TypeManquement.M2:
        _refus(
            "Le refus d'élaborer ou d'actualiser le contrat (M2) n'est sanctionné que par la suppression du revenu "
            "de remplacement (L5412-1 II) : aucune sanction n'existe pour une personne sans allocation."
        )
    if manquement in (TypeManquement.M1, TypeManquement.M1_PRP, TypeManquement.M4_BIS):
        references = ("C. trav. R5412-3-3", "C. trav. R5412-3-4", DECRET)
        if rang == PREMIER:
            return _avertissement(
                references,
                "Premier manquement d'une personne sans allocation : avertissement qui fixe le délai dans lequel "
                "la personne met fin au manquement.",
            )
        if manquement == TypeManquement.M4_BIS:
            duree = _mois("sanctions.sans_allocation_m4bis_radiation", date_faits, departement)
            mini = maxi = duree
        else:
            mini = _mois("sanctions.sans_allocation_radiation_min", date_faits, departement)
            maxi = _mois("sanctions.sans_allocation_radiation_max", date_faits, departement)
        return _radiation(
            mini,
            maxi,
            references,
            f"Manquement persistant après le délai fixé par l'avertissement, ou réitéré : radiation de "
            f"{_intervalle(mini, maxi)}.",
        )
    if manquement == TypeManquement.M3:
        cle = "sanctions.m3_duree_premier" if rang == PREMIER else "sanctions.m3_duree_reiteration"
        duree = _mois(cle, date_faits, departement)
        return _radiation(
            duree,
            duree,
            ("C. trav. R5412-3", "C. trav. R5412-3-4", DECRET),
            f"Refus de deux offres raisonnables d'emploi : radiation de {_francais_mois(duree)}.",
        )
    if manquement == TypeManquement.M4:
        mini = _mois("sanctions.m4_radiation_min", date_faits, departement)
        maxi = _mois("sanctions.m4_radiation_max", date_faits, departement)
        return _radiation(
            mini,
            maxi,
            ("C. trav. R5412-3-1", DECRET),
            f"Fraude ou fausse déclaration : radiation de {_intervalle(mini, maxi)}.",
        )
    raise AssertionError(manquement)  # pragma: no cover


def _plage_rsa(manquement, rang, date_faits, departement, *, plafonne):
    if manquement in (TypeManquement.M1, TypeManquement.M1_PRP, TypeManquement.M2, TypeManquement.M4_BIS):
        _refus(
            "Pour un bénéficiaire du RSA, qualifiez le manquement selon le CASF (L262-37) : refus du contrat, "
            "non-respect du contrat ou refus de se soumettre aux contrôles."
        )
    if manquement in (TypeManquement.M3, TypeManquement.M4):
        # France Travail radiates a bRSA only on the PCD's proposal (L5426-1 I); the length is
        # the Code du travail's (R5412-3, R5412-3-1; R262-68-2 itself was not retrieved).
        if manquement == TypeManquement.M3:
            cle = "sanctions.m3_duree_premier" if rang == PREMIER else "sanctions.m3_duree_reiteration"
            mini = maxi = _mois(cle, date_faits, departement)
            references = ("C. trav. R5412-3", "CASF R262-68-2", "C. trav. R5412-7", DECRET)
            quoi = "Refus de deux offres raisonnables d'emploi"
        else:
            mini = _mois("sanctions.m4_radiation_min", date_faits, departement)
            maxi = _mois("sanctions.m4_radiation_max", date_faits, departement)
            references = ("C. trav. R5412-3-1", "C. trav. L5426-1", DECRET)
            quoi = "Fraude ou fausse déclaration"
        return _radiation(
            mini,
            maxi,
            references,
            f"{quoi} : le président du conseil départemental propose à France Travail une radiation de "
            f"{_intervalle(mini, maxi)}.",
        )
    taux_min = _pourcent("sanctions.taux_minimum", date_faits, departement)
    taux_max = _pourcent("sanctions.plafond_foyer_rsa", date_faits, departement) if plafonne else CENT
    duree_min, duree_max = _bornes_generales(rang, date_faits, departement)
    plafond = (
        f" Foyer de plus d'une personne ou majoration d'isolement : au plus {_taux(taux_max)} (R262-68-6)."
        if plafonne
        else ""
    )
    references = ["CASF L262-37", "CASF R262-68-5", "CASF R262-68-6", DECRET]
    if manquement == TypeManquement.RSA_REFUS_CONTROLE:
        # L262-37 II 3°: refusing the controls leads to a suppression; R262-68-3 was not
        # retrieved, so the general lengths and the 50 % cap apply (prudent reading).
        references.insert(1, "CASF R262-68-3")
        mesures = frozenset({Mesure.SUPPRESSION})
        texte = f"Refus de se soumettre aux contrôles : suppression d'au moins {_taux(taux_min)}"
    else:
        article = "CASF R262-68" if manquement == TypeManquement.RSA_REFUS_CONTRAT else "CASF R262-68-1"
        references.insert(1, article)
        if rang == PREMIER:
            mesures = frozenset({Mesure.SUSPENSION})
            texte = f"Premier manquement : suspension d'au moins {_taux(taux_min)} du RSA"
        else:
            mesures = frozenset({Mesure.SUSPENSION, Mesure.SUPPRESSION})
            texte = f"Persistance ou réitération : suspension ou suppression d'au moins {_taux(taux_min)} du RSA"
    suppression_possible = Mesure.SUPPRESSION in mesures
    totale = _mois("sanctions.duree_totale_radiation", date_faits, departement)
    # A capped household can never reach a total suppression, hence no radiation proposal.
    radiation_possible = suppression_possible and taux_max == CENT and duree_max >= totale
    explication = f"{texte}, pour {_intervalle(duree_min, duree_max)}.{plafond}"
    if suppression_possible:
        explication += " Une suppression exige l'avis préalable de l'équipe pluridisciplinaire (L262-37 III)."
    if radiation_possible:
        explication += (
            f" Une suppression totale de {_francais_mois(totale)} entraîne la proposition de radiation pour la même "
            "durée et, si la personne ne se conforme toujours pas à ses obligations, la fin du droit au RSA."
        )
    return Plage(
        mesures=mesures,
        taux_min=taux_min,
        taux_max=taux_max,
        duree_min_mois=duree_min,
        duree_max_mois=duree_max,
        radiation_mois=(totale, totale) if radiation_possible else None,
        avis_equipe_pluridisciplinaire_requis=suppression_possible,
        references=tuple(references),
        explication=explication,
        radiation_si_totale=Mesure.SUPPRESSION if radiation_possible else None,
    )


def _decimal(v):
    if v is None:
        return None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def verifier_decision(
    plage, *, mesure, taux=None, duree_mois=None, radiation_mois=None, avis_equipe_pluridisciplinaire=False
):
    """Raises ``ValidationError`` with every reason the decision is outside ``plage``."""
    erreurs = []
    taux = _decimal(taux)
    if radiation_mois == 0:
        radiation_mois = None
    if mesure not in plage.mesures:
        permises = ", ".join(sorted(Mesure(m).label.lower() for m in plage.mesures))
        erreurs.append(
            f"La mesure « {Mesure(mesure).label if mesure in Mesure.values else mesure} » n'est pas "
            f"prévue pour ce manquement (possible : {permises})."
        )
    if plage.taux_min is None:
        if taux is not None:
            erreurs.append("Cette mesure ne comporte pas de taux.")
    elif taux is None:
        erreurs.append("Indiquez le taux de la suspension ou de la suppression.")
    elif taux.is_nan() or not plage.taux_min <= taux <= plage.taux_max:
        borne = (
            f"de {_taux(plage.taux_min)}"
            if plage.taux_min == plage.taux_max
            else f"entre {_taux(plage.taux_min)} et {_taux(plage.taux_max)}"
        )
        erreurs.append(f"Le taux doit être {borne}.")
    if plage.duree_min_mois is None:
        if duree_mois is not None and (plage.radiation_mois is None or duree_mois != radiation_mois):
            erreurs.append("La durée de la mesure est celle de la radiation : laissez-la vide ou égale à celle-ci.")
    elif duree_mois is None:
        erreurs.append("Indiquez la durée de la mesure, en mois.")
    elif not plage.duree_min_mois <= duree_mois <= plage.duree_max_mois:
        erreurs.append(f"La durée doit être de {_intervalle(plage.duree_min_mois, plage.duree_max_mois)}.")
    erreurs += _erreurs_radiation(plage, mesure, taux, duree_mois, radiation_mois)
    if (
        plage.avis_equipe_pluridisciplinaire_requis
        and mesure == Mesure.SUPPRESSION
        and not avis_equipe_pluridisciplinaire
    ):
        erreurs.append("Une suppression du RSA exige l'avis préalable de l'équipe pluridisciplinaire (L262-37 III).")
    if erreurs:
        raise ValidationError(erreurs)


def _erreurs_radiation(plage, mesure, taux, duree_mois, radiation_mois):
    if plage.radiation_mois is None:
        return ["Ce manquement n'entraîne pas de radiation."] if radiation_mois is not None else []
    mini, maxi = plage.radiation_mois
    if plage.radiation_si_totale is not None:
        totale = mesure == plage.radiation_si_totale and taux == CENT and duree_mois == mini
        if totale and radiation_mois != mini:
            return [
                f"Une mesure totale de {_francais_mois(mini)} entraîne la radiation"
                f" (ou sa proposition) pour {_francais_mois(mini)}."
            ]
        if not totale and radiation_mois is not None:
            return [
                f"La radiation n'est possible qu'après une {Mesure(plage.radiation_si_totale).label.lower()} totale "
                f"de {_francais_mois(mini)}."
            ]
        return []
    if radiation_mois is None:
        return [f"Indiquez la durée de la radiation : {_intervalle(mini, maxi)}."]
    if not mini <= radiation_mois <= maxi:
        return [f"La radiation doit être de {_intervalle(mini, maxi)}."]
    return []


def rang_du_manquement(
    *, date_faits, notifications_precedentes, derniere_orientation_le, departement=None, public=None
):
    """« reiteration » when a previous sanction decision was notified within the window before the
    facts and after the latest orientation decision; « premier » otherwise (R5412-3-4).

    ``public`` is optional: for the RSA the window is its own (unconfirmed) parameter.
    """
    cle = "sanctions.fenetre_reiteration_rsa" if public == Public.RSA else "sanctions.fenetre_reiteration"
    fenetre = _mois(cle, date_faits, departement)
    for notifiee_le in notifications_precedentes:
        # Strictly after the re-orientation: the count restarts with the first failure
        # sanctioned after it (R5412-3-4); the same day is read in the person's favour.
        if derniere_orientation_le is not None and notifiee_le <= derniere_orientation_le:
            continue
        # The window runs « à compter du jour de la notification »: facts on that very day
        # may precede the notification (the hour is unknown), so they are not a reiteration.
        if notifiee_le < date_faits <= ajouter_mois(notifiee_le, fenetre):
            return REITERATION
    return PREMIER
