"""Names, places and languages for demo members.

Names come in groups by origin, each with the language its speakers usually add to the
local one; each country draws from the groups in rough proportion to who lives and works
there. Surnames that change with gender (Polish, Baltic) are (masculine, feminine) pairs.
"""

from dataclasses import dataclass

from marketplace.core.places import PLACES, Place


@dataclass(frozen=True)
class NameGroup:
    languages: tuple[str, ...]  # language codes a member of this group may speak besides the local one
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str | tuple[str, str], ...]


@dataclass(frozen=True)
class Country:
    code: str
    language: str
    currency: str
    names: dict[str, int]  # name group -> weight
    legal_form: str
    company_word: str  # names firms outside Sweden: "Tamm Ehitus OÜ", "Müller Bau GmbH"


LANGUAGES: tuple[tuple[str, str], ...] = (
    ("sv", "Swedish"), ("en", "English"), ("no", "Norwegian"), ("da", "Danish"), ("fi", "Finnish"),
    ("is", "Icelandic"), ("de", "German"), ("nl", "Dutch"), ("fr", "French"), ("es", "Spanish"),
    ("it", "Italian"), ("pt", "Portuguese"), ("pl", "Polish"), ("et", "Estonian"), ("lv", "Latvian"),
    ("lt", "Lithuanian"), ("ru", "Russian"), ("uk", "Ukrainian"), ("ro", "Romanian"), ("bs", "Bosnian"),
    ("hr", "Croatian"), ("sr", "Serbian"), ("tr", "Turkish"), ("ku", "Kurdish"), ("ar", "Arabic"),
    ("fa", "Persian"), ("so", "Somali"), ("ti", "Tigrinya"),
)
LANGUAGE_NAMES = dict(LANGUAGES)
# A language learnt at school or abroad that a few members list as a third one.
LEARNT_LANGUAGES = ("de", "fr", "es", "en")

