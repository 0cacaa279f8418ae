import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnostic import actions
from diagnostic.enums import Section
from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from tests.contrats.factories import orientation_notifiee
from tests.diagnostic.factories import Scenario
from tests.fichiers import pdf_lisible


@pytest.fixture
def s():
    return Scenario()


def _url(s, nom="backoffice:diagnostic", **kwargs):
    return reverse(nom, kwargs={"pk": s.personne.pk, **kwargs})


def _section(s, section):
    return _url(s, "backoffice:diagnostic_section", section=section)


# --- Pre-filled from registration ----------------------------------------------------------


def test_la_page_montre_ce_qui_vient_de_l_inscription(client, s):
    client.force_login(s.referent)
    html = client.get(_url(s)).content.decode()
    assert "CAP cuisine" in html
    assert "Cuisinier en restauration collective" in html
    assert "Mon projet est défini" in html  # the pré-diagnostic's answer, in words
    assert "Inscription</span>" in html
    # Registration's barriers become the diagnostic's, with their severity.
    assert "Fort : empêche la reprise d&#x27;emploi" in html


def test_le_formulaire_est_prerempli_par_l_inscription(client, s):
    client.force_login(s.referent)
    response = client.get(_section(s, Section.COMPETENCES))
    form = response.context["form"]
    assert form.initial["diplome"] == "CAP cuisine"
    assert form.initial["version_lue"] == 0
    assert "reprises de l’inscription" in response.content.decode()
    freins = client.get(_section(s, Section.FREINS)).context["form"]
    assert freins.initial["mobilite_severite"] == "fort"
    assert freins.initial["sante_severite"] == "moyen"


def test_sans_inscription_la_page_s_affiche(client):
    s = Scenario(inscription=False)
    client.force_login(s.referent)
    assert client.get(_url(s)).status_code == 200
    assert client.get(_section(s, Section.FREINS)).status_code == 200


# --- Saving ------------------------------------------------------------------------------


