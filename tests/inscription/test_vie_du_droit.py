"""The life of an RSA right (issue 18): what a change the CAF/MSA flow brings means for the people it covers.

The households and rights are built directly, as the flow's writer leaves them, then handed to
``inscription.vie_du_droit.appliquer`` with one ``ChangementDroit`` per person: closure, re-opening,
suspension, household change, move. Every list is asserted on its real query.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.models import Notification
from francetravail.personnes import a_faire, portefeuille
from francetravail.personnes.models import Personne
from francetravail.referents.queries import file_a_attribuer
from francetravail.rendezvous import empechements
from francetravail.reseau.enums import Role
from inscription.enums import EtatDroitRSA
from inscription.models import DroitRSA, FoyerRSA, ImportFluxCAF, ReglagesFluxDepartement
from inscription.queries import personnes_sorties_du_rsa
from inscription.vie_du_droit import ChangementDroit, appliquer
from orientation import acces as orientation_acces
from orientation.actions import est_beneficiaire_rsa
from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
from orientation.masse import avec_personne_et_rsa, proposer_en_masse, sans_decision
from orientation.models import DecisionOrientation
from orientation.tasks import proposer_en_attente
from sanctions.enums import SourceFoyer
from sanctions.foyer import lu_dans_le_dossier
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = pytest.mark.django_db

OUVERT, CLOS, SUSPENDU = EtatDroitRSA.OUVERT.value, EtatDroitRSA.CLOS.value, EtatDroitRSA.SUSPENDU_VERSEMENT.value


def un_import(nom="RSABEM_20250404.xml", le=datetime.datetime(2025, 4, 4, 6, 0, tzinfo=datetime.UTC)):
    return ImportFluxCAF.objects.create(fichier=f"imports_caf/{nom}", nom_fichier=nom, date_flux=le)


_NUMERO = iter(range(100000000, 999999999))


def foyer_de(personnes, *, imp, etat=OUVERT, departement="59", **champs):
    """A household the writer left, with one right per member (the first is the demandeur)."""
    foyer = FoyerRSA.objects.create(
        organisme_payeur="CAF",
        numero_allocataire=f"{next(_NUMERO)}000000",
        departement_id=departement,
        etat=etat,
        date_flux=imp.date_flux,
        import_source=imp,
        **champs,
    )
    for rang, personne in enumerate(personnes):
        DroitRSA.objects.create(
            personne=personne,
            organisme_payeur="CAF",
            numero_allocataire=foyer.numero_allocataire,
            role="demandeur" if rang == 0 else "conjoint",
            date_ouverture=datetime.date(2024, 1, 1),
            foyer=foyer,
            soumis_droits_devoirs=True,
            import_source=imp,
        )
    return foyer


def passer(foyer, personnes, *, imp, etat, motif="", **champs):
    """What the writer does for a household's new state: writes it, then hands the changes over."""
    avant = foyer.etat
    foyer.etat = etat
    foyer.import_source = imp
    foyer.date_flux = imp.date_flux
    if etat in (CLOS, EtatDroitRSA.CLOS_REGULARISE):
        foyer.motif_cloture, foyer.date_cloture = motif, datetime.date(2025, 3, 31)
    elif etat == SUSPENDU:
        foyer.motif_suspension, foyer.date_suspension = motif, datetime.date(2025, 3, 1)
    for champ, valeur in champs.items():
        setattr(foyer, champ, valeur)
    foyer.save()
    return appliquer(
        [
            ChangementDroit(
                personne_id=p.pk,
                foyer_id=foyer.pk,
                import_id=imp.pk,
                etat_avant=avant,
                etat_apres=etat,
                motif=motif,
                date=datetime.date(2025, 3, 31),
            )
            for p in personnes
        ]
    )


class Dossier:
    """A bRSA of the Nord known from the flow: organisme référent, référent unique, a partner involved."""

    def __init__(self):
        self.organisme = OrganisationFactory(departement_id="59")
        self.referent = professionnel(self.organisme, Role.CONSEILLER)
        self.partenaire = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
        self.personne = PersonneFactory(organisme_referent=self.organisme, referent_unique=self.referent)
        dossier_complet(self.personne, inscrit_le=timezone.now(), prestations=["rsa"])
        ImplicationFactory(
            personne=self.personne,
            organisation=self.partenaire.memberships.first().organisation,
            professionnel=self.partenaire,
        )
        self.imp = un_import()
        self.foyer = foyer_de([self.personne], imp=self.imp)


