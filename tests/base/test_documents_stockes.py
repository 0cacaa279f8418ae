"""Stored documents (scans, contract PDFs, sanction letters, immersion conventions, CAF files):

- no URL route serves the storage, in any settings (DEBUG included), and the storage gives no URL;
- the storage folder is never inside a folder of static files (system check);
- a stored name is random: it says nothing of the person, the date or the order of uploads;
- the admin pages that show such rows link to no stored file.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import Resolver404, clear_url_caches, resolve, reverse
from django.utils import timezone

from contrats import actions as contrats_actions
from contrats.document import assurer_document
from contrats.models import VersionContrat
from contrats.queries import scan_papier
from entreprises.models import Immersion
from francetravail.base import fichiers
from francetravail.base.stockage import StockagePrive, verifier_stockage_prive
from francetravail.documents.models import Document
from inscription.actions import lancer_import_flux_caf
from inscription.models import ImportFluxCAF
from sanctions.models import CourrierProcedure
from tests.contrats.factories import Situation as SituationContrat
from tests.factories import UserFactory
from tests.fichiers import scan
from tests.inscription.flux import fichier, lignes
from tests.sanctions.factories import Situation as SituationSanction

CHAMPS = [
    (Document, "fichier", "documents", "scan-du-contrat.jpg", ".jpg"),
    (VersionContrat, "document", "contrats/versions", "contrat-engagement-12-v1.pdf", ".pdf"),
    (CourrierProcedure, "document", "sanctions/courriers", "sanction-3-avertissement-personne-9.pdf", ".pdf"),
    (Immersion, "convention", "entreprises/immersions", "convention-immersion-4.pdf", ".pdf"),
    (ImportFluxCAF, "fichier", "imports_caf", "flux CAF mars.CSV", ".csv"),
]


def nom_aleatoire(prefixe, extension):
    return re.compile(rf"^{re.escape(prefixe)}/[0-9a-f]{{2}}/[0-9a-f]{{32}}{re.escape(extension)}$")


def differences(a, b):
    return sum(x != y for x, y in zip(a, b, strict=True))


def scan_enregistre():
    s = SituationContrat()
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    return s, contrats_actions.enregistrer_signature_papier(contrat, acting_user=s.referent, scan=scan("contrat.pdf"))


def fichier_du_scan(contrat):
    """The stored scan of a contract signed on paper (a ``Document`` of its version in force, issue 21)."""
    return scan_papier(contrat.version_en_vigueur).fichier


# --- No route serves the storage -------------------------------------------------------------------


@pytest.fixture
def urls_en_debug(settings):
    """The project's URLs as ``DEBUG = True`` builds them (``make run``, docker-compose)."""
    import francetravail.urls

    settings.DEBUG = True
    importlib.reload(francetravail.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(francetravail.urls)
    clear_url_caches()


def test_un_document_stocke_n_a_pas_d_adresse_dans_les_reglages_de_test(client):
    s, contrat = scan_enregistre()
    nom = fichier_du_scan(contrat).name
    assert default_storage.exists(nom)
    with pytest.raises(Resolver404):
        resolve(f"/media/{nom}")
    client.force_login(s.referent)
    assert client.get(f"/media/{nom}").status_code == 404


def test_un_document_stocke_n_a_pas_d_adresse_meme_en_debug(client, urls_en_debug):
    s, contrat = scan_enregistre()
    version = assurer_document(contrat.version_en_vigueur)
    for nom in (fichier_du_scan(contrat).name, version.document.name):
        assert default_storage.exists(nom)
        assert client.get(f"/media/{nom}").status_code == 404  # anonymous
        client.force_login(s.referent)
        assert client.get(f"/media/{nom}").status_code == 404  # even the référent: only the gated views serve it
        client.logout()


def test_le_stockage_ne_donne_aucune_adresse():
    nom = default_storage.save("essai/document.pdf", ContentFile(b"%PDF-1.7"))
    assert isinstance(default_storage, StockagePrive)
    with pytest.raises(ValueError, match="vue contrôlée"):
        default_storage.url(nom)


@pytest.mark.no_django_db
def test_les_reglages_de_test_passent_le_controle():
    assert verifier_stockage_prive(None) == []


@pytest.mark.no_django_db
@pytest.mark.parametrize(
    "reglage",
    ["STATIC_ROOT", "STATICFILES_DIRS", "WHITENOISE_ROOT"],
)
def test_le_stockage_dans_un_dossier_statique_est_refuse(settings, tmp_path, reglage):
    statiques = tmp_path / "statiques"
    valeur = [str(statiques)] if reglage == "STATICFILES_DIRS" else str(statiques)
    setattr(settings, reglage, valeur)
    for media in (statiques, statiques / "media"):  # the folder itself, or inside it
        settings.MEDIA_ROOT = str(media)
        assert [e.id for e in verifier_stockage_prive(None)] == ["francetravail.E001"]
    settings.MEDIA_ROOT = str(tmp_path / "media")  # beside it: served by nobody
    assert verifier_stockage_prive(None) == []


@pytest.mark.no_django_db
def test_le_controle_est_celui_de_manage_py_check(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "statiques")
    settings.MEDIA_ROOT = str(tmp_path / "statiques" / "media")
    with pytest.raises(SystemCheckError, match="francetravail.E001"):
        call_command("check")


@pytest.mark.no_django_db
def test_un_stockage_qui_donne_des_adresses_est_refuse(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert [e.id for e in verifier_stockage_prive(None)] == ["francetravail.E002"]


# --- Stored names are random ------------------------------------------------------------------------


@pytest.mark.parametrize(("modele", "champ", "prefixe", "nom", "extension"), CHAMPS)
def test_le_nom_stocke_de_chaque_champ_est_aleatoire(modele, champ, prefixe, nom, extension):
    champ = modele._meta.get_field(champ)
    instance = modele(pk=123456)
    premier, second = champ.generate_filename(instance, nom), champ.generate_filename(instance, nom)
    for stocke in (premier, second):
        assert nom_aleatoire(prefixe, extension).match(stocke), stocke
        assert "123456" not in stocke
        assert str(timezone.localdate().year) not in stocke
    assert premier != second
    # Not one after the other: two names differ nearly everywhere (128 random bits each).
    assert differences(premier, second) > 16


def test_deux_scans_identiques_sont_stockes_sous_deux_noms_aleatoires():
    (_, contrat1), (_, contrat2) = scan_enregistre(), scan_enregistre()
    noms = [fichier_du_scan(contrat1).name, fichier_du_scan(contrat2).name]
    motif = nom_aleatoire("documents", ".pdf")
    assert all(motif.match(n) for n in noms), noms
    assert noms[0] != noms[1]
    for n in noms:
        assert f"{timezone.localdate():%Y/%m}" not in n
    assert fichier_du_scan(contrat1).read() == fichier_du_scan(contrat2).read()


def test_les_documents_produits_sont_stockes_sous_un_nom_aleatoire():
    _, contrat = scan_enregistre()
    version = assurer_document(contrat.version_en_vigueur)
    assert nom_aleatoire("contrats/versions", ".pdf").match(version.document.name), version.document.name
    procedure = SituationSanction().avertie()
    courrier = CourrierProcedure.objects.filter(procedure=procedure).first()
    from sanctions.courriers import assurer_pdf

    courrier = assurer_pdf(courrier)
    assert nom_aleatoire("sanctions/courriers", ".pdf").match(courrier.document.name), courrier.document.name


def test_deux_imports_du_meme_fichier_caf_sont_stockes_sous_deux_noms(django_capture_on_commit_callbacks):
    contenu = fichier(lignes(2))
    noms = []
    for _ in range(2):
        imp = lancer_import_flux_caf(ContentFile(contenu, name="flux.csv"), nom_fichier="flux.csv")
        noms.append(imp.fichier.name)
        assert imp.nom_fichier == "flux.csv"  # the original name is kept as metadata, for the admin list
    assert all(nom_aleatoire("imports_caf", ".csv").match(n) for n in noms), noms
    assert noms[0] != noms[1]


# --- Files stored under a guessable name before: renamed, still readable --------------------------


def test_un_fichier_stocke_sous_un_nom_previsible_est_renomme_et_reste_lisible(django_capture_on_commit_callbacks):
    _, contrat = scan_enregistre()
    version = assurer_document(contrat.version_en_vigueur)
    octets = version.document.read()
    ancien = default_storage.save(
        f"contrats/versions/2025/06/contrat-engagement-{contrat.pk}-v1.pdf", ContentFile(octets)
    )
    VersionContrat.objects.filter(pk=version.pk).update(document=ancien)
    with django_capture_on_commit_callbacks(execute=True):
        renommes = fichiers.renommer_noms_previsibles(apps, "contrats", "VersionContrat", "document")
    assert renommes == 1
    version = VersionContrat.objects.get(pk=version.pk)
    assert nom_aleatoire("contrats/versions", ".pdf").match(version.document.name), version.document.name
    assert version.document.read() == octets
    assert not default_storage.exists(ancien)
    # Run again: a random name is left alone.
    with django_capture_on_commit_callbacks(execute=True):
        assert fichiers.renommer_noms_previsibles(apps, "contrats", "VersionContrat", "document") == 0


def test_un_fichier_absent_garde_son_nom(django_capture_on_commit_callbacks):
    _, contrat = scan_enregistre()
    version = assurer_document(contrat.version_en_vigueur)
    VersionContrat.objects.filter(pk=version.pk).update(document="contrats/versions/2024/01/perdu.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert fichiers.renommer_noms_previsibles(apps, "contrats", "VersionContrat", "document") == 0
    assert VersionContrat.objects.get(pk=version.pk).document.name == "contrats/versions/2024/01/perdu.pdf"


# --- The admin links to no stored file -----------------------------------------------------------


def test_l_admin_ne_montre_ni_lien_ni_nom_de_fichier_stocke(client):
    _, contrat = scan_enregistre()
    version = assurer_document(contrat.version_en_vigueur)
    imp = lancer_import_flux_caf(ContentFile(fichier(lignes(1)), name="flux.csv"), nom_fichier="flux.csv")
    client.force_login(UserFactory(professionnel=True, is_staff=True, is_superuser=True))
    pages = [
        reverse("admin:contrats_contratengagement_change", args=[contrat.pk]),
        reverse("admin:contrats_versioncontrat_change", args=[version.pk]),
        reverse("admin:contrats_versioncontrat_changelist"),
        reverse("admin:inscription_importfluxcaf_change", args=[imp.pk]),
    ]
    stockes = [fichier_du_scan(contrat).name, version.document.name, imp.fichier.name]
    for page in pages:
        reponse = client.get(page)
        assert reponse.status_code == 200, page
        contenu = reponse.content.decode()
        assert "/media/" not in contenu, page
        for nom in stockes:
            assert nom not in contenu, (page, nom)
