"""The pilotes' employer indicators on a small fixed dataset: exact figures, the territory rule,
the period, and a number of queries that does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entreprises import indicateurs
from entreprises.enums import MotifRefus, OrigineCandidature, StatutCandidature, StatutOffre, TypeTache
from entreprises.models import Candidature, Offre, TacheConseiller
from francetravail.reseau.enums import Role
from orientation.enums import Parcours
from tests.contrats.factories import orientation_notifiee
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

SC = StatutCandidature
MAINTENANT = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))
JOUR = datetime.timedelta(days=1)
HEURE = datetime.timedelta(hours=1)


def offre(entreprise, statut, *, publiee_il_y_a=60, pourvue_en=None, commune_code="59350"):
    o = f.offre(entreprise, commune_code=commune_code)
    publiee_le = MAINTENANT - publiee_il_y_a * JOUR
    Offre.objects.filter(pk=o.pk).update(
        statut=statut,
        publiee_le=publiee_le,
        cloturee_le=publiee_le + pourvue_en * JOUR if pourvue_en is not None else None,
    )
    return Offre.objects.get(pk=o.pk)


def candidature(o, statut, personne=None):
    return Candidature.objects.create(
        offre=o,
        personne=personne or PersonneFactory(),
        origine=OrigineCandidature.CANDIDATURE,
        **({"statut": statut} if statut else {}),
        **({"motif_refus": MotifRefus.PROFIL} if statut == SC.REFUSEE else {}),
    )


def embauche(o, parcours=None, ancien_parcours=None):
    personne = PersonneFactory()
    if ancien_parcours:
        orientation_notifiee(personne, parcours=ancien_parcours, notifiee_le=MAINTENANT - 400 * JOUR)
    if parcours:
        orientation_notifiee(personne, parcours=parcours, notifiee_le=MAINTENANT - 100 * JOUR)
    c = candidature(o, None, personne)
    Candidature.objects.filter(pk=c.pk).update(statut=SC.EMBAUCHE, date_embauche=MAINTENANT.date())
    return c


def tache(type_tache, entreprise, *, echeance, faite_le=None, offre_=None):
    return TacheConseiller.objects.create(
        type_tache=type_tache, entreprise=entreprise, offre=offre_, echeance=echeance, faite_le=faite_le
    )


@pytest.fixture
def donnees():
    """Nord (59): 6 published offers (4 filled in 10, 20, 30 and 50 days; 1 open; 1 expired), a draft,
    7 applications, 3 hires (professionnel, socio-professionnel, none); 30-day follow-ups 1 done / 2 due;
    48-hour callbacks 2 on time / 4 due. Pas-de-Calais (62, same region): 1 offer filled in 7 days, one hire.
    Paris (75): 1 offer."""
    e = f.entreprise()
    o1 = offre(e, StatutOffre.POURVUE, pourvue_en=10)
    o2 = offre(e, StatutOffre.POURVUE, pourvue_en=20)
    o3 = offre(e, StatutOffre.POURVUE, pourvue_en=30)
    offre(e, StatutOffre.POURVUE, pourvue_en=50, publiee_il_y_a=200)
    o5 = offre(e, StatutOffre.PUBLIEE, publiee_il_y_a=40)
    o6 = offre(e, StatutOffre.EXPIREE, publiee_il_y_a=90)
    f.offre(e, statut=StatutOffre.BROUILLON)
    # The latest decided orientation counts (professionnel), not the older social one.
    embauche(o1, Parcours.PROFESSIONNEL, ancien_parcours=Parcours.SOCIAL)
    candidature(o1, SC.REFUSEE)
    candidature(o1, SC.ENVOYEE)
    embauche(o2, Parcours.SOCIO_PROFESSIONNEL)
    embauche(o3)
    candidature(o5, SC.ENVOYEE)
    candidature(o5, SC.VUE)

    tache(TypeTache.RELANCE_30J, e, offre_=o5, echeance=MAINTENANT - 10 * JOUR, faite_le=MAINTENANT - 9 * JOUR)
    tache(TypeTache.RELANCE_30J, e, offre_=o6, echeance=MAINTENANT - 60 * JOUR)
    tache(TypeTache.RELANCE_30J, e, offre_=o1, echeance=MAINTENANT + 5 * JOUR)  # not due yet: left out
    tache(TypeTache.RAPPEL_48H, e, echeance=MAINTENANT - 3 * JOUR, faite_le=MAINTENANT - 4 * JOUR)  # on time
    tache(TypeTache.RAPPEL_48H, f.entreprise(), echeance=MAINTENANT - 3 * JOUR, faite_le=MAINTENANT - 2 * JOUR)
    tache(TypeTache.RAPPEL_48H, f.entreprise(), echeance=MAINTENANT + HEURE, faite_le=MAINTENANT - HEURE)  # early
    tache(TypeTache.RAPPEL_48H, f.entreprise(), echeance=MAINTENANT - HEURE)  # overdue, not done
    tache(TypeTache.RAPPEL_48H, f.entreprise(), echeance=MAINTENANT + JOUR)  # not due yet: left out

    e62 = f.entreprise(commune=f.commune("62041"))
    o7 = offre(e62, StatutOffre.POURVUE, pourvue_en=7, commune_code="62041")
    embauche(o7, Parcours.PROFESSIONNEL)
    tache(TypeTache.RAPPEL_48H, e62, echeance=MAINTENANT - JOUR)

    offre(f.entreprise(commune=f.commune("75056")), StatutOffre.PUBLIEE, commune_code="75056")


def pilote(**organisation):
    return professionnel(OrganisationFactory(**organisation), Role.PILOTE)


def test_les_chiffres_exacts_du_departement(donnees):
    t = indicateurs.tableau(pilote(departement_id="59"), maintenant=MAINTENANT)
    assert [lig.departement for lig in t.lignes] == ["59"]
    (nord,) = t.lignes
    assert nord.nom == "Nord"
    assert (nord.publiees, nord.pourvues, nord.taux_pourvoi) == (6, 4, 67)
    # Median of 10, 20, 30 and 50 days: 25 (percentile_cont interpolates between the middle two).
    assert nord.delai_median_jours == 25.0
    assert (nord.candidatures, nord.candidatures_par_offre) == (7, 1.2)
    assert (nord.relances_faites, nord.relances_dues, nord.taux_relances) == (1, 2, 50)
    assert (nord.rappels_a_temps, nord.rappels_dus, nord.taux_rappels) == (2, 4, 50)
    assert nord.embauches == 3
    assert nord.embauches_par_public == {
        Parcours.PROFESSIONNEL: 1,
        Parcours.SOCIO_PROFESSIONNEL: 1,
        indicateurs.SANS_ORIENTATION: 1,
    }
    assert [code for code, _ in t.publics] == [Parcours.PROFESSIONNEL, Parcours.SOCIO_PROFESSIONNEL, ""]
    assert nord.embauches_colonnes == [1, 1, 1]


def test_un_pilote_regional_lit_la_region_et_son_total(donnees):
    t = indicateurs.tableau(pilote(departement_id=None, region_id="32"), maintenant=MAINTENANT)
    assert [lig.departement for lig in t.lignes] == ["59", "62"]
    pas_de_calais = t.lignes[1]
    assert (pas_de_calais.publiees, pas_de_calais.pourvues, pas_de_calais.delai_median_jours) == (1, 1, 7.0)
    assert (pas_de_calais.rappels_a_temps, pas_de_calais.rappels_dus) == (0, 1)
    total = t.total
    assert (total.publiees, total.pourvues, total.candidatures, total.embauches) == (7, 5, 8, 4)
    # The total's median is that of all five filled offers (7, 10, 20, 30, 50), not a mean of medians.
    assert total.delai_median_jours == 20.0
    assert (total.rappels_a_temps, total.rappels_dus) == (2, 5)
    assert total.embauches_par_public[Parcours.PROFESSIONNEL] == 2


def test_un_pilote_national_lit_tout_le_pays(donnees):
    t = indicateurs.tableau(pilote(departement_id=None), maintenant=MAINTENANT)
    assert [lig.departement for lig in t.lignes] == ["59", "62", "75"]
    assert t.lignes[2].publiees == 1 and t.lignes[2].taux_pourvoi == 0


def test_sans_role_de_pilote_aucun_chiffre(donnees):
    t = indicateurs.tableau(professionnel(OrganisationFactory(departement_id="59"), Role.CONSEILLER))
    assert t.vide and t.total.publiees == 0


def test_la_periode_filtre_par_jour_de_publication(donnees):
    # From 100 days ago: o4 (200 days) and o6 (90 days) are in or out by their publication day.
    du = (MAINTENANT - 100 * JOUR).date()
    (nord,) = indicateurs.tableau(pilote(departement_id="59"), du=du, maintenant=MAINTENANT).lignes
    assert (nord.publiees, nord.pourvues, nord.delai_median_jours) == (5, 3, 20.0)
    au = (MAINTENANT - 61 * JOUR).date()
    (nord,) = indicateurs.tableau(pilote(departement_id="59"), du=du, au=au, maintenant=MAINTENANT).lignes
    assert (nord.publiees, nord.pourvues, nord.candidatures) == (1, 0, 0)


def test_le_nombre_de_requetes_ne_depend_pas_du_volume(donnees):
    user = pilote(departement_id=None)
    indicateurs.tableau(user, maintenant=MAINTENANT)  # memberships cached
    with CaptureQueriesContext(connection) as avant:
        indicateurs.tableau(user, maintenant=MAINTENANT)
    e = f.entreprise(commune=f.commune("59009"))
    for jours in range(1, 6):
        o = offre(e, StatutOffre.POURVUE, pourvue_en=jours, commune_code="59009")
        embauche(o, Parcours.SOCIAL)
        candidature(o, SC.REFUSEE)
    with CaptureQueriesContext(connection) as apres:
        indicateurs.tableau(user, maintenant=MAINTENANT)
    # Territory, offers, applications, tasks, hires by public, département names, the total's median.
    assert len(avant) == 7
    assert len(apres) == len(avant)


def test_la_page_des_pilotes(client, donnees):
    client.force_login(pilote(departement_id="59"))
    url = reverse("backoffice:indicateurs_entreprises")
    page = client.get(url).content.decode()
    assert "59 — Nord" in page and "Pas-de-Calais" not in page
    assert "Embauches par public" in page and "Parcours socio-professionnel" in page
    reponse = client.get(url, {"du": "2026-03-01", "au": "2026-01-01"})
    assert "La fin de la période ne peut précéder son début." in reponse.content.decode()


@pytest.mark.parametrize("role", [Role.CONSEILLER, Role.ADMIN_ORGANISATION, Role.DECIDEUR_DEPARTEMENTAL])
def test_la_page_est_reservee_aux_pilotes(client, role):
    departemental = role == Role.DECIDEUR_DEPARTEMENTAL  # held in a conseil départemental only
    client.force_login(
        professionnel(OrganisationFactory(departement_id="59", conseil_departemental=departemental), role)
    )
    assert client.get(reverse("backoffice:indicateurs_entreprises")).status_code == 404


def test_un_employeur_n_y_accede_pas(client):
    client.force_login(f.employeur(f.entreprise()))
    assert client.get(reverse("backoffice:indicateurs_entreprises")).status_code == 404