def notices(personne, type_notification):
    return Notification.objects.filter(type_notification=type_notification, contexte__personne__isnull=False).filter(
        cle_idempotence__contains=f":{personne.pk}:"
    )


# --- Closure -----------------------------------------------------------------------------------------


def test_une_cloture_sort_la_personne_du_rsa_et_de_l_orientation():
    cas = Dossier()
    assert DroitRSA.objects.en_vigueur().filter(personne=cas.personne).exists()
    assert est_beneficiaire_rsa(cas.personne) is True

    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="ECH")

    assert not DroitRSA.objects.en_vigueur().filter(personne=cas.personne).exists()
    assert est_beneficiaire_rsa(Personne.objects.get(pk=cas.personne.pk)) is False
    lu = avec_personne_et_rsa(cas.personne.inscription.__class__.objects.filter(personne=cas.personne)).get()
    assert (lu.a_droit_rsa, lu.droit_rsa_clos) == (False, True)
    # Nothing is deleted: the rights, the registration and the person stay.
    assert DroitRSA.objects.filter(personne=cas.personne).count() == 1
    assert Personne.objects.filter(pk=cas.personne.pk).exists()


def test_une_cloture_sort_la_personne_de_la_file_a_attribuer_et_des_files_a_faire():
    cas = Dossier()
    Personne.objects.filter(pk=cas.personne.pk).update(referent_unique=None)
    DecisionOrientation.objects.create(
        personne=cas.personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Parcours professionnel.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=cas.organisme,
        beneficiaire_rsa=True,
        decidee_le=timezone.now() - datetime.timedelta(days=40),
    )
    hors_suivi = portefeuille.annoter_hors_suivi(Personne.objects.filter(pk=cas.personne.pk)).filter(
        a_faire.hors_suivi_q()
    )
    assert list(file_a_attribuer([cas.organisme.pk])) == [cas.personne]
    assert not hors_suivi.exists()

    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="PCG")

    assert list(file_a_attribuer([cas.organisme.pk])) == []
    assert hors_suivi.exists()


def test_une_cloture_sort_la_personne_de_la_file_des_decideurs():
    cas = Dossier()
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decideur = professionnel(cd, Role.DECIDEUR_DEPARTEMENTAL)
    decision = DecisionOrientation.objects.create(
        personne=cas.personne,
        statut=StatutDecision.PROPOSEE,
        explication="Proposée par les règles.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        beneficiaire_rsa=True,
    )
    assert list(orientation_acces.decisions_a_traiter(decideur)) == [decision]

    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="ECH")
    assert list(orientation_acces.decisions_a_traiter(decideur)) == []
    # The decision is kept, open, for the re-opening.
    assert DecisionOrientation.objects.get(pk=decision.pk).statut == StatutDecision.PROPOSEE

    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250501.xml"), etat=OUVERT)
    assert list(orientation_acces.decisions_a_traiter(decideur)) == [decision]


def test_une_cloture_empeche_d_inviter_la_personne():
    cas = Dossier()
    assert empechements.empechement(cas.personne) is None
    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="ECH")
    with pytest.raises(ValidationError, match="droit au RSA de cette personne est clos"):
        empechements.verifier(cas.personne)


def test_une_fin_de_droit_du_departement_seule_ne_sort_pas_des_listes():
    """Issue 15's ``fin_droit`` changes the orientation rules, not the lists: its meaning is kept."""
    cas = Dossier()
    DroitRSA.objects.filter(personne=cas.personne).update(
        fin_droit=timezone.localdate() - datetime.timedelta(days=1), motif_fin="Fin du droit (R262-68)."
    )
    assert est_beneficiaire_rsa(Personne.objects.get(pk=cas.personne.pk)) is False
    assert empechements.empechement(cas.personne) is None


