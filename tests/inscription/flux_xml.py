"""CNAF « bénéficiaires RSA » XML files for tests and benchmarks, written from caf-msa-flux.md (not copied).

- ``foyer_xml(format, …)``: one ``<InfosFoyerRSA>`` in either schema, from plain values (readable fixtures).
- ``fichier_xml(format, foyers, …)``: a whole file around households (header, trailer).
- ``ecrire_stock(chemin, n, *, graine, format)``: a valid file of ``n`` households streamed to disk with string
  templates (2 000 000 households in seconds, for the speed work).
"""

import datetime
import random
from dataclasses import dataclass, field

VRSB = "vrsb0801"
VRSD = "vrsd0301"


def nir13(sexe, date_naissance, departement="93", commune="066", ordre=1):
    """The 13 characters the CNAF sends (no key), consistent with the birth date; its 15-char form is valid."""
    return f"{sexe}{date_naissance.year % 100:02d}{date_naissance.month:02d}{departement}{commune}{ordre:03d}"


@dataclass
class Personne:
    role: str  # ROLEPERS of the RSA household: DEM, CJT, ENF, AUT (VRSD: also BEN)
    nom: str
    prenom: str
    date_naissance: datetime.date
    sexe: str = "2"
    nir: str | None = None  # 13 chars; computed from the birth date when None, "" for no NIR element
    nom_naissance: str = ""
    drapeau: str | None = "1"  # TOPPERSDRODEVORSA; None: element absent
    entrant: str | None = "0"  # TOPPERSENTDRODEVORSA; None: absent
    responsable: str = "0"  # TOPRESPDOS
    entree: datetime.date | None = None  # DDRATDOS (VRSB only)
    sortie: datetime.date | None = None  # DFRATDOS
    idassedic: str = ""
    ordre: int = 1  # the NIR's order number


@dataclass
class Foyer:
    matricule: str
    personnes: list
    etat: str = "2"
    organisme: str = "CAF"
    numorg: str = "931"
    departement: str = "093"
    date_demande: datetime.date | None = datetime.date(2025, 2, 10)
    numero_demande: str = "09300012345"
    date_ouverture: datetime.date | None = None  # VRSD DroitOuvert/DTODRSA
    sitfam: str = "CEL"
    numvoie: str = "8"
    libtypevoie: str = "RUE"
    nomvoie: str = "DES TILLEULS"
    numcom: str = "93066"
    codepos: str = "93200"
    nomcom: str = "SAINT-DENIS"
    dtemm: datetime.date | None = datetime.date(2024, 11, 1)
    suspension_versement: tuple | None = None  # (MOTISUSVERSRSA, DDSUSVERSRSA)
    suspension_droit: tuple | None = None  # (MOTISUSDRORSA, DDSUSDRORSA)
    fin_droit: tuple | None = None  # (MOTICLORSA, DTCLORSA)
    fin_droit_anterieur: bool = False  # VRSB: FinDroitMoisAnterieur instead of FinDroit
    refus: tuple | None = None  # (MOTIREFURSA, DTREFURSA)
    natpf: tuple = ("RSD",)
    sans_domicile: str = "0"
    foyer_droits_devoirs: str | None = "1"  # TOPFOYDRODEVORSA (VRSB)
    cedant: tuple | None = None  # (FONORG, NUMORG, MATRICULEORGCEDMUT, DDARRMUT)
    prenant: tuple | None = None  # (FONORG, NUMORG, DDDEPAMUT)
    extra: dict = field(default_factory=dict)


def _d(valeur):
    return valeur.isoformat() if isinstance(valeur, datetime.date) else (valeur or "")


def _el(nom, valeur, retrait):
    return f"{' ' * retrait}<{nom}>{valeur}</{nom}>\n"


