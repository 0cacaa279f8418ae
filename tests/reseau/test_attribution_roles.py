"""Who may grant which role, in which organisation, to whom (issue 14, finding 2).

The rule, stated here independently of the code (``francetravail/reseau/attribution.py``
says why, line by line):
- an organisation holds only the roles of its type (département-wide roles only in a
  conseil départemental);
- only the organisation's own administrator, or a national administrator, opens an access;
- nobody grants themself a role that reads people's files or decides about them;
- a professional who already belongs to another organisation is attached only once an
  administrator of that organisation confirms; until then the new role grants nothing;
- the access gate ignores a role held where it may not be (legacy data).
"""

import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.reseau import actions, roles
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Membership
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

R, T = Role, TypeOrganisation

# The expected table (the code's is ``attribution.ROLES_PAR_TYPE_ORGANISATION``).
ATTENDU = {
    T.AGENCE_FRANCE_TRAVAIL: {
        R.CONSEILLER,
        R.RESPONSABLE_EQUIPE,
        R.DELEGUE_SANCTIONS,
        R.MEDIATEUR,
        R.PILOTE,
        R.ADMIN_ORGANISATION,
        R.PROTECTION_DONNEES,
    },
    T.MISSION_LOCALE: {R.CONSEILLER, R.RESPONSABLE_EQUIPE, R.DELEGUE_SANCTIONS, R.PILOTE, R.ADMIN_ORGANISATION},
    T.CAP_EMPLOI: {R.CONSEILLER, R.RESPONSABLE_EQUIPE, R.PILOTE, R.ADMIN_ORGANISATION},
    T.CONSEIL_DEPARTEMENTAL: {
        R.CONSEILLER,
        R.TRAVAILLEUR_SOCIAL,
        R.RESPONSABLE_EQUIPE,
        R.DECIDEUR_DEPARTEMENTAL,
        R.EQUIPE_PLURIDISCIPLINAIRE,
        R.PILOTE,
        R.ADMIN_ORGANISATION,
    },
    T.DELEGATAIRE_DEPARTEMENTAL: {R.CONSEILLER, R.TRAVAILLEUR_SOCIAL, R.RESPONSABLE_EQUIPE, R.ADMIN_ORGANISATION},
    T.PARTENAIRE: {R.CONSEILLER, R.RESPONSABLE_EQUIPE, R.ADMIN_ORGANISATION},
}
# Roles that read files or decide: never granted to oneself.
LISENT_OU_DECIDENT = {
    R.CONSEILLER,
    R.TRAVAILLEUR_SOCIAL,
    R.DECIDEUR_DEPARTEMENTAL,
    R.EQUIPE_PLURIDISCIPLINAIRE,
    R.MEDIATEUR,
    R.DELEGUE_SANCTIONS,
    R.RESPONSABLE_EQUIPE,
    R.PROTECTION_DONNEES,
}
DEPARTEMENTAUX = (R.DECIDEUR_DEPARTEMENTAL, R.EQUIPE_PLURIDISCIPLINAIRE)
HORS_CONSEIL = [t for t in T if t != T.CONSEIL_DEPARTEMENTAL]


def _org(type_organisation, **kwargs):
    return OrganisationFactory(type_organisation=type_organisation, departement_id="59", **kwargs)


def _ouvrir(organisation, role, acting_user, email="lea.morel@exemple.fr"):
    return actions.creer_professionnel(
        organisation, email=email, first_name="Léa", last_name="Morel", role=role, acting_user=acting_user
    )


def _frais(user):
    """The same account as a new request sees it (no per-request memo)."""
    return User.objects.get(pk=user.pk)


def _nouvelle_requete():
    roles.oublier_modifications_en_cours()


def _erreurs(exc):
    return exc.value.message_dict


# --- The table ---------------------------------------------------------------------------------


def test_la_table_des_roles_par_type_est_celle_de_la_regle():
    from francetravail.reseau.attribution import ROLES_PAR_TYPE_ORGANISATION

    assert {t: set(r) for t, r in ROLES_PAR_TYPE_ORGANISATION.items()} == ATTENDU
    # Département-wide roles live in a conseil départemental only.
    for type_organisation, permis in ROLES_PAR_TYPE_ORGANISATION.items():
        if type_organisation != T.CONSEIL_DEPARTEMENTAL:
            assert not permis & set(DEPARTEMENTAUX)


