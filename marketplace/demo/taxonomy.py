"""The demo skills taxonomy: categories, skills, and the certificates that evidence them.

Each skill carries what its holder is called (`role`, written as it reads mid-sentence) and
what they do in the first person (`does`, completing "I ..."), from which the generator
composes headlines and bios. Rates are typical freelance hourly rates in whole SEK,
excluding VAT; a skill's own range wins over its category's.

The certificates are plain data for now: the competence passport issue turns them into
CompetenceTemplate rows. `skills` names the skills a certificate evidences (empty: the whole
category); `valid_years` is set only where the certificate has a fixed validity; `country`
is where it is issued, empty for international certifications.

Every category, skill and certificate also has a Swedish name and synonyms (`name_sv`,
`synonyms`), kept in vocabulary.py beside this file.
"""

from dataclasses import dataclass

from .vocabulary import CATEGORY_TERMS, CERTIFICATE_TERMS, SKILL_TERMS


class _Named:
    """The Swedish name and synonyms of a taxonomy entry, from vocabulary.py."""

    @property
    def name_sv(self) -> str:
        return self._terms().name_sv

    @property
    def synonyms(self) -> tuple[str, ...]:
        return self._terms().synonyms


@dataclass(frozen=True)
class SkillData(_Named):
    name: str
    slug: str
    role: str
    does: str
    description: str
    rate_sek: tuple[int, int] | None = None

    def _terms(self):
        return SKILL_TERMS[self.slug]


@dataclass(frozen=True)
class CertificateKind(_Named):
    name: str
    issuer: str
    skills: tuple[str, ...] = ()
    valid_years: int | None = None
    country: str = "SE"

    def _terms(self):
        return CERTIFICATE_TERMS[self.name]


@dataclass(frozen=True)
class CategoryData(_Named):
    name: str
    slug: str
    description: str
    field: str  # how a bio names the line of work: "in the trade", "in healthcare"
    rate_sek: tuple[int, int]
    weight: int  # share of demo freelancers whose main skill is in this category
    skills: tuple[SkillData, ...]
    certificates: tuple[CertificateKind, ...]
    closing_lines: tuple[str, ...]  # one of these may end a bio

    def _terms(self):
        return CATEGORY_TERMS[self.slug]


