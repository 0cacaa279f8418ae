"""The diagnostic through the API: the same gate, table of confidentiality and action as the pages.

- Reading goes through the file's gate (``acces_personne``, ``PartieDossier.DIAGNOSTIC``), then the
  reader's relations to the person (``confidentialite.qualites``) say which sections they read, as on the
  diagnostic page. A confidential section (santé, justice, finances) is given only to a token that also
  carries ``diagnostic.confidentiel:read``: the scope narrows, the role decides. Each confidential section
  given with content is logged under its own part (``PARTIES_SENSIBLES``), as the page logs it.
- Writing a section is the section page's: the co-writers only (``acces.sections_redigeables``; anyone
  else gets the page's 404), the content checked by the page's form, saved by
  ``actions.enregistrer_section`` with the version the caller read, given back as ``If-Match``
  (``francetravail.api_verrou``): 428 without it, 412 when someone saved in between.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, QueryDict
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from diagnostic import acces, actions, confidentialite, queries
from diagnostic.api.serializers import ContenuSectionSerializer, DiagnosticSerializer, SectionSerializer
from diagnostic.enums import SECTIONS_SENSIBLES, Section
from diagnostic.forms import FORMULAIRES
from diagnostic.presentation import ENREGISTRES
from francetravail.api_erreurs import reponses_erreur
from francetravail.api_portees import PorteeRequise
from francetravail.api_verrou import (
    PreconditionEchouee,
    avec_etag,
    entete_etag,
    etag,
    parametre_if_match,
    version_attendue,
)
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import acces_personne
from francetravail.personnes.models import Personne
from francetravail.rendezvous.api.commun import RolesDuCompte, erreur_api
from francetravail.reseau.enums import ROLES_DOSSIERS

PORTEE_CONFIDENTIELLE = acces.PORTEE_CONFIDENTIELLE
REFUS_PORTEE_CONFIDENTIELLE = (
    f"Ce jeton n'a pas la portée « {PORTEE_CONFIDENTIELLE} » que demande une section confidentielle "
    "(santé, justice, finances)."
)

_TROP = "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After."
_NON_AUTORISE = (
    "Non connecté, jeton sans la portée demandée, ou compte sans rôle de suivi des personnes (conseiller, "
    "travailleur social, décideur départemental, équipe pluridisciplinaire, médiateur, responsable d'équipe)."
)
_INCONNUE = (
    "Personne inconnue, ou dont le dossier n'est ouvert à aucune de vos organisations (la même réponse dans les "
    "deux cas, pour ne rien révéler)."
)
_PERSONNE = OpenApiParameter(
    "personne_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant de la personne."
)
_SECTION = OpenApiParameter(
    "section", OpenApiTypes.STR, OpenApiParameter.PATH, enum=Section.values, description="Code de la section."
)


def ressource(personne, section):
    """What a section's version counts, for its ETag: person and section."""
    return f"diagnostic-{personne.pk}-{section.value}"


def _charger_si(user, condition):
    """A loader for ``acces_personne`` that finds the person only when ``condition(qualites)`` holds (as the
    section and difference pages): a refusal is then the gate's 404, and nothing is logged for it."""

    def charger(pk):
        personne = Personne.objects.select_related("organisme_referent").filter(pk=pk).first()
        if personne is None or not condition(confidentialite.qualites(user, personne)):
            return None
        return personne

    return charger


def _section_valide(valeur):
    if valeur not in Section.values:
        raise Http404
    return Section(valeur)


def _refuser_sans_la_portee_confidentielle(request, section):
    if section in SECTIONS_SENSIBLES and not acces.peut_lire_les_sensibles_par_l_api(request):
        raise PermissionDenied(REFUS_PORTEE_CONFIDENTIELLE)


def _section(personne, etat, redigeables):
    version = etat.version
    return {
        "section": etat.section.value,
        "libelle": etat.section.label,
        "confidentielle": etat.section in SECTIONS_SENSIBLES,
        "version": etat.numero,
        "etag": etag(ressource(personne, etat.section), etat.numero),
        "contenu": etat.contenu,
        "enregistree_le": version.enregistree_le if version else None,
        "auteur": version.auteur if version else None,
        "modifiable": etat.section in redigeables,
    }


def _donnees_du_formulaire(formulaire, contenu, version):
    """The section's JSON content as the page's form would have received it (a QueryDict)."""
    initial = formulaire.initial_depuis(contenu, version)
    donnees = QueryDict(mutable=True)
    for nom, valeur in initial.items():
        if valeur is None:
            continue
        if isinstance(valeur, list | tuple):
            donnees.setlist(nom, [str(v) for v in valeur])
        elif isinstance(valeur, bool):
            if valeur:
                donnees[nom] = "on"
        else:
            donnees[nom] = str(valeur)
    return donnees


