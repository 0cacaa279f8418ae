"""Matching people and published offers, both ways, scored in the database.

- ``candidats_pour_offre(offre)``: the people to put forward for an offer, best first;
- ``offres_pour_personne(personne)``: the published offers that fit a person, best first.

Both run **one** SQL query, whatever the number of profiles or offers: the candidates are
narrowed by an index (``profil_domaines_gin``, partial on the visible, professional, not-employed
profiles, searched with ``domaines && ARRAY[domaine of the offer]``; ``offre_publiee_domaine_idx``
for the offers), scored by the same SQL expression both ways (``_score``), sorted and cut to
``limite`` rows inside PostgreSQL, and only then joined to the identity and place tables. Nothing
loads the population into Python; each row then gets its explanation from the flags the query
returns.

Score (higher is better; the same weights both ways):
- job: the exact ROME code 50, another job of the same domaine professionnel 20;
- place, in rings (no coordinates exist: ``enums.Proximite``): same commune 30, same
  département 20, same region 10, further 0;
- the offer falls within the person's offre raisonnable d'emploi (its ROME code among the ORE's
  jobs and its commune among the ORE's communes) 15;
- contract type wanted (an empty list is any contract) 10; working time wanted (empty: either) 5;
  the offer's salary (its maximum, or its minimum) at least the expected salary (or none expected) 10.
Hard conditions, not scored: the profile is visible (the person's opt-out « Ne pas me proposer aux
employeurs »), in the parcours professionnel, not employed, available by the offer's start
date (``disponible_le`` on or before ``date_debut``, or no date), and the file is not archived
(``Personne.archivee_le``, issue 21).

Who sees what — a deliberate choice:
- The ranked candidates of an offer are shown to whoever manages the offer (``acces.gere_offre``:
  its conseiller recrutement, the référent entreprise, the conseillers of the company's
  organisation référente), **across the whole network**, not only people they accompany: an offer
  is published once for the whole network, and its conseiller recrutement sources from every
  organisation's job seekers (seed §1.2, §4.2 step 5). What a row shows is what an employer may
  know (identity, contact, career profile: ``CHAMPS_CANDIDAT``), never the file. Each row shown is
  logged in the person's access log (partie « parcours »), so they see who looked at them; opening
  the file still goes through ``acces_personne`` (the list links to it only where that gate would
  open, ``dossier_accessible``).
- Employers never see the ranked list: they see the applications and the people put forward
  (the applications' area).
- A person sees the published offers that fit them, with the same explanation.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from entreprises.enums import StatutOffre, TempsTravail, TypeContrat
from entreprises.models import Candidature, Entreprise, Offre, ProfilRecherche
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune, Departement, Region
from francetravail.rome.models import FicheRome

LIMITE = 50
POIDS = {
    "meme_metier": 50,
    "meme_domaine": 20,
    "commune": 30,
    "departement": 20,
    "region": 10,
    "ore": 15,
    "contrat": 10,
    "temps": 5,
    "salaire": 10,
}


@dataclasses.dataclass(frozen=True)
class Critere:
    """One line of the explanation: what was compared, and whether it is met."""

    texte: str
    rempli: bool


# --- The shared scoring expression ------------------------------------------------------------


def _flags(p, o):
    """The SQL of the compared criteria, from SQL snippets naming the profile's values (``p``)
    and the offer's (``o``): columns on one side, parameters on the other. One formula both ways."""
    flags = {
        "meme_metier": f"({p['codes_rome']} @> ARRAY[{o['code_rome']}]::varchar[])",
        "meme_domaine": f"({p['domaines']} && ARRAY[{o['domaine']}]::varchar[])",
        "proximite": (
            f"(CASE WHEN {p['commune']} = {o['commune']} THEN 3"
            f" WHEN {p['departement']} <> '' AND {p['departement']} = {o['departement']} THEN 2"
            f" WHEN {p['region']} <> '' AND {p['region']} = {o['region']} THEN 1 ELSE 0 END)"
        ),
        "ore_definie": f"(cardinality({p['ore_codes_rome']}) > 0)",
        "ore": (
            f"({p['ore_codes_rome']} @> ARRAY[{o['code_rome']}]::varchar[]"
            f" AND {p['ore_communes']} @> ARRAY[{o['commune']}]::varchar[])"
        ),
        "contrat": (
            f"(cardinality({p['types_contrat']}) = 0 OR {p['types_contrat']} @> ARRAY[{o['type_contrat']}]::varchar[])"
        ),
        "temps": f"({p['temps_travail']} = '' OR {p['temps_travail']} = {o['temps_travail']})",
        "salaire": f"({p['salaire_attendu']} IS NULL OR {p['salaire_attendu']} <= {o['salaire']})",
    }
    colonnes = ", ".join(f"{sql} AS {nom}" for nom, sql in flags.items())
    return colonnes