def test_le_referent_et_le_partenaire_sont_prevenus_une_fois_avec_le_motif_en_francais():
    cas = Dossier()
    imp = un_import("RSABEI_20250405.xml", datetime.datetime(2025, 4, 5, 6, 0, tzinfo=datetime.UTC))
    bilan = passer(cas.foyer, [cas.personne], imp=imp, etat=CLOS, motif="ECH")
    assert len(bilan.clotures) == 1

    envoyees = Notification.objects.filter(type_notification="inscription.droit_rsa_clos_flux")
    assert sorted(envoyees.values_list("destinataire_id", flat=True)) == sorted([cas.referent.pk, cas.partenaire.pk])
    contexte = envoyees.first().contexte
    assert contexte["motif"] == "quatre mois sans droit"
    assert contexte["personne"] == cas.personne.nom_complet
    assert contexte["date_flux"] == "05/04/2025"  # the file's own date (DTCREAFLUX), not today
    assert contexte["lien"] == reverse("backoffice:fiche_personne", kwargs={"pk": cas.personne.pk})

    # The same file applied again tells no one twice.
    appliquer(
        [ChangementDroit(cas.personne.pk, cas.foyer.pk, imp.pk, etat_avant=OUVERT, etat_apres=CLOS, motif="ECH")]
    )
    assert envoyees.count() == 2


def test_la_cloture_est_dans_l_historique_avec_son_fichier():
    cas = Dossier()
    imp = un_import("RSABEI_20250405.xml")
    passer(cas.foyer, [cas.personne], imp=imp, etat=CLOS, motif="MUT")
    evenement = AuditEvent.objects.get(personne=cas.personne, event_type=TypeEvenement.DROIT_RSA_FLUX_CLOS)
    assert evenement.motif == "Droit clos (dossier transféré à une autre caisse)"
    assert evenement.data["fichier"] == "RSABEI_20250405.xml"
    assert evenement.data["import_id"] == imp.pk


def test_un_code_de_cloture_inconnu_est_garde_tel_quel():
    cas = Dossier()
    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="ZZZ")
    evenement = AuditEvent.objects.get(personne=cas.personne, event_type=TypeEvenement.DROIT_RSA_FLUX_CLOS)
    assert evenement.motif == "Droit clos (motif ZZZ)"


# --- Re-opening ---------------------------------------------------------------------------------------


def test_une_reouverture_ramene_la_personne_sans_nouveau_dossier():
    cas = Dossier()
    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="ECH")
    personnes, dossiers = Personne.objects.count(), cas.personne.inscription.__class__.objects.count()

    bilan = passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250501.xml"), etat=OUVERT)

    assert len(bilan.reouvertures) == 1
    assert DroitRSA.objects.en_vigueur().filter(personne=cas.personne).exists()
    assert est_beneficiaire_rsa(Personne.objects.get(pk=cas.personne.pk)) is True
    assert empechements.empechement(cas.personne) is None
    assert (Personne.objects.count(), cas.personne.inscription.__class__.objects.count()) == (personnes, dossiers)
    rouvertes = Notification.objects.filter(type_notification="inscription.droit_rsa_rouvert_flux")
    assert sorted(rouvertes.values_list("destinataire_id", flat=True)) == sorted([cas.referent.pk, cas.partenaire.pk])
    assert AuditEvent.objects.filter(personne=cas.personne, event_type=TypeEvenement.DROIT_RSA_FLUX_ROUVERT).exists()


# --- Suspension ---------------------------------------------------------------------------------------


def test_une_suspension_est_enregistree_sans_sortir_des_listes():
    cas = Dossier()
    bilan = passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=SUSPENDU, motif="06")
    assert len(bilan.suspensions) == 1 and not bilan.clotures
    evenement = AuditEvent.objects.get(personne=cas.personne, event_type=TypeEvenement.DROIT_RSA_FLUX_SUSPENDU)
    assert evenement.motif == (
        "Droit ouvert, versement suspendu (déclaration trimestrielle de ressources non parvenue)"
    )
    assert DroitRSA.objects.en_vigueur().filter(personne=cas.personne).exists()
    assert empechements.empechement(cas.personne) is None
    assert not Notification.objects.filter(type_notification__startswith="inscription.droit_rsa").exists()


