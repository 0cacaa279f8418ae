"""Matching at national scale: 1 000 000 job-search profiles for one offer, 200 000 published
offers for one person.

Targets (issue 6): ``bench: matching_offer_1m`` ≤ 500 ms and ``bench: matching_person_200k`` ≤ 200 ms
(median of several runs, top 50), each in a fixed number of queries.

The data is spread the way a population is: ROME codes from the referential with a skewed
spread over the ~110 domaines professionnels (a few domains hold many job seekers), communes of
the COG drawn by population, 5 % opted out, 30 % outside the parcours professionnel, 8 %
employed, availability dates, contract wishes and expected salaries for part of them, an ORE for
40 %. The offer measured is in the **most** populated domain, in Lille: the worst case of the
index's selectivity. Rows are written with COPY (triggers off while seeding: history rows are
not what is measured), committed and analysed, as in production. Sizes come from
``BENCH_PROFILS_N`` and ``BENCH_OFFRES_N``.
"""

import datetime
import os
import random
import statistics
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg.types.json import Jsonb

from entreprises import appariement
from entreprises.enums import StatutOffre, TempsTravail, TypeContrat
from entreprises.models import Entreprise, Offre, ProfilRecherche
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune
from francetravail.rome.models import FicheRome
from tests.benchmarks.conftest import bench

N_PROFILS = int(os.environ.get("BENCH_PROFILS_N", "1000000"))
N_OFFRES = int(os.environ.get("BENCH_OFFRES_N", "200000"))
N_ENTREPRISES = 5000
MESURES = 15
MARQUE = "APPARIEMENT"

pytestmark = pytest.mark.no_django_db


def _copier(model, colonnes, lignes):
    """COPY ``lignes`` (tuples in the order of ``colonnes``, field names) into ``model``'s table; every
    other NOT NULL column takes its field's default, so a field added later does not break the seed."""
    champs = {f.name: f for f in model._meta.concrete_fields}
    defauts = []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in colonnes or field.name in colonnes or field.null:
            continue
        defaut = field.get_default()
        if defaut is None:
            raise AssertionError(f"{model.__name__}.{field.name} : pas de valeur pour le bench")
        defauts.append((field.column, Jsonb(defaut) if field.get_internal_type() == "JSONField" else defaut))
    noms = [champs[c].column for c in colonnes] + [c for c, _ in defauts]
    fixes = tuple(v for _, v in defauts)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({', '.join(connection.ops.quote_name(n) for n in noms)}) FROM STDIN"
        ) as copie,
    ):
        for ligne in lignes:
            copie.write_row(ligne + fixes)


def _sans_declencheurs(*models):
    class _Contexte:
        def __enter__(self):
            with connection.cursor() as cursor:
                for m in models:
                    cursor.execute(f"ALTER TABLE {m._meta.db_table} DISABLE TRIGGER USER")

        def __exit__(self, *exc):
            with connection.cursor() as cursor:
                for m in models:
                    cursor.execute(f"ALTER TABLE {m._meta.db_table} ENABLE TRIGGER USER")

    return _Contexte()


class Referentiels:
    """Codes and communes to draw from, with the skewed spreads."""

    def __init__(self, rng):
        fiches = list(FicheRome.objects.values_list("code_rome", "domaine_id").order_by("code_rome"))
        par_domaine = {}
        for code, domaine in fiches:
            par_domaine.setdefault(domaine, []).append(code)
        self.domaines = sorted(par_domaine)
        rng.shuffle(self.domaines)
        self.par_domaine = par_domaine
        # Zipf-like: the k-th domain holds about 1/k^0.7 of the people (the first ~9 %).
        self.poids_domaines = [1 / (k + 1) ** 0.7 for k in range(len(self.domaines))]
        communes = list(
            Commune.objects.filter(type_commune="COM").values_list(
                "code_insee", "departement_id", "departement__region_id", "population"
            )
        )
        self.communes = [(c, d, r or "") for c, d, r, _ in communes]
        # People live where people live: drawn by population (a village counts at least 50).
        self.poids_communes = [max(p or 0, 50) for *_, p in communes]
        self.index_commune = {c[0]: c for c in self.communes}

    @property
    def domaine_le_plus_peuple(self):
        return self.domaines[0]

    def codes(self, rng):
        domaine = rng.choices(self.domaines, self.poids_domaines)[0]
        codes = [rng.choice(self.par_domaine[domaine])]
        for _ in range(rng.choice((0, 0, 1, 2))):
            # Mostly a neighbouring job of the same domain, sometimes another domain.
            autre = domaine if rng.random() < 0.75 else rng.choices(self.domaines, self.poids_domaines)[0]
            codes.append(rng.choice(self.par_domaine[autre]))
        return list(dict.fromkeys(codes))

    def tirer_communes(self, rng, n):
        return rng.choices(self.communes, self.poids_communes, k=n)


