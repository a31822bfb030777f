"""The 35 member states of the Organization of American States.

Names in English, Spanish, French and Portuguese; ISO 3166 codes; the year each became a
member (the founding states signed the Charter in 1948) and status changes that matter.
"""

import datetime

# (iso2, iso3, english, spanish, french, portuguese, member since)
MEMBER_STATES = [
    (
        "AG",
        "ATG",
        "Antigua and Barbuda",
        "Antigua y Barbuda",
        "Antigua-et-Barbuda",
        "Antígua e Barbuda",
        1981,
    ),
    ("AR", "ARG", "Argentina", "Argentina", "Argentine", "Argentina", 1948),
    ("BS", "BHS", "The Bahamas", "Bahamas", "Bahamas", "Bahamas", 1982),
    ("BB", "BRB", "Barbados", "Barbados", "Barbade", "Barbados", 1967),
    ("BZ", "BLZ", "Belize", "Belice", "Belize", "Belize", 1991),
    ("BO", "BOL", "Bolivia", "Bolivia", "Bolivie", "Bolívia", 1948),
    ("BR", "BRA", "Brazil", "Brasil", "Brésil", "Brasil", 1948),
    ("CA", "CAN", "Canada", "Canadá", "Canada", "Canadá", 1990),
    ("CL", "CHL", "Chile", "Chile", "Chili", "Chile", 1948),
    ("CO", "COL", "Colombia", "Colombia", "Colombie", "Colômbia", 1948),
    ("CR", "CRI", "Costa Rica", "Costa Rica", "Costa Rica", "Costa Rica", 1948),
    ("CU", "CUB", "Cuba", "Cuba", "Cuba", "Cuba", 1948),
    ("DM", "DMA", "Dominica", "Dominica", "Dominique", "Dominica", 1979),
    (
        "DO",
        "DOM",
        "Dominican Republic",
        "República Dominicana",
        "République dominicaine",
        "República Dominicana",
        1948,
    ),
    ("EC", "ECU", "Ecuador", "Ecuador", "Équateur", "Equador", 1948),
    ("SV", "SLV", "El Salvador", "El Salvador", "El Salvador", "El Salvador", 1948),
    ("GD", "GRD", "Grenada", "Granada", "Grenade", "Granada", 1975),
    ("GT", "GTM", "Guatemala", "Guatemala", "Guatemala", "Guatemala", 1948),
    ("GY", "GUY", "Guyana", "Guyana", "Guyana", "Guiana", 1991),
    ("HT", "HTI", "Haiti", "Haití", "Haïti", "Haiti", 1948),
    ("HN", "HND", "Honduras", "Honduras", "Honduras", "Honduras", 1948),
    ("JM", "JAM", "Jamaica", "Jamaica", "Jamaïque", "Jamaica", 1969),
    ("MX", "MEX", "Mexico", "México", "Mexique", "México", 1948),
    ("NI", "NIC", "Nicaragua", "Nicaragua", "Nicaragua", "Nicarágua", 1948),
    ("PA", "PAN", "Panama", "Panamá", "Panama", "Panamá", 1948),
    ("PY", "PRY", "Paraguay", "Paraguay", "Paraguay", "Paraguai", 1948),
    ("PE", "PER", "Peru", "Perú", "Pérou", "Peru", 1948),
    (
        "KN",
        "KNA",
        "Saint Kitts and Nevis",
        "Saint Kitts y Nevis",
        "Saint-Kitts-et-Nevis",
        "São Cristóvão e Névis",
        1984,
    ),
    ("LC", "LCA", "Saint Lucia", "Santa Lucía", "Sainte-Lucie", "Santa Lúcia", 1979),
    (
        "VC",
        "VCT",
        "Saint Vincent and the Grenadines",
        "San Vicente y las Granadinas",
        "Saint-Vincent-et-les-Grenadines",
        "São Vicente e Granadinas",
        1981,
    ),
    ("SR", "SUR", "Suriname", "Suriname", "Suriname", "Suriname", 1977),
    ("TT", "TTO", "Trinidad and Tobago", "Trinidad y Tobago", "Trinité-et-Tobago", "Trinidad e Tobago", 1967),
    ("US", "USA", "United States", "Estados Unidos", "États-Unis", "Estados Unidos", 1948),
    ("UY", "URY", "Uruguay", "Uruguay", "Uruguay", "Uruguai", 1948),
    ("VE", "VEN", "Venezuela", "Venezuela", "Venezuela", "Venezuela", 1948),
]

# iso2 -> (status, effective date, note)
STATUS_CHANGES = {
    "NI": (
        "withdrawn",
        datetime.date(2023, 11, 19),
        "Nicaragua denounced the OAS Charter in November 2021; the withdrawal took effect two years later.",
    ),
    "VE": (
        "withdrawn",
        datetime.date(2019, 4, 27),
        "Venezuela's denunciation of the Charter took effect in April 2019; its representation was later disputed.",
    ),
    "CU": (
        "not_participating",
        datetime.date(2009, 6, 3),
        "The 1962 exclusion of Cuba's government was lifted in 2009; Cuba has not resumed participation.",
    ),
}

# The seed says 26 member states supported the group; it does not list them. This
# demo picks 26 active states so the figures match; the selection is illustrative.
SUPPORTING_STATES = [
    "AG", "AR", "BS", "BB", "BZ", "BR", "CA", "CL", "CO", "CR", "DM", "DO", "EC",
    "GT", "GY", "JM", "MX", "PA", "PY", "PE", "KN", "LC", "SR", "TT", "US", "UY",
]  # fmt: skip

# The first meeting had representatives of 15 countries present (illustrative choice).
FIRST_MEETING_PRESENT = [
    "AR",
    "BR",
    "CA",
    "CL",
    "CO",
    "CR",
    "DO",
    "EC",
    "GT",
    "JM",
    "MX",
    "PA",
    "PE",
    "US",
    "UY",
]

SECRETARIAT_UNITS = [
    (
        "SSD",
        {
            "en": "Secretariat for Strengthening Democracy",
            "es": "Secretaría para el Fortalecimiento de la Democracia",
            "fr": "Secrétariat au renforcement de la démocratie",
            "pt": "Secretaria para o Fortalecimento da Democracia",
        },
    ),
    (
        "SHA",
        {
            "en": "Secretariat for Hemispheric Affairs",
            "es": "Secretaría de Asuntos Hemisféricos",
            "fr": "Secrétariat aux affaires hémisphériques",
            "pt": "Secretaria de Assuntos Hemisféricos",
        },
    ),
    (
        "SARE",
        {
            "en": "Secretariat for Access to Rights and Equity",
            "es": "Secretaría de Acceso a Derechos y Equidad",
            "fr": "Secrétariat à l'accès aux droits et à l'équité",
            "pt": "Secretaria de Acesso a Direitos e Equidade",
        },
    ),
    (
        "SEDI",
        {
            "en": "Secretariat for Integral Development",
            "es": "Secretaría Ejecutiva para el Desarrollo Integral",
            "fr": "Secrétariat exécutif au développement intégré",
            "pt": "Secretaria Executiva de Desenvolvimento Integral",
        },
    ),
]

# The second meeting (11 December 2023), hybrid: who came in person, who online, who sent apologies
# (illustrative choice, like the first meeting's list).
SECOND_MEETING_IN_PERSON = [
    "AR", "BR", "CA", "CL", "CO", "CR", "DO", "EC", "GT", "MX", "PA", "PE", "US", "UY",
]  # fmt: skip
SECOND_MEETING_ONLINE = ["BS", "BB", "JM", "TT"]
SECOND_MEETING_EXCUSED = ["PY"]
