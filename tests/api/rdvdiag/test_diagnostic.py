"""The diagnostic through the API: the diagnostic page's gate and table of confidentiality, the section page's
action and optimistic lock (ETag / If-Match), every read logged under the part the page logs."""

import pytest
from django.urls import reverse

from diagnostic.enums import Section
from diagnostic.models import VersionSection
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.reseau.enums import Role
from tests.diagnostic.factories import Scenario
from tests.partenaires.factories import appelant, client_api

LECTURE = ["diagnostic:read"]
CONFIDENTIEL = ["diagnostic:read", "diagnostic.confidentiel:read"]
ECRITURE = ["diagnostic:read", "diagnostic:write"]
SENSIBLES = {"sante", "justice", "finances"}


@pytest.fixture
def s():
    scenario = Scenario()
    scenario.remplir_sensibles()
    return scenario


@pytest.fixture
def referent(s):
    """The software of the person's organisme référent (a conseiller's role: the référent's rights)."""
    return client_api(s.org, role=Role.CONSEILLER)


def _url(s, section=None):
    if section is None:
        return reverse("v1:diagnostic-list", kwargs={"personne_pk": s.personne.pk})
    return reverse("v1:diagnostic-detail", kwargs={"personne_pk": s.personne.pk, "section": section})


def _journal(s, partie):
    return list(JournalAcces.objects.filter(personne=s.personne, partie=partie).values_list("canal", flat=True))


def _versions(s):
    return sorted(VersionSection.objects.filter(diagnostic__personne=s.personne).values_list("section", "numero"))


def _probleme(reponse, statut):
    assert reponse.status_code == statut, reponse.content
    assert reponse["Content-Type"].startswith("application/problem+json")
    return reponse.json()


# --- Reading ---------------------------------------------------------------------------------------------


def test_sans_la_portee_confidentielle_les_sections_sensibles_ne_sont_pas_donnees(s, referent):
    corps = appelant(referent, portees=LECTURE).get(_url(s)).json()
    sections = {x["section"] for x in corps["sections"]}
    assert sections == set(Section.values) - SENSIBLES
    assert corps["sections_non_montrees"] == 3
    assert "DETAIL-SANTE" not in str(corps)
    assert _journal(s, "diagnostic") == ["api"]
    assert _journal(s, "diagnostic_sante") == []


def test_avec_la_portee_et_le_role_les_sections_sensibles_sont_donnees_et_journalisees(s, referent):
    corps = appelant(referent, portees=CONFIDENTIEL).get(_url(s)).json()
    sante = next(x for x in corps["sections"] if x["section"] == "sante")
    assert sante["contenu"]["details"] == "DETAIL-SANTE diabète"
    assert sante["confidentielle"] is True
    assert corps["sections_non_montrees"] == 0
    for partie in ("diagnostic_sante", "diagnostic_justice", "diagnostic_finances"):
        assert _journal(s, partie) == ["api"]


def test_section_sensible_sans_la_portee_403_rien_n_est_lu(s, referent):
    corps = _probleme(appelant(referent, portees=LECTURE).get(_url(s, "sante")), 403)
    assert "diagnostic.confidentiel:read" in corps["detail"]
    assert not JournalAcces.objects.filter(personne=s.personne).exists()


def test_section_sensible_avec_la_portee_mais_un_role_qui_ne_la_lit_pas_404(s):
    """A conseiller of the involved Conseil départemental reads the file (the gate), not the health details,
    as on the site; the scope does not widen the role."""
    implique = client_api(s.cd, role=Role.CONSEILLER, portees=CONFIDENTIEL)
    api = appelant(implique)
    _probleme(api.get(_url(s, "sante")), 404)
    assert _journal(s, "diagnostic_sante") == []
    corps = api.get(_url(s)).json()
    assert not SENSIBLES & {x["section"] for x in corps["sections"]}
    assert corps["sections_non_montrees"] == 3


