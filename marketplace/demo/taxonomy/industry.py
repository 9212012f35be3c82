"""Industry and manufacturing."""

from .kinds import CategoryData, CertificateKind, SkillData

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
        CertificateKind("Overhead crane training (Traversutbildning)", "Accredited training provider"),
        CertificateKind("Electrical safety instructions (ESA Industri)", "Energiföretagen Sverige", valid_years=3),
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
