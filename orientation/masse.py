"""Orientation proposals for many people at once: a CAF/MSA import batch, the beat sweep.

The same proposal as ``decisions.proposer`` for each person (``decisions.proposition``),
read and written by sets: the decisions are copied (COPY) rather than built as model
instances, their history rows written by one statement; the history triggers
(pghistory) fire for COPY as for INSERT. The people are locked (``skip_locked``) and
re-checked without any decision, the way ``proposer`` locks one person, so a batch and
a single proposal never give a person two decisions; the unique constraint "one open
decision per person" stands behind both.
"""

import functools
from collections import defaultdict, namedtuple

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from psycopg.types.json import Jsonb

from inscription.enums import StatutInscription
from inscription.models import DroitRSA, FreinIdentifie
from orientation.decisions import est_beneficiaire_rsa, proposition, situation_depuis_dossier
from orientation.models import DecisionOrientation
from orientation.queries import regles_en_vigueur

_JSON = frozenset({"entrees", "criteres"})


def situations(dossiers):
    """(dossier, Situation) for a list of registrations read with ``avec_personne_et_rsa`` (one query more)."""
    freins = defaultdict(list)
    for dossier_id, intensite in FreinIdentifie.objects.filter(dossier__in=dossiers).values_list(
        "dossier_id", "intensite"
    ):
        freins[dossier_id].append(intensite)
    for dossier in dossiers:
        rsa = est_beneficiaire_rsa(dossier.personne, dossier, a_droit_rsa=dossier.a_droit_rsa)
        yield dossier, situation_depuis_dossier(dossier, personne=dossier.personne, freins=freins[dossier.pk], rsa=rsa)


# What the rules read of a registration (``decisions.situation_depuis_dossier``, ``proposition``).
CHAMPS_LUS = (
    "personne_id",
    "activite_deux_ans",
    "se_projette",
    "niveau_qualification",
    "prestations",
    "urgence",
    "personne__date_naissance",
    "personne__departement_id",
)


def avec_personne_et_rsa(dossiers):
    """The registrations with what the rules read, and whether the person holds an RSA right."""
    return (
        dossiers.select_related("personne")
        .only(*CHAMPS_LUS)
        .annotate(a_droit_rsa=Exists(DroitRSA.objects.filter(personne=OuterRef("personne_id"))))
    )


def sans_decision():
    return ~Exists(DecisionOrientation.objects.filter(personne=OuterRef("pk")))


@functools.cache
def _colonnes():
    """(names, columns, default values) of a new decision: the fields a proposal does not
    fill get the model's defaults, so that a field added to the model needs no change here."""
    champs = [f for f in DecisionOrientation._meta.concrete_fields if not f.primary_key]
    return (
        tuple(f.attname for f in champs),
        ", ".join(connection.ops.quote_name(f.column) for f in champs),
        {f.attname: f.get_default() for f in champs},
    )


_HISTORIQUE = """
INSERT INTO orientation_historiquedecision (decision_id, user_id, at, statut_avant, statut_apres, motif)
SELECT d.id, NULL, now(), '', d.statut, ''
FROM unnest(%s::bigint[]) AS ids(id) JOIN orientation_decisionorientation d ON d.personne_id = ids.id
"""


# The people of the batch still without a decision, locked (skip_locked), with what the
# rules read: one statement whatever the size of the batch, no model instance built.
_A_PROPOSER = """
SELECT p.id, p.date_naissance, p.departement_id,
       d.activite_deux_ans, d.se_projette, d.niveau_qualification, d.urgence, d.prestations,
       EXISTS (SELECT 1 FROM inscription_droitrsa r WHERE r.personne_id = p.id) AS a_droit_rsa,
       ARRAY(SELECT f.intensite FROM inscription_freinidentifie f WHERE f.dossier_id = d.id) AS freins
FROM unnest(%s::bigint[]) AS ids(id)
JOIN personnes_personne p ON p.id = ids.id
JOIN inscription_dossierinscription d ON d.personne_id = p.id
WHERE d.statut = %s
  AND NOT EXISTS (SELECT 1 FROM orientation_decisionorientation o WHERE o.personne_id = p.id)
FOR UPDATE OF p SKIP LOCKED
"""
_Personne = namedtuple("_Personne", "date_naissance departement_id")
_Dossier = namedtuple("_Dossier", "activite_deux_ans se_projette niveau_qualification urgence prestations")


@transaction.atomic
def proposer_en_masse(personne_ids):
    """Proposes an orientation to those of ``personne_ids`` registered without one; returns how many got one."""
    with connection.cursor() as cursor:
        cursor.execute(_A_PROPOSER, [list(personne_ids), StatutInscription.INSCRIT])
        lus = cursor.fetchall()
    if not lus:
        return 0
    noms, colonnes, defauts = _colonnes()
    maintenant = timezone.now()
    regles = {}
    lignes, proposees = [], []
    # Everything is read before the COPY starts: the connection runs no other query during it.
    for pk, naissance, departement, *reponses, a_droit_rsa, freins in lus:
        dossier = _Dossier(*reponses)
        personne = _Personne(naissance, departement)
        rsa = est_beneficiaire_rsa(personne, dossier, a_droit_rsa=a_droit_rsa)
        situation = situation_depuis_dossier(dossier, personne=personne, freins=freins, rsa=rsa)
        if departement not in regles:
            regles[departement] = regles_en_vigueur(departement)
        valeurs = {
            **defauts,
            **proposition(dossier, situation, regles=regles[departement]),
            "personne_id": pk,
            "created_at": maintenant,
            "updated_at": maintenant,
        }
        lignes.append(tuple(Jsonb(valeurs[n]) if n in _JSON else valeurs[n] for n in noms))
        proposees.append(pk)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {DecisionOrientation._meta.db_table} ({colonnes}) FROM STDIN") as copie:
            for ligne in lignes:
                copie.write_row(ligne)
        cursor.execute(_HISTORIQUE, [proposees])
    return len(proposees)


def proposer_apres_inscription(sender, personne_ids, **kwargs):
    """Receiver of ``inscription.signals.inscriptions_enregistrees``: each registered person enters orientation."""
    proposer_en_masse(personne_ids)
