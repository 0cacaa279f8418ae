from francetravail.audit.models import AuditEvent


def enregistrer_evenement(event_type, *, acting_user=None, personne=None, organisation=None, motif="", **data):
    """Writes an audit row; call it inside the action's transaction."""
    return AuditEvent.objects.create(
        event_type=event_type,
        acting_user=acting_user if acting_user and acting_user.is_authenticated else None,
        personne=personne,
        organisation=organisation,
        motif=motif,
        data=data,
    )
