#!/usr/bin/env python3
"""bench/gen_corpus.py: synthetic Dutch HR knowledge bases for the benchmarks.

    python3 bench/gen_corpus.py --articles 10000 --out DIR --flavor leidraad
    python3 bench/gen_corpus.py --articles 10000 --out DIR --flavor hugo

Flavours:
  leidraad  site.yaml and articles/<folder>/<file>.md, a site that
            `leidraad build` accepts without a single error;
  hugo      a whole Hugo site (hugo.toml, content/, the layouts of
            bench/hugo/layouts/) that makes the pages leidraad makes for the
            same articles.

Both flavours hold the same articles (titles, dates, terms, headings, bodies):
only the front matter keys and the form of links between articles differ.
Every random choice comes from a PRNG seeded with --seed, the part of the
corpus it is for and the article's number, so the same arguments write the
same bytes on every machine and every run, and article k reads the same
whatever --articles is, but for its links (picked among all articles, they
show their targets' titles).

Options: --seed S (default 42), --force (replace a corpus this script wrote
earlier in --out: a folder holding its marker file .gen_corpus.json),
--stats FILE (also write the corpus figures as JSON; they are always printed
on stdout as one JSON line), --hugo-layouts DIR (default: hugo/layouts beside
this file). Python 3 standard library only.
"""

import argparse
import json
import os
import posixpath
import random
import re
import shutil
import sys
import unicodedata
from collections import namedtuple
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))

# ============================================================== word material
# Everything below was written for this generator. Lines are split on "|".

Noun = namedtuple("Noun", "gender sg pl agent")

# gender | singular | plural ("-": a mass noun) | "a" for nouns that act
# (people, teams, bodies), which are preferred as subjects.
_NOUNS = """
de|medewerker|medewerkers|a
de|leidinggevende|leidinggevenden|a
de|HR-adviseur|HR-adviseurs|a
de|HR-businesspartner|HR-businesspartners|a
het|team|teams|a
de|teamleider|teamleiders|a
de|collega|collega's|a
de|nieuwkomer|nieuwkomers|a
de|stagiair|stagiairs|a
de|coach|coaches|a
de|buddy|buddy's|a
de|directie|-|a
de|ondernemingsraad|-|a
de|vertrouwenspersoon|vertrouwenspersonen|a
de|bedrijfsarts|bedrijfsartsen|a
de|casemanager|casemanagers|a
de|recruiter|recruiters|a
de|afdeling|afdelingen|a
de|organisatie|organisaties|a
het|afdelingshoofd|afdelingshoofden|a
het|vertrouwen|-|
de|feedback|-|
de|feedbackvraag|feedbackvragen|
het|gesprek|gesprekken|
het|voortgangsgesprek|voortgangsgesprekken|
het|exitgesprek|exitgesprekken|
het|sollicitatiegesprek|sollicitatiegesprekken|
het|ontwikkelgesprek|ontwikkelgesprekken|
het|jaargesprek|jaargesprekken|
de|intervisie|-|
de|teamsessie|teamsessies|
de|retrospective|retrospectives|
het|inwerkprogramma|inwerkprogramma's|
de|proeftijd|-|
de|introductieweek|introductieweken|
het|welkomstpakket|welkomstpakketten|
de|werkplek|werkplekken|
de|thuiswerkdag|thuiswerkdagen|
de|kantoordag|kantoordagen|
het|rooster|roosters|
de|bereikbaarheid|-|
de|vergadering|vergaderingen|
de|agenda|agenda's|
de|werkdruk|-|
het|werkplezier|-|
de|energie|-|
de|veerkracht|-|
de|vitaliteit|-|
het|verzuim|-|
de|re-integratie|-|
de|ziekmelding|ziekmeldingen|
de|mantelzorg|-|
de|balans|-|
de|grens|grenzen|
de|rust|-|
de|psychologische veiligheid|-|
de|openheid|-|
de|kwetsbaarheid|-|
de|moed|-|
de|fout|fouten|
de|vergissing|vergissingen|
de|twijfel|twijfels|
het|idee|ideeën|
de|vraag|vragen|
de|zorg|zorgen|
het|signaal|signalen|
de|spanning|spanningen|
het|conflict|conflicten|
de|klacht|klachten|
het|dilemma|dilemma's|
de|afweging|afwegingen|
het|besluit|besluiten|
de|keuze|keuzes|
de|afspraak|afspraken|
de|verwachting|verwachtingen|
het|resultaat|resultaten|
het|doel|doelen|
de|prioriteit|prioriteiten|
de|verantwoordelijkheid|verantwoordelijkheden|
het|eigenaarschap|-|
de|autonomie|-|
het|mandaat|mandaten|
de|regelruimte|-|
de|controle|-|
het|toezicht|-|
de|registratie|registraties|
de|richtlijn|richtlijnen|
het|protocol|protocollen|
het|beleid|-|
de|regeling|regelingen|
de|cao|cao's|
het|functieprofiel|functieprofielen|
de|loopbaan|loopbanen|
de|ontwikkeling|ontwikkelingen|
het|talent|talenten|
de|kwaliteit|kwaliteiten|
de|vaardigheid|vaardigheden|
de|competentie|competenties|
de|opleiding|opleidingen|
de|training|trainingen|
het|leerdoel|leerdoelen|
het|ontwikkelplan|ontwikkelplannen|
het|opleidingsbudget|opleidingsbudgetten|
de|stap|stappen|
de|groei|-|
de|ambitie|ambities|
de|drijfveer|drijfveren|
de|motivatie|-|
de|betrokkenheid|-|
de|waardering|-|
de|erkenning|-|
het|compliment|complimenten|
de|bijdrage|bijdragen|
de|samenwerking|-|
de|driehoek|-|
het|partnerschap|-|
de|rol|rollen|
de|cultuur|culturen|
de|waarde|waarden|
de|norm|normen|
de|gewoonte|gewoonten|
het|ritueel|rituelen|
de|dialoog|dialogen|
de|verbinding|verbindingen|
de|empathie|-|
de|aandacht|-|
de|diversiteit|-|
de|inclusie|-|
het|perspectief|perspectieven|
het|vooroordeel|vooroordelen|
de|verandering|veranderingen|
de|reorganisatie|reorganisaties|
de|onzekerheid|onzekerheden|
de|transparantie|-|
de|informatie|-|
het|medewerkersonderzoek|medewerkersonderzoeken|
de|meting|metingen|
het|cijfer|cijfers|
het|verloop|-|
de|krapte|-|
de|arbeidsmarkt|-|
de|werving|-|
de|vacature|vacatures|
het|dashboard|dashboards|
de|knikkerpot|-|
de|kennisbank|-|
het|voorbeeld|voorbeelden|
de|ervaring|ervaringen|
het|inzicht|inzichten|
de|reflectie|reflecties|
de|valkuil|valkuilen|
de|kracht|krachten|
de|situatie|situaties|
de|context|-|
de|praktijk|-|
het|kader|kaders|
de|ruimte|-|
de|tijd|-|
het|tempo|-|
het|moment|momenten|
de|week|weken|
het|kwartaal|kwartalen|
het|jaarplan|jaarplannen|
"""

