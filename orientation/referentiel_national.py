"""The national orientation référentiel, as shipped: version 1, loaded by migration.

Source: the CNE logigramme approved by the arrêté of 21 November 2024 (CNE
deliberation of 7 November 2024), as described by secondary sources: four
questions, in this order —

1. professional activity at registration or in the last 2 years?
2. can the person picture themselves in work ("se projeter")?
3. qualification level?
4. strength of the barriers ("freins"): fort, moyen, sans impact?

The annex table that maps each situation to a parcours and an organisme référent
was NOT available (legal-rules.md §2, [GAP]). The table below is our reading of the
four questions; every choice that is ours is listed here, and all of them are data
that authorised staff can change by publishing a new version (admin):

- strong barriers lead to the social parcours, except for someone who worked recently
  and pictures themselves in work (socio-professionnel);
- not picturing oneself in work leads to the social parcours when barriers exist; with
  barriers "sans impact" the rules cannot say why, so an interview (giratoire) decides;
- recent activity + pictures themselves in work + barriers moyen or sans impact:
  professionnel;
- no recent activity + pictures themselves in work: professionnel when qualified
  (CAP/BEP or more) or without barrier (training is part of the parcours emploi),
  socio-professionnel when unqualified with barriers moyen;
- not sure yet whether they picture themselves in work ("incertain"), barriers not
  strong: socio-professionnel, whatever the activity;
- organisme référent (L5411-5-1): social parcours → conseil départemental; a bRSA is
  oriented by the PCD → conseil départemental on the socio-professionnel parcours,
  France Travail on the professionnel one; otherwise Cap emploi when a handicap is a
  major barrier (checked before age: Cap emploi is the specialised network), Mission
  locale under 26, France Travail by default — on both the professionnel and the
  socio-professionnel parcours.

Every combination of the four questions with known answers reaches exactly one
branch below (tests/orientation/test_regles.py checks it); unknown answers lead to a
giratoire interview (see ``orientation.regles``).

This module must not import models: the data migration passes its historical models.
"""

from django.utils import timezone

from orientation.enums import IntensiteFreins as F
from orientation.enums import NiveauQualification as Q
from orientation.enums import Parcours as P
from orientation.enums import SeProjette as S
from orientation.enums import StatutVersion
from orientation.enums import TypeOrganismeReferent as O

LIBELLE = "Référentiel national d'orientation"
NOTE_VERSION = (
    "Version initiale : logigramme du CNE (arrêté du 21 novembre 2024). Le tableau annexe n'ayant pas été "
    "retrouvé, les règles sont une lecture des quatre questions du logigramme (voir "
    "orientation/referentiel_national.py) ; elles sont à confronter au texte de l'annexe."
)

_PROJET = [S.OUI.value]
_FREINS_NON_FORTS = [F.MOYEN.value, F.SANS_IMPACT.value]
_QUALIFIE = [Q.NIVEAU_3.value, Q.NIVEAU_4.value, Q.NIVEAU_5_PLUS.value]

