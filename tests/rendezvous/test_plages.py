"""Recurring openings: which slots a pattern generates, idempotence, closing with bookings."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from francetravail.rendezvous import plages
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.feries import jours_feries, paques
from francetravail.rendezvous.models import Creneau, Indisponibilite, PlageOuverture
from francetravail.rendezvous.tasks import generer_creneaux
from tests.rendezvous.factories import rdv_reserve


def _plage(agenda, **kwargs):
    valeurs = {
        "motif": Motif.ENTRETIEN_ORIENTATION,
        "jours": [2],  # Tuesdays
        "heure_debut": time(9),
        "heure_fin": time(11),
        "duree_minutes": 30,
        "valide_du": timezone.localdate(),
        "lieu": "Agence",
    } | kwargs
    return PlageOuverture.objects.create(agenda=agenda, **valeurs)


def _heure_locale(dt):
    return timezone.localtime(dt).time()


# --- Public holidays ------------------------------------------------------------------------------


def test_paques_et_jours_feries_calcules():
    assert paques(2024) == date(2024, 3, 31)
    assert paques(2025) == date(2025, 4, 20)
    assert paques(2027) == date(2027, 3, 28)
    feries = jours_feries(2025)
    assert {date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)} <= feries  # Pâques, Ascension, Pentecôte
    assert {date(2025, 1, 1), date(2025, 7, 14), date(2025, 11, 11), date(2025, 12, 25)} <= feries
    assert len(feries) == 11
    assert date(2025, 4, 18) not in feries and date(2025, 12, 26) not in feries
    alsace = jours_feries(2025, "67")
    assert alsace - feries == {date(2025, 4, 18), date(2025, 12, 26)}  # Vendredi saint, Saint-Étienne
    assert jours_feries(2025, "57") == alsace == jours_feries(2025, "68")
    assert jours_feries(2025, "59") == feries


# --- What a pattern opens (pure: creneaux_prevus) ----------------------------------------------------


def test_une_semaine_sur_une_et_une_sur_deux(agenda):
    lundi = date(2025, 9, 1)
    hebdo = PlageOuverture(agenda=agenda, jours=[1, 3], heure_debut=time(9), heure_fin=time(10), duree_minutes=30)
    hebdo.valide_du, hebdo.toutes_les_semaines = lundi, 1
    prevus = plages.creneaux_prevus(hebdo, lundi, lundi + timedelta(days=20))
    jours = sorted({timezone.localdate(p.debut) for p in prevus})
    assert jours == [lundi + timedelta(days=d) for d in (0, 2, 7, 9, 14, 16)]
    assert len(prevus) == 12  # two 30-minute slots a day
    assert [_heure_locale(p.debut) for p in prevus[:2]] == [time(9), time(9, 30)]

    hebdo.toutes_les_semaines = 2
    jours = sorted(
        {timezone.localdate(p.debut) for p in plages.creneaux_prevus(hebdo, lundi, lundi + timedelta(days=20))}
    )
    assert jours == [lundi + timedelta(days=d) for d in (0, 2, 14, 16)]
    # The rhythm counts from the week of valide_du, whatever the window asked.
    jours = sorted(
        {
            timezone.localdate(p.debut)
            for p in plages.creneaux_prevus(hebdo, lundi + timedelta(days=7), lundi + timedelta(days=20))
        }
    )
    assert jours == [lundi + timedelta(days=d) for d in (14, 16)]


def test_un_creneau_qui_deborde_de_la_plage_n_est_pas_ouvert(agenda):
    plage = PlageOuverture(agenda=agenda, jours=[1], heure_debut=time(9), heure_fin=time(10), duree_minutes=45)
    plage.valide_du = date(2025, 9, 1)
    prevus = plages.creneaux_prevus(plage, date(2025, 9, 1), date(2025, 9, 1))
    assert [(_heure_locale(p.debut), _heure_locale(p.fin)) for p in prevus] == [(time(9), time(9, 45))]


def test_bornes_de_validite_incluses(agenda):
    plage = PlageOuverture(agenda=agenda, jours=list(range(1, 8)), heure_debut=time(9), heure_fin=time(9, 30))
    plage.duree_minutes, plage.valide_du, plage.valide_au = 30, date(2025, 9, 10), date(2025, 9, 12)
    jours = [timezone.localdate(p.debut) for p in plages.creneaux_prevus(plage, date(2025, 9, 1), date(2025, 9, 30))]
    # 9 September (the day before valide_du) and 13 September (the day after valide_au) are out.
    assert jours == [date(2025, 9, 10), date(2025, 9, 11), date(2025, 9, 12)]


def test_jours_feries_sautes_y_compris_paques_et_alsace_moselle(agenda):
    plage = PlageOuverture(agenda=agenda, jours=[1, 5], heure_debut=time(9), heure_fin=time(9, 30), duree_minutes=30)
    plage.valide_du = date(2025, 4, 1)
    jours = {timezone.localdate(p.debut) for p in plages.creneaux_prevus(plage, date(2025, 4, 14), date(2025, 4, 25))}
    # Easter Monday 21 April is skipped; Good Friday 18 April is a working day outside Alsace-Moselle.
    assert jours == {date(2025, 4, 14), date(2025, 4, 18), date(2025, 4, 25)}
    jours = {
        timezone.localdate(p.debut)
        for p in plages.creneaux_prevus(plage, date(2025, 4, 14), date(2025, 4, 25), departement="57")
    }
    assert jours == {date(2025, 4, 14), date(2025, 4, 25)}
    # Whit Monday 9 June 2025 (Easter + 50), Ascension Thursday 29 May 2025 (Easter + 39).
    plage.jours = [1, 4]
    jours = {timezone.localdate(p.debut) for p in plages.creneaux_prevus(plage, date(2025, 5, 26), date(2025, 6, 12))}
    assert date(2025, 5, 29) not in jours and date(2025, 6, 9) not in jours
    assert {date(2025, 5, 26), date(2025, 6, 2), date(2025, 6, 5), date(2025, 6, 12)} <= jours


def test_changement_d_heure_les_heures_locales_restent(agenda):
    # Summer time ends on Sunday 26 October 2025 at 3:00 (back to 2:00); starts on Sunday 30 March 2025.
    plage = PlageOuverture(agenda=agenda, jours=[6, 7, 1], heure_debut=time(9), heure_fin=time(10), duree_minutes=60)
    plage.valide_du = date(2025, 3, 1)
    for du, au in ((date(2025, 10, 25), date(2025, 10, 27)), (date(2025, 3, 29), date(2025, 3, 31))):
        prevus = plages.creneaux_prevus(plage, du, au)
        assert [_heure_locale(p.debut) for p in prevus] == [time(9)] * 3
        assert all(p.fin - p.debut == timedelta(hours=1) for p in prevus)
    ete, hiver = plages.creneaux_prevus(plage, date(2025, 10, 25), date(2025, 10, 26))
    assert hiver.debut.astimezone(UTC) - ete.debut.astimezone(UTC) == timedelta(hours=25)  # 25 hours that night
    assert ete.debut.utcoffset() == timedelta(hours=2) and hiver.debut.utcoffset() == timedelta(hours=1)


def test_absences_et_fermetures_sautees(agenda):
    plage = PlageOuverture(agenda=agenda, jours=[1], heure_debut=time(9), heure_fin=time(11), duree_minutes=30)
    plage.valide_du = date(2025, 9, 1)
    paris = timezone.get_current_timezone()
    absence = (datetime(2025, 9, 1, 9, 45, tzinfo=paris), datetime(2025, 9, 1, 10, 15, tzinfo=paris))
    prevus = plages.creneaux_prevus(plage, date(2025, 9, 1), date(2025, 9, 1), indisponibilites=[absence])
    # 9:30–10:00 and 10:00–10:30 overlap the absence; 9:15 would not, nor does a slot ending at 9:45.
    assert [_heure_locale(p.debut) for p in prevus] == [time(9), time(10, 30)]


# --- Generation in the database ----------------------------------------------------------------------


def _prochain(jour_iso):
    jour = timezone.localdate() + timedelta(days=1)
    while jour.isoweekday() != jour_iso:
        jour += timedelta(days=1)
    return jour


def test_generation_sur_l_horizon_et_idempotente(agenda):
    plage = _plage(agenda, jours=[2, 4])
    bilan = plages.synchroniser_plage(plage)
    creneaux = Creneau.objects.filter(plage=plage)
    nombre = creneaux.count()
    assert bilan.crees == nombre > 0
    dernier = timezone.localdate(creneaux.order_by("-debut").first().debut)
    assert dernier <= timezone.localdate() + timedelta(weeks=plages.HORIZON_SEMAINES)
    assert dernier > timezone.localdate() + timedelta(weeks=plages.HORIZON_SEMAINES) - timedelta(days=7)
    assert set(creneaux.values_list("motif", "lieu", "capacite").distinct()) == {
        (Motif.ENTRETIEN_ORIENTATION, "Agence", 1)
    }
    assert plages.synchroniser_plage(plage) == plages.Bilan(0, 0)
    assert generer_creneaux() == (0, 0)
    assert creneaux.count() == nombre


def test_absence_d_organisation_et_d_agenda_sautees_en_base(agenda, org):
    mardi = _prochain(2)
    paris = timezone.get_current_timezone()
    Indisponibilite.objects.create(
        organisation=org,
        debut=datetime.combine(mardi, time(0), tzinfo=paris),
        fin=datetime.combine(mardi + timedelta(days=1), time(0), tzinfo=paris),
    )
    Indisponibilite.objects.create(
        organisation=org,
        agenda=agenda,
        debut=datetime.combine(mardi + timedelta(days=7), time(9), tzinfo=paris),
        fin=datetime.combine(mardi + timedelta(days=7), time(10), tzinfo=paris),
    )
    plage = _plage(agenda)
    plages.synchroniser_plage(plage)
    jours = [timezone.localtime(d) for d in Creneau.objects.filter(plage=plage).values_list("debut", flat=True)]
    assert not [d for d in jours if d.date() == mardi]
    assert sorted(d.time() for d in jours if d.date() == mardi + timedelta(days=7)) == [time(10), time(10, 30)]


def test_fermer_une_plage_ferme_les_libres_et_garde_les_reservations(agenda, personne):
    plage = _plage(agenda)
    plages.synchroniser_plage(plage)
    premier, second = Creneau.objects.filter(plage=plage).order_by("debut")[:2]
    rdv = rdv_reserve(personne, premier)
    plage.active = False
    plage.save(update_fields=["active"])
    bilan = plages.synchroniser_plage(plage)
    assert bilan.fermes == Creneau.objects.filter(plage=plage).count()
    assert not Creneau.objects.filter(plage=plage, actif=True).exists()
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.RESERVE and rdv.creneau_id == premier.pk
    assert second.pk in Creneau.objects.filter(plage=plage).values_list("pk", flat=True)


def test_validite_raccourcie_ferme_les_creneaux_au_dela(agenda):
    plage = _plage(agenda)
    plages.synchroniser_plage(plage)
    fin = _prochain(2) + timedelta(days=7)
    plage.valide_au = fin
    plage.save(update_fields=["valide_au"])
    plages.synchroniser_plage(plage)
    ouverts = {
        timezone.localdate(d) for d in Creneau.objects.filter(plage=plage, actif=True).values_list("debut", flat=True)
    }
    assert ouverts == {_prochain(2), fin}
    assert Creneau.objects.filter(plage=plage, actif=False).exists()


def test_generation_commence_apres_maintenant(agenda):
    maintenant = timezone.make_aware(datetime.combine(_prochain(2), time(9, 45)))
    plage = _plage(agenda, valide_du=timezone.localdate())
    plages.synchroniser_plage(plage, maintenant=maintenant)
    premier = Creneau.objects.filter(plage=plage).order_by("debut").first()
    assert timezone.localtime(premier.debut).time() == time(10)
