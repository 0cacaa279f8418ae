from django.db import models


class PartieDossier(models.TextChoices):
    """Which part of a person's file was read (access log)."""

    SYNTHESE = "synthese", "Synthèse du dossier"
    IDENTITE = "identite", "Identité et coordonnées"
    PARCOURS = "parcours", "Parcours et orientation"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    DIAGNOSTIC_SANTE = "diagnostic_sante", "Diagnostic : santé (détails)"
    DIAGNOSTIC_JUSTICE = "diagnostic_justice", "Diagnostic : situation judiciaire (détails)"
    DIAGNOSTIC_FINANCES = "diagnostic_finances", "Diagnostic : finances (détails)"
    DIAGNOSTIC_HISTORIQUE = "diagnostic_historique", "Diagnostic : versions et différences"
    CONTRAT = "contrat", "Contrat d'engagement"
    CONTRAT_DOCUMENT = "contrat_document", "Contrat d'engagement : document PDF"
    SUIVI = "suivi", "Suivi du plan d'action et déclarations d'activité"
    MESSAGES = "messages", "Messages avec le référent"
    SANCTIONS = "sanctions", "Manquements et sanctions"
    HISTORIQUE = "historique", "Historique des modifications"
    # What an employer reads of a person who applied or was put forward (identity, contact, career).
    CANDIDATURE = "candidature", "Candidature transmise à un employeur"
    IMMERSION = "immersion", "Immersion en entreprise (PMSMP)"
    # The people around a file: who is invited, in which role, since when (and an invitation's page).
    ENTOURAGE = "entourage", "Personnes autour du dossier"
    # Issue 21: an attached document downloaded, a file read in the intermediate archive (with a reason).
    DOCUMENT = "document", "Pièce jointe"
    ARCHIVE = "archive", "Dossier archivé (consultation motivée)"
    # A rectification request read by the organisation that answers it (francetravail/donnees/rectification.py).
    RECTIFICATION = "rectification", "Demande de rectification"


class Canal(models.TextChoices):
    WEB = "web", "Site"
    API = "api", "API"
    ADMIN = "admin", "Administration"


