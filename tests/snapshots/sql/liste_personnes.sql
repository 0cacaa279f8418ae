-- Instantané SQL : liste_personnes
-- Page : GET /conseiller/personnes/ (backoffice:personnes), toutes les personnes que voit le conseiller.
-- Cinq personnes : accompagnée, contrat à rédiger, sans contrat, en procédure de sanction,
-- une suivie par un collègue.
-- Requêtes : 10
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

-- [4] francetravail/accompagnement/portefeuille.py · _choix_modalites
SELECT "accompagnement_modaliteaccompagnement"."id",
  "accompagnement_modaliteaccompagnement"."code",
  "accompagnement_modaliteaccompagnement"."libelle",
  "accompagnement_modaliteaccompagnement"."ordre",
  "accompagnement_modaliteaccompagnement"."actif"
FROM "accompagnement_modaliteaccompagnement"
WHERE "accompagnement_modaliteaccompagnement"."actif"
ORDER BY "accompagnement_modaliteaccompagnement"."ordre" ASC,
  "accompagnement_modaliteaccompagnement"."libelle" ASC

-- [5] francetravail/accompagnement/queries.py · cadences
SELECT "parametres_parametrelegal"."id",
  "parametres_parametrelegal"."cle",
  "parametres_parametrelegal"."libelle",
  "parametres_parametrelegal"."valeur",
  "parametres_parametrelegal"."unite",
  "parametres_parametrelegal"."reference_legale",
  "parametres_parametrelegal"."valide_du",
  "parametres_parametrelegal"."valide_au",
  "parametres_parametrelegal"."departement_id",
  "parametres_parametrelegal"."confirme",
  "parametres_parametrelegal"."note",
  "parametres_parametrelegal"."departemental"
FROM "parametres_parametrelegal"
WHERE (("parametres_parametrelegal"."valide_au" IS NULL OR "parametres_parametrelegal"."valide_au" > <date>)
    AND "parametres_parametrelegal"."cle"::text LIKE <texte>
    AND "parametres_parametrelegal"."valide_du" <= <date>)
ORDER BY "parametres_parametrelegal"."cle" ASC,
  "parametres_parametrelegal"."departement_id" ASC,
  "parametres_parametrelegal"."valide_du" ASC

-- [6] django/core/paginator.py · Paginator.count ← francetravail/personnes/views/conseiller.py · liste_personnes
SELECT COUNT(*) AS "__count"
FROM "personnes_personne"
LEFT OUTER JOIN "inscription_dossierinscription" ON ("personnes_personne"."id" = "inscription_dossierinscription"."personne_id")
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
    AND "personnes_personne"."archivee_le" IS NULL)

-- [7] francetravail/accompagnement/queries.py · colonnes_du_compte
SELECT "accompagnement_colonnesportefeuille"."colonnes" AS "colonnes"
FROM "accompagnement_colonnesportefeuille"
WHERE "accompagnement_colonnesportefeuille"."user_id" = <int>
ORDER BY "accompagnement_colonnesportefeuille"."id" ASC
LIMIT 1