# (code, libellé, conditions, parcours or None for giratoire, sentence for the person)
BRANCHES = [
    (
        "freins_forts_projet_emploi",
        "Freins forts, activité récente et projet d'emploi",
        {"activite_recente": [True], "se_projette": _PROJET, "intensite_freins": [F.FORT.value]},
        P.SOCIO_PROFESSIONNEL,
        "Vous avez travaillé au cours des deux dernières années et vous vous projetez dans un emploi, mais des "
        "difficultés importantes (santé, logement, mobilité, garde d'enfants…) freinent votre retour à l'emploi : "
        "un parcours socio-professionnel vous est proposé, pour avancer vers l'emploi tout en étant aidé à lever "
        "ces difficultés.",
    ),
    (
        "freins_forts",
        "Freins forts",
        {"intensite_freins": [F.FORT.value]},
        P.SOCIAL,
        "Des difficultés importantes (santé, logement, mobilité, garde d'enfants…) freinent aujourd'hui votre "
        "accès à l'emploi : un parcours social vous est proposé, pour vous aider d'abord à les résoudre.",
    ),
    (
        "sans_projet_sans_frein",
        "Pas de projet d'emploi sans frein qui l'explique",
        {"se_projette": [S.NON.value], "intensite_freins": [F.SANS_IMPACT.value]},
        None,
        "Vous ne vous projetez pas dans un emploi pour le moment, sans que des difficultés particulières "
        "l'expliquent : un entretien avec un conseiller permettra de choisir avec vous le parcours le plus adapté.",
    ),
    (
        "sans_projet_freins_moyens",
        "Pas de projet d'emploi, freins moyens",
        {"se_projette": [S.NON.value], "intensite_freins": [F.MOYEN.value]},
        P.SOCIAL,
        "Vous ne vous projetez pas dans un emploi pour le moment et des difficultés freinent votre accès à "
        "l'emploi : un parcours social vous est proposé, pour vous aider d'abord à les résoudre.",
    ),
    (
        "activite_recente_projet_emploi",
        "Activité récente et projet d'emploi",
        {"activite_recente": [True], "se_projette": _PROJET, "intensite_freins": _FREINS_NON_FORTS},
        P.PROFESSIONNEL,
        "Vous avez travaillé au cours des deux dernières années et vous vous projetez dans un emploi : un parcours "
        "professionnel vous est proposé, pour retrouver un emploi.",
    ),
    (
        "projet_emploi_qualifie",
        "Sans activité récente, projet d'emploi et qualification",
        {
            "activite_recente": [False],
            "se_projette": _PROJET,
            "niveau_qualification": _QUALIFIE,
            "intensite_freins": _FREINS_NON_FORTS,
        },
        P.PROFESSIONNEL,
        "Vous n'avez pas travaillé au cours des deux dernières années, mais vous vous projetez dans un emploi et "
        "votre qualification est un atout : un parcours professionnel vous est proposé.",
    ),
    (
        "projet_emploi_sans_frein",
        "Sans activité récente ni diplôme, projet d'emploi sans frein",
        {
            "activite_recente": [False],
            "se_projette": _PROJET,
            "niveau_qualification": [Q.INFRA_3.value],
            "intensite_freins": [F.SANS_IMPACT.value],
        },
        P.PROFESSIONNEL,
        "Vous n'avez pas travaillé au cours des deux dernières années et vous n'avez pas de diplôme, mais vous vous "
        "projetez dans un emploi et aucune difficulté particulière ne vous en empêche : un parcours professionnel "
        "vous est proposé, qui peut comprendre une formation.",
    ),
    (
        "projet_emploi_freins_moyens",
        "Sans activité récente ni diplôme, projet d'emploi, freins moyens",
        {
            "activite_recente": [False],
            "se_projette": _PROJET,
            "niveau_qualification": [Q.INFRA_3.value],
            "intensite_freins": [F.MOYEN.value],
        },
        P.SOCIO_PROFESSIONNEL,
        "Vous n'avez pas travaillé au cours des deux dernières années, vous n'avez pas de diplôme et des "
        "difficultés freinent votre accès à l'emploi : un parcours socio-professionnel vous est proposé, pour "
        "avancer vers l'emploi tout en étant aidé à lever ces difficultés.",
    ),
    (
        "projet_incertain",
        "Projet d'emploi incertain",
        {"se_projette": [S.INCERTAIN.value], "intensite_freins": _FREINS_NON_FORTS},
        P.SOCIO_PROFESSIONNEL,
        "Vous ne savez pas encore si vous pouvez vous projeter dans un emploi : un parcours socio-professionnel "
        "vous est proposé, pour construire votre projet avec un accompagnement adapté.",
    ),
]