# First parts of compounds, with the linking -s where Dutch writes one, and
# the heads they join ("verzuimgesprek", "leiderschapstraject").
_COMPOUND_FIRST = """
team|feedback|verzuim|loopbaan|talent|leiderschaps|ontwikkel|vertrouwens|
inwerk|onboarding|thuiswerk|werkdruk|vitaliteits|welzijns|coaching|gespreks|
beoordelings|personeels|opleidings|verlof|mantelzorg|exit|diversiteits|
inclusie|conflict|reflectie|prestatie|resultaat|functie|organisatie|afdelings|
kennis|communicatie|samenwerkings|waarderings|jaar|kwartaal|mentor|leer|
veranderings|veiligheids|HR-|werkgevers|re-integratie|ziekte|keuze|groei
"""
_COMPOUND_HEAD = """
het|gesprek|gesprekken
het|plan|plannen
het|beleid|-
de|cultuur|culturen
het|traject|trajecten
de|vraag|vragen
de|aanpak|-
het|moment|momenten
de|afspraak|afspraken
het|doel|doelen
het|overleg|-
het|kader|kaders
de|training|trainingen
de|sessie|sessies
het|signaal|signalen
de|checklist|checklists
de|rol|rollen
de|cyclus|cycli
het|budget|budgetten
de|vaardigheid|vaardigheden
de|regeling|regelingen
het|verslag|verslagen
het|profiel|profielen
de|meting|metingen
het|risico|risico's
de|workshop|workshops
de|agenda|agenda's
het|ritme|ritmes
het|thema|thema's
het|instrument|instrumenten
het|dossier|dossiers
het|platform|platforms
de|week|weken
"""

# base form | inflected form
_ADJECTIVES = """
veilig|veilige
open|open
eerlijk|eerlijke
helder|heldere
concreet|concrete
kwetsbaar|kwetsbare
betrokken|betrokken
gezamenlijk|gezamenlijke
wederzijds|wederzijdse
persoonlijk|persoonlijke
menselijk|menselijke
hybride|hybride
flexibel|flexibele
duurzaam|duurzame
vitaal|vitale
gezond|gezonde
rustig|rustige
kort|korte
lang|lange
vast|vaste
nieuw|nieuwe
ervaren|ervaren
jong|jonge
klein|kleine
groot|grote
lastig|lastige
moeilijk|moeilijke
spannend|spannende
oprecht|oprechte
respectvol|respectvolle
zorgvuldig|zorgvuldige
praktisch|praktische
strategisch|strategische
realistisch|realistische
ambitieus|ambitieuze
creatief|creatieve
nieuwsgierig|nieuwsgierige
zelfstandig|zelfstandige
inclusief|inclusieve
divers|diverse
transparant|transparante
consequent|consequente
tijdig|tijdige
wekelijks|wekelijkse
jaarlijks|jaarlijkse
dagelijks|dagelijkse
informeel|informele
formeel|formele
constructief|constructieve
positief|positieve
kritisch|kritische
onzeker|onzekere
gevoelig|gevoelige
waardevol|waardevolle
efficiënt|efficiënte
geïnspireerd|geïnspireerde
coöperatief|coöperatieve
onverwacht|onverwachte
gedeeld|gedeelde
stevig|stevige
scherp|scherpe
warm|warme
stil|stille
zichtbaar|zichtbare
"""

# infinitive (also the plural) | third person singular | imperative (also
# the form after an inverted "je"). Transitive and not separable, so they fit
# every sentence frame below.
_VERBS = """
bespreken|bespreekt|bespreek
verkennen|verkent|verken
versterken|versterkt|versterk
ondersteunen|ondersteunt|ondersteun
erkennen|erkent|erken
benoemen|benoemt|benoem
bewaken|bewaakt|bewaak
delen|deelt|deel
geven|geeft|geef
vragen|vraagt|vraag
zoeken|zoekt|zoek
vinden|vindt|vind
maken|maakt|maak
bouwen|bouwt|bouw
houden|houdt|houd
kiezen|kiest|kies
leren|leert|leer
plannen|plant|plan
toetsen|toetst|toets
waarderen|waardeert|waardeer
verduidelijken|verduidelijkt|verduidelijk
begeleiden|begeleidt|begeleid
coachen|coacht|coach
stimuleren|stimuleert|stimuleer
faciliteren|faciliteert|faciliteer
organiseren|organiseert|organiseer
evalueren|evalueert|evalueer
verbeteren|verbetert|verbeter
vergroten|vergroot|vergroot
verkleinen|verkleint|verklein
beschermen|beschermt|bescherm
herkennen|herkent|herken
onderzoeken|onderzoekt|onderzoek
formuleren|formuleert|formuleer
respecteren|respecteert|respecteer
creëren|creëert|creëer
beïnvloeden|beïnvloedt|beïnvloed
verbinden|verbindt|verbind
volgen|volgt|volg
steunen|steunt|steun
bevorderen|bevordert|bevorder
vieren|viert|vier
vertalen|vertaalt|vertaal
verdelen|verdeelt|verdeel
bewaren|bewaart|bewaar
benutten|benut|benut
begrijpen|begrijpt|begrijp
verwelkomen|verwelkomt|verwelkom
herstellen|herstelt|herstel
voorkomen|voorkomt|voorkom
verankeren|verankert|veranker
agenderen|agendeert|agendeer
verhelderen|verheldert|verhelder
ontwerpen|ontwerpt|ontwerp
"""

# What a singular subject can do on its own (in a clause that ends in it).
INTRANSITIVE = ["stijgt", "schuurt", "wringt", "ontbreekt", "verandert", "stokt",
                "vastloopt", "toeneemt", "wegvalt", "onder druk staat", "uitblijft",
                "verslapt"]

ADVERBS = ["bewust", "samen", "open", "eerlijk", "stap voor stap", "elke week",
           "op tijd", "zonder oordeel", "met aandacht", "in alle rust", "vooraf",
           "achteraf", "meteen", "geregeld", "zichtbaar", "expliciet",
           "in kleine stappen", "van tevoren", "telkens", "vaker", "liever",
           "gewoon", "concreet", "actief", "doelgericht", "voorzichtig",
           "consequent", "elke maand", "steeds beter"]

OPENERS = ["Daarom", "Daarna", "Vaak", "Soms", "Meestal", "In een hybride team",
           "Na een reorganisatie", "Tijdens de proeftijd", "In het jaargesprek",
           "Bij een ziekmelding", "In de eerste week", "Op maandagochtend",
           "Na een fout", "Zonder vertrouwen", "Met een duidelijk mandaat",
           "In de driehoek", "Juist in drukke weken", "Bij twijfel",
           "Achteraf gezien", "In kleine organisaties", "Op afstand",
           "Aan het eind van het kwartaal", "Ook dan", "Gelukkig"]

PREPOSITIONS = ["met", "voor", "bij", "tijdens", "in", "na", "rond", "over",
                "zonder", "binnen", "naast", "vanuit", "via", "samen met"]

SUBORDINATORS_FIRST = ["Als", "Wanneer", "Zodra", "Omdat"]
SUBORDINATORS_AFTER = ["omdat", "zodat", "terwijl", "als", "wanneer", "zodra"]
QUESTION_WORDS = ["Hoe", "Waarom", "Wanneer", "Waar", "Met wie", "Vanaf wanneer"]
ADVICE_OPENINGS = ["Het helpt om", "Het loont om", "Het is verstandig om",
                   "Het werkt beter om", "Het kost tijd om",
                   "Het is de moeite waard om", "Probeer", "Neem de tijd om"]
SAYING = ["zegt", "vertelt", "benadrukt", "vindt"]
SPEAKER_ROLES = ["teamleider", "HR-adviseur", "medewerker", "afdelingshoofd",
                 "casemanager", "coach", "recruiter", "manager"]

