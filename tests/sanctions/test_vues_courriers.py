"""The procedure's letters on both sides: listed, served as PDF, receipt recorded when the person opens theirs."""

from django.utils import timezone

from sanctions.models import CourrierProcedure, DestinataireCourrier, TypeCourrier
from tests.factories import OrganisationFactory, professionnel
from tests.sanctions.factories import Situation


def test_l_avertissement_se_lit_des_deux_cotes_et_sa_reception_est_datee(client):
    s = Situation()
    procedure = s.avertie()
    courrier = CourrierProcedure.objects.get(
        procedure=procedure,
        type_courrier=TypeCourrier.AVERTISSEMENT_PREALABLE,
        destinataire=DestinataireCourrier.PERSONNE,
    )
    espace = f"/mon-espace/sanctions/{procedure.pk}/courriers/{courrier.pk}/"
    backoffice = f"/conseiller/sanctions/{procedure.pk}/courriers/{courrier.pk}/"

    client.force_login(s.controleur)
    assert backoffice in client.get(f"/conseiller/sanctions/{procedure.pk}/").content.decode()
    reponse = client.get(backoffice)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert CourrierProcedure.objects.get(pk=courrier.pk).recu_le is None  # the team reading it is no receipt

    for user in (Situation().personne.user, professionnel(OrganisationFactory()), s.mediateur):
        client.force_login(user)
        assert client.get(espace).status_code == 404
        assert client.get(backoffice).status_code == 404

    client.force_login(s.personne.user)
    assert espace in client.get(f"/mon-espace/sanctions/{procedure.pk}/").content.decode()
    reponse = client.get(espace)
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")
    assert CourrierProcedure.objects.get(pk=courrier.pk).recu_le == timezone.localdate()
    # A letter of another procedure through this procedure's URL: 404.
    autre = Situation().avertie()
    autre_courrier = CourrierProcedure.objects.filter(procedure=autre).first()
    assert client.get(f"/mon-espace/sanctions/{procedure.pk}/courriers/{autre_courrier.pk}/").status_code == 404
