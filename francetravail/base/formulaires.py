"""What every form shares with the actions behind it."""


def reporter(form, exc, *, champs_par_message=None, mots_par_champ=(), renommer=None):
    """Puts an action's ``ValidationError`` on ``form``, so the refusal shows where it is about.

    - an error that names a field (``ValidationError({"champ": …})``) goes to that field, renamed by
      ``renommer`` (a function of the field name, for a form whose fields are prefixed) when given,
      on top of the form when the form has no such field;
    - a message without a field goes to the field ``champs_par_message`` gives for it, else to the
      first field of ``mots_par_champ`` (pairs of a word of the message, lowercase, and a field name)
      whose word it contains, else on top of the form.
    """
    champs_par_message = champs_par_message or {}
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.message_dict.items():
            nom = renommer(champ) if renommer else champ
            for erreur in erreurs:
                form.add_error(nom if nom in form.fields else None, erreur)
        return
    for message in exc.messages:
        champ = champs_par_message.get(message)
        if champ is None:
            texte = message.lower()
            champ = next((c for mot, c in mots_par_champ if mot in texte), None)
        form.add_error(champ if champ in form.fields else None, message)