CONSTRUCTION = CategoryData(
    name="Construction trades",
    slug="construction",
    description="Skilled trades on the building site, from groundwork and concrete to roofs, installations "
    "and finishes.",
    field="in the trade",
    rate_sek=(380, 750),
    weight=32,
    skills=(
        SkillData("Welding (MIG/MAG)", "welding", "welder",
                  "weld structural steel, beams and brackets with MIG/MAG and stick, working from drawings and WPS",
                  "MIG/MAG and MMA welding of structural steel to welding procedure specifications.", (450, 700)),
        SkillData("TIG welding", "tig-welding", "TIG welder",
                  "TIG-weld stainless steel and aluminium, including pipework for the food and process industries",
                  "TIG welding of stainless steel and aluminium, including pipe welding.", (520, 760)),
        SkillData("Electrical installation", "electrical-installation", "electrician",
                  "install and rewire power, lighting and distribution boards in homes, offices and shops",
                  "Low-voltage installations in housing and commercial buildings, from first fix to commissioning.",
                  (520, 780)),
        SkillData("Plumbing", "plumbing", "plumber",
                  "install water, waste and heating systems, with wet-room work done to Säker Vatten rules",
                  "Water, waste and heating installations in new builds and renovations.", (500, 760)),
        SkillData("Carpentry", "carpentry", "carpenter",
                  "build timber frames, fit out interiors and hang doors, windows and kitchens",
                  "Framing, interior fit-out and finishing carpentry.", (420, 680)),
        SkillData("Formwork", "formwork", "formwork carpenter",
                  "build and strip formwork for walls, slabs and foundations, both traditional and system formwork",
                  "Traditional and system formwork for in-situ concrete.", (420, 650)),
        SkillData("Scaffolding", "scaffolding", "scaffolder",
                  "erect, alter and dismantle system scaffolding on facades and industrial sites",
                  "Erection and dismantling of system and tube-and-fitting scaffolding.", (400, 620)),
        SkillData("Roofing", "roofing", "roofer",
                  "lay and repair tile, sheet-metal and membrane roofs, including flashings and gutters",
                  "Tile, sheet-metal and membrane roofing, flashings and rainwater systems.", (420, 680)),
        SkillData("Concrete work", "concrete-work", "concrete worker",
                  "fix reinforcement, pour and finish concrete slabs, foundations and walls",
                  "Reinforcement, casting and finishing of in-situ concrete.", (400, 640)),
        SkillData("HVAC installation", "hvac-installation", "HVAC installer",
                  "install ventilation ducts, air handling units and heat recovery, and balance the air flows",
                  "Installation and commissioning of ventilation and air-handling systems.", (460, 700)),
        SkillData("Heat pumps and refrigeration", "refrigeration-heat-pumps", "refrigeration technician",
                  "install and service heat pumps, chillers and cold rooms",
                  "Installation and service of heat pumps, chillers and refrigeration plants.", (520, 780)),
        SkillData("Painting and decorating", "painting", "painter",
                  "prepare, fill and paint interiors and facades, and hang wallpaper",
                  "Interior and exterior painting, surface preparation and wallpapering.", (400, 600)),
        SkillData("Tiling", "tiling", "tiler",
                  "waterproof and tile bathrooms, kitchens and floors to the industry's wet-room rules",
                  "Wall and floor tiling, including certified wet-room waterproofing.", (450, 700)),
        SkillData("Drywall and ceilings", "drywall", "drywall installer",
                  "put up steel-stud walls, suspended ceilings and plasterboard, ready for the painter",
                  "Steel-stud partitions, suspended ceilings, plasterboard and plastering.", (400, 620)),
        SkillData("Bricklaying", "bricklaying", "bricklayer",
                  "lay brick and block, render facades and repair old masonry",
                  "Brick and block masonry, rendering and masonry repair.", (430, 660)),
        SkillData("Groundwork", "groundwork", "groundworker",
                  "dig, lay drainage and prepare the ground for foundations, roads and utilities",
                  "Excavation, drainage, utility trenches and site preparation.", (400, 620)),
        SkillData("Excavator operation", "excavator-operation", "excavator operator",
                  "operate tracked and wheeled excavators for digging, grading and loading, with GPS machine control",
                  "Operation of tracked and wheeled excavators, grading with machine control.", (450, 700)),
        SkillData("Flooring", "flooring", "floor layer",
                  "lay vinyl, linoleum, parquet and laminate, including levelling the subfloor",
                  "Resilient and wooden floor coverings, levelling compounds and finishing.", (420, 650)),
        SkillData("Sheet metal work", "sheet-metal-work", "sheet metal worker",
                  "fabricate and fit flashings, facade cladding and gutters in sheet metal",
                  "Building sheet-metal work: flashings, cladding, gutters and downpipes.", (430, 660)),
        SkillData("Glazing", "glazing", "glazier",
                  "fit windows, glass partitions and glazed facades",
                  "Installation of windows, glass partitions and curtain-wall glazing.", (430, 650)),
        SkillData("Insulation", "insulation", "insulation installer",
                  "insulate buildings, pipes and ducts against heat, cold and fire",
                  "Thermal, technical and fire insulation of buildings and installations.", (400, 600)),
        SkillData("Demolition and strip-out", "demolition", "demolition worker",
                  "strip out and demolish safely, sorting the waste as I go",
                  "Selective demolition, strip-out and sorting of building waste.", (380, 580)),
        SkillData("Site management", "site-management", "site manager",
                  "run sites day to day: planning, subcontractors, safety rounds and handover",
                  "Day-to-day management of building sites, work environment and subcontractors.", (650, 950)),
    ),
    certificates=(
        CertificateKind("ID06 card", "ID06"),
        CertificateKind("First aid and CPR (HLR)", "Svenska rådet för hjärt-lungräddning"),
        CertificateKind("Hot work certificate (Heta arbeten)", "Brandskyddsföreningen",
                        ("welding", "tig-welding", "roofing", "plumbing", "sheet-metal-work",
                         "refrigeration-heat-pumps", "demolition"), 5),
        CertificateKind("Fall protection (Fallskydd)", "Accredited training provider",
                        ("roofing", "scaffolding", "sheet-metal-work", "glazing", "site-management")),
        CertificateKind("Scaffolding training (Ställningsbyggarutbildning)", "Accredited training provider",
                        ("scaffolding",)),
        CertificateKind("Welder qualification (EN ISO 9606-1)", "Accredited certification body",
                        ("welding", "tig-welding"), country=""),
        CertificateKind("Electrical installation authorisation (Elsäkerhetsverket)", "Elsäkerhetsverket",
                        ("electrical-installation",)),
        CertificateKind("Electrical safety instructions (ESA)", "Energiföretagen Sverige",
                        ("electrical-installation", "hvac-installation")),
        CertificateKind("Säker Vatten installer authorisation", "Säker Vatten AB", ("plumbing",), 5),
        CertificateKind("Wet room authorisation (BKR)", "Byggkeramikrådet", ("tiling",)),
        CertificateKind("Wet room authorisation (GVK)", "Golvbranschens Våtrumskontroll", ("flooring",)),
        CertificateKind("Refrigerant handling certificate (F-gas)", "Accredited certification body",
                        ("refrigeration-heat-pumps", "hvac-installation"), 5),
        CertificateKind("Machine operator certificate (Maskinförarbevis)", "Maskinentreprenörerna",
                        ("excavator-operation", "groundwork")),
        CertificateKind("Mobile elevating work platform (Liftutbildning)", "Accredited training provider",
                        ("painting", "glazing", "electrical-installation", "drywall", "sheet-metal-work")),
        CertificateKind("Asbestos removal training", "Accredited training provider", ("demolition",)),
        CertificateKind("Work environment coordinator (BAS-P / BAS-U)", "Accredited training provider",
                        ("site-management",)),
        CertificateKind("Journeyman's certificate (Gesällbrev)", "Byggnadsindustrins Yrkesnämnd",
                        ("carpentry", "painting", "tiling", "bricklaying", "flooring", "sheet-metal-work")),
    ),
    closing_lines=(
        "I bring my own tools and a van.",
        "I'm happy to travel for assignments of a few weeks or more.",
        "I work just as well alone as in a larger team.",
        "I keep a tidy site and document my work with photos.",
        "References from recent projects on request.",
    ),
)

