"""The vocabulary of the synthetic DOJ research files (desktop_app.core.generate): charges,
names, physical descriptions and counties, with the weights they are drawn with. All invented
or public (California's counties); no record of any real person."""

from __future__ import annotations

import bisect
import itertools
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")


class Table(Generic[T]):
    """A weighted choice: ``pick(u)`` maps one uniform draw ``u`` in [0, 1) to an item."""

    def __init__(self, weighted: Sequence[tuple[float, T]]) -> None:
        self.items = [item for _, item in weighted]
        self.cum = list(itertools.accumulate(w for w, _ in weighted))

    def pick(self, u: float) -> T:
        i = bisect.bisect_right(self.cum, u * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


# (weight, OFFENSE_DESCR, OFFENSE_TOC letters drawn uniformly). Weights are relative per table.
PROP64 = Table([
    (14, ("11357(C)HS-POSSESS MARIJUANA", "M")), (10, ("11357 HS-POSSESS MARIJUANA", "MMF")),
    (6, ("11357(A) HS-POSSESS CONCENTRATED CANNABIS", "FM")),
    (6, ("11357(B)HS-POSSESS 28.5 GRAMS OR LESS MARIJUANA", "MI")),
    (2, ("11357(D) HS-POSSESS MARIJUANA ON SCHOOL GROUNDS", "M")),
    (12, ("11358 HS-CULTIVATE MARIJUANA", "FFM")), (16, ("11359 HS-POSSESS MARIJ FOR SALE", "FFFM")),
    (14, ("11360(A) HS-TRANSPORT/SELL MARIJUANA", "FFM")),
    (3, ("11360(B) HS-GIVE AWAY/TRANSPORT MARIJUANA", "MI")), (3, ("664/11359 HS-ATTEMPT", "F")),
    (2, ("11360A HS-SELL MARIJUANA", "F")),
    (1, ("11359/11360 HS-POSSESS FOR SALE/TRANSPORT MARIJUANA", "F")),
])
# Charges that travel with cannabis cases (the "related charges" of the comparison scenario).
RELATED = [
    (6, ("11364 HS-POSSESS DRUG PARAPHERNALIA", "M")),
    (5, ("647(F) PC-DISORDERLY CONDUCT:INTOX DRUG/ALCOHOL", "M")),
    (4, ("148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER", "M")), (3, ("602 PC-TRESPASSING", "M")),
    (3, ("4060 BP-POSSESS CONTROLLED SUBSTANCE W/O PRESCR", "M")),
    (2, ("40508(A) VC-FAIL TO APPEAR:WRITTEN PROMISE", "M")),
    (2, ("11550(A) HS-UNDER INFLUENCE CONTROLLED SUBSTANCE", "M")),
    (2, ("1320(A) PC-FAIL TO APPEAR", "M")), (1, ("148.9(A) PC-FALSE ID TO PEACE OFFICER", "M")),
    (1, ("466 PC-POSSESS BURGLARY TOOLS", "M")), (1, ("4149 BP-UNLAWFUL SALE HYPODERMIC NEEDLE", "M")),
]
GENERAL = Table(RELATED + [
    (10, ("459 PC-BURGLARY", "FFM")), (12, ("23152(A) VC-DUI ALCOHOL", "M")),
    (8, ("11350(A) HS-POSSESS NARCOTIC", "FM")), (3, ("11357.5 HS-SYNTH CANNABINOID", "MI")),
    (8, ("496 PC-RECEIVE STOLEN PROPERTY", "FM")), (10, ("484 PC-PETTY THEFT", "M")),
    (8, ("242 PC-BATTERY", "M")), (5, ("273.5(A) PC-INFLICT CORP INJ SPOUSE/COHAB", "FM")),
    (8, ("11377(A) HS-POSSESS CONTROLLED SUBSTANCE", "FM")),
    (5, ("10851(A) VC-TAKE VEHICLE W/O OWNER CONSENT", "FM")), (4, ("211 PC-ROBBERY", "F")),
    (6, ("12500(A) VC-DRIVE WITHOUT LICENSE", "MI")), (4, ("14601.1(A) VC-DRIVE W/LIC SUSPENDED", "M")),
    (3, ("470(A) PC-FORGERY", "F")), (2, ("29800(A)(1) PC-FELON/ADDICT POSSESS FIREARM", "F")),
    # Superstrike and PC 290 offences: rare, so that the flags are exercised but not everywhere.
    (0.2, ("187 PC-MURDER", "F")), (0.3, ("245(D)(3) PC-ASSAULT", "F")),
    (0.3, ("220 PC-ASSAULT W/INT", "F")), (0.25, ("261(A)(2) PC-RAPE", "F")),
    (0.3, ("288(A) PC-LEWD ACT", "F")), (0.5, ("314(1) PC-INDECENT EXPOSURE", "M")),
])
RELATED_TABLE = Table(RELATED)
REGISTRATION = "290 PC-REGISTRATION OF SEX OFFENDER"
# Comments naming another Prop 64 section: (section digits, text); some hold commas, one a quote.
P64_COMMENTS = [
    ("11357", "ORIG CHRG 11357(C) HS, AMENDED"), ("11358", "ORIG CHRG 11358 HS"),
    ("11359", "11359 HS, PLEA TO LESSER"), ("11360", "CHRG WAS 11360(A) HS"),
]
COMMENTS = Table([
    (5, "PROB MODIFIED"), (4, "DOCKET NO CORRECTED"), (3, "FINE $250, PENALTY ASSESSMENT"),
    (2, "CONCURRENT W/ OTHER CASE"), (1, 'SEE "PRIOR" CASE NUMBER'),
])

LAST = ("SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ "
         "GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS "
         "SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL "
         "FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS "
         "EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES MURPHY COOK ROGERS "
         "GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD RICHARDSON "
         "WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVARADO CASTILLO "
         "SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ O'BRIEN VAN-DYKE TRAN CHEN WONG SINGH").split()
LAST = LAST + ["DE LA CRUZ", "ST JOHN"]
FIRST_M = ("JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL "
            "MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY "
            "RONALD JOSE LUIS CARLOS JUAN JORGE MIGUEL ERIC JASON JEFFREY RYAN GARY NICHOLAS").split()
FIRST_F = ("MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY "
            "MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA MELISSA DEBORAH MARIA "
            "ROSA ANA GUADALUPE VERONICA CYNTHIA ANGELA BRENDA AMY ANNA JANE").split()
RACES = Table([(35, ("W", "WHITE")), (38, ("H", "HISPANIC")), (15, ("B", "BLACK")), (6, ("A", "ASIAN")),
                 (2, ("F", "FILIPINO")), (1, ("I", "AMERICAN INDIAN")), (3, ("O", "OTHER"))])
EYES = (("BRO", "BROWN"), ("BLU", "BLUE"), ("HAZ", "HAZEL"), ("GRN", "GREEN"), ("BLK", "BLACK"))
HAIR = (("BLK", "BLACK"), ("BRO", "BROWN"), ("BLN", "BLOND"), ("RED", "RED"), ("GRY", "GRAY"))

# The 58 counties, alphabetical (their DOJ county codes 01-58), with rough population weights.
COUNTY_WEIGHTS = (
    "ALAMEDA 16,ALPINE .1,AMADOR .4,BUTTE 2,CALAVERAS .5,COLUSA .2,CONTRA COSTA 11,DEL NORTE .3,"
    "EL DORADO 2,FRESNO 10,GLENN .3,HUMBOLDT 1.4,IMPERIAL 1.8,INYO .2,KERN 9,KINGS 1.5,LAKE .6,"
    "LASSEN .3,LOS ANGELES 100,MADERA 1.6,MARIN 2.6,MARIPOSA .2,MENDOCINO .9,MERCED 2.8,MODOC .1,"
    "MONO .1,MONTEREY 4.3,NAPA 1.4,NEVADA 1,ORANGE 31,PLACER 4,PLUMAS .2,RIVERSIDE 24,SACRAMENTO 15,"
    "SAN BENITO .6,SAN BERNARDINO 21,SAN DIEGO 33,SAN FRANCISCO 8.7,SAN JOAQUIN 7.6,"
    "SAN LUIS OBISPO 2.8,SAN MATEO 7.6,SANTA BARBARA 4.4,SANTA CLARA 19,SANTA CRUZ 2.7,SHASTA 1.8,"
    "SIERRA .1,SISKIYOU .4,SOLANO 4.4,SONOMA 4.9,STANISLAUS 5.5,SUTTER 1,TEHAMA .6,TRINITY .1,"
    "TULARE 4.7,TUOLUMNE .5,VENTURA 8.4,YOLO 2.2,YUBA .8"
)
COUNTIES = [(c.rsplit(" ", 1)[0], float(c.rsplit(" ", 1)[1])) for c in COUNTY_WEIGHTS.split(",")]
COUNTY_CODES = {name: f"{i:02d}" for i, (name, _) in enumerate(COUNTIES, start=1)}
