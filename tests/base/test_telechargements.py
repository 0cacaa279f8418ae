"""Every view that serves a stored document (the only way to read one: the storage has no URL).

For each: the one allowed gets the file, and a professional's or an employer's read is in the
person's access log; everyone else (other roles, other organisations, other people) gets the
same 404, and no log row is written for them. Scans are user uploads: served as attachments.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats import actions as contrats_actions
from contrats import queries as contrats_queries
from entreprises import immersions
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from francetravail.rome.models import FicheRome
from sanctions import actions as sanctions_actions
from sanctions.models import CourrierProcedure, DestinataireCourrier, TypeCourrier
from tests.contrats.factories import Situation as SituationContrat
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel
from tests.fichiers import image_lisible, scan
from tests.sanctions.factories import Situation as SituationSanction


def autres(organisation):
    """People who may not read this file: another agency's conseiller, a pilot of the same
    organisation (reads no file), another person, an employer, a staff user without a role."""
    return {
        "conseiller_ailleurs": professionnel(OrganisationFactory(departement_id="13")),
        "pilote": professionnel(organisation, Role.PILOTE),
        "autre_personne": PersonneFactory(avec_compte=True).user,
        "employeur": f.employeur(f.entreprise(nom="Sans lien")),
        "staff": UserFactory(professionnel=True, is_staff=True),
    }


# --- Scenarios: (url, the allowed user, their expected log part or None, refused users, person) -----


def scan_papier():
    s = SituationContrat()
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    contrat = contrats_actions.enregistrer_signature_papier(
        contrat, acting_user=s.referent, scan=scan("scan.png", image_lisible("PNG"))
    )
    # A Document since issue 21: served by the documents' download, read by the contract's readers.
    url = reverse("documents:telecharger", kwargs={"pk": contrats_queries.scan_papier(contrat.version_en_vigueur).pk})
    return url, s.referent, PartieDossier.DOCUMENT, autres(s.organisme), s.personne


def version_conseiller():
    s = SituationContrat()
    version = s.soumis().derniere_version()
    url = reverse("backoffice:contrat_version_pdf", kwargs={"pk": s.personne.pk, "version_pk": version.pk})
    return url, s.referent, PartieDossier.CONTRAT_DOCUMENT, autres(s.organisme), s.personne


def version_personne():
    s = SituationContrat()
    version = s.soumis().derniere_version()
    url = reverse("contrats:version_pdf", kwargs={"pk": version.pk})
    refuses = {**autres(s.organisme), "referent": s.referent}  # the référent reads it on their own page
    return url, s.personne.user, None, refuses, s.personne


def courrier(procedure):
    return CourrierProcedure.objects.get(
        procedure=procedure,
        type_courrier=TypeCourrier.AVERTISSEMENT_PREALABLE,
        destinataire=DestinataireCourrier.PERSONNE,
    )


def courrier_conseiller():
    s = SituationSanction()
    procedure = s.avertie()
    url = reverse("backoffice:sanction_courrier", kwargs={"pk": procedure.pk, "courrier_pk": courrier(procedure).pk})
    return url, s.controleur, PartieDossier.SANCTIONS, {**autres(s.organisme), "mediateur": s.mediateur}, s.personne


def courrier_personne():
    s = SituationSanction()
    procedure = s.avertie()
    url = reverse("sanctions:courrier", kwargs={"pk": procedure.pk, "courrier_pk": courrier(procedure).pk})
    return url, s.personne.user, None, {**autres(s.organisme), "controleur": s.controleur}, s.personne


def courrier_recours():
    s = SituationSanction()
    procedure = s.decidee()
    recours = sanctions_actions.former_recours(
        procedure, acting_user=s.personne.user, motifs="J'étais hospitalisé la semaine de l'atelier."
    )
    lettre = CourrierProcedure.objects.filter(procedure=procedure, type_courrier=TypeCourrier.DECISION).first()
    url = reverse("backoffice:sanction_recours_courrier", kwargs={"pk": recours.pk, "courrier_pk": lettre.pk})
    return url, s.mediateur, PartieDossier.SANCTIONS, {**autres(s.organisme), "referent": s.referent}, s.personne


def immersion_validee():
    org = OrganisationFactory(departement_id="59")
    referent = professionnel(org, Role.CONSEILLER)
    personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=referent)
    entreprise = f.entreprise(nom="Boulangerie du Beffroi")
    employeur = f.employeur(entreprise)
    debut = timezone.localdate() + datetime.timedelta(days=3)
    immersion = immersions.demander(
        personne,
        acting_user=referent,
        entreprise=entreprise,
        fiche_rome=FicheRome.objects.get(pk="D1102"),
        objectif="decouvrir",
        objectifs_detail="Découvrir la boulangerie.",
        tuteur_nom="Jean Fournier",
        date_debut=debut,
        date_fin=debut + datetime.timedelta(days=9),
        horaires="5 h – 12 h",
    )
    immersions.accord_referent(immersion, acting_user=referent)
    immersions.accord_personne(immersion, acting_user=personne.user)
    immersions.accord_entreprise(immersion, acting_user=employeur)
    return org, referent, personne, employeur, immersion


def convention(nom, qui):
    def scenario():
        org, referent, personne, employeur, immersion = immersion_validee()
        lecteurs = {"reseau": referent, "employeur": employeur, "personne": personne.user}
        # The two other parties read it through their own page, never through this one.
        refuses = {**autres(org), **{f"{k}_partie": v for k, v in lecteurs.items() if k != qui}}
        partie = None if qui == "personne" else PartieDossier.IMMERSION
        return reverse(nom, kwargs={"pk": immersion.pk}), lecteurs[qui], partie, refuses, personne

    return scenario


SCENARIOS = {
    "scan_de_signature_papier": scan_papier,
    "pdf_d_une_version_conseiller": version_conseiller,
    "pdf_d_une_version_personne": version_personne,
    "courrier_de_sanction_conseiller": courrier_conseiller,
    "courrier_de_sanction_personne": courrier_personne,
    "courrier_de_sanction_recours": courrier_recours,
    "convention_reseau": convention("backoffice:immersion_convention", "reseau"),
    "convention_employeur": convention("entreprises:immersion_convention", "employeur"),
    "convention_personne": convention("emploi:immersion_convention", "personne"),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_le_document_est_servi_au_seul_lecteur_autorise_et_journalise(client, scenario):
    url, lecteur, partie, refuses, personne = SCENARIOS[scenario]()

    for role, user in refuses.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, role
        assert not JournalAcces.objects.filter(user=user).exists(), role
    client.logout()
    anonyme = client.get(url)
    assert anonyme.status_code == 302 and anonyme.url.startswith(reverse("account_login"))

    client.force_login(lecteur)
    avant = JournalAcces.objects.filter(user=lecteur, personne=personne).count()
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse["X-Content-Type-Options"] == "nosniff"
    if partie is None:  # the person reading their own document: nothing to report to them
        assert JournalAcces.objects.filter(user=lecteur).count() == 0
    else:
        assert JournalAcces.objects.filter(user=lecteur, personne=personne, partie=partie).count() > avant


def test_le_scan_est_servi_en_piece_jointe_avec_son_type(client):
    url, referent, *_ = scan_papier()
    client.force_login(referent)
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "image/png"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert b"".join(reponse.streaming_content).startswith(b"\x89PNG")
