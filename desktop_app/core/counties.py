"""California's 58 counties, as DOJ files name them (upper case), and how people write them."""

from __future__ import annotations

import re

CALIFORNIA_COUNTIES: tuple[str, ...] = (
    "ALAMEDA", "ALPINE", "AMADOR", "BUTTE", "CALAVERAS", "COLUSA", "CONTRA COSTA", "DEL NORTE",
    "EL DORADO", "FRESNO", "GLENN", "HUMBOLDT", "IMPERIAL", "INYO", "KERN", "KINGS", "LAKE", "LASSEN",
    "LOS ANGELES", "MADERA", "MARIN", "MARIPOSA", "MENDOCINO", "MERCED", "MODOC", "MONO", "MONTEREY",
    "NAPA", "NEVADA", "ORANGE", "PLACER", "PLUMAS", "RIVERSIDE", "SACRAMENTO", "SAN BENITO",
    "SAN BERNARDINO", "SAN DIEGO", "SAN FRANCISCO", "SAN JOAQUIN", "SAN LUIS OBISPO", "SAN MATEO",
    "SANTA BARBARA", "SANTA CLARA", "SANTA CRUZ", "SHASTA", "SIERRA", "SISKIYOU", "SOLANO", "SONOMA",
    "STANISLAUS", "SUTTER", "TEHAMA", "TRINITY", "TULARE", "TUOLUMNE", "VENTURA", "YOLO", "YUBA",
)
_SHORT = {"LA": "LOS ANGELES", "SF": "SAN FRANCISCO", "SD": "SAN DIEGO", "SB": "SAN BERNARDINO",
          "SLO": "SAN LUIS OBISPO", "OC": "ORANGE"}


def county_name(text: str) -> str:
    """'Sacramento County', ' sacramento co. ', 'LA' -> 'SACRAMENTO', 'LOS ANGELES'. A name that
    is not a California county is kept, in upper case ('' stays '')."""
    name = " ".join(str(text).upper().replace(".", " ").split())
    name = re.sub(r"^COUNTY OF |(?: COUNTY| CO| CNTY)$", "", name).strip()
    return _SHORT.get(name, name)
