from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from orientation.enums import StatutVersion
from orientation.models import Referentiel, Regle, VersionReferentiel

# TODO(lead): add TypeEvenement.ORIENTATION_BROUILLON_CREE to francetravail/audit/enums.py
# and write it in creer_brouillon(); until then the pghistory events of
# VersionReferentiel (creee_par, created_at) are the trail of a draft's creation.

_CHAMPS_REGLE = ("code", "ordre", "libelle", "conditions", "parcours", "type_organisme", "explication")


@transaction.atomic
def publier_version(version, *, acting_user):
    """Puts a draft in force; the version published before it, if any, is retired.

    Refuses a version that is not a draft, that has no rule, or whose rules are not
    valid. The référentiel row is locked first, so two publications of the same
    référentiel run one after the other.
    """
    referentiel = Referentiel.objects.select_for_update().get(pk=version.referentiel_id)
    verrouillee = VersionReferentiel.objects.select_for_update().get(pk=version.pk)
    if verrouillee.statut != StatutVersion.BROUILLON:
        raise ValidationError(
            f"Seul un brouillon peut être publié : la version {verrouillee.numero} est "
            f"« {verrouillee.get_statut_display().lower()} »."
        )
    regles = list(verrouillee.regles.order_by("ordre", "pk"))
    if not regles:
        raise ValidationError(f"La version {verrouillee.numero} ne contient aucune règle : rien à publier.")
    erreurs = []
    for regle in regles:
        regle.version = verrouillee
        try:
            regle.full_clean(validate_constraints=False)
        except ValidationError as e:
            erreurs.extend(f"Règle « {regle.code} » : {message}" for message in e.messages)
    if erreurs:
        raise ValidationError(erreurs)

    maintenant = timezone.now()
    retirees = []
    # Retire first: the partial unique constraint allows one published version at a time.
    for ancienne in VersionReferentiel.objects.select_for_update().filter(
        referentiel_id=verrouillee.referentiel_id, statut=StatutVersion.PUBLIEE
    ):
        ancienne.statut = StatutVersion.RETIREE
        ancienne.retiree_le = maintenant
        ancienne.save(update_fields=["statut", "retiree_le"])
        retirees.append(ancienne.pk)

    verrouillee.statut = StatutVersion.PUBLIEE
    verrouillee.publiee_le = maintenant
    verrouillee.publiee_par = acting_user if acting_user and acting_user.is_authenticated else None
    verrouillee.save(update_fields=["statut", "publiee_le", "publiee_par"])
    enregistrer_evenement(
        TypeEvenement.ORIENTATION_VERSION_PUBLIEE,
        acting_user=acting_user,
        motif=verrouillee.note,
        version_id=verrouillee.pk,
        referentiel_id=verrouillee.referentiel_id,
        departement=referentiel.departement_id,
        numero=verrouillee.numero,
        versions_retirees=retirees,
        nombre_regles=len(regles),
    )
    version.refresh_from_db()
    return verrouillee


@transaction.atomic
def creer_brouillon(referentiel, *, depuis=None, acting_user, note=""):
    """A new draft of ``referentiel``, with a copy of the rules of ``depuis``.

    ``depuis`` defaults to the version of ``referentiel`` in force; without one, the
    draft starts empty. It may be a version of another référentiel (e.g. a
    département starting from national rules: same codes replace them one for one).
    """
    referentiel = Referentiel.objects.select_for_update().get(pk=referentiel.pk)
    if depuis is None:
        depuis = referentiel.versions.filter(statut=StatutVersion.PUBLIEE).first()
    dernier = referentiel.versions.aggregate(dernier=Max("numero"))["dernier"] or 0
    if not note and depuis is not None:
        note = f"Brouillon créé à partir de : {depuis}."
    brouillon = VersionReferentiel.objects.create(
        referentiel=referentiel,
        numero=dernier + 1,
        note=note,
        creee_par=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    if depuis is not None:
        Regle.objects.bulk_create(
            [
                Regle(version=brouillon, **{champ: getattr(regle, champ) for champ in _CHAMPS_REGLE})
                for regle in depuis.regles.order_by("ordre", "pk")
            ]
        )
    return brouillon