ENGINEERING = CategoryData(
    name="Engineering",
    slug="engineering",
    description="Design, calculation and project leadership for buildings, infrastructure and industry.",
    field="as an engineer",
    rate_sek=(650, 1150),
    weight=12,
    skills=(
        SkillData("Structural engineering", "structural-engineering", "structural engineer",
                  "design and check load-bearing structures in steel, concrete and timber to Eurocode",
                  "Design and verification of load-bearing structures to Eurocode."),
        SkillData("Mechanical design (CAD)", "mechanical-cad", "mechanical design engineer",
                  "design machines and components in SolidWorks, Inventor and Creo, with drawings ready for the shop",
                  "3D modelling, drawings and tolerancing of mechanical parts and assemblies."),
        SkillData("Electrical design", "electrical-design", "electrical design engineer",
                  "design power, lighting and telecom systems for buildings and draw them up in AutoCAD",
                  "Design of power distribution, lighting and telecom systems for buildings."),
        SkillData("Civil engineering", "civil-engineering", "civil engineer",
                  "plan and design roads, water and sewerage, and earthworks",
                  "Design of roads, railways, water and sewerage, and earthworks."),
        SkillData("BIM coordination", "bim-coordination", "BIM coordinator",
                  "coordinate Revit and IFC models across disciplines and run clash detection in Solibri",
                  "Model coordination, clash detection and BIM requirements across disciplines."),
        SkillData("HVAC design", "hvac-design", "HVAC design engineer",
                  "design heating, cooling and ventilation systems and calculate their energy use",
                  "Design and calculation of heating, ventilation and cooling systems."),
        SkillData("Geotechnical engineering", "geotechnical-engineering", "geotechnical engineer",
                  "investigate ground conditions and design foundations, piling and slopes",
                  "Ground investigation, foundation design and slope stability."),
        SkillData("Construction project management", "construction-project-management", "project manager",
                  "lead building projects from design to handover, keeping time, cost and quality in check",
                  "Project management of building and infrastructure projects.", (750, 1200)),
        SkillData("PLC programming and automation", "plc-automation", "automation engineer",
                  "program PLCs and HMIs in Siemens TIA Portal and commission production lines",
                  "PLC and HMI programming and commissioning of automated production."),
        SkillData("Energy consulting", "energy-consulting", "energy consultant",
                  "carry out energy audits and energy performance certificates, and suggest savings that pay back",
                  "Energy audits, energy performance certificates and savings measures.", (650, 1000)),
        SkillData("Land surveying", "land-surveying", "surveyor",
                  "set out buildings and roads and survey with GNSS and total stations",
                  "Setting out, measurement and as-built surveys with GNSS and total stations.", (600, 950)),
        SkillData("Fire safety engineering", "fire-safety-engineering", "fire safety engineer",
                  "write fire safety designs and evacuation analyses for new and existing buildings",
                  "Fire safety design, evacuation analysis and fire protection documentation."),
        SkillData("Welding coordination", "welding-coordination", "welding engineer",
                  "write welding procedures, inspect welds and coordinate welding to EN ISO 3834",
                  "Welding procedures (WPS/WPQR), inspection and coordination to EN ISO 3834."),
    ),
    certificates=(
        CertificateKind("Certified control officer (Kontrollansvarig, PBL)", "Accredited certification body",
                        ("construction-project-management", "structural-engineering")),
        CertificateKind("Certified energy expert (Energiexpert)", "Accredited certification body",
                        ("energy-consulting",)),
        CertificateKind("Project Management Professional (PMP)", "Project Management Institute",
                        ("construction-project-management",), 3, country=""),
        CertificateKind("Autodesk Certified Professional: Revit", "Autodesk",
                        ("bim-coordination", "structural-engineering", "hvac-design", "electrical-design"), country=""),
        CertificateKind("Certified SOLIDWORKS Professional (CSWP)", "Dassault Systèmes", ("mechanical-cad",),
                        country=""),
        CertificateKind("International Welding Engineer (IWE)", "International Institute of Welding",
                        ("welding-coordination",), country=""),
        CertificateKind("Siemens TIA Portal certification", "Siemens", ("plc-automation",), country=""),
    ),
    closing_lines=(
        "I'm at home with drawings, calculations and the documentation that goes with them.",
        "I can work remotely, with site visits as the project needs them.",
        "I'm used to working as the client's representative towards contractors.",
    ),
)