def _seed_profils(n, refs, rng, aujourdhui):
    communes = refs.tirer_communes(rng, n)
    maintenant = timezone.now()
    with _sans_declencheurs(Personne):
        _copier(
            Personne,
            [
                "nom_naissance",
                "prenoms",
                "date_naissance",
                "email",
                "telephone",
                "commune",
                "departement",
                "updated_at",
            ],
            (
                (
                    MARQUE,
                    f"Prénom {i}",
                    datetime.date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                    f"p{i}@exemple.fr",
                    "0601020304",
                    c[0],
                    c[1],
                    maintenant,
                )
                for i, c in enumerate(communes)
            ),
        )
    ids = list(Personne.objects.filter(nom_naissance=MARQUE).order_by("pk").values_list("pk", "commune_id"))
    assert len(ids) == n
    types = TypeContrat.values
    lignes = []
    for pk, commune_id in ids:
        _, dep, reg = refs.index_commune[commune_id]
        codes = refs.codes(rng)
        ore = rng.random() < 0.4
        lignes.append(
            (
                pk,
                rng.random() >= 0.05,  # 5 % opted out
                rng.random() < 0.7,  # 70 % in the parcours professionnel
                codes,
                sorted({c[:3] for c in codes}),
                commune_id,
                dep,
                reg,
                None if rng.random() < 0.6 else aujourdhui + datetime.timedelta(days=rng.randint(-30, 120)),
                [] if rng.random() < 0.5 else rng.sample(types, rng.choice((1, 2))),
                rng.choices(["", TempsTravail.PLEIN, TempsTravail.PARTIEL], [6, 3, 1])[0],
                None if rng.random() < 0.5 else Decimal(rng.randrange(1400, 3200, 50)),
                codes[:1] if ore else [],
                [commune_id] if ore else [],
                aujourdhui - datetime.timedelta(days=rng.randint(1, 300)) if rng.random() < 0.08 else None,
                maintenant,
            )
        )
    _copier(
        ProfilRecherche,
        [
            "personne",
            "visible",
            "parcours_professionnel",
            "codes_rome",
            "domaines",
            "commune",
            "departement",
            "region",
            "disponible_le",
            "types_contrat",
            "temps_travail",
            "salaire_attendu",
            "ore_codes_rome",
            "ore_communes",
            "en_emploi_depuis",
            "updated_at",
        ],
        lignes,
    )


def _seed_offres(n, refs, rng, aujourdhui, auteur):
    maintenant = timezone.now()
    communes = refs.tirer_communes(rng, N_ENTREPRISES)
    with _sans_declencheurs(Entreprise, Offre):
        _copier(
            Entreprise,
            ["siret", "siren", "nom", "commune", "created_at"],
            (
                (str(90000000000000 + i), str(90000000000000 + i)[:9], f"{MARQUE} {i}", c[0], maintenant)
                for i, c in enumerate(communes)
            ),
        )
        entreprises = list(
            Entreprise.objects.filter(nom__startswith=MARQUE).order_by("pk").values_list("pk", "commune_id")
        )
        lignes = []
        for i in range(n):
            entreprise_id, commune_id = entreprises[i % len(entreprises)]
            _, dep, reg = refs.index_commune[commune_id]
            code = refs.codes(rng)[0]
            salaire_min = Decimal(rng.randrange(1400, 2800, 50))
            # One offer in ten is no longer published (filled, expired, withdrawn) or not yet.
            statut = (
                StatutOffre.PUBLIEE
                if i % 10
                else rng.choice([StatutOffre.POURVUE, StatutOffre.EXPIREE, StatutOffre.RETIREE, StatutOffre.BROUILLON])
            )
            lignes.append(
                (
                    entreprise_id,
                    f"Offre {i}",
                    code,
                    code[:3],
                    "Description du poste.",
                    rng.choice(TypeContrat.values),
                    rng.choice(TempsTravail.values),
                    Decimal(35),
                    salaire_min,
                    salaire_min + 300 if rng.random() < 0.5 else None,
                    commune_id,
                    dep,
                    reg,
                    aujourdhui + datetime.timedelta(days=rng.randint(0, 90)),
                    statut,
                    auteur.pk,
                    maintenant,
                    maintenant,
                    maintenant if statut == StatutOffre.PUBLIEE else None,
                )
            )
        _copier(
            Offre,
            [
                "entreprise",
                "titre",
                "fiche_rome",
                "domaine",
                "description",
                "type_contrat",
                "temps_travail",
                "heures_hebdo",
                "salaire_min",
                "salaire_max",
                "commune",
                "departement",
                "region",
                "date_debut",
                "statut",
                "cree_par",
                "created_at",
                "updated_at",
                "publiee_le",
            ],
            lignes,
        )


