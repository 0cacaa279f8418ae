-- Instantané SQL : contrat_conseiller
-- Page : GET /conseiller/personnes/<id>/contrat/ (backoffice:contrat), lue par le référent.
-- Contrat signé (plan de 15 h), activité déclarée cette semaine, point d'étape proposé.
-- Requêtes : 22
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

-- [4] francetravail/personnes/acces.py · acces_personne
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

-- [5] francetravail/audit/actions.py · journaliser_acces
INSERT INTO "audit_journalacces" ("personne_id", "user_id", "organisation_id", "partie", "canal", "at", "professionnel_id")
VALUES (<int>, <int>, <int>, 'contrat', 'web', <horodatage>, NULL)

-- [6] contrats/queries.py · contrat_courant
SELECT "contrats_contratengagement"."id",
  "contrats_contratengagement"."personne_id",
  "contrats_contratengagement"."orientation_id",
  "contrats_contratengagement"."parcours",
  "contrats_contratengagement"."organisme_id",
  "contrats_contratengagement"."referent_id",
  "contrats_contratengagement"."statut",
  "contrats_contratengagement"."echeance_signature",
  "contrats_contratengagement"."amenagement_duree",
  "contrats_contratengagement"."motif_minoration",
  "contrats_contratengagement"."motif_dispense",
  "contrats_contratengagement"."dispense_demandee_par_personne",
  "contrats_contratengagement"."dispense_demandee_le",
  "contrats_contratengagement"."dispense_enfant_naissance",
  "contrats_contratengagement"."dispense_enfant_justificatif",
  "contrats_contratengagement"."ore_metiers",
  "contrats_contratengagement"."ore_zone",
  "contrats_contratengagement"."ore_communes",
  "contrats_contratengagement"."ore_salaire_attendu",
  "contrats_contratengagement"."ore_fixee_le",
  "contrats_contratengagement"."accepte_le",
  "contrats_contratengagement"."version_acceptee_id",
  "contrats_contratengagement"."empreinte_acceptee",
  "contrats_contratengagement"."empreinte_document_acceptee",
  "contrats_contratengagement"."signe_le",
  "contrats_contratengagement"."contresigne_par_id",
  "contrats_contratengagement"."version_en_vigueur_id",
  "contrats_contratengagement"."revision_ouverte_le",
  "contrats_contratengagement"."rythme_points_etape",
  "contrats_contratengagement"."retard_signature_signale_le",
  "contrats_contratengagement"."alerte_ore_signalee_le",
  "contrats_contratengagement"."created_at",
  "contrats_contratengagement"."updated_at",
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
  "orientation_decisionorientation"."id",
  "orientation_decisionorientation"."personne_id",
  "orientation_decisionorientation"."statut",
  "orientation_decisionorientation"."file",
  "orientation_decisionorientation"."version_id",
  "orientation_decisionorientation"."entrees",
  "orientation_decisionorientation"."criteres",
  "orientation_decisionorientation"."regle_code",
  "orientation_decisionorientation"."explication",
  "orientation_decisionorientation"."parcours_propose",
  "orientation_decisionorientation"."type_organisme_propose",
  "orientation_decisionorientation"."beneficiaire_rsa",
  "orientation_decisionorientation"."parcours",
  "orientation_decisionorientation"."organisme_id",
  "orientation_decisionorientation"."decideur_id",
  "orientation_decisionorientation"."motif_modification",
  "orientation_decisionorientation"."decidee_le",
  "orientation_decisionorientation"."notifiee_le",
  "orientation_decisionorientation"."recue_le",
  "orientation_decisionorientation"."reorientation_de_id",
  "orientation_decisionorientation"."demandee_par_id",
  "orientation_decisionorientation"."motif_demande",
  "orientation_decisionorientation"."transfert_le",
  "orientation_decisionorientation"."created_at",
  "orientation_decisionorientation"."updated_at",
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
  "comptes_user"."date_joined",
  "contrats_versioncontrat"."id",
  "contrats_versioncontrat"."contrat_id",
  "contrats_versioncontrat"."numero",
  "contrats_versioncontrat"."contenu",
  "contrats_versioncontrat"."empreinte",
  "contrats_versioncontrat"."created_at",
  "contrats_versioncontrat"."soumise_par_id",
  "contrats_versioncontrat"."acceptee_le",
  "contrats_versioncontrat"."document",
  "contrats_versioncontrat"."document_empreinte",
  "contrats_versioncontrat"."document_genere_le",
  "contrats_versioncontrat"."attestation",
  "contrats_versioncontrat"."attestation_le",
  "contrats_versioncontrat"."document_signe",
  "contrats_versioncontrat"."document_signe_empreinte",
  "contrats_versioncontrat"."document_signe_genere_le",
  "contrats_versioncontrat"."modification_demandee_le",
  "contrats_versioncontrat"."commentaire_modification",
  "contrats_versioncontrat"."version_gabarit",
  T7."id",
  T7."password",
  T7."last_login",
  T7."is_superuser",
  T7."email",
  T7."first_name",
  T7."last_name",
  T7."type_compte",
  T7."telephone",
  T7."is_staff",
  T7."is_active",
  T7."date_joined",
  T8."id",
  T8."contrat_id",
  T8."numero",
  T8."contenu",
  T8."empreinte",
  T8."created_at",
  T8."soumise_par_id",
  T8."acceptee_le",
  T8."document",
  T8."document_empreinte",
  T8."document_genere_le",
  T8."attestation",
  T8."attestation_le",
  T8."document_signe",
  T8."document_signe_empreinte",
  T8."document_signe_genere_le",
  T8."modification_demandee_le",
  T8."commentaire_modification",
  T8."version_gabarit"