# Sentences written out in full, dropped into paragraphs now and then.
CORE_SENTENCES = [
    "Vertrouwen groeit in kleine, gewone momenten en kan in één middag verdwijnen.",
    "Een goed gesprek begint met een open vraag en eindigt met een afspraak die iedereen kan navertellen.",
    "Psychologische veiligheid betekent niet dat alles goed gaat, maar dat je kunt zeggen wat er niet goed gaat.",
    "Wie alleen uren telt, ziet niet wat iemand werkelijk bijdraagt.",
    "Feedback werkt het best als die over gedrag gaat en niet over de persoon.",
    "De medewerker kent zijn eigen situatie, de leidinggevende overziet het werk en HR brengt kennis en rust.",
    "Een nieuwe collega onthoudt de eerste week vaak langer dan het eerste jaar.",
    "Hybride werken vraagt om afspraken over bereikbaarheid, niet om meer controle.",
    "Een fout die op tijd wordt gemeld, is een kans om samen beter te worden.",
    "Coaching is geen les, maar een gesprek waarin de ander zelf het antwoord vindt.",
    "Wie om feedback vraagt, laat zien dat leren belangrijker is dan gelijk hebben.",
    "Een ontwikkelplan dat in een la verdwijnt, helpt niemand verder.",
    "HR is geen loket, maar een partner die meedenkt voordat een probleem groot wordt.",
    "Stilte in een overleg betekent zelden dat iedereen het ermee eens is.",
    "Kleine complimenten kosten weinig en maken vaak meer verschil dan een bonus.",
    "Een leidinggevende hoeft niet alles te weten, maar moet wel weten wie hij kan bellen.",
    "Duidelijke kaders geven ruimte: wie weet waar de grenzen liggen, durft daarbinnen te bewegen.",
    "Verzuim begint zelden op de dag van de ziekmelding.",
    "Een exitgesprek vertelt vaak meer over de organisatie dan over de collega die vertrekt.",
    "Talent ontwikkel je door mensen werk te geven dat net iets te groot voor ze is.",
    "De beste onboarding begint al voor de eerste werkdag.",
    "Een team dat samen fouten bespreekt, maakt ze minder vaak opnieuw.",
    "Wie belooft terug te bellen, moet dat ook doen.",
    "Goed luisteren is meer dan wachten tot je zelf weer mag praten.",
    "Regels zijn nodig, maar ze vervangen geen gesprek.",
    "Een verzoek om flexibel te werken gaat soms over iets heel anders dan werk.",
    "Erkenning hoeft niet groot te zijn, als ze maar gemeend is.",
    "Diversiteit is een feit; inclusie is een keuze die je elke dag opnieuw maakt.",
    "Een medewerkersonderzoek is pas waardevol als er zichtbaar iets met de uitkomsten gebeurt.",
    "Wie nooit twijfelt, luistert waarschijnlijk niet goed genoeg.",
    "Een mandaat zonder vertrouwen is een opdracht in vermomming.",
    "Eigenaarschap kun je niet opleggen, wel uitnodigen.",
    "In een goed jaargesprek praat de medewerker meer dan de leidinggevende.",
    "Werkdruk is niet alleen een kwestie van uren, maar ook van regie.",
    "Wie een conflict te lang laat liggen, krijgt er later twee terug.",
    "Een buddy maakt de drempel om vragen te stellen een stuk lager.",
    "Transparant beleid is beleid dat een medewerker zonder uitleg kan volgen.",
    "Een driehoeksgesprek werkt alleen als alle drie de partijen vooraf weten waarover het gaat.",
    "Reflectie hoeft geen uren te kosten: vijf minuten na een lastig gesprek is vaak genoeg.",
    "Een leidinggevende die zijn eigen fouten benoemt, maakt het voor anderen makkelijker.",
    "Vergaderen op afstand vraagt om meer structuur dan vergaderen aan dezelfde tafel.",
    "Niet elke vraag hoeft meteen beantwoord te worden; soms is doorvragen het beste antwoord.",
    "Wie onboarding als afvinklijst ziet, mist het belangrijkste: het gevoel welkom te zijn.",
    "Een goed functieprofiel beschrijft resultaten, geen aanwezigheid.",
    "Mensen veranderen niet door een presentatie, maar door wat ze samen meemaken.",
    "Een vaste plek in de agenda voor een kort gesprek voorkomt veel lange gesprekken.",
    "Respect zie je vooral in hoe iemand praat over collega's die er niet bij zijn.",
    "HR verbindt de medewerker met de juiste hulp, van bedrijfsarts tot vertrouwenspersoon.",
    "Een goede vraag opent meer deuren dan een goed advies.",
    "Leiderschap begint bij het eigen gedrag, niet bij dat van het team.",
    "Afspraken over thuiswerken werken het best als het team ze zelf heeft gemaakt.",
    "Een beoordeling mag nooit de eerste keer zijn dat iemand kritiek hoort.",
    "Veerkracht groeit niet door harder te werken, maar door op tijd te herstellen.",
    "Wie de vraag achter de vraag hoort, kan echt helpen.",
    "In de driehoek is niemand de baas over de oplossing; die zoek je samen.",
]

# Sentences that carry a link: {t} is the link text, {u} its target.
LINK_SENTENCES = [
    "Zie ook [{t}]({u}).",
    "Meer daarover lees je in [{t}]({u}).",
    "Hoe dat in de praktijk gaat, beschrijft [{t}]({u}).",
    "Het artikel [{t}]({u}) werkt dit verder uit.",
    "Vergelijk dit met [{t}]({u}).",
    "Wie hier verder mee wil, vindt houvast in [{t}]({u}).",
    "Een voorbeeld staat in [{t}]({u}).",
]
LINK_SENTENCES_TOPIC = [
    "Lees meer over [{t}]({u}).",
    "Dit hangt samen met [{t}]({u}).",
    "Denk daarbij ook aan [{t}]({u}).",
]

TABLE_HEADS = [
    ("Moment", "Vraag", "Wie"),
    ("Signaal", "Wat je kunt doen", "Rol"),
    ("Valkuil", "Beter", "Voor"),
    ("Onderwerp", "Afspraak", "Eigenaar"),
    ("Fase", "Aandachtspunt", "Betrokken"),
]
TABLE_OWNERS = ["medewerker", "leidinggevende", "HR", "het team",
                "medewerker en leidinggevende", "leidinggevende en HR",
                "iedereen", "de driehoek"]

NUMBERS = ["Drie", "Vier", "Vijf", "Zes", "Zeven", "Tien"]
TITLE_SETTINGS = ["in een hybride team", "tijdens de proeftijd", "na een reorganisatie",
                  "bij langdurig verzuim", "in de eerste honderd dagen",
                  "als je net begint", "op afstand", "in een krappe arbeidsmarkt",
                  "zonder blauwdruk", "in de zorg", "in het onderwijs",
                  "in een groeiende organisatie"]
TITLE_TAILS = ["een praktijkverhaal", "wat werkt", "een stappenplan",
               "vragen en antwoorden", "een checklist", "zo pak je het aan",
               "de basis", "vijf misverstanden", "een gesprekskaart"]
ROLE_NOUNS = ["leidinggevende", "medewerker", "HR-adviseur", "teamleider", "buddy",
              "collega", "ondernemingsraad"]
HATS = ["coach", "gastheer", "bruggenbouwer", "sparringpartner", "regisseur",
        "eerste aanspreekpunt", "verbinder", "rolmodel", "luisteraar", "gids"]

HEADING_FIXED = ["Waar het vaak misgaat", "Signalen om op te letten", "Tot slot",
                 "Een voorbeeld uit de praktijk", "Veelgestelde vragen",
                 "Wat je morgen kunt doen", "Vragen om mee te beginnen",
                 "De rol van HR", "Wat de medewerker kan doen",
                 "Wat de leidinggevende kan doen", "Samen in de driehoek",
                 "Waarom dit ertoe doet", "Hoe je het volhoudt"]

FIRST_NAMES = ["Anna", "Bas", "Chantal", "Dirk", "Esra", "Floor", "Gijs", "Hanneke",
               "Iris", "Jasper", "Karim", "Linda", "Maarten", "Nadia", "Olaf",
               "Petra", "Quinten", "Roos", "Soufiane", "Tessa", "Wouter", "Zeynep",
               "Marloes", "Vincent"]