def _personne(format_, p):
    vrsd = format_ == VRSD
    nir = nir13(p.sexe, p.date_naissance, ordre=p.ordre) if p.nir is None else p.nir
    s = "  <Personne>\n   <Identification>\n"
    s += _el("QUAL", "MME" if p.sexe == "2" else "MR", 4)
    s += _el("NOM", p.nom, 4)
    s += _el("NOMNAI", p.nom_naissance or p.nom, 4)
    s += _el("PRENOM", p.prenom, 4)
    s += _el("DTNAI", _d(p.date_naissance), 4)
    if nir:
        s += _el("NIR", nir, 4)
    s += _el("SEXE", p.sexe, 4)
    s += "   </Identification>\n"
    s += f"   <{'DossierCafMsa' if vrsd else 'DossierCAF'}>\n"
    s += _el("TOPRESPDOS", p.responsable, 4)
    if p.entree and not vrsd:
        s += _el("DDRATDOS", _d(p.entree), 4)
    if p.sortie:
        s += _el("DFRATDOS", _d(p.sortie), 4)
    s += f"   </{'DossierCafMsa' if vrsd else 'DossierCAF'}>\n"
    if p.role in ("ENF", "AUT", "CJT"):
        role_pfa = p.role
    else:
        role_pfa = "CJT" if p.role == "BEN" and p.responsable != "1" else "DEM"
    if vrsd:
        s += f"   <FonctionPersonnePFA><ROLEPERS>{role_pfa}</ROLEPERS></FonctionPersonnePFA>\n"
        s += f"   <FonctionPersonneRSA><ROLEPERS>{p.role}</ROLEPERS><TOPCHAPERS>1</TOPCHAPERS></FonctionPersonneRSA>\n"
    else:
        s += (
            f"   <Prestations><NATPREST>PFA</NATPREST><ROLEPERS>{role_pfa}</ROLEPERS>"
            "<TOPCHAPERS>1</TOPCHAPERS></Prestations>\n"
        )
        s += (
            f"   <Prestations><NATPREST>RSA</NATPREST><ROLEPERS>{p.role}</ROLEPERS>"
            "<TOPCHAPERS>1</TOPCHAPERS></Prestations>\n"
        )
    if p.idassedic:
        s += f"   <DossierPoleEmploi><IDASSEDIC>{p.idassedic}</IDASSEDIC></DossierPoleEmploi>\n"
    if p.role != "ENF" and (p.drapeau is not None or p.entrant is not None):
        bloc = "CalculDroitRSAPersonne" if vrsd else "MontantCalculDroitRSAPersonne"
        s += f"   <{bloc}>\n"
        if p.drapeau is not None:
            s += _el("TOPPERSDRODEVORSA", p.drapeau, 4)
        if p.entrant is not None:
            s += _el("TOPPERSENTDRODEVORSA", p.entrant, 4)
        s += f"   </{bloc}>\n"
    s += "  </Personne>\n"
    return s


