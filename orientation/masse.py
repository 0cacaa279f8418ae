"""Orientation proposals for many people at once: a CAF/MSA import batch, the beat sweep.

The same proposal as ``actions.proposer`` for each person (``actions.proposition``),
read and written by sets: no model instance is built, each distinct proposal is
computed once (a batch of imported claimants holds a few dozen: the rules see their
age and RSA right only) and one statement writes the decisions and their history rows;
the history triggers (pghistory) fire for it as for any INSERT. The people are locked (``skip_locked``) and
re-checked without any decision, the way ``proposer`` locks one person, so a batch and
a single proposal never give a person two decisions; the unique constraint "one open
decision per person" stands behind both.
"""

import functools
from collections import defaultdict, namedtuple

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from psycopg.types.json import Jsonb

from inscription.enums import ETATS_CLOS, StatutInscription
from inscription.models import DroitRSA, FreinIdentifie
from orientation.actions import est_beneficiaire_rsa, proposition, situation_depuis_dossier
from orientation.models import DecisionOrientation, HistoriqueDecision
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
        rsa = est_beneficiaire_rsa(
            dossier.personne, dossier, a_droit_rsa=dossier.a_droit_rsa, droit_rsa_clos=dossier.droit_rsa_clos
        )
        yield dossier, situation_depuis_dossier(dossier, personne=dossier.personne, freins=freins[dossier.pk], rsa=rsa)


# What the rules read of a registration (``actions.situation_depuis_dossier``, ``proposition``).
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
        .annotate(
            a_droit_rsa=Exists(DroitRSA.objects.en_vigueur().filter(personne=OuterRef("personne_id"))),
            a_un_droit_rsa=Exists(DroitRSA.objects.filter(personne=OuterRef("personne_id"))),
        )
        .annotate(
            droit_rsa_clos=ExpressionWrapper(Q(a_un_droit_rsa=True, a_droit_rsa=False), output_field=BooleanField())
        )
    )


def sans_decision():
    return ~Exists(DecisionOrientation.objects.filter(personne=OuterRef("pk")))


@functools.cache
def _insertion():
    """The statement that writes a batch: each distinct proposal is sent once (a batch of
    imported claimants holds a few dozen), then one row per person points at its own; the
    history rows come from the same statement. The fields a proposal does not fill get the
    model's defaults, so that a field added to the model needs no change here."""
    champs = [f for f in DecisionOrientation._meta.concrete_fields if not f.primary_key and f.attname != "personne_id"]
    colonnes = [connection.ops.quote_name(f.column) for f in champs]
    tableaux = ", ".join(f"%s::{f.db_type(connection)}[]" for f in champs)
    sql = f"""
WITH propositions AS (
    SELECT * FROM unnest(%s::integer[], {tableaux}) AS v(k, {", ".join(colonnes)})
), inserees AS (
    INSERT INTO {DecisionOrientation._meta.db_table} (personne_id, {", ".join(colonnes)})
    SELECT p.personne_id, {", ".join(f"v.{c}" for c in colonnes)}
    FROM unnest(%s::bigint[], %s::integer[]) AS p(personne_id, k) JOIN propositions v USING (k)
    RETURNING id, statut
)
INSERT INTO {HistoriqueDecision._meta.db_table} (decision_id, user_id, at, statut_avant, statut_apres, motif)
SELECT id, NULL, now(), '', statut, '' FROM inserees
"""  # noqa: S608 — model metadata, no input
    return sql, champs