def _score(alias):
    """The score from the flags of ``_flags`` (columns of the subquery ``alias``)."""
    f = alias
    return (
        f"(CASE WHEN {f}.meme_metier THEN {POIDS['meme_metier']}"
        f" WHEN {f}.meme_domaine THEN {POIDS['meme_domaine']} ELSE 0 END)"
        f" + (CASE {f}.proximite WHEN 3 THEN {POIDS['commune']} WHEN 2 THEN {POIDS['departement']}"
        f" WHEN 1 THEN {POIDS['region']} ELSE 0 END)"
        f" + (CASE WHEN {f}.ore THEN {POIDS['ore']} ELSE 0 END)"
        f" + (CASE WHEN {f}.contrat THEN {POIDS['contrat']} ELSE 0 END)"
        f" + (CASE WHEN {f}.temps THEN {POIDS['temps']} ELSE 0 END)"
        f" + (CASE WHEN {f}.salaire THEN {POIDS['salaire']} ELSE 0 END)"
    )


_PROFIL_COLONNES = {
    "codes_rome": "pr.codes_rome",
    "domaines": "pr.domaines",
    "commune": "pr.commune_id",
    "departement": "pr.departement",
    "region": "pr.region",
    "ore_codes_rome": "pr.ore_codes_rome",
    "ore_communes": "pr.ore_communes",
    "types_contrat": "pr.types_contrat",
    "temps_travail": "pr.temps_travail",
    "salaire_attendu": "pr.salaire_attendu",
}
_PROFIL_PARAMETRES = {
    "codes_rome": "%(p_codes_rome)s::varchar[]",
    "domaines": "%(p_domaines)s::varchar[]",
    "commune": "%(p_commune)s::varchar",
    "departement": "%(p_departement)s::varchar",
    "region": "%(p_region)s::varchar",
    "ore_codes_rome": "%(p_ore_codes_rome)s::varchar[]",
    "ore_communes": "%(p_ore_communes)s::varchar[]",
    "types_contrat": "%(p_types_contrat)s::varchar[]",
    "temps_travail": "%(p_temps_travail)s::varchar",
    "salaire_attendu": "%(p_salaire_attendu)s::numeric",
}
_OFFRE_COLONNES = {
    "code_rome": "o.fiche_rome_id",
    "domaine": "o.domaine",
    "commune": "o.commune_id",
    "departement": "o.departement",
    "region": "o.region",
    "type_contrat": "o.type_contrat",
    "temps_travail": "o.temps_travail",
    "salaire": "COALESCE(o.salaire_max, o.salaire_min)",
}
_OFFRE_PARAMETRES = {
    "code_rome": "%(o_code_rome)s::varchar",
    "domaine": "%(o_domaine)s::varchar",
    "commune": "%(o_commune)s::varchar",
    "departement": "%(o_departement)s::varchar",
    "region": "%(o_region)s::varchar",
    "type_contrat": "%(o_type_contrat)s::varchar",
    "temps_travail": "%(o_temps_travail)s::varchar",
    "salaire": "%(o_salaire)s::numeric",
}


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _lignes(sql, parametres):
    with connection.cursor() as cursor:
        cursor.execute(sql, parametres)
        noms = [c.name for c in cursor.description]
        return [dict(zip(noms, ligne, strict=True)) for ligne in cursor.fetchall()]