def test_enregistrer_une_section(client, s):
    client.force_login(s.referent)
    response = client.post(
        _section(s, Section.COMPETENCES),
        {"version_lue": 0, "diplome": "CAP cuisine", "savoir_faire": "Cuisson, dressage", "niveau_qualification": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#section-competences")
    version = VersionSection.objects.get()
    assert version.contenu["savoir_faire"] == "Cuisson, dressage"
    assert version.auteur == s.referent
    page = client.get(_url(s)).content.decode()
    assert "Version 1, enregistrée le" in page


def test_un_conflit_garde_la_saisie_et_montre_ce_que_l_autre_a_change(client, s):
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisson"}, auteur=s.ts)  # version 1
    client.force_login(s.referent)
    # The référent's form was read before the social worker's save (version 0).
    response = client.post(
        _section(s, Section.COMPETENCES),
        {"version_lue": 0, "diplome": "CAP cuisine", "savoir_faire": "Ma saisie à ne pas perdre"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    nom_ts = s.ts.get_full_name()
    assert f"{nom_ts} a enregistré cette section pendant que vous la modifiiez" in html
    assert "Cuisson" in html  # what the other person saved
    form = response.context["form"]
    assert form["savoir_faire"].value() == "Ma saisie à ne pas perdre"
    assert str(form["version_lue"].value()) == "1"  # based on their version now
    assert VersionSection.objects.count() == 1
    # Saving again, knowing their change, is accepted.
    donnees = {"version_lue": 1, "diplome": "CAP cuisine", "savoir_faire": "Cuisson ; ma saisie"}
    assert client.post(_section(s, Section.COMPETENCES), donnees).status_code == 302
    assert VersionSection.objects.count() == 2


def test_une_erreur_de_saisie_est_montree_au_champ_sans_rien_perdre(client, s):
    client.force_login(s.referent)
    response = client.post(
        _section(s, Section.DROITS_DEVOIRS), {"version_lue": 0, "informee": "on", "modalites": "Entretien"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["informee_le"] == ["Indiquez la date à laquelle la personne a été informée."]
    assert form["modalites"].value() == "Entretien"
    assert not VersionSection.objects.exists()


@pytest.mark.parametrize(("km", "valide"), [(0, True), (1000, True), (1001, False), (-1, False)])
def test_mobilite_bornee(client, s, km, valide):
    client.force_login(s.referent)
    response = client.post(_section(s, Section.PROJET), {"version_lue": 0, "mobilite_km": km})
    assert (response.status_code == 302) is valide


def test_un_frein_avec_une_solution_demande_sa_severite(client, s):
    client.force_login(s.referent)
    response = client.post(_section(s, Section.FREINS), {"version_lue": 0, "logement_solution": "Demande FSL"})
    assert response.context["form"].errors["logement_severite"]
    response = client.post(
        _section(s, Section.FREINS),
        {"version_lue": 0, "logement_severite": "fort", "logement_solution": "Demande FSL"},
    )
    assert response.status_code == 302
    html = client.get(_url(s)).content.decode()
    assert "Demande FSL" in html


def test_chercher_et_choisir_un_metier_rome(client, s):
    client.force_login(s.referent)
    # Search without an accent and with a typo: nothing is saved, what was typed stays.
    response = client.post(
        _section(s, Section.PROJET),
        {"version_lue": 0, "projet": "Boulangerie", "recherche_metier": "boulenger", "rechercher": "1"},
    )
    assert response.status_code == 200
    assert not VersionSection.objects.exists()
    form = response.context["form"]
    assert form["projet"].value() == "Boulangerie"
    assert "11573" in dict(form.fields["metiers"].choices)  # Boulanger / Boulangère (D1102)
    response = client.post(
        _section(s, Section.PROJET), {"version_lue": 0, "projet": "Boulangerie", "metiers": ["11573"]}
    )
    assert response.status_code == 302
    contenu = VersionSection.objects.get().contenu
    assert contenu["metiers"] == [{"code_ogr": "11573", "libelle": "Boulanger / Boulangère", "code_rome": "D1102"}]
    assert "Boulanger / Boulangère (D1102)" in client.get(_url(s)).content.decode()
    # The edit page offers the job already chosen, checked.
    form = client.get(_section(s, Section.PROJET)).context["form"]
    assert form.initial["metiers"] == ["11573"]


def test_un_metier_inconnu_est_refuse(client, s):
    client.force_login(s.referent)
    response = client.post(_section(s, Section.PROJET), {"version_lue": 0, "metiers": ["0000000"]})
    assert response.context["form"].errors["metiers"]


# --- History and differences -----------------------------------------------------------


def test_historique_et_difference_lisibles(client, s):
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "Cuisson des viandes", "niveau_qualification": "niveau_3"})
    s.enregistrer(
        Section.COMPETENCES,
        {"savoir_faire": "Cuisson des viandes et des poissons", "niveau_qualification": "niveau_4"},
        auteur=s.ts,
    )
    client.force_login(s.referent)
    html = client.get(_url(s, "backoffice:diagnostic_historique")).content.decode()
    assert html.count("Voir les changements") == 2
    response = client.get(_url(s, "backoffice:diagnostic_difference", section=Section.COMPETENCES))
    html = response.content.decode()
    assert response.context["de"] == 1 and response.context["a"] == 2
    assert "Niveau de qualification" in html
    assert "CAP, BEP" in html and "Baccalauréat" in html
    assert '<ins class="ft-ajoute" title="ajouté"> et des poissons</ins>' in html
    # From the empty section to version 1.
    response = client.get(_url(s, "backoffice:diagnostic_difference", section=Section.COMPETENCES), {"de": 0, "a": 1})
    assert "Cuisson des viandes" in response.content.decode()


@pytest.mark.parametrize("params", [{"de": 2, "a": 1}, {"de": 1, "a": 3}, {"de": "x", "a": 2}, {"de": 1, "a": 1}])
def test_difference_entre_versions_inexistantes(client, s, params):
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "a"})
    s.enregistrer(Section.COMPETENCES, {"savoir_faire": "b"})
    client.force_login(s.referent)
    url = _url(s, "backoffice:diagnostic_difference", section=Section.COMPETENCES)
    assert client.get(url, params).status_code == 404


def test_difference_d_une_section_jamais_enregistree(client, s):
    client.force_login(s.referent)
    response = client.get(_url(s, "backoffice:diagnostic_difference", section=Section.MARCHE))
    assert response.status_code == 200
    assert "aucune version" in response.content.decode()


# --- Orientation ------------------------------------------------------------------------


def test_confirmer_le_parcours_depuis_la_page(client, s):
    orientation_notifiee(s.personne)
    client.force_login(s.referent)
    assert "Confirmer le parcours" in client.get(_url(s)).content.decode()
    response = client.post(_url(s), {"action": "confirmer"}, follow=True)
    assert "Le parcours est confirmé par le diagnostic." in response.content.decode()
    assert Diagnostic.objects.get().parcours_confirme_par == s.referent


def test_demander_une_reorientation_depuis_la_page(client, s):
    orientation_notifiee(s.personne)
    client.force_login(s.referent)
    response = client.post(_url(s), {"action": "reorienter", "reorienter-motif": ""})
    assert response.status_code == 200
    assert response.context["reorientation"].errors["motif"]
    response = client.post(_url(s), {"action": "reorienter", "reorienter-motif": "Santé d'abord"}, follow=True)
    assert "La demande de réorientation est transmise" in response.content.decode()
    assert AuditEvent.objects.filter(event_type=TypeEvenement.DIAGNOSTIC_REORIENTATION_DEMANDEE).exists()
    # Now an orientation waits for its decision: no button, a link to it.
    html = client.get(_url(s)).content.decode()
    assert "Confirmer le parcours" not in html
    assert "attend la décision de l’orienteur" in html


@pytest.mark.parametrize("role", ["ts_implique", "decideur", "equipe_pluri"])
def test_seul_le_referent_a_les_boutons_du_parcours(client, s, role):
    orientation_notifiee(s.personne)
    client.force_login(s.utilisateurs[role])
    assert "Confirmer le parcours" not in client.get(_url(s)).content.decode()
    assert client.post(_url(s), {"action": "confirmer"}).status_code == 404
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.DIAGNOSTIC_PARCOURS_CONFIRME).exists()


# --- Query counts -------------------------------------------------------------------------


def _remplir(s, n):
    for i in range(n):
        for section in Section:
            contenu = {"details": f"texte {i}"} if section in (Section.SANTE, Section.JUSTICE) else {}
            if section == Section.FREINS:
                contenu = {"logement_severite": "fort", "mobilite_severite": "moyen", "sante_severite": "fort"}
                contenu["logement_solution"] = f"solution {i}"
            elif section == Section.COMPETENCES:
                contenu = {"savoir_faire": f"texte {i}"}
            elif not contenu:
                contenu = {"observations": f"texte {i}"} if section == Section.SITUATION else {"demarches": f"{i}"}
            s.enregistrer(section, contenu, version_lue=i)
    # As many supporting documents, common and sensitive (the page reads them in one query).
    for i in range(n):
        piece = SimpleUploadedFile(f"piece-{i}.pdf", pdf_lisible(), content_type="application/pdf")
        section = Section.SANTE if i % 2 else Section.SITUATION
        actions.joindre_piece(s.personne, section, acting_user=s.referent, fichier=piece)


@pytest.mark.parametrize("n", [1, 12])
def test_nombre_de_requetes_constant_page_du_diagnostic(client, s, django_assert_max_num_queries, n):
    orientation_notifiee(s.personne)
    _remplir(s, n)
    client.force_login(s.referent)
    client.get(_url(s))  # warm the memberships' cache
    # the session is read from the database (SESSION_ENGINE db); + the header's unread notifications count;
    # + the supporting documents (one query, whatever their number)
    with django_assert_max_num_queries(17):
        assert client.get(_url(s)).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_nombre_de_requetes_constant_historique(client, s, django_assert_max_num_queries, n):
    _remplir(s, n)
    client.force_login(s.referent)
    client.get(_url(s, "backoffice:diagnostic_historique"))
    # the session is read from the database (SESSION_ENGINE db); + the header's unread notifications count
    with django_assert_max_num_queries(10):
        assert client.get(_url(s, "backoffice:diagnostic_historique")).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_nombre_de_requetes_constant_espace(client, s, django_assert_max_num_queries, n):
    _remplir(s, n)
    client.force_login(s.personne.user)
    # the session is read from the database (SESSION_ENGINE db); + the header's unread notifications count;
    # + the supporting documents (one query, whatever their number)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("diagnostic:consulter")).status_code == 200
