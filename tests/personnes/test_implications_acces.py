"""The access gate and the people around a file: only an accepted implication in force opens it, to
the organisation or to the professional named; what it opens in the diagnostic follows the role."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from diagnostic import actions as diagnostic_actions
from diagnostic.acces import sections_lisibles, sections_redigeables
from diagnostic.confidentialite import qualites
from diagnostic.enums import Section
from diagnostic.models import VersionSection
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.personnes import actions
from francetravail.personnes.acces import acces_personne, organisations_donnant_acces, personnes_visibles
from francetravail.personnes.enums import RoleImplication
from francetravail.personnes.models import Implication
from tests.personnes.entourage import dossier, frais, inviter

pytestmark = pytest.mark.django_db


def _lit(user, personne):
    request = RequestFactory().get("/")
    request.user = frais(user)
    return acces_personne(request, personne.pk, partie=PartieDossier.SYNTHESE)


def _ouvert(user, personne):
    """Every door of the gate agrees: the one file, the lists, the lists' logging."""
    user = frais(user)
    un = organisation_donnant_acces_ou_none(user, personne)
    liste = personnes_visibles(user).filter(pk=personne.pk).exists()
    lot = organisations_donnant_acces(user, [personne])[personne.pk] is not None
    assert un == liste == lot
    return un


def organisation_donnant_acces_ou_none(user, personne):
    try:
        _lit(user, personne)
    except Http404:
        return False
    return True


def _accepte(d, **kwargs):
    implication = inviter(d, **kwargs)
    actions.accepter(implication, acting_user=frais(kwargs.get("professionnel") or d.ts))
    return implication


def test_une_invitation_proposee_n_ouvre_pas_le_dossier_sans_journal():
    d = dossier()
    inviter(d)
    assert not _ouvert(d.ts, d.personne)
    assert not JournalAcces.objects.filter(user=d.ts).exists()


def test_une_invitation_acceptee_ouvre_le_dossier_et_la_lecture_est_journalisee():
    d = dossier()
    _accepte(d)
    assert _ouvert(d.ts, d.personne)
    assert JournalAcces.objects.filter(user=d.ts, organisation=d.cd, personne=d.personne).exists()


def test_une_invitation_refusee_n_ouvre_rien():
    d = dossier()
    implication = inviter(d)
    actions.refuser(implication, acting_user=frais(d.ts), motif="Non")
    assert not _ouvert(d.ts, d.personne)


@pytest.mark.parametrize("cote", ["referent", "ts"])
def test_une_implication_terminee_referme_le_dossier(cote):
    d = dossier()
    implication = _accepte(d)
    assert _ouvert(d.ts, d.personne)
    actions.terminer(implication, acting_user=frais(getattr(d, cote)), motif="Fin")
    assert not _ouvert(d.ts, d.personne)


@pytest.mark.parametrize(("decalage", "ouvert"), [(-1, False), (0, True), (1, True)])
def test_la_date_de_fin_prevue_est_le_dernier_jour_ouvert(decalage, ouvert):
    d = dossier()
    implication = _accepte(d, fin_prevue=timezone.localdate() + datetime.timedelta(days=1))
    # The planned end passes with the days: the day before it (yesterday's end), the day, the day after.
    Implication.objects.filter(pk=implication.pk).update(
        fin_prevue=timezone.localdate() + datetime.timedelta(days=decalage)
    )
    assert _ouvert(d.ts, d.personne) is ouvert


def test_actives_a_une_date_la_veille_le_jour_et_le_lendemain_de_la_fin_prevue():
    d = dossier()
    fin = timezone.localdate() + datetime.timedelta(days=10)
    implication = _accepte(d, fin_prevue=fin)
    minuit = timezone.make_aware(datetime.datetime.combine(fin, datetime.time(0, 0)))
    actives = Implication.objects.filter(pk=implication.pk).actives
    assert actives(on=minuit - datetime.timedelta(minutes=1)).exists()  # the day before
    assert actives(on=minuit + datetime.timedelta(hours=23, minutes=59)).exists()  # the last day, till midnight
    assert not actives(on=minuit + datetime.timedelta(days=1)).exists()  # the day after


def test_une_autre_organisation_et_un_autre_departement_ne_voient_rien():
    d = dossier()
    _accepte(d)
    assert not _ouvert(d.conseiller_ml, d.personne)
    assert not _ouvert(d.ts62, d.personne)


def test_une_invitation_nominative_n_ouvre_le_dossier_qu_au_professionnel_nomme():
    d = dossier()
    _accepte(d, professionnel=d.ts)
    assert _ouvert(d.ts, d.personne)
    assert not _ouvert(d.ts_collegue, d.personne)


def test_une_invitation_de_toute_l_organisation_ouvre_le_dossier_a_chacun_de_ses_travailleurs_sociaux():
    d = dossier()
    _accepte(d)
    assert _ouvert(d.ts_collegue, d.personne)


def test_les_implications_existantes_restent_ouvertes():
    """A row written as before (desk registration, the factories): accepted by default, it opens."""
    d = dossier()
    Implication.objects.create(
        personne=d.personne, organisation=d.ml, motif="Inscription au guichet", created_by=d.referent
    )
    assert _ouvert(d.conseiller_ml, d.personne)


# --- What it opens in the diagnostic -------------------------------------------------------------


def _ecrit(user, personne, section=Section.SANTE):
    return diagnostic_actions.enregistrer_section(
        personne,
        section,
        acting_user=frais(user),
        contenu={"details": "Suivi médical en cours", "restrictions": "", "demarches": ""},
        version_lue=VersionSection.objects.filter(diagnostic__personne=personne, section=section).count(),
    )


def test_un_travailleur_social_co_referent_accepte_co_redige_le_diagnostic_y_compris_la_sante():
    d = dossier()
    _accepte(d, role=RoleImplication.CO_REFERENT)
    assert Section.SANTE in sections_redigeables(qualites(frais(d.ts), d.personne))
    _ecrit(d.ts, d.personne)
    assert VersionSection.objects.filter(diagnostic__personne=d.personne, section=Section.SANTE).count() == 1


def test_un_travailleur_social_invite_mais_pas_encore_accepte_n_ecrit_pas():
    d = dossier()
    inviter(d, role=RoleImplication.CO_REFERENT)
    assert sections_redigeables(qualites(frais(d.ts), d.personne)) == ()
    with pytest.raises(ValidationError):
        _ecrit(d.ts, d.personne)
    assert not VersionSection.objects.exists()


def test_un_travailleur_social_intervenant_lit_les_sections_communes_et_n_ecrit_rien():
    d = dossier()
    _accepte(d, role=RoleImplication.INTERVENANT)
    q = qualites(frais(d.ts), d.personne)
    assert sections_redigeables(q) == ()
    assert Section.SANTE not in sections_lisibles(q)
    with pytest.raises(ValidationError):
        _ecrit(d.ts, d.personne)
    assert not VersionSection.objects.exists()


def test_apres_la_fin_le_travailleur_social_n_ecrit_plus():
    d = dossier()
    implication = _accepte(d)
    _ecrit(d.ts, d.personne)
    actions.terminer(implication, acting_user=frais(d.referent), motif="Fin")
    with pytest.raises(ValidationError):
        _ecrit(d.ts, d.personne)
    assert VersionSection.objects.count() == 1


def test_le_collegue_d_un_travailleur_social_invite_nominativement_n_ecrit_pas():
    d = dossier()
    _accepte(d, professionnel=d.ts)
    with pytest.raises(ValidationError):
        _ecrit(d.ts_collegue, d.personne)
    assert not VersionSection.objects.exists()
