import re

from django.urls import reverse

from francetravail.comptes.models import User


def test_la_demo_montre_les_flux_caf_du_nord_a_l_administrateur_du_departement(demo_chargee, client):
    """The CD du Nord's administrator finds its flows from the dashboard: a mapping, a finished import, its report."""
    client.force_login(User.objects.get(email__startswith="admin.departement@"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Flux CAF/MSA : imports en cours ou en échec" in tableau
    page = client.get(reverse("backoffice:flux_caf", args=["59"])).content.decode()
    assert "demo-export-iodas.xlsx" in page and "Export IODAS (démo)" in page
    imp_url = re.search(r'href="(/conseiller/flux-caf/59/imports/\d+/)"', page)[1]
    rapport = client.get(imp_url + "rapport.csv").content.decode("utf-8-sig")
    assert "date de naissance invalide" in rapport and "Droit clos" in rapport
