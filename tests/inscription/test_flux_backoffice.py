"""A département's staff runs its CAF/MSA flows in the back-office: inscription/views/flux.py.

Who: an administrator or pilot of the département's conseil départemental (or an administrator of a
délégataire of it). Everyone else gets a 404 on every page, and a refused request changes nothing.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import Workbook

from francetravail.audit.models import AuditEvent
from francetravail.reseau.enums import Role, TypeOrganisation
from inscription import acces, apercus
from inscription.enums import FormatFlux, ResultatLigne, StatutImport
from inscription.flux import tableur
from inscription.models import CorrespondanceColonnes, ImportFluxCAF, LigneRapport
from inscription.suivi_flux import a_suivre
from tests.factories import MembershipFactory, OrganisationFactory, professionnel
from tests.inscription.test_flux_tableur import DEMANDEUR, ENTETE, NIR15

pytestmark = pytest.mark.django_db
FIXTURES_XML = Path(__file__).parent / "fixtures" / "flux"


@pytest.fixture
def cd59():
    return OrganisationFactory(conseil_departemental=True, departement_id="59")


@pytest.fixture
def gestionnaire(cd59):
    return professionnel(cd59, Role.ADMIN_ORGANISATION)


@pytest.fixture
def refuses(cd59):
    """Who must get a 404: the other département's staff, a conseiller of the CD, an agency's administrator."""
    return {
        "autre_departement": professionnel(
            OrganisationFactory(conseil_departemental=True, departement_id="62"), Role.ADMIN_ORGANISATION
        ),
        "conseiller_du_cd": professionnel(cd59, Role.CONSEILLER),
        "decideur_du_cd": professionnel(cd59, Role.DECIDEUR_DEPARTEMENTAL),
        "admin_d_une_agence": professionnel(OrganisationFactory(departement_id="59"), Role.ADMIN_ORGANISATION),
    }


@pytest.fixture
def correspondance_59(gestionnaire):
    return CorrespondanceColonnes.objects.create(departement_id="59", nom="IODAS", colonnes={}, valeurs={})


def _xlsx(lignes, entete=ENTETE):
    classeur = Workbook()
    onglet = classeur.active
    onglet.append(entete)
    for ligne in lignes:
        onglet.append(ligne)
    flux = io.BytesIO()
    classeur.save(flux)
    flux.seek(0)
    flux.name = "export.xlsx"
    return flux


def _televerser(client, fichier, correspondance, departement="59"):
    return client.post(
        reverse("backoffice:flux_caf_televerser", args=[departement]),
        {"fichier": fichier, "correspondance": correspondance.pk if correspondance else ""},
    )


# --- The rule ----------------------------------------------------------------------------------


def test_la_regle_de_qui_gere_les_flux(cd59, gestionnaire, refuses):
    delegataire = OrganisationFactory(
        type_organisation=TypeOrganisation.DELEGATAIRE_DEPARTEMENTAL, departement_id="59"
    )
    assert acces.peut_gerer_flux(gestionnaire, "59")
    assert acces.peut_gerer_flux(professionnel(cd59, Role.PILOTE), "59")
    assert acces.peut_gerer_flux(professionnel(delegataire, Role.ADMIN_ORGANISATION), "59")
    assert not acces.peut_gerer_flux(gestionnaire, "62")
    for user in refuses.values():
        assert not acces.peut_gerer_flux(user, "59")


# --- Upload, preview, import --------------------------------------------------------------------


def test_televerser_xlsx_apercu_puis_import(client, gestionnaire, correspondance_59):
    client.force_login(gestionnaire)
    mauvais = list(DEMANDEUR)
    mauvais[0] = "999"
    mauvais[5] = "31/02/1984"
    reponse = _televerser(client, _xlsx([DEMANDEUR, mauvais]), correspondance_59)
    assert reponse.status_code == 302
    apercu = reponse["Location"]
    page = client.get(apercu).content.decode()
    assert "Premières lignes telles que la plateforme les comprend" in page
    assert "date de naissance invalide « 31/02/1984 »" in page
    assert NIR15 not in page  # the NIR is never shown whole
    assert ImportFluxCAF.objects.count() == 0  # nothing written before « Importer »
    reponse = client.post(apercu + "importer/")
    imp = ImportFluxCAF.objects.get()
    assert reponse["Location"] == reverse("backoffice:flux_caf_import", args=["59", imp.pk])
    assert (imp.format, imp.departement_id, imp.correspondance, imp.lance_par) == (
        FormatFlux.TABLEUR,
        "59",
        correspondance_59,
        gestionnaire,
    )
    assert client.get(apercu).status_code == 404  # the pending file is gone with its preview
    assert client.get(reverse("backoffice:flux_caf", args=["59"])).status_code == 200


def test_un_tableur_sans_correspondance_est_refuse(client, gestionnaire):
    client.force_login(gestionnaire)
    reponse = _televerser(client, _xlsx([DEMANDEUR]), None)
    assert reponse.status_code == 200
    assert "Choisissez la correspondance de colonnes" in reponse.content.decode()


def test_taille_maximale_des_deux_cotes(client, gestionnaire, correspondance_59, settings):
    client.force_login(gestionnaire)
    contenu = ";".join(ENTETE).encode() + b"\n" + ";".join(DEMANDEUR).encode() + b"\n"
    settings.FLUX_CAF_TAILLE_MAX = len(contenu)
    juste = io.BytesIO(contenu)
    juste.name = "export.csv"
    assert _televerser(client, juste, correspondance_59).status_code == 302
    trop = io.BytesIO(contenu + b"\n")
    trop.name = "export.csv"
    reponse = _televerser(client, trop, correspondance_59)
    assert reponse.status_code == 200 and "dépasse la taille maximale" in reponse.content.decode()


def test_associer_des_colonnes_non_reconnues_depuis_l_apercu(client, gestionnaire, correspondance_59):
    client.force_login(gestionnaire)
    entete = ["Matricule allocataire", "Nom", "Prénom", "Né le"]
    reponse = _televerser(
        client, _xlsx([["1234567", "Dupont", "Jean", "12/12/1984"]], entete=entete), correspondance_59
    )
    apercu = reponse["Location"]
    page = client.get(apercu).content.decode()
    assert "Le fichier ne peut pas être importé avec cette correspondance" in page
    assert ">Importer<" not in page
    client.post(apercu + "colonnes/", {"colonne_1": "numero_allocataire", "colonne_4": "date_naissance"})
    correspondance_59.refresh_from_db()
    assert correspondance_59.colonnes == {
        "numero_allocataire": ["Matricule allocataire"],
        "date_naissance": ["Né le"],
    }
    page = client.get(apercu).content.decode()
    assert "Le fichier ne peut pas être importé" not in page and ">Importer<" in page
    assert AuditEvent.objects.filter(event_type="inscription.correspondance_flux").exists()


@pytest.mark.parametrize(
    ("fixture", "format_attendu"), [("vrsb_couple.xml", "vrsb0801"), ("vrsd_couple.xml", "vrsd0301")]
)
def test_apercu_d_un_flux_xml_puis_import(client, gestionnaire, fixture, format_attendu):
    client.force_login(gestionnaire)
    xml = io.BytesIO((FIXTURES_XML / fixture).read_bytes())
    xml.name = "flux.xml"
    reponse = _televerser(client, xml, None)  # no mapping: the file says what it is
    apercu = reponse["Location"]
    page = client.get(apercu).content.decode()
    assert f"Flux XML {format_attendu.upper()}" in page
    assert "Les premiers foyers du flux" in page and "(conjoint)" in page
    client.post(apercu + "importer/")
    imp = ImportFluxCAF.objects.get()
    assert (imp.format, imp.correspondance, imp.departement_id) == (format_attendu, None, "59")


def test_un_xml_illisible_est_refuse_au_televersement(client, gestionnaire):
    client.force_login(gestionnaire)
    xml = io.BytesIO(b'<?xml version="1.0"?><html><body>pas un flux</body></html>')
    xml.name = "flux.xml"
    reponse = _televerser(client, xml, None)
    assert reponse.status_code == 200 and "bénéficiaires RSA" in reponse.content.decode()
    assert ImportFluxCAF.objects.count() == 0


# --- The import's page and its report ----------------------------------------------------------------


def test_page_d_import_et_rapport_csv(client, gestionnaire):
    imp = ImportFluxCAF.objects.create(
        departement_id="59", statut=StatutImport.TERMINE, nom_fichier="export.csv", nb_rejetees=1, nb_creees=1
    )
    LigneRapport.objects.create(
        import_flux=imp, numero_ligne=2, resultat=ResultatLigne.CREEE, numero_allocataire="1", motif="Inscrite"
    )
    LigneRapport.objects.create(
        import_flux=imp, numero_ligne=3, resultat=ResultatLigne.REJETEE, motif="=HYPERLINK(x)", contenu="a;b"
    )
    client.force_login(gestionnaire)
    page = client.get(reverse("backoffice:flux_caf_import", args=["59", imp.pk])).content.decode()
    assert "Télécharger le rapport (2 lignes, CSV)" in page
    reponse = client.get(reverse("backoffice:flux_caf_rapport", args=["59", imp.pk]))
    contenu = reponse.content.decode("utf-8")
    assert contenu.startswith("\ufeff")
    lignes = list(csv.reader(io.StringIO(contenu[1:]), delimiter=";"))
    assert lignes[0] == ["ligne", "résultat", "numéro d'allocataire", "motif", "contenu"]
    assert lignes[1][:4] == ["2", "Personne(s) inscrite(s)", "1", "Inscrite"]
    assert lignes[2][1] == "Rejetée" and lignes[2][3] == "'=HYPERLINK(x)"  # never a formula


def test_un_import_d_un_autre_departement_est_introuvable(client, gestionnaire):
    imp = ImportFluxCAF.objects.create(departement_id="62", nom_fichier="autre.csv")
    client.force_login(gestionnaire)
    assert client.get(reverse("backoffice:flux_caf_import", args=["59", imp.pk])).status_code == 404
    assert client.get(reverse("backoffice:flux_caf_rapport", args=["59", imp.pk])).status_code == 404


# --- Mappings ------------------------------------------------------------------------------------


def test_creer_modifier_et_historique_d_une_correspondance(client, gestionnaire):
    client.force_login(gestionnaire)
    donnees = {
        "nom": "Solis",
        "feuille": "Export",
        "type_flux": "I",
        "colonnes_numero_allocataire": "N° dossier ; Matricule",
        "valeurs_role": "ALLOC = demandeur\n = demandeur",
    }
    reponse = client.post(reverse("backoffice:flux_caf_correspondance_nouvelle", args=["59"]), donnees)
    c = CorrespondanceColonnes.objects.get(departement_id="59", nom="Solis")
    assert reponse["Location"] == reverse("backoffice:flux_caf_correspondance", args=["59", c.pk])
    assert c.colonnes == {"numero_allocataire": ["N° dossier", "Matricule"]}
    assert c.valeurs == {"role": {"ALLOC": "demandeur", "": "demandeur"}}
    assert c.modifie_par == gestionnaire
    client.post(reverse("backoffice:flux_caf_correspondance", args=["59", c.pk]), donnees | {"feuille": "Feuil1"})
    page = client.get(reverse("backoffice:flux_caf_correspondance", args=["59", c.pk])).content.decode()
    assert "Création" in page and "Modification" in page


def test_une_valeur_non_permise_est_refusee(client, gestionnaire):
    client.force_login(gestionnaire)
    reponse = client.post(
        reverse("backoffice:flux_caf_correspondance_nouvelle", args=["59"]),
        {"nom": "X", "type_flux": "I", "valeurs_role": "ALLOC = chef"},
    )
    assert reponse.status_code == 200 and "n&#x27;est pas une valeur permise" in reponse.content.decode()
    assert not CorrespondanceColonnes.objects.filter(nom="X").exists()


def test_la_correspondance_nationale_se_lit_et_se_copie_sans_se_modifier(client, gestionnaire):
    nationale = CorrespondanceColonnes.objects.get(departement=None, nom=tableur.NOM_CORRESPONDANCE_PLATEFORME)
    avant = (nationale.colonnes, nationale.valeurs, nationale.modifie_le)
    client.force_login(gestionnaire)
    url = reverse("backoffice:flux_caf_correspondance", args=["59", nationale.pk])
    page = client.get(url).content.decode()
    assert "elle se lit, et se copie" in page
    assert client.post(url, {"nom": "Piratée", "type_flux": "I"}).status_code == 404
    nationale.refresh_from_db()
    assert (nationale.colonnes, nationale.valeurs, nationale.modifie_le) == avant
    reponse = client.post(reverse("backoffice:flux_caf_copier", args=["59", nationale.pk]))
    copie = CorrespondanceColonnes.objects.get(departement_id="59")
    assert copie.nom == f"Copie de {nationale.nom}" and copie.colonnes == nationale.colonnes
    assert reponse["Location"] == reverse("backoffice:flux_caf_correspondance", args=["59", copie.pk])


# --- Refusals: every page, every refused user, data unchanged --------------------------------------------


def _pages(correspondance, imp):
    return [
        ("get", reverse("backoffice:flux_caf", args=["59"])),
        ("get", reverse("backoffice:flux_caf_televerser", args=["59"])),
        ("get", reverse("backoffice:flux_caf_import", args=["59", imp.pk])),
        ("get", reverse("backoffice:flux_caf_rapport", args=["59", imp.pk])),
        ("get", reverse("backoffice:flux_caf_correspondances", args=["59"])),
        ("get", reverse("backoffice:flux_caf_correspondance_nouvelle", args=["59"])),
        ("get", reverse("backoffice:flux_caf_correspondance", args=["59", correspondance.pk])),
        ("post", reverse("backoffice:flux_caf_correspondance", args=["59", correspondance.pk])),
        ("post", reverse("backoffice:flux_caf_copier", args=["59", correspondance.pk])),
        ("post", reverse("backoffice:flux_caf_correspondance_nouvelle", args=["59"])),
    ]


def test_refus_sur_chaque_page(client, gestionnaire, refuses, correspondance_59):
    imp = ImportFluxCAF.objects.create(departement_id="59", nom_fichier="export.csv")
    # A pending preview of the département's staff: its token is useless to anyone else.
    client.force_login(gestionnaire)
    apercu = _televerser(client, _xlsx([DEMANDEUR]), correspondance_59)["Location"]
    jeton = re.search(r"/apercu/([^/]+)/", apercu)[1]
    chemin = apercus.lire(jeton)["chemin"]
    client.logout()
    pages = _pages(correspondance_59, imp) + [
        ("get", apercu),
        ("post", apercu + "colonnes/"),
        ("post", apercu + "importer/"),
        ("post", apercu + "abandonner/"),
    ]
    donnees = {"nom": "Piratée", "type_flux": "I", "colonne_1": "nir"}
    avant = (CorrespondanceColonnes.objects.count(), ImportFluxCAF.objects.count(), correspondance_59.colonnes)
    for nom, user in refuses.items():
        client.force_login(user)
        for methode, url in pages:
            reponse = getattr(client, methode)(url, donnees) if methode == "post" else client.get(url)
            assert reponse.status_code == 404, (nom, methode, url, reponse.status_code)
        client.logout()
    for methode, url in pages:
        reponse = getattr(client, methode)(url, donnees) if methode == "post" else client.get(url)
        assert reponse.status_code in (302, 403), (methode, url, reponse.status_code)  # to the login page
    correspondance_59.refresh_from_db()
    assert (CorrespondanceColonnes.objects.count(), ImportFluxCAF.objects.count(), correspondance_59.colonnes) == avant
    assert default_storage.exists(chemin)  # nobody else could drop or import it


def test_tableau_de_bord_et_menu(client, gestionnaire, refuses):
    ImportFluxCAF.objects.create(departement_id="59", statut=StatutImport.EN_COURS)
    ImportFluxCAF.objects.create(departement_id="59", statut=StatutImport.ECHEC)
    ImportFluxCAF.objects.create(departement_id="62", statut=StatutImport.EN_COURS)
    client.force_login(gestionnaire)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Flux CAF/MSA : imports en cours ou en échec" in page
    assert reverse("backoffice:flux_caf", args=["59"]) in page
    assert re.search(r"flux-caf/59/.*?fr-badge[^>]*>\s*2\s*<", page, re.S)
    assert client.get(reverse("backoffice:flux_caf_accueil"))["Location"] == reverse(
        "backoffice:flux_caf", args=["59"]
    )
    client.force_login(refuses["conseiller_du_cd"])
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Flux CAF/MSA" not in page
    assert client.get(reverse("backoffice:flux_caf_accueil")).status_code == 404


def test_un_echec_refait_depuis_ne_compte_plus():
    ImportFluxCAF.objects.create(departement_id="59", statut=StatutImport.ECHEC)
    assert a_suivre(["59"]) == {"59": 1}
    ImportFluxCAF.objects.create(departement_id="59", statut=StatutImport.TERMINE)
    assert a_suivre(["59"]) == {}


def test_un_jeton_qui_n_en_est_pas_un_ne_touche_pas_au_stockage(client, gestionnaire):
    client.force_login(gestionnaire)
    for jeton in ("..%2F..%2Fsettings", "0" * 31, "g" * 32, "0" * 32):
        assert apercus.lire(jeton.replace("%2F", "/")) is None
        assert client.get(f"/conseiller/flux-caf/59/apercu/{jeton}/").status_code == 404


def test_l_apercu_d_un_departement_est_introuvable_depuis_un_autre(client, gestionnaire, correspondance_59):
    """The same staff member runs the 59 and the 62: a deposit of the 59 is not reached through the 62."""
    MembershipFactory(
        user=gestionnaire,
        organisation=OrganisationFactory(conseil_departemental=True, departement_id="62"),
        role=Role.ADMIN_ORGANISATION,
    )
    client.force_login(gestionnaire)
    apercu = _televerser(client, _xlsx([DEMANDEUR]), correspondance_59)["Location"]
    assert client.get(apercu).status_code == 200
    assert client.get(apercu.replace("/59/", "/62/")).status_code == 404
    assert client.post(apercu.replace("/59/", "/62/") + "importer/").status_code == 404
    assert ImportFluxCAF.objects.count() == 0


# --- The admin's upload ---------------------------------------------------------------------------


def test_l_admin_televerse_un_flux_xml_ou_un_classeur_avec_sa_correspondance(admin_client, correspondance_59):
    xml = io.BytesIO((FIXTURES_XML / "vrsd_couple.xml").read_bytes())
    xml.name = "flux.xml"
    reponse = admin_client.post(reverse("admin:inscription_importfluxcaf_add"), {"fichier": xml})
    assert reponse.status_code == 302
    imp = ImportFluxCAF.objects.get()
    assert (imp.format, imp.correspondance, imp.departement) == ("vrsd0301", None, None)
    reponse = admin_client.post(
        reverse("admin:inscription_importfluxcaf_add"),
        {"fichier": _xlsx([DEMANDEUR]), "correspondance": correspondance_59.pk},
    )
    assert reponse.status_code == 302
    imp = ImportFluxCAF.objects.latest("pk")
    assert (imp.format, imp.correspondance, imp.departement_id) == ("tableur", correspondance_59, "59")


@pytest.mark.parametrize("n", [1, 30])
def test_la_liste_des_imports_a_un_nombre_de_requetes_constant(
    client, gestionnaire, correspondance_59, django_assert_max_num_queries, n
):
    for i in range(n):
        ImportFluxCAF.objects.create(
            departement_id="59", nom_fichier=f"export-{i}.csv", correspondance=correspondance_59
        )
    client.force_login(gestionnaire)
    client.get(reverse("backoffice:accueil"))  # the user's memberships cached, as on any page after the first
    with django_assert_max_num_queries(12):
        page = client.get(reverse("backoffice:flux_caf", args=["59"])).content.decode()
    assert f"export-{n - 1}.csv" in page
    with django_assert_max_num_queries(12):
        assert client.get(reverse("backoffice:flux_caf_correspondances", args=["59"])).status_code == 200