class TypeEvenement(models.TextChoices):
    """Audit event kinds, grouped by domain with a dotted prefix."""

    COMPTE_CREE = "compte.cree", "Compte créé"
    COMPTE_DESACTIVE = "compte.desactive", "Compte désactivé"
    RATTACHEMENT_AJOUTE = "reseau.rattachement_ajoute", "Rattachement ajouté"
    RATTACHEMENT_RETIRE = "reseau.rattachement_retire", "Rattachement retiré"
    RATTACHEMENT_DEMANDE = "reseau.rattachement_demande", "Rattachement demandé à l'organisation du professionnel"
    RATTACHEMENT_CONFIRME = "reseau.rattachement_confirme", "Rattachement confirmé par l'organisation du professionnel"
    RATTACHEMENT_REFUSE = "reseau.rattachement_refuse", "Rattachement refusé par l'organisation du professionnel"
    RECHERCHE_NATIONALE = "personne.recherche", "Recherche nationale"
    REFERENT_CHANGE = "personne.referent_change", "Changement de référent"
    REFERENT_DESIGNE = "referents.designe", "Référent unique désigné"
    PORTEFEUILLE_TRANSFERE = "referents.portefeuille_transfere", "Personne transférée avec un portefeuille"
    REGLE_ATTRIBUTION_MODIFIEE = "referents.regle_modifiee", "Règle d'attribution des référents modifiée"
    IMPLICATION_AJOUTEE = "personne.implication_ajoutee", "Organisation impliquée ajoutée"
    IMPLICATION_PROPOSEE = "personne.implication_proposee", "Invitation d'un professionnel ou d'une organisation"
    IMPLICATION_ACCEPTEE = "personne.implication_acceptee", "Invitation dans un dossier acceptée"
    IMPLICATION_REFUSEE = "personne.implication_refusee", "Invitation dans un dossier refusée"
    IMPLICATION_TERMINEE = "personne.implication_terminee", "Implication dans un dossier terminée"
    COORDONNEES_MODIFIEES = "personne.coordonnees_modifiees", "Coordonnées de la personne modifiées"
    MODALITE_CHOISIE = "accompagnement.modalite_choisie", "Modalité d'accompagnement choisie"
    PORTEFEUILLE_EXPORTE = "accompagnement.portefeuille_exporte", "Liste de personnes exportée (CSV)"
    PARAMETRE_MODIFIE = "parametre.modifie", "Paramètre légal modifié"
    JETON_API_CREE = "api.jeton_cree", "Jeton d'API créé"
    IMPORT_FLUX_CAF = "inscription.import_flux_caf", "Import du flux CAF/MSA lancé"
    CORRESPONDANCE_FLUX = "inscription.correspondance_flux", "Correspondance de colonnes d'un flux enregistrée"
    INSCRIPTION_COMMENCEE = "inscription.commencee", "Inscription commencée"
    INSCRIPTION_RATTACHEE = "inscription.rattachee", "Dossier connu rattaché au compte de la personne"
    INSCRIPTION_TERMINEE = "inscription.terminee", "Inscription confirmée"
    INSCRIPTION_CESSEE = "inscription.cessee", "Inscription cessée (radiation)"
    INSCRIPTION_ROUVERTE = "inscription.rouverte", "Inscription rouverte"
    ACCOMPAGNEMENT_TERMINE = "inscription.accompagnement_termine", "Accompagnement terminé par le référent"
    ACCOMPAGNEMENT_ROUVERT = "inscription.accompagnement_rouvert", "Accompagnement rouvert par le référent"
    DOUBLON_ECARTE = "inscription.doublon_ecarte", "Doublon potentiel écarté"
    DOUBLON_FUSIONNE = "inscription.doublon_fusionne", "Deux dossiers fusionnés"
    ORIENTATION_VERSION_PUBLIEE = "orientation.version_publiee", "Version d'un référentiel d'orientation publiée"
    ORIENTATION_DECIDEE = "orientation.decidee", "Orientation décidée et notifiée"
    ORIENTATION_REORIENTATION_DEMANDEE = "orientation.reorientation_demandee", "Réorientation demandée"
    # A move to another département: the file goes to the new département's network (orientation.actions.demenager).
    TRANSFERT_DEPARTEMENT = (
        "orientation.transfert_departement",
        "Dossier transféré au réseau d'un autre département (déménagement)",
    )
    ORIENTATION_FILE_FRANCE_TRAVAIL = (
        "orientation.file_france_travail",
        "Orientation RSA confiée à France Travail (délai dépassé)",
    )
    RDV_TRANSITION = (
        "rendezvous.transition",
        "Étape d'un rendez-vous (proposition, réservation, déplacement, annulation, présence)",
    )
    RDV_PREMIER_HORS_DELAI = (
        "rendezvous.premier_hors_delai",
        "Premier rendez-vous fixé après le délai (dérogation motivée)",
    )
    # Agendas run by the network (rendezvous.actions_agendas): who opened or closed what, when.
    AGENDA_CREE = "rendezvous.agenda_cree", "Agenda créé"
    AGENDA_FERME = "rendezvous.agenda_ferme", "Agenda fermé"
    PLAGE_CREEE = "rendezvous.plage_creee", "Plage d'ouverture récurrente créée"
    PLAGE_FERMEE = "rendezvous.plage_fermee", "Plage d'ouverture récurrente fermée"
    INDISPONIBILITE_SAISIE = "rendezvous.indisponibilite", "Absence ou fermeture saisie dans un agenda"
    SESSION_COLLECTIVE_CREEE = "rendezvous.session_collective", "Session collective ouverte"
    FORMULATION_REDIGEE = "invitations.formulation_redigee", "Formulation départementale d'une invitation rédigée"
    FORMULATION_NATIONALE = (
        "invitations.formulation_nationale",
        "Formulation d'une invitation revenue au texte national",
    )
    INVITATIONS_COURRIERS_IMPRIMES = (
        "invitations.courriers_imprimes",
        "Lot de courriers d'invitation marqué imprimé",
    )
    INVITATION_ENVOYEE = "invitations.envoyee", "Invitation à prendre rendez-vous envoyée"
    INVITATIONS_LOT = "invitations.lot", "Invitations groupées à prendre rendez-vous lancées"
    DEMANDE_RAPPEL_TRAITEE = "invitations.rappel_traite", "Demande de rappel traitée"
    DIAGNOSTIC_ENREGISTRE = "diagnostic.enregistre", "Diagnostic enregistré (nouvelle version)"
    DIAGNOSTIC_PARCOURS_CONFIRME = "diagnostic.parcours_confirme", "Parcours confirmé par le diagnostic"
    DIAGNOSTIC_REORIENTATION_DEMANDEE = "diagnostic.reorientation_demandee", "Réorientation demandée après diagnostic"
    SOCLE_PUBLIE = "contrat.socle_publie", "Socle de droits et devoirs publié"
    CONTRAT_REDIGE = "contrat.redige", "Contrat d'engagement ouvert en brouillon"
    CONTRAT_SOUMIS = "contrat.soumis", "Contrat d'engagement soumis à la personne"
    CONTRAT_ACCEPTE = "contrat.accepte", "Contrat d'engagement accepté par la personne"
    CONTRAT_MODIFICATION_DEMANDEE = "contrat.modification_demandee", "Modification du contrat demandée par la personne"
    CONTRAT_SIGNE = "contrat.signe", "Contrat d'engagement contresigné"
    CONTRAT_SIGNE_PAPIER = "contrat.signe_papier", "Contrat d'engagement signé sur papier"
    CONTRAT_REVISION_OUVERTE = "contrat.revision_ouverte", "Révision du contrat d'engagement ouverte"
    CONTRAT_DUREE_AMENAGEE = "contrat.duree_amenagee", "Durée hebdomadaire du contrat minorée ou dispensée"
    CONTRAT_DOCUMENT_GENERE = "contrat.document_genere", "Document PDF du contrat généré"
    DECLARATION_ACTIVITE = "contrat.declaration_activite", "Déclaration d'activité hebdomadaire"
    MESSAGE_ENVOYE = "messagerie.message_envoye", "Message envoyé"
    SANCTION_MANQUEMENT_SIGNALE = "sanction.manquement_signale", "Manquement signalé"
    SANCTION_PROCEDURE_OUVERTE = "sanction.procedure_ouverte", "Procédure de sanction ouverte"
    SANCTION_TRANSITION = "sanction.transition", "Étape de la procédure de sanction"
    SANCTION_PROPOSEE = "sanction.proposee", "Sanction proposée au département"
    SANCTION_AVIS_EQUIPE = "sanction.avis_equipe", "Avis de l'équipe pluridisciplinaire enregistré"
    SANCTION_DECIDEE = "sanction.decidee", "Sanction décidée et notifiée"
    SANCTION_FOYER_CORRIGE = "sanction.foyer_corrige", "Composition du foyer RSA corrigée par le décideur"
    SANCTION_REMOBILISATION = "sanction.remobilisation", "Remobilisation constatée par le référent"
    SANCTION_RECOURS = "sanction.recours", "Recours contre une sanction"
    SANCTION_FIN_DROIT_RSA = "sanction.fin_droit_rsa", "Fin du droit au RSA décidée"
    DROIT_RSA_CLOS = "inscription.droit_rsa_clos", "Droit au RSA clos"
    DROIT_RSA_RETABLI = "inscription.droit_rsa_retabli", "Droit au RSA rétabli sur recours"
    # What the CAF/MSA flow says of a right (inscription.vie_du_droit), with the file it came from.
    DROIT_RSA_FLUX_CLOS = "inscription.droit_rsa_flux_clos", "Droit au RSA clos selon le flux CAF/MSA"
    DROIT_RSA_FLUX_ROUVERT = "inscription.droit_rsa_flux_rouvert", "Droit au RSA rouvert selon le flux CAF/MSA"
    DROIT_RSA_FLUX_SUSPENDU = "inscription.droit_rsa_flux_suspendu", "Droit au RSA suspendu selon le flux CAF/MSA"
    DROIT_RSA_FLUX_ETAT = "inscription.droit_rsa_flux_etat", "État du droit au RSA changé selon le flux CAF/MSA"
    FOYER_RSA_CHANGE = "inscription.foyer_rsa_change", "Composition du foyer RSA changée selon le flux CAF/MSA"
    DROIT_RSA_ABSENT_EXAMINE = "inscription.droit_rsa_absent_examine", "Droit absent du stock mensuel examiné"
    REGLAGES_FLUX_MODIFIES = "inscription.reglages_flux", "Réglages des flux CAF/MSA du département modifiés"
    ENTREPRISE_RATTACHEMENT = "entreprise.rattachement", "Rattachement d'un utilisateur à une entreprise"
    ENTREPRISE_REFERENT = "entreprise.referent", "Référent entreprise désigné"
    OFFRE_TRANSITION = "entreprise.offre", "Étape d'une offre d'emploi"
    CANDIDATURE_TRANSITION = "entreprise.candidature", "Étape d'une candidature"
    IMMERSION_TRANSITION = "entreprise.immersion", "Étape d'une immersion (PMSMP)"
    TACHE_ENTREPRISE_FAITE = "entreprise.tache", "Tâche de suivi entreprise faite"
    PROFIL_RECHERCHE = "entreprise.profil", "Visibilité auprès des employeurs ou reprise de la recherche"
    # Partners' software (francetravail/partenaires): API clients and webhook subscriptions.
    CLIENT_API_CREE = "partenaires.client_cree", "Client de l'API créé"
    CLIENT_API_SECRET_RENOUVELE = "partenaires.secret_renouvele", "Secret d'un client de l'API renouvelé"
    CLIENT_API_PORTEES = "partenaires.portees_modifiees", "Portées d'un client de l'API modifiées"
    CLIENT_API_REVOQUE = "partenaires.client_revoque", "Client de l'API révoqué"
    ABONNEMENT_WEBHOOK_CREE = "partenaires.abonnement_cree", "Abonnement aux webhooks créé"
    ABONNEMENT_WEBHOOK_MODIFIE = "partenaires.abonnement_modifie", "Abonnement aux webhooks modifié"
    LIVRAISON_WEBHOOK_REJOUEE = "partenaires.livraison_rejouee", "Livraison d'un webhook rejouée"
    # Personal data (issue 21): documents, retention, the person's rights.
    DOCUMENT_DEPOSE = "documents.depose", "Pièce jointe déposée"
    DOSSIER_ARCHIVE = "donnees.archive", "Dossier passé en archive intermédiaire"
    DOSSIER_ANONYMISE = "donnees.anonymise", "Dossier anonymisé à la fin de l'archive"
    ARCHIVE_CONSULTEE = "donnees.archive_consultee", "Dossier archivé consulté (motif enregistré)"
    COPIE_DEMANDEE = "donnees.copie_demandee", "Copie du dossier demandée"
    COPIE_TELECHARGEE = "donnees.copie_telechargee", "Copie du dossier téléchargée"
    RECTIFICATION_DEMANDEE = "donnees.rectification_demandee", "Demande de rectification"
    RECTIFICATION_TRAITEE = "donnees.rectification_traitee", "Demande de rectification traitée"
    RECTIFICATION_PROLONGEE = "donnees.rectification_prolongee", "Délai d'une demande de rectification prolongé"