def _analyser():
    with connection.cursor() as cursor:
        for model in (Personne, ProfilRecherche, Entreprise, Offre):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _mediane_ms(fonction, fois=MESURES):
    fonction()  # warm the caches and the plan
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        fonction()
        durees.append(time.perf_counter() - debut)
    return round(statistics.median(durees) * 1000, 1)


def _plan(sql_fonction):
    """EXPLAIN ANALYZE of the matching query, printed for the record (run with -s)."""
    with CaptureQueriesContext(connection) as requetes:
        sql_fonction()
    sql = requetes.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(ligne for (ligne,) in cursor.fetchall())


@pytest.fixture
def base_appariement(base_validee):
    from tests.factories import UserFactory

    auteur = UserFactory(professionnel=True, totp=False)
    yield auteur
    # The bench database only holds tests' rows (as tests/benchmarks/test_import_caf.py, which empties
    # the people too): a DELETE of a million people checks every referencing table row by row (minutes).
    tables = (ProfilRecherche, Offre, Entreprise, Personne)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in tables)} CASCADE")
    type(auteur).objects.filter(pk=auteur.pk).delete()


def test_appariement_a_l_echelle_nationale(base_appariement):
    rng = random.Random(2026)
    aujourdhui = timezone.localdate()
    refs = Referentiels(rng)

    debut = time.perf_counter()
    _seed_profils(N_PROFILS, refs, rng, aujourdhui)
    _seed_offres(N_OFFRES, refs, rng, aujourdhui, base_appariement)
    _analyser()
    print(f"\nseed: {N_PROFILS} profils, {N_OFFRES} offres en {time.perf_counter() - debut:.1f} s", flush=True)

    # --- One offer, 1 000 000 profiles ---------------------------------------------------------
    domaine = refs.domaine_le_plus_peuple
    code = refs.par_domaine[domaine][0]
    offre = Offre(
        entreprise=Entreprise.objects.filter(nom__startswith=MARQUE).first(),
        titre="Offre mesurée",
        fiche_rome_id=code,
        description="Poste mesuré.",
        type_contrat=TypeContrat.CDI,
        temps_travail=TempsTravail.PLEIN,
        heures_hebdo=Decimal(35),
        salaire_min=Decimal(1900),
        salaire_max=Decimal(2200),
        commune_id="59350",
        date_debut=aujourdhui + datetime.timedelta(days=30),
        cree_par=base_appariement,
    )
    offre.save()
    offre = appariement.charger_offre(offre.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {ProfilRecherche._meta.db_table} WHERE visible AND parcours_professionnel"  # noqa: S608
            " AND en_emploi_depuis IS NULL AND domaines && ARRAY[%s]::varchar[]",
            [domaine],
        )
        dans_le_domaine = cursor.fetchone()[0]
    print(f"domaine {domaine} : {dans_le_domaine} profils proposables", flush=True)
    print(_plan(lambda: appariement.candidats_pour_offre(offre)), flush=True)

    with CaptureQueriesContext(connection) as requetes:
        candidats = appariement.candidats_pour_offre(offre)
    assert len(candidats) == appariement.LIMITE
    assert all(c.explication for c in candidats)
    scores = [c.score for c in candidats]
    assert scores == sorted(scores, reverse=True)
    duree_offre = _mediane_ms(lambda: appariement.candidats_pour_offre(offre))
    bench("matching_offer_1m", duree_offre, "ms")
    bench("matching_offer_1m_queries", len(requetes), "queries")

    # --- One person, 200 000 offers --------------------------------------------------------------
    personne_id = (
        ProfilRecherche.objects.filter(domaines__contains=[domaine], commune_id__isnull=False)
        .values_list("personne_id", flat=True)
        .first()
    )
    personne = Personne.objects.get(pk=personne_id)
    print(_plan(lambda: appariement.offres_pour_personne(personne)), flush=True)
    with CaptureQueriesContext(connection) as requetes:
        offres = appariement.offres_pour_personne(personne)
    assert offres and len(offres) <= appariement.LIMITE
    duree_personne = _mediane_ms(lambda: appariement.offres_pour_personne(personne))
    bench("matching_person_200k", duree_personne, "ms")
    bench("matching_person_200k_queries", len(requetes), "queries")

    assert len(requetes) == 2  # the profile, then the matching
    assert duree_offre <= 500, f"{duree_offre} ms > 500 ms"
    assert duree_personne <= 200, f"{duree_personne} ms > 200 ms"
