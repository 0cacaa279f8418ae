# The diagnostic's API shapes. A section's content is validated by the page's own form
# (``diagnostic.forms.FORMULAIRES``: the same fields, choices and checks), never here; who may read or
# write which section is ``diagnostic.acces``; the save is ``diagnostic.actions.enregistrer_section``.
from rest_framework import serializers

from diagnostic.enums import SECTIONS_SENSIBLES, Section
from diagnostic.forms import FORMULAIRES


def _champs_par_section():
    lignes = []
    for section, formulaire in FORMULAIRES.items():
        sensible = " (confidentielle)" if section in SECTIONS_SENSIBLES else ""
        lignes.append(f"- {section.value}{sensible} : {', '.join(formulaire.champs_contenu())}")
    return "\n".join(lignes)


CHAMPS_PAR_SECTION = _champs_par_section()


class AuteurSerializer(serializers.Serializer):
    """Qui a enregistré la version."""

    id = serializers.IntegerField(read_only=True, help_text="Identifiant du compte.")
    nom = serializers.CharField(source="nom_affiche", read_only=True, help_text="Prénom et nom.")


class SectionSerializer(serializers.Serializer):
    """Une section du diagnostic partagé : son contenu courant, sa version et qui l'a enregistrée."""

    section = serializers.ChoiceField(choices=Section.choices, read_only=True, help_text="Code de la section.")
    libelle = serializers.CharField(read_only=True, help_text="Nom de la section.")
    confidentielle = serializers.BooleanField(
        read_only=True, help_text="Détails confidentiels (santé, justice, finances)."
    )
    version = serializers.IntegerField(
        read_only=True,
        help_text="Numéro de la version courante (0 : jamais enregistrée). L'en-tête ETag d'une section lue seule "
        "le porte ; renvoyez-le dans If-Match pour la modifier.",
    )
    etag = serializers.CharField(read_only=True, help_text="La valeur d'ETag de cette version, pour If-Match.")
    contenu = serializers.DictField(
        read_only=True,
        help_text="Le contenu de la section (les champs du formulaire de la page). Jamais enregistrée : ce que "
        "l'inscription en disait déjà. Champs par section :\n" + CHAMPS_PAR_SECTION,
    )
    enregistree_le = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Date de la version ; vide si jamais enregistrée."
    )
    auteur = AuteurSerializer(read_only=True, allow_null=True, help_text="Auteur de la version ; vide si aucune.")
    modifiable = serializers.BooleanField(
        read_only=True, help_text="Le compte du logiciel peut la modifier (référent, travailleur social impliqué)."
    )


class DiagnosticSerializer(serializers.Serializer):
    """Le diagnostic partagé d'une personne : les sections que vous pouvez lire."""

    personne = serializers.IntegerField(read_only=True, help_text="Identifiant de la personne.")
    ouvert_le = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Date d'ouverture du diagnostic ; vide s'il n'est pas commencé."
    )
    parcours_confirme_le = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Date à laquelle le diagnostic a confirmé le parcours ; vide sinon."
    )
    sections = SectionSerializer(many=True, read_only=True)
    sections_non_montrees = serializers.IntegerField(
        read_only=True,
        help_text="Nombre de sections confidentielles non montrées : votre rôle ne les lit pas sur le site, ou "
        "le jeton n'a pas la portée diagnostic.confidentiel:read.",
    )


class ContenuSectionSerializer(serializers.Serializer):
    """Le nouveau contenu d'une section : PUT le remplace entier (un champ absent est vidé), PATCH ne change
    que les champs envoyés."""

    contenu = serializers.DictField(
        help_text="Les champs de la section, comme dans la lecture. Les métiers recherchés (section projet) "
        "s'envoient tels que lus, ou par leur code OGR. Champs par section :\n" + CHAMPS_PAR_SECTION,
    )
