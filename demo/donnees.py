"""Demo of issue 21 (personal data) for ``make run``, built through the real actions and the real nightly sweep;
dates are moved back on the rows where the rules need time to have passed, as the tests do. Idempotent: each
part looks for what it made before making it.

- **Retention**: Robert Petitjean (Lille Centre, no address, no phone) has had no activity on his file for three
  years and two months; Odile Vasseur's file went to the intermediate archive seven years and two months ago.
  The seed runs the nightly sweep once (``donnees.conservation.balayer``): Robert's file is archived, Odile's
  anonymised, and the purge register has its first lines (one per rule, ids hashed). Hélène Bonnet
  (``protection.donnees@…``, France Travail's data protection officer at Lille Centre) reads the register from
  her dashboard and looks up whether a file was treated.
"""

import datetime

from django.utils import timezone

from francetravail.base.calendrier import ajouter_mois
from francetravail.donnees.conservation import balayer
from francetravail.donnees.models import RegistrePurge
from francetravail.personnes.models import Personne

# (last name, first names, birth date, what happened to the file, how long ago)
INACTIF = ("Petitjean", "Robert", datetime.date(1961, 6, 8))
ARCHIVEE = ("Vasseur", "Odile", datetime.date(1958, 10, 27))


def _personne_sans_coordonnees(nom, prenoms, naissance, organisme, commune):
    """A file with no e-mail, phone nor account: nobody to warn before the archive (no préavis)."""
    personne, _ = Personne.objects.get_or_create(
        nom_naissance=nom,
        prenoms=prenoms,
        date_naissance=naissance,
        defaults={"adresse": "3 rue Nationale", "commune_id": commune, "code_postal": "59000"},
    )
    if personne.organisme_referent_id is None:
        personne.organisme_referent = organisme
        personne.save(update_fields=["organisme_referent"])
    return personne


def charger_demo_conservation(organisme):
    """The first run of the retention sweep, on two files made old enough for it."""
    if RegistrePurge.objects.exists():
        return
    maintenant = timezone.now()
    robert = _personne_sans_coordonnees(*INACTIF, organisme, "59350")
    odile = _personne_sans_coordonnees(*ARCHIVEE, organisme, "59350")
    # Demo: the last activity is moved back (the sweep reads the file's last save, logins and audit events).
    il_y_a_3_ans_et_2_mois = ajouter_mois(timezone.localdate(), -38)
    il_y_a_7_ans_et_2_mois = ajouter_mois(timezone.localdate(), -86)
    Personne.objects.filter(pk=robert.pk).update(
        created_at=maintenant - datetime.timedelta(days=3000),
        updated_at=datetime.datetime.combine(il_y_a_3_ans_et_2_mois, datetime.time(10), tzinfo=datetime.UTC),
    )
    Personne.objects.filter(pk=odile.pk).update(
        created_at=maintenant - datetime.timedelta(days=5000),
        updated_at=maintenant - datetime.timedelta(days=4000),
        archivee_le=datetime.datetime.combine(il_y_a_7_ans_et_2_mois, datetime.time(2, 10), tzinfo=datetime.UTC),
    )
    balayer(maintenant)