def test_chaque_role_est_classe_lecteur_ou_non():
    from francetravail.reseau.attribution import ROLES_NON_AUTO_ATTRIBUABLES

    # A new role must be classified: reading/deciding roles are never self-granted.
    assert set(ROLES_NON_AUTO_ATTRIBUABLES) == LISENT_OU_DECIDENT
    assert set(R) - LISENT_OU_DECIDENT == {R.PILOTE, R.ADMIN_ORGANISATION}


# --- Who may grant what, where (the action) ------------------------------------------------------


def _qui(nom, org):
    """The acting user of kind ``nom`` for organisation ``org``."""
    if nom == "admin_de_l_organisation":
        return professionnel(org, R.ADMIN_ORGANISATION)
    if nom == "administrateur_national":
        return UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    if nom == "admin_d_une_autre_organisation":
        return professionnel(_org(org.type_organisation), R.ADMIN_ORGANISATION)
    if nom == "membre_non_administrateur":
        return professionnel(org, R.CONSEILLER)
    if nom == "staff_non_superutilisateur":
        return UserFactory(professionnel=True, is_staff=True)
    if nom == "admin_retire":
        admin = professionnel(org, R.ADMIN_ORGANISATION)
        Membership.objects.filter(user=admin).update(actif=False)
        return _frais(admin)
    if nom == "admin_en_attente":
        admin = professionnel(_org(T.AGENCE_FRANCE_TRAVAIL), R.CONSEILLER)
        Membership.objects.create(user=admin, organisation=org, role=R.ADMIN_ORGANISATION, statut="en_attente")
        return _frais(admin)
    raise AssertionError(nom)


AUTORISES = ["admin_de_l_organisation", "administrateur_national"]
REFUSES = [
    "admin_d_une_autre_organisation",
    "membre_non_administrateur",
    "staff_non_superutilisateur",
    "admin_retire",
    "admin_en_attente",
]


@pytest.mark.parametrize("type_organisation", list(T))
@pytest.mark.parametrize("qui", AUTORISES)
def test_l_administrateur_attribue_les_roles_de_son_type_et_aucun_autre(qui, type_organisation):
    org = _org(type_organisation)
    acting = _qui(qui, org)
    for role in R:
        email = f"{role.value}@exemple.fr"
        if role in ATTENDU[type_organisation]:
            membership = _ouvrir(org, role, acting, email)
            assert (membership.organisation, membership.role, membership.actif) == (org, role, True)
            assert membership.statut == "confirme"
            assert role in roles.contexte_professionnel(_frais(membership.user)).roles
        else:
            with pytest.raises(ValidationError) as exc:
                _ouvrir(org, role, acting, email)
            assert "ne peut pas être attribué" in " ".join(_erreurs(exc)["role"]), (type_organisation, role)
            assert not User.objects.filter(email=email).exists()
    assert not Membership.objects.filter(organisation=org).exclude(role__in=ATTENDU[type_organisation]).exists()


@pytest.mark.parametrize("type_organisation", list(T))
@pytest.mark.parametrize("qui", REFUSES)
def test_seul_l_administrateur_de_l_organisation_ou_national_ouvre_un_acces(qui, type_organisation):
    org = _org(type_organisation)
    acting = _qui(qui, org)
    avant = Membership.objects.filter(organisation=org).count()
    for role in ATTENDU[type_organisation]:
        email = f"{role.value}@exemple.fr"
        with pytest.raises(ValidationError) as exc:
            _ouvrir(org, role, acting, email)
        assert NON_FIELD_ERRORS in _erreurs(exc)
        assert not User.objects.filter(email=email).exists()
    assert Membership.objects.filter(organisation=org).count() == avant
    assert not AuditEvent.objects.filter(event_type="reseau.rattachement_ajoute").exists()


def test_sans_utilisateur_agissant_rien_n_est_ouvert():
    org = _org(T.CONSEIL_DEPARTEMENTAL)
    with pytest.raises(ValidationError):
        _ouvrir(org, R.CONSEILLER, None)
    assert not User.objects.filter(email="lea.morel@exemple.fr").exists()