LAST_NAMES = ["van den Berg", "Willems", "de Jong", "Koster", "Prins",
              "van der Meer", "Huisman", "Brouwer", "Kok", "Schouten", "Postma",
              "Aydın", "Bouzid", "Nguyen", "Hoekstra", "Veenstra", "de Wit",
              "Timmermans", "van Wijk", "Lammers"]

# ==================================================================== the site
SITE_TITLE = "Leidraad benchmark"
SITE_DESCRIPTION = "Gegenereerde kennisbank over vertrouwen, feedback en het partnerschap tussen medewerker, leidinggevende en HR"
BASE_URL = "https://kennisbank.example.nl/"

# folder, title, weight, nouns the folder's articles use more often
Folder = namedtuple("Folder", "path title weight topic")
FOLDERS = [
    Folder("vertrouwen", "Vertrouwen", 10,
           ["vertrouwen", "knikkerpot", "controle", "autonomie", "mandaat", "eigenaarschap"]),
    Folder("vertrouwen/psychologische-veiligheid", "Psychologische veiligheid", 7,
           ["psychologische veiligheid", "fout", "openheid", "kwetsbaarheid", "moed", "twijfel"]),
    Folder("gesprekken", "Gesprekken en feedback", 8,
           ["gesprek", "dialoog", "vraag", "afspraak", "jaargesprek"]),
    Folder("gesprekken/feedback", "Feedback", 8,
           ["feedback", "feedbackvraag", "compliment", "waardering", "erkenning"]),
    Folder("gesprekken/lastige-gesprekken", "Lastige gesprekken", 6,
           ["conflict", "spanning", "klacht", "dilemma", "exitgesprek"]),
    Folder("ontwikkeling", "Talent en ontwikkeling", 9,
           ["talent", "ontwikkelplan", "loopbaan", "leerdoel", "opleiding", "groei"]),
    Folder("ontwikkeling/coaching", "Coaching", 6,
           ["coach", "reflectie", "inzicht", "drijfveer", "intervisie"]),
    Folder("ontwikkeling/onboarding", "Onboarding", 7,
           ["nieuwkomer", "buddy", "inwerkprogramma", "proeftijd", "introductieweek", "welkomstpakket"]),
    Folder("samenwerken", "Samenwerken", 7,
           ["samenwerking", "team", "cultuur", "ritueel", "norm"]),
    Folder("samenwerken/hybride-werken", "Hybride werken", 8,
           ["thuiswerkdag", "kantoordag", "bereikbaarheid", "rooster", "werkplek"]),
    Folder("gezond-werken", "Gezond werken", 9,
           ["werkdruk", "verzuim", "vitaliteit", "veerkracht", "mantelzorg", "re-integratie"]),
    Folder("hr-partnerschap", "HR als partner", 8,
           ["partnerschap", "beleid", "regeling", "medewerkersonderzoek", "HR-businesspartner"]),
    Folder("hr-partnerschap/de-driehoek", "De driehoek", 5,
           ["driehoek", "rol", "verantwoordelijkheid", "casemanager", "bedrijfsarts"]),
]

Term = namedtuple("Term", "slug title weight description")
# name, title, url path, overview text, the display option, how many terms
# an article gets (count -> weight), the terms.
Taxonomy = namedtuple("Taxonomy", "name title path description display counts terms")
TAXONOMIES = [
    Taxonomy("pillars", "Pijlers", "pijlers",
             "De drie bewegingen waar deze kennisbank om draait: van regels naar gesprek, van tellen naar vertrouwen, van ieder voor zich naar samen.",
             "colour", {1: 1, 2: 1}, [
                 Term("psychologische-veiligheid", "Psychologische veiligheid", 5,
                      "Een werkplek waar je **zonder angst** een vraag, een fout of een zorg kunt delen. Regels blijven bestaan, maar het gesprek komt eerst."),
                 Term("van-controle-naar-vertrouwen", "Van controle naar vertrouwen", 4,
                      "Niet tellen wie er is, maar afspreken wat er moet gebeuren. Leidinggevenden sturen op resultaat en laten mensen hun werk zelf inrichten."),
                 Term("gedeelde-verantwoordelijkheid", "Gedeelde verantwoordelijkheid", 3,
                      "Medewerker, leidinggevende en HR dragen samen zorg voor goed werk, ieder vanuit de eigen rol en met de oplossing als **gezamenlijk doel**."),
             ]),
    Taxonomy("competencies", "Competenties", "competenties",
             "Vaardigheden van leidinggevenden en HR-professionals. Kies er een die past bij je eigen ontwikkeldoel.",
             None, {1: 7, 2: 6, 3: 7}, [
                 Term("strategisch-denken", "Strategisch denken en anticiperen", 6,
                      "Verder kijken dan het volgende kwartaal en op tijd benoemen wat krapte, vergrijzing of nieuwe technologie vragen van mensen."),
                 Term("communicatie-en-verbinding", "Communicatie en verbinding", 6,
                      "Zeggen wat je bedoelt, horen wat de ander bedoelt en mensen met elkaar in contact brengen."),
                 Term("empathie-en-veiligheid", "Empathie en veiligheid creëren", 5,
                      "Merken wat er speelt, je oordeel even parkeren en zorgen dat iemand zich kan uitspreken."),
                 Term("analytisch-vermogen", "Analytisch en probleemoplossend vermogen", 4,
                      "Cijfers over verzuim, verloop en tevredenheid lezen als signalen en de **oorzaak** zoeken in plaats van het symptoom."),
                 Term("besluitvaardigheid", "Besluitvaardigheid in complexe situaties", 3,
                      "Een knoop doorhakken als niet alles bekend is, en uitleggen hoe je tot je keuze kwam."),
                 Term("diversiteit-en-inclusie", "Diversiteit, inclusie en veranderkracht", 3,
                      "Verschillen gebruiken als kracht en veranderingen zo inrichten dat iedereen mee kan."),
                 Term("zelfontwikkeling-en-reflectie", "Continue ontwikkeling en reflectie", 3,
                      "Je eigen gedrag onderzoeken, feedback vragen en blijven leren, ook als het goed gaat."),
             ]),
    Taxonomy("roles", "Rollen", "rollen",
             "De drie partijen in het partnerschap. Kies je eigen rol voor de artikelen die voor jou bedoeld zijn.",
             "audience", {1: 7, 2: 6, 3: 7}, [
                 Term("medewerker", "Medewerker", 5,
                      "Voor wie eigenaar is van de eigen ontwikkeling, gezondheid en loopbaan en weet waar hulp te vinden is."),
                 Term("leidinggevende", "Leidinggevende", 5,
                      "Voor wie dagelijks beleid en praktijk verbindt: vertrouwen geven, lastige gesprekken voeren, het team laten groeien."),
                 Term("hr", "HR", 3,
                      "Voor HR-professionals die leidinggevenden versterken en als neutrale partij meedenken."),
             ]),
]

FIRST_DAY = date(2017, 1, 1)
LAST_DAY = date(2026, 10, 31)

DRAFT_SHARE = 0.02       # articles with draft: true (never the target of a link)
ALIAS_SHARE = 0.04       # articles with one old path that redirects to them
SLUG_SHARE = 0.03        # articles whose URL slug differs from their file name
UPDATED_SHARE = 0.25     # articles with an updated date
SUMMARY_SHARE = 0.85     # articles with a summary (the others: first paragraph)
AUTHOR_SHARE = 0.92      # articles with an author
WORDS_MEAN, WORDS_SD, WORDS_MIN, WORDS_MAX = 585, 125, 260, 1000


def _rows(text, width):
    out = []
    for line in text.strip().splitlines():
        cells = line.split("|")
        cells += [""] * (width - len(cells))
        out.append(cells)
    return out