IT = CategoryData(
    name="IT and software",
    slug="it",
    description="Developers, cloud and data engineers, security specialists and designers.",
    field="in software",
    rate_sek=(700, 1200),
    weight=22,
    skills=(
        SkillData("Python", "python", "Python developer",
                  "build back ends, integrations and data tools in Python",
                  "Back-end development, scripting and data processing in Python."),
        SkillData("Django", "django", "Django developer",
                  "build and maintain Django applications, from models and the admin to APIs",
                  "Web applications with Django and Django REST framework."),
        SkillData("JavaScript and TypeScript", "typescript", "TypeScript developer",
                  "write typed, tested JavaScript and TypeScript for browsers and Node.js",
                  "Front-end and Node.js development in JavaScript and TypeScript."),
        SkillData("React", "react", "React developer",
                  "build accessible, fast user interfaces in React and Next.js",
                  "Single-page and server-rendered interfaces with React."),
        SkillData("Java and Spring", "java", "Java developer",
                  "develop and modernise Java and Spring Boot services",
                  "Back-end services in Java and Spring Boot."),
        SkillData("C# and .NET", "dotnet", ".NET developer",
                  "build web APIs and business systems in C# and .NET",
                  "Applications and APIs in C# and .NET."),
        SkillData("Mobile development", "mobile-development", "mobile developer",
                  "build iOS and Android apps in Swift, Kotlin and React Native",
                  "Native and cross-platform apps for iOS and Android."),
        SkillData("DevOps", "devops", "DevOps engineer",
                  "automate builds, deployments and monitoring with CI/CD pipelines and infrastructure as code",
                  "CI/CD, infrastructure as code, monitoring and incident response."),
        SkillData("Kubernetes", "kubernetes", "platform engineer",
                  "run containerised workloads on Kubernetes with Helm, GitOps and sensible autoscaling",
                  "Container platforms on Kubernetes: cluster operations, Helm and GitOps."),
        SkillData("Amazon Web Services (AWS)", "aws", "AWS cloud architect",
                  "design and run secure, cost-aware workloads on AWS",
                  "Architecture and operations on Amazon Web Services."),
        SkillData("Microsoft Azure", "azure", "Azure cloud engineer",
                  "set up and run Azure subscriptions, networks and app services",
                  "Architecture and operations on Microsoft Azure."),
        SkillData("Data engineering", "data-engineering", "data engineer",
                  "build data pipelines and warehouses with SQL, dbt, Airflow and Spark",
                  "Data pipelines, warehousing and analytics engineering."),
        SkillData("Machine learning", "machine-learning", "machine learning engineer",
                  "train, evaluate and deploy machine learning models that solve a real business problem",
                  "Model development, evaluation and deployment."),
        SkillData("Cybersecurity", "cybersecurity", "security consultant",
                  "run security reviews and penetration tests, and help teams fix what we find",
                  "Security assessments, penetration testing and secure development."),
        SkillData("PostgreSQL", "postgresql", "PostgreSQL specialist",
                  "design schemas, tune queries and keep PostgreSQL databases healthy and backed up",
                  "Database design, query tuning, replication and backups in PostgreSQL."),
        SkillData("UX and UI design", "ux-design", "UX designer",
                  "research users, prototype in Figma and turn what we learn into clear interfaces",
                  "User research, interaction design and prototyping.", (650, 1050)),
        SkillData("Test automation", "test-automation", "test automation engineer",
                  "write automated tests with Playwright and pytest and make them part of CI",
                  "Automated testing of web applications and APIs, test strategy and CI.", (650, 1000)),
        SkillData("Scrum and agile coaching", "agile-coaching", "agile coach",
                  "coach teams in Scrum and Kanban and help them ship in small, steady steps",
                  "Scrum Master and agile coaching for product teams.", (750, 1150)),
        SkillData("IT support", "it-support", "IT technician",
                  "set up and support computers, networks and Microsoft 365 for small businesses",
                  "End-user support, networks and Microsoft 365 administration.", (450, 700)),
    ),
    certificates=(
        CertificateKind("AWS Certified Solutions Architect", "Amazon Web Services", ("aws", "devops"), 3, country=""),
        CertificateKind("Microsoft Certified: Azure Solutions Architect Expert", "Microsoft", ("azure",), 1,
                        country=""),
        CertificateKind("Certified Kubernetes Administrator (CKA)", "Cloud Native Computing Foundation",
                        ("kubernetes", "devops"), 2, country=""),
        CertificateKind("HashiCorp Certified: Terraform Associate", "HashiCorp", ("devops", "aws", "azure"), 2,
                        country=""),
        CertificateKind("Google Cloud Professional Data Engineer", "Google Cloud", ("data-engineering",), 2,
                        country=""),
        CertificateKind("CISSP", "ISC2", ("cybersecurity",), 3, country=""),
        CertificateKind("OSCP", "OffSec", ("cybersecurity",), country=""),
        CertificateKind("Professional Scrum Master (PSM I)", "Scrum.org", ("agile-coaching",), country=""),
        CertificateKind("ISTQB Certified Tester, Foundation Level", "ISTQB", ("test-automation",), country=""),
        CertificateKind("Oracle Certified Professional: Java SE Developer", "Oracle", ("java",), country=""),
        CertificateKind("CompTIA A+", "CompTIA", ("it-support",), 3, country=""),
    ),
    closing_lines=(
        "I prefer remote work with a day or two a week on site.",
        "I like small teams, short feedback loops and code that is easy to hand over.",
        "I write documentation as I go, so the team can carry on without me.",
        "Open-source contributor; links to my work on request.",
    ),
)