def test_un_travailleur_social_implique_lit_la_sante_avec_la_portee(s):
    ts = appelant(client_api(s.cd, role=Role.TRAVAILLEUR_SOCIAL, portees=CONFIDENTIEL))
    reponse = ts.get(_url(s, "sante"))
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["contenu"]["details"] == "DETAIL-SANTE diabète"
    assert _journal(s, "diagnostic_sante") == ["api"]


def test_personne_d_une_autre_organisation_404_comme_inconnue(s):
    ailleurs = appelant(client_api(role=Role.CONSEILLER))
    refus = _probleme(ailleurs.get(_url(s)), 404)
    inconnue = _probleme(
        ailleurs.get(reverse("v1:diagnostic-list", kwargs={"personne_pk": s.personne.pk + 1000})), 404
    )
    assert refus == inconnue
    assert not JournalAcces.objects.filter(personne=s.personne).exists()


def test_section_inconnue_404(s, referent):
    _probleme(appelant(referent).get(_url(s, "inconnue")), 404)


# --- Writing with the optimistic lock --------------------------------------------------------------------


def test_lire_l_etag_puis_ecrire_avec_if_match(s, referent):
    api = appelant(referent, portees=ECRITURE)
    lecture = api.get(_url(s, "marche"))
    assert lecture["ETag"] == f'"diagnostic-{s.personne.pk}-marche.v0"'
    contenu = {"connaissance": "partielle", "demarches": "Trois candidatures", "offres": "", "ecarts": ""}
    reponse = api.put(_url(s, "marche"), {"contenu": contenu}, format="json", HTTP_IF_MATCH=lecture["ETag"])
    assert reponse.status_code == 200, reponse.content
    assert reponse["ETag"] == f'"diagnostic-{s.personne.pk}-marche.v1"'
    assert reponse.json()["contenu"] == contenu
    version = VersionSection.objects.get(diagnostic__personne=s.personne, section="marche")
    assert (version.numero, version.auteur_id, version.contenu) == (1, referent.compte_id, contenu)
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.DIAGNOSTIC_ENREGISTRE, data__section="marche")
    assert evenement.acting_user_id == referent.compte_id


def test_sans_if_match_428_rien_ne_change(s, referent):
    api = appelant(referent, portees=ECRITURE)
    avant = _versions(s)
    corps = _probleme(api.put(_url(s, "marche"), {"contenu": {"connaissance": "bonne"}}, format="json"), 428)
    assert "If-Match" in corps["detail"]
    for faible in ("*", 'W/"diagnostic-1-marche.v0"'):
        _probleme(api.put(_url(s, "marche"), {"contenu": {}}, format="json", HTTP_IF_MATCH=faible), 428)
    assert _versions(s) == avant


def test_if_match_perime_412_rien_ne_change(s, referent):
    api = appelant(referent, portees=ECRITURE)
    lue = api.get(_url(s, "marche"))["ETag"]
    s.enregistrer(Section.MARCHE, {"connaissance": "bonne", "demarches": "", "offres": "", "ecarts": ""})
    avant = _versions(s)
    contenu_avant = VersionSection.objects.get(diagnostic__personne=s.personne, section="marche").contenu
    corps = _probleme(
        api.put(_url(s, "marche"), {"contenu": {"connaissance": "faible"}}, format="json", HTTP_IF_MATCH=lue), 412
    )
    assert "modifiée depuis votre lecture" in corps["detail"]
    assert _versions(s) == avant
    assert VersionSection.objects.get(diagnostic__personne=s.personne, section="marche").contenu == contenu_avant
    # The tag of another section never passes for this one.
    autre = api.get(_url(s, "competences"))["ETag"].replace("competences", "projet")
    _probleme(api.patch(_url(s, "marche"), {"contenu": {}}, format="json", HTTP_IF_MATCH=autre), 412)


def test_patch_ne_change_que_les_champs_envoyes(s, referent):
    s.enregistrer(Section.MARCHE, {"connaissance": "bonne", "demarches": "Salon", "offres": "", "ecarts": ""})
    api = appelant(referent, portees=ECRITURE)
    etag = api.get(_url(s, "marche"))["ETag"]
    reponse = api.patch(_url(s, "marche"), {"contenu": {"ecarts": "Permis"}}, format="json", HTTP_IF_MATCH=etag)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["contenu"] == {
        "connaissance": "bonne",
        "demarches": "Salon",
        "offres": "",
        "ecarts": "Permis",
    }
    assert reponse.json()["version"] == 2