def test_le_role_d_administrateur_est_donne_par_l_administrateur_existant_ou_national():
    org = _org(T.MISSION_LOCALE)
    admin = professionnel(org, R.ADMIN_ORGANISATION)
    second = _ouvrir(org, R.ADMIN_ORGANISATION, admin, "second@exemple.fr")
    assert second.statut == "confirme"
    # An organisation without an administrator gets its first one from a national administrator.
    neuve = _org(T.CAP_EMPLOI)
    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    assert _ouvrir(neuve, R.ADMIN_ORGANISATION, national, "premier@exemple.fr").statut == "confirme"
    # A conseiller of the new organisation cannot make themself or anyone its administrator.
    conseiller = professionnel(neuve, R.CONSEILLER)
    with pytest.raises(ValidationError):
        _ouvrir(neuve, R.ADMIN_ORGANISATION, conseiller, conseiller.email)
    with pytest.raises(ValidationError):
        _ouvrir(neuve, R.ADMIN_ORGANISATION, conseiller, "ami@exemple.fr")
    assert not Membership.objects.filter(user=conseiller, role=R.ADMIN_ORGANISATION).exists()


# --- No self-granting ----------------------------------------------------------------------------


def _type_ou(role):
    return next(t for t in (T.CONSEIL_DEPARTEMENTAL, T.AGENCE_FRANCE_TRAVAIL) if role in ATTENDU[t])


@pytest.mark.parametrize("role", sorted(LISENT_OU_DECIDENT))
def test_un_administrateur_ne_s_attribue_pas_un_role_qui_lit_des_dossiers(role):
    org = _org(_type_ou(role))
    admin = professionnel(org, R.ADMIN_ORGANISATION)
    with pytest.raises(ValidationError) as exc:
        _ouvrir(org, role, admin, admin.email)
    assert "vous-même" in " ".join(_erreurs(exc)["role"])
    assert list(Membership.objects.filter(user=admin).values_list("role", flat=True)) == [R.ADMIN_ORGANISATION]
    assert roles.contexte_professionnel(_frais(admin)).roles == {R.ADMIN_ORGANISATION}
    # Another administrator of the organisation may grant it to them.
    collegue = professionnel(org, R.ADMIN_ORGANISATION)
    assert _ouvrir(org, role, collegue, admin.email).statut == "confirme"


def test_un_administrateur_peut_se_donner_le_role_de_pilote_qui_ne_lit_aucun_dossier():
    org = _org(T.CONSEIL_DEPARTEMENTAL)
    admin = professionnel(org, R.ADMIN_ORGANISATION)
    assert _ouvrir(org, R.PILOTE, admin, admin.email).role == R.PILOTE


def test_l_administrateur_national_ne_s_attribue_pas_non_plus_un_role_qui_lit_des_dossiers():
    cd = _org(T.CONSEIL_DEPARTEMENTAL)
    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    with pytest.raises(ValidationError) as exc:
        _ouvrir(cd, R.EQUIPE_PLURIDISCIPLINAIRE, national, national.email)
    assert "vous-même" in " ".join(_erreurs(exc)["role"])
    assert not Membership.objects.filter(user=national).exists()


# --- The members page -------------------------------------------------------------------------------


def _options_de_role(html):
    select = re.search(r'<select[^>]*name="role".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([^"]+)"', select))


@pytest.mark.parametrize("type_organisation", list(T))
def test_le_formulaire_ne_propose_que_les_roles_du_type_d_organisation(client, type_organisation):
    org = _org(type_organisation)
    client.force_login(professionnel(org, R.ADMIN_ORGANISATION))
    html = client.get(reverse("backoffice:membres", args=[org.pk])).content.decode()
    assert _options_de_role(html) == {r.value for r in ATTENDU[type_organisation]}


def _formulaire(**kw):
    return {"email": "lea.morel@exemple.fr", "first_name": "Léa", "last_name": "Morel", "role": "conseiller", **kw}


@pytest.mark.parametrize("role", DEPARTEMENTAUX)
@pytest.mark.parametrize("type_organisation", HORS_CONSEIL)
def test_un_role_departemental_force_dans_le_formulaire_est_refuse_au_champ(client, type_organisation, role):
    org = _org(type_organisation)
    client.force_login(professionnel(org, R.ADMIN_ORGANISATION))
    response = client.post(reverse("backoffice:membres", args=[org.pk]), _formulaire(role=role))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne peut pas être attribué" in html
    assert "conseil départemental" in html.lower()
    assert not User.objects.filter(email="lea.morel@exemple.fr").exists()
    assert not Membership.objects.filter(role=role).exists()