# --- Explanations -----------------------------------------------------------------------------


def _date(d):
    return f"{d:%d/%m/%Y}"


def _euros(montant):
    entier = int(Decimal(montant).quantize(Decimal(1)))
    return f"{entier:,}".replace(",", "\u202f") + "\u00a0€"


def _libelles_contrats(types):
    return ", ".join(TypeContrat(t).label for t in types if t in TypeContrat.values)


def _explication(flags, *, code_rome, domaine, lieux, type_contrat, temps_travail, salaire_offre, profil):
    """The French criteria of one (person, offer) pair. ``lieux``: names of the offer's commune,
    département and region (the rings are the same seen from either side). ``profil``: the
    person's wishes (``types_contrat``, ``temps_travail``, ``salaire_attendu``, ``disponible_le``)."""
    criteres = []
    if flags["meme_metier"]:
        criteres.append(Critere(f"Même métier ({code_rome})", True))
    elif flags["meme_domaine"]:
        criteres.append(Critere(f"Métier voisin : même domaine professionnel ({domaine}), autre métier", False))
    else:
        criteres.append(Critere(f"Autre domaine professionnel que celui de l'offre ({domaine})", False))
    commune, departement, region = lieux
    proximite = flags["proximite"]
    if proximite == 3:
        criteres.append(Critere(f"Même commune ({commune})", True))
    elif proximite == 2:
        criteres.append(Critere(f"Même département ({departement})", True))
    elif proximite == 1:
        criteres.append(Critere(f"Même région ({region})", True))
    else:
        criteres.append(Critere(f"Hors de la région ({region})", False))
    if flags["ore_definie"]:
        if flags["ore"]:
            criteres.append(Critere("Correspond à l'offre raisonnable d'emploi", True))
        else:
            criteres.append(Critere("En dehors de l'offre raisonnable d'emploi (métier ou commune)", False))
    disponible_le = profil["disponible_le"]
    if disponible_le is None or disponible_le <= timezone.localdate():
        criteres.append(Critere("Disponible dès maintenant", True))
    else:
        criteres.append(Critere(f"Disponible au {_date(disponible_le)}", True))
    types = profil["types_contrat"] or []
    libelle_offre = TypeContrat(type_contrat).label if type_contrat in TypeContrat.values else type_contrat
    if not types:
        criteres.append(Critere("Tous types de contrat acceptés", True))
    elif flags["contrat"]:
        criteres.append(Critere(f"Contrat recherché : {libelle_offre}", True))
    else:
        criteres.append(Critere(f"Contrat recherché : {_libelles_contrats(types)} (l'offre : {libelle_offre})", False))
    temps = profil["temps_travail"]
    if not temps:
        criteres.append(Critere("Temps plein ou partiel", True))
    elif flags["temps"]:
        criteres.append(Critere(f"{TempsTravail(temps).label} recherché", True))
    else:
        criteres.append(
            Critere(
                f"{TempsTravail(temps).label} recherché (l'offre : {TempsTravail(temps_travail).label.lower()})", False
            )
        )
    attendu = profil["salaire_attendu"]
    if attendu is not None:
        if flags["salaire"]:
            criteres.append(Critere(f"Salaire attendu ({_euros(attendu)}) atteint par l'offre", True))
        else:
            criteres.append(
                Critere(f"Salaire attendu ({_euros(attendu)}) au-dessus de l'offre ({_euros(salaire_offre)})", False)
            )
    return criteres


# --- Candidates for an offer ------------------------------------------------------------------