def _valider(section, contenu, version, contenu_courant):
    """The page's form checks the content (fields, choices, bounds, coherence); returns the content to save."""
    formulaire = FORMULAIRES[section]
    connus = set(formulaire.champs_contenu())
    ignores = set(ENREGISTRES.get(section, {})) | {f"{nom}_id" for nom in ENREGISTRES.get(section, {})}
    inconnus = sorted(set(contenu) - connus - ignores)
    if inconnus:
        raise serializers.ValidationError(
            {f"contenu.{nom}": ["Ce champ n'existe pas dans cette section."] for nom in inconnus}
        )
    contenu = {k: v for k, v in contenu.items() if k in connus}
    extra = {}
    if section == Section.PROJET:
        # Jobs are sent as read (dicts) or by their OGR code; the form knows those already chosen.
        metiers = contenu.get("metiers") or []
        if not isinstance(metiers, list):
            raise serializers.ValidationError({"contenu.metiers": ["Une liste de métiers est attendue."]})
        contenu["metiers"] = [m if isinstance(m, dict) else {"code_ogr": str(m)} for m in metiers]
        if any(not isinstance(m.get("code_ogr"), str) for m in contenu["metiers"]):
            raise serializers.ValidationError({"contenu.metiers": ["Chaque métier a un code OGR (code_ogr)."]})
        extra["metiers_connus"] = [m for m in contenu_courant.get("metiers") or [] if isinstance(m, dict)]
    try:
        form = formulaire(_donnees_du_formulaire(formulaire, contenu, version), **extra)
    except (TypeError, ValueError, AttributeError):
        raise serializers.ValidationError({"contenu": ["Contenu illisible pour cette section."]}) from None
    if not form.is_valid():
        raise serializers.ValidationError(
            {(f"contenu.{nom}" if nom != "__all__" else "contenu"): erreurs for nom, erreurs in form.errors.items()}
        )
    return form.contenu()


class _SchemaDiagnostic(AutoSchema):
    """The diagnostic's ``list`` answers ONE object (the person's diagnostic with its sections), not an array:
    drf-spectacular would document any ``list`` action as an array (found by schemathesis)."""

    def _is_list_view(self, serializer=None):
        return False


