"""Retention hooks of the contracts (francetravail/donnees/registre.py): at the end of the archive, the free
texts of the contract and its plan, the content of its versions and their PDFs are erased; the rows (dates,
weekly hours, statuses) stay for the indicators."""

from django.db import transaction

from contrats.models import ActionPlan, ContratEngagement, DeclarationActivite, HistoriqueContrat, VersionContrat
from francetravail.donnees.registre import anonymisation, effacer_evenements, effacer_textes


@anonymisation
def effacer_contrats(personne_ids):
    contrats = ContratEngagement.objects.filter(personne_id__in=personne_ids)
    effacer_textes(contrats, "motif_minoration", "ore_zone")
    effacer_textes(HistoriqueContrat.objects.filter(contrat__personne_id__in=personne_ids), "motif")
    effacer_textes(DeclarationActivite.objects.filter(contrat__personne_id__in=personne_ids), "commentaire")
    plans = ActionPlan.objects.filter(contrat__personne_id__in=personne_ids)
    effacer_textes(plans, "description")
    versions = VersionContrat.objects.filter(contrat__personne_id__in=personne_ids)
    pdfs = [nom for nom in versions.exclude(document="").values_list("document", flat=True) if nom]
    versions.update(contenu={}, document="")
    effacer_textes(versions, "commentaire_modification")
    for modele, lignes in ((ActionPlan, plans), (VersionContrat, versions), (DeclarationActivite, None)):
        if lignes is None:
            lignes = modele.objects.filter(contrat__personne_id__in=personne_ids)
        effacer_evenements(modele, lignes)
    stockage = VersionContrat._meta.get_field("document").storage
    transaction.on_commit(lambda: [stockage.delete(nom) for nom in pdfs], robust=True)