def foyer_xml(format_, f):
    """One ``<InfosFoyerRSA>`` for a ``Foyer``, in the schema ``format_`` (``VRSB`` or ``VRSD``)."""
    vrsd = format_ == VRSD
    s = " <InfosFoyerRSA>\n  <IdentificationRSA>\n"
    s += (
        f"   <Organisme><FONORG>{f.organisme}</FONORG><NUMORG>{f.numorg}</NUMORG>"
        f"<MATRICULE>{f.matricule}</MATRICULE></Organisme>\n"
    )
    s += f"   <Partenaire><TYPEPARTE>CG </TYPEPARTE><IDEPARTE>{f.departement}</IDEPARTE></Partenaire>\n"
    if f.date_demande:
        s += (
            f"   <DemandeRSA><DTDEMRSA>{_d(f.date_demande)}</DTDEMRSA>"
            f"<NUMDEMRSA>{f.numero_demande}</NUMDEMRSA></DemandeRSA>\n"
        )
    if f.cedant:
        fonorg, numorg, ancien, arrivee = f.cedant
        s += (
            f"   <OrganismeCedant><FONORGCEDMUT>{fonorg}</FONORGCEDMUT><NUMORGCEDMUT>{numorg}</NUMORGCEDMUT>"
            f"<MATRICULEORGCEDMUT>{ancien}</MATRICULEORGCEDMUT><DDARRMUT>{_d(arrivee)}</DDARRMUT></OrganismeCedant>\n"
        )
    if f.prenant:
        fonorg, numorg, depart = f.prenant
        s += (
            f"   <OrganismePrenant><FONORGPRENMUT>{fonorg}</FONORGPRENMUT><NUMORGPRENMUT>{numorg}</NUMORGPRENMUT>"
            f"<DDDEPAMUT>{_d(depart)}</DDDEPAMUT></OrganismePrenant>\n"
        )
    s += "  </IdentificationRSA>\n"
    for p in f.personnes:
        s += _personne(format_, p)
    s += "  <DonneesAdministratives>\n"
    s += f"   <SituationFamille><SITFAM>{f.sitfam}</SITFAM></SituationFamille>\n"
    s += "   <Adresse>\n"
    s += (
        f"    <TroncCommunAdresse><RGADR>01</RGADR><DTEMM>{_d(f.dtemm)}</DTEMM><PAYS>FRA</PAYS></TroncCommunAdresse>\n"
    )
    s += "    <AdresseDetailleeFrance>\n"
    for nom, valeur in (
        ("NUMVOIE", f.numvoie),
        ("LIBTYPEVOIE", f.libtypevoie),
        ("NOMVOIE", f.nomvoie),
        ("NUMCOM", f.numcom),
        ("CODEPOS", f.codepos),
        ("NOMCOM", f.nomcom),
    ):
        if valeur:
            s += _el(nom, valeur, 5)
    s += "    </AdresseDetailleeFrance>\n   </Adresse>\n  </DonneesAdministratives>\n"
    s += "  <PrestationRSA>\n   <SituationDossierRSA>\n"
    s += f"    <EtatDossierRSA><ETATDOSRSA>{f.etat}</ETATDOSRSA></EtatDossierRSA>\n"
    if vrsd and f.date_ouverture:
        s += f"    <DroitOuvert><DTODRSA>{_d(f.date_ouverture)}</DTODRSA></DroitOuvert>\n"
    if f.refus:
        s += f"    <Refus><DTREFURSA>{_d(f.refus[1])}</DTREFURSA><MOTIREFURSA>{f.refus[0]}</MOTIREFURSA></Refus>\n"
    if f.suspension_droit:
        motif, date = f.suspension_droit
        s += f"    <SuspensionDroit><MOTISUSDRORSA>{motif}</MOTISUSDRORSA><DDSUSDRORSA>{_d(date)}</DDSUSDRORSA></SuspensionDroit>\n"
    if f.suspension_versement:
        motif, date = f.suspension_versement
        bloc = "RessourcesTropElevees" if vrsd else "SuspensionVersement"
        s += f"    <{bloc}><MOTISUSVERSRSA>{motif}</MOTISUSVERSRSA><DDSUSVERSRSA>{_d(date)}</DDSUSVERSRSA></{bloc}>\n"
    if f.fin_droit:
        motif, date = f.fin_droit
        bloc = "FinDroitMoisAnterieur" if (f.fin_droit_anterieur and not vrsd) else "FinDroit"
        s += f"    <{bloc}><MOTICLORSA>{motif}</MOTICLORSA><DTCLORSA>{_d(date)}</DTCLORSA></{bloc}>\n"
    s += "   </SituationDossierRSA>\n"
    s += "   <DetailDroitRSA>\n    <TroncCommunDroitRSA>\n"
    s += _el("TOPSANSDOMFIXE", f.sans_domicile, 5)
    if not vrsd:
        s += _el("ORIDEMRSA", "DEM", 5)
        if f.foyer_droits_devoirs is not None:
            s += _el("TOPFOYDRODEVORSA", f.foyer_droits_devoirs, 5)
    s += "    </TroncCommunDroitRSA>\n"
    if vrsd and f.natpf:
        s += "    <DetailCalculDroitRSA>\n"
        for natpf in f.natpf:
            bloc = "RSASocle" if natpf.startswith("RS") else "RSAActivite"
            s += f"     <{bloc}><NATPF>{natpf}</NATPF><SOUSNATPF>{natpf}N1</SOUSNATPF></{bloc}>\n"
        s += "    </DetailCalculDroitRSA>\n"
    for natpf in () if vrsd else f.natpf:
        s += (
            f"    <DetailCalculDroitRSA><NATPF>{natpf}</NATPF><SOUSNATPF>{natpf}N1</SOUSNATPF>"
            "<MTRSAVERS>0000060742</MTRSAVERS></DetailCalculDroitRSA>\n"
        )
    s += "   </DetailDroitRSA>\n  </PrestationRSA>\n </InfosFoyerRSA>\n"
    return s


def entete_xml(format_, *, type_flux, cree_le, date_reference, encodage="windows-1252", departement="093"):
    s = f'<?xml version="1.0" encoding="{encodage}"?>\n<Racine>\n <IdentificationFlux>\n'
    s += _el("APPLIEME", "CRI", 2)
    s += _el("TYPEFLUX", type_flux, 2)
    s += _el("NATFLUX", "D", 2)
    s += _el("DTCREAFLUX", cree_le.date().isoformat(), 2)
    s += _el("HEUCREAFLUX", cree_le.strftime("%H:%M:%S"), 2)
    s += _el("DTREF", date_reference.isoformat(), 2)
    if format_ == VRSD:
        s += _el("TYPEPARTE", "CG ", 2)
        s += _el("IDEPARTE", departement, 2)
    s += " </IdentificationFlux>\n"
    return s