FROM "contrats_contratengagement"
INNER JOIN "personnes_personne" ON ("contrats_contratengagement"."personne_id" = "personnes_personne"."id")
INNER JOIN "orientation_decisionorientation" ON ("contrats_contratengagement"."orientation_id" = "orientation_decisionorientation"."id")
INNER JOIN "reseau_organisation" ON ("contrats_contratengagement"."organisme_id" = "reseau_organisation"."id")
INNER JOIN "comptes_user" ON ("contrats_contratengagement"."referent_id" = "comptes_user"."id")
LEFT OUTER JOIN "contrats_versioncontrat" ON ("contrats_contratengagement"."version_acceptee_id" = "contrats_versioncontrat"."id")
LEFT OUTER JOIN "comptes_user" T7 ON ("contrats_contratengagement"."contresigne_par_id" = T7."id")
LEFT OUTER JOIN "contrats_versioncontrat" T8 ON ("contrats_contratengagement"."version_en_vigueur_id" = T8."id")
WHERE "contrats_contratengagement"."personne_id" = <int>
ORDER BY "contrats_contratengagement"."created_at" DESC,
  "contrats_contratengagement"."id" DESC
LIMIT 1

-- [7] contrats/queries.py · contrat_courant
SELECT "contrats_actionplan"."id",
  "contrats_actionplan"."contrat_id",
  "contrats_actionplan"."type_action",
  "contrats_actionplan"."porteur",
  "contrats_actionplan"."description",
  "contrats_actionplan"."debut",
  "contrats_actionplan"."fin",
  "contrats_actionplan"."heures_hebdo",
  "contrats_actionplan"."statut",
  "contrats_actionplan"."lien",
  "contrats_actionplan"."created_at"
FROM "contrats_actionplan"
WHERE "contrats_actionplan"."contrat_id" IN (<ids>)
ORDER BY "contrats_actionplan"."debut" ASC,
  "contrats_actionplan"."id" ASC

-- [8] contrats/queries.py · contrat_courant
SELECT "contrats_versioncontrat"."id",
  "contrats_versioncontrat"."contrat_id",
  "contrats_versioncontrat"."numero",
  "contrats_versioncontrat"."empreinte",
  "contrats_versioncontrat"."created_at",
  "contrats_versioncontrat"."soumise_par_id",
  "contrats_versioncontrat"."acceptee_le",
  "contrats_versioncontrat"."document",
  "contrats_versioncontrat"."document_empreinte",
  "contrats_versioncontrat"."document_genere_le",
  "contrats_versioncontrat"."modification_demandee_le",
  "contrats_versioncontrat"."commentaire_modification"
FROM "contrats_versioncontrat"
WHERE "contrats_versioncontrat"."contrat_id" IN (<ids>)
ORDER BY "contrats_versioncontrat"."numero" DESC