# What a candidate row exposes: identity, contact, career profile. Never the file (no birth date,
# no NIR, no diagnostic, no contract, no social data): tests assert on these keys.
CHAMPS_CANDIDAT = (
    "personne_id",
    "prenoms",
    "nom",
    "email",
    "telephone",
    "commune",
    "codes_rome",
    "disponible_le",
    "types_contrat",
    "temps_travail",
    "salaire_attendu",
    "score",
    "explication",
    "candidature_id",
    "candidature_statut",
)


@dataclasses.dataclass
class Candidat:
    personne_id: int
    prenoms: str
    nom: str
    email: str
    telephone: str
    commune: str
    codes_rome: list
    disponible_le: datetime.date | None
    types_contrat: list
    temps_travail: str
    salaire_attendu: Decimal | None
    score: int
    explication: list
    candidature_id: int | None
    candidature_statut: str
    # Set by the view: whether the viewer's access gate would open this person's file.
    dossier_accessible: bool = False

    @property
    def nom_complet(self):
        return f"{self.prenoms} {self.nom.upper()}"

    @property
    def libelles_contrats(self):
        return _libelles_contrats(self.types_contrat)

    @property
    def libelle_temps(self):
        return TempsTravail(self.temps_travail).label if self.temps_travail else ""

    def en_dict(self):
        """The row as sent anywhere (``CHAMPS_CANDIDAT`` only)."""
        valeurs = dataclasses.asdict(self)
        return {champ: valeurs[champ] for champ in CHAMPS_CANDIDAT}


def _offre_parametres(offre):
    return {
        "o_code_rome": offre.fiche_rome_id,
        "o_domaine": offre.domaine,
        "o_commune": offre.commune_id,
        "o_departement": offre.departement,
        "o_region": offre.region,
        "o_type_contrat": offre.type_contrat,
        "o_temps_travail": offre.temps_travail,
        "o_salaire": offre.salaire_max if offre.salaire_max is not None else offre.salaire_min,
    }


def _lieux_offre(offre):
    commune = offre.commune
    departement = commune.departement
    return commune.nom, departement.nom, departement.region.nom


def charger_offre(pk):
    """The offer with what the matching and its explanation read (one query)."""
    return (
        Offre.objects.select_related("entreprise", "fiche_rome", "commune__departement__region").filter(pk=pk).first()
    )


def candidats_pour_offre(offre, limite=LIMITE):
    """The people to put forward for ``offre``, best first (one query). ``offre`` comes with its
    commune, département and region (``charger_offre``)."""
    colonnes = _flags(_PROFIL_COLONNES, _OFFRE_PARAMETRES)
    # The WHERE repeats the partial index's predicate word for word so that the planner uses it.
    sql = f"""
        SELECT c.*, pe.prenoms, COALESCE(NULLIF(pe.nom_usage, ''), pe.nom_naissance) AS nom, pe.email,
               pe.telephone, co.nom AS commune_nom, ca.id AS candidature_id, ca.statut AS candidature_statut
        FROM (
            SELECT f.*, {_score("f")} AS score
            FROM (
                SELECT pr.personne_id, pr.codes_rome, pr.commune_id, pr.domaines, pr.departement, pr.region,
                       pr.ore_codes_rome, pr.ore_communes, pr.disponible_le, pr.types_contrat, pr.temps_travail,
                       pr.salaire_attendu, {colonnes}
                FROM {_table(ProfilRecherche)} pr
                WHERE pr.en_emploi_depuis IS NULL AND pr.parcours_professionnel AND pr.visible
                  AND pr.domaines && ARRAY[%(o_domaine)s]::varchar[]
                  AND (pr.disponible_le IS NULL OR pr.disponible_le <= %(date_debut)s)
                  -- An archived file is out of every matching (personnes/acces.py), before the cut to
                  -- the limit; an anti-join on the few archived rows (their partial index).
                  AND NOT EXISTS (
                      SELECT 1 FROM {_table(Personne)} pa WHERE pa.id = pr.personne_id AND pa.archivee_le IS NOT NULL
                  )
            ) f
            ORDER BY score DESC, f.personne_id
            LIMIT %(limite)s
        ) c
        JOIN {_table(Personne)} pe ON pe.id = c.personne_id
        LEFT JOIN {_table(Commune)} co ON co.code_insee = c.commune_id
        LEFT JOIN {_table(Candidature)} ca ON ca.offre_id = %(offre_id)s AND ca.personne_id = c.personne_id
        ORDER BY c.score DESC, c.personne_id
    """  # noqa: S608 — table names from the models, values as parameters
    parametres = _offre_parametres(offre) | {
        "date_debut": offre.date_debut,
        "limite": limite,
        "offre_id": offre.pk,
    }
    lieux = _lieux_offre(offre)
    resultat = []
    for ligne in _lignes(sql, parametres):
        resultat.append(
            Candidat(
                personne_id=ligne["personne_id"],
                prenoms=ligne["prenoms"],
                nom=ligne["nom"],
                email=ligne["email"],
                telephone=ligne["telephone"],
                commune=ligne["commune_nom"] or "",
                codes_rome=list(ligne["codes_rome"]),
                disponible_le=ligne["disponible_le"],
                types_contrat=list(ligne["types_contrat"]),
                temps_travail=ligne["temps_travail"],
                salaire_attendu=ligne["salaire_attendu"],
                score=ligne["score"],
                explication=_explication(
                    ligne,
                    code_rome=offre.fiche_rome_id,
                    domaine=offre.domaine,
                    lieux=lieux,
                    type_contrat=offre.type_contrat,
                    temps_travail=offre.temps_travail,
                    salaire_offre=parametres["o_salaire"],
                    profil=ligne,
                ),
                candidature_id=ligne["candidature_id"],
                candidature_statut=ligne["candidature_statut"] or "",
            )
        )
    return resultat


