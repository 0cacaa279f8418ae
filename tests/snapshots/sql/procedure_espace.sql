-- Instantané SQL : procedure_espace
-- Page : GET /mon-espace/sanctions/<id>/ (sanctions:procedure), lue par la personne.
-- Procédure à décider : avertissement notifié il y a 11 jours, délai d'observations expiré.
-- Requêtes : 11
-- Mise à jour : make snapshots

-- [1] django/contrib/sessions/backends/db.py · SessionStore._get_session_from_db ← francetravail/comptes/middleware.py · ProfessionalSessionMiddleware.__call__
SELECT "django_session"."session_key",
  "django_session"."session_data",
  "django_session"."expire_date"
FROM "django_session"
WHERE ("django_session"."expire_date" > <horodatage>
    AND "django_session"."session_key" = <clé de session>)
LIMIT 21

-- [2] django/contrib/auth/backends.py · ModelBackend.get_user ← francetravail/comptes/middleware.py · ProfessionalSessionMiddleware.__call__
SELECT "comptes_user"."id",
  "comptes_user"."password",
  "comptes_user"."last_login",
  "comptes_user"."is_superuser",
  "comptes_user"."email",
  "comptes_user"."first_name",
  "comptes_user"."last_name",
  "comptes_user"."type_compte",
  "comptes_user"."telephone",
  "comptes_user"."is_staff",
  "comptes_user"."is_active",
  "comptes_user"."date_joined"
FROM "comptes_user"
WHERE "comptes_user"."id" = <int>
LIMIT 21

-- [3] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/audit/contexte.py · ContexteJournalMiddleware.__call__
SAVEPOINT "<savepoint>"

-- [4] sanctions/views/espace.py · _ma_personne
SELECT "personnes_personne"."id",
  "personnes_personne"."user_id",
  "personnes_personne"."nom_naissance",
  "personnes_personne"."nom_usage",
  "personnes_personne"."prenoms",
  "personnes_personne"."date_naissance",
  "personnes_personne"."email",
  "personnes_personne"."telephone",
  "personnes_personne"."adresse",
  "personnes_personne"."code_postal",
  "personnes_personne"."commune_id",
  "personnes_personne"."departement_id",
  "personnes_personne"."organisme_referent_id",
  "personnes_personne"."referent_unique_id",
  "personnes_personne"."created_at",
  "personnes_personne"."updated_at",
  "personnes_personne"."archivee_le",
  "personnes_personne"."anonymisee_le"
FROM "personnes_personne"
WHERE "personnes_personne"."user_id" = <int>
ORDER BY "personnes_personne"."id" ASC
LIMIT 1

