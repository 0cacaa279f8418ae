-- Instantané SQL : fiche_personne
-- Page : GET /conseiller/personnes/<id>/ (backoffice:fiche_personne), lue par le référent unique.
-- Dossier : contrat signé, activité déclarée, rendez-vous réservé et point d'étape proposé, messages,
-- une mission locale impliquée.
-- Requêtes : 7
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

-- [3] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/comptes/middleware.py · MandatorySecondFactorMiddleware.__call__
SAVEPOINT "<savepoint>"

-- [4] francetravail/personnes/queries.py · ParIdentifiant.__call__
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
  "reseau_organisation"."nom" AS "organisme_referent_nom",
  "reseau_commune"."nom" AS "commune_nom",
  "comptes_user"."first_name" AS "referent_prenom",
  "comptes_user"."last_name" AS "referent_nom",
  "comptes_user"."email" AS "referent_email",
  "inscription_dossierinscription"."statut" AS "inscription_statut",
  "inscription_dossierinscription"."cessee_le" AS "inscription_cessee_le",
  "inscription_dossierinscription"."motif_cessation" AS "inscription_motif_cessation",
  "inscription_dossierinscription"."motif_fin_accompagnement" AS "inscription_motif_fin"
FROM "personnes_personne"
LEFT OUTER JOIN "reseau_organisation" ON ("personnes_personne"."organisme_referent_id" = "reseau_organisation"."id")
LEFT OUTER JOIN "reseau_commune" ON ("personnes_personne"."commune_id" = "reseau_commune"."code_insee")
LEFT OUTER JOIN "comptes_user" ON ("personnes_personne"."referent_unique_id" = "comptes_user"."id")
LEFT OUTER JOIN "inscription_dossierinscription" ON ("personnes_personne"."id" = "inscription_dossierinscription"."personne_id")
WHERE "personnes_personne"."id" = <int>

-- [5] francetravail/audit/actions.py · journaliser_acces
INSERT INTO "audit_journalacces" ("personne_id", "user_id", "organisation_id", "partie", "canal", "at")
VALUES (<int>, <int>, <int>, 'synthese', 'web', <horodatage>)

-- [6] francetravail/notifications/queries.py · nombre_non_lues ← gabarit layouts/_notifications.html
SELECT COUNT(*)
FROM "notifications_notification"
WHERE "destinataire_id" = <int>
  AND "lue_le" IS NULL

-- [7] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/comptes/middleware.py · MandatorySecondFactorMiddleware.__call__
RELEASE SAVEPOINT "<savepoint>"