def fin_xml(nombre):
    return f" <TransmissionFlux><NBTOTDOSRSATRANSM>{nombre:08d}</NBTOTDOSRSATRANSM></TransmissionFlux>\n</Racine>\n"


def fichier_xml(
    format_,
    foyers,
    *,
    type_flux="I",
    cree_le=datetime.datetime(2025, 4, 4, 6, 30),
    date_reference=datetime.date(2025, 4, 3),
    encodage="windows-1252",
    departement="093",
    annonce=None,
):
    """A whole file (text); ``annonce`` overrides NBTOTDOSRSATRANSM."""
    corps = "".join(foyer_xml(format_, f) for f in foyers)
    return (
        entete_xml(
            format_,
            type_flux=type_flux,
            cree_le=cree_le,
            date_reference=date_reference,
            encodage=encodage,
            departement=departement,
        )
        + corps
        + fin_xml(len(foyers) if annonce is None else annonce)
    )


# --- A big generated stock --------------------------------------------------------------------------------

_COMMUNES_93 = [
    ("93066", "93200", "SAINT-DENIS"),
    ("93048", "93100", "MONTREUIL"),
    ("93008", "93000", "BOBIGNY"),
]


def _etat_par_defaut(_i):
    return "2"


def _gabarits(vrsd):
    """The fixed pieces of a generated household, per schema (f-strings below fill the rest: fast)."""
    if vrsd:
        dossier, role, calcul = "DossierCafMsa", "FonctionPersonneRSA", "CalculDroitRSAPersonne"
        natpf = "<DetailCalculDroitRSA><RSASocle><NATPF>RSD</NATPF></RSASocle></DetailCalculDroitRSA>"
        versement = "RessourcesTropElevees"
        prestation = "<FonctionPersonneRSA><ROLEPERS>"
    else:
        dossier, role, calcul = "DossierCAF", "Prestations", "MontantCalculDroitRSAPersonne"
        natpf = "<DetailCalculDroitRSA><NATPF>RSD</NATPF></DetailCalculDroitRSA>"
        versement = "SuspensionVersement"
        prestation = "<Prestations><NATPREST>RSA</NATPREST><ROLEPERS>"
    situations = {
        "4": f"<{versement}><MOTISUSVERSRSA>06</MOTISUSVERSRSA><DDSUSVERSRSA>2025-03-01</DDSUSVERSRSA></{versement}>",
        "3": "<SuspensionDroit><MOTISUSDRORSA>GJ</MOTISUSDRORSA><DDSUSDRORSA>2025-03-01</DDSUSDRORSA></SuspensionDroit>",
        "5": "<FinDroit><MOTICLORSA>PCG</MOTICLORSA><DTCLORSA>2025-03-31</DTCLORSA></FinDroit>",
    }
    milieu = (
        f"</Identification><{dossier}><TOPRESPDOS>",  # then 1/0
        f"</TOPRESPDOS></{dossier}>{prestation}",  # then the role
        f"</ROLEPERS><TOPCHAPERS>1</TOPCHAPERS></{role}><{calcul}><TOPPERSDRODEVORSA>",  # then the flag
        f"</TOPPERSDRODEVORSA><TOPPERSENTDRODEVORSA>0</TOPPERSENTDRODEVORSA></{calcul}></Personne>\n",
    )
    return milieu, natpf, situations