def test_l_administrateur_d_agence_ne_se_donne_pas_l_equipe_pluridisciplinaire_par_la_page(client):
    """The probe's attack: an agency admin gave themself the équipe pluridisciplinaire role."""
    agence = _org(T.AGENCE_FRANCE_TRAVAIL)
    admin = professionnel(agence, R.ADMIN_ORGANISATION)
    lille = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE))
    client.force_login(admin)
    url = reverse("backoffice:membres", args=[agence.pk])
    for role in (R.EQUIPE_PLURIDISCIPLINAIRE, R.CONSEILLER):
        response = client.post(url, _formulaire(email=admin.email, role=role))
        assert response.status_code == 200
    assert list(Membership.objects.filter(user=admin).values_list("role", flat=True)) == [R.ADMIN_ORGANISATION]
    assert client.get(reverse("backoffice:fiche_personne", args=[lille.pk])).status_code == 404


def test_le_conseil_departemental_ne_se_donne_pas_non_plus_un_role_lecteur_par_la_page(client):
    cd = _org(T.CONSEIL_DEPARTEMENTAL)
    admin = professionnel(cd, R.ADMIN_ORGANISATION)
    client.force_login(admin)
    response = client.post(
        reverse("backoffice:membres", args=[cd.pk]),
        _formulaire(email=admin.email.upper(), role=R.EQUIPE_PLURIDISCIPLINAIRE),
    )
    assert response.status_code == 200
    assert "vous-même" in response.content.decode()
    assert not Membership.objects.filter(user=admin, role=R.EQUIPE_PLURIDISCIPLINAIRE).exists()


# --- Attaching a professional of another organisation ----------------------------------------------


class Rattachement:
    """A conseiller of agency A (with A's administrator); the conseil départemental CD (with its
    administrator) wants them in its équipe pluridisciplinaire. P lives in the Nord, followed by a
    Mission locale: only a département-wide role reads P's file."""

    def __init__(self):
        self.agence = _org(T.AGENCE_FRANCE_TRAVAIL, nom="Agence de Roubaix")
        self.admin_agence = professionnel(self.agence, R.ADMIN_ORGANISATION)
        self.conseiller = professionnel(self.agence, R.CONSEILLER, email="conseiller.roubaix@exemple.fr")
        self.cd = _org(T.CONSEIL_DEPARTEMENTAL, nom="Conseil départemental du Nord")
        self.admin_cd = professionnel(self.cd, R.ADMIN_ORGANISATION)
        self.p = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE))

    def demander(self, role=R.EQUIPE_PLURIDISCIPLINAIRE):
        return _ouvrir(self.cd, role, self.admin_cd, self.conseiller.email)

    def lit_p(self):
        _nouvelle_requete()
        return personnes_visibles(_frais(self.conseiller)).filter(pk=self.p.pk).exists()


@pytest.fixture
def r():
    return Rattachement()


def test_rattacher_le_professionnel_d_une_autre_organisation_attend_sa_confirmation(r):
    _nouvelle_requete()
    assert roles.contexte_professionnel(_frais(r.conseiller)).roles == {R.CONSEILLER}  # now in the cache
    membership = r.demander()
    assert (membership.statut, membership.actif) == ("en_attente", True)
    # A pending membership grants nothing: not in the (cached) context, no file of the département.
    _nouvelle_requete()
    ctx = roles.contexte_professionnel(_frais(r.conseiller))
    assert ctx.roles == {R.CONSEILLER}
    assert r.cd.pk not in ctx.roles_par_organisation
    assert not r.lit_p()
    # The agency's administrator is asked; the professional is told nothing yet.
    demande = Notification.objects.get(destinataire=r.admin_agence)
    assert demande.modele == "reseau/demande_rattachement"
    assert demande.contexte["organisation"] == "Conseil départemental du Nord"
    assert not Notification.objects.filter(destinataire=r.conseiller).exists()
    assert AuditEvent.objects.filter(
        event_type="reseau.rattachement_demande", acting_user=r.admin_cd, organisation=r.cd
    ).exists()


def test_la_demande_en_attente_se_voit_des_deux_cotes_en_francais(client, r):
    r.demander()
    client.force_login(r.admin_cd)
    html = client.get(reverse("backoffice:membres", args=[r.cd.pk])).content.decode()
    assert "En attente de confirmation par Agence de Roubaix" in html
    client.force_login(r.admin_agence)
    html = client.get(reverse("backoffice:membres", args=[r.agence.pk])).content.decode()
    assert "Demandes de rattachement à confirmer" in html
    assert "Conseil départemental du Nord" in html
    assert "conseiller.roubaix@exemple.fr" in html
    assert "Équipe pluridisciplinaire" in html