NOUNS = [Noun(g, s, None if p == "-" else p, a == "a") for g, s, p, a in _rows(_NOUNS, 4)]
NOUN_BY_SG = {n.sg: n for n in NOUNS}
AGENTS = [n for n in NOUNS if n.agent]
COMPOUND_FIRST = [w.strip() for w in _COMPOUND_FIRST.replace("\n", "").split("|") if w.strip()]
COMPOUND_HEAD = [Noun(g, s, None if p == "-" else p, False) for g, s, p in _rows(_COMPOUND_HEAD, 3)]
ADJECTIVES = [tuple(r) for r in _rows(_ADJECTIVES, 2)]
# Two vowels that would read as one sound when a compound joins them.
VOWEL_CLASH = ["aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"]
VERBS = [tuple(r) for r in _rows(_VERBS, 3)]


def plain(word):
    """Only ASCII letters, spaces and hyphens: safe in headings, whose ids
    every Markdown engine derives the same way."""
    return all(c == " " or c == "-" or ("a" <= c.lower() <= "z") for c in word)


PLAIN_NOUNS = [n for n in NOUNS if plain(n.sg) and (n.pl is None or plain(n.pl))]
PLAIN_ADJECTIVES = [a for a in ADJECTIVES if plain(a[1])]
for _f in FOLDERS:
    for _w in _f.topic:
        assert _w in NOUN_BY_SG, _w


# ================================================================== utilities
def slugify(text):
    """Lowercase ASCII, diacritics folded, every other run of characters one
    hyphen: the rule leidraad (and this corpus's file names) use."""
    folded = unicodedata.normalize("NFKD", text)
    out = []
    for ch in folded:
        if unicodedata.combining(ch):
            continue
        ch = ch.lower()
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def upper_first(s):
    """Capitalises the first letter, past any leading emphasis or quote."""
    i = 0
    while i < len(s) and s[i] in '*"':
        i += 1
    return s[:i] + s[i:i + 1].upper() + s[i + 1:]


def pick_weighted(rng, items, weights):
    total = sum(weights)
    x = rng.random() * total
    for item, w in zip(items, weights):
        x -= w
        if x < 0:
            return item
    return items[-1]


def sample_weighted(rng, items, weights, k):
    """k distinct items, each drawn with its weight among those left."""
    items, weights, out = list(items), list(weights), []
    for _ in range(min(k, len(items))):
        it = pick_weighted(rng, items, weights)
        i = items.index(it)
        out.append(it)
        del items[i], weights[i]
    return out


LINK_TARGET = re.compile(r"\]\([^)]*\)")
FOOTNOTE_LABEL = re.compile(r"\[\^[^\]]*\]")
WORD = re.compile(r"\S*[^\W\d_]\S*")


def words_in(text):
    """Words a reader sees in Markdown: link targets and footnote labels left
    out; a whitespace-separated token counts when it holds a letter."""
    return len(WORD.findall(FOOTNOTE_LABEL.sub(" ", LINK_TARGET.sub("] ", text))))