NAME_GROUPS: dict[str, NameGroup] = {
    "swedish": NameGroup(
        ("sv",),
        ("Anna", "Eva", "Maria", "Karin", "Sara", "Emma", "Elin", "Ida", "Johanna", "Linnea", "Maja", "Sofia",
         "Hanna", "Frida", "Malin", "Jenny", "Lena", "Helena", "Kristina", "Ingrid", "Astrid", "Alva", "Ebba",
         "Klara", "Wilma", "Matilda", "Cecilia", "Therese", "Louise", "Agnes"),
        ("Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Nils", "Jonas", "Oskar", "Gustav", "Axel",
         "Viktor", "Fredrik", "Henrik", "Magnus", "Olof", "Anton", "Emil", "Filip", "Linus", "Mattias", "Patrik",
         "Tobias", "Sven", "Björn", "Hugo", "Elias", "Isak", "Ludvig"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
         "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg",
         "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson",
         "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson",
         "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin",
         "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson",
         "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist",
         "Claesson", "Nordström", "Mårtensson", "Lundström", "Ek", "Strand", "Hedlund", "Sundberg", "Öberg",
         "Åberg", "Falk"),
    ),
    "norwegian": NameGroup(
        ("no",),
        ("Kari", "Ingrid", "Silje", "Ragnhild", "Marte", "Hege", "Solveig", "Tone", "Ingeborg", "Synnøve",
         "Kristine", "Nora", "Thea", "Guro"),
        ("Ole", "Lars", "Jon", "Knut", "Ola", "Sindre", "Eirik", "Håkon", "Magnus", "Sigurd", "Torstein", "Even",
         "Vegard", "Øystein"),
        ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
         "Karlsen", "Berg", "Haugen", "Hagen", "Bakken", "Halvorsen", "Solberg", "Moen", "Strand", "Dahl", "Lie",
         "Eide", "Aas", "Haugland", "Brekke", "Nygård", "Sæther"),
    ),
    "danish": NameGroup(
        ("da",),
        ("Mette", "Camilla", "Louise", "Sofie", "Line", "Pernille", "Signe", "Ida", "Anne", "Freja", "Maja",
         "Rikke"),
        ("Mads", "Rasmus", "Frederik", "Mikkel", "Søren", "Jesper", "Anders", "Christian", "Troels", "Kasper",
         "Jens", "Niels"),
        ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
         "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen", "Møller", "Mortensen",
         "Knudsen", "Holm"),
    ),
    "finnish": NameGroup(
        ("fi",),
        ("Aino", "Anni", "Laura", "Johanna", "Sanna", "Tiina", "Riikka", "Heidi", "Minna", "Satu", "Elina",
         "Päivi", "Veera", "Kaisa"),
        ("Mikko", "Juha", "Jari", "Timo", "Antti", "Ville", "Janne", "Tuomas", "Sami", "Eero", "Markku", "Pekka",
         "Lauri", "Olli"),
        ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
         "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen",
         "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen"),
    ),
    "estonian": NameGroup(
        ("et",),
        ("Kadri", "Liis", "Triin", "Kati", "Maarja", "Kertu", "Piret", "Merike", "Helen", "Kristiina"),
        ("Andres", "Jaan", "Tõnu", "Margus", "Rein", "Priit", "Kristjan", "Siim", "Mart", "Indrek"),
        ("Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Lepik", "Kuusk",
         "Oja", "Karu", "Luik", "Lepp", "Vaher", "Kallas"),
    ),
    "latvian": NameGroup(
        ("lv", "ru"),
        ("Ilze", "Inese", "Līga", "Laura", "Kristīne", "Anna", "Dace", "Zane", "Santa", "Elīna"),
        ("Jānis", "Andris", "Mārtiņš", "Edgars", "Kārlis", "Raivis", "Artūrs", "Roberts", "Gatis", "Uldis"),
        (("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"), ("Jansons", "Jansone"),
         ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"), ("Balodis", "Balode"), ("Zariņš", "Zariņa"),
         ("Kļaviņš", "Kļaviņa"), ("Ozols", "Ozola")),
    ),
    "lithuanian": NameGroup(
        ("lt",),
        ("Rūta", "Eglė", "Austėja", "Gabija", "Ieva", "Lina", "Agnė", "Indrė", "Greta", "Vaida"),
        ("Jonas", "Tomas", "Mantas", "Lukas", "Darius", "Andrius", "Mindaugas", "Paulius", "Vytautas", "Tadas"),
        (("Kazlauskas", "Kazlauskienė"), ("Jankauskas", "Jankauskienė"), ("Petrauskas", "Petrauskienė"),
         ("Stankevičius", "Stankevičienė"), ("Vasiliauskas", "Vasiliauskienė"), ("Žukauskas", "Žukauskienė"),
         ("Butkus", "Butkienė"), ("Paulauskas", "Paulauskienė"), ("Urbonas", "Urbonienė"),
         ("Kavaliauskas", "Kavaliauskienė")),
    ),
    "polish": NameGroup(
        ("pl",),
        ("Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Aleksandra", "Monika", "Ewa", "Natalia",
         "Karolina", "Marta", "Dorota"),
        ("Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Łukasz", "Grzegorz", "Adam",
         "Mateusz", "Kamil", "Wojciech", "Dariusz"),
        ("Nowak", ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), "Wójcik", "Kowalczyk",
         ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
         ("Szymański", "Szymańska"), "Woźniak", ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), "Mazur",
         ("Jankowski", "Jankowska"), "Krawczyk", ("Piotrowski", "Piotrowska")),
    ),
    "german": NameGroup(
        ("de",),
        ("Anna", "Lena", "Laura", "Julia", "Katharina", "Sabine", "Claudia", "Lea", "Sophie", "Miriam"),
        ("Lukas", "Jonas", "Felix", "Maximilian", "Tobias", "Stefan", "Andreas", "Michael", "Jan", "Florian",
         "Matthias"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
         "Koch", "Richter", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange"),
    ),
    "arabic": NameGroup(
        ("ar",),
        ("Fatima", "Amira", "Layla", "Noor", "Sara", "Yasmin", "Rania", "Huda", "Lina", "Mariam", "Dalia",
         "Zainab"),
        ("Ahmed", "Mohammed", "Omar", "Ali", "Hassan", "Yousef", "Karim", "Khaled", "Samir", "Tariq", "Rami",
         "Bilal", "Fadi", "Ibrahim"),
        ("Hassan", "Ali", "Mohammed", "Ibrahim", "Haddad", "Khalil", "Nasser", "Saleh", "Aziz", "Mansour",
         "Haidar", "Darwish", "Jaber", "Yousef", "Al-Khatib", "Al-Hashimi", "Barakat", "Hamdan"),
    ),
    "persian": NameGroup(
        ("fa",),
        ("Shirin", "Maryam", "Leila", "Nasrin", "Parisa", "Sahar", "Roya", "Azadeh", "Mina", "Neda"),
        ("Reza", "Ali", "Amir", "Dariush", "Kaveh", "Babak", "Arash", "Farid", "Omid", "Behnam"),
        ("Ahmadi", "Hosseini", "Karimi", "Rahimi", "Moradi", "Jafari", "Rezaei", "Mohammadi", "Hashemi",
         "Sadeghi", "Tehrani", "Farahani"),
    ),
    "somali": NameGroup(
        ("so",),
        ("Hodan", "Sahra", "Amina", "Faadumo", "Ayaan", "Hawa", "Ifrah", "Nimco"),
        ("Abdi", "Mohamed", "Ahmed", "Hassan", "Abdirahman", "Yusuf", "Mahad", "Liban"),
        ("Abdi", "Ali", "Hassan", "Mohamed", "Farah", "Warsame", "Osman", "Jama", "Nur", "Aden", "Ismail",
         "Hersi"),
    ),
    "balkan": NameGroup(
        ("bs", "hr", "sr"),
        ("Amra", "Lejla", "Selma", "Ajla", "Ana", "Jelena", "Milica", "Ivana", "Maja", "Sanja"),
        ("Emir", "Adnan", "Amir", "Dino", "Haris", "Nikola", "Marko", "Stefan", "Luka", "Ivan"),
        ("Hodžić", "Begić", "Hadžić", "Delić", "Kovačević", "Petrović", "Jovanović", "Nikolić", "Marić", "Babić",
         "Jurić", "Horvat", "Mehmedović", "Salihović"),
    ),
    "turkish": NameGroup(
        ("tr", "ku"),
        ("Ayşe", "Elif", "Zeynep", "Derya", "Esra", "Selin", "Melek", "Dilan"),
        ("Mehmet", "Mustafa", "Emre", "Burak", "Can", "Serkan", "Murat", "Deniz"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç",
         "Aslan"),
    ),
    "spanish": NameGroup(
        ("es",),
        ("Lucía", "Carmen", "Valentina", "Isabel", "Paula", "Camila", "Elena", "Daniela"),
        ("Carlos", "Diego", "Javier", "Alejandro", "Pablo", "Andrés", "Mateo", "Luis"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz",
         "Morales", "Romero", "Herrera", "Castillo"),
    ),
    "eritrean": NameGroup(
        ("ti",),
        ("Helen", "Selam", "Saba", "Senait", "Ruth", "Luwam"),
        ("Yonas", "Dawit", "Samuel", "Tesfay", "Filmon", "Robel"),
        ("Tesfaye", "Haile", "Gebremedhin", "Kidane", "Mehari", "Berhane", "Tekle", "Asfaha"),
    ),
    "ukrainian": NameGroup(
        ("uk", "ru"),
        ("Olena", "Iryna", "Nataliia", "Oksana", "Yuliia", "Kateryna", "Tetiana", "Anastasiia"),
        ("Oleksandr", "Andrii", "Dmytro", "Serhii", "Yurii", "Taras", "Bohdan", "Maksym"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Koval",
         "Oliinyk", "Lysenko"),
    ),
}

