"""One demo delegate for every supporting state, and one for a state that does not support the group.

Every login follows one pattern, delegate.<iso2>@plenary.test, so anyone showing the demo can act
for any supporting state (check in, comment, ask for corrections). The people are invented.
"""

# (iso2, full name, Delegate.Title value)
DEMO_DELEGATES = [
    ("US", "Alex Morgan", "alternate_representative"),
    ("BR", "Beatriz Almeida", "alternate_representative"),
    ("CA", "Claire Tremblay", "adviser"),
    ("MX", "Diego Hernández", "alternate_representative"),
    ("AG", "Keisha Joseph", "delegate"),
    ("AR", "Martín Giménez", "alternate_representative"),
    ("BS", "Darren Rolle", "adviser"),
    ("BB", "Natalie Clarke", "alternate_representative"),
    ("BZ", "Andre Young", "delegate"),
    ("CL", "Francisca Soto", "alternate_representative"),
    ("CO", "Camilo Restrepo", "alternate_representative"),
    ("CR", "Valeria Mora", "adviser"),
    ("DM", "Simone Laurent", "delegate"),
    ("DO", "Rafael Peña", "alternate_representative"),
    ("EC", "Gabriela Andrade", "alternate_representative"),
    ("GT", "Luis Ajú", "adviser"),
    ("GY", "Ravi Persaud", "alternate_representative"),
    ("JM", "Tanya Campbell", "alternate_representative"),
    ("PA", "Ricardo Arosemena", "adviser"),
    ("PY", "Lorena Benítez", "alternate_representative"),
    ("PE", "Jorge Quispe", "alternate_representative"),
    ("KN", "Marcus Liburd", "delegate"),
    ("LC", "Janelle Alexander", "alternate_representative"),
    ("SR", "Anjali Ramdin", "adviser"),
    ("TT", "Kevin Mohammed", "alternate_representative"),
    ("UY", "Sofía Pereira", "alternate_representative"),
    # Honduras does not support the group: its delegate shows what a non-supporting state sees.
    ("HN", "Elena Reyes", "alternate_representative"),
]

# Focal points of their missions: they invite colleagues, decide requests and register their delegation.
FOCAL_POINTS = ["CA", "MX", "CL", "CO"]

# Printed after loading; the rest follow the pattern.
SHOWN_LOGINS = ["US", "BR", "CA", "MX", "HN"]


def demo_email(iso2: str) -> str:
    return f"delegate.{iso2.lower()}@plenary.test"