# --- Offers for a person ----------------------------------------------------------------------


@dataclasses.dataclass
class OffreProposee:
    offre_id: int
    titre: str
    entreprise: str
    code_rome: str
    libelle_rome: str
    commune: str
    departement: str
    type_contrat: str
    duree_mois: int | None
    temps_travail: str
    heures_hebdo: Decimal
    salaire_min: Decimal
    salaire_max: Decimal | None
    date_debut: datetime.date
    publiee_le: datetime.datetime | None
    score: int
    explication: list
    candidature_id: int | None
    candidature_statut: str

    @property
    def libelle_contrat(self):
        return TypeContrat(self.type_contrat).label

    @property
    def libelle_temps(self):
        return TempsTravail(self.temps_travail).label


def charger_profil(personne):
    """The person's profile with its commune, département and region (one query), or None."""
    return (
        ProfilRecherche.objects.select_related("commune__departement__region")
        .filter(personne_id=getattr(personne, "pk", personne))
        .first()
    )


def offres_pour_personne(personne, limite=LIMITE, *, profil=None):
    """The published offers that fit ``personne``, best first (one query once the profile is read;
    pass ``profil`` from ``charger_profil`` to save that read). No profile or no job: nothing.

    Published offers of the person's domaines (``offre_publiee_domaine_idx``) starting on or after
    the day they are available; the opt-out does not apply here (it hides the person from
    employers, not the offers from the person)."""
    profil = profil if profil is not None else charger_profil(personne)
    if profil is None or not profil.domaines:
        return []
    condition = "o.statut = %(publiee)s AND o.domaine = ANY(%(p_domaines)s::varchar[])"
    if profil.disponible_le:
        condition += " AND o.date_debut >= %(disponible_le)s"
    return _offres(profil, condition, {}, limite)


def explication_offre(profil, offre_id):
    """The explanation of one offer for a person (its page), whatever its domaine; [] without a profile."""
    if profil is None:
        return []
    lignes = _offres(profil, "o.id = %(offre_id)s", {"offre_id": offre_id}, 1)
    return lignes[0].explication if lignes else []


