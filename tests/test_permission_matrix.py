"""Every role × every URL: who gets the page, who is sent to log in, who gets a 404.

The scenario: organisation A (France Travail, Nord) employs the conseiller, the
médiateur, the pilote and the organisation admin; the Conseil départemental du
Nord employs the social worker, the decider and the équipe pluridisciplinaire.
Person P is followed by A and lives in the Nord (59). Nobody from the département
is involved in P's file, so the social worker must not read it, while the
departmental roles see it through their département.

When a URL is added, add its line here: ``test_chaque_url_est_dans_la_matrice``
fails until then.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from francetravail.invitations.models import Formulation
from francetravail.reseau.enums import Role
from inscription.enums import Canal
from inscription.models import DossierInscription, FoyerRSA
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

ROLES = [
    "anonyme",
    "personne",
    "employeur",
    "conseiller",
    "travailleur_social",
    "decideur_departemental",
    "equipe_pluridisciplinaire",
    "mediateur",
    "pilote",
    "admin_organisation",
    "responsable_equipe",
    "protection_donnees",
    "staff",
]
PROS = {r for r in ROLES if r not in {"anonyme", "personne", "employeur"}}
TOUS = set(ROLES)
DOSSIERS = {
    "conseiller",
    "travailleur_social",
    "decideur_departemental",
    "equipe_pluridisciplinaire",
    "mediateur",
    "responsable_equipe",
}
# The responsable d'équipe of A (P's organisme référent) reads P's file (francetravail/personnes/acces.py).
LECTEURS_DE_P = {"conseiller", "decideur_departemental", "equipe_pluridisciplinaire", "responsable_equipe"}
RECHERCHE = {"conseiller", "travailleur_social", "decideur_departemental", "equipe_pluridisciplinaire"}
ACCOMPAGNEMENT = {"conseiller", "travailleur_social"}
AGENDAS = ACCOMPAGNEMENT | {"admin_organisation", "responsable_equipe"}

# (url name, kwargs keys, method, kind, roles allowed)
#   kind "page": allowed → 200; anonymous → 302 to login; others → 404
#   kind "public": everyone → 200
#   kind "api": allowed → 200; others → 403 (not a dossier role) or 404 (gate)
#   kind "api-ecriture": an API POST with an empty body: allowed → 400 (past the gate, the form refuses it);
#     others → 403 or 404 as "api" (tests/test_permission_matrix_ecritures.py posts the real bodies)
#   kind "redirect": everyone is sent on (to their space, or to the login page)
#   kind "suite": like "page", but the allowed are sent on to another page (302)
#   kind "introuvable": a public URL whose object cannot be found: everyone → 404
#   kind "admin": Django admin's own gate (staff only; others → 302 to the admin login)
#   kind "webhook": a provider's callback, gated by its token, never by a session: everyone → 401
MATRICE = [
    ("pages:accueil", {}, "get", "public", TOUS),
    ("pages:accessibilite", {}, "get", "public", TOUS),
    ("pages:mentions_legales", {}, "get", "public", TOUS),
    ("pages:donnees_personnelles", {}, "get", "public", TOUS),
    ("pages:plan_du_site", {}, "get", "public", TOUS),
    ("healthz", {}, "get", "public", TOUS),
    ("pages:apres_connexion", {}, "get", "redirect", TOUS),
    ("api-schema", {}, "get", "public", TOUS),
    ("api-docs", {}, "get", "public", TOUS),
    ("api-changelog", {}, "get", "public", TOUS),
    # The token endpoint: no session counts, only the API client's credentials (none here: no token for anyone).
    ("api-jeton", {}, "post", "jeton", TOUS),
    # The providers' delivery callbacks: no session counts, only the provider's token (none here: 401 for all).
    ("webhooks:remise_sms", {}, "post", "webhook", set()),
    ("webhooks:remise_courriel", {}, "post", "webhook", set()),
    ("personnes:espace", {}, "get", "page", {"personne"}),
    ("personnes:acces", {}, "get", "page", {"personne"}),
    # « Mes données » (issue 21): the person's own hub and rectification requests; the queue of the requests
    # and a request of P (sent to A, P's organisme référent) for A's accompaniment roles only.
    ("donnees:mes_donnees", {}, "get", "page", {"personne"}),
    ("donnees:rectification_demander", {}, "get", "page", {"personne"}),
    ("donnees:rectification", {"pk": "rectification_moi"}, "get", "page", {"personne"}),
    ("backoffice:rectifications", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:rectification", {"pk": "rectification_p"}, "get", "page", {"conseiller"}),
    ("backoffice:rectification_prolonger", {"pk": "rectification_p"}, "post", "page", {"conseiller"}),
    # « Mes données » and the copy of one's file (issue 21): asked, followed and downloaded by the person only;
    # asked for the person by the référent's side (accompaniment roles of the organisme référent), who never
    # downloads it.
    ("donnees:copie_demander", {}, "post", "page", {"personne"}),
    ("donnees:copie_etat", {"pk": "copie_moi"}, "get", "page", {"personne"}),
    ("donnees:copie_telecharger", {"pk": "copie_moi"}, "get", "page", {"personne"}),
    ("backoffice:copie_dossier", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:copie_dossier", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("entreprises:espace", {}, "get", "page", {"employeur"}),
    ("backoffice:accueil", {}, "get", "page", PROS),
    # Modalities, « mon portefeuille », team load (francetravail/accompagnement): the modality page is read by
    # whoever reads P's file and by a responsable d'équipe of P's organisme référent; the load by the latter only.
    ("backoffice:modalite_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P | {"responsable_equipe"}),
    ("backoffice:charge_equipe", {}, "get", "page", {"responsable_equipe"}),
    ("backoffice:personnes_export", {}, "get", "page", DOSSIERS),
    ("backoffice:personnes_colonnes", {}, "post", "suite", DOSSIERS),
    ("backoffice:personnes", {}, "get", "page", DOSSIERS),
    ("backoffice:fiche_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    # The logged-in person's file: only the département's roles, who read every file of the Nord (its
    # appointments' justificatifs are reached from it, tests/browser/test_navigation.py).
    (
        "backoffice:fiche_personne",
        {"pk": "personne_moi"},
        "get",
        "page",
        {"decideur_departemental", "equipe_pluridisciplinaire"},
    ),
    ("backoffice:historique_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    # An archived file of A (issue 21): nobody reads it through the gate, not even A's conseiller; only the
    # data protection officer finds and opens it, through the « Archives » pages.
    ("backoffice:fiche_personne", {"pk": "p_archivee"}, "get", "page", set()),
    ("backoffice:archives", {}, "get", "page", {"protection_donnees"}),
    ("backoffice:archive", {"pk": "p_archivee"}, "get", "page", {"protection_donnees"}),
    ("backoffice:archive", {"pk": "p_archivee"}, "post", "page", {"protection_donnees"}),
    ("backoffice:archive", {"pk": "p"}, "get", "page", set()),  # an active file is not in the archive
    ("backoffice:recherche", {}, "get", "page", RECHERCHE),
    ("backoffice:inscription_nouvelle", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:inscription_etape", {"pk": "p", "slug": "etape"}, "get", "page", {"conseiller"}),
    # The end of an accompaniment: the référent's side (accompaniment role in P's organisme référent) only.
    ("backoffice:terminer_accompagnement", {"pk": "p"}, "get", "page", {"conseiller"}),
    # P's accompaniment is not ended: the référent is sent back to the person page.
    ("backoffice:rouvrir_accompagnement", {"pk": "p"}, "get", "suite", {"conseiller"}),
    # A move (orientation.actions.demenager): the référent's side only, as ending an accompaniment.
    ("backoffice:demenagement", {"pk": "p"}, "get", "page", {"conseiller"}),
    # The rights a monthly stock no longer lists and the flow settings (issue 18, inscription/views/flux_departement.py):
    # the same staff as the flows' pages (inscription.acces.peut_gerer_flux), the pilote of A being the CD's too.
    ("backoffice:droits_absents", {"departement": "dep"}, "get", "page", {"pilote"}),
    (
        "backoffice:examiner_droit_absent",
        {"departement": "dep", "pk": "foyer_absent"},
        "post",
        "page",
        {"pilote"},
    ),
    ("backoffice:reglages_flux", {"departement": "dep"}, "get", "page", {"pilote"}),
    ("backoffice:reglages_flux", {"departement": "dep"}, "post", "page", {"pilote"}),
    # The people around P's file: P's readers see the list (the référent's side invites); the social worker
    # of the CD, invited but not yet answering, reads only the invitation (name, reason), never the file.
    ("backoffice:entourage", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    (
        "backoffice:terminer_implication",
        {"pk": "p", "implication_pk": "invitation"},
        "post",
        "page",
        {"conseiller", "responsable_equipe"},
    ),
    # Who answers invitations: accompaniment roles and the responsable d'équipe.
    ("backoffice:invitations", {}, "get", "page", ACCOMPAGNEMENT | {"responsable_equipe"}),
    ("backoffice:invitation", {"pk": "invitation"}, "get", "page", {"travailleur_social"}),
    ("inscription:reprendre", {}, "get", "suite", {"personne"}),
    ("inscription:etape", {"slug": "etape"}, "get", "page", {"personne"}),
    # A département's CAF/MSA flows (inscription/views/flux.py): its CD's administrators and pilotes only — the
    # pilote of A is also pilote of the CD du Nord (the scenario); A's administrator is not the CD's.
    # A département's wording of its invitations (francetravail/invitations/views/formulations.py): the same staff
    # (invitations.acces.peut_rediger_formulations), the pilote of A being the CD's too; A's administrator is not.
    ("backoffice:formulations_accueil", {}, "get", "suite", {"pilote"}),
    ("backoffice:formulations", {"departement": "dep"}, "get", "page", {"pilote"}),
    ("backoffice:formulation", {"departement": "dep", "cle": "cle_formulation"}, "get", "page", {"pilote"}),
    ("backoffice:formulation_national", {"departement": "dep", "cle": "cle_formulation"}, "post", "suite", {"pilote"}),
    ("backoffice:flux_caf_accueil", {}, "get", "suite", {"pilote"}),
    ("backoffice:flux_caf", {"departement": "dep"}, "get", "page", {"pilote"}),
    ("backoffice:flux_caf_televerser", {"departement": "dep"}, "get", "page", {"pilote"}),
    # A file waiting for its import (inscription/apercus.py): each write consumes its own.
    ("backoffice:flux_caf_apercu", {"departement": "dep", "jeton": "jeton_flux"}, "get", "page", {"pilote"}),
    ("backoffice:flux_caf_associer", {"departement": "dep", "jeton": "jeton_flux"}, "post", "page", {"pilote"}),
    ("backoffice:flux_caf_importer", {"departement": "dep", "jeton": "jeton_flux_import"}, "post", "page", {"pilote"}),
    (
        "backoffice:flux_caf_abandonner",
        {"departement": "dep", "jeton": "jeton_flux_abandon"},
        "post",
        "page",
        {"pilote"},
    ),
    ("backoffice:flux_caf_import", {"departement": "dep", "pk": "import_flux"}, "get", "page", {"pilote"}),
    ("backoffice:flux_caf_rapport", {"departement": "dep", "pk": "import_flux"}, "get", "page", {"pilote"}),
    ("backoffice:flux_caf_correspondances", {"departement": "dep"}, "get", "page", {"pilote"}),
    ("backoffice:flux_caf_correspondance_nouvelle", {"departement": "dep"}, "get", "page", {"pilote"}),
    (
        "backoffice:flux_caf_correspondance",
        {"departement": "dep", "pk": "correspondance_flux"},
        "get",
        "page",
        {"pilote"},
    ),
    ("backoffice:flux_caf_copier", {"departement": "dep", "pk": "correspondance_flux"}, "post", "suite", {"pilote"}),
    ("backoffice:membres", {"pk": "org"}, "get", "page", {"admin_organisation"}),
    ("backoffice:retirer_membre", {"pk": "org", "membership_pk": "m"}, "post", "page", {"admin_organisation"}),
    (
        "backoffice:confirmer_rattachement",
        {"pk": "org", "membership_pk": "m_en_attente"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    (
        "backoffice:refuser_rattachement",
        {"pk": "org", "membership_pk": "m_en_attente"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    # Référents (francetravail/referents): A's queue is worked by its conseiller and its responsable d'équipe;
    # the team (rule, transfers) is the responsable's; P's référent is designated by either.
    ("backoffice:referents_a_attribuer", {"pk": "org"}, "get", "page", {"conseiller", "responsable_equipe"}),
    ("backoffice:referents_a_attribuer", {"pk": "org"}, "post", "page", {"conseiller", "responsable_equipe"}),
    ("backoffice:referents_equipe", {"pk": "org"}, "get", "page", {"responsable_equipe"}),
    ("backoffice:referents_equipe", {"pk": "org"}, "post", "page", {"responsable_equipe"}),
    ("backoffice:referent_personne", {"pk": "p"}, "get", "page", {"conseiller", "responsable_equipe"}),
    ("backoffice:referent_personne", {"pk": "p"}, "post", "page", {"conseiller", "responsable_equipe"}),
    # --- API clients (issue 20, clients): A's admin manages A's software; E's admin its recruitment software.
    ("backoffice:clients_api", {"pk": "org"}, "get", "page", {"admin_organisation"}),
    ("backoffice:clients_api", {"pk": "org"}, "post", "page", {"admin_organisation"}),
    ("backoffice:client_api", {"pk": "org", "client_pk": "client_api_a"}, "get", "page", {"admin_organisation"}),
    ("backoffice:client_api", {"pk": "org", "client_pk": "client_api_a"}, "post", "page", {"admin_organisation"}),
    (
        "backoffice:renouveler_client_api",
        {"pk": "org", "client_pk": "client_api_a"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    (
        "backoffice:revoquer_client_api",
        {"pk": "org", "client_pk": "client_api_a"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    ("entreprises:clients_api", {"pk": "entreprise_e"}, "get", "page", {"employeur"}),
    ("entreprises:clients_api", {"pk": "entreprise_e"}, "post", "page", {"employeur"}),
    ("entreprises:client_api", {"pk": "entreprise_e", "client_pk": "client_api_e"}, "get", "page", {"employeur"}),
    ("entreprises:client_api", {"pk": "entreprise_e", "client_pk": "client_api_e"}, "post", "page", {"employeur"}),
    (
        "entreprises:renouveler_client_api",
        {"pk": "entreprise_e", "client_pk": "client_api_e"},
        "post",
        "page",
        {"employeur"},
    ),
    (
        "entreprises:revoquer_client_api",
        {"pk": "entreprise_e", "client_pk": "client_api_e"},
        "post",
        "page",
        {"employeur"},
    ),
    ("v1:personne-list", {}, "get", "api", DOSSIERS),
    ("v1:personne-detail", {"pk": "p"}, "get", "api", LECTEURS_DE_P),
    ("v1:personne-detail", {"pk": "p_archivee"}, "get", "api", set()),
    # Contact details are changed by those who accompany P (as on the pages), not by every reader.
    ("v1:personne-detail", {"pk": "p"}, "patch", "api", {"conseiller"}),
    (
        "v1:api-root",
        {},
        "get",
        "api",
        DOSSIERS
        | {
            "pilote",
            "admin_organisation",
            "responsable_equipe",
            "protection_donnees",
            "staff",
            "personne",
            "employeur",
        },
    ),
    # --- The partners' API: appointments, follow-up, diagnostic (issue 20, rdvdiag) -------------------
    ("v1:agenda-list", {}, "get", "api", AGENDAS),
    ("v1:agenda-detail", {"pk": "agenda"}, "get", "api", {"conseiller", "admin_organisation", "responsable_equipe"}),
    ("v1:creneau-list", {}, "get", "api", DOSSIERS),
    ("v1:creneau-detail", {"pk": "creneau_api"}, "get", "api", {"conseiller"}),
    ("v1:rendezvous-list", {}, "get", "api", DOSSIERS),
    ("v1:rendezvous-detail", {"pk": "rdv_p"}, "get", "api", LECTEURS_DE_P),
    ("v1:suivi-list", {}, "get", "api", DOSSIERS),
    ("v1:suivi-detail", {"pk": "suivi_p"}, "get", "api", LECTEURS_DE_P),
    ("v1:diagnostic-list", {"personne_pk": "p"}, "get", "api", LECTEURS_DE_P),
    ("v1:diagnostic-detail", {"personne_pk": "p", "section": "section_diagnostic"}, "get", "api", LECTEURS_DE_P),
    (
        "v1:diagnostic-detail",
        {"personne_pk": "p", "section": "section_sensible"},
        "get",
        "api",
        {"conseiller", "equipe_pluridisciplinaire"},
    ),
    # Partner API (i20-contrats): contracts, sanctions and offers answer as their pages do. Contracts: the readers
    # of the contract pages (LECTEURS_DE_P for P's); procedures and manquements: the sanctions queue's roles, P's
    # procedure and manquement to A's control team; offers: the employer (its company's) and the network's
    # conseillers (published ones); applications: the employer only.
    (
        "v1:contrat-list",
        {},
        "get",
        "api",
        ACCOMPAGNEMENT | {"decideur_departemental", "equipe_pluridisciplinaire", "responsable_equipe"},
    ),
    ("v1:contrat-detail", {"pk": "contrat_p"}, "get", "api", LECTEURS_DE_P),
    ("v1:contrat-pdf", {"pk": "contrat_p"}, "get", "api", LECTEURS_DE_P),
    ("v1:contrat-suivi", {"pk": "contrat_p"}, "get", "api", LECTEURS_DE_P),
    ("v1:procedure-list", {}, "get", "api", ACCOMPAGNEMENT | {"decideur_departemental", "equipe_pluridisciplinaire"}),
    ("v1:procedure-detail", {"pk": "sanction_p"}, "get", "api", {"conseiller"}),
    ("v1:manquement-list", {}, "get", "api", ACCOMPAGNEMENT | {"decideur_departemental", "equipe_pluridisciplinaire"}),
    ("v1:manquement-detail", {"pk": "manquement_p"}, "get", "api", {"conseiller"}),
    ("v1:offre-list", {}, "get", "api", ACCOMPAGNEMENT | {"employeur"}),
    ("v1:offre-detail", {"pk": "offre_publiee"}, "get", "api", ACCOMPAGNEMENT | {"employeur"}),
    ("v1:offre-detail", {"pk": "offre_brouillon"}, "get", "api", {"employeur"}),
    ("v1:candidature-list", {}, "get", "api", {"employeur"}),
    ("v1:candidature-detail", {"pk": "candidature_e"}, "get", "api", {"employeur"}),
    # --- Partner API (issue 20, personnes): the same gates as the pages that show or do the same thing ---
    # The NIR search: the national search page's roles; an empty body reaches the form's check (400).
    ("v1:personne-recherche-nir", {}, "post", "api-ecriture", RECHERCHE),
    # The registration and the RSA right: the person page's blocks.
    ("v1:inscription-list", {"personne_pk": "p"}, "get", "api", LECTEURS_DE_P),
    ("v1:orientation-list", {}, "get", "api", DOSSIERS),
    ("v1:orientation-detail", {"pk": "decision_r"}, "get", "api", LECTEURS_DE_P),
    # R's decision is taken: who reads R reaches the action's « already decided » (400); who may decide an
    # open one is tested in tests/api/personnes/test_orientations.py and the deep matrix.
    ("v1:orientation-confirmer", {"pk": "decision_r"}, "post", "api-ecriture", LECTEURS_DE_P),
    ("v1:orientation-modifier", {"pk": "decision_r"}, "post", "api-ecriture", LECTEURS_DE_P),
    # The CAF/MSA flux: the upload page's staff (the pilote of A is pilote of the CD du Nord).
    ("v1:flux-caf-list", {}, "get", "api", {"pilote"}),
    ("v1:flux-caf-list", {}, "post", "api-ecriture", {"pilote"}),
    ("v1:flux-caf-detail", {"pk": "import_flux"}, "get", "api", {"pilote"}),
    ("v1:flux-caf-rejets", {"pk": "import_flux"}, "get", "api", {"pilote"}),
    # Reference data: every logged-in account (a token needs referentiels:read).
    ("v1:commune-list", {}, "get", "api", TOUS - {"anonyme"}),
    ("v1:departement-list", {}, "get", "api", TOUS - {"anonyme"}),
    ("v1:organisation-list", {}, "get", "api", TOUS - {"anonyme"}),
    ("v1:metier-list", {}, "get", "api", TOUS - {"anonyme"}),
    ("admin:index", {}, "get", "admin", {"staff"}),
    ("admin:personnes_personne_changelist", {}, "get", "admin", {"staff"}),
    ("rendezvous:liste", {}, "get", "page", {"personne"}),
    ("rendezvous:choisir", {"pk": "rdv_moi"}, "post", "page", {"personne"}),
    ("rendezvous:annuler", {"pk": "rdv_moi"}, "get", "page", {"personne"}),
    ("rendezvous:deplacer", {"pk": "rdv_moi"}, "get", "page", {"personne"}),
    ("backoffice:rendez_vous_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:presence_rendez_vous", {"pk": "p", "rdv_pk": "rdv_p"}, "get", "page", {"conseiller"}),
    ("backoffice:modifier_rendez_vous", {"pk": "p", "rdv_pk": "rdv_p"}, "get", "page", {"conseiller"}),
    # Agendas (rendezvous/views/agendas.py): the accompaniment roles book in them, the responsable d'équipe and the
    # organisation's admin run them (rendezvous.acces.ROLES_AGENDAS); A's agenda is read within A only.
    ("backoffice:agendas", {}, "get", "page", AGENDAS),
    ("backoffice:agenda_nouveau", {}, "get", "page", AGENDAS),
    ("backoffice:agendas_semaine", {}, "get", "page", AGENDAS),
    ("backoffice:agenda", {"pk": "agenda"}, "get", "page", {"conseiller", "admin_organisation", "responsable_equipe"}),
    # The .ics of an appointment: the person for their own, whoever reads the file for the person's.
    ("rendezvous:calendrier", {"pk": "rdv_moi"}, "get", "page", {"personne"}),
    ("rendezvous:justificatif", {"pk": "rdv_moi"}, "get", "page", {"personne"}),
    # Attached documents (issue 21): the nature's readers (an excused absence's justificatif: the file's gate).
    ("documents:telecharger", {"pk": "document_p"}, "get", "page", LECTEURS_DE_P),
    # The logged-in person's own: them, and the département's roles, who read every file of the Nord.
    (
        "documents:telecharger",
        {"pk": "document_moi"},
        "get",
        "page",
        {"personne", "decideur_departemental", "equipe_pluridisciplinaire"},
    ),
    ("backoffice:calendrier_rendez_vous", {"pk": "p", "rdv_pk": "rdv_p"}, "get", "page", LECTEURS_DE_P),
    # Invitation letters (francetravail/invitations/courriers_acces.py): the accompanying roles and the team
    # managers print their organisation's batches; A's batch of the day for A's conseiller and responsable.
    ("backoffice:courriers", {}, "get", "page", {"conseiller", "travailleur_social", "responsable_equipe"}),
    ("backoffice:courriers_pdf", {"pk": "lot_courriers"}, "get", "page", {"conseiller", "responsable_equipe"}),
    ("backoffice:courriers_imprime", {"pk": "lot_courriers"}, "post", "page", {"conseiller", "responsable_equipe"}),
    ("backoffice:orientations", {}, "get", "page", {"conseiller", "decideur_departemental"}),
    ("backoffice:orientation_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    # The e-mails and SMS sent to P, with their delivery status (francetravail/notifications/views/personne.py).
    ("backoffice:avis_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    # The decision letter to print and post (an e-mail that bounced): R, oriented to A, read like P.
    ("backoffice:orientation_courrier", {"pk": "r_oriente"}, "get", "page", LECTEURS_DE_P),
    ("orientation:pourquoi", {}, "get", "page", {"personne"}),
    # The logged-in person's orientation was notified (their contract follows it): their letter opens.
    ("orientation:courrier", {}, "get", "page", {"personne"}),
    # Public by design (the e-mail's link); a forged token is a 404 for everyone (tests/orientation).
    ("orientation:accuse", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    # The booking link (no account): a forged or altered token is a 404 page for everyone (an expired or
    # withdrawn one a 410 page, the pages behind the identity check a redirect to it: tests/invitations).
    ("invitations:lien", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    # Invitations to book (francetravail/invitations): whoever works agendas (accompaniment roles) invites, for
    # one person only if they read the file (P: A's conseiller); a lot and a callback request are A's.
    ("backoffice:inviter_personne", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:inviter_personne", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("backoffice:inviter_liste", {}, "get", "page", ACCOMPAGNEMENT),
    # The travailleur social may post: the form refuses an organisation whose agendas they do not work.
    ("backoffice:inviter_liste", {}, "post", "page", ACCOMPAGNEMENT),
    ("backoffice:lots_invitations", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:lot_invitations", {"pk": "lot_invitations"}, "get", "page", {"conseiller"}),
    ("backoffice:demandes_rappel", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:traiter_demande_rappel", {"pk": "demande_rappel"}, "post", "page", {"conseiller"}),
    ("invitations:lien", {"jeton": "jeton_falsifie"}, "post", "introuvable", set()),
    ("invitations:reserver", {"jeton": "jeton_falsifie"}, "post", "introuvable", set()),
    ("invitations:confirmation", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    ("invitations:annuler", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    ("invitations:calendrier", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    ("invitations:espace", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    ("invitations:rappel", {"jeton": "jeton_falsifie"}, "get", "introuvable", set()),
    # Reference data (no personal data): every professional, and the person for their own forms.
    ("rome:appellations", {}, "get", "page", PROS | {"personne"}),
    # The COG, for every form where a commune is named: people, employers and professionals.
    ("communes:recherche", {}, "get", "page", PROS | {"personne", "employeur"}),
    # Diagnostic: the sensitive parts by role are tested in tests/diagnostic/test_permissions.py.
    ("backoffice:diagnostic", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:diagnostic_section", {"pk": "p", "section": "section_diagnostic"}, "get", "page", {"conseiller"}),
    ("backoffice:diagnostic_section", {"pk": "p", "section": "section_sensible"}, "get", "page", {"conseiller"}),
    ("backoffice:diagnostic_historique", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:diagnostic_piece", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:diagnostic_difference", {"pk": "p", "section": "section_diagnostic"}, "get", "page", LECTEURS_DE_P),
    (
        "backoffice:diagnostic_difference",
        {"pk": "p", "section": "section_sensible"},
        "get",
        "page",
        {"conseiller", "equipe_pluridisciplinaire"},
    ),
    ("diagnostic:consulter", {}, "get", "page", {"personne"}),
    # Contract (référent's side): P's contract was signed on paper, then put under revision.
    ("backoffice:contrat", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:contrat_version", {"pk": "p", "version_pk": "version_p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:contrat_version_pdf", {"pk": "p", "version_pk": "version_p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:contrat_suivi", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:contrat_rediger", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("backoffice:contrat_action_ajouter", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:contrat_action_modifier", {"pk": "p", "action_pk": "action_p"}, "get", "page", {"conseiller"}),
    ("backoffice:contrat_action_supprimer", {"pk": "p", "action_pk": "action_p"}, "post", "page", {"conseiller"}),
    ("backoffice:contrat_duree", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:contrat_ore", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:contrat_soumettre", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("backoffice:contrat_contresigner", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("backoffice:contrat_signature_papier", {"pk": "p"}, "get", "page", {"conseiller"}),
    # P's contract is under revision (not signed): nobody opens another revision; tests/contrats covers it.
    ("backoffice:contrat_revision", {"pk": "p"}, "get", "page", set()),
    ("backoffice:contrat_rythme", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:contrat_point_etape", {"pk": "p"}, "get", "page", {"conseiller"}),
    # The person's own contract, activity and messages; the référent's side of the messages.
    ("messagerie:fil", {}, "get", "page", {"personne"}),
    # The notification centre: one's own notifications only (someone else's id is a 404). Every
    # professional has one, whatever their roles; employers have none (their e-mails say it all).
    ("notifications:liste", {}, "get", "page", {"personne"}),
    ("notifications:lue", {"pk": "notif_moi"}, "post", "page", {"personne"}),
    ("notifications:toutes_lues", {}, "post", "page", {"personne"}),
    ("backoffice:notifications", {}, "get", "page", PROS),
    ("backoffice:notification_lue", {"pk": "notif_conseiller"}, "post", "page", {"conseiller"}),
    ("backoffice:notifications_toutes_lues", {}, "post", "page", PROS),
    ("messagerie:fil", {}, "post", "page", {"personne"}),
    ("backoffice:messages_personne", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:messages_personne", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("backoffice:messages_non_lus", {}, "get", "page", ACCOMPAGNEMENT),
    ("contrats:contrat", {}, "get", "page", {"personne"}),
    ("contrats:contrat", {}, "post", "page", {"personne"}),
    ("contrats:version", {"pk": "version_moi"}, "get", "page", {"personne"}),
    ("contrats:version_pdf", {"pk": "version_moi"}, "get", "page", {"personne"}),
    ("contrats:activite", {}, "get", "page", {"personne"}),
    ("contrats:activite", {}, "post", "page", {"personne"}),
    ("backoffice:indicateurs_contrats", {}, "get", "page", {"pilote"}),
    # Sanctions: P's procedure is an allocation case run and decided by A (France Travail).
    ("backoffice:sanctions", {}, "get", "page", RECHERCHE),
    ("backoffice:sanctions_tableau", {}, "get", "page", {"pilote"}),
    ("backoffice:sanction", {"pk": "sanction_p"}, "get", "page", {"conseiller"}),
    ("backoffice:sanction_etape", {"pk": "sanction_p", "etape": "etape_sanction"}, "post", "page", {"conseiller"}),
    ("backoffice:sanction_courrier", {"pk": "sanction_p", "courrier_pk": "courrier_p"}, "get", "page", {"conseiller"}),
    ("backoffice:manquement_signaler", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("sanctions:liste", {}, "get", "page", {"personne"}),
    ("sanctions:procedure", {"pk": "sanction_moi"}, "get", "page", {"personne"}),
    ("sanctions:procedure", {"pk": "sanction_moi"}, "post", "page", {"personne"}),
    ("sanctions:courrier", {"pk": "sanction_moi", "courrier_pk": "courrier_moi"}, "get", "page", {"personne"}),
    # The end of the RSA right: R (followed by the département) may have it decided; the logged-in person's
    # was decided (they form their RAPO). The département's social worker runs R's procedure.
    ("backoffice:sanctions_fins_droit", {}, "get", "page", {"decideur_departemental"}),
    (
        "backoffice:sanction_fin_droit",
        {"pk": "fin_droit_possible"},
        "get",
        "page",
        {"travailleur_social", "decideur_departemental", "equipe_pluridisciplinaire"},
    ),
    ("backoffice:sanction_fin_droit", {"pk": "fin_droit_possible"}, "post", "page", {"decideur_departemental"}),
    ("sanctions:recours_fin_droit", {"pk": "sanction_fin_droit_moi"}, "post", "page", {"personne"}),
    # Employers: company E of A (référent: A's conseiller; the scenario's employer is its admin; another
    # employer's request waits), a published offer, a draft, an offer under review, a 48-hour callback;
    # P put forward by A's conseiller, the logged-in person's own application; immersions of P (requested)
    # and of the logged-in person (the three agreed, convention stored).
    ("entreprises:rattachement", {}, "get", "page", {"employeur"}),
    ("entreprises:rattachement", {}, "post", "page", {"employeur"}),
    ("entreprises:entreprise", {"pk": "entreprise_e"}, "get", "page", {"employeur"}),
    ("entreprises:entreprise", {"pk": "entreprise_e"}, "post", "page", {"employeur"}),
    ("entreprises:membre", {"pk": "entreprise_e", "membre_pk": "membre_e"}, "post", "page", {"employeur"}),
    ("entreprises:ecrire", {"pk": "entreprise_e"}, "post", "page", {"employeur"}),
    ("backoffice:entreprises", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:entreprise", {"pk": "entreprise_e"}, "get", "page", {"conseiller"}),
    ("backoffice:entreprise_referent", {"pk": "entreprise_e"}, "post", "page", {"conseiller"}),
    ("entreprises:offres", {}, "get", "page", {"employeur"}),
    ("entreprises:offre_nouvelle", {}, "get", "page", {"employeur"}),
    ("entreprises:offre", {"pk": "offre_brouillon"}, "get", "page", {"employeur"}),
    ("entreprises:offre_modifier", {"pk": "offre_brouillon"}, "get", "page", {"employeur"}),
    (
        "entreprises:offre_etape",
        {"pk": "offre_brouillon", "etape": "etape_offre_retirer"},
        "post",
        "page",
        {"employeur"},
    ),
    ("backoffice:offres", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:offres_a_valider", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:offre", {"pk": "offre_publiee"}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:offre", {"pk": "offre_brouillon"}, "get", "page", {"conseiller"}),
    ("backoffice:offre_modifier", {"pk": "offre_brouillon"}, "get", "page", {"conseiller"}),
    (
        "backoffice:offre_etape",
        {"pk": "offre_a_valider", "etape": "etape_offre_renvoyer"},
        "post",
        "page",
        {"conseiller"},
    ),
    ("backoffice:offre_nouvelle", {"pk": "entreprise_e"}, "get", "page", {"conseiller"}),
    ("backoffice:taches_entreprises", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:tache_entreprise_faite", {"pk": "tache_e"}, "post", "page", {"conseiller"}),
    ("backoffice:offre_candidats", {"pk": "offre_publiee"}, "get", "page", {"conseiller"}),
    ("backoffice:profil_recherche", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("backoffice:offres_pour_personne", {"pk": "p"}, "get", "page", LECTEURS_DE_P),
    ("emploi:profil", {}, "get", "page", {"personne"}),
    ("emploi:profil", {}, "post", "page", {"personne"}),
    ("emploi:profil_reprendre", {}, "post", "page", {"personne"}),
    ("backoffice:profil_recherche_reprendre", {"pk": "p"}, "post", "page", {"conseiller"}),
    ("emploi:offres", {}, "get", "page", {"personne"}),
    ("emploi:offre", {"pk": "offre_publiee"}, "get", "page", {"personne"}),
    ("emploi:offre", {"pk": "offre_brouillon"}, "get", "page", set()),
    ("entreprises:offre_candidatures", {"pk": "offre_publiee"}, "get", "page", {"employeur"}),
    ("entreprises:candidature", {"pk": "candidature_e"}, "get", "page", {"employeur"}),
    ("entreprises:candidature", {"pk": "candidature_e"}, "post", "page", {"employeur"}),
    ("entreprises:immersions", {}, "get", "page", {"employeur"}),
    ("entreprises:immersion", {"pk": "immersion_p"}, "get", "page", {"employeur"}),
    ("entreprises:immersion", {"pk": "immersion_p"}, "post", "page", {"employeur"}),
    ("entreprises:immersion_convention", {"pk": "immersion_moi"}, "get", "page", {"employeur"}),
    ("backoffice:mettre_en_relation", {"pk": "offre_publiee", "personne_pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:mettre_en_relation", {"pk": "offre_publiee", "personne_pk": "p"}, "post", "page", {"conseiller"}),
    ("backoffice:candidature", {"pk": "candidature_e"}, "get", "page", {"conseiller"}),
    ("backoffice:candidatures_personne", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:immersions", {}, "get", "page", ACCOMPAGNEMENT),
    ("backoffice:immersion", {"pk": "immersion_p"}, "get", "page", {"conseiller"}),
    ("backoffice:immersion", {"pk": "immersion_p"}, "post", "page", {"conseiller"}),
    ("backoffice:immersion_convention", {"pk": "immersion_p"}, "get", "page", set()),  # not concluded yet
    ("backoffice:immersion_nouvelle", {"pk": "p"}, "get", "page", {"conseiller"}),
    ("backoffice:indicateurs_entreprises", {}, "get", "page", {"pilote"}),
    ("emploi:candidatures", {}, "get", "page", {"personne"}),
    ("emploi:candidater", {"pk": "offre_publiee"}, "get", "page", {"personne"}),
    ("emploi:candidater", {"pk": "offre_publiee"}, "post", "page", {"personne"}),
    ("emploi:candidature_retirer", {"pk": "candidature_moi"}, "get", "page", {"personne"}),
    ("emploi:immersions", {}, "get", "page", {"personne"}),
    ("emploi:immersion", {"pk": "immersion_moi"}, "get", "page", {"personne"}),
    ("emploi:immersion_convention", {"pk": "immersion_moi"}, "get", "page", {"personne"}),
    # Appeals: Q's allocation decision by a France Travail agency of the Nord is under médiation
    # préalable; A's médiateur (Nord, Hauts-de-France) is its regional mediator. The département's
    # decider instructs RAPOs only: their list opens, this appeal is a 404 for them.
    ("backoffice:sanctions_recours", {}, "get", "page", {"mediateur", "decideur_departemental"}),
    ("backoffice:sanction_recours", {"pk": "recours_q"}, "get", "page", {"mediateur"}),
    (
        "backoffice:sanction_recours_etape",
        {"pk": "recours_q", "etape": "etape_recours"},
        "post",
        "page",
        {"mediateur"},
    ),
    (
        "backoffice:sanction_recours_courrier",
        {"pk": "recours_q", "courrier_pk": "courrier_recours"},
        "get",
        "page",
        {"mediateur"},
    ),
    # Webhooks (issue 20, webhooks engineer): only A's own administrator; a national administrator is refused too.
    ("backoffice:webhooks", {"pk": "org"}, "get", "page", {"admin_organisation"}),
    ("backoffice:webhook_nouveau", {"pk": "org"}, "get", "page", {"admin_organisation"}),
    ("backoffice:webhook_nouveau", {"pk": "org"}, "post", "page", {"admin_organisation"}),
    (
        "backoffice:webhook_secret",
        {"pk": "org", "abonnement_pk": "abonnement"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    (
        "backoffice:webhook_desactiver",
        {"pk": "org", "abonnement_pk": "abonnement"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    ("backoffice:webhook_livraisons", {"pk": "org"}, "get", "page", {"admin_organisation"}),
    (
        "backoffice:webhook_livraison",
        {"pk": "org", "livraison_pk": "livraison_echec"},
        "get",
        "page",
        {"admin_organisation"},
    ),
    (
        "backoffice:webhook_rejouer",
        {"pk": "org", "livraison_pk": "livraison_echec"},
        "post",
        "page",
        {"admin_organisation"},
    ),
    # The purge register (issue 21): the data protection officer only (Role.PROTECTION_DONNEES).
    ("backoffice:registre_purges", {}, "get", "page", {"protection_donnees"}),
]


@pytest.fixture(scope="module")
def _dossier_media(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media_matrice"))


@pytest.fixture(autouse=True)
def _media_du_scenario(settings, _dossier_media):
    # The scenario's files (a paper-signature scan) are written once for the module: every case reads them there.
    settings.MEDIA_ROOT = _dossier_media


@pytest.fixture(scope="module")
def _scenario_du_module(django_db_setup, django_db_blocker, _dossier_media):
    """Built once for the module's ~1 000 cases, in a transaction rolled back at the end; each case
    runs in its own savepoint inside it (as Django's setUpTestData), so what a case changes is undone."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_dossier_media), transaction.atomic():
        yield _construire_scenario()
        transaction.set_rollback(True)


@pytest.fixture
def scenario(_scenario_du_module, db):
    return _scenario_du_module


def _construire_scenario():
    org = OrganisationFactory(departement_id="59")
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    users = {
        "personne": PersonneFactory(avec_compte=True).user,
        "employeur": UserFactory(employeur=True),
        "conseiller": professionnel(org, Role.CONSEILLER),
        "mediateur": professionnel(org, Role.MEDIATEUR),
        "pilote": professionnel(org, Role.PILOTE),
        "admin_organisation": professionnel(org, Role.ADMIN_ORGANISATION),
        "responsable_equipe": professionnel(org, Role.RESPONSABLE_EQUIPE),
        "protection_donnees": professionnel(org, Role.PROTECTION_DONNEES),
        "travailleur_social": professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        "decideur_departemental": professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL),
        "equipe_pluridisciplinaire": professionnel(cd, Role.EQUIPE_PLURIDISCIPLINAIRE),
        "staff": UserFactory(professionnel=True, is_staff=True, is_superuser=True),
    }
    p = PersonneFactory(organisme_referent=org)
    DossierInscription.objects.create(personne=p, canal=Canal.GUICHET, organisation=org, etape="identite")
    victime = professionnel(org, Role.CONSEILLER)
    m = victime.memberships.get()
    ids = {"p": p.pk, "org": org.pk, "m": m.pk, "etape": "identite", "jeton_falsifie": "pas-un-jeton"}
    ids["personne_moi"] = users["personne"].personne.pk
    # A file of A in the intermediate archive (issue 21; the nightly sweep sets the date).
    ids["p_archivee"] = PersonneFactory(organisme_referent=org, archivee_le=timezone.now()).pk
    ids |= _ids_rattachement_en_attente(org, cd)
    ids |= {"section_diagnostic": "competences", "section_sensible": "sante"}
    ids |= _ids_rendezvous(org, p, users["personne"].personne)
    ids |= _ids_documents(ids, users)
    ids |= _ids_api_rdvdiag(org, p)
    ids |= _ids_courriers(p)
    ids |= _ids_orientation_courrier(org, users["conseiller"])
    ids |= _ids_contrat(org, p, users["conseiller"])
    ids |= _ids_contrat_moi(users["personne"].personne)
    ids |= _ids_recours()
    ids |= _ids_employeurs(org, p, users)
    ids |= _ids_clients_api(org, users)
    ids |= _ids_fin_droit(cd, users)
    ids |= _ids_notifications(users)
    ids |= _ids_implications(org, p, users)
    ids |= _ids_flux_caf(cd, users)
    ids |= _ids_flux(p)
    ids |= _ids_invitations(org, p, users["conseiller"])
    ids |= _ids_webhooks(org, users["admin_organisation"])
    ids |= _ids_rectifications(org, p, users["personne"])
    ids |= _ids_copie(users["personne"].personne)
    return {"users": users, "ids": ids | _ids_sanctions(p, users["conseiller"], users["personne"].personne)}


