# Serializers validate the form of what a partner sends, nothing else: who may book, which slot is
# open or full, the first appointment's delay and attendance rules are the actions'
# (francetravail/rendezvous/actions.py), called by the views. The docstrings are the schema's text.
from rest_framework import serializers

from francetravail.api_champs import OrganisationNommeeSerializer
from francetravail.rendezvous.enums import STATUTS_PRESENCE, Modalite, Motif, StatutRendezVous, StatutSuivi, TypeAgenda
from francetravail.rendezvous.models import Agenda, Creneau, RendezVous, SuiviRendezVous


class ConseillerResumeSerializer(serializers.Serializer):
    """Le conseiller d'un agenda individuel."""

    id = serializers.IntegerField(read_only=True, help_text="Identifiant du compte du conseiller.")
    nom = serializers.CharField(source="nom_affiche", read_only=True, help_text="Prénom et nom du conseiller.")


class AgendaSerializer(serializers.ModelSerializer):
    """Un agenda d'une de vos organisations : ses créneaux se proposent et se réservent de la même façon
    quel que soit son type."""

    organisation = OrganisationNommeeSerializer(read_only=True)
    conseiller = ConseillerResumeSerializer(
        read_only=True,
        allow_null=True,
        help_text="Le conseiller d'un agenda individuel ; vide pour un agenda partagé.",
    )
    type_agenda = serializers.ChoiceField(choices=TypeAgenda.choices, read_only=True, help_text="Type d'agenda.")
    type_agenda_libelle = serializers.CharField(
        source="get_type_agenda_display", read_only=True, help_text="Type d'agenda, en clair."
    )

    class Meta:
        model = Agenda
        fields = ["id", "libelle", "type_agenda", "type_agenda_libelle", "organisation", "conseiller", "lieu"]
        extra_kwargs = {
            "libelle": {"help_text": "Nom de l'agenda."},
            "lieu": {"help_text": "Lieu habituel des rendez-vous sur place (un créneau peut en indiquer un autre)."},
        }


class AgendaResumeSerializer(serializers.ModelSerializer):
    """L'agenda d'un créneau."""

    organisation = OrganisationNommeeSerializer(read_only=True)

    class Meta:
        model = Agenda
        fields = ["id", "libelle", "organisation"]
        extra_kwargs = {"libelle": {"help_text": "Nom de l'agenda."}}


class CreneauSerializer(serializers.ModelSerializer):
    """Un créneau d'un agenda : quand, pour quel motif, comment, où, et combien de places il reste."""

    agenda = AgendaResumeSerializer(read_only=True)
    motif = serializers.ChoiceField(choices=Motif.choices, read_only=True, help_text="Motif du rendez-vous.")
    motif_libelle = serializers.CharField(source="get_motif_display", read_only=True, help_text="Motif, en clair.")
    modalite = serializers.ChoiceField(choices=Modalite.choices, read_only=True, help_text="Modalité.")
    modalite_libelle = serializers.CharField(
        source="get_modalite_display", read_only=True, help_text="Modalité, en clair."
    )
    places_restantes = serializers.IntegerField(read_only=True, help_text="Places encore libres.")

    class Meta:
        model = Creneau
        fields = [
            "id",
            "agenda",
            "debut",
            "fin",
            "motif",
            "motif_libelle",
            "modalite",
            "modalite_libelle",
            "lieu",
            "intitule",
            "capacite",
            "places_restantes",
        ]
        extra_kwargs = {
            "debut": {"help_text": "Début (heure de Paris, avec son décalage)."},
            "fin": {"help_text": "Fin."},
            "lieu": {"help_text": "Adresse, pour un rendez-vous sur place."},
            "intitule": {"help_text": "Intitulé d'une session collective ; vide sinon."},
            "capacite": {"help_text": "Nombre de places du créneau (plus d'une : session collective)."},
        }