class DiagnosticViewSet(viewsets.ViewSet):
    """A person's diagnostic: its sections (list), one section (read, PUT, PATCH)."""

    permission_classes = [PorteeRequise, RolesDuCompte]
    roles_api = ROLES_DOSSIERS
    refus_roles = "Accès réservé aux professionnels qui suivent des personnes."
    portee = "diagnostic"
    acces_declare = "gate:diagnostic"
    schema = _SchemaDiagnostic()
    lookup_field = "section"
    lookup_value_regex = "[a-z_]{1,30}"
    http_method_names = ["get", "put", "patch", "head", "options"]

    @extend_schema(
        operation_id="personnes_diagnostic_list",  # its name before _SchemaDiagnostic (generated clients keep it)
        summary="Diagnostic d'une personne",
        description="Les sections du diagnostic partagé que votre rôle lit sur le site. Les sections "
        "confidentielles (santé, justice, finances) ne sont données qu'aux rôles qui les lisent sur le site ET "
        f"à un jeton portant « {PORTEE_CONFIDENTIELLE} ». La lecture est inscrite au journal des accès de la "
        "personne (diagnostic, et chaque section confidentielle donnée).",
        parameters=[_PERSONNE],
        responses={
            200: OpenApiResponse(DiagnosticSerializer, description="Le diagnostic."),
            **reponses_erreur(e403=_NON_AUTORISE, e404=_INCONNUE, e429=_TROP),
        },
    )
    def list(self, request, personne_pk=None):
        personne = acces_personne(request, personne_pk, partie=PartieDossier.DIAGNOSTIC, canal=Canal.API)
        qualites = confidentialite.qualites(request.user, personne)
        lisibles = acces.sections_lisibles(qualites)
        confidentiel = acces.peut_lire_les_sensibles_par_l_api(request)
        montrees = [s for s in lisibles if confidentiel or s not in SECTIONS_SENSIBLES]
        diagnostic = queries.diagnostic_de(personne)
        etats = queries.etat(personne, diagnostic, montrees)
        confidentialite.journaliser_sensibles(request.user, personne, etats, canal=Canal.API)
        redigeables = set(acces.sections_redigeables(qualites))
        donnees = {
            "personne": personne.pk,
            "ouvert_le": diagnostic.created_at if diagnostic else None,
            "parcours_confirme_le": diagnostic.parcours_confirme_le if diagnostic else None,
            "sections": [_section(personne, e, redigeables) for e in etats],
            "sections_non_montrees": len(SECTIONS_SENSIBLES) - sum(1 for s in montrees if s in SECTIONS_SENSIBLES),
        }
        return Response(DiagnosticSerializer(donnees).data)

    @extend_schema(
        summary="Une section du diagnostic",
        description="Une section, avec l'en-tête ETag de sa version (à renvoyer dans If-Match pour la modifier). "
        f"Une section confidentielle demande la portée « {PORTEE_CONFIDENTIELLE} » et un rôle qui la lit sur le "
        "site. La lecture est inscrite au journal des accès de la personne.",
        parameters=[_PERSONNE, _SECTION, entete_etag()],
        responses={
            200: OpenApiResponse(SectionSerializer, description="La section ; en-tête ETag : sa version."),
            **reponses_erreur(
                e403=_NON_AUTORISE[:-1] + f" ; ou section confidentielle sans la portée {PORTEE_CONFIDENTIELLE}.",
                e404=_INCONNUE[:-1] + " ; ou section inconnue, ou que votre rôle ne lit pas sur le site.",
                e429=_TROP,
            ),
        },
    )
    def retrieve(self, request, personne_pk=None, section=None):
        section = _section_valide(section)
        _refuser_sans_la_portee_confidentielle(request, section)
        personne = acces_personne(
            request,
            personne_pk,
            partie=PartieDossier.DIAGNOSTIC,
            canal=Canal.API,
            charger=_charger_si(request.user, lambda q: section in acces.sections_lisibles(q)),
        )
        qualites = confidentialite.qualites(request.user, personne)
        etat = queries.etat(personne, queries.diagnostic_de(personne), [section])[0]
        confidentialite.journaliser_sensibles(request.user, personne, [etat], canal=Canal.API)
        donnees = _section(personne, etat, set(acces.sections_redigeables(qualites)))
        return avec_etag(Response(SectionSerializer(donnees).data), ressource(personne, section), etat.numero)

    _ECRITURE = {
        "parameters": [_PERSONNE, _SECTION, parametre_if_match(), entete_etag()],
        "examples": [
            OpenApiExample(
                "Marché du travail",
                value={"contenu": {"connaissance": "partielle", "demarches": "Trois candidatures en cuisine."}},
                request_only=True,
            )
        ],
        "request": ContenuSectionSerializer,
        "responses": {
            200: OpenApiResponse(SectionSerializer, description="La section enregistrée ; en-tête ETag : sa version."),
            **reponses_erreur(
                e400="Contenu invalide : le champ erreurs donne les messages par champ (contenu.<champ>).",
                e403="Non connecté, jeton sans la portée diagnostic:write (et, pour une section confidentielle, "
                f"{PORTEE_CONFIDENTIELLE}), ou compte sans rôle de suivi des personnes.",
                e404=_INCONNUE[:-1] + " ; ou section inconnue, ou que vous ne rédigez pas (seuls le référent et un "
                "travailleur social impliqué rédigent le diagnostic).",
                e412="La section a été enregistrée par quelqu'un d'autre depuis votre lecture : rien n'est modifié ; "
                "relisez-la et renvoyez vos changements avec le nouvel ETag.",
                e428="En-tête If-Match manquant : rien n'est modifié.",
                e429=_TROP,
            ),
        },
    }

    @extend_schema(
        summary="Remplacer une section du diagnostic",
        description="Enregistre une nouvelle version de la section, comme la page de la section : le contenu est "
        "vérifié par le même formulaire, et la version lue (If-Match) doit être la dernière. Un champ absent est "
        "vidé. Rien ne change si le contenu est le même (pas de version vide).",
        **_ECRITURE,
    )
    def update(self, request, personne_pk=None, section=None):
        return self._ecrire(request, personne_pk, section, partiel=False)

    @extend_schema(
        summary="Modifier des champs d'une section du diagnostic",
        description="Comme PUT, mais seuls les champs envoyés changent ; les autres gardent leur valeur courante.",
        **_ECRITURE,
    )
    def partial_update(self, request, personne_pk=None, section=None):
        return self._ecrire(request, personne_pk, section, partiel=True)

    def _ecrire(self, request, personne_pk, section, *, partiel):
        section = _section_valide(section)
        _refuser_sans_la_portee_confidentielle(request, section)
        personne = acces_personne(
            request,
            personne_pk,
            partie=PartieDossier.DIAGNOSTIC,
            canal=Canal.API,
            charger=_charger_si(request.user, lambda q: section in acces.sections_redigeables(q)),
        )
        version_lue = version_attendue(request, ressource(personne, section))
        demande = ContenuSectionSerializer(data=request.data)
        demande.is_valid(raise_exception=True)
        etat = queries.etat(personne, queries.diagnostic_de(personne), [section])[0]
        confidentialite.journaliser_sensibles(request.user, personne, [etat], canal=Canal.API)
        envoye = demande.validated_data["contenu"]
        contenu = {**etat.contenu, **envoye} if partiel else envoye
        contenu = _valider(section, contenu, version_lue, etat.contenu)
        try:
            version = actions.enregistrer_section(
                personne, section, acting_user=request.user, contenu=contenu, version_lue=version_lue
            )
        except actions.ConflitDeVersion:
            raise PreconditionEchouee() from None
        except DjangoValidationError as exc:
            raise erreur_api(exc) from None
        etat = queries.etat(personne, version.diagnostic, [section])[0]
        qualites = confidentialite.qualites(request.user, personne)
        donnees = _section(personne, etat, set(acces.sections_redigeables(qualites)))
        return avec_etag(Response(SectionSerializer(donnees).data), ressource(personne, section), etat.numero)