HEALTHCARE = CategoryData(
    name="Healthcare",
    slug="healthcare",
    description="Licensed nurses, therapists and care staff for hospitals, primary care and elderly care.",
    field="in healthcare",
    rate_sek=(350, 950),
    weight=18,
    skills=(
        SkillData("Registered nurse", "registered-nurse", "registered nurse",
                  "take shifts on medical, surgical and emergency wards, and in primary care",
                  "Licensed nurse for hospital wards, primary care and municipal care.", (600, 950)),
        SkillData("Intensive care nursing", "intensive-care-nursing", "intensive care nurse",
                  "care for critically ill patients in intensive care and post-operative units",
                  "Specialist nurse in intensive and post-operative care.", (800, 1200)),
        SkillData("Anaesthesia nursing", "anaesthesia-nursing", "anaesthesia nurse",
                  "give and monitor anaesthesia in the operating theatre",
                  "Specialist nurse in anaesthesia and operating-theatre care.", (800, 1200)),
        SkillData("District nursing", "district-nursing", "district nurse",
                  "run clinics and home visits in primary care, from wound care to chronic illness",
                  "Specialist nurse in primary care and home health care.", (700, 1000)),
        SkillData("Assistant nursing", "assistant-nursing", "assistant nurse",
                  "support patients with daily care on wards, in care homes and in home care",
                  "Assistant nurse (undersköterska) for hospitals, care homes and home care.", (350, 480)),
        SkillData("Elderly care", "elderly-care", "care worker",
                  "care for older people in care homes and in their own homes, with patience and respect",
                  "Care and support for older people in care homes and home care.", (350, 450)),
        SkillData("Dementia care", "dementia-care", "dementia care worker",
                  "work with people living with dementia, using person-centred care",
                  "Person-centred care for people living with dementia.", (360, 480)),
        SkillData("Physiotherapy", "physiotherapy", "physiotherapist",
                  "assess and treat injuries and long-term pain, and plan rehabilitation with the patient",
                  "Licensed physiotherapy: assessment, treatment and rehabilitation.", (550, 850)),
        SkillData("Occupational therapy", "occupational-therapy", "occupational therapist",
                  "help people manage daily life after illness or injury, including aids and home adaptations",
                  "Licensed occupational therapy and assessment for aids.", (550, 800)),
        SkillData("Midwifery", "midwifery", "midwife",
                  "care for women in pregnancy, birth and afterwards, on labour wards and in antenatal care",
                  "Licensed midwife for labour wards and antenatal clinics.", (750, 1100)),
        SkillData("Biomedical laboratory science", "biomedical-laboratory-science", "biomedical scientist",
                  "analyse samples in clinical chemistry, microbiology and transfusion medicine",
                  "Licensed biomedical scientist in hospital laboratories.", (550, 800)),
        SkillData("Personal assistance", "personal-assistance", "personal assistant",
                  "support people with disabilities in everyday life, at home, at work and on the move",
                  "Personal assistance (LSS) for people with disabilities.", (350, 420)),
        SkillData("Dental nursing", "dental-nursing", "dental nurse",
                  "assist dentists chairside, sterilise instruments and look after anxious patients",
                  "Chairside assistance, sterilisation and patient care in dental clinics.", (380, 520)),
        SkillData("Psychology", "psychology", "psychologist",
                  "assess and treat anxiety, depression and stress, and write psychological assessments",
                  "Licensed psychologist: assessment and treatment.", (750, 1150)),
    ),
    certificates=(
        CertificateKind("CPR for healthcare (HLR)", "Svenska rådet för hjärt-lungräddning"),
        CertificateKind("Nurse licence (Socialstyrelsen)", "Socialstyrelsen",
                        ("registered-nurse", "intensive-care-nursing", "anaesthesia-nursing", "district-nursing",
                         "midwifery")),
        CertificateKind("Specialist nursing degree", "Swedish university",
                        ("intensive-care-nursing", "anaesthesia-nursing", "district-nursing")),
        CertificateKind("Assistant nurse title (Skyddad yrkestitel, Socialstyrelsen)", "Socialstyrelsen",
                        ("assistant-nursing",)),
        CertificateKind("Physiotherapist licence (Socialstyrelsen)", "Socialstyrelsen", ("physiotherapy",)),
        CertificateKind("Occupational therapist licence (Socialstyrelsen)", "Socialstyrelsen",
                        ("occupational-therapy",)),
        CertificateKind("Midwife licence (Socialstyrelsen)", "Socialstyrelsen", ("midwifery",)),
        CertificateKind("Biomedical scientist licence (Socialstyrelsen)", "Socialstyrelsen",
                        ("biomedical-laboratory-science",)),
        CertificateKind("Psychologist licence (Socialstyrelsen)", "Socialstyrelsen", ("psychology",)),
        CertificateKind("Delegation to give medicines (Läkemedelsdelegering)", "Employer's registered nurse",
                        ("assistant-nursing", "elderly-care", "dementia-care", "personal-assistance"), 1),
        CertificateKind("Criminal record extract (Utdrag ur belastningsregistret)", "Polismyndigheten",
                        ("elderly-care", "dementia-care", "personal-assistance", "assistant-nursing"), 1),
    ),
    closing_lines=(
        "I take day, evening and night shifts.",
        "I'm used to short introductions and getting up to speed quickly on a new ward.",
        "I document carefully and hand over clearly at the end of every shift.",
        "I can take longer assignments outside my home region, with travel and housing arranged.",
    ),
)