def _ids_copie(personne_connectee):
    """A ready copy of the logged-in person's file (its ZIP stored in the scenario's media)."""
    from django.core.files.base import ContentFile

    from francetravail.donnees.enums import StatutCopie
    from francetravail.donnees.models import CopieDossier

    maintenant = timezone.now()
    copie = CopieDossier(
        personne=personne_connectee,
        demandee_par=personne_connectee.user,
        statut=StatutCopie.PRETE,
        progression=100,
        prete_le=maintenant,
        expire_le=maintenant + datetime.timedelta(days=7),
    )
    copie.fichier.save("copie.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    copie.save()
    return {"copie_moi": copie.pk}


def _ids_flux_caf(cd, users):
    """The pilote of A is also pilote of the CD du Nord: they run the Nord's CAF/MSA flows."""
    from django.core.files.base import ContentFile

    from inscription import apercus
    from inscription.models import CorrespondanceColonnes, ImportFluxCAF
    from tests.factories import MembershipFactory

    MembershipFactory(user=users["pilote"], organisation=cd, role=Role.PILOTE)
    # The Nord's own wording of one text, which « revenir au texte national » can end.
    Formulation.objects.create(
        departement_id="59", cle="relance_sms", texte="Relance du Nord : {{ lien }}", created_by=users["pilote"]
    )
    imp = ImportFluxCAF.objects.create(departement_id="59", nom_fichier="export.csv", nb_rejetees=1)
    imp.lignes.create(numero_ligne=2, motif="Date de naissance : cellule vide")  # its report has a line
    correspondance = CorrespondanceColonnes.objects.create(departement_id="59", nom="Export IODAS (matrice)")
    contenu = "N° CAF;Nom;Prénom;Date de naissance;Divers\n1234567;Dupont;Jean;12/12/1984;x\n".encode()

    def depot(nom):
        return apercus.deposer(
            ContentFile(contenu), nom_fichier=nom, departement="59", format="tableur", correspondance=correspondance
        )

    # Each write consumes or changes its own waiting file (the storage is not rolled back between cases).
    return {
        "dep": "59",
        "cle_formulation": "invitation_sms",
        "cle_formulation_perso": "relance_sms",
        "import_flux": imp.pk,
        "correspondance_flux": correspondance.pk,
        "jeton_flux": depot("export.csv"),
        "jeton_flux_choix": depot("choix.csv"),
        "jeton_flux_import": depot("import.csv"),
        "jeton_flux_abandon": depot("abandon.csv"),
    }


def _ids_flux(p):
    """A household of P (Nord) that the last monthly stock did not list."""
    foyer = FoyerRSA.objects.create(
        organisme_payeur="CAF",
        numero_allocataire="5900001000000",
        departement_id="59",
        etat="2",
        absent_du_stock_le=datetime.date(2025, 4, 1),
    )
    return {"foyer_absent": foyer.pk}


def _ids_implications(org, p, users):
    """The conseiller invites the CD (the social worker's organisation) into P's file: proposed, it opens
    nothing; a Mission locale of the Nord, which the writes' matrix invites."""
    from francetravail.personnes.actions import inviter

    invitation = inviter(
        p,
        acting_user=users["conseiller"],
        organisation=users["travailleur_social"].memberships.get().organisation,
        role="co_referent",
        motif="Co-rédaction du diagnostic (matrice)",
    )
    ml = OrganisationFactory(mission_locale=True, departement_id="59")
    return {"invitation": invitation.pk, "ml": ml.pk}


def _ids_notifications(users):
    """An unread notification for every account: the person's and the conseiller's are the ones marked read."""
    from tests.notifications.centre import notification_pour

    ids = {
        f"notif_{role}": notification_pour(user, lien="/mon-espace/" if role == "personne" else "/conseiller/").pk
        for role, user in users.items()
    }
    return ids | {"notif_moi": ids["notif_personne"]}


def _ids_rattachement_en_attente(org, cd):
    """The conseil départemental asks to attach a conseiller of A: pending A's confirmation."""
    from francetravail.reseau.actions import creer_professionnel

    demande = creer_professionnel(
        cd,
        email=professionnel(org, Role.CONSEILLER).email,
        first_name="Camille",
        last_name="Rattachée",
        role=Role.EQUIPE_PLURIDISCIPLINAIRE,
        acting_user=professionnel(cd, Role.ADMIN_ORGANISATION),
    )
    return {"m_en_attente": demande.pk}


def _ids_contrat(org, p, conseiller):
    """P's contract, signed on paper at the desk (scan kept) then under revision: every contract page opens."""
    import datetime
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from contrats import actions
    from contrats.models import SocleDroitsDevoirs
    from tests.contrats.factories import orientation_notifiee, socle
    from tests.fichiers import pdf_lisible

    orientation_notifiee(p, organisme=org)
    if SocleDroitsDevoirs.objects.en_vigueur("professionnel") is None:  # published by migration contrats/0004
        socle()
    contrat = actions.rediger(p, acting_user=conseiller)
    action = actions.ajouter_action(
        contrat,
        acting_user=conseiller,
        type_action="formation",
        porteur="personne",
        description="Formation de cariste",
        debut=datetime.date.today(),
        heures_hebdo=Decimal(15),
    )
    scan = SimpleUploadedFile("contrat.pdf", pdf_lisible(), content_type="application/pdf")  # opened, not sniffed
    contrat = actions.enregistrer_signature_papier(contrat, acting_user=conseiller, scan=scan)
    actions.ouvrir_revision(contrat, acting_user=conseiller, motif="Point d'étape.")
    return {"action_p": action.pk, "version_p": contrat.version_en_vigueur_id, "contrat_p": contrat.pk}


def _ids_contrat_moi(personne_connectee):
    """A contract submitted to the logged-in person (not accepted: acceptance renders a PDF per case)."""
    import datetime
    from decimal import Decimal

    from contrats import actions
    from tests.contrats.factories import orientation_notifiee

    referent = professionnel(personne_connectee.organisme_referent, Role.CONSEILLER)
    orientation_notifiee(personne_connectee)
    contrat = actions.rediger(personne_connectee, acting_user=referent)
    actions.ajouter_action(
        contrat,
        acting_user=referent,
        type_action="formation",
        porteur="personne",
        description="Formation",
        debut=datetime.date.today(),
        heures_hebdo=Decimal(15),
    )
    contrat = actions.soumettre(contrat, acting_user=referent)
    return {"version_moi": contrat.derniere_version().pk}


def _ids_sanctions(p, conseiller, personne_connectee):
    """A procedure on P run and decided by A, and one on the logged-in person; both past the prior notice."""
    import datetime

    from sanctions import actions
    from sanctions.models import CourrierProcedure

    def avertie(personne, referent):
        manquement = actions.signaler_manquement(
            personne,
            acting_user=referent,
            type_manquement="m1",
            faits="Absent à l'atelier.",
            date_faits=datetime.date.today() - datetime.timedelta(days=5),
        )
        procedure = actions.ouvrir_procedure(manquement, acting_user=referent, public="allocation")
        procedure = actions.examiner(procedure, acting_user=referent, examen="Revue.", accompagnement_fourni="Suivi.")
        return actions.notifier_avertissement_prealable(
            procedure, acting_user=referent, mesure_envisagee="suspension", sanction_envisagee="30 % un mois."
        )

    sanction_p = avertie(p, conseiller)
    sanction_moi = avertie(personne_connectee, professionnel(personne_connectee.organisme_referent, Role.CONSEILLER))
    courriers = CourrierProcedure.objects.values_list("pk", flat=True)
    return {
        "sanction_p": sanction_p.pk,
        "manquement_p": sanction_p.manquement_id,
        "etape_sanction": "audition",
        "courrier_p": courriers.filter(procedure=sanction_p).first(),
        "sanction_moi": sanction_moi.pk,
        "courrier_moi": courriers.filter(procedure=sanction_moi).first(),
    }


def _ids_fin_droit(cd, users):
    """The end of the RSA right (CASF R262-68): R, followed by the département, whose total suppression of
    4 months ended today (the département's decider may end the right); and the logged-in person, whose
    RSA procedure (run by their France Travail agency, which proposed) ended with the end of their right."""
    from django.utils import timezone

    from contrats.regles import ajouter_mois
    from sanctions import actions, delais, fin_droit
    from sanctions.enums import Mesure, StatutProcedure
    from sanctions.models import ProcedureSanction
    from tests.sanctions.situations_rsa import a_decider, suppression_totale

    suspension = {"mesure": Mesure.SUSPENSION, "taux": 30, "duree_mois": 1}

    debut = ajouter_mois(timezone.localdate(), -4)
    r = PersonneFactory(organisme_referent=cd)
    roles = {"decideur": users["decideur_departemental"], "equipe_pluri": users["equipe_pluridisciplinaire"]}
    ts = users["travailleur_social"]
    possible = suppression_totale(r, signale_par=ts, equipe=ts, debut=debut, **roles)
    # The logged-in person was oriented today (their contract follows it): no earlier decision counts for a
    # reiteration (R5412-3-4), so their decision is written as a total suppression here — this module tests
    # who reaches the pages; tests/sanctions/test_fin_droit_rsa.py builds it through the rules.
    moi = users["personne"].personne
    referent = professionnel(moi.organisme_referent, Role.CONSEILLER)
    decidee = a_decider(moi, signale_par=referent, equipe=referent, date_faits=debut)
    delegue = professionnel(moi.organisme_referent, Role.DELEGUE_SANCTIONS)
    actions.proposer(decidee, acting_user=delegue, motivation="Proposition (matrice).", **suspension)
    decidee = actions.decider(decidee, acting_user=roles["decideur"], motivation="Décision (matrice).", **suspension)
    ProcedureSanction.objects.filter(pk=decidee.pk).update(
        statut=StatutProcedure.SANCTION_EN_COURS,
        mesure=Mesure.SUPPRESSION,
        taux=100,
        duree_mois=4,
        radiation_mois=4,
        debut=debut,
        fin=delais.fin_sanction(debut, 4),
    )
    decidee = ProcedureSanction.objects.get(pk=decidee.pk)
    fin_droit.mettre_fin_au_droit(decidee, acting_user=roles["decideur"], motivation="Aucune démarche (matrice).")
    return {"fin_droit_possible": possible.pk, "sanction_fin_droit_moi": decidee.pk}


def _ids_employeurs(org, p, users):
    """Company E of A with the scenario's employer as admin and a pending request; its offers (published,
    draft, under review), a 48-hour callback for A's conseiller; P put forward for the published offer, the
    logged-in person's own application; an immersion of P (requested) and of the logged-in person (concluded)."""
    import datetime

    from django.utils import timezone

    from entreprises import candidatures, immersions
    from entreprises.enums import RoleEntreprise, StatutMembre, StatutOffre, TypeTache
    from entreprises.models import MembreEntreprise, TacheConseiller
    from francetravail.personnes.models import Personne
    from francetravail.rome.models import FicheRome
    from tests.entreprises import factories as fe

    conseiller, employeur = users["conseiller"], users["employeur"]
    moi = users["personne"].personne
    e = fe.entreprise(organisation_referente=org, referent=conseiller)
    MembreEntreprise.objects.create(entreprise=e, user=employeur, role=RoleEntreprise.ADMIN, statut=StatutMembre.ACTIF)
    demande = MembreEntreprise.objects.create(entreprise=e, user=UserFactory(employeur=True))
    publiee = fe.offre(e, titre="Offre publiée")
    brouillon = fe.offre(e, statut=StatutOffre.BROUILLON, titre="Brouillon")
    a_valider = fe.offre(e, statut=StatutOffre.A_VALIDER, titre="À valider")
    tache = TacheConseiller.objects.create(
        type_tache=TypeTache.RAPPEL_48H, entreprise=e, conseiller=conseiller, organisation=org, echeance=timezone.now()
    )
    candidature_e = candidatures.mettre_en_relation(publiee, p, conseiller)
    candidature_moi = candidatures.candidater(publiee, moi, moi.user)
    debut = timezone.localdate() + datetime.timedelta(days=7)

    def immersion(personne, referent):
        return immersions.demander(
            personne,
            acting_user=referent,
            entreprise=e,
            fiche_rome=FicheRome.objects.get(pk="D1102"),
            objectif="decouvrir",
            objectifs_detail="Découvrir le métier.",
            tuteur_nom="Tuteur",
            date_debut=debut,
            date_fin=debut,
            horaires="9 h – 17 h",
        )

    # P needs an account to be asked for their agreement.
    if p.user_id is None:
        Personne.objects.filter(pk=p.pk).update(user=UserFactory())
        p.refresh_from_db()
    immersion_p = immersion(p, conseiller)
    referent_moi = professionnel(moi.organisme_referent, Role.CONSEILLER)
    immersion_moi = immersion(moi, referent_moi)
    immersions.accord_personne(immersion_moi, acting_user=moi.user)
    immersions.accord_entreprise(immersion_moi, acting_user=employeur)
    immersions.accord_referent(immersion_moi, acting_user=referent_moi)
    immersions.assurer_convention(immersion_moi)
    return {
        "entreprise_e": e.pk,
        "membre_e": demande.pk,
        "offre_publiee": publiee.pk,
        "offre_brouillon": brouillon.pk,
        "offre_a_valider": a_valider.pk,
        "tache_e": tache.pk,
        "etape_offre_retirer": "retirer",
        "etape_offre_renvoyer": "renvoyer",
        "candidature_e": candidature_e.pk,
        "candidature_moi": candidature_moi.pk,
        "immersion_p": immersion_p.pk,
        "immersion_moi": immersion_moi.pk,
    }


def _ids_clients_api(org, users):
    """A's software (acting as a conseiller of A, reading people) and E's recruitment software, each
    created by its admin (issue 20, clients)."""
    from entreprises.clients_api import creer_client_entreprise
    from entreprises.models import Entreprise
    from francetravail.partenaires.actions import creer_client

    client_a, _ = creer_client(
        org,
        nom="Logiciel de A",
        role=Role.CONSEILLER,
        portees=["personnes:read"],
        acting_user=users["admin_organisation"],
    )
    entreprise_e = Entreprise.objects.get(membres__user=users["employeur"])
    client_e, _ = creer_client_entreprise(
        entreprise_e, nom="ATS de E", portees=["offres:read"], acting_user=users["employeur"]
    )
    return {"client_api_a": client_a.pk, "client_api_e": client_e.pk}


def _ids_recours():
    """An appeal before the regional mediator: Q's allocation decision by an agency of the Nord (A's région)."""
    from sanctions import actions
    from sanctions.models import CourrierProcedure
    from tests.sanctions.factories import Situation

    q = Situation()
    recours = actions.former_recours(q.decidee(), acting_user=q.personne.user, motifs="Contestation.")
    return {
        "recours_q": recours.pk,
        "etape_recours": "instruire",
        "courrier_recours": CourrierProcedure.objects.filter(recours=recours).values_list("pk", flat=True).first(),
    }


def _ids_rectifications(org, p, personne_connectee):
    """A rectification request of P, sent to A; one of the signed-in person (their own)."""
    from francetravail.donnees.models import DemandeRectification

    echeance = timezone.localdate() + datetime.timedelta(days=30)
    de_p = DemandeRectification.objects.create(
        personne=p, demandee_par=personne_connectee, categorie="identite", texte="Nom mal orthographié",
        organisation=org, echeance=echeance,
    )  # fmt: skip
    moi = personne_connectee.personne
    de_moi = DemandeRectification.objects.create(
        personne=moi, demandee_par=personne_connectee, categorie="autre", texte="Adresse ancienne",
        organisation=moi.organisme_referent, echeance=echeance,
    )  # fmt: skip
    return {"rectification_p": de_p.pk, "rectification_moi": de_moi.pk}


def _ids_invitations(org, p, conseiller):
    """An invitation of P by A's conseiller with a callback request, and a finished lot of A."""
    from francetravail.invitations.enums import StatutLot
    from francetravail.invitations.models import DemandeRappel, Invitation, LotInvitations

    invitation = Invitation.objects.create(
        personne=p, organisation=org, motif="suivi", canaux=["email"], nonce="n" * 22,
        code="ABCDEFGH", expire_le=timezone.now() + datetime.timedelta(days=10), created_by=conseiller,
    )  # fmt: skip
    demande = DemandeRappel.objects.create(invitation=invitation, personne=p, organisation=org, telephone="0601020304")
    lot = LotInvitations.objects.create(
        organisation=org, motif="entretien_orientation", canaux=["email"], personnes=[p.pk], nb_invitations=1,
        statut=StatutLot.TERMINE, created_by=conseiller,
    )  # fmt: skip
    return {"demande_rappel": demande.pk, "lot_invitations": lot.pk}


def _ids_orientation_courrier(org, conseiller):
    """R, living in Lille, oriented to A by A's conseiller (a notified decision: its letter can be printed)."""
    from orientation import actions
    from tests.factories import commune
    from tests.inscription.factories import dossier_complet

    r = PersonneFactory(organisme_referent=None, commune=commune("59350"), date_naissance=datetime.date(1985, 1, 1))
    dossier_complet(r, freins=["sans_impact"])
    decision = actions.confirmer(actions.proposer(r), acting_user=conseiller, organisme=org)
    return {"r_oriente": r.pk, "decision_r": decision.pk}


def _ids_courriers(p):
    """P invited by letter by A: A's batch of the day, rendered."""
    from francetravail.invitations import courriers
    from tests.invitations.test_courriers import envoi_courrier

    (lot,) = courriers.inscrire_au_lot([envoi_courrier(personne=p).pk])
    return {"lot_courriers": courriers.rendre_lot(lot.pk).pk}


def _ids_webhooks(org, admin):
    """A's subscription (by its administrator) and one of its deliveries given up (to replay)."""
    from francetravail.partenaires.actions_webhooks import creer_abonnement
    from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison
    from francetravail.partenaires.models import LivraisonWebhook

    abonnement, _secret = creer_abonnement(
        org, url="http://127.0.0.1:9/webhooks", evenements=[EvenementWebhook.CONTRAT_REVISE], acting_user=admin
    )
    echec = LivraisonWebhook.objects.create(
        abonnement=abonnement, evenement=EvenementWebhook.CONTRAT_REVISE, statut=StatutLivraison.ECHEC, tentatives=12
    )
    return {"abonnement": abonnement.pk, "livraison_echec": echec.pk}


def _ids_rendezvous(org, p, personne_connectee):
    """An agenda of A, a past appointment of P (attendance to record), a future one of the logged-in person."""
    from tests.rendezvous.factories import AgendaFactory, CreneauFactory, rdv_reserve

    agenda = AgendaFactory(organisation=org)
    rdv_p = rdv_reserve(p, CreneauFactory(agenda=agenda, passe=True))
    rdv_moi = rdv_reserve(personne_connectee, CreneauFactory(agenda=agenda))
    return {"agenda": agenda.pk, "rdv_p": rdv_p.pk, "rdv_moi": rdv_moi.pk}


def _ids_documents(ids, users):
    """A justificatif of absence on P's past appointment (sent at the desk), one on the logged-in person's."""
    from francetravail.documents import depot
    from francetravail.documents.enums import NatureDocument
    from francetravail.rendezvous.models import RendezVous
    from tests.documents.fichiers import televerse

    documents = {}
    for cle, rdv_cle, par in (("document_p", "rdv_p", users["conseiller"]), ("document_moi", "rdv_moi", None)):
        rdv = RendezVous.objects.select_related("personne").get(pk=ids[rdv_cle])
        document = depot.deposer(
            televerse(),
            personne=rdv.personne,
            nature=NatureDocument.ABSENCE_EXCUSEE,
            par=par or users["personne"],
            objet=rdv,
        )
        documents[cle] = document.pk
    return documents


def _ids_api_rdvdiag(org, p):
    """A free slot of A's agenda (the API's free slots), P's follow-up row for the « suivi » motif."""
    from francetravail.rendezvous import suivi
    from francetravail.rendezvous.models import Agenda
    from tests.rendezvous.factories import CreneauFactory, dans

    libre = CreneauFactory(agenda=Agenda.objects.filter(organisation=org).first(), debut=dans(12))
    ligne = suivi.noter(p.pk, "suivi", "invite", organisation_id=org.pk)
    return {"creneau_api": libre.pk, "suivi_p": ligne.pk}


def _cases():
    for name, kwargs, method, kind, allowed in MATRICE:
        for role in ROLES:
            yield pytest.param(name, kwargs, method, kind, role, role in allowed, id=f"{method}-{name}-{role}")


@pytest.mark.parametrize(("name", "kwargs", "method", "kind", "role", "allowed"), list(_cases()))
def test_matrice(scenario, name, kwargs, method, kind, role, allowed):
    client = APIClient()
    if role != "anonyme":
        client.force_login(scenario["users"][role])
    url = reverse(name, kwargs={k: scenario["ids"][v] for k, v in kwargs.items()})
    data = {"telephone": "0700000000"} if method == "patch" else {}
    response = getattr(client, method)(url, data, format="json" if kind == "api" else None)
    status = response.status_code

    if kind == "public":
        assert status == 200
    elif kind == "webhook":
        assert status == 401
    elif kind == "jeton":
        assert status in (400, 401)  # OAuth2's invalid_request / invalid_client: never a token
        assert "access_token" not in response.json()
    elif kind == "introuvable":
        assert status == 404
    elif kind == "redirect":
        assert status == 302
    elif kind == "suite" and allowed:
        assert status == 302
        assert "login" not in response["Location"]
    elif kind == "admin":
        assert status == 200 if allowed else status == 302
    elif kind == "api-ecriture" and allowed:
        assert status == 400, response.content  # past the gate, the empty body is refused by the form
    elif allowed:
        assert status in (200, 302) if method == "post" else status == 200
        if method == "post":
            assert "login" not in response.get("Location", "")
    elif kind in ("api", "api-ecriture"):
        # A bearer-token API answers an anonymous call 401 (RFC 6750), others 403 (role) or 404 (gate).
        assert status in ((401, 403) if role == "anonyme" else (403, 404))
    elif role == "anonyme":
        assert status == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert status == 404


def test_chaque_url_nommee_est_dans_la_matrice():
    from tests.test_consistency import urls_du_projet

    couvertes = {name for name, *_ in MATRICE}
    manquantes = {
        name
        for name, _pattern, _view in urls_du_projet()
        if name
        and not name.startswith(("admin:", "account_", "mfa_", "socialaccount_", "openid_connect_"))
        and name not in couvertes
        and not name.endswith("-detail-format")
        and not name.endswith(".format")
    }
    manquantes = {n for n in manquantes if not n.startswith("v1:") or n.split("-")[0] + "-list" not in couvertes}
    assert not manquantes, f"URL absentes de la matrice des permissions : {sorted(manquantes)}"
