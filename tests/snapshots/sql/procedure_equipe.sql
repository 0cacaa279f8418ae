-- Instantané SQL : procedure_equipe
-- Page : GET /conseiller/sanctions/<id>/ (backoffice:sanction), lue par le conseiller qui a mené le contrôle.
-- Procédure à décider : avertissement notifié il y a 11 jours, délai d'observations expiré.
-- Requêtes : 16
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

-- [4] sanctions/queries.py · procedure_du_professionnel
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
  "sanctions_manquement"."manquement_rdv_id",
  "comptes_user"."id",
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
  "comptes_user"."date_joined",
  "reseau_organisation"."id",
  "reseau_organisation"."nom",
  "reseau_organisation"."type_organisation",
  "reseau_organisation"."siret",
  "reseau_organisation"."departement_id",
  "reseau_organisation"."region_id",
  "reseau_organisation"."commune_id",
  "reseau_organisation"."email",
  "reseau_organisation"."telephone",
  "reseau_organisation"."actif",
  T7."code",
  T7."nom",
  T7."region_id",
  T8."id",
  T8."nom",
  T8."type_organisation",
  T8."siret",
  T8."departement_id",
  T8."region_id",
  T8."commune_id",
  T8."email",
  T8."telephone",
  T8."actif",
  T9."code",
  T9."nom",
  T9."region_id",
  T10."id",
  T10."password",
  T10."last_login",
  T10."is_superuser",
  T10."email",
  T10."first_name",
  T10."last_name",
  T10."type_compte",
  T10."telephone",
  T10."is_staff",
  T10."is_active",
  T10."date_joined"
FROM "sanctions_proceduresanction"
INNER JOIN "reseau_organisation" ON ("sanctions_proceduresanction"."organisation_id" = "reseau_organisation"."id")
INNER JOIN "personnes_personne" ON ("sanctions_proceduresanction"."personne_id" = "personnes_personne"."id")
LEFT OUTER JOIN "reseau_departement" ON ("personnes_personne"."departement_id" = "reseau_departement"."code")
INNER JOIN "sanctions_manquement" ON ("sanctions_proceduresanction"."manquement_id" = "sanctions_manquement"."id")
INNER JOIN "comptes_user" ON ("sanctions_manquement"."signale_par_id" = "comptes_user"."id")
LEFT OUTER JOIN "reseau_departement" T7 ON ("reseau_organisation"."departement_id" = T7."code")
INNER JOIN "reseau_organisation" T8 ON ("sanctions_proceduresanction"."organisation_decisionnaire_id" = T8."id")
LEFT OUTER JOIN "reseau_departement" T9 ON (T8."departement_id" = T9."code")
LEFT OUTER JOIN "comptes_user" T10 ON ("sanctions_proceduresanction"."decidee_par_id" = T10."id")
WHERE ("sanctions_proceduresanction"."organisation_id" IN (<ids>)
    AND "personnes_personne"."archivee_le" IS NULL
    AND "sanctions_proceduresanction"."id" = <int>)
ORDER BY "sanctions_proceduresanction"."created_at" DESC,
  "sanctions_proceduresanction"."id" DESC
LIMIT 1

-- [5] francetravail/personnes/acces.py · acces_personne
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
  "personnes_personne"."anonymisee_le",
  "reseau_commune"."code_insee",
  "reseau_commune"."nom",
  "reseau_commune"."type_commune",
  "reseau_commune"."departement_id",
  "reseau_commune"."commune_parente_id",
  "reseau_commune"."codes_postaux",
  "reseau_commune"."population",
  "reseau_commune"."anciens_noms",
  "reseau_organisation"."id",
  "reseau_organisation"."nom",
  "reseau_organisation"."type_organisation",
  "reseau_organisation"."siret",
  "reseau_organisation"."departement_id",
  "reseau_organisation"."region_id",
  "reseau_organisation"."commune_id",
  "reseau_organisation"."email",
  "reseau_organisation"."telephone",
  "reseau_organisation"."actif",
  "comptes_user"."id",
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
FROM "personnes_personne"
LEFT OUTER JOIN "reseau_commune" ON ("personnes_personne"."commune_id" = "reseau_commune"."code_insee")
LEFT OUTER JOIN "reseau_organisation" ON ("personnes_personne"."organisme_referent_id" = "reseau_organisation"."id")
LEFT OUTER JOIN "comptes_user" ON ("personnes_personne"."referent_unique_id" = "comptes_user"."id")
WHERE "personnes_personne"."id" = <int>
LIMIT 21

-- [6] francetravail/audit/actions.py · journaliser_acces
INSERT INTO "audit_journalacces" ("personne_id", "user_id", "organisation_id", "partie", "canal", "at", "professionnel_id")
VALUES (<int>, <int>, <int>, 'sanctions', 'web', <horodatage>, NULL)