LOGISTICS = CategoryData(
    name="Logistics and transport",
    slug="logistics",
    description="Drivers, machine and crane operators, warehouse staff and transport planners.",
    field="in transport and logistics",
    rate_sek=(350, 600),
    weight=10,
    skills=(
        SkillData("Truck driving (C/CE)", "truck-driving", "truck driver",
                  "drive rigid trucks and articulated lorries in distribution and long haul, loading and securing"
                  " the goods myself",
                  "Heavy goods vehicle driving with category C and CE licences.", (380, 560)),
        SkillData("Bus driving", "bus-driving", "bus driver",
                  "drive local, regional and coach services, safely and on time",
                  "Bus and coach driving with a category D licence.", (380, 520)),
        SkillData("Forklift operation", "forklift-operation", "forklift operator",
                  "drive counterbalance and reach trucks in warehouses and yards",
                  "Counterbalance and reach truck driving.", (350, 460)),
        SkillData("Warehouse operations", "warehouse-operations", "warehouse worker",
                  "pick, pack, receive and ship goods accurately in WMS-driven warehouses",
                  "Goods receiving, picking, packing and stock-taking.", (350, 450)),
        SkillData("Logistics planning", "logistics-planning", "logistics planner",
                  "plan transport and routes, book carriers and keep deliveries on schedule",
                  "Transport planning, route optimisation and carrier management.", (500, 800)),
        SkillData("Crane operation", "crane-operation", "crane operator",
                  "operate mobile and tower cranes and plan the lifts together with the slinger",
                  "Mobile and tower crane operation and lift planning.", (500, 750)),
        SkillData("Dangerous goods transport (ADR)", "dangerous-goods-transport", "ADR driver",
                  "carry dangerous goods, tankers included, under the ADR rules",
                  "Transport of dangerous goods under ADR, including tank vehicles.", (420, 600)),
        SkillData("Wheel loader operation", "wheel-loader-operation", "wheel loader operator",
                  "run wheel loaders in quarries, terminals and winter road clearance",
                  "Wheel loader operation at quarries, terminals and building sites.", (420, 620)),
        SkillData("Delivery driving", "delivery-driving", "delivery driver",
                  "drive parcel and goods routes in vans, with friendly, careful handovers",
                  "Van and light-truck deliveries on a category B licence.", (350, 420)),
    ),
    certificates=(
        CertificateKind("Driving licence C/CE", "Transportstyrelsen",
                        ("truck-driving", "dangerous-goods-transport"), 5),
        CertificateKind("Driving licence D", "Transportstyrelsen", ("bus-driving",), 5),
        CertificateKind("Professional driver competence (YKB)", "Transportstyrelsen",
                        ("truck-driving", "bus-driving", "dangerous-goods-transport"), 5),
        CertificateKind("Tachograph driver card (Förarkort)", "Transportstyrelsen",
                        ("truck-driving", "bus-driving", "dangerous-goods-transport"), 5),
        CertificateKind("ADR certificate", "MSB", ("dangerous-goods-transport",), 5, country=""),
        CertificateKind("Forklift licence (Truckkort A+B, TLP10)", "Accredited training provider",
                        ("forklift-operation", "warehouse-operations")),
        CertificateKind("Mobile crane operator certificate", "Accredited certification body",
                        ("crane-operation",), 5),
        CertificateKind("Machine operator certificate (Maskinförarbevis)", "Maskinentreprenörerna",
                        ("wheel-loader-operation",)),
    ),
    closing_lines=(
        "Clean driving record and used to early starts.",
        "I know the roads in northern Scandinavia well, winter included.",
        "Happy to do relief driving at short notice.",
    ),
)

