"""Reading the CAF/MSA flows and the départements' exports into one shape (``modele``).

The pipeline of an import (``inscription/import_caf.py`` runs it):

1. a reader turns a file into an ``EnteteFlux`` and a stream of ``FoyerLu`` (one per household,
   with its demandeur and conjoint) or ``FoyerRejete`` (with the reason in French):
   - ``cnaf_xml``: the CNAF « bénéficiaires RSA » XML (VRSB0801 and VRSD0301), cut into households at
     the byte level (``decouper``: bounded memory, a raw hash per household) and each household parsed
     on its own (``lire_foyer``);
   - ``tableur``: a département's CSV or XLSX export read through its ``CorrespondanceColonnes``
     (the platform's historical CSV is one of them);
2. the writer applies each household to the RSA right it describes (``FoyerRSA``, ``DroitRSA``),
   registers its new entrants and says, for the report, what each line did (``ResultatLigne``).

Readers never touch the database; the writer never reads a file.
"""