# --- Household change: the sanctions' cap -------------------------------------------------------------


def test_le_plafond_des_sanctions_suit_la_composition_du_foyer():
    """R262-68-6: more than one person, or the majoration pour isolement, caps at 50 %. Both sides."""
    imp = un_import()
    demandeur, conjoint = PersonneFactory(), PersonneFactory()
    foyer = foyer_de([demandeur, conjoint], imp=imp, nb_personnes=2, nb_enfants=0, majoration_isolement=False)
    lu = lu_dans_le_dossier(demandeur)
    assert (lu.nb_personnes, lu.plafonne) == (2, True)
    assert "selon le flux CAF du 04/04/2025" in lu.libelle

    # The conjoint leaves: a household of one, no majoration: no cap.
    DroitRSA.objects.filter(personne=conjoint).update(sorti_du_foyer_le=datetime.date(2025, 4, 30))
    suivant = un_import("RSABEI_20250502.xml", datetime.datetime(2025, 5, 2, 6, 0, tzinfo=datetime.UTC))
    foyer.nb_personnes, foyer.import_source, foyer.date_flux = 1, suivant, suivant.date_flux
    foyer.save()
    bilan = appliquer(
        [
            ChangementDroit(demandeur.pk, foyer.pk, suivant.pk, OUVERT, OUVERT, composition_changee=True),
            ChangementDroit(conjoint.pk, foyer.pk, suivant.pk, OUVERT, OUVERT, sorti_du_foyer=True),
        ]
    )
    assert len(bilan.foyers_changes) == 2
    lu = lu_dans_le_dossier(demandeur)
    assert (lu.nb_personnes, lu.plafonne) == (1, False)
    assert "du 02/05/2025" in lu.libelle
    # The member who left is not described by this household any more.
    assert lu_dans_le_dossier(conjoint).source == SourceFoyer.INCONNUE

    # Alone, with the majoration pour isolement: capped again.
    foyer.majoration_isolement = True
    foyer.save()
    lu = lu_dans_le_dossier(demandeur)
    assert (lu.nb_personnes, lu.majoration_isolement, lu.plafonne) == (1, True, True)


def test_sans_nombre_transmis_le_foyer_compte_les_membres_restants():
    imp = un_import()
    demandeur, conjoint = PersonneFactory(), PersonneFactory()
    foyer_de([demandeur, conjoint], imp=imp, nb_enfants=1)
    assert lu_dans_le_dossier(demandeur).nb_personnes == 3
    DroitRSA.objects.filter(personne=conjoint).update(sorti_du_foyer_le=datetime.date(2025, 4, 30))
    assert lu_dans_le_dossier(demandeur).nb_personnes == 2


# --- Move ---------------------------------------------------------------------------------------------


def test_un_demenagement_transfere_le_dossier_sans_doublon():
    cas = Dossier()
    DecisionOrientation.objects.create(
        personne=cas.personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Parcours professionnel.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=cas.organisme,
        beneficiaire_rsa=True,
        decidee_le=timezone.now() - datetime.timedelta(days=200),
    )
    cd_62 = OrganisationFactory(conseil_departemental=True, departement_id="62")
    decideur_62 = professionnel(cd_62, Role.DECIDEUR_DEPARTEMENTAL)
    imp = un_import("RSABEI_20250405.xml")
    personnes = Personne.objects.count()
    changement = ChangementDroit(
        cas.personne.pk, cas.foyer.pk, imp.pk, OUVERT, OUVERT, departement_avant="59", departement_apres="62"
    )

    bilan = appliquer([changement])
    appliquer([changement])  # the same file again

    assert len(bilan.transferts) == 1
    assert Personne.objects.count() == personnes
    personne = Personne.objects.get(pk=cas.personne.pk)
    assert (personne.organisme_referent_id, personne.referent_unique_id) == (None, None)
    transferts = AuditEvent.objects.filter(personne=personne, event_type=TypeEvenement.TRANSFERT_DEPARTEMENT)
    assert transferts.count() == 1
    assert transferts.get().data["nouveau_departement"] == "62"
    ouvertes = DecisionOrientation.objects.filter(personne=personne, statut=StatutDecision.PROPOSEE)
    assert ouvertes.count() == 1 and ouvertes.get().transfert_le == timezone.localdate()
    assert Notification.objects.filter(
        destinataire=decideur_62, type_notification="orientation.transfert_organisation"
    ).exists()