INDUSTRY = CategoryData(
    name="Industry and manufacturing",
    slug="industry",
    description="Machinists, maintenance technicians, industrial electricians and quality inspectors.",
    field="in manufacturing",
    rate_sek=(420, 800),
    weight=6,
    skills=(
        SkillData("CNC machining", "cnc-machining", "CNC machinist",
                  "set up and run CNC lathes and mills, and write programs in Heidenhain and Fanuc",
                  "Setup, programming and operation of CNC lathes and milling machines.", (450, 700)),
        SkillData("Industrial maintenance", "industrial-maintenance", "maintenance technician",
                  "keep production running with preventive maintenance and fast troubleshooting",
                  "Mechanical and electrical maintenance of production equipment.", (480, 720)),
        SkillData("Industrial electrical work", "industrial-electrician", "industrial electrician",
                  "install and troubleshoot motors, drives and control cabinets in industry",
                  "Power and control installations, drives and troubleshooting in industry.", (520, 780)),
        SkillData("Assembly", "assembly", "assembly technician",
                  "assemble machines and components to drawings and work instructions",
                  "Mechanical and electrical assembly to drawings and work instructions.", (380, 520)),
        SkillData("Hydraulics", "hydraulics", "hydraulics technician",
                  "service and repair hydraulic systems on machines and vehicles",
                  "Service and repair of mobile and industrial hydraulics.", (480, 700)),
        SkillData("Quality inspection", "quality-inspection", "quality inspector",
                  "measure and inspect parts with CMM and hand tools, and write clear deviation reports",
                  "Incoming, in-process and final inspection, including CMM measurement.", (450, 680)),
    ),
    certificates=(
        CertificateKind("Overhead crane training (Traversutbildning)", "Accredited training provider",
                        ("industrial-maintenance", "assembly")),
        CertificateKind("Electrical safety instructions (ESA Industri)", "Energiföretagen Sverige",
                        ("industrial-electrician", "industrial-maintenance")),
        CertificateKind("Hydraulics certificate (Hydraulikcertifikat)", "Accredited training provider",
                        ("hydraulics",)),
        CertificateKind("ISO 9001 internal auditor", "Accredited training provider", ("quality-inspection",),
                        country=""),
    ),
    closing_lines=(
        "Used to shift work, including weekends during shutdowns.",
        "I like improvement work as much as the day-to-day.",
    ),
)