# ================================================================ the phrases
class Writer:
    """Dutch phrases and sentences, drawn from one article's PRNG."""

    def __init__(self, rng, topic):
        self.rng = rng
        self.topic = [NOUN_BY_SG[w] for w in topic]

    # -- nouns
    def noun(self, agent=False, plainly=False):
        r = self.rng
        if agent:
            return r.choice(AGENTS)
        if plainly:
            return r.choice(PLAIN_NOUNS)
        x = r.random()
        if x < 0.12:
            return r.choice(self.topic)
        if x < 0.36:
            # Low indexes more often: a few compounds are common, most rare.
            first = COMPOUND_FIRST[int(len(COMPOUND_FIRST) * r.random() ** 1.7)]
            head = COMPOUND_HEAD[int(len(COMPOUND_HEAD) * r.random() ** 1.3)]
            if (first[-1] + head.sg[0]) in VOWEL_CLASH:
                first += "-"  # "ziekte-instrument", as Dutch spelling wants
            return Noun(head.gender, first + head.sg, first + head.pl if head.pl else None, False)
        return r.choice(NOUNS)

    def np(self, agent=False, plural=None, det=True, adj=None, plainly=False, stress=True):
        """A noun phrase: (text, plural?)."""
        r = self.rng
        n = self.noun(agent, plainly)
        if plural is None:
            plural = r.random() < 0.3
        plural = plural and n.pl is not None
        head = n.pl if plural else n.sg
        neuter_sg = n.gender == "het" and not plural
        d = ""
        if det:
            x = r.random()
            if plural:
                d = "de" if x < 0.5 else "deze" if x < 0.6 else "onze" if x < 0.7 else \
                    "alle" if x < 0.8 else "veel" if x < 0.9 else ""
            elif n.pl is None:  # a mass noun: no "een", no "elke"; bodies keep their article
                d = n.gender if x < 0.8 or (n.agent and x >= 0.9) else ("dit" if neuter_sg else "deze") if x < 0.9 else ""
            else:
                d = n.gender if x < 0.68 else "een" if x < 0.83 else \
                    ("dit" if neuter_sg else "deze") if x < 0.88 else \
                    ("ons" if neuter_sg else "onze") if x < 0.94 else ("elk" if neuter_sg else "elke")
        words = [d] if d else []
        if adj is None:
            adj = r.random() < 0.35
        if adj:
            a = r.choice(PLAIN_ADJECTIVES if plainly else ADJECTIVES)
            bare = neuter_sg and d in ("een", "elk", "")
            words.append(a[0] if bare else a[1])
        words.append(head)
        text = " ".join(words)
        if stress and not plainly and r.random() < 0.07:
            text = ("**%s**" if r.random() < 0.6 else "*%s*") % text
        return text, plural

    def subject(self):
        """(text, plural?, may be inverted?)"""
        r = self.rng
        x = r.random()
        if x < 0.06:
            return "je", False, False
        if x < 0.1:
            return "we", True, False
        if x < 0.14:
            return "HR", False, True
        if x < 0.16:
            return "iedereen", False, True
        s, pl = self.np(agent=r.random() < 0.65)
        return s, pl, True

    def inverted_subject(self):
        while True:
            s, pl, ok = self.subject()
            if ok:
                return s, pl

    def verb(self, plural):
        v = self.rng.choice(VERBS)
        return v[0] if plural else v[1]

    def obj(self):
        return self.np()[0]

    def pp(self):
        return "%s %s" % (self.rng.choice(PREPOSITIONS), self.np()[0])

    def maybe(self, p, make):
        return [make()] if self.rng.random() < p else []

    # -- sentences
    def sentence(self):
        r = self.rng
        k = pick_weighted(r, range(13), [18, 14, 7, 9, 9, 8, 7, 6, 3, 6, 6, 3, 4])
        end = "."
        if k == 0:  # subject, verb, object
            s, pl, _ = self.subject()
            w = [s, self.verb(pl)] + self.maybe(0.4, lambda: r.choice(ADVERBS)) + [self.obj()] + self.maybe(0.55, self.pp)
        elif k == 1:  # fronted phrase, verb, subject
            s, pl = self.inverted_subject()
            w = [r.choice(OPENERS), self.verb(pl), s] + self.maybe(0.3, lambda: r.choice(ADVERBS)) + [self.obj()] + self.maybe(0.35, self.pp)
        elif k == 2:  # "Wie ..., ..."
            w = ["Wie", self.obj(), r.choice(VERBS)[1] + ",", r.choice(VERBS)[1]] + self.maybe(0.5, lambda: r.choice(ADVERBS)) + [self.obj()]
        elif k == 3:  # subordinate clause first, then the inverted main clause
            s, pl, _ = self.subject()
            s2, pl2 = self.inverted_subject()
            w = [r.choice(SUBORDINATORS_FIRST), s, self.obj(), self.verb(pl) + ",", self.verb(pl2), s2, self.obj()]
        elif k == 4:  # main clause, then a subordinate one (verb last)
            s, pl, _ = self.subject()
            s2, pl2, _ = self.subject()
            w = [s, self.verb(pl), self.obj() + ",", r.choice(SUBORDINATORS_AFTER), s2, self.obj(), self.verb(pl2)]
        elif k == 5:  # a question
            s, pl = self.inverted_subject()
            if r.random() < 0.3:
                w = [self.verb(pl), s, self.obj()]
            else:
                w = [r.choice(QUESTION_WORDS), self.verb(pl), s, self.obj()]
            end = "?"
        elif k == 6:  # advice with "te"
            w = [r.choice(ADVICE_OPENINGS), self.obj()] + self.maybe(0.5, lambda: r.choice(ADVERBS)) + ["te", r.choice(VERBS)[0]]
        elif k == 7:  # imperative
            w = [r.choice(VERBS)[2], self.obj()] + self.maybe(0.6, self.pp)
        elif k == 8:  # a quote
            said = " ".join(["We", r.choice(VERBS)[0], self.np(stress=False)[0], r.choice(ADVERBS)])
            w = ['"%s", %s %s, %s' % (said, r.choice(SAYING), r.choice(FIRST_NAMES), r.choice(SPEAKER_ROLES))]
        elif k == 9:  # two subjects, plural verb
            a, _ = self.np(agent=True, plural=False)
            b, _ = self.np(agent=r.random() < 0.5, plural=False)
            w = [a, "en", b, r.choice(VERBS)[0]] + self.maybe(0.5, lambda: "samen") + [self.obj()] + self.maybe(0.4, self.pp)
        elif k == 10:
            return r.choice(CORE_SENTENCES)
        elif k == 11:  # "niet alleen ..., maar ook ..."
            s, pl, _ = self.subject()
            w = [s, self.verb(pl), self.obj(), "niet alleen", self.pp() + ",", "maar ook", self.pp()]
        else:  # "Niet X, maar Y ..."
            a, _ = self.np(stress=False)
            b, pl = self.np(stress=False)
            w = ["Niet", a + ", maar", b, self.verb(pl), self.obj()]
        return upper_first(" ".join(w)) + end

    def paragraph(self, n):
        return " ".join(self.sentence() for _ in range(n))

    def list_item(self, steps=False):
        r = self.rng
        k = 0 if steps else r.randrange(4)
        if k == 0:
            return upper_first(" ".join([r.choice(VERBS)[2], self.obj()] + self.maybe(0.5, self.pp))) + ("." if steps else "")
        if k == 1:
            return upper_first(" ".join([self.np(det=r.random() < 0.5)[0], r.choice(ADVERBS), r.choice(VERBS)[0]]))
        if k == 2:
            label = upper_first(self.np(det=False, stress=False)[0])
            s = self.sentence()
            if s[1:2].islower():
                s = s[0].lower() + s[1:]
            return "**%s**: %s" % (label, s)
        return self.sentence()

    def table_row(self):
        r = self.rng
        c1 = upper_first(self.np(det=False, stress=False)[0])
        c2 = upper_first(" ".join([r.choice(VERBS)[2], self.np(stress=False)[0]] + self.maybe(0.4, self.pp)))
        return "| %s | %s | %s |" % (c1, c2.replace("*", ""), r.choice(TABLE_OWNERS))

    # -- headings and titles
    def heading(self):
        r = self.rng
        n = self.noun(plainly=True)
        n2 = self.noun(plainly=True)
        a = r.choice(PLAIN_ADJECTIVES)
        any_form = n.pl if (n.pl and r.random() < 0.4) else n.sg
        k = r.randrange(11)
        if k == 0:
            return HEADING_FIXED[r.randrange(len(HEADING_FIXED))]
        if k == 1 and n.pl:
            return "%s %s" % (upper_first(a[1]), n.pl)
        if k == 2:
            return "%s in de praktijk" % upper_first(any_form)
        if k == 3:
            return "Van %s naar %s" % (n.sg, n2.sg)
        if k == 4:
            v = r.choice(VERBS)[2]
            return "Zo %s je %s %s" % (v, n.gender, n.sg) if plain(v) else "Zo begin je met %s" % any_form
        if k == 5:
            return "Wat %s %s vraagt" % (n.gender, n.sg)
        if k == 6:
            return "%s en %s" % (upper_first(n.sg), n2.pl or n2.sg)
        if k == 7:
            return "Als %s %s %s" % (n.gender, n.sg, r.choice(["schuurt", "wringt", "ontbreekt", "stokt", "verandert"]))
        if k == 8:
            return "Valkuilen rond %s" % any_form
        if k == 9:
            return "Vragen over %s %s" % (n.gender, n.sg)
        return "Stap voor stap naar %s %s" % (a[1], n.sg)

    def title(self):
        r = self.rng
        k = r.randrange(10)
        v = r.choice(VERBS)
        if k == 0:
            return "Zo %s je %s" % (v[2], self.np(stress=False)[0])
        if k == 1:
            return "%s manieren om %s te %s" % (r.choice(NUMBERS), self.np(stress=False)[0], v[0])
        if k == 2:
            s, pl = self.np(agent=True, stress=False)
            return "Waarom %s %s %s" % (s, self.np(stress=False)[0], v[0] if pl else v[1])
        if k == 3:
            t = "Van %s naar %s" % (self.noun().sg, self.noun().sg)
            return t + (": " + r.choice(TITLE_TAILS) if r.random() < 0.5 else "")
        if k == 4:
            return "%s %s" % (upper_first(self.noun().sg), r.choice(TITLE_SETTINGS))
        if k == 5:
            return "Wat doe je als %s %s?" % (self.np(plural=False, stress=False)[0], r.choice(INTRANSITIVE))
        if k == 6:
            return "De %s als %s" % (r.choice(ROLE_NOUNS), r.choice(HATS))
        if k == 7:
            return "%s en %s: %s" % (upper_first(self.np(stress=False)[0]), self.np(stress=False)[0], r.choice(TITLE_TAILS))
        if k == 8:
            n = self.noun()
            return "%s %s: %s" % (upper_first(r.choice(ADJECTIVES)[1]), n.pl or n.sg, r.choice(TITLE_TAILS))
        return "Checklist voor %s %s" % (r.choice(["de", "een"]), r.choice(ROLE_NOUNS))


# ================================================================ the articles
class Article:
    __slots__ = ("n", "folder", "file", "slug", "url_slug", "title", "date", "updated",
                 "author", "summary", "terms", "headings", "draft", "aliases", "topic")

    @property
    def path(self):
        """Relative to articles/ (or content/), without .md."""
        return "%s/%s" % (self.folder, self.file)

    @property
    def url(self):
        return "/%s/%s/" % (self.folder, self.url_slug)


def rng_for(seed, part, n):
    # random.Random seeds a str through SHA-512: the same on every machine.
    return random.Random("leidraad-bench/%s/%s/%d" % (seed, part, n))