_HANDICAP = (
    "handicap",
    "Cap emploi",
    {"beneficiaire_rsa": [False], "handicap_frein_majeur": [True]},
    O.CAP_EMPLOI,
    "Votre handicap étant un frein important, Cap emploi, spécialiste de l'accompagnement des personnes "
    "handicapées, vous accompagnera.",
)
_JEUNE = (
    "jeune",
    "Mission locale (moins de 26 ans)",
    {"beneficiaire_rsa": [False], "age_max": 25},
    O.MISSION_LOCALE,
    "Comme vous avez moins de 26 ans, une Mission locale vous accompagnera.",
)
_FRANCE_TRAVAIL = ("france_travail", "France Travail", {}, O.FRANCE_TRAVAIL, "France Travail vous accompagnera.")

# Organisme référent by parcours: (code suffix, libellé, extra conditions, organisme, sentence), first match wins.
VARIANTES = {
    P.PROFESSIONNEL: [
        (
            "rsa",
            "France Travail (bénéficiaire du RSA)",
            {"beneficiaire_rsa": [True]},
            O.FRANCE_TRAVAIL,
            "Comme bénéficiaire du RSA, votre orientation est décidée par le président du conseil départemental ; "
            "France Travail vous accompagnera.",
        ),
        _HANDICAP,
        _JEUNE,
        _FRANCE_TRAVAIL,
    ],
    P.SOCIO_PROFESSIONNEL: [
        (
            "rsa",
            "Conseil départemental (bénéficiaire du RSA)",
            {"beneficiaire_rsa": [True]},
            O.CONSEIL_DEPARTEMENTAL,
            "Comme bénéficiaire du RSA, le conseil départemental (ou l'organisme qu'il a désigné) vous accompagnera.",
        ),
        _HANDICAP,
        _JEUNE,
        _FRANCE_TRAVAIL,
    ],
    P.SOCIAL: [
        (
            "conseil_departemental",
            "Conseil départemental",
            {},
            O.CONSEIL_DEPARTEMENTAL,
            "Le conseil départemental (ou l'organisme qu'il a désigné) vous accompagnera.",
        ),
    ],
}


def regles_nationales():
    """The national rules as dicts of ``orientation.models.Regle`` fields, in order.

    Each branch is expanded into one rule per organisme variant; ``ordre`` leaves gaps
    (branch x 100 + variant x 10) so that a département can insert rules between them.
    """
    regles = []
    for b, (code, libelle, conditions, parcours, phrase) in enumerate(BRANCHES, start=1):
        if parcours is None:
            regles.append(
                {
                    "code": code,
                    "ordre": b * 100,
                    "libelle": libelle,
                    "conditions": conditions,
                    "parcours": "",
                    "type_organisme": "",
                    "explication": phrase,
                }
            )
            continue
        for v, (suffixe, libelle_organisme, extra, organisme, phrase_organisme) in enumerate(
            VARIANTES[parcours], start=1
        ):
            regles.append(
                {
                    "code": f"{code}-{suffixe}",
                    "ordre": b * 100 + v * 10,
                    "libelle": f"{libelle} — {libelle_organisme}",
                    "conditions": {**conditions, **extra},
                    "parcours": parcours.value,
                    "type_organisme": organisme.value,
                    "explication": f"{phrase} {phrase_organisme}",
                }
            )
    return regles


def charger_referentiel_national(Referentiel, VersionReferentiel, Regle):
    """Creates the national référentiel and publishes its version 1, once.

    Idempotent: when the national référentiel already has a version (this one, or
    versions published since), nothing changes.
    """
    referentiel, _ = Referentiel.objects.get_or_create(departement=None, defaults={"libelle": LIBELLE})
    if VersionReferentiel.objects.filter(referentiel=referentiel).exists():
        return None
    version = VersionReferentiel.objects.create(
        referentiel=referentiel,
        numero=1,
        statut=StatutVersion.PUBLIEE,
        publiee_le=timezone.now(),
        note=NOTE_VERSION,
    )
    Regle.objects.bulk_create([Regle(version=version, **regle) for regle in regles_nationales()])
    return version
