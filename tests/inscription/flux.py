"""Generated CAF/MSA flow files (tests and benchmark)."""

import datetime
import io
import random

from stdnum.fr import nir as stdnum_nir

from francetravail.reseau.models import Commune
from inscription.flux_caf import COLONNES


def nir(rng, date_naissance, numero):
    """A valid NIR for that birth date; distinct for each ``numero`` below 989 010."""
    debut = (
        f"{rng.choice('12')}{date_naissance.year % 100:02d}{date_naissance.month:02d}"
        f"{rng.randint(1, 95):02d}{numero // 999 % 990 + 1:03d}{numero % 999 + 1:03d}"
    )
    return debut + stdnum_nir.calc_check_digits(debut)


def communes_avec_code_postal(nombre=500):
    return [
        (code, cps[0])
        for code, cps in Commune.objects.filter(type_commune="COM")
        .exclude(codes_postaux=[])
        .order_by("code_insee")
        .values_list("code_insee", "codes_postaux")[:nombre]
    ]


def lignes(nombre, *, graine=1, communes=None):
    """``nombre`` valid lines (dicts), two per household when the index is odd."""
    rng = random.Random(graine)
    communes = communes or communes_avec_code_postal()
    resultat = []
    for i in range(nombre):
        naissance = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 15000))
        code, cp = communes[i % len(communes)]
        foyer = i // 2 if i % 4 < 2 else i
        resultat.append(
            {
                "numero_allocataire": f"{graine:02d}{foyer:08d}",
                "organisme_payeur": "CAF" if i % 10 else "MSA",
                "role": "conjoint" if (i % 4 == 1) else "demandeur",
                "nir": nir(rng, naissance, i),
                "nom_naissance": f"NOM{i:07d}",
                "nom_usage": "",
                "prenoms": f"Prénom{i}",
                "date_naissance": naissance.isoformat(),
                "adresse": f"{i % 200 + 1} rue de la Paix",
                "code_postal": cp,
                "code_insee": code,
                "telephone": f"06{i % 100000000:08d}",
                "email": f"allocataire{graine}-{i}@exemple.fr",
                "nb_personnes_foyer": "2" if i % 4 < 2 else "1",
                "nb_enfants": str(i % 3),
                "date_ouverture_droit": "2026-10-01",
            }
        )
    return resultat


def fichier(lignes_, *, entete=COLONNES, brutes=()):
    """The CSV bytes for ``lignes_`` (dicts), followed by ``brutes`` raw lines."""
    sortie = io.StringIO()
    sortie.write(";".join(entete) + "\n")
    for ligne in lignes_:
        sortie.write(";".join(str(ligne.get(col, "")) for col in entete) + "\n")
    for brute in brutes:
        sortie.write(brute + "\n")
    return sortie.getvalue().encode("utf-8")
