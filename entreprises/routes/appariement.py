"""Routes of the employers' side for this area: `employeur` (/entreprise/), `backoffice` (/conseiller/),
`espace` (the person's space, /mon-espace/emploi/). Assembled by entreprises/urls*.py."""

employeur = []
backoffice = []
espace = []