COUNTRIES: dict[str, Country] = {
    "SE": Country("SE", "sv", "SEK", {
        "swedish": 66, "finnish": 3, "arabic": 6, "persian": 3, "somali": 2, "balkan": 4, "turkish": 2,
        "polish": 4, "spanish": 1, "german": 1, "eritrean": 1, "ukrainian": 3, "norwegian": 1, "danish": 1,
        "lithuanian": 1, "estonian": 1,
    }, "AB", "Bygg"),
    "NO": Country("NO", "no", "EUR", {
        "norwegian": 72, "swedish": 8, "polish": 8, "lithuanian": 4, "somali": 2, "arabic": 3, "danish": 2,
        "german": 1,
    }, "AS", "Entreprenør"),
    "DK": Country("DK", "da", "EUR", {
        "danish": 75, "swedish": 5, "german": 5, "polish": 5, "turkish": 4, "arabic": 4, "norwegian": 2,
    }, "ApS", "Service"),
    "FI": Country("FI", "fi", "EUR", {"finnish": 82, "swedish": 6, "estonian": 6, "ukrainian": 3, "somali": 3},
                  "Oy", "Palvelu"),
    "EE": Country("EE", "et", "EUR", {"estonian": 80, "ukrainian": 12, "finnish": 4, "latvian": 4}, "OÜ",
                  "Ehitus"),
    "LV": Country("LV", "lv", "EUR", {"latvian": 82, "ukrainian": 10, "lithuanian": 4, "estonian": 4}, "SIA",
                  "Serviss"),
    "LT": Country("LT", "lt", "EUR", {"lithuanian": 88, "polish": 6, "latvian": 3, "ukrainian": 3}, "UAB",
                  "Statyba"),
    "PL": Country("PL", "pl", "EUR", {"polish": 94, "ukrainian": 6}, "Sp. z o.o.", "Budownictwo"),
    "DE": Country("DE", "de", "EUR", {"german": 80, "turkish": 8, "polish": 6, "arabic": 3, "spanish": 3},
                  "GmbH", "Bau"),
}