# --- Cost ---------------------------------------------------------------------------------------------


def _requetes_pour(n):
    imp = un_import()
    referent = professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER)
    changements = []
    for _ in range(n):
        personne = PersonneFactory(referent_unique=referent)
        foyer = foyer_de([personne], imp=imp, etat=CLOS, motif_cloture="ECH")
        changements.append(ChangementDroit(personne.pk, foyer.pk, imp.pk, OUVERT, CLOS, motif="ECH"))
    with CaptureQueriesContext(connection) as requetes:
        bilan = appliquer(changements)
    assert len(bilan.clotures) == n
    assert Notification.objects.filter(destinataire=referent).count() == n
    return len(requetes)


def test_le_nombre_de_requetes_ne_grandit_pas_avec_le_lot():
    assert _requetes_pour(3) == _requetes_pour(30)


# --- Display ------------------------------------------------------------------------------------------


def test_la_fiche_montre_le_droit_son_foyer_et_son_historique(client):
    cas = Dossier()
    conjoint = PersonneFactory(nom_naissance="Barry", prenoms="Samuel", organisme_referent=cas.organisme)
    DroitRSA.objects.create(
        personne=conjoint,
        organisme_payeur="CAF",
        numero_allocataire=cas.foyer.numero_allocataire,
        role="conjoint",
        date_ouverture=datetime.date(2024, 1, 1),
        foyer=cas.foyer,
    )
    suivant = un_import("RSABEI_20250405.xml", datetime.datetime(2025, 4, 5, 6, 0, tzinfo=datetime.UTC))
    passer(cas.foyer, [cas.personne], imp=suivant, etat=SUSPENDU, motif="06", nb_personnes=2)
    dernier = un_import("RSABEI_20250506.xml", datetime.datetime(2025, 5, 6, 6, 0, tzinfo=datetime.UTC))
    passer(cas.foyer, [cas.personne], imp=dernier, etat=CLOS, motif="PCG")

    client.force_login(cas.referent)
    page = " ".join(client.get(reverse("backoffice:fiche_personne", args=[cas.personne.pk])).content.decode().split())

    assert "Droit au RSA" in page
    assert "Droit clos : décision du président du conseil départemental" in page
    assert "Caisse d&#x27;allocations familiales" in page or "Caisse d'allocations familiales" in page
    assert cas.foyer.numero_allocataire in page
    assert "d’après le flux CAF du 06/05/2025" in page
    assert "Samuel BARRY (Conjoint, concubin ou partenaire de PACS)" in page
    assert (
        "Droit ouvert, versement suspendu (déclaration trimestrielle de ressources non parvenue) — flux du 05/04/2025 "
        "(RSABEI_20250405.xml)" in page
    )
    assert "(RSABEI_20250506.xml)" in page
    assert "la personne n’est plus à orienter ni à inviter" in page


def test_la_fiche_d_une_personne_sans_foyer_n_a_pas_de_bloc_rsa(client):
    cas = Dossier()
    DroitRSA.objects.filter(personne=cas.personne).update(foyer=None)
    client.force_login(cas.referent)
    page = client.get(reverse("backoffice:fiche_personne", args=[cas.personne.pk])).content.decode()
    assert 'id="etape-droit_rsa"' not in page


# --- Absent from the last monthly stock: the département's queue and settings --------------------------