# The people of the batch still without a decision, locked (skip_locked), with what the
# rules read: one statement whatever the size of the batch, no model instance built.
# NO KEY UPDATE: a FOR UPDATE lock would hold up the access-log rows of anyone reading their file.
_A_PROPOSER = """
SELECT p.id, p.date_naissance, p.departement_id,
       d.activite_deux_ans, d.se_projette, d.niveau_qualification, d.urgence, d.prestations,
       EXISTS (SELECT 1 FROM inscription_droitrsa r LEFT JOIN inscription_foyerrsa f ON f.id = r.foyer_id
               WHERE r.personne_id = p.id AND (r.fin_droit IS NULL OR r.fin_droit > %s)
               AND (f.id IS NULL OR f.etat <> ALL(%s))) AS a_droit_rsa,
       EXISTS (SELECT 1 FROM inscription_droitrsa r WHERE r.personne_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM inscription_droitrsa r LEFT JOIN inscription_foyerrsa f ON f.id = r.foyer_id
               WHERE r.personne_id = p.id AND (r.fin_droit IS NULL OR r.fin_droit > %s)
               AND (f.id IS NULL OR f.etat <> ALL(%s))) AS droit_rsa_clos,
       EXISTS (SELECT 1 FROM inscription_droitrsa r JOIN inscription_foyerrsa f ON f.id = r.foyer_id
               WHERE r.personne_id = p.id AND f.etat = ANY(%s)) AS foyer_clos,
       ARRAY(SELECT f.intensite FROM inscription_freinidentifie f WHERE f.dossier_id = d.id) AS freins
FROM unnest(%s::bigint[]) AS ids(id)
JOIN personnes_personne p ON p.id = ids.id
JOIN inscription_dossierinscription d ON d.personne_id = p.id
WHERE d.statut = %s
  AND NOT EXISTS (SELECT 1 FROM orientation_decisionorientation o WHERE o.personne_id = p.id)
FOR NO KEY UPDATE OF p SKIP LOCKED
"""
_Personne = namedtuple("_Personne", "date_naissance departement_id")
_Dossier = namedtuple("_Dossier", "activite_deux_ans se_projette niveau_qualification urgence prestations")


@transaction.atomic
def proposer_en_masse(personne_ids):
    """Proposes an orientation to those of ``personne_ids`` registered without one; returns how many got one."""
    with connection.cursor() as cursor:
        jour = timezone.localdate()
        clos = sorted(ETATS_CLOS)  # a household the flow closed: the same rule as DroitRSA.objects.en_vigueur()
        cursor.execute(_A_PROPOSER, [jour, clos, jour, clos, clos, list(personne_ids), StatutInscription.INSCRIT])
        lus = cursor.fetchall()
    if not lus:
        return 0
    sql, champs = _insertion()
    maintenant, aujourdhui = timezone.now(), timezone.localdate()
    regles, numeros, propositions = {}, {}, []
    personnes, indices = [], []
    for pk, naissance, departement, *reponses, a_droit_rsa, droit_rsa_clos, foyer_clos, freins in lus:
        if foyer_clos and not a_droit_rsa:
            # Out of the RSA by the flow (inscription.queries.personnes_sorties_du_rsa): not to orient until a
            # file reopens the right; the sweep does not pick them (tasks.proposer_en_attente).
            continue
        dossier = _Dossier(*reponses)
        personne = _Personne(naissance, departement)
        rsa = est_beneficiaire_rsa(personne, dossier, a_droit_rsa=a_droit_rsa, droit_rsa_clos=droit_rsa_clos)
        situation = situation_depuis_dossier(dossier, personne=personne, aujourdhui=aujourdhui, freins=freins, rsa=rsa)
        # The proposal depends only on the situation, the département's rules and the
        # emergency flag: computed once per distinct triple.
        cle = (situation, departement, dossier.urgence)
        if cle not in numeros:
            if departement not in regles:
                regles[departement] = regles_en_vigueur(departement)
            numeros[cle] = len(propositions)
            propositions.append(
                {
                    **{f.attname: f.get_default() for f in champs},
                    **proposition(dossier, situation, regles=regles[departement]),
                    "created_at": maintenant,
                    "updated_at": maintenant,
                }
            )
        personnes.append(pk)
        indices.append(numeros[cle])
    if not personnes:
        return 0
    colonnes = [[Jsonb(p[f.attname]) if f.attname in _JSON else p[f.attname] for p in propositions] for f in champs]
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(range(len(propositions))), *colonnes, personnes, indices])
    return len(personnes)


def proposer_apres_inscription(sender, personne_ids, **kwargs):
    """Receiver of ``inscription.signals.inscriptions_enregistrees``: each registered person enters orientation."""
    proposer_en_masse(personne_ids)
