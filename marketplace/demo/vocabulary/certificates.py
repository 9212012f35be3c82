"""The certificates' Swedish names and synonyms, by certificate name."""

from .terms import Terms

CERTIFICATE_TERMS: dict[str, Terms] = {
    # Construction trades
    "ID06 card": Terms("ID06-kort", ("ID06", "ID06-legitimation")),
    "First aid and CPR (HLR)": Terms("Första hjälpen och HLR", (
        "HLR", "hjärt-lungräddning", "första hjälpen", "CPR", "first aid",
    )),
    "Hot work certificate (Heta arbeten)": Terms("Heta arbeten", (
        "certifikat heta arbeten", "heta arbeten-certifikat", "hot work permit",
    )),
    "Fall protection (Fallskydd)": Terms("Fallskydd", ("fallskyddsutbildning", "arbete på höjd", "working at height")),
    "Scaffolding training (Ställningsbyggarutbildning)": Terms("Ställningsbyggarutbildning", (
        "ställningsutbildning", "ställningsbevis", "scaffolding certificate",
    )),
    "Welder qualification (EN ISO 9606-1)": Terms("Svetsarprövning (EN ISO 9606-1)", (
        "svetscertifikat", "svetsprövning", "ISO 9606", "welding certificate", "welder certificate",
    )),
    "Electrical installation authorisation (Elsäkerhetsverket)": Terms(
        "Auktorisation som elinstallatör (Elsäkerhetsverket)", (
            "elbehörighet", "auktoriserad elinstallatör", "auktorisation AL", "auktorisation B", "electrical licence",
        )),
    "Electrical safety instructions (ESA)": Terms("Elsäkerhetsanvisningar (ESA)", (
        "ESA", "ESA-utbildning", "elsäkerhet",
    )),
    "Säker Vatten installer authorisation": Terms("Säker Vatten-auktorisation", (
        "Säker Vatten", "säkervatten", "branschregler Säker Vatten",
    )),
    "Wet room authorisation (BKR)": Terms("Våtrumsbehörighet (BKR)", (
        "BKR", "våtrumsbehörighet", "wet room certificate",
    )),
    "Wet room authorisation (GVK)": Terms("Våtrumsbehörighet (GVK)", ("GVK", "GVK-behörighet", "våtrumsbehörighet")),
    "Refrigerant handling certificate (F-gas)": Terms("Certifikat för köldmedier (F-gas)", (
        "F-gas", "F-gascertifikat", "F-gas certificate", "köldmediecertifikat", "kylcertifikat", "köldmedier",
        "köldmedia", "refrigerant certificate",
    )),
    "Machine operator certificate (Maskinförarbevis)": Terms("Maskinförarbevis", (
        "maskinförarintyg", "MYN-intyg", "plant operator licence",
    )),
    "Mobile elevating work platform (Liftutbildning)": Terms("Liftutbildning", (
        "liftkort", "skylift", "saxlift", "MEWP", "IPAF",
    )),
    "Asbestos removal training": Terms("Asbestutbildning", ("asbestsanering", "asbest", "asbestbehörighet")),
    "Work environment coordinator (BAS-P / BAS-U)": Terms("Byggarbetsmiljösamordnare (BAS-P / BAS-U)", (
        "BAS-P", "BAS-U", "BAS", "arbetsmiljösamordnare",
    )),
    "Journeyman's certificate (Gesällbrev)": Terms("Gesällbrev", ("gesäll", "yrkesbevis", "journeyman")),
    # Engineering
    "Certified control officer (Kontrollansvarig, PBL)": Terms("Certifierad kontrollansvarig (KA)", (
        "KA", "kontrollansvarig", "certifierad KA", "PBL",
    )),
    "Certified energy expert (Energiexpert)": Terms("Certifierad energiexpert", (
        "energiexpert", "behörig energiexpert",
    )),
    "Project Management Professional (PMP)": Terms("Project Management Professional (PMP)", (
        "PMP", "PMI", "projektledarcertifiering",
    )),
    "Autodesk Certified Professional: Revit": Terms("Autodesk-certifiering i Revit", (
        "Revit", "Autodesk", "Revit-certifiering",
    )),
    "Certified SOLIDWORKS Professional (CSWP)": Terms("SOLIDWORKS-certifiering (CSWP)", (
        "CSWP", "SolidWorks", "SolidWorks-certifiering",
    )),
    "International Welding Engineer (IWE)": Terms("Internationell svetsingenjör (IWE)", (
        "IWE", "svetsingenjör", "IIW",
    )),
    "Siemens TIA Portal certification": Terms("Siemens TIA Portal-certifiering", ("TIA Portal", "Siemens", "S7")),
    # IT and software
    "AWS Certified Solutions Architect": Terms("AWS-certifierad lösningsarkitekt", (
        "AWS Solutions Architect", "AWS SAA", "AWS-certifiering",
    )),
    "Microsoft Certified: Azure Solutions Architect Expert": Terms("Microsoft-certifierad Azure-lösningsarkitekt", (
        "AZ-305", "Azure Solutions Architect", "Azure-certifiering",
    )),
    "Certified Kubernetes Administrator (CKA)": Terms("Certifierad Kubernetes-administratör (CKA)", (
        "CKA", "Kubernetes-certifiering",
    )),
    "HashiCorp Certified: Terraform Associate": Terms("HashiCorp-certifiering: Terraform Associate", (
        "Terraform", "Terraform-certifiering",
    )),
    "Google Cloud Professional Data Engineer": Terms("Google Cloud-certifierad dataingenjör", (
        "GCP", "Google Cloud", "GCP Data Engineer",
    )),
    "CISSP": Terms("CISSP", ("Certified Information Systems Security Professional", "säkerhetscertifiering")),
    "OSCP": Terms("OSCP", ("Offensive Security Certified Professional", "pentestcertifiering")),
    "Professional Scrum Master (PSM I)": Terms("Professional Scrum Master (PSM I)", (
        "PSM", "PSM I", "certifierad Scrum Master",
    )),
    "ISTQB Certified Tester, Foundation Level": Terms("ISTQB-certifierad testare, grundnivå", (
        "ISTQB", "ISTQB Foundation", "testcertifiering",
    )),
    "Oracle Certified Professional: Java SE Developer": Terms("Oracle-certifierad Java SE-utvecklare", (
        "OCP", "OCP Java", "Java-certifiering",
    )),
    "CompTIA A+": Terms("CompTIA A+", ("A+", "CompTIA")),
    # Healthcare
    "CPR for healthcare (HLR)": Terms("HLR för vårdpersonal", ("HLR", "S-HLR", "hjärt-lungräddning", "CPR")),
    "Nurse licence (Socialstyrelsen)": Terms("Sjuksköterskelegitimation (Socialstyrelsen)", (
        "sjuksköterskelegitimation", "legitimation", "nursing licence",
    )),
    "Specialist nursing degree": Terms("Specialistsjuksköterskeexamen", (
        "specialistsjuksköterska", "specialistutbildning",
    )),
    "Assistant nurse title (Skyddad yrkestitel, Socialstyrelsen)": Terms("Undersköterska, skyddad yrkestitel", (
        "skyddad yrkestitel", "undersköterskebevis",
    )),
    "Physiotherapist licence (Socialstyrelsen)": Terms("Fysioterapeutlegitimation (Socialstyrelsen)", (
        "legitimerad fysioterapeut", "sjukgymnastlegitimation",
    )),
    "Occupational therapist licence (Socialstyrelsen)": Terms("Arbetsterapeutlegitimation (Socialstyrelsen)", (
        "legitimerad arbetsterapeut",
    )),
    "Midwife licence (Socialstyrelsen)": Terms("Barnmorskelegitimation (Socialstyrelsen)", (
        "legitimerad barnmorska",
    )),
    "Biomedical scientist licence (Socialstyrelsen)": Terms(
        "Legitimation som biomedicinsk analytiker (Socialstyrelsen)", ("legitimerad BMA", "BMA-legitimation")),
    "Psychologist licence (Socialstyrelsen)": Terms("Psykologlegitimation (Socialstyrelsen)", (
        "psykologlegitimation", "leg. psykolog",
    )),
    "Delegation to give medicines (Läkemedelsdelegering)": Terms("Läkemedelsdelegering", (
        "delegering", "läkemedelsdelegation", "medication delegation",
    )),
    "Criminal record extract (Utdrag ur belastningsregistret)": Terms("Utdrag ur belastningsregistret", (
        "belastningsregistret", "registerutdrag", "polisutdrag", "criminal record check",
    )),
    # Logistics and transport
    "Driving licence C/CE": Terms("Körkort C/CE", ("C-körkort", "CE-körkort", "lastbilskörkort", "HGV licence")),
    "Driving licence D": Terms("Körkort D", ("D-körkort", "busskörkort")),
    "Professional driver competence (YKB)": Terms("Yrkeskompetensbevis (YKB)", (
        "YKB", "yrkeskompetensbevis", "CPC", "Driver CPC",
    )),
    "Tachograph driver card (Förarkort)": Terms("Förarkort för färdskrivare", (
        "förarkort", "färdskrivarkort", "tachograph card",
    )),
    "ADR certificate": Terms("ADR-intyg", ("ADR", "ADR-utbildning", "farligt gods-intyg")),
    "Forklift licence (Truckkort A+B, TLP10)": Terms("Truckkort (A+B, TLP10)", (
        "truckkort", "TLP10", "truckutbildning", "forklift licence",
    )),
    "Mobile crane operator certificate": Terms("Mobilkranförarbevis", ("kranförarbevis", "mobilkran", "kranintyg")),
    # Industry and manufacturing
    "Overhead crane training (Traversutbildning)": Terms("Traversutbildning", (
        "travers", "traverskort", "overhead crane",
    )),
    "Electrical safety instructions (ESA Industri)": Terms("Elsäkerhetsanvisningar (ESA Industri)", (
        "ESA Industri", "ESA", "elsäkerhet",
    )),
    "Hydraulics certificate (Hydraulikcertifikat)": Terms("Hydraulikcertifikat", (
        "hydraulikcertifiering", "hydraulikutbildning",
    )),
    "ISO 9001 internal auditor": Terms("Internrevisor ISO 9001", ("ISO 9001", "internrevisor", "kvalitetsrevisor")),
}