class RendezVousSerializer(serializers.ModelSerializer):
    """Un rendez-vous d'une personne sur un créneau : proposé, réservé, puis honoré, excusé ou manqué, ou
    annulé."""

    creneau = CreneauSerializer(read_only=True)
    statut = serializers.ChoiceField(choices=StatutRendezVous.choices, read_only=True, help_text="Statut.")
    statut_libelle = serializers.CharField(source="get_statut_display", read_only=True, help_text="Statut, en clair.")

    class Meta:
        model = RendezVous
        fields = [
            "id",
            "personne",
            "creneau",
            "statut",
            "statut_libelle",
            "motif",
            "premier_rendez_vous",
            "hors_delai_motif",
            "reserve_le",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "personne": {"help_text": "Identifiant de la personne (/api/v1/personnes/{id}/)."},
            "motif": {"help_text": "Motif de l'annulation ou de l'excuse ; vide sinon."},
            "premier_rendez_vous": {
                "help_text": "Premier rendez-vous d'accompagnement après l'orientation notifiée (soumis au délai)."
            },
            "hors_delai_motif": {
                "help_text": "Pour un premier rendez-vous fixé après la date limite : la raison donnée ; vide sinon."
            },
            "reserve_le": {"help_text": "Date de la réservation ; vide pour un rendez-vous seulement proposé."},
            "created_at": {"help_text": "Créé le."},
            "updated_at": {"help_text": "Modifié le."},
        }


class ReservationSerializer(serializers.Serializer):
    """Réserver un créneau d'un de vos agendas pour une personne (une convocation), comme le fait un
    conseiller sur la page des rendez-vous de la personne."""

    personne = serializers.IntegerField(min_value=1, help_text="Identifiant de la personne.")
    creneau = serializers.IntegerField(
        min_value=1, help_text="Identifiant du créneau (voir /api/v1/creneaux/), d'un agenda de vos organisations."
    )
    derogation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="Seulement pour un premier rendez-vous après sa date limite : pourquoi (enregistré avec le "
        "nom du compte ; le rendez-vous reste compté en retard). Sans lui, un tel créneau est refusé.",
    )


class PresenceSerializer(serializers.Serializer):
    """La présence à un rendez-vous commencé, ou sa correction (avec la raison de la correction)."""

    statut = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in STATUTS_PRESENCE],
        help_text="honore : la personne est venue ; excuse : absente avec un motif (obligatoire) ; absent : "
        "absente sans excuse (un manquement à examiner est ouvert, rien de plus).",
    )
    motif = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="Motif de l'excuse."
    )
    correction = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="Obligatoire pour corriger une présence déjà enregistrée : pourquoi (gardé dans l'historique).",
    )


class SuiviSerializer(serializers.ModelSerializer):
    """Où en est une personne, pour un motif, sur le chemin d'un rendez-vous (invitée, relancée, rendez-vous
    pris, honoré…). Une personne sans ligne pour un motif n'a pas encore été invitée."""

    organisation = OrganisationNommeeSerializer(
        read_only=True, allow_null=True, help_text="L'organisation qui invite ou tient le rendez-vous."
    )
    motif = serializers.ChoiceField(choices=Motif.choices, read_only=True, help_text="Motif du rendez-vous suivi.")
    motif_libelle = serializers.CharField(source="get_motif_display", read_only=True, help_text="Motif, en clair.")
    statut = serializers.ChoiceField(choices=StatutSuivi.choices, read_only=True, help_text="Statut du suivi.")
    statut_libelle = serializers.CharField(source="get_statut_display", read_only=True, help_text="Statut, en clair.")

    class Meta:
        model = SuiviRendezVous
        fields = [
            "id",
            "personne",
            "motif",
            "motif_libelle",
            "statut",
            "statut_libelle",
            "depuis",
            "organisation",
            "rendez_vous",
            "invitation",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "personne": {"help_text": "Identifiant de la personne."},
            "depuis": {"help_text": "Date du passage à ce statut."},
            "rendez_vous": {"help_text": "Le rendez-vous suivi (/api/v1/rendezvous/{id}/) ; vide avant réservation."},
            "invitation": {"help_text": "L'invitation en cours ; vide s'il n'y en a pas."},
        }
