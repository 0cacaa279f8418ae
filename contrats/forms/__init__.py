"""The contract's forms, by audience: ``conseiller`` (the référent's pages), ``espace`` (the person's)."""