class Departement59:
    """The Nord's CD and its pilote (who runs its flows: ``acces.peut_gerer_flux``), a household of two the
    last stock did not list, its référent."""

    def __init__(self):
        self.cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
        self.decideur = professionnel(self.cd, Role.PILOTE)
        self.cas = Dossier()
        self.conjoint = PersonneFactory(organisme_referent=self.cas.organisme)
        DroitRSA.objects.create(
            personne=self.conjoint,
            organisme_payeur="CAF",
            numero_allocataire=self.cas.foyer.numero_allocataire,
            role="conjoint",
            date_ouverture=datetime.date(2024, 1, 1),
            foyer=self.cas.foyer,
        )
        FoyerRSA.objects.filter(pk=self.cas.foyer.pk).update(absent_du_stock_le=datetime.date(2025, 4, 1))
        self.foyer = FoyerRSA.objects.get(pk=self.cas.foyer.pk)

    def url(self, nom="backoffice:droits_absents", departement="59", **kwargs):
        return reverse(nom, kwargs={"departement": departement, **kwargs})

    def examiner(self, client, decision, motif="Fin du droit confirmée par la CAF.", pk=None):
        pk = pk or self.foyer.pk
        return client.post(
            self.url("backoffice:examiner_droit_absent", pk=pk),
            {f"foyer{pk}-decision": decision, f"foyer{pk}-motif": motif},
        )


def _etat(foyer):
    return FoyerRSA.objects.filter(pk=foyer.pk).values_list("etat", "absent_du_stock_le").get()


def test_la_file_des_absents_est_comptee_au_tableau_de_bord_et_listee(client):
    d = Departement59()
    lignes = [ligne for ligne in a_faire.lignes(d.decideur) if ligne.file.cle == "droits_absents_du_stock"]
    assert [(ligne.nombre, ligne.lien) for ligne in lignes] == [(1, d.url())]
    assert "Droits absents du dernier stock — à examiner" in lignes[0].libelle

    client.force_login(d.decideur)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert d.url() in page
    page = client.get(d.url()).content.decode()
    assert d.foyer.numero_allocataire in page
    assert d.cas.personne.nom_complet in page and d.conjoint.nom_complet in page
    assert "01/04/2025" in page


def test_clore_un_droit_absent_sort_ses_membres_des_listes_et_previent(client):
    d = Departement59()
    client.force_login(d.decideur)
    reponse = d.examiner(client, "clore")
    assert reponse.status_code == 302
    assert _etat(d.foyer) == (CLOS, None)
    assert not DroitRSA.objects.en_vigueur().filter(personne__in=[d.cas.personne, d.conjoint]).exists()
    assert Notification.objects.filter(
        type_notification="inscription.droit_rsa_clos_flux", destinataire=d.cas.referent
    ).exists()
    examen = AuditEvent.objects.get(personne=d.cas.personne, event_type=TypeEvenement.DROIT_RSA_ABSENT_EXAMINE)
    assert (examen.acting_user, examen.motif) == (d.decideur, "Clore le droit : Fin du droit confirmée par la CAF.")
    clos = AuditEvent.objects.get(personne=d.conjoint, event_type=TypeEvenement.DROIT_RSA_FLUX_CLOS)
    assert clos.motif == "Droit clos (absent du stock mensuel, clos par le département)"


def test_garder_un_droit_absent_le_retire_de_la_file_sans_le_clore(client):
    d = Departement59()
    client.force_login(d.decideur)
    assert d.examiner(client, "garder", "Présent dans le flux quotidien du 03/04.").status_code == 302
    assert _etat(d.foyer) == (OUVERT, None)
    assert DroitRSA.objects.en_vigueur().filter(personne=d.cas.personne).exists()
    assert not Notification.objects.filter(type_notification__startswith="inscription.droit_rsa").exists()


def test_un_examen_sans_motif_est_refuse_sans_rien_changer(client):
    d = Departement59()
    client.force_login(d.decideur)
    reponse = d.examiner(client, "clore", motif="")
    assert reponse.status_code == 200
    assert "Ce champ est obligatoire" in reponse.content.decode()
    assert _etat(d.foyer) == (OUVERT, datetime.date(2025, 4, 1))


