"""The scans of contracts signed on paper become documents (issue 21).

Until now the scan was a file field of the contract (``ContratEngagement.signature_papier``), overwritten
at each paper signature. It is now a ``documents.Document`` of nature « signature_papier » attached to
the version it signed, read through the documents' download (gate + access log). Each scan already
stored is moved as it is (same stored file, no copy): its row says whose file it is, the version it
signed (the latest version accepted on paper, else the version in force), who recorded it and when,
its size and its SHA-256 (the one its attestation printed, else computed). Then the field goes.
"""

import hashlib
from pathlib import PurePath

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def _empreinte(champ):
    h = hashlib.sha256()
    with champ.storage.open(champ.name, "rb") as fichier:
        while morceau := fichier.read(1024 * 1024):
            h.update(morceau)
    return h.hexdigest()


def scans_en_documents(apps, schema_editor):
    ContratEngagement = apps.get_model("contrats", "ContratEngagement")
    VersionContrat = apps.get_model("contrats", "VersionContrat")
    Document = apps.get_model("documents", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    contrats = ContratEngagement.objects.exclude(signature_papier="").exclude(signature_papier__isnull=True)
    if not contrats.exists():
        return
    type_version, _ = ContentType.objects.get_or_create(app_label="contrats", model="versioncontrat")
    for contrat in contrats.order_by("pk").iterator():
        champ = contrat.signature_papier
        version = (
            VersionContrat.objects.filter(contrat_id=contrat.pk, attestation__acceptation__canal="papier")
            .order_by("-numero")
            .first()
        ) or VersionContrat.objects.filter(pk=contrat.version_en_vigueur_id).first()
        depose_par = contrat.contresigne_par_id or contrat.referent_id
        if depose_par is None:
            continue  # nobody to name as its author: left to the orphan-file sweep's report
        type_fichier = TYPES.get(PurePath(champ.name).suffix.lower(), "application/pdf")
        empreinte = ""
        if version is not None:
            empreinte = ((version.attestation or {}).get("acceptation") or {}).get("scan_empreinte") or ""
        try:
            taille = champ.storage.size(champ.name)
            empreinte = empreinte or _empreinte(champ)
        except OSError:
            taille = 0  # the file is missing from the storage: the row still says it was recorded
        Document.objects.create(
            personne_id=contrat.personne_id,
            nature="signature_papier",
            objet_type=type_version if version is not None else None,
            objet_id=version.pk if version is not None else None,
            fichier=champ.name,
            nom=f"contrat-engagement-{contrat.pk}-signature-papier{EXTENSIONS[type_fichier]}",
            type_fichier=type_fichier,
            taille=taille,
            empreinte=empreinte,
            depose_par_id=depose_par,
            depose_le=contrat.signe_le or contrat.updated_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contrats", "0008_version_gabarit_document"),
        ("documents", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(scans_en_documents, migrations.RunPython.noop),
        pgtrigger.migrations.RemoveTrigger(
            model_name="contratengagement",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="contratengagement",
            name="update_update",
        ),
        migrations.RemoveField(
            model_name="contratengagement",
            name="signature_papier",
        ),
        migrations.RemoveField(
            model_name="contratengagementevent",
            name="signature_papier",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="contratengagement",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "contrats_contratengagementevent" ("accepte_le", "alerte_ore_signalee_le", "amenagement_duree", "contresigne_par_id", "created_at", "dispense_demandee_le", "dispense_demandee_par_personne", "dispense_enfant_justificatif", "dispense_enfant_naissance", "echeance_signature", "empreinte_acceptee", "empreinte_document_acceptee", "id", "motif_dispense", "motif_minoration", "ore_communes", "ore_fixee_le", "ore_metiers", "ore_salaire_attendu", "ore_zone", "organisme_id", "orientation_id", "parcours", "personne_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "referent_id", "retard_signature_signale_le", "revision_ouverte_le", "rythme_points_etape", "signe_le", "statut", "updated_at", "version_acceptee_id", "version_en_vigueur_id") SELECT new_values."accepte_le", new_values."alerte_ore_signalee_le", new_values."amenagement_duree", new_values."contresigne_par_id", new_values."created_at", new_values."dispense_demandee_le", new_values."dispense_demandee_par_personne", new_values."dispense_enfant_justificatif", new_values."dispense_enfant_naissance", new_values."echeance_signature", new_values."empreinte_acceptee", new_values."empreinte_document_acceptee", new_values."id", new_values."motif_dispense", new_values."motif_minoration", new_values."ore_communes", new_values."ore_fixee_le", new_values."ore_metiers", new_values."ore_salaire_attendu", new_values."ore_zone", new_values."organisme_id", new_values."orientation_id", new_values."parcours", new_values."personne_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."referent_id", new_values."retard_signature_signale_le", new_values."revision_ouverte_le", new_values."rythme_points_etape", new_values."signe_le", new_values."statut", new_values."updated_at", new_values."version_acceptee_id", new_values."version_en_vigueur_id" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="699c0962cbd771a5384761bbde7df1fd6b77be00",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_b575c",
                    referencing="REFERENCING NEW TABLE AS new_values ",
                    table="contrats_contratengagement",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="contratengagement",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "contrats_contratengagementevent" ("accepte_le", "alerte_ore_signalee_le", "amenagement_duree", "contresigne_par_id", "created_at", "dispense_demandee_le", "dispense_demandee_par_personne", "dispense_enfant_justificatif", "dispense_enfant_naissance", "echeance_signature", "empreinte_acceptee", "empreinte_document_acceptee", "id", "motif_dispense", "motif_minoration", "ore_communes", "ore_fixee_le", "ore_metiers", "ore_salaire_attendu", "ore_zone", "organisme_id", "orientation_id", "parcours", "personne_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "referent_id", "retard_signature_signale_le", "revision_ouverte_le", "rythme_points_etape", "signe_le", "statut", "updated_at", "version_acceptee_id", "version_en_vigueur_id") SELECT new_values."accepte_le", new_values."alerte_ore_signalee_le", new_values."amenagement_duree", new_values."contresigne_par_id", new_values."created_at", new_values."dispense_demandee_le", new_values."dispense_demandee_par_personne", new_values."dispense_enfant_justificatif", new_values."dispense_enfant_naissance", new_values."echeance_signature", new_values."empreinte_acceptee", new_values."empreinte_document_acceptee", new_values."id", new_values."motif_dispense", new_values."motif_minoration", new_values."ore_communes", new_values."ore_fixee_le", new_values."ore_metiers", new_values."ore_salaire_attendu", new_values."ore_zone", new_values."organisme_id", new_values."orientation_id", new_values."parcours", new_values."personne_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."referent_id", new_values."retard_signature_signale_le", new_values."revision_ouverte_le", new_values."rythme_points_etape", new_values."signe_le", new_values."statut", new_values."updated_at", new_values."version_acceptee_id", new_values."version_en_vigueur_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="25b659372bcbce27d3ac376a5f672b63d9893813",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_3e325",
                    referencing="REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ",
                    table="contrats_contratengagement",
                    when="AFTER",
                ),
            ),
        ),
    ]