-- [5] sanctions/views/espace.py · ma_procedure
SELECT "sanctions_proceduresanction"."id",
  "sanctions_proceduresanction"."personne_id",
  "sanctions_proceduresanction"."manquement_id",
  "sanctions_proceduresanction"."public",
  "sanctions_proceduresanction"."statut",
  "sanctions_proceduresanction"."organisation_id",
  "sanctions_proceduresanction"."organisation_decisionnaire_id",
  "sanctions_proceduresanction"."sur_proposition",
  "sanctions_proceduresanction"."ouverte_par_id",
  "sanctions_proceduresanction"."examen",
  "sanctions_proceduresanction"."accompagnement_fourni",
  "sanctions_proceduresanction"."examine_le",
  "sanctions_proceduresanction"."motif_classement",
  "sanctions_proceduresanction"."mesure_envisagee",
  "sanctions_proceduresanction"."sanction_envisagee",
  "sanctions_proceduresanction"."avertissement_notifie_le",
  "sanctions_proceduresanction"."echeance_observations",
  "sanctions_proceduresanction"."representant_legal",
  "sanctions_proceduresanction"."representant_legal_courriel",
  "sanctions_proceduresanction"."observations",
  "sanctions_proceduresanction"."observations_recues_le",
  "sanctions_proceduresanction"."audition_le",
  "sanctions_proceduresanction"."audition_compte_rendu",
  "sanctions_proceduresanction"."audition_assistee_par",
  "sanctions_proceduresanction"."audition_demandee_le",
  "sanctions_proceduresanction"."audition_prevue_le",
  "sanctions_proceduresanction"."audition_absence",
  "sanctions_proceduresanction"."a_decider_le",
  "sanctions_proceduresanction"."decision_due_le",
  "sanctions_proceduresanction"."proposition",
  "sanctions_proceduresanction"."proposee_le",
  "sanctions_proceduresanction"."avis_equipe_pluridisciplinaire_le",
  "sanctions_proceduresanction"."avis_equipe_pluridisciplinaire",
  "sanctions_proceduresanction"."foyer",
  "sanctions_proceduresanction"."rang",
  "sanctions_proceduresanction"."plage_legale",
  "sanctions_proceduresanction"."mesure",
  "sanctions_proceduresanction"."taux",
  "sanctions_proceduresanction"."duree_mois",
  "sanctions_proceduresanction"."radiation_mois",
  "sanctions_proceduresanction"."debut",
  "sanctions_proceduresanction"."fin",
  "sanctions_proceduresanction"."motivation",
  "sanctions_proceduresanction"."montant_mensuel",
  "sanctions_proceduresanction"."voies_recours",
  "sanctions_proceduresanction"."decidee_le",
  "sanctions_proceduresanction"."decidee_par_id",
  "sanctions_proceduresanction"."remobilisation",
  "sanctions_proceduresanction"."remobilisation_le",
  "sanctions_proceduresanction"."terminee_le",
  "sanctions_proceduresanction"."created_at",
  "sanctions_proceduresanction"."updated_at",
  "personnes_personne"."id",
  "personnes_personne"."user_id",
  "personnes_personne"."nom_naissance",
  "personnes_personne"."nom_usage",
  "personnes_personne"."prenoms",
  "personnes_personne"."date_naissance",
  "personnes_personne"."email",
  "personnes_personne"."telephone",
  "personnes_personne"."adresse",
  "personnes_personne"."code_postal",
  "personnes_personne"."commune_id",
  "personnes_personne"."departement_id",
  "personnes_personne"."organisme_referent_id",
  "personnes_personne"."referent_unique_id",
  "personnes_personne"."created_at",
  "personnes_personne"."updated_at",
  "personnes_personne"."archivee_le",
  "personnes_personne"."anonymisee_le",
  "reseau_departement"."code",
  "reseau_departement"."nom",
  "reseau_departement"."region_id",
  "sanctions_manquement"."id",
  "sanctions_manquement"."personne_id",
  "sanctions_manquement"."type_manquement",
  "sanctions_manquement"."source",
  "sanctions_manquement"."faits",
  "sanctions_manquement"."elements_preuve",
  "sanctions_manquement"."date_faits",
  "sanctions_manquement"."organisation_id",
  "sanctions_manquement"."signale_par_id",
  "sanctions_manquement"."signale_le",
  "sanctions_manquement"."manquement_rdv_id"
FROM "sanctions_proceduresanction"
INNER JOIN "personnes_personne" ON ("sanctions_proceduresanction"."personne_id" = "personnes_personne"."id")
LEFT OUTER JOIN "reseau_departement" ON ("personnes_personne"."departement_id" = "reseau_departement"."code")
INNER JOIN "sanctions_manquement" ON ("sanctions_proceduresanction"."manquement_id" = "sanctions_manquement"."id")
WHERE ("sanctions_proceduresanction"."personne_id" = <int>
    AND "sanctions_proceduresanction"."id" = <int>)
ORDER BY "sanctions_proceduresanction"."created_at" DESC,
  "sanctions_proceduresanction"."id" DESC
LIMIT 1

-- [6] sanctions/queries.py · recours
SELECT "sanctions_recours"."id",
  "sanctions_recours"."procedure_id",
  "sanctions_recours"."fin_droit_id",
  "sanctions_recours"."voie",
  "sanctions_recours"."statut",
  "sanctions_recours"."forme_le",
  "sanctions_recours"."echeance",
  "sanctions_recours"."hors_delai",
  "sanctions_recours"."motifs",
  "sanctions_recours"."forme_par_id",
  "sanctions_recours"."instruit_par_id",
  "sanctions_recours"."statue_par_id",
  "sanctions_recours"."statue_le",
  "sanctions_recours"."motivation",
  "sanctions_recours"."decision_initiale",
  "sanctions_recours"."created_at"
