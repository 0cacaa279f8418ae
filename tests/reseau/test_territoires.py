"""The real COG 2026 is loaded, with postal codes, by the data migration."""

from francetravail.reseau.cog import charger_cog
from francetravail.reseau.models import Commune, Departement, Region


def test_le_cog_2026_est_charge():
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    # 34,875 communes + 45 municipal arrondissements; communes déléguées are folded into their parent.
    assert Commune.objects.count() == 34_920
    assert Commune.objects.filter(type_commune="ARM").count() == 45


def test_communes_codes_postaux_et_rattachements():
    lille = Commune.objects.get(code_insee="59350")
    assert lille.nom == "Lille"
    assert lille.departement.nom == "Nord"
    assert lille.departement.region.nom == "Hauts-de-France"
    assert "59000" in lille.codes_postaux
    assert Commune.objects.filter(codes_postaux__contains=["75011"]).values_list("code_insee", flat=True).first() in {
        "75056",
        "75111",
    }
    assert Commune.objects.get(code_insee="75111").commune_parente_id == "75056"
    assert Departement.objects.get(code="2A").nom == "Corse-du-Sud"
    assert Departement.objects.get(code="974").region.nom == "La Réunion"


def test_une_commune_nouvelle_garde_les_noms_de_ses_communes_deleguees():
    assert "Arbignieu" in Commune.objects.get(code_insee="01015").anciens_noms


def test_recharger_le_cog_ne_change_rien():
    avant = Commune.objects.count(), Commune.objects.get(code_insee="59350").codes_postaux
    charger_cog(Region, Departement, Commune)
    assert (Commune.objects.count(), Commune.objects.get(code_insee="59350").codes_postaux) == avant