CATEGORIES: tuple[CategoryData, ...] = (CONSTRUCTION, ENGINEERING, IT, HEALTHCARE, LOGISTICS, INDUSTRY)

# Secondary skills now and then come from a neighbouring line of work.
RELATED_CATEGORIES: dict[str, tuple[str, ...]] = {
    "construction": ("industry", "logistics"),
    "engineering": ("construction", "it"),
    "it": ("engineering",),
    "healthcare": (),
    "logistics": ("construction", "industry"),
    "industry": ("engineering", "construction"),
}

SKILLS_BY_SLUG: dict[str, SkillData] = {skill.slug: skill for category in CATEGORIES for skill in category.skills}
CATEGORY_OF_SKILL: dict[str, CategoryData] = {
    skill.slug: category for category in CATEGORIES for skill in category.skills
}


def _certificates_by_skill() -> dict[str, tuple[CertificateKind, ...]]:
    return {
        skill.slug: tuple(c for c in category.certificates if not c.skills or skill.slug in c.skills)
        for category in CATEGORIES
        for skill in category.skills
    }


CERTIFICATES_BY_SKILL = _certificates_by_skill()


def certificates_for(skill_slugs, *, country: str | None = None) -> list[CertificateKind]:
    """The certificates that evidence any of these skills, category-wide ones included; with a
    country, only those issued there or international ones."""
    found = {}
    for slug in skill_slugs:
        for certificate in CERTIFICATES_BY_SKILL[slug]:
            if country is None or certificate.country in ("", country):
                found.setdefault(certificate.name, certificate)
    return list(found.values())