def ecrire_stock(
    chemin,
    n,
    *,
    graine,
    format="vrsb0801",  # noqa: A002 (the brief's name)
    type_flux="M",
    cree_le=datetime.datetime(2025, 4, 4, 3, 0),
    date_reference=datetime.date(2025, 3, 31),
    departement="093",
    debut=0,
    etat=_etat_par_defaut,
    communes=_COMMUNES_93,
    encodage="windows-1252",
):
    """Stream a valid flow of ``n`` households (indices ``debut``…``debut + n - 1``) to ``chemin``; return ``n``.

    A household's content depends only on ``graine`` and its index (and on ``etat(i)``), so two files with the
    same ``graine`` describe the same households: a second stock with some ``etat`` changed is a realistic
    « 5 % changed » monthly file. One household in three is a couple (DEM flag 1, CJT flag 0; VRSD: two BEN
    one time in two); one in ten is MSA. Names are ASCII, so any declared encoding reads them.
    """
    vrsd = format == VRSD
    (m1, m2, m3, m4), natpf, situations = _gabarits(vrsd)
    rng = random.Random(graine)
    naissances = [datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 15000)) for _ in range(997)]
    # Per birth date: the ISO date and the NIR's « YYMM »; the NIR's commune and order come from the index.
    dates = [(d.isoformat(), f"{d.year % 100:02d}{d.month:02d}") for d in naissances]
    prefixe = f"{graine % 100:02d}"
    fin_foyer = (
        "</SituationDossierRSA><DetailDroitRSA><TroncCommunDroitRSA><TOPSANSDOMFIXE>0</TOPSANSDOMFIXE>"
        f"</TroncCommunDroitRSA>{natpf}</DetailDroitRSA></PrestationRSA>\n</InfosFoyerRSA>\n"
    )
    with open(chemin, "wb") as sortie:
        sortie.write(
            entete_xml(
                format,
                type_flux=type_flux,
                cree_le=cree_le,
                date_reference=date_reference,
                encodage=encodage,
                departement=departement,
            ).encode("ascii")
        )
        lot = []
        ajouter = lot.append
        for i in range(debut, debut + n):
            dtnai, yymm = dates[i % 997]
            nir = f"{yymm}93{i // 999 % 990 + 1:03d}{i % 999 + 1:03d}"
            couple = i % 3 == 0
            ben = vrsd and i % 6 == 0
            personnes = (
                f"<Personne><Identification><QUAL>MME</QUAL><NOM>NOM{i:08d}</NOM><NOMNAI>NOM{i:08d}</NOMNAI>"
                f"<PRENOM>PRENOM{i % 1000}</PRENOM><DTNAI>{dtnai}</DTNAI><NIR>2{nir}</NIR><SEXE>2</SEXE>"
                f"{m1}1{m2}{'BEN' if ben else 'DEM'}{m3}1{m4}"
            )
            if couple:
                personnes += (
                    f"<Personne><Identification><QUAL>MR</QUAL><NOM>CJT{i:08d}</NOM><NOMNAI>CJT{i:08d}</NOMNAI>"
                    f"<PRENOM>PRENOM{i % 997}</PRENOM><DTNAI>{dtnai}</DTNAI><NIR>1{nir}</NIR><SEXE>1</SEXE>"
                    f"{m1}0{m2}{'BEN' if ben else 'CJT'}{m3}0{m4}"
                )
            etat_i = etat(i)
            numcom, codepos, nomcom = communes[i % len(communes)]
            ajouter(
                f"<InfosFoyerRSA>\n<IdentificationRSA><Organisme><FONORG>{'MSA' if i % 10 == 9 else 'CAF'}</FONORG>"
                f"<NUMORG>931</NUMORG><MATRICULE>{prefixe}{i:08d}00000</MATRICULE></Organisme>"
                f"<Partenaire><TYPEPARTE>CG </TYPEPARTE><IDEPARTE>{departement}</IDEPARTE></Partenaire>"
                f"<DemandeRSA><DTDEMRSA>2025-02-10</DTDEMRSA><NUMDEMRSA>{i:011d}</NUMDEMRSA></DemandeRSA>"
                f"</IdentificationRSA>\n{personnes}"
                f"<DonneesAdministratives><SituationFamille><SITFAM>{'MAR' if couple else 'CEL'}</SITFAM>"
                "</SituationFamille><Adresse><TroncCommunAdresse><RGADR>01</RGADR><DTEMM>2024-11-01</DTEMM>"
                f"</TroncCommunAdresse><AdresseDetailleeFrance><NUMVOIE>{i % 200 + 1}</NUMVOIE>"
                "<LIBTYPEVOIE>RUE</LIBTYPEVOIE><NOMVOIE>DE LA PAIX</NOMVOIE>"
                f"<NUMCOM>{numcom}</NUMCOM><CODEPOS>{codepos}</CODEPOS><NOMCOM>{nomcom}</NOMCOM>"
                "</AdresseDetailleeFrance></Adresse></DonneesAdministratives>\n"
                f"<PrestationRSA><SituationDossierRSA><EtatDossierRSA><ETATDOSRSA>{etat_i}</ETATDOSRSA>"
                f"</EtatDossierRSA>{situations.get(etat_i, '')}{fin_foyer}"
            )
            if len(lot) >= 5000:
                sortie.write("".join(lot).encode("ascii"))
                lot.clear()
        sortie.write("".join(lot).encode("ascii"))
        sortie.write(fin_xml(n).encode("ascii"))
    return n
