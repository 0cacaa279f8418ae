"""Issue 21's demo (demo/donnees.py): what each demo account finds, through the real pages."""

from django.urls import reverse

from demo.charger import charger_demo
from demo.donnees import ARCHIVEE, INACTIF
from francetravail.comptes.models import User
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import RegistrePurge
from francetravail.personnes.models import Personne


def test_la_demo_archive_un_dossier_inactif_anonymise_une_archive_et_tient_le_registre(client):
    charger_demo()
    nom, prenoms, naissance = INACTIF
    robert = Personne.objects.get(nom_naissance=nom, prenoms=prenoms, date_naissance=naissance)
    assert robert.archivee_le is not None and robert.anonymisee_le is None
    # Odile Vasseur's file is anonymised: her name is gone, the row stays (the indicators' counts).
    assert not Personne.objects.filter(nom_naissance=ARCHIVEE[0], prenoms=ARCHIVEE[1]).exists()
    assert Personne.objects.filter(anonymisee_le__isnull=False).count() == 1
    actions = dict(RegistrePurge.objects.values_list("action", "nombre").filter(nombre__gt=0))
    assert actions.get(ActionConservation.ARCHIVAGE) == 1
    assert actions.get(ActionConservation.ANONYMISATION) == 1

    # The data protection officer reaches the register from her dashboard and finds Robert's file in it.
    client.force_login(User.objects.get(email__startswith="protection.donnees@"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert reverse("backoffice:registre_purges") in tableau
    page = client.get(reverse("backoffice:registre_purges"), {"dossier": robert.pk})
    assert page.status_code == 200
    assert ActionConservation.ARCHIVAGE.label in page.content.decode()