-- [9] francetravail/parametres/lookup.py · parametre
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
WHERE (("parametres_parametrelegal"."departement_id" IS NULL OR "parametres_parametrelegal"."departement_id" = <code>)
    AND "parametres_parametrelegal"."valide_du" <= <date>
    AND ("parametres_parametrelegal"."valide_au" IS NULL OR "parametres_parametrelegal"."valide_au" > <date>)
    AND "parametres_parametrelegal"."cle" = 'contrat.heures_hebdo_minimum')
ORDER BY "parametres_parametrelegal"."cle" ASC,
  "parametres_parametrelegal"."departement_id" ASC,
  "parametres_parametrelegal"."valide_du" ASC

-- [10] contrats/views/conseiller.py · _contexte_contrat
SELECT "orientation_decisionorientation"."id" AS "pk"
FROM "orientation_decisionorientation"
WHERE ("orientation_decisionorientation"."personne_id" = <int>
    AND "orientation_decisionorientation"."notifiee_le" IS NOT NULL
    AND "orientation_decisionorientation"."statut" IN ('confirmee', 'modifiee'))
ORDER BY "orientation_decisionorientation"."decidee_le" DESC,
  1 DESC
LIMIT 1

-- [11] francetravail/documents/selecteurs.py · documents_de
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
WHERE ("django_content_type"."app_label" = 'contrats'
    AND "django_content_type"."model" = 'versioncontrat'
    AND "documents_document"."objet_id" = <int>
    AND "documents_document"."nature" = 'signature_papier')
ORDER BY "documents_document"."depose_le" ASC,
  "documents_document"."id" ASC

-- [12] contrats/suivi.py · chronologie
SELECT "contrats_historiquecontrat"."id",
  "contrats_historiquecontrat"."contrat_id",
  "contrats_historiquecontrat"."user_id",
  "contrats_historiquecontrat"."at",
  "contrats_historiquecontrat"."statut_avant",
  "contrats_historiquecontrat"."statut_apres",
  "contrats_historiquecontrat"."version",
  "contrats_historiquecontrat"."motif",
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
FROM "contrats_historiquecontrat"
INNER JOIN "comptes_user" ON ("contrats_historiquecontrat"."user_id" = "comptes_user"."id")
WHERE "contrats_historiquecontrat"."contrat_id" = <int>
ORDER BY "contrats_historiquecontrat"."at" ASC,
  "contrats_historiquecontrat"."id" ASC

-- [13] contrats/suivi.py · chronologie
SELECT "contrats_versioncontrat"."id",
  "contrats_versioncontrat"."numero",
  "contrats_versioncontrat"."document_empreinte",
  "contrats_versioncontrat"."document_genere_le",
  "contrats_versioncontrat"."document_signe_empreinte",
  "contrats_versioncontrat"."document_signe_genere_le"
FROM "contrats_versioncontrat"
INNER JOIN "contrats_contratengagement" ON ("contrats_versioncontrat"."contrat_id" = "contrats_contratengagement"."id")
WHERE ("contrats_versioncontrat"."contrat_id" = <int>
    AND "contrats_versioncontrat"."document_genere_le" IS NOT NULL)
ORDER BY "contrats_contratengagement"."created_at" DESC,
  "contrats_contratengagement"."id" DESC,
  "contrats_versioncontrat"."numero" DESC

-- [14] contrats/suivi.py · chronologie
SELECT "contrats_declarationactivite"."id",
  "contrats_declarationactivite"."contrat_id",
  "contrats_declarationactivite"."semaine",
  "contrats_declarationactivite"."commentaire",
  "contrats_declarationactivite"."declaree_par_id",
  "contrats_declarationactivite"."declaree_le",
  "contrats_declarationactivite"."modifiee_le",
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
FROM "contrats_declarationactivite"
INNER JOIN "comptes_user" ON ("contrats_declarationactivite"."declaree_par_id" = "comptes_user"."id")
WHERE "contrats_declarationactivite"."contrat_id" = <int>
ORDER BY "contrats_declarationactivite"."declaree_le" ASC

-- [15] contrats/suivi.py · chronologie
SELECT "contrats_lignedeclaration"."id",
  "contrats_lignedeclaration"."declaration_id",
  "contrats_lignedeclaration"."action_id",
  "contrats_lignedeclaration"."heures"
FROM "contrats_lignedeclaration"
WHERE "contrats_lignedeclaration"."declaration_id" IN (<ids>)