-- [7] sanctions/queries.py · recours
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

-- [8] sanctions/acces.py · est_equipe
SELECT <int> AS "a"
FROM "personnes_personne"
WHERE (("personnes_personne"."organisme_referent_id" IN (<ids>) OR ("personnes_personne"."departement_id" IN (<code>) AND "personnes_personne"."organisme_referent_id" IS NULL) OR EXISTS (
      SELECT <int> AS "a"
      FROM "personnes_implication" U0
      WHERE ((U0."fin" IS NULL OR U0."fin" > <horodatage>)
          AND (U0."fin_prevue" IS NULL OR U0."fin_prevue" >= <date>)
          AND U0."debut" <= <horodatage>
          AND U0."statut" = 'acceptee'
          AND (U0."professionnel_id" IS NULL OR U0."professionnel_id" = <int>)
          AND U0."organisation_id" IN (<ids>)
          AND U0."personne_id" = ("personnes_personne"."id"))
      LIMIT 1))
    AND "personnes_personne"."archivee_le" IS NULL
    AND "personnes_personne"."id" = <int>)
LIMIT 1

-- [9] sanctions/views/etapes.py · etapes_possibles
SELECT <int> AS "a"
FROM "sanctions_courrierprocedure"
WHERE ("sanctions_courrierprocedure"."procedure_id" = <int>
    AND "sanctions_courrierprocedure"."recu_le" IS NULL)
LIMIT 1

-- [10] sanctions/queries.py · historique
SELECT "sanctions_historiqueprocedure"."id",
  "sanctions_historiqueprocedure"."procedure_id",
  "sanctions_historiqueprocedure"."recours_id",
  "sanctions_historiqueprocedure"."user_id",
  "sanctions_historiqueprocedure"."at",
  "sanctions_historiqueprocedure"."statut_avant",
  "sanctions_historiqueprocedure"."statut_apres",
  "sanctions_historiqueprocedure"."motif",
  "sanctions_historiqueprocedure"."document",
  "sanctions_historiqueprocedure"."courrier_id",
  "sanctions_historiqueprocedure"."note_interne",
  "sanctions_recours"."id",
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
  "sanctions_recours"."created_at",
  "comptes_user"."id",
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
FROM "sanctions_historiqueprocedure"
LEFT OUTER JOIN "sanctions_recours" ON ("sanctions_historiqueprocedure"."recours_id" = "sanctions_recours"."id")
LEFT OUTER JOIN "comptes_user" ON ("sanctions_historiqueprocedure"."user_id" = "comptes_user"."id")
WHERE "sanctions_historiqueprocedure"."procedure_id" = <int>
ORDER BY "sanctions_historiqueprocedure"."at" ASC,
  "sanctions_historiqueprocedure"."id" ASC

-- [11] sanctions/queries.py · courriers
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

-- [12] francetravail/documents/selecteurs.py · documents_de
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

-- [13] francetravail/notifications/queries.py · nombre_non_lues ← gabarit layouts/_notifications.html
SELECT COUNT(*)
FROM "notifications_notification"
WHERE "destinataire_id" = <int>
  AND "lue_le" IS NULL

-- [14] django/forms/models.py · ModelChoiceIterator.__iter__ ← gabarit dsfr/form_field_snippets/input_snippet.html ← sanctions/views/conseiller.py · _page
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
  "sanctions_courrierprocedure"."created_at"
FROM "sanctions_courrierprocedure"
WHERE ("sanctions_courrierprocedure"."procedure_id" = <int>
    AND "sanctions_courrierprocedure"."recu_le" IS NULL
    AND NOT ("sanctions_courrierprocedure"."contenu" ? 'adresse_manquante' AND "sanctions_courrierprocedure"."document" = ''))
ORDER BY "sanctions_courrierprocedure"."created_at" ASC,
  "sanctions_courrierprocedure"."id" ASC

-- [15] django/forms/models.py · ModelChoiceIterator.__iter__ ← gabarit dsfr/form_field_snippets/input_snippet.html ← sanctions/views/conseiller.py · _page
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
  "sanctions_courrierprocedure"."created_at"
FROM "sanctions_courrierprocedure"
WHERE ("sanctions_courrierprocedure"."procedure_id" = <int>
    AND "sanctions_courrierprocedure"."recu_le" IS NULL
    AND NOT ("sanctions_courrierprocedure"."contenu" ? 'adresse_manquante' AND "sanctions_courrierprocedure"."document" = ''))
ORDER BY "sanctions_courrierprocedure"."created_at" ASC,
  "sanctions_courrierprocedure"."id" ASC

-- [16] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/audit/contexte.py · ContexteJournalMiddleware.__call__
RELEASE SAVEPOINT "<savepoint>"