def _confirmer(client, qui, org, membership, action="confirmer_rattachement"):
    client.force_login(qui)
    return client.post(reverse(f"backoffice:{action}", args=[org.pk, membership.pk]))


def test_l_organisation_du_professionnel_confirme_et_le_role_vaut_a_la_requete_suivante(
    client, r, django_capture_on_commit_callbacks
):
    membership = r.demander()
    _nouvelle_requete()
    roles.contexte_professionnel(_frais(r.conseiller))  # cached before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirmer(client, r.admin_agence, r.agence, membership)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.statut, membership.actif) == ("confirme", True)
    assert r.lit_p()
    assert R.EQUIPE_PLURIDISCIPLINAIRE in roles.contexte_professionnel(_frais(r.conseiller)).roles
    assert AuditEvent.objects.filter(
        event_type="reseau.rattachement_confirme", acting_user=r.admin_agence, organisation=r.cd
    ).exists()
    assert Notification.objects.get(destinataire=r.conseiller).modele == "reseau/nouveau_rattachement"
    assert Notification.objects.get(destinataire=r.admin_cd).modele == "reseau/rattachement_confirme"


def test_l_organisation_du_professionnel_refuse_et_rien_n_est_ouvert(client, r):
    membership = r.demander()
    response = _confirmer(client, r.admin_agence, r.agence, membership, "refuser_rattachement")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.statut, membership.actif) == ("refuse", False)
    assert not r.lit_p()
    assert AuditEvent.objects.filter(event_type="reseau.rattachement_refuse", acting_user=r.admin_agence).exists()
    assert Notification.objects.get(destinataire=r.admin_cd).modele == "reseau/rattachement_refuse"
    assert not Notification.objects.filter(destinataire=r.conseiller).exists()
    # Refused, then confirmed by a tampered POST: 404, still refused.
    assert _confirmer(client, r.admin_agence, r.agence, membership).status_code == 404
    membership.refresh_from_db()
    assert membership.statut == "refuse"
    # Asked again: pending again, never open by itself.
    assert r.demander().statut == "en_attente"
    assert not r.lit_p()


@pytest.mark.parametrize("action", ["confirmer_rattachement", "refuser_rattachement"])
def test_seul_un_administrateur_de_l_organisation_du_professionnel_confirme_ou_refuse(client, r, action):
    membership = r.demander()
    autre = _org(T.AGENCE_FRANCE_TRAVAIL)
    essais = [
        (r.admin_cd, r.cd),  # the requesting organisation cannot confirm its own request
        (r.admin_cd, r.agence),
        (professionnel(autre, R.ADMIN_ORGANISATION), autre),
        (professionnel(r.agence, R.CONSEILLER), r.agence),
        (UserFactory(professionnel=True, is_staff=True), r.agence),
    ]
    for qui, org in essais:
        assert _confirmer(client, qui, org, membership, action).status_code == 404, (qui, org)
    membership.refresh_from_db()
    assert (membership.statut, membership.actif) == ("en_attente", True)
    assert not r.lit_p()
    assert not AuditEvent.objects.filter(event_type__in=["reseau.rattachement_confirme", "reseau.rattachement_refuse"])


def test_le_professionnel_ne_confirme_pas_son_propre_rattachement(client, r):
    # The conseiller is also an administrator of their agency: still not their own confirmation.
    Membership.objects.create(user=r.conseiller, organisation=r.agence, role=R.ADMIN_ORGANISATION)
    membership = r.demander()
    response = _confirmer(client, _frais(r.conseiller), r.agence, membership)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.statut == "en_attente"
    assert not r.lit_p()
    with pytest.raises(ValidationError):
        actions.confirmer_rattachement(membership, organisation=r.agence, acting_user=_frais(r.conseiller))
    membership.refresh_from_db()
    assert membership.statut == "en_attente"