@pytest.mark.parametrize("qui", ["pilote_62", "decideur_59", "conseiller", "admin_france_travail"])
def test_les_autres_recoivent_une_404_et_rien_ne_change(client, qui):
    d = Departement59()
    autres = {
        "pilote_62": lambda: professionnel(
            OrganisationFactory(conseil_departemental=True, departement_id="62"), Role.PILOTE
        ),
        # The CD's decider decides sanctions and orientations, not its flows (the flows' staff: acces.ROLES_FLUX).
        "decideur_59": lambda: professionnel(d.cd, Role.DECIDEUR_DEPARTEMENTAL),
        "conseiller": lambda: d.cas.referent,
        "admin_france_travail": lambda: professionnel(d.cas.organisme, Role.ADMIN_ORGANISATION),
    }
    client.force_login(autres[qui]())
    assert client.get(d.url()).status_code == 404
    assert client.get(d.url("backoffice:reglages_flux")).status_code == 404
    assert d.examiner(client, "clore").status_code == 404
    assert client.post(d.url("backoffice:reglages_flux"), {"absents_du_stock": "clore"}).status_code == 404
    assert _etat(d.foyer) == (OUVERT, datetime.date(2025, 4, 1))
    assert not ReglagesFluxDepartement.objects.exists()
    assert not AuditEvent.objects.filter(
        event_type__in=[TypeEvenement.DROIT_RSA_ABSENT_EXAMINE, TypeEvenement.REGLAGES_FLUX_MODIFIES]
    ).exists()


def test_un_foyer_d_un_autre_departement_ou_deja_examine_est_introuvable(client):
    d = Departement59()
    ailleurs = foyer_de(
        [PersonneFactory()], imp=d.cas.imp, departement="62", absent_du_stock_le=datetime.date(2025, 4, 1)
    )
    present = foyer_de([PersonneFactory()], imp=d.cas.imp)
    client.force_login(d.decideur)
    assert d.examiner(client, "clore", pk=ailleurs.pk).status_code == 404
    assert d.examiner(client, "clore", pk=present.pk).status_code == 404
    assert _etat(ailleurs) == (OUVERT, datetime.date(2025, 4, 1))
    assert _etat(present) == (OUVERT, None)


def test_le_reglage_des_absents_est_modifie_par_le_departement(client):
    d = Departement59()
    client.force_login(d.decideur)
    page = client.get(d.url("backoffice:reglages_flux")).content.decode()
    assert "Les signaler à examiner (aucune clôture automatique)" in page
    assert client.post(d.url("backoffice:reglages_flux"), {"absents_du_stock": "clore"}).status_code == 302
    reglage = ReglagesFluxDepartement.objects.get(departement_id="59")
    assert (reglage.absents_du_stock, reglage.modifie_par) == ("clore", d.decideur)
    assert client.post(d.url("backoffice:reglages_flux"), {"absents_du_stock": "n_importe"}).status_code == 200
    assert ReglagesFluxDepartement.objects.get(departement_id="59").absents_du_stock == "clore"


def _requetes_de_la_file(client, d, n):
    for _ in range(n):
        foyer_de([PersonneFactory(), PersonneFactory()], imp=d.cas.imp, absent_du_stock_le=datetime.date(2025, 4, 1))
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(d.url()).status_code == 200
    return len(requetes)


def test_la_file_des_absents_a_un_nombre_de_requetes_fixe(client):
    d = Departement59()
    client.force_login(d.decideur)
    client.get(d.url())  # the first request of a session caches the user's roles
    assert _requetes_de_la_file(client, d, 2) == _requetes_de_la_file(client, d, 20)


def test_une_personne_sortie_du_rsa_n_est_pas_proposee_a_l_orientation_avant_la_reouverture():
    cas = Dossier()
    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250405.xml"), etat=CLOS, motif="ECH")
    assert cas.personne.pk not in Personne.objects.filter(sans_decision()).exclude(
        personnes_sorties_du_rsa()
    ).values_list("pk", flat=True)
    assert proposer_en_masse([cas.personne.pk]) == 0
    assert proposer_en_attente() == 0
    assert not DecisionOrientation.objects.filter(personne=cas.personne).exists()

    passer(cas.foyer, [cas.personne], imp=un_import("RSABEI_20250501.xml"), etat=OUVERT)
    assert proposer_en_attente() == 1
    assert DecisionOrientation.objects.get(personne=cas.personne).beneficiaire_rsa is True