# Where demo members live: every place in the gazetteer, so a radius search around any of them
# finds someone.
CITIES: tuple[Place, ...] = PLACES
# How many live in each, relatively: roughly where freelance work is, Sweden first. A place not
# listed weighs 1.
CITY_WEIGHTS: dict[str, int] = {
    "Stockholm": 22, "Göteborg": 12, "Malmö": 8, "Uppsala": 4, "Västerås": 3, "Örebro": 3, "Linköping": 3,
    "Helsingborg": 3, "Jönköping": 3, "Norrköping": 3, "Lund": 2, "Umeå": 3, "Gävle": 2, "Borås": 2, "Sundsvall": 2,
    "Luleå": 2, "Eskilstuna": 2, "Karlstad": 2, "Växjö": 2, "Halmstad": 2, "Södertälje": 2, "Skellefteå": 2,
    "Oslo": 4, "Copenhagen": 4, "Helsinki": 3, "Tallinn": 2,
}

# Swedish company names: prefix + what the firm does, e.g. "Mälardata AB", "Norrlandsfrakt AB".
COMPANY_PREFIXES = (
    "Nord", "Syd", "Väst", "Öst", "Norrlands", "Mälar", "Berg", "Sjö", "Fjäll", "Granit", "Ek", "Björk",
    "Kust", "Älv", "Sten", "Tall", "Hav", "Ljus", "Skogs", "Vinga", "Kron", "Sol", "Ström", "Lyck",
)
COMPANY_TRADES: dict[str, tuple[str, ...]] = {
    "construction": ("bygg", "byggnad", "entreprenad", "el", "rör", "tak", "måleri", "mark"),
    "engineering": ("konsult", "projekt", "teknik", "ingenjörer"),
    "it": ("data", "tech", "soft", "digital", "labs"),
    "healthcare": ("vård", "omsorg", "hälsa", "care"),
    "logistics": ("frakt", "logistik", "transport", "åkeri"),
    "industry": ("verkstad", "mekaniska", "industri", "svets"),
}
COMPANY_KINDS: dict[str, str] = {
    "construction": "building contractor",
    "engineering": "engineering consultancy",
    "it": "software company",
    "healthcare": "care provider",
    "logistics": "haulage and logistics firm",
    "industry": "manufacturer",
}
