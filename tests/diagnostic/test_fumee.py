from django.urls import reverse

from diagnostic.enums import Section
from tests.diagnostic.factories import Scenario


def test_pages(client):
    s = Scenario()
    s.remplir_sensibles()
    s.enregistrer(Section.COMPETENCES, {"diplome": "CAP", "savoir_faire": "Cuisine"})
    s.enregistrer(Section.COMPETENCES, {"diplome": "CAP", "savoir_faire": "Cuisine chaude"})
    client.force_login(s.referent)
    pk = s.personne.pk
    for url in [
        reverse("backoffice:diagnostic", kwargs={"pk": pk}),
        reverse("backoffice:diagnostic_historique", kwargs={"pk": pk}),
        reverse("backoffice:diagnostic_difference", kwargs={"pk": pk, "section": "competences"}),
        *[reverse("backoffice:diagnostic_section", kwargs={"pk": pk, "section": sec}) for sec in Section.values],
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    client.force_login(s.personne.user)
    r = client.get(reverse("diagnostic:consulter"))
    assert r.status_code == 200
    assert "DETAIL-SANTE" in r.content.decode()
