from django.urls import reverse

from diagnostic.admin import CONFIDENTIEL
from diagnostic.enums import Section
from diagnostic.models import Diagnostic
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.audit.models import JournalAcces
from tests.diagnostic.factories import Scenario
from tests.factories import UserFactory


def test_l_admin_est_en_lecture_seule_et_ne_montre_pas_les_parties_sensibles(client):
    s = Scenario()
    s.remplir_sensibles()
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "COMMUN-CUISINE"})
    staff = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    client.force_login(staff)
    diagnostic = Diagnostic.objects.get()
    liste = client.get(reverse("admin:diagnostic_diagnostic_changelist"))
    assert liste.status_code == 200
    response = client.get(reverse("admin:diagnostic_diagnostic_change", args=[diagnostic.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "COMMUN-CUISINE" in html
    assert "DETAIL-SANTE" not in html and "DETAIL-JUSTICE" not in html and "DETAIL-FINANCES" not in html
    assert CONFIDENTIEL in html
    assert 'name="_save"' not in html  # nothing to save: read-only
    # The list shown, then the file opened: both logged (canal ADMIN).
    assert (
        list(JournalAcces.objects.filter(user=staff).values_list("partie", "canal"))
        == [(PartieDossier.DIAGNOSTIC, Canal.ADMIN)] * 2
    )
    assert client.post(reverse("admin:diagnostic_diagnostic_delete", args=[diagnostic.pk])).status_code == 403