def plan(count, seed):
    """Everything but the bodies, which link to other articles' headings."""
    span = (LAST_DAY - FIRST_DAY).days
    arts = []
    for i in range(count):
        r = rng_for(seed, "plan", i)
        a = Article()
        a.n = i + 1
        folder = pick_weighted(r, FOLDERS, [f.weight for f in FOLDERS])
        a.folder, a.topic = folder.path, folder.topic
        w = Writer(r, folder.topic)
        a.title = w.title()
        a.file = "%s-%d" % (slugify(a.title)[:56].rstrip("-"), a.n)
        a.url_slug = a.file
        a.slug = None
        if r.random() < SLUG_SHARE:
            a.slug = a.url_slug = "kort-%d" % a.n
        a.date = FIRST_DAY + timedelta(days=r.randrange(span + 1))
        a.updated = None
        if r.random() < UPDATED_SHARE:
            up = min(LAST_DAY, a.date + timedelta(days=r.randint(7, 540)))
            if up > a.date:
                a.updated = up
        a.author = "%s %s" % (r.choice(FIRST_NAMES), r.choice(LAST_NAMES)) if r.random() < AUTHOR_SHARE else None
        a.summary = w.sentence().replace("*", "") if r.random() < SUMMARY_SHARE else None
        a.terms = {}
        for tax in TAXONOMIES:
            k = pick_weighted(r, list(tax.counts), list(tax.counts.values()))
            chosen = sample_weighted(r, tax.terms, [t.weight for t in tax.terms], k)
            a.terms[tax.name] = [t.slug for t in tax.terms if t in chosen]
        a.draft = r.random() < DRAFT_SHARE
        a.aliases = []
        if not a.draft and r.random() < ALIAS_SHARE:
            a.aliases = ["/oud/%s-%d/" % (slugify(a.title)[:30].rstrip("-"), a.n)]
        # Headings: 3 to 6, the first at level 2, all different; now and then
        # one with an id of its own.
        heads, seen = [], []
        for j in range(pick_weighted(r, [3, 4, 5, 6], [22, 30, 28, 20])):
            text = w.heading()
            tries = 0
            while slugify(text) in seen and tries < 20:
                text = w.heading()
                tries += 1
            if slugify(text) in seen:
                text = "Verdieping %d" % (j + 1)
            seen.append(slugify(text))
            level = 2 if j == 0 or heads[-1][0] == 3 or r.random() < 0.75 else 3
            own_id = "deel-%d" % (j + 1) if r.random() < 0.02 else None
            heads.append((level, text, own_id))
        a.headings = heads
        arts.append(a)
    return arts


def heading_id(head):
    return head[2] or slugify(head[1])


def link_target(flavor, src, dst, anchor):
    frag = "#" + anchor if anchor else ""
    if flavor == "leidraad":
        return posixpath.relpath("%s.md" % dst.path, src.folder) + frag
    return dst.url + frag