def _offres(profil, condition, extra, limite):
    colonnes = _flags(_PROFIL_PARAMETRES, _OFFRE_COLONNES)
    sql = f"""
        SELECT c.*, e.nom AS entreprise_nom, fr.libelle AS libelle_rome, co.nom AS commune_nom,
               d.nom AS departement_nom, r.nom AS region_nom, ca.id AS candidature_id, ca.statut AS candidature_statut
        FROM (
            SELECT f.*, {_score("f")} AS score
            FROM (
                SELECT o.id, o.titre, o.entreprise_id, o.fiche_rome_id, o.domaine, o.commune_id, o.departement,
                       o.region, o.type_contrat, o.duree_mois, o.temps_travail, o.heures_hebdo, o.salaire_min,
                       o.salaire_max, COALESCE(o.salaire_max, o.salaire_min) AS salaire_offre, o.date_debut,
                       o.publiee_le,
                       {colonnes}
                FROM {_table(Offre)} o
                WHERE {condition}
            ) f
            ORDER BY score DESC, f.date_debut, f.id
            LIMIT %(limite)s
        ) c
        JOIN {_table(Entreprise)} e ON e.id = c.entreprise_id
        JOIN {_table(FicheRome)} fr ON fr.code_rome = c.fiche_rome_id
        JOIN {_table(Commune)} co ON co.code_insee = c.commune_id
        JOIN {_table(Departement)} d ON d.code = co.departement_id
        JOIN {_table(Region)} r ON r.code = d.region_id
        LEFT JOIN {_table(Candidature)} ca ON ca.offre_id = c.id AND ca.personne_id = %(personne_id)s
        ORDER BY c.score DESC, c.date_debut, c.id
    """  # noqa: S608 — table names from the models, values as parameters
    parametres = {
        "p_codes_rome": list(profil.codes_rome),
        "p_domaines": list(profil.domaines),
        "p_commune": profil.commune_id or "",
        "p_departement": profil.departement,
        "p_region": profil.region,
        "p_ore_codes_rome": list(profil.ore_codes_rome),
        "p_ore_communes": list(profil.ore_communes),
        "p_types_contrat": list(profil.types_contrat),
        "p_temps_travail": profil.temps_travail,
        "p_salaire_attendu": profil.salaire_attendu,
        "publiee": StatutOffre.PUBLIEE,
        "disponible_le": profil.disponible_le,
        "limite": limite,
        "personne_id": profil.personne_id,
        **extra,
    }
    souhaits = {
        "types_contrat": profil.types_contrat,
        "temps_travail": profil.temps_travail,
        "salaire_attendu": profil.salaire_attendu,
        "disponible_le": profil.disponible_le,
    }
    resultat = []
    for ligne in _lignes(sql, parametres):
        resultat.append(
            OffreProposee(
                offre_id=ligne["id"],
                titre=ligne["titre"],
                entreprise=ligne["entreprise_nom"],
                code_rome=ligne["fiche_rome_id"],
                libelle_rome=ligne["libelle_rome"],
                commune=ligne["commune_nom"],
                departement=ligne["departement_nom"],
                type_contrat=ligne["type_contrat"],
                duree_mois=ligne["duree_mois"],
                temps_travail=ligne["temps_travail"],
                heures_hebdo=ligne["heures_hebdo"],
                salaire_min=ligne["salaire_min"],
                salaire_max=ligne["salaire_max"],
                date_debut=ligne["date_debut"],
                publiee_le=ligne["publiee_le"],
                score=ligne["score"],
                explication=_explication(
                    ligne,
                    code_rome=ligne["fiche_rome_id"],
                    domaine=ligne["domaine"],
                    lieux=(ligne["commune_nom"], ligne["departement_nom"], ligne["region_nom"]),
                    type_contrat=ligne["type_contrat"],
                    temps_travail=ligne["temps_travail"],
                    salaire_offre=ligne["salaire_offre"],
                    profil=souhaits,
                ),
                candidature_id=ligne["candidature_id"],
                candidature_statut=ligne["candidature_statut"] or "",
            )
        )
    return resultat