def test_une_personne_inconnue_ailleurs_est_rattachee_sans_attendre(r):
    # A new account, and an account whose every membership was withdrawn.
    assert _ouvrir(r.cd, R.TRAVAILLEUR_SOCIAL, r.admin_cd, "nouveau@exemple.fr").statut == "confirme"
    ancien = professionnel(r.agence, R.CONSEILLER)
    Membership.objects.filter(user=ancien).update(actif=False)
    assert _ouvrir(r.cd, R.TRAVAILLEUR_SOCIAL, r.admin_cd, ancien.email).statut == "confirme"
    # A second role in an organisation the professional already belongs to needs no one else.
    deja = r.demander()
    actions.confirmer_rattachement(deja, organisation=r.agence, acting_user=r.admin_agence)
    assert r.demander(R.CONSEILLER).statut == "confirme"


def test_l_administrateur_des_deux_organisations_ou_national_rattache_sans_attendre(r):
    Membership.objects.create(user=r.admin_cd, organisation=r.agence, role=R.ADMIN_ORGANISATION)
    assert _ouvrir(r.cd, R.CONSEILLER, _frais(r.admin_cd), r.conseiller.email).statut == "confirme"
    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    assert _ouvrir(r.cd, R.EQUIPE_PLURIDISCIPLINAIRE, national, r.conseiller.email).statut == "confirme"


def test_une_demande_deja_en_attente_n_est_pas_dupliquee(r):
    r.demander()
    with pytest.raises(ValidationError) as exc:
        r.demander()
    assert "attente" in " ".join(_erreurs(exc)["role"])
    assert Notification.objects.filter(destinataire=r.admin_agence).count() == 1


def test_un_administrateur_en_attente_n_administre_rien(client, r):
    membership = _ouvrir(r.cd, R.ADMIN_ORGANISATION, r.admin_cd, r.conseiller.email)
    assert membership.statut == "en_attente"
    client.force_login(_frais(r.conseiller))
    assert client.get(reverse("backoffice:membres", args=[r.cd.pk])).status_code == 404


# --- The access gate: département-wide reading only through a conseil départemental ----------------


@pytest.mark.parametrize("role", DEPARTEMENTAUX)
@pytest.mark.parametrize("type_organisation", HORS_CONSEIL)
def test_un_role_departemental_hors_conseil_departemental_ne_lit_rien(role, type_organisation):
    org = _org(type_organisation)
    # Legacy data, written straight to the database as before the rule.
    agent = professionnel(org, role)
    au_nord = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE))
    ctx = roles.contexte_professionnel(_frais(agent))
    assert ctx.departements_par_organisation == {}
    assert ctx.roles == frozenset()
    assert not personnes_visibles(_frais(agent)).exists()
    requete = RequestFactory().get("/")
    requete.user = _frais(agent)
    with pytest.raises(Http404):
        acces_personne(requete, au_nord.pk, partie="synthese")


@pytest.mark.parametrize("role", DEPARTEMENTAUX)
def test_le_meme_role_au_conseil_departemental_lit_le_departement(role):
    agent = professionnel(_org(T.CONSEIL_DEPARTEMENTAL), role)
    au_nord = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE))
    au_pas_de_calais = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE), commune_id="62041")
    assert set(personnes_visibles(_frais(agent))) == {au_nord}
    assert au_pas_de_calais.departement_id == "62"


def test_un_role_departemental_en_attente_au_conseil_departemental_ne_lit_rien():
    cd = _org(T.CONSEIL_DEPARTEMENTAL)
    agent = professionnel(_org(T.AGENCE_FRANCE_TRAVAIL), R.PILOTE)
    Membership.objects.create(user=agent, organisation=cd, role=R.EQUIPE_PLURIDISCIPLINAIRE, statut="en_attente")
    PersonneFactory()
    assert roles.contexte_professionnel(_frais(agent)).departements_par_organisation == {}
    assert not personnes_visibles(_frais(agent)).exists()


def test_le_diagnostic_ne_donne_aucune_qualite_departementale_hors_conseil_departemental():
    from diagnostic.confidentialite import Qualite, qualites

    personne = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE))
    agence = _org(T.AGENCE_FRANCE_TRAVAIL)
    intrus = professionnel(agence, R.EQUIPE_PLURIDISCIPLINAIRE)
    Membership.objects.create(user=intrus, organisation=agence, role=R.DECIDEUR_DEPARTEMENTAL)
    assert qualites(_frais(intrus), personne) == frozenset()
    legitime = professionnel(_org(T.CONSEIL_DEPARTEMENTAL), R.EQUIPE_PLURIDISCIPLINAIRE)
    assert qualites(_frais(legitime), personne) == {Qualite.EQUIPE_PLURIDISCIPLINAIRE}