-- [16] contrats/suivi.py · chronologie
SELECT "rendezvous_rendezvous"."id",
  "rendezvous_rendezvous"."personne_id",
  "rendezvous_rendezvous"."creneau_id",
  "rendezvous_rendezvous"."statut",
  "rendezvous_rendezvous"."motif",
  "rendezvous_rendezvous"."premier_rendez_vous",
  "rendezvous_rendezvous"."propose_par_id",
  "rendezvous_rendezvous"."reserve_par_id",
  "rendezvous_rendezvous"."reserve_le",
  "rendezvous_rendezvous"."hors_delai_motif",
  "rendezvous_rendezvous"."hors_delai_par_id",
  "rendezvous_rendezvous"."hors_delai_le",
  "rendezvous_rendezvous"."prochain_rappel",
  "rendezvous_rendezvous"."created_at",
  "rendezvous_rendezvous"."updated_at",
  "rendezvous_creneau"."id",
  "rendezvous_creneau"."agenda_id",
  "rendezvous_creneau"."debut",
  "rendezvous_creneau"."fin",
  "rendezvous_creneau"."motif",
  "rendezvous_creneau"."modalite",
  "rendezvous_creneau"."lieu",
  "rendezvous_creneau"."capacite",
  "rendezvous_creneau"."nb_reservations",
  "rendezvous_creneau"."actif",
  "rendezvous_creneau"."plage_id",
  "rendezvous_creneau"."intitule",
  "rendezvous_creneau"."created_by_id",
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
FROM "rendezvous_rendezvous"
INNER JOIN "rendezvous_creneau" ON ("rendezvous_rendezvous"."creneau_id" = "rendezvous_creneau"."id")
LEFT OUTER JOIN "comptes_user" ON ("rendezvous_rendezvous"."propose_par_id" = "comptes_user"."id")
WHERE ("rendezvous_rendezvous"."created_at" >= <horodatage>
    AND "rendezvous_creneau"."motif" = 'point_etape'
    AND "rendezvous_rendezvous"."personne_id" = <int>)

-- [17] contrats/points_etape.py · dernier_point_etape
SELECT MAX("rendezvous_creneau"."debut") AS "m"
FROM "rendezvous_rendezvous"
INNER JOIN "rendezvous_creneau" ON ("rendezvous_rendezvous"."creneau_id" = "rendezvous_creneau"."id")
WHERE ("rendezvous_creneau"."debut" >= <horodatage>
    AND "rendezvous_creneau"."motif" = 'point_etape'
    AND "rendezvous_rendezvous"."personne_id" = <int>
    AND "rendezvous_rendezvous"."statut" = 'honore')

-- [18] francetravail/parametres/lookup.py · parametre
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
WHERE (("parametres_parametrelegal"."departement_id" IS NULL OR "parametres_parametrelegal"."departement_id" = <code>)
    AND "parametres_parametrelegal"."valide_du" <= <date>
    AND ("parametres_parametrelegal"."valide_au" IS NULL OR "parametres_parametrelegal"."valide_au" > <date>)
    AND "parametres_parametrelegal"."cle" = 'contrat.age_mention_jeunes')
ORDER BY "parametres_parametrelegal"."cle" ASC,
  "parametres_parametrelegal"."departement_id" ASC,
  "parametres_parametrelegal"."valide_du" ASC

-- [19] francetravail/parametres/lookup.py · parametre
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
WHERE (("parametres_parametrelegal"."departement_id" IS NULL OR "parametres_parametrelegal"."departement_id" = <code>)
    AND "parametres_parametrelegal"."valide_du" <= <date>
    AND ("parametres_parametrelegal"."valide_au" IS NULL OR "parametres_parametrelegal"."valide_au" > <date>)
    AND "parametres_parametrelegal"."cle" = 'contrat.delai_ore')
ORDER BY "parametres_parametrelegal"."cle" ASC,
  "parametres_parametrelegal"."departement_id" ASC,
  "parametres_parametrelegal"."valide_du" ASC

-- [20] contrats/acces.py · est_referent
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

-- [21] francetravail/notifications/queries.py · nombre_non_lues ← gabarit layouts/_notifications.html
SELECT COUNT(*)
FROM "notifications_notification"
WHERE "destinataire_id" = <int>
  AND "lue_le" IS NULL

-- [22] django/core/handlers/base.py · BaseHandler._get_response ← francetravail/audit/contexte.py · ContexteJournalMiddleware.__call__
RELEASE SAVEPOINT "<savepoint>"