def test_contenu_verifie_par_le_formulaire_de_la_page(s, referent):
    api = appelant(referent, portees=ECRITURE)
    etag = api.get(_url(s, "droits_devoirs"))["ETag"]
    avant = _versions(s)
    # The page's form: informed needs its date; an unknown field or choice is refused.
    corps = _probleme(
        api.put(_url(s, "droits_devoirs"), {"contenu": {"informee": True}}, format="json", HTTP_IF_MATCH=etag), 400
    )
    assert "contenu.informee_le" in corps["erreurs"]
    etag_marche = api.get(_url(s, "marche"))["ETag"]
    for contenu, champ in (
        ({"connaissance": "excellente"}, "contenu.connaissance"),
        ({"inconnu": 1}, "contenu.inconnu"),
    ):
        corps = _probleme(
            api.put(_url(s, "marche"), {"contenu": contenu}, format="json", HTTP_IF_MATCH=etag_marche), 400
        )
        assert list(corps["erreurs"]) == [champ]
    assert _versions(s) == avant
    ok = api.put(
        _url(s, "droits_devoirs"),
        {"contenu": {"informee": True, "informee_le": "2026-01-05", "modalites": "Entretien"}},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["contenu"]["informee_par_id"] == referent.compte_id


def test_ecrire_demande_la_portee_diagnostic_write(s, referent):
    api = appelant(referent, portees=LECTURE)
    etag = api.get(_url(s, "marche"))["ETag"]
    avant = _versions(s)
    _probleme(api.put(_url(s, "marche"), {"contenu": {}}, format="json", HTTP_IF_MATCH=etag), 403)
    assert _versions(s) == avant


def test_section_sensible_ecrite_avec_la_portee_confidentielle_seulement(s, referent):
    sans = appelant(referent, portees=ECRITURE)
    avec = appelant(referent, portees=[*ECRITURE, "diagnostic.confidentiel:read"])
    etag = avec.get(_url(s, "sante"))["ETag"]
    avant = _versions(s)
    _probleme(sans.patch(_url(s, "sante"), {"contenu": {"demarches": "RQTH"}}, format="json", HTTP_IF_MATCH=etag), 403)
    assert _versions(s) == avant
    reponse = avec.patch(_url(s, "sante"), {"contenu": {"demarches": "RQTH"}}, format="json", HTTP_IF_MATCH=etag)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["contenu"]["details"] == "DETAIL-SANTE diabète"


def test_qui_ne_redige_pas_le_diagnostic_404_comme_la_page(s):
    """The involved CD's conseiller reads the common sections but does not co-write: the section page's 404."""
    implique = appelant(client_api(s.cd, role=Role.CONSEILLER, portees=ECRITURE))
    etag = implique.get(_url(s, "marche"))
    assert etag.status_code == 200
    avant = _versions(s)
    _probleme(implique.put(_url(s, "marche"), {"contenu": {}}, format="json", HTTP_IF_MATCH=etag["ETag"]), 404)
    assert _versions(s) == avant


def test_metiers_envoyes_par_code_ogr(s, referent):
    from francetravail.rome.models import Appellation

    appellation = Appellation.objects.select_related("fiche").first()
    if appellation is None:
        pytest.skip("Référentiel ROME absent de la base de test")
    api = appelant(referent, portees=ECRITURE)
    etag = api.get(_url(s, "projet"))["ETag"]
    reponse = api.patch(
        _url(s, "projet"), {"contenu": {"metiers": [appellation.code_ogr]}}, format="json", HTTP_IF_MATCH=etag
    )
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["contenu"]["metiers"] == [
        {"code_ogr": appellation.code_ogr, "libelle": appellation.libelle_long, "code_rome": appellation.fiche_id}
    ]
