"""The sanction procedure's kinds of notification, declared once in ``sanctions/notifications.py``."""

import pytest
from django.urls import reverse

from francetravail.notifications.registre import Public, types_notification
from sanctions import notifications
from sanctions.models import DestinataireCourrier, TypeCourrier
from tests.sanctions.factories import Situation


@pytest.mark.no_django_db
def test_les_courriers_sont_des_avis_legaux_les_rappels_aux_decideurs_non():
    types = {cle: t for cle, t in types_notification().items() if cle.startswith("sanctions.")}
    assert set(types) == {
        "sanctions.courrier",
        "sanctions.courrier_representant",
        "sanctions.decision_en_retard",
        "sanctions.suppression_totale",
        "sanctions.fin_droit_rsa_possible",
    }
    assert {cle for cle, t in types.items() if t.avis_legal} == {
        "sanctions.courrier",
        "sanctions.courrier_representant",
    }
    assert {cle for cle, t in types.items() if t.public == Public.PROFESSIONNEL} == {
        "sanctions.decision_en_retard",
        "sanctions.suppression_totale",
        "sanctions.fin_droit_rsa_possible",
    }
    # The RSA alert leads to where the end of the right is decided, the other one to the procedure.
    assert notifications.FIN_DROIT_RSA_POSSIBLE.chemin(pk=7) == reverse("backoffice:sanction_fin_droit", args=[7])
    assert notifications.SUPPRESSION_TOTALE.chemin(pk=7) == reverse("backoffice:sanction", args=[7])
    assert notifications.COURRIER.chemin() == reverse("sanctions:liste") == "/mon-espace/sanctions/"


@pytest.mark.django_db
def test_le_courrier_est_annonce_par_son_type_avec_le_lien_de_l_espace():
    procedure = Situation().avertie()
    courrier = procedure.courriers.get(
        type_courrier=TypeCourrier.AVERTISSEMENT_PREALABLE, destinataire=DestinataireCourrier.PERSONNE
    )
    assert courrier.notification.type_notification == "sanctions.courrier"
    assert courrier.notification.modele == "sanctions/courrier"
    assert courrier.notification.contexte["lien"] == "/mon-espace/sanctions/"
    assert "chemin" not in courrier.notification.contexte
