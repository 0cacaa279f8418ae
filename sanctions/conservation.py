"""Retention hooks of the sanction procedures (francetravail/donnees/registre.py).

A file is held while a procedure is not closed (it may still be decided, notified, appealed: the
contentieux R5312-44 extends the retention for) or while an appeal (médiation préalable, RAPO) is not
decided. At the end of the archive, the free texts of the procedures, failures and appeals are erased; their
rows, types, dates, measures and outcomes stay for the indicators."""

from django.db.models import OuterRef

from francetravail.donnees.registre import anonymisation, effacer_evenements, effacer_textes, retenue
from sanctions.models import (
    STATUTS_CLOS,
    STATUTS_RECOURS_CLOS,
    CorrectionFoyer,
    FinDroitRSA,
    HistoriqueProcedure,
    Manquement,
    ProcedureSanction,
    Recours,
)


@retenue
def procedure_en_cours(maintenant):
    return ProcedureSanction.objects.filter(personne=OuterRef("pk")).exclude(statut__in=STATUTS_CLOS)


@retenue
def recours_pendant(maintenant):
    return Recours.objects.filter(procedure__personne=OuterRef("pk")).exclude(statut__in=STATUTS_RECOURS_CLOS)


@anonymisation
def effacer_textes_des_procedures(personne_ids):
    effacer_textes(Manquement.objects.filter(personne_id__in=personne_ids), "faits", "elements_preuve")
    effacer_textes(
        ProcedureSanction.objects.filter(personne_id__in=personne_ids),
        "examen",
        "accompagnement_fourni",
        "motif_classement",
        "sanction_envisagee",
        "representant_legal",
        "observations",
        "audition_compte_rendu",
        "audition_assistee_par",
        "audition_absence",
        "avis_equipe_pluridisciplinaire",
        "motivation",
        "remobilisation",
    )
    effacer_textes(
        HistoriqueProcedure.objects.filter(procedure__personne_id__in=personne_ids), "motif", "note_interne"
    )
    effacer_textes(Recours.objects.filter(procedure__personne_id__in=personne_ids), "motifs", "motivation")
    effacer_textes(FinDroitRSA.objects.filter(procedure__personne_id__in=personne_ids), "motivation")
    effacer_textes(CorrectionFoyer.objects.filter(procedure__personne_id__in=personne_ids), "motif")
    for modele, chemin in (
        (HistoriqueProcedure, "procedure__personne_id__in"),
        (Recours, "procedure__personne_id__in"),
        (FinDroitRSA, "procedure__personne_id__in"),
        (CorrectionFoyer, "procedure__personne_id__in"),
    ):
        effacer_evenements(modele, modele.objects.filter(**{chemin: personne_ids}))