FROM "sanctions_recours"
WHERE ("sanctions_recours"."fin_droit_id" IS NULL
    AND "sanctions_recours"."procedure_id" = <int>)
ORDER BY "sanctions_recours"."forme_le" DESC,
  "sanctions_recours"."id" DESC

-- [7] sanctions/views/espace.py · _page
SELECT "sanctions_historiqueprocedure"."at" AS "at",
  "sanctions_historiqueprocedure"."statut_avant" AS "statut_avant",
  "sanctions_historiqueprocedure"."statut_apres" AS "statut_apres",
  "sanctions_historiqueprocedure"."motif" AS "motif",
  "sanctions_historiqueprocedure"."document" AS "document"
FROM "sanctions_historiqueprocedure"
WHERE "sanctions_historiqueprocedure"."procedure_id" = <int>
ORDER BY 1 ASC,
  "sanctions_historiqueprocedure"."id" ASC

-- [8] sanctions/queries.py · courriers
SELECT "sanctions_courrierprocedure"."id",
  "sanctions_courrierprocedure"."procedure_id",
  "sanctions_courrierprocedure"."recours_id",
  "sanctions_courrierprocedure"."type_courrier",
  "sanctions_courrierprocedure"."destinataire",
  "sanctions_courrierprocedure"."contenu",
  "sanctions_courrierprocedure"."document",
  "sanctions_courrierprocedure"."empreinte",
  "sanctions_courrierprocedure"."genere_le",
  "sanctions_courrierprocedure"."notification_id",
  "sanctions_courrierprocedure"."recu_le",
  "sanctions_courrierprocedure"."created_at",
  "notifications_notification"."id",
  "notifications_notification"."destinataire_id",
  "notifications_notification"."adresse",
  "notifications_notification"."canal",
  "notifications_notification"."modele",
  "notifications_notification"."type_notification",
  "notifications_notification"."contexte",
  "notifications_notification"."statut",
  "notifications_notification"."tentatives",
  "notifications_notification"."prochaine_tentative",
  "notifications_notification"."derniere_erreur",
  "notifications_notification"."cle_idempotence",
  "notifications_notification"."created_at",
  "notifications_notification"."sent_at",
  "notifications_notification"."lue_le",
  "notifications_notification"."identifiant_fournisseur",
  "notifications_notification"."remise",
  "notifications_notification"."remise_le",
  "notifications_notification"."remise_detail"
FROM "sanctions_courrierprocedure"
LEFT OUTER JOIN "notifications_notification" ON ("sanctions_courrierprocedure"."notification_id" = "notifications_notification"."id")
WHERE "sanctions_courrierprocedure"."procedure_id" = <int>
ORDER BY "sanctions_courrierprocedure"."created_at" ASC,
  "sanctions_courrierprocedure"."id" ASC

-- [9] francetravail/documents/selecteurs.py · documents_de
SELECT "documents_document"."id",
  "documents_document"."personne_id",
  "documents_document"."nature",
  "documents_document"."objet_type_id",
  "documents_document"."objet_id",
  "documents_document"."fichier",
  "documents_document"."nom",
  "documents_document"."type_fichier",
  "documents_document"."taille",
  "documents_document"."empreinte",
  "documents_document"."depose_par_id",
  "documents_document"."depose_le"
FROM "documents_document"
INNER JOIN "django_content_type" ON ("documents_document"."objet_type_id" = "django_content_type"."id")
WHERE ("django_content_type"."app_label" = 'sanctions'
    AND "django_content_type"."model" = 'proceduresanction'
    AND "documents_document"."objet_id" = <int>)
ORDER BY "documents_document"."depose_le" ASC,
  "documents_document"."id" ASC

-- [10] francetravail/notifications/queries.py · nombre_non_lues ← gabarit layouts/_notifications.html
SELECT COUNT(*)
FROM "notifications_notification"
WHERE "destinataire_id" = <int>
  AND "lue_le" IS NULL

-- [11] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/audit/contexte.py · ContexteJournalMiddleware.__call__
RELEASE SAVEPOINT "<savepoint>"