def test_la_file_des_decisions_d_orientation_rsa_ignore_un_decideur_hors_conseil_departemental():
    from orientation import acces as orientation_acces
    from orientation import actions as orientation_actions
    from tests.inscription.factories import dossier_complet

    personne = PersonneFactory(organisme_referent=_org(T.MISSION_LOCALE))
    dossier_complet(personne, prestations=["rsa"])
    decision = orientation_actions.proposer(personne)
    intrus = professionnel(_org(T.AGENCE_FRANCE_TRAVAIL), R.DECIDEUR_DEPARTEMENTAL)
    assert not orientation_acces.decisions_a_traiter(_frais(intrus)).exists()
    legitime = professionnel(_org(T.CONSEIL_DEPARTEMENTAL), R.DECIDEUR_DEPARTEMENTAL)
    assert list(orientation_acces.decisions_a_traiter(_frais(legitime))) == [decision]


@pytest.mark.parametrize(
    ("role", "type_organisation"),
    [
        (R.TRAVAILLEUR_SOCIAL, T.AGENCE_FRANCE_TRAVAIL),
        (R.MEDIATEUR, T.MISSION_LOCALE),
        (R.MEDIATEUR, T.CONSEIL_DEPARTEMENTAL),
        (R.DELEGUE_SANCTIONS, T.CAP_EMPLOI),
        (R.DELEGUE_SANCTIONS, T.CONSEIL_DEPARTEMENTAL),
        (R.PILOTE, T.PARTENAIRE),
    ],
)
def test_tout_role_tenu_hors_de_son_type_d_organisation_ne_compte_pas(role, type_organisation):
    org = _org(type_organisation)
    user = professionnel(org, role)
    assert roles.contexte_professionnel(_frais(user)).roles == frozenset()
    assert not Membership.objects.actives().filter(user=user).exists()


def test_changer_le_type_d_une_organisation_retire_aussitot_les_roles_qu_il_n_admet_plus():
    cd = _org(T.CONSEIL_DEPARTEMENTAL)
    agent = professionnel(cd, R.EQUIPE_PLURIDISCIPLINAIRE)
    PersonneFactory()
    _nouvelle_requete()
    assert personnes_visibles(_frais(agent)).exists()
    with transaction.atomic():
        cd.type_organisation = T.DELEGATAIRE_DEPARTEMENTAL
        cd.save()
    _nouvelle_requete()
    assert not personnes_visibles(_frais(agent)).exists()


# --- The Django admin ---------------------------------------------------------------------------------


def _staff_avec_tous_les_droits():
    from django.contrib.auth.models import Permission

    staff = professionnel(_org(T.CONSEIL_DEPARTEMENTAL), R.ADMIN_ORGANISATION, is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["reseau", "comptes"],
            content_type__model__in=["membership", "organisation", "user"],
        )
    )
    return _frais(staff)


def _requete(user):
    requete = RequestFactory().get("/admin/")
    requete.user = user
    return requete


def test_le_personnel_non_national_ne_cree_ni_ne_modifie_aucun_rattachement_dans_l_admin(client):
    from django.contrib.admin.sites import site

    from francetravail.comptes.admin import MembershipInline as InlineCompte
    from francetravail.reseau.admin import MembershipInline as InlineOrganisation
    from francetravail.reseau.models import Organisation

    staff = _staff_avec_tous_les_droits()
    requete = _requete(staff)
    membership = staff.memberships.get()
    admin_membership = site._registry[Membership]
    assert not admin_membership.has_add_permission(requete)
    assert not admin_membership.has_change_permission(requete, membership)
    assert not admin_membership.has_delete_permission(requete, membership)
    for inline in (InlineCompte(User, site), InlineOrganisation(Organisation, site)):
        assert not inline.has_add_permission(requete, None)
        assert not inline.has_change_permission(requete, None)
        assert not inline.has_delete_permission(requete, None)

    client.force_login(staff)
    response = client.post(
        reverse("admin:reseau_membership_add"),
        {
            "user": staff.pk,
            "organisation": membership.organisation_id,
            "role": R.EQUIPE_PLURIDISCIPLINAIRE,
            "actif": "on",
        },
    )
    assert response.status_code == 403
    assert list(Membership.objects.filter(user=staff).values_list("role", flat=True)) == [R.ADMIN_ORGANISATION]


