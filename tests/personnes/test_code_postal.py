"""The person's own postcode, which letters print (a commune may have several): recorded by the
registration's contact step and by the CAF/MSA flow, always one that serves the commune."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from francetravail.base.adresse_postale import lignes_personne
from francetravail.personnes.actions import modifier_coordonnees
from francetravail.personnes.models import Personne
from inscription import import_caf
from inscription.models import DossierInscription, ImportFluxCAF
from tests.factories import PersonneFactory, commune
from tests.inscription.flux import fichier, lignes

pytestmark = pytest.mark.django_db


def test_le_code_postal_doit_desservir_la_commune():
    personne = PersonneFactory(avec_compte=True, code_postal="59000")
    modifier_coordonnees(personne, acting_user=personne.user, code_postal="59800")
    assert Personne.objects.get(pk=personne.pk).code_postal == "59800"
    with pytest.raises(ValidationError) as refus:
        modifier_coordonnees(personne, acting_user=personne.user, code_postal="62000")
    assert refus.value.message_dict == {"code_postal": ["Le code postal 62000 ne dessert pas cette commune."]}
    assert Personne.objects.get(pk=personne.pk).code_postal == "59800"


def test_un_demenagement_sans_code_postal_efface_l_ancien():
    # Awaiting orientation: a person with an organisme référent moves to another département by a transfer
    # (orientation.actions.demenager, tests/inscription/test_demenagement.py).
    personne = PersonneFactory(avec_compte=True, code_postal="59800", organisme_referent=None)
    modifier_coordonnees(personne, acting_user=personne.user, commune=commune("62041"), adresse="1 rue Haute")
    relue = Personne.objects.get(pk=personne.pk)
    assert relue.code_postal == ""
    assert lignes_personne(relue)[-1] == "62000 ARRAS"  # Arras has one postcode


def test_le_flux_caf_enregistre_le_code_postal_de_l_allocataire():
    lille = [("59350", "59260")]  # Lille-Hellemmes: one of Lille's five postcodes
    donnees = lignes(2, communes=lille)
    imp = ImportFluxCAF.objects.create(nom_fichier="flux.csv")
    imp.fichier.save("flux.csv", ContentFile(fichier(donnees)), save=True)
    import_caf.executer(imp.pk)
    personne = DossierInscription.objects.select_related("personne").get(nir=donnees[0]["nir"]).personne
    assert personne.code_postal == "59260"
    assert lignes_personne(personne)[-1] == "59260 LILLE"
    # The next flow moves them within Lille: the postcode follows.
    donnees[0]["code_postal"] = "59800"
    imp = ImportFluxCAF.objects.create(nom_fichier="flux2.csv")
    imp.fichier.save("flux2.csv", ContentFile(fichier(donnees)), save=True)
    import_caf.executer(imp.pk)
    assert Personne.objects.get(pk=personne.pk).code_postal == "59800"
