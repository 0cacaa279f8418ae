"""The platform's historical CSV (inscription/docs/format_flux_caf.md) as the national column mapping.

Every line of that format is a member subject to the droits et devoirs of an open right: the codes
for the empty cell say so (the file has no such columns). A frozen copy of
``inscription.flux.tableur.CORRESPONDANCE_PLATEFORME`` (a test checks they agree).
"""

from django.db import migrations

NOM = "CSV historique de la plateforme"
COLONNES = {
    "numero_allocataire": ["numero_allocataire"],
    "organisme": ["organisme_payeur"],
    "role": ["role"],
    "nir": ["nir"],
    "nom_naissance": ["nom_naissance"],
    "nom_usage": ["nom_usage"],
    "prenoms": ["prenoms"],
    "date_naissance": ["date_naissance"],
    "adresse": ["adresse"],
    "code_postal": ["code_postal"],
    "code_insee": ["code_insee"],
    "telephone": ["telephone"],
    "email": ["email"],
    "nb_personnes": ["nb_personnes_foyer"],
    "nb_enfants": ["nb_enfants"],
    "date_ouverture": ["date_ouverture_droit"],
}
VALEURS = {"etat": {"": "2"}, "soumis_droits_devoirs": {"": "oui"}}


def creer(apps, schema_editor):
    CorrespondanceColonnes = apps.get_model("inscription", "CorrespondanceColonnes")
    if not CorrespondanceColonnes.objects.filter(departement=None, nom=NOM).exists():
        CorrespondanceColonnes.objects.create(
            departement=None, nom=NOM, colonnes=COLONNES, valeurs=VALEURS, type_flux="I"
        )


def retirer(apps, schema_editor):
    apps.get_model("inscription", "CorrespondanceColonnes").objects.filter(departement=None, nom=NOM).delete()


class Migration(migrations.Migration):
    dependencies = [("inscription", "0014_flux_cnaf_foyers_correspondances")]

    operations = [migrations.RunPython(creer, retirer)]