-- [8] francetravail/personnes/portefeuille.py · lignes
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
  "inscription_dossierinscription"."statut" AS "inscription_statut",
  "inscription_dossierinscription"."categorie" AS "inscription_categorie",
  "inscription_dossierinscription"."cessee_jusqu_au" AS "inscription_cessee_jusqu_au",
  "inscription_dossierinscription"."cessee_le" AS "inscription_cessee_le",
  "inscription_dossierinscription"."motif_fin_accompagnement" AS "inscription_motif_fin",
  (EXISTS (
    SELECT <int> AS "a"
    FROM "inscription_droitrsa" U0
    INNER JOIN "inscription_foyerrsa" U1 ON (U0."foyer_id" = U1."id")
    WHERE (U1."etat" IN (<code>, <code>, <code>)
        AND U0."personne_id" = ("personnes_personne"."id"))
    LIMIT 1) AND NOT (EXISTS (
      SELECT <int> AS "a"
      FROM "inscription_droitrsa" U0
      LEFT OUTER JOIN "inscription_foyerrsa" U1 ON (U0."foyer_id" = U1."id")
      WHERE ((U0."fin_droit" IS NULL OR U0."fin_droit" > <date>)
          AND (U0."foyer_id" IS NULL OR NOT (U1."etat" IN (<code>, <code>, <code>) AND U1."etat" IS NOT NULL))
          AND U0."personne_id" = ("personnes_personne"."id"))
      LIMIT 1))) AS "sorti_du_rsa",
  (
  SELECT U1."etat" AS "foyer__etat"
  FROM "inscription_droitrsa" U0
  INNER JOIN "inscription_foyerrsa" U1 ON (U0."foyer_id" = U1."id")
  WHERE (U0."foyer_id" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id"))
  ORDER BY U1."date_flux" DESC,
    U0."id" DESC
  LIMIT 1) AS "droit_rsa_etat",
  (
  SELECT U1."motif_cloture" AS "foyer__motif_cloture"
  FROM "inscription_droitrsa" U0
  INNER JOIN "inscription_foyerrsa" U1 ON (U0."foyer_id" = U1."id")
  WHERE (U0."foyer_id" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id"))
  ORDER BY U1."date_flux" DESC,
    U0."id" DESC
  LIMIT 1) AS "droit_rsa_motif",
  (
  SELECT U1."motif_suspension" AS "foyer__motif_suspension"
  FROM "inscription_droitrsa" U0
  INNER JOIN "inscription_foyerrsa" U1 ON (U0."foyer_id" = U1."id")
  WHERE (U0."foyer_id" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id"))
  ORDER BY U1."date_flux" DESC,
    U0."id" DESC
  LIMIT 1) AS "droit_rsa_motif_suspension",
  (
  SELECT U0."statut" AS "statut"
  FROM "orientation_decisionorientation" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "orientation_statut",
  (
  SELECT U0."file" AS "file"
  FROM "orientation_decisionorientation" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "orientation_file",
  (
  SELECT U0."parcours" AS "parcours"
  FROM "orientation_decisionorientation" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "orientation_parcours",
  (
  SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
  FROM "orientation_decisionorientation" U0
  WHERE (U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY U0."decidee_le" DESC,
    U0."id" DESC
  LIMIT 1) AS "premier_rdv_reference",
  (
  SELECT U0."organisme_id" AS "organisme"
  FROM "orientation_decisionorientation" U0
  WHERE (U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY U0."decidee_le" DESC,
    U0."id" DESC
  LIMIT 1) AS "premier_rdv_organisme",
  ((
    SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
    FROM "orientation_decisionorientation" U0
    WHERE (U0."personne_id" = ("personnes_personne"."id")
        AND U0."statut" IN ('confirmee', 'modifiee'))
    ORDER BY U0."decidee_le" DESC,
      U0."id" DESC
    LIMIT 1) AT TIME ZONE 'Europe/Paris')::date AS "premier_rdv_jour_reference",
  (((
      SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
      FROM "orientation_decisionorientation" U0
      WHERE (U0."personne_id" = ("personnes_personne"."id")
          AND U0."statut" IN ('confirmee', 'modifiee'))
      ORDER BY U0."decidee_le" DESC,
        U0."id" DESC
      LIMIT 1) AT TIME ZONE 'Europe/Paris')::date + (CASE WHEN (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" = ("personnes_personne"."departement_id"))
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) IS NULL THEN (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" IS NULL)
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) WHEN (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" IS NULL)
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) IS NULL THEN (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" = ("personnes_personne"."departement_id"))
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) WHEN (
      SELECT U0."departemental" AS "departemental"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" IS NULL)
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) IN ('libre', 'territoriale') THEN (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" = ("personnes_personne"."departement_id"))
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) WHEN ((
        SELECT U0."departemental" AS "departemental"
        FROM "parametres_parametrelegal" U0
        WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
                SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
                FROM "orientation_decisionorientation" U0
                WHERE (U0."personne_id" = ("personnes_personne"."id")
                    AND U0."statut" IN ('confirmee', 'modifiee'))
                ORDER BY U0."decidee_le" DESC,
                  U0."id" DESC
                LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
            AND U0."cle" = 'rendezvous.delai_premier_rdv'
            AND U0."valide_du" <= ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
            AND U0."departement_id" IS NULL)
        ORDER BY U0."cle" ASC,
          U0."departement_id" ASC,
          U0."valide_du" ASC
        LIMIT 1) = 'au_plus' AND (
        SELECT U0."valeur" AS "valeur"
        FROM "parametres_parametrelegal" U0
        WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
                SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
                FROM "orientation_decisionorientation" U0
                WHERE (U0."personne_id" = ("personnes_personne"."id")
                    AND U0."statut" IN ('confirmee', 'modifiee'))
                ORDER BY U0."decidee_le" DESC,
                  U0."id" DESC
                LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
            AND U0."cle" = 'rendezvous.delai_premier_rdv'
            AND U0."valide_du" <= ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
            AND U0."departement_id" = ("personnes_personne"."departement_id"))
        ORDER BY U0."cle" ASC,
          U0."departement_id" ASC,
          U0."valide_du" ASC
        LIMIT 1) <= (
        SELECT U0."valeur" AS "valeur"
        FROM "parametres_parametrelegal" U0
        WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
                SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
                FROM "orientation_decisionorientation" U0
                WHERE (U0."personne_id" = ("personnes_personne"."id")
                    AND U0."statut" IN ('confirmee', 'modifiee'))
                ORDER BY U0."decidee_le" DESC,
                  U0."id" DESC
                LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
            AND U0."cle" = 'rendezvous.delai_premier_rdv'
            AND U0."valide_du" <= ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
            AND U0."departement_id" IS NULL)
        ORDER BY U0."cle" ASC,
          U0."departement_id" ASC,
          U0."valide_du" ASC
        LIMIT 1)) THEN (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" = ("personnes_personne"."departement_id"))
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) ELSE (
      SELECT U0."valeur" AS "valeur"
      FROM "parametres_parametrelegal" U0
      WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
              SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
              FROM "orientation_decisionorientation" U0
              WHERE (U0."personne_id" = ("personnes_personne"."id")
                  AND U0."statut" IN ('confirmee', 'modifiee'))
              ORDER BY U0."decidee_le" DESC,
                U0."id" DESC
              LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
          AND U0."cle" = 'rendezvous.delai_premier_rdv'
          AND U0."valide_du" <= ((
            SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
            FROM "orientation_decisionorientation" U0
            WHERE (U0."personne_id" = ("personnes_personne"."id")
                AND U0."statut" IN ('confirmee', 'modifiee'))
            ORDER BY U0."decidee_le" DESC,
              U0."id" DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
          AND U0."departement_id" IS NULL)
      ORDER BY U0."cle" ASC,
        U0."departement_id" ASC,
        U0."valide_du" ASC
      LIMIT 1) END)::integer) AS "premier_rdv_limite",
  (
  SELECT U1."debut" AS "creneau__debut"
  FROM "rendezvous_rendezvous" U0
  INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
  WHERE (U1."debut" >= (
      SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
      FROM "orientation_decisionorientation" U0
      WHERE (U0."personne_id" = ("personnes_personne"."id")
          AND U0."statut" IN ('confirmee', 'modifiee'))
      ORDER BY U0."decidee_le" DESC,
        U0."id" DESC
      LIMIT 1)
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('honore', 'reserve'))
  ORDER BY 1 ASC,
    U0."id" ASC
  LIMIT 1) AS "premier_rdv_debut",
  (
  SELECT U0."hors_delai_motif" AS "hors_delai_motif"
  FROM "rendezvous_rendezvous" U0
  INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
  WHERE (U1."debut" >= (
      SELECT COALESCE(U0."notifiee_le", U0."decidee_le") AS "reference_rdv"
      FROM "orientation_decisionorientation" U0
      WHERE (U0."personne_id" = ("personnes_personne"."id")
          AND U0."statut" IN ('confirmee', 'modifiee'))
      ORDER BY U0."decidee_le" DESC,
        U0."id" DESC
      LIMIT 1)
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('honore', 'reserve'))
  ORDER BY U1."debut" ASC,
    U0."id" ASC
  LIMIT 1) AS "premier_rdv_hors_delai",
  ARRAY(
  SELECT JSONB_BUILD_OBJECT(('motif')::text, U0."motif", ('statut')::text, U0."statut", ('depuis')::text, U0."depuis") AS "json"
  FROM "rendezvous_suivirendezvous" U0
  WHERE (U0."motif" IN ('diagnostic', 'entretien_orientation', 'session_collective', 'suivi')
      AND U0."personne_id" = ("personnes_personne"."id"))
  ORDER BY U0."depuis" DESC,
    U0."id" DESC) AS "suivi_rdv",
  (
  SELECT U0."id" AS "pk"
  FROM "orientation_decisionorientation" U0
  WHERE (U0."notifiee_le" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY U0."decidee_le" DESC,
    1 DESC
  LIMIT 1) AS "contrat_orientation_courante",
  (
  SELECT U0."notifiee_le" AS "notifiee_le"
  FROM "orientation_decisionorientation" U0
  WHERE (U0."notifiee_le" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY U0."decidee_le" DESC,
    U0."id" DESC
  LIMIT 1) AS "contrat_orientation_notifiee_le",
  (
  SELECT U0."reorientation_de_id" AS "reorientation_de"
  FROM "orientation_decisionorientation" U0
  WHERE (U0."notifiee_le" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY U0."decidee_le" DESC,
    U0."id" DESC
  LIMIT 1) AS "contrat_orientation_reorientation",
  (
  SELECT U0."orientation_id" AS "orientation"
  FROM "contrats_contratengagement" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "contrat_orientation",
  (
  SELECT U0."statut" AS "statut"
  FROM "contrats_contratengagement" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "contrat_statut",
  (
  SELECT U0."echeance_signature" AS "echeance_signature"
  FROM "contrats_contratengagement" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "contrat_echeance",
  (
  SELECT U0."signe_le" AS "signe_le"
  FROM "contrats_contratengagement" U0
  WHERE U0."personne_id" = ("personnes_personne"."id")
  ORDER BY U0."created_at" DESC,
    U0."id" DESC
  LIMIT 1) AS "contrat_signe_le",
  ((
    SELECT U0."notifiee_le" AS "notifiee_le"
    FROM "orientation_decisionorientation" U0
    WHERE (U0."notifiee_le" IS NOT NULL
        AND U0."personne_id" = ("personnes_personne"."id")
        AND U0."statut" IN ('confirmee', 'modifiee'))
    ORDER BY U0."decidee_le" DESC,
      U0."id" DESC
    LIMIT 1) AT TIME ZONE 'Europe/Paris')::date AS "contrat_jour_notification",
  CASE WHEN (
  SELECT U0."reorientation_de_id" AS "reorientation_de"
  FROM "orientation_decisionorientation" U0
  WHERE (U0."notifiee_le" IS NOT NULL
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" IN ('confirmee', 'modifiee'))
  ORDER BY U0."decidee_le" DESC,
    U0."id" DESC
  LIMIT 1) IS NOT NULL THEN (
  SELECT U0."valeur" AS "valeur"
  FROM "parametres_parametrelegal" U0
  WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
          SELECT U0."notifiee_le" AS "notifiee_le"
          FROM "orientation_decisionorientation" U0
          WHERE (U0."notifiee_le" IS NOT NULL
              AND U0."personne_id" = ("personnes_personne"."id")
              AND U0."statut" IN ('confirmee', 'modifiee'))
          ORDER BY U0."decidee_le" DESC,
            U0."id" DESC
          LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
      AND U0."cle" = 'contrat.delai_signature_reorientation'
      AND U0."valide_du" <= ((
        SELECT U0."notifiee_le" AS "notifiee_le"
        FROM "orientation_decisionorientation" U0
        WHERE (U0."notifiee_le" IS NOT NULL
            AND U0."personne_id" = ("personnes_personne"."id")
            AND U0."statut" IN ('confirmee', 'modifiee'))
        ORDER BY U0."decidee_le" DESC,
          U0."id" DESC
        LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
      AND U0."departement_id" IS NULL)
  ORDER BY U0."cle" ASC,
    U0."departement_id" ASC,
    U0."valide_du" ASC
  LIMIT 1) ELSE (
  SELECT U0."valeur" AS "valeur"
  FROM "parametres_parametrelegal" U0
  WHERE ((U0."valide_au" IS NULL OR U0."valide_au" > ((
          SELECT U0."notifiee_le" AS "notifiee_le"
          FROM "orientation_decisionorientation" U0
          WHERE (U0."notifiee_le" IS NOT NULL
              AND U0."personne_id" = ("personnes_personne"."id")
              AND U0."statut" IN ('confirmee', 'modifiee'))
          ORDER BY U0."decidee_le" DESC,
            U0."id" DESC
          LIMIT 1) AT TIME ZONE 'Europe/Paris')::date)
      AND U0."cle" = 'contrat.delai_signature'
      AND U0."valide_du" <= ((
        SELECT U0."notifiee_le" AS "notifiee_le"
        FROM "orientation_decisionorientation" U0
        WHERE (U0."notifiee_le" IS NOT NULL
            AND U0."personne_id" = ("personnes_personne"."id")
            AND U0."statut" IN ('confirmee', 'modifiee'))
        ORDER BY U0."decidee_le" DESC,
          U0."id" DESC
        LIMIT 1) AT TIME ZONE 'Europe/Paris')::date
      AND U0."departement_id" IS NULL)
  ORDER BY U0."cle" ASC,
    U0."departement_id" ASC,
    U0."valide_du" ASC
  LIMIT 1) END AS "contrat_delai_sans_contrat",
  (
  SELECT U1."debut" AS "creneau__debut"
  FROM "rendezvous_rendezvous" U0
  INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
  WHERE (U1."debut" >= <horodatage>
      AND U0."personne_id" = ("personnes_personne"."id")
      AND U0."statut" = 'reserve')
  ORDER BY 1 ASC
  LIMIT 1) AS "prochain_rdv",
  (
  SELECT U2."code" AS "modalite__code"
  FROM "accompagnement_modalitepersonne" U0
  INNER JOIN "accompagnement_modaliteaccompagnement" U2 ON (U0."modalite_id" = U2."id")
  WHERE (U0."fin" IS NULL
      AND U0."personne_id" = ("personnes_personne"."id"))
  LIMIT 1) AS "modalite_code",
  (
  SELECT U2."libelle" AS "modalite__libelle"
  FROM "accompagnement_modalitepersonne" U0
  INNER JOIN "accompagnement_modaliteaccompagnement" U2 ON (U0."modalite_id" = U2."id")
  WHERE (U0."fin" IS NULL
      AND U0."personne_id" = ("personnes_personne"."id"))
  LIMIT 1) AS "modalite_libelle",
  (
  SELECT U0."fin_prevue" AS "fin_prevue"
  FROM "accompagnement_modalitepersonne" U0
  WHERE (U0."fin" IS NULL
      AND U0."personne_id" = ("personnes_personne"."id"))
  LIMIT 1) AS "modalite_fin_prevue",
  (
  SELECT LEAST((GREATEST(V0."debut", ((
            SELECT U1."debut" AS "creneau__debut"
            FROM "rendezvous_rendezvous" U0
            INNER JOIN "rendezvous_creneau" U1 ON (U0."creneau_id" = U1."id")
            WHERE ((U1."debut" AT TIME ZONE 'Europe/Paris')::date >= (V0."debut")
                AND U1."motif" = 'point_etape'
                AND U0."personne_id" = (V0."personne_id")
                AND U0."statut" = 'honore')
            ORDER BY 1 DESC
            LIMIT 1) AT TIME ZONE 'Europe/Paris')::date) + make_interval(months = > CASE WHEN (V2."code" = 'global') THEN <int> WHEN (V2."code" = 'guide') THEN <int> WHEN (V2."code" = 'intensif') THEN <int> WHEN (V2."code" = 'suivi') THEN <int> ELSE NULL END::integer))::date, V0."fin_prevue") AS "prochain"
  FROM "accompagnement_modalitepersonne" V0
  INNER JOIN "accompagnement_modaliteaccompagnement" V2 ON (V0."modalite_id" = V2."id")
  WHERE (V0."fin" IS NULL
      AND V0."personne_id" = ("personnes_personne"."id"))
  LIMIT 1) AS "modalite_prochain_point_etape",
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
LEFT OUTER JOIN "reseau_organisation" ON ("personnes_personne"."organisme_referent_id" = "reseau_organisation"."id")
LEFT OUTER JOIN "inscription_dossierinscription" ON ("personnes_personne"."id" = "inscription_dossierinscription"."personne_id")
LEFT OUTER JOIN "reseau_commune" ON ("personnes_personne"."commune_id" = "reseau_commune"."code_insee")
LEFT OUTER JOIN "comptes_user" ON ("personnes_personne"."referent_unique_id" = "comptes_user"."id")
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
    AND "personnes_personne"."archivee_le" IS NULL)
ORDER BY "personnes_personne"."nom_naissance" ASC,
  "personnes_personne"."prenoms" ASC,
  "personnes_personne"."id" ASC
LIMIT 5

-- [9] francetravail/notifications/queries.py · nombre_non_lues ← gabarit layouts/_notifications.html
SELECT COUNT(*)
FROM "notifications_notification"
WHERE "destinataire_id" = <int>
  AND "lue_le" IS NULL

-- [10] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/audit/contexte.py · ContexteJournalMiddleware.__call__
RELEASE SAVEPOINT "<savepoint>"