def body(a, arts, published, flavor, seed):
    """The Markdown body of one article, and its figures."""
    r = rng_for(seed, "body", a.n - 1)
    w = Writer(r, a.topic)
    figures = {"links": 0, "anchor_links": 0, "tables": 0, "lists": 0, "footnotes": 0, "quotes": 0}

    # Links to 2-4 other published articles, about one in three to a heading;
    # drawn from a PRNG of their own, so the text does not depend on --articles.
    lr = rng_for(seed, "links", a.n - 1)
    links = []
    if len(published) > 1:
        for _ in range(pick_weighted(lr, [2, 3, 4], [30, 40, 30])):
            for _try in range(10):
                dst = arts[published[lr.randrange(len(published))]]
                if dst is not a and all(dst is not d for d, _ in links):
                    break
            else:
                continue
            anchor = heading_id(lr.choice(dst.headings)) if lr.random() < 0.33 else None
            links.append((dst, anchor))

    budget = max(WORDS_MIN, min(WORDS_MAX, int(r.gauss(WORDS_MEAN, WORDS_SD))))
    blocks = []          # (kind, text); kind "p" paragraphs can take links
    count = [0]

    def add(kind, text):
        blocks.append((kind, text))
        count[0] += words_in(text)

    add("p", w.paragraph(r.randint(2, 4)))
    nh = len(a.headings)
    per_section = max(50, (budget - count[0]) // nh)
    table_section = r.randrange(nh) if r.random() < 0.31 else -1
    quote_section = r.randrange(nh) if r.random() < 0.12 else -1
    footnote = None
    for si, (level, text, own_id) in enumerate(a.headings):
        add("h", "%s %s%s" % ("#" * level, text, " {#%s}" % own_id if own_id else ""))
        start = count[0]
        add("p", w.paragraph(r.randint(2, 4)))
        if si == table_section:
            head = r.choice(TABLE_HEADS)
            rows = ["| %s | %s | %s |" % head, "|---|---|---|"] + [w.table_row() for _ in range(r.randint(3, 6))]
            add("t", "\n".join(rows))
            figures["tables"] += 1
        elif r.random() < 0.47:
            x = r.random()
            items = r.randint(3, 6)
            if x < 0.25:
                lines = ["%d. %s" % (k + 1, w.list_item(steps=True)) for k in range(items)]
            elif x < 0.38:
                lines = ["- [%s] %s" % ("x" if r.random() < 0.2 else " ", w.list_item(steps=True)) for _ in range(items)]
            else:
                lines = ["- " + w.list_item() for _ in range(items)]
            add("l", "\n".join(lines))
            figures["lists"] += 1
        if si == quote_section:
            add("q", "> " + r.choice(CORE_SENTENCES))
            figures["quotes"] += 1
        while count[0] - start < per_section:
            add("p", w.paragraph(r.randint(2, 5)))
        if footnote is None and blocks[-1][0] == "p" and r.random() < 0.07:
            footnote = w.sentence().replace("*", "")
            blocks[-1] = ("p", blocks[-1][1] + "[^noot]")
            figures["footnotes"] += 1

    # Each link goes into a paragraph (not the first, which may be the summary).
    spots = [i for i, (kind, _) in enumerate(blocks) if kind == "p" and i > 0]
    for dst, anchor in links:
        i = r.choice(spots)
        kind, text = blocks[i]
        target = link_target(flavor, a, dst, anchor)
        if r.random() < 0.7:
            sentence = r.choice(LINK_SENTENCES).format(t=dst.title, u=target)
        else:
            sentence = r.choice(LINK_SENTENCES_TOPIC).format(t=w.np(stress=False)[0], u=target)
        if text.endswith("[^noot]") or r.random() < 0.5:
            text = sentence + " " + text
        else:
            text = text + " " + sentence
        blocks[i] = (kind, text)
        count[0] += words_in(sentence)
        figures["links"] += 1
        figures["anchor_links"] += anchor is not None

    parts = [text for _, text in blocks]
    if footnote:
        parts.append("[^noot]: " + footnote)
    md = "\n\n".join(parts) + "\n"
    figures["words"] = words_in(md)
    return md, figures


# ============================================================ writing it down
def quoted(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def flow_list(items):
    return "[%s]" % ", ".join(items)


def front_matter(a, flavor):
    lines = ["---", "title: " + quoted(a.title), "date: " + a.date.isoformat()]
    if a.updated:
        lines.append(("updated: " if flavor == "leidraad" else "lastmod: ") + a.updated.isoformat())
    if a.author:
        lines.append("author: " + quoted(a.author))
    if a.summary:
        lines.append("summary: " + quoted(a.summary))
    if a.slug:
        lines.append("slug: " + a.slug)
    for tax in TAXONOMIES:
        lines.append("%s: %s" % (tax.name, flow_list(a.terms[tax.name])))
    if a.aliases:
        lines.append("aliases: " + flow_list(quoted(x) for x in a.aliases))
    if a.draft:
        lines.append("draft: true")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def indented(text, spaces):
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.splitlines())


def site_yaml():
    out = ["# Written by bench/gen_corpus.py.",
           "title: " + quoted(SITE_TITLE),
           "description: " + quoted(SITE_DESCRIPTION),
           "base_url: " + quoted(BASE_URL),
           "language: nl",
           "theme: default",
           "taxonomies:"]
    for tax in TAXONOMIES:
        out += ["  - name: " + tax.name,
                "    title: " + tax.title,
                "    path: " + tax.path,
                "    description: " + quoted(tax.description)]
        if tax.display:
            out.append("    display: " + tax.display)
        out.append("    terms:")
        for t in tax.terms:
            out += ["      - slug: " + t.slug,
                    "        title: " + quoted(t.title),
                    "        description: |",
                    indented(t.description, 10)]
    return "\n".join(out) + "\n"


def hugo_toml():
    tax_lines = "\n".join('%s = "%s"' % (singular, tax.name) for singular, tax in zip(("pillar", "competency", "role"), TAXONOMIES))
    perm_tax = "\n".join('%s = "/%s/"' % (tax.name, tax.path) for tax in TAXONOMIES)
    perm_term = "\n".join('%s = "/%s/:slug/"' % (tax.name, tax.path) for tax in TAXONOMIES)
    indices = "\n".join('[[related.indices]]\nname = "%s"\nweight = 100\n' % tax.name for tax in TAXONOMIES)
    return """# Written by bench/gen_corpus.py: the Hugo twin of the leidraad corpus.
baseURL = "{base}"
title = {title}
locale = "nl"
defaultContentLanguage = "nl"
enableRobotsTXT = false
# Without a summary in the front matter, leidraad's is the first paragraph:
# Hugo ends its summary at the paragraph that reaches summaryLength words.
summaryLength = 1

[params]
description = {desc}
taxonomyOrder = [{order}]
# HUGO_PARAMS_NORELATED=true in the environment leaves related articles out.
norelated = false

[taxonomies]
{tax}

[permalinks.taxonomy]
{ptax}

[permalinks.term]
{pterm}

[outputs]
home = ["html", "rss"]
page = ["html"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]

[services.rss]
limit = 20

[markup.goldmark.extensions.typographer]
disable = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3

# Most shared terms first, as leidraad ranks them.
[related]
includeNewer = true
threshold = 1
toLower = false

{indices}""".format(base=BASE_URL, title=quoted(SITE_TITLE), desc=quoted(SITE_DESCRIPTION),
                    order=", ".join(quoted(t.name) for t in TAXONOMIES),
                    tax=tax_lines, ptax=perm_tax, pterm=perm_term, indices=indices)


def hugo_front(**fields):
    out = ["---"]
    for k, v in fields.items():
        out.append("%s: %s" % (k, v))
    out.append("---")
    return "\n".join(out) + "\n"


def write_hugo_scaffold(out, layouts):
    write(os.path.join(out, "hugo.toml"), hugo_toml())
    content = os.path.join(out, "content")
    write(os.path.join(content, "_index.md"), hugo_front(title=quoted(SITE_TITLE), description=quoted(SITE_DESCRIPTION)))
    # Folders are no pages of their own in leidraad (the breadcrumbs name
    # them without a link): Hugo keeps them as sections, renders nothing.
    for f in FOLDERS:
        write(os.path.join(content, f.path, "_index.md"),
              hugo_front(title=quoted(f.title), build="{render: never}"))
    for tax in TAXONOMIES:
        write(os.path.join(content, tax.name, "_index.md"),
              hugo_front(title=quoted(tax.title)) + "\n" + tax.description + "\n")
        for k, t in enumerate(tax.terms):
            write(os.path.join(content, tax.name, t.slug, "_index.md"),
                  hugo_front(title=quoted(t.title), slug=t.slug, weight=k + 1) + "\n" + t.description + "\n")
    write(os.path.join(content, "zoeken", "_index.md"),
          hugo_front(title=quoted("Zoeken"), search="true") + "\nZoek in alle artikelen van de kennisbank.\n")
    if not os.path.isdir(layouts):
        sys.exit("gen_corpus: no Hugo layouts at %s (--hugo-layouts)" % layouts)
    shutil.copytree(layouts, os.path.join(out, "layouts"))
    return content


# Written first into every corpus: --force replaces only a folder holding it.
MARKER = ".gen_corpus.json"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Writes a synthetic Dutch HR knowledge base for leidraad's benchmarks.")
    ap.add_argument("--articles", type=int, required=True, help="how many articles")
    ap.add_argument("--out", required=True, help="the folder to write (must be empty or absent, or use --force)")
    ap.add_argument("--flavor", "--flavour", dest="flavor", choices=["leidraad", "hugo"], default="leidraad")
    ap.add_argument("--seed", default="42", help="any text; the same seed gives the same corpus (default 42)")
    ap.add_argument("--force", action="store_true", help="replace an earlier corpus in --out")
    ap.add_argument("--stats", help="also write the corpus figures as JSON to this file")
    ap.add_argument("--hugo-layouts", default=os.path.join(HERE, "hugo", "layouts"),
                    help="layouts copied into the hugo flavour (default: hugo/layouts beside this script)")
    args = ap.parse_args(argv)
    if args.articles < 0:
        ap.error("--articles must be 0 or more")

    out = os.path.abspath(args.out)
    if os.path.islink(out) or (os.path.exists(out) and not os.path.isdir(out)):
        sys.exit("gen_corpus: %s is not a folder" % out)
    if os.path.isdir(out) and os.listdir(out):
        if not args.force:
            sys.exit("gen_corpus: %s is not empty (--force replaces an earlier corpus)" % out)
        if not os.path.isfile(os.path.join(out, MARKER)):
            sys.exit("gen_corpus: %s holds no %s, so this script did not write it; "
                     "--force replaces only its own corpora (delete the folder yourself)" % (out, MARKER))
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, MARKER), json.dumps(
        {"generator": "bench/gen_corpus.py", "articles": args.articles, "flavor": args.flavor, "seed": args.seed},
        ensure_ascii=False) + "\n")

    arts = plan(args.articles, args.seed)
    published = [i for i, a in enumerate(arts) if not a.draft]
    if args.flavor == "leidraad":
        write(os.path.join(out, "site.yaml"), site_yaml())
        content = os.path.join(out, "articles")
    else:
        content = write_hugo_scaffold(out, os.path.abspath(args.hugo_layouts))

    totals = {"links": 0, "anchor_links": 0, "tables": 0, "lists": 0, "footnotes": 0, "quotes": 0, "words": 0}
    words = []
    nbytes = 0
    for a in arts:
        md, fig = body(a, arts, published, args.flavor, args.seed)
        text = front_matter(a, args.flavor) + md
        write(os.path.join(content, a.path + ".md"), text)
        nbytes += len(text.encode("utf-8"))
        words.append(fig["words"])
        for k in totals:
            totals[k] += fig[k]

    n = max(1, len(arts))
    terms = {tax.name: sum(len(a.terms[tax.name]) for a in arts) for tax in TAXONOMIES}
    stats = {
        "generator": "bench/gen_corpus.py",
        "flavor": args.flavor,
        "seed": args.seed,
        "articles": len(arts),
        "published": len(published),
        "drafts": len(arts) - len(published),
        "aliases": sum(len(a.aliases) for a in arts),
        "updated": sum(1 for a in arts if a.updated),
        "own_slugs": sum(1 for a in arts if a.slug),
        "folders": len(FOLDERS),
        "markdown_bytes": nbytes,
        "markdown_mib": round(nbytes / 2**20, 2),
        "body_words_total": totals["words"],
        "body_words_mean": round(totals["words"] / n, 1),
        "body_words_min": min(words) if words else 0,
        "body_words_max": max(words) if words else 0,
        "terms_mean": round(sum(terms.values()) / n, 2),
        "terms_mean_per_taxonomy": {k: round(v / n, 2) for k, v in terms.items()},
        "headings_mean": round(sum(len(a.headings) for a in arts) / n, 2),
        "links_mean": round(totals["links"] / n, 2),
        "links_to_headings": totals["anchor_links"],
        "articles_with_table": totals["tables"],
        "lists": totals["lists"],
        "footnotes": totals["footnotes"],
        "quotes": totals["quotes"],
    }
    print(json.dumps(stats, ensure_ascii=False))
    if args.stats:
        write(os.path.abspath(args.stats), json.dumps(stats, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
