-- Instantané SQL : fiche_personne
-- Page : GET /conseiller/personnes/<id>/ (backoffice:fiche_personne), lue par le référent unique.
-- Dossier : contrat signé, activité déclarée, rendez-vous réservé et point d'étape proposé, messages,
-- une mission locale impliquée.
-- La requête du dossier est préparée une fois par connexion (PREPARE, ici montré) ; ensuite, EXECUTE seul.
-- Requêtes : 8
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

-- [4] francetravail/personnes/queries.py · ParIdentifiant.__call__
PREPARE fiche_personne AS
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
  "reseau_organisation"."nom" AS "organisme_referent_nom",
  "reseau_commune"."nom" AS "commune_nom",
  "comptes_user"."first_name" AS "referent_prenom",
  "comptes_user"."last_name" AS "referent_nom",
  "comptes_user"."email" AS "referent_email",
  "inscription_dossierinscription"."statut" AS "inscription_statut",
  "inscription_dossierinscription"."cessee_le" AS "inscription_cessee_le",
  "inscription_dossierinscription"."motif_cessation" AS "inscription_motif_cessation",
  "inscription_dossierinscription"."motif_fin_accompagnement" AS "inscription_motif_fin",
  (
  SELECT JSONB_BUILD_OBJECT(('debut')::text, U1."debut", ('motif')::text, U1."motif") AS "json"
  FROM "rendezvous_rendezvous" U0
  INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
  WHERE (U1."debut" >= (STATEMENT_TIMESTAMP())
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" = 'reserve')
  ORDER BY U1."debut" ASC,
    U0."id" ASC
  LIMIT 1) AS "prochain_rdv",
  ARRAY(
  SELECT JSONB_BUILD_OBJECT(('organisation')::text, U2."nom", ('role')::text, U0."role", ('motif')::text, U0."motif", ('debut')::text, U0."debut", ('fin')::text, U0."fin_prevue") AS "json"
  FROM "personnes_implication" U0
  INNER JOIN "reseau_organisation" U2 ON (U0."organisation_id" = U2."id")
  WHERE ((U0."fin" IS NULL OR U0."fin" > (STATEMENT_TIMESTAMP()))
      AND (U0."fin_prevue" IS NULL OR U0."fin_prevue" >= (STATEMENT_TIMESTAMP() AT TIME ZONE 'Europe/Paris')::date)
      AND U0."debut" <= (STATEMENT_TIMESTAMP())
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" = 'acceptee')
  ORDER BY U0."debut" ASC,
    U0."id" ASC) AS "entourage",
  ARRAY(
  SELECT JSONB_BUILD_OBJECT(('at')::text, U0."at", ('event_type')::text, U0."event_type", ('acting_user__first_name')::text, U2."first_name", ('acting_user__last_name')::text, U2."last_name", ('organisation__nom')::text, U3."nom", ('apres')::text, (U0."data" ->> 'apres')) AS "json"
  FROM "audit_auditevent" U0
  LEFT OUTER JOIN "comptes_user" U2 ON (U0."acting_user_id" = U2."id")
  LEFT OUTER JOIN "reseau_organisation" U3 ON (U0."organisation_id" = U3."id")
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."at" DESC,
    U0."id" DESC
  LIMIT 5) AS "derniers_evenements",
  ARRAY(
  SELECT JSONB_BUILD_OBJECT(('at')::text, U0."at", ('event_type')::text, U0."event_type", ('acting_user__first_name')::text, U2."first_name", ('acting_user__last_name')::text, U2."last_name", ('organisation__nom')::text, U3."nom", ('apres')::text, (U0."data" ->> 'apres')) AS "json"
  FROM "audit_auditevent" U0
  LEFT OUTER JOIN "comptes_user" U2 ON (U0."acting_user_id" = U2."id")
  LEFT OUTER JOIN "reseau_organisation" U3 ON (U0."organisation_id" = U3."id")
  WHERE (U0."personne_id" = ("personnes_personne"."id")
      AND NOT (U0."event_type"::text LIKE 'sanction.%'))
  ORDER BY U0."at" DESC,
    U0."id" DESC
  LIMIT 5) AS "derniers_evenements_restreints",
  "inscription_dossierinscription"."canal" AS "fiche_inscription_canal",
  "inscription_dossierinscription"."inscrit_le" AS "fiche_inscription_inscrit_le",
  "inscription_dossierinscription"."created_at" AS "fiche_inscription_creee_le",
  "inscription_dossierinscription"."categorie" AS "fiche_inscription_categorie",
  (
  SELECT JSONB_BUILD_OBJECT(('organisme')::text, V1."organisme_payeur", ('numero')::text, V1."numero_allocataire", ('etat')::text, V1."etat", ('etat_depuis')::text, V1."etat_depuis", ('motif_cloture')::text, V1."motif_cloture", ('date_cloture')::text, V1."date_cloture", ('motif_suspension')::text, V1."motif_suspension", ('date_suspension')::text, V1."date_suspension", ('nb_personnes')::text, V1."nb_personnes", ('nb_enfants')::text, V1."nb_enfants", ('majoration')::text, V1."majoration_isolement", ('absent_du_stock_le')::text, V1."absent_du_stock_le", ('date_flux')::text, V1."date_flux", ('membres')::text, ARRAY(
      SELECT JSONB_BUILD_OBJECT(('prenoms')::text, U2."prenoms", ('nom')::text, COALESCE(NULLIF(U2."nom_usage", ''), U2."nom_naissance"), ('role')::text, U0."role", ('sorti_le')::text, U0."sorti_du_foyer_le") AS "json"
      FROM "inscription_droitrsa" U0
      INNER JOIN "personnes_personne" U2 ON (U0."personne_id" = U2."id")
      WHERE U0."foyer_id" = (V0."foyer_id")
      ORDER BY U0."role" ASC,
        U0."id" ASC), ('historique')::text, ARRAY(
      SELECT JSONB_BUILD_OBJECT(('etat')::text, U0."etat", ('motif_cloture')::text, U0."motif_cloture", ('motif_suspension')::text, U0."motif_suspension", ('date_flux')::text, U0."date_flux", ('fichier')::text, U2."nom_fichier") AS "json"
      FROM "inscription_foyerrsaevent" U0
      LEFT OUTER JOIN "inscription_importfluxcaf" U2 ON (U0."import_source_id" = U2."id")
      WHERE U0."pgh_obj_id" = (V0."foyer_id")
      ORDER BY U0."pgh_id" DESC
      LIMIT 48)) AS "json"
  FROM "inscription_droitrsa" V0
  INNER JOIN "inscription_foyerrsa" V1 ON (V0."foyer_id" = V1."id")
  WHERE (V0."foyer_id" IS NOT NULL
      AND V0."personne_id" = ("personnes_personne"."id"))
  ORDER BY V1."date_flux" DESC,
    V0."id" DESC
  LIMIT 1) AS "fiche_droit_rsa",
  (
  SELECT JSONB_BUILD_OBJECT(('statut')::text, U0."statut", ('file')::text, U0."file", ('parcours')::text, U0."parcours", ('organisme')::text, U2."nom", ('decidee_le')::text, U0."decidee_le", ('notifiee_le')::text, U0."notifiee_le", ('creee_le')::text, U0."created_at", ('decideur_prenom')::text, U3."first_name", ('decideur_nom')::text, U3."last_name") AS "json"
  FROM "orientation_decisionorientation" U0
  LEFT OUTER JOIN "reseau_organisation" U2 ON (U0."organisme_id" = U2."id")
  LEFT OUTER JOIN "comptes_user" U3 ON (U0."decideur_id" = U3."id")
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "fiche_orientation",
  (
  SELECT JSONB_BUILD_OBJECT(('reference')::text, COALESCE(V0."notifiee_le", V0."decidee_le"), ('premier')::text, (
      SELECT JSONB_BUILD_OBJECT(('debut')::text, U1."debut", ('statut')::text, U0."statut", ('hors_delai')::text, U0."hors_delai_motif") AS "json"
      FROM "rendezvous_rendezvous" U0
      INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
      WHERE (U1."debut" >= (COALESCE(V0."notifiee_le", V0."decidee_le"))
          AND U0."personne_id" = (V0."personne_id")
          AND U0."statut" IN ('honore', 'reserve'))
      ORDER BY U1."debut" ASC,
        U0."id" ASC
      LIMIT 1)) AS "json"
  FROM "orientation_decisionorientation" V0
  WHERE (V0."personne_id" = ("personnes_personne"."id")
      AND V0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY V0."decidee_le" DESC,
    V0."id" DESC
  LIMIT 1) AS "fiche_premier_rdv",
  ARRAY(
  SELECT JSONB_BUILD_OBJECT(('motif')::text, V0."motif", ('statut')::text, V0."statut", ('depuis')::text, V0."depuis", ('organisation')::text, V2."nom", ('invitation_statut')::text, V3."statut", ('canaux')::text, V3."canaux", ('expire_le')::text, V3."expire_le", ('historique')::text, ARRAY(
      SELECT JSONB_BUILD_OBJECT(('at')::text, U0."at", ('avant')::text, U0."statut_avant", ('apres')::text, U0."statut_apres", ('par')::text, COALESCE((COALESCE(U2."first_name", '') || COALESCE((COALESCE(' ', '') || COALESCE(U2."last_name", '')), '')), ''), ('detail')::text, U0."commentaire") AS "json"
      FROM "rendezvous_historiquesuivi" U0
      LEFT OUTER JOIN "comptes_user" U2 ON (U0."user_id" = U2."id")
      WHERE U0."suivi_id" = (V0."id")
      ORDER BY U0."at" DESC,
        U0."id" DESC
      LIMIT 10)) AS "json"
  FROM "rendezvous_suivirendezvous" V0
  LEFT OUTER JOIN "reseau_organisation" V2 ON (V0."organisation_id" = V2."id")
  LEFT OUTER JOIN "invitations_invitation" V3 ON (V0."invitation_id" = V3."id")
  WHERE (V0."motif" IN ('diagnostic', 'entretien_orientation', 'session_collective', 'suivi')
      AND V0."personne_id" = ("personnes_personne"."id"))
  ORDER BY V0."depuis" DESC,
    V0."id" DESC) AS "fiche_suivi_rdv",
  (
  SELECT JSONB_BUILD_OBJECT(('ouvert_le')::text, V0."created_at", ('modifie_le')::text, V0."updated_at", ('confirme_le')::text, V0."parcours_confirme_le", ('reorientation_le')::text, V0."reorientation_demandee_le", ('sections')::text, (
      SELECT COUNT(DISTINCT U0."section") AS "n"
      FROM "diagnostic_versionsection" U0
      WHERE (U0."diagnostic_id" = (V0."id")
          AND U0."section" IN ('competences', 'droits_devoirs', 'freins', 'marche', 'numerique', 'projet', 'situation'))
      GROUP BY U0."diagnostic_id")) AS "json"
  FROM "diagnostic_diagnostic" V0
  WHERE V0."personne_id" = ("personnes_personne"."id")
  ORDER BY V0."id" ASC
  LIMIT 1) AS "fiche_diagnostic",
  (
  SELECT JSONB_BUILD_OBJECT(('statut')::text, V0."statut", ('parcours')::text, V0."parcours", ('echeance_signature')::text, V0."echeance_signature", ('signe_le')::text, V0."signe_le", ('created_at')::text, V0."created_at", ('amenagement_duree')::text, V0."amenagement_duree", ('ore_fixee_le')::text, V0."ore_fixee_le", ('rythme_points_etape')::text, V0."rythme_points_etape", ('heures')::text, (
      SELECT SUM(U0."heures_hebdo") AS "total"
      FROM "contrats_actionplan" U0
      WHERE (U0."contrat_id" = (V0."id")
          AND NOT (U0."statut" = 'abandonnee'))
      GROUP BY U0."contrat_id"), ('dernier_point')::text, (
      SELECT U1."debut" AS "creneau__debut"
      FROM "rendezvous_rendezvous" U0
      INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
      WHERE (U1."debut" >= (V0."created_at")
          AND U1."motif" = 'point_etape'
          AND U0."personne_id" = (V0."personne_id")
          AND U0."statut" = 'honore')
      ORDER BY 1 DESC
      LIMIT 1)) AS "json"
  FROM "contrats_contratengagement" V0
  WHERE V0."personne_id" = ("personnes_personne"."id")
  ORDER BY V0."created_at" DESC,
    V0."id" DESC
  LIMIT 1) AS "fiche_contrat",
  (
  SELECT JSONB_BUILD_OBJECT(('en_cours')::text, COUNT(V0."id") FILTER(
      WHERE NOT (V0."statut" IN ('annulee', 'classee', 'echue', 'levee'))), ('echeance')::text, MIN(V0."echeance_observations") FILTER(
      WHERE (V0."statut" = 'avertissement_notifie')), ('derniere')::text, (
      SELECT JSONB_BUILD_OBJECT(('pk')::text, U0."id", ('statut')::text, U0."statut", ('organisation')::text, U0."organisation_id", ('le')::text, U0."created_at") AS "json"
      FROM "sanctions_proceduresanction" U0
      WHERE (U0."personne_id" = (V0."personne_id")
          AND NOT (U0."statut" IN ('annulee', 'classee', 'echue', 'levee')))
      ORDER BY U0."created_at" DESC,
        U0."id" DESC
      LIMIT 1)) AS "json"
  FROM "sanctions_proceduresanction" V0
  WHERE V0."personne_id" = ("personnes_personne"."id")
  GROUP BY V0."personne_id") AS "fiche_procedures",
  (
  SELECT JSONB_BUILD_OBJECT(('total')::text, COUNT(U0."id"), ('en_cours')::text, COUNT(U0."id") FILTER(
      WHERE NOT (U0."statut" IN ('embauche', 'refusee'))), ('embauches')::text, COUNT(U0."id") FILTER(
      WHERE (U0."statut" = 'embauche')), ('derniere')::text, MAX(U0."created_at")) AS "json"
  FROM "entreprises_candidature" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  GROUP BY U0."personne_id") AS "fiche_candidatures",
  ARRAY(
  SELECT JSONB_BUILD_OBJECT(('cle')::text, U0."cle", ('valeur')::text, U0."valeur", ('valide_du')::text, U0."valide_du", ('valide_au')::text, U0."valide_au", ('departement')::text, U0."departement_id", ('departemental')::text, U0."departemental") AS "json"
  FROM "parametres_parametrelegal" U0
  WHERE ((U0."departement_id" IS NULL OR U0."departement_id" = ("personnes_personne"."departement_id"))
      AND U0."cle" IN ('contrat.delai_ore', 'rendezvous.delai_premier_rdv'))
  ORDER BY U0."cle" ASC,
    U0."valide_du" ASC,
    U0."id" ASC) AS "fiche_parametres"
FROM "personnes_personne"
LEFT OUTER JOIN "reseau_organisation" ON ("personnes_personne"."organisme_referent_id" = "reseau_organisation"."id")
LEFT OUTER JOIN "reseau_commune" ON ("personnes_personne"."commune_id" = "reseau_commune"."code_insee")
LEFT OUTER JOIN "comptes_user" ON ("personnes_personne"."referent_unique_id" = "comptes_user"."id")
LEFT OUTER JOIN "inscription_dossierinscription" ON ("personnes_personne"."id" = "inscription_dossierinscription"."personne_id")
WHERE "personnes_personne"."id" = $ 1

-- [5] francetravail/personnes/queries.py · ParIdentifiant.__call__
EXECUTE fiche_personne(<int>)

-- [6] francetravail/audit/actions.py · journaliser_acces
INSERT INTO "audit_journalacces" ("personne_id", "user_id", "organisation_id", "partie", "canal", "at", "professionnel_id")
VALUES (<int>, <int>, <int>, 'synthese', 'web', <horodatage>, NULL)

-- [7] francetravail/notifications/queries.py · nombre_non_lues ← gabarit layouts/_notifications.html
SELECT COUNT(*)
FROM "notifications_notification"
WHERE "destinataire_id" = <int>
  AND "lue_le" IS NULL

-- [8] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/audit/contexte.py · ContexteJournalMiddleware.__call__
RELEASE SAVEPOINT "<savepoint>"