def test_le_personnel_non_national_ne_change_pas_le_type_de_son_organisation(client):
    from django.contrib.admin.sites import site

    from francetravail.reseau.models import Organisation

    staff = _staff_avec_tous_les_droits()
    org = staff.memberships.get().organisation
    admin_org = site._registry[Organisation]
    # Changing an agency into a conseil départemental would open a département's files.
    assert not admin_org.has_change_permission(_requete(staff), org)
    assert not admin_org.has_add_permission(_requete(staff))
    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    assert admin_org.has_change_permission(_requete(national), org)


def test_dans_l_admin_le_national_ne_s_attribue_pas_un_role_lecteur_ni_un_role_hors_type(client):
    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    cd, agence = _org(T.CONSEIL_DEPARTEMENTAL), _org(T.AGENCE_FRANCE_TRAVAIL)
    autre = professionnel(agence, R.CONSEILLER)
    client.force_login(national)
    url = reverse("admin:reseau_membership_add")
    essais = [
        (national, cd, R.EQUIPE_PLURIDISCIPLINAIRE, "vous-même"),
        (autre, agence, R.EQUIPE_PLURIDISCIPLINAIRE, "ne peut pas être attribué"),
    ]
    for user, org, role, message in essais:
        response = client.post(url, {"user": user.pk, "organisation": org.pk, "role": role, "actif": "on"})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Membership.objects.filter(role=R.EQUIPE_PLURIDISCIPLINAIRE).exists()
    # Allowed: someone else, a role of the organisation's type.
    response = client.post(
        url, {"user": autre.pk, "organisation": cd.pk, "role": R.EQUIPE_PLURIDISCIPLINAIRE, "actif": "on"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=autre, organisation=cd).role == R.EQUIPE_PLURIDISCIPLINAIRE


def test_dans_l_admin_l_inline_du_compte_refuse_l_auto_attribution():
    from django.contrib.admin.sites import site

    from francetravail.comptes.admin import MembershipInline

    national = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    cd = _org(T.CONSEIL_DEPARTEMENTAL)
    inline = MembershipInline(User, site)
    formset_class = inline.get_formset(_requete(national), national)
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-organisation": str(cd.pk),
        f"{prefix}-0-role": R.DECIDEUR_DEPARTEMENTAL,
        f"{prefix}-0-actif": "on",
    }
    formset = formset_class(data, instance=national, prefix=prefix)
    assert not formset.is_valid()
    assert "vous-même" in str(formset.errors)


# --- The notices ----------------------------------------------------------------------------------


def test_les_courriels_de_la_demande_et_de_la_decision_disent_qui_demande_quoi(client, r):
    from francetravail.notifications.dispatch import rendre_courriel

    membership = r.demander()
    sujet, corps = rendre_courriel(Notification.objects.get(modele="reseau/demande_rattachement"))
    assert sujet == "Demande de rattachement d'un de vos professionnels"
    for attendu in ("Conseil départemental du Nord", "Agence de Roubaix", "Équipe pluridisciplinaire"):
        assert attendu in corps
    assert f"/conseiller/organisations/{r.agence.pk}/membres/" in corps
    _confirmer(client, r.admin_agence, r.agence, membership)
    sujet, corps = rendre_courriel(Notification.objects.get(modele="reseau/rattachement_confirme"))
    assert sujet == "Rattachement confirmé" and "a confirmé le rattachement" in corps
    assert f"/conseiller/organisations/{r.cd.pk}/membres/" in corps
    sujet, corps = rendre_courriel(Notification.objects.get(destinataire=r.conseiller))
    assert "Conseil départemental du Nord" in corps and "Équipe pluridisciplinaire" in corps

    # Now a member of the conseil départemental, the conseiller is asked for by a délégataire.
    delegataire = _org(T.DELEGATAIRE_DEPARTEMENTAL, nom="Association Insertion Nord")
    refusee = _ouvrir(
        delegataire, R.TRAVAILLEUR_SOCIAL, professionnel(delegataire, R.ADMIN_ORGANISATION), r.conseiller.email
    )
    _confirmer(client, r.admin_agence, r.agence, refusee, "refuser_rattachement")
    sujet, corps = rendre_courriel(Notification.objects.get(modele="reseau/rattachement_refuse"))
    assert sujet == "Rattachement refusé" and "Aucun accès n'a été ouvert" in corps
