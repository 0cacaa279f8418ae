from django.urls import reverse

from tests.factories import UserFactory


def test_l_admin_cherche_par_code_et_libelle_sans_rien_modifier(client):
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    url = reverse("admin:rome_appellation_changelist")
    for q in ("boulanger", "D1102", "11573"):
        response = client.get(url, {"q": q})
        assert response.status_code == 200
        assert "Boulanger / Boulangère" in response.content.decode()
    assert client.get(reverse("admin:rome_ficherome_changelist"), {"q": "M1607"}).status_code == 200
    assert client.get(reverse("admin:rome_appellation_add")).status_code == 403
