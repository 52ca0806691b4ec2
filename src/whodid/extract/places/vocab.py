"""The words the places stage reasons with, kept apart from the logic that uses them.

Plain word lists rather than lexicon files: they are small, they change together
with the code that reads them, and a reviewer sees them next to it. Lists of single
words are written as whitespace-separated text, lists of phrases as comma-separated
text, so that each fits on a screen.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(" ".join(p.split()) for p in text.split(",") if p.strip())


# words that follow a place name and say what kind of place it is
SUFFIXES: dict[str, str] = {
    **dict.fromkeys(
        _words(
            """
            town city village villages township municipality commune suburb neighbourhood
            neighborhood quarter area
            """
        ),
        "city",
    ),
    **dict.fromkeys(_words("district tehsil payam division territory subdistrict"), "district"),
    "county": "county",
    **dict.fromkeys(_words("province state region governorate oblast prefecture department"), "admin1"),
    "camp": "site",
}
PLACE_PREPS = _words(
    """
    in at near of from to outside around inside between and through across towards toward into
    within by via on
    """
)
# prepositions after which a capitalised word is very likely a place
STRONG_PREPS = _words("in at near outside around inside between through across towards toward into")
# capitalised words that are never places here, whatever the gazetteer says
NOT_PLACES = _words(
    """
    police officer officers deputy deputies sheriff sergeant sgt lieutenant captain chief detective
    agent agents trooper army military court government ministry minister president prime governor
    mayor senator judge justice national international united nations union security forces force
    federal state republic democratic people peoples islamic red cross crescent society foundation
    centre center hospital university college school street avenue road highway freeway boulevard
    station airport church mosque hotel monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december christmas
    easter ramadan eid god allah christian muslim jewish catholic orthodox human rights watch
    amnesty reuters associated press afp telegraph post times guardian bbc cnn facebook twitter
    youtube whatsapp telegram instagram google apple internet mr mrs ms dr sir madam lord justice
    liberty freedom victory hope independence unity peace progress north south east west northern
    southern eastern western central target walmart mcdonalds
    """
)
# lemmas of what happens in an incident: their sentences are where the scene is named
ACT_LEMMAS = _words(
    """
    kill shoot arrest detain abduct kidnap beat attack assault torture rape injure wound seize
    disperse expel deport hold ambush die harass threaten raid storm bomb shell explode stab punch
    stop rob loot burn disappear fire clash break protest strike hit capture execute behead murder
    slay massacre taser tase chase pursue crash confront interrogate question summon imprison jail
    sentence charge evict demolish destroy round snatch grab tear manhandle
    """
)
# heads that make a nationality adjective strong country evidence ("Kazakh authorities")
STATE_HEADS = _words(
    """
    authorities authority police army military forces force soldiers soldier troops government
    officials official security regime gendarmerie court courts guard guards agents navy coastguard
    ministry state judiciary prosecutors prosecutor officers militia red cross crescent territory
    border capital parliament congress president
    """
)
# kinds of site in the sentence of the main place ("at a police station"), with their label
SITE_WORDS: dict[str, str] = {
    **{
        w: w
        for w in _phrases(
            """
            hotel, police station, station, airport, refugee camp, camp, hospital, clinic, office,
            compound, guest house, market, checkpoint, prison, jail, school, university, mosque,
            church, courthouse, home, house, residence, apartment, parliament, embassy, base,
            bazaar, restaurant, mall, parking lot, highway, road, street
            """
        )
    },
    "guesthouse": "guest house",
}
# words of a law-enforcement agency: the name before them is its city or county ("Azusa Police")
AGENCY_WORDS = _words(
    """
    police sheriff sheriff's sheriffs pd department deputies deputy officers officer highway patrol
    marshal marshals constabulary
    """
)
# continents and world regions: no scene however they are named
CONTINENTS = _phrases(
    """
    africa, europe, asia, oceania, antarctica, australasia, americas, latin america, south america,
    north america, central america, middle east, near east, far east, caucasus, north caucasus,
    balkans, sahel, maghreb, levant, gulf, persian gulf, horn of africa, west africa, east africa,
    central africa, southern africa, north africa, central asia, south asia, southeast asia,
    east asia, scandinavia, eurasia, sub saharan africa, caribbean, pacific, atlantic, mediterranean
    """
)
# a capitalised name before one of these is a street, not a town ("Florence Avenue")
STREET_WORDS = _words(
    """
    street st avenue ave road rd boulevard blvd freeway highway hwy drive lane way parkway
    expressway bridge square plaza park mall
    """
)
# words before a place that name a part of it ("South Los Angeles", "West Oakland")
DIRECTIONS = _words(
    "north south east west northern southern eastern western central downtown greater upper lower"
)
