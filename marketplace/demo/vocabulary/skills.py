"""The skills' Swedish names and synonyms, by skill slug."""

from .terms import Terms

# Job titles shared on purpose (tests/marketplace/demo/test_vocabulary.py lists them): a title
# that names a kind of work several skills do finds the holders of any of them.
# A software developer writes code in any of the languages; not a designer, a cloud architect or a
# data scientist, whom the IT trade's own name still finds.
DEVELOPER_TITLES = (
    "systemutvecklare", "mjukvaruutvecklare", "programmerare", "utvecklare", "software developer",
    "software engineer", "programmer",
)
# A back-end developer writes the server's code.
BACKEND_TITLES = ("backendutvecklare", "backend-utvecklare", "backend developer", "back-end developer")
# Front-end titles: JavaScript/TypeScript or React.
FRONTEND_TITLES = ("frontendutvecklare", "frontend-utvecklare", "frontend developer", "front-end developer")

SKILL_TERMS: dict[str, Terms] = {
    # Construction trades
    "welding": Terms("Svetsning (MIG/MAG)", (
        "svetsare", "MIG-svetsare", "MAG-svetsare", "MIG/MAG", "MIG-svetsning", "MAG-svetsning",
        "elektrodsvetsning", "MMA", "welder", "MIG welder", "stick welding",
    )),
    "tig-welding": Terms("TIG-svetsning", (
        "TIG-svetsare", "TIG", "GTAW", "rörsvetsare", "argonsvetsning", "TIG welder", "pipe welder",
    )),
    "electrical-installation": Terms("Elinstallation", (
        "elektriker", "elinstallatör", "installationselektriker", "behörig elektriker", "elarbeten", "elfirma",
        "electrician", "electrical contractor", "sparky",
    )),
    "plumbing": Terms("VVS och rörinstallation", (
        "rörmokare", "rörläggare", "VVS-montör", "VVS-installatör", "VVS", "rörarbeten", "plumber",
        "plumbing and heating",
    )),
    "carpentry": Terms("Snickeri", (
        "snickare", "byggsnickare", "inredningssnickare", "träarbetare", "carpenter", "joiner",
    )),
    "formwork": Terms("Formsättning", (
        "formsättare", "formbyggare", "formarbeten", "formwork carpenter", "shuttering",
    )),
    "scaffolding": Terms("Ställningsbyggnad", (
        "ställningsbyggare", "ställningsmontör", "byggnadsställning", "ställning", "scaffolder",
    )),
    "roofing": Terms("Takläggning", (
        "takläggare", "taktäckare", "takarbeten", "takomläggning", "tak", "lägga om tak", "roofer", "roof",
    )),
    "concrete-work": Terms("Betongarbete", (
        "betongarbetare", "armerare", "armering", "gjutning", "betong", "concrete worker", "rebar",
    )),
    "hvac-installation": Terms("Ventilationsmontage", (
        "ventilationsmontör", "ventilationstekniker", "ventilation", "ventmontör", "luftbehandling",
        "VVS-tekniker", "HVAC", "HVAC installer", "HVAC technician", "HVAC fitter", "ventilation technician",
        "ductwork",
    )),
    "refrigeration-heat-pumps": Terms("Kyla och värmepumpar", (
        "kyltekniker", "kylmontör", "värmepumpsinstallatör", "värmepump", "kylteknik", "refrigeration engineer",
        "heat pump installer",
    )),
    "painting": Terms("Måleri", (
        "målare", "byggnadsmålare", "målning", "målningsarbeten", "tapetsering", "painter", "decorator",
    )),
    "tiling": Terms("Plattsättning", (
        "plattsättare", "kakelsättare", "kakel", "klinker", "tiler",
    )),
    "drywall": Terms("Gipsväggar och undertak", (
        "gipsmontör", "undertaksmontör", "regelväggar", "innerväggar", "gips", "drywaller", "plasterboard",
    )),
    "bricklaying": Terms("Murning", (
        "murare", "putsare", "puts", "tegel", "bricklayer", "mason",
    )),
    "groundwork": Terms("Markarbeten", (
        "markarbetare", "anläggningsarbetare", "schaktning", "dränering", "markentreprenad", "groundworker",
    )),
    "excavator-operation": Terms("Grävmaskinskörning", (
        "grävmaskinist", "grävmaskinsförare", "maskinförare", "grävmaskin", "excavator operator", "digger driver",
    )),
    "flooring": Terms("Golvläggning", (
        "golvläggare", "parkettläggare", "mattläggare", "golvarbeten", "floor layer", "floorer",
    )),
    "sheet-metal-work": Terms("Byggplåtslageri", (
        "plåtslagare", "byggnadsplåtslagare", "plåtarbeten", "tunnplåt", "sheet metal worker", "tinsmith",
    )),
    "glazing": Terms("Glasmästeri", (
        "glasmästare", "glasmontör", "fönstermontör", "fönsterbyte", "glazier",
    )),
    "insulation": Terms("Isolering", (
        "isolerare", "isoleringsmontör", "tilläggsisolering", "brandisolering", "insulator",
    )),
    "demolition": Terms("Rivning och sanering", (
        "rivningsarbetare", "rivare", "rivning", "sanering", "demolition worker", "strip-out",
    )),
    "site-management": Terms("Arbetsledning", (
        "arbetsledare", "platschef", "byggledare", "entreprenadingenjör", "site manager", "foreman",
        "site supervisor",
    )),
    # Engineering
    "structural-engineering": Terms("Byggkonstruktion", (
        "konstruktör", "byggnadskonstruktör", "statiker", "hållfasthetsberäkning", "Eurokod", "structural engineer",
    )),
    "mechanical-cad": Terms("Mekanikkonstruktion (CAD)", (
        "mekanikkonstruktör", "maskinkonstruktör", "CAD", "SolidWorks", "Inventor", "Creo", "mechanical engineer",
        "design engineer",
    )),
    "electrical-design": Terms("Elkonstruktion", (
        "elkonstruktör", "elprojektör", "elprojektering", "AutoCAD", "electrical designer",
    )),
    "civil-engineering": Terms("Väg- och vattenbyggnad", (
        "väg- och vatteningenjör", "anläggningsingenjör", "VA-projektör", "VA", "infrastruktur", "civil engineer",
    )),
    "bim-coordination": Terms("BIM-samordning", (
        "BIM-samordnare", "BIM-koordinator", "BIM", "Revit", "IFC", "Solibri", "BIM coordinator", "BIM manager",
    )),
    "hvac-design": Terms("VVS-projektering", (
        "VVS-konstruktör", "VVS-projektör", "VVS-ingenjör", "energiberäkning", "HVAC engineer", "HVAC designer",
    )),
    "geotechnical-engineering": Terms("Geoteknik", (
        "geotekniker", "geoingenjör", "grundundersökning", "pålning", "geotechnical engineer",
    )),
    "construction-project-management": Terms("Byggprojektledning", (
        "projektledare", "byggprojektledare", "projekteringsledare", "construction manager", "project manager",
        # Shared with site management: the client's byggledare leads the project or the site.
        "byggledare",
    )),
    "plc-automation": Terms("PLC-programmering och automation", (
        "automationsingenjör", "PLC-programmerare", "PLC", "styrsystem", "automation", "TIA Portal",
        "automation engineer", "controls engineer",
    )),
    "energy-consulting": Terms("Energirådgivning", (
        "energikonsult", "energiexpert", "energideklaration", "energikartläggning", "energy consultant",
        "energy auditor",
    )),
    "land-surveying": Terms("Mätteknik", (
        "mättekniker", "mätingenjör", "lantmätare", "utsättning", "inmätning", "GNSS", "totalstation", "surveyor",
        "land surveyor",
    )),
    "fire-safety-engineering": Terms("Brandteknik", (
        "brandingenjör", "brandkonsult", "brandskydd", "brandskyddsdokumentation", "fire engineer",
    )),
    "welding-coordination": Terms("Svetskoordinering", (
        "svetsingenjör", "svetsansvarig", "svetskoordinator", "IWE", "WPS", "welding engineer", "welding coordinator",
    )),
    # IT and software
    "python": Terms("Python", (
        "Python-utvecklare", "pythonutvecklare", "Python developer", "Python3",
        *BACKEND_TITLES, *DEVELOPER_TITLES,
    )),
    "django": Terms("Django", (
        "Django-utvecklare", "Django developer", "Django REST framework", "DRF",
        *BACKEND_TITLES, *DEVELOPER_TITLES,
    )),
    "typescript": Terms("JavaScript och TypeScript", (
        "JavaScript", "TypeScript", "JS", "TS", "Node.js", "nodejs", "Node", "JavaScript-utvecklare",
        "webbutvecklare", "web developer", "frontend", *FRONTEND_TITLES,
        *DEVELOPER_TITLES,
    )),
    "react": Terms("React", (
        "React-utvecklare", "React.js", "ReactJS", "Next.js", "React developer", *FRONTEND_TITLES,
        *DEVELOPER_TITLES,
    )),
    "java": Terms("Java och Spring", (
        "Java", "Java-utvecklare", "javautvecklare", "Spring Boot", "Spring", "JVM", "Java developer",
        *BACKEND_TITLES, *DEVELOPER_TITLES,
    )),
    "dotnet": Terms("C# och .NET", (
        "C#", ".NET", "dotnet", "csharp", "C-sharp", "ASP.NET", ".NET-utvecklare", "C#-utvecklare", ".NET developer",
        *BACKEND_TITLES, *DEVELOPER_TITLES,
    )),
    "cpp": Terms("C++", (
        "C++-utvecklare", "cpp", "C plus plus", "C++ developer", "embedded C++",
        *DEVELOPER_TITLES,
    )),
    "mobile-development": Terms("Apputveckling", (
        "apputvecklare", "mobilutvecklare", "iOS", "Android", "Swift", "Kotlin", "React Native", "app developer",
        "mobile developer",
        *DEVELOPER_TITLES,
    )),
    "devops": Terms("DevOps", (
        "DevOps-ingenjör", "CI/CD", "infrastruktur som kod", "Terraform", "SRE", "DevOps engineer",
    )),
    "kubernetes": Terms("Kubernetes", (
        "k8s", "Helm", "GitOps", "plattformsingenjör", "containrar", "Docker", "platform engineer",
    )),
    "aws": Terms("Amazon Web Services (AWS)", (
        "AWS", "Amazon", "AWS-arkitekt", "AWS-konsult", "EC2", "AWS cloud architect",
    )),
    "azure": Terms("Microsoft Azure", (
        "Azure", "Azure-konsult", "Azure-arkitekt", "Azure cloud engineer",
    )),
    "data-engineering": Terms("Datapipelines och datalager", (
        "dataingenjör", "data engineer", "ETL", "dbt", "Airflow", "Spark", "datalager", "data warehouse",
    )),
    "machine-learning": Terms("Maskininlärning", (
        "ML", "AI", "artificiell intelligens", "maskininlärningsingenjör", "ML engineer", "data scientist",
        "deep learning",
    )),
    "cybersecurity": Terms("Cybersäkerhet", (
        "IT-säkerhet", "informationssäkerhet", "säkerhetskonsult", "penetrationstest", "pentest", "pentester",
        "security consultant", "infosec",
    )),
    "postgresql": Terms("PostgreSQL", (
        "Postgres", "PostgreSQL-specialist", "databasadministratör", "DBA", "SQL",
    )),
    "ux-design": Terms("UX- och UI-design", (
        "UX", "UI", "UX-designer", "UI-designer", "interaktionsdesigner", "Figma", "användbarhet", "UX designer",
    )),
    "test-automation": Terms("Testautomatisering", (
        "testautomatiserare", "testare", "QA", "Playwright", "Selenium", "test automation engineer", "tester",
    )),
    "agile-coaching": Terms("Agil coachning och Scrum", (
        "Scrum Master", "agil coach", "agile coach", "Scrum", "Kanban", "SAFe",
    )),
    "it-support": Terms("IT-support", (
        "IT-tekniker", "supporttekniker", "helpdesk", "servicedesk", "Microsoft 365", "IT technician",
    )),
    # Healthcare
    "registered-nurse": Terms("Sjuksköterska", (
        "legitimerad sjuksköterska", "sjuksköterskor", "ssk", "nurse", "RN",
    )),
    "intensive-care-nursing": Terms("Intensivvård", (
        "intensivvårdssjuksköterska", "IVA-sjuksköterska", "IVA", "ICU nurse", "critical care nurse",
    )),
    "anaesthesia-nursing": Terms("Anestesisjukvård", (
        "anestesisjuksköterska", "narkossköterska", "narkos", "anestesi", "anaesthetic nurse", "nurse anesthetist",
    )),
    "district-nursing": Terms("Distriktssköterska", (
        "distriktssköterskor", "DSK", "vårdcentral", "hemsjukvård", "district nurse", "community nurse",
    )),
    "assistant-nursing": Terms("Undersköterska", (
        "undersköterskor", "usk", "nursing assistant", "healthcare assistant", "care assistant",
        # Shared with elderly care: a home or elderly-care home asks for either.
        "vårdbiträde",
    )),
    "elderly-care": Terms("Äldreomsorg", (
        "hemtjänst", "vårdbiträde", "omsorgspersonal", "äldreboende", "care worker", "home care",
    )),
    "dementia-care": Terms("Demensvård", (
        "demensvårdare", "demensboende", "demensundersköterska", "Alzheimer", "dementia care worker",
    )),
    "physiotherapy": Terms("Fysioterapi", (
        "fysioterapeut", "sjukgymnast", "sjukgymnastik", "rehabilitering", "physiotherapist", "physical therapist",
    )),
    "occupational-therapy": Terms("Arbetsterapi", (
        "arbetsterapeut", "hjälpmedel", "bostadsanpassning", "occupational therapist",
    )),
    "midwifery": Terms("Barnmorska", (
        "barnmorskor", "förlossning", "mödravård", "MVC", "midwife",
    )),
    "biomedical-laboratory-science": Terms("Biomedicinsk analys", (
        "biomedicinsk analytiker", "BMA", "laboratorium", "labb", "biomedical scientist", "lab technician",
    )),
    "personal-assistance": Terms("Personlig assistans", (
        "personlig assistent", "LSS", "LSS-assistent", "personal assistant",
    )),
    "dental-nursing": Terms("Tandsköterska", (
        "tandsköterskor", "tandvård", "dental nurse", "dental assistant",
    )),
    "psychology": Terms("Psykologi", (
        "psykolog", "legitimerad psykolog", "KBT", "psykoterapi", "psychologist", "therapist", "CBT",
    )),
    # Logistics and transport
    "truck-driving": Terms("Lastbilskörning (C/CE)", (
        "lastbilschaufför", "lastbilsförare", "chaufför", "C-körkort", "CE-körkort", "långtradare", "truck driver",
        "lorry driver", "HGV driver",
    )),
    "bus-driving": Terms("Busskörning", (
        "bussförare", "busschaufför", "D-körkort", "linjetrafik", "bus driver", "coach driver",
    )),
    "forklift-operation": Terms("Truckkörning", (
        "truckförare", "gaffeltruck", "motviktstruck", "skjutstativtruck", "forklift driver", "forklift operator",
    )),
    "warehouse-operations": Terms("Lagerarbete", (
        "lagerarbetare", "lagermedarbetare", "orderplock", "plockare", "lager", "warehouse worker", "picker",
    )),
    "logistics-planning": Terms("Logistikplanering", (
        "logistiker", "transportplanerare", "transportledare", "logistics planner", "transport planner", "dispatcher",
    )),
    "crane-operation": Terms("Kranarbete", (
        "kranförare", "mobilkranförare", "tornkranförare", "lyftplanering", "kran", "crane operator", "crane driver",
    )),
    "dangerous-goods-transport": Terms("Farligt gods (ADR)", (
        "ADR", "ADR-förare", "farligt gods", "tankbil", "tankbilschaufför", "hazmat", "ADR driver",
    )),
    "wheel-loader-operation": Terms("Hjullastarkörning", (
        "hjullastare", "hjullastarförare", "lastmaskin", "wheel loader operator", "loader driver",
    )),
    "delivery-driving": Terms("Budkörning och distribution", (
        "budbilsförare", "budchaufför", "distributionsförare", "bud", "paketleverans", "delivery driver", "courier",
        "van driver",
    )),
    # Industry and manufacturing
    "cnc-machining": Terms("CNC-bearbetning", (
        "CNC-operatör", "CNC-tekniker", "CNC", "maskinoperatör", "svarvare", "fräsare", "CNC machinist",
        "CNC operator", "machinist",
    )),
    "industrial-maintenance": Terms("Industriunderhåll", (
        "underhållstekniker", "reparatör", "underhållsmekaniker", "fabriksunderhåll", "maintenance technician",
        "maintenance engineer",
    )),
    "industrial-electrician": Terms("Industriella elarbeten", (
        "industrielektriker", "automationselektriker", "elservice industri", "industrial electrician",
    )),
    "assembly": Terms("Montering", (
        "montör", "montörer", "monteringsarbetare", "montage", "assembler", "assembly worker",
    )),
    "hydraulics": Terms("Hydraulik", (
        "hydraulikmontör", "hydrauliktekniker", "hydraulmekaniker", "hydraulics engineer", "hydraulic technician",
    )),
    "quality-inspection": Terms("Kvalitetskontroll", (
        "kvalitetskontrollant", "kvalitetstekniker", "kontrollant", "CMM", "QC", "quality inspector", "QC inspector",
    )),
}
