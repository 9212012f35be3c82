"""The Swedish copy of the demo page tree (site_content.py is the English): the same pages, as
translations of them, written for Swedish readers rather than word for word.

The terms used throughout, as on the rest of the Swedish site: frilansare, kund, bokning (what
a client books), uppdrag (the work itself), kompetenspass (a freelancer's certificates and
licences on Valund), deposition (the client's payment held until the hours are approved),
tidrapport (the hours a freelancer reports).

Links are placeholders ({freelancers}, {how_it_works}, {signup}, {signup_client},
{signup_freelancer}) that page_tree.py fills in with the Swedish addresses, so that a reader
of a Swedish page stays in Swedish whatever the site's URL scheme.
"""

HOME_TITLE = "Valund"

HOME_HERO = {
    "heading": "Kunnigt folk för riktiga jobb",
    "text": "Valund är marknadsplatsen för frilansare inom bygg, teknik, IT, vård och logistik. Hitta någon med "
    "rätt kompetens och rätt papper, boka timmarna, godkänn tidrapporten och betala på ett och samma ställe.",
    "primary_label": "Hitta en frilansare",
    "primary_url": "{freelancers}",
    "secondary_label": "Så fungerar det",
    "secondary_url": "{how_it_works}",
}

HOME_SKILLS_HEADING = "Hitta kompetens efter bransch"

HOME_WHY = (
    "<h2>Varför Valund</h2>"
    "<ul>"
    "<li><b>Kompetens som går att kontrollera.</b> Frilansarna visar intygen bakom sina kunskaper i sitt "
    "kompetenspass, från heta arbeten och elbehörighet till legitimation som sjuksköterska och "
    "molncertifieringar, med utfärdare och giltighetstid.</li>"
    "<li><b>Timmar, inte gissningar.</b> Frilansaren rapporterar sin tid och kunden godkänner tidrapporten "
    "innan något betalas ut.</li>"
    "<li><b>Pengarna ligger tryggt.</b> Kunden betalar en deposition när bokningen bekräftas, och pengarna "
    "betalas ut när timmarna är godkända.</li>"
    "<li><b>Nordiskt från början.</b> Svenska kronor och euro, momsregistreringsnummer och svenska "
    "branschcertifikat är en självklar del av tjänsten, inte något vi har lagt till i efterhand.</li>"
    "</ul>"
)

HOME_FEATURED_HEADING = "Utvalda frilansare"

HOME_CALL_TO_ACTION = {
    "heading": "Har du ett jobb som behöver göras?",
    "text": "Skapa ett kostnadsfritt kundkonto, beskriv uppdraget och boka en frilansare som passar, ofta "
    "samma dag.",
    "label": "Bli kund",
    "url": "{signup_client}",
}

HOME_FREELANCER_CALL_TO_ACTION = {
    "heading": "Jobbar du som frilansare?",
    "text": "Skapa en kostnadsfri profil med din kompetens, dina intyg och ditt timpris, och låt kunderna "
    "hitta och boka dig.",
    "label": "Gå med som frilansare",
    "url": "{signup_freelancer}",
}

DIRECTORY_TITLE = "Frilansare"
DIRECTORY_INTRO = (
    "<p>Sök bland frilansarna efter kompetens, ort och tillgänglighet. Varje profil visar frilansarens timpris, "
    "språk och de kompetenser som frilansaren arbetar med. Öppna en profil för att läsa mer och skicka en "
    "bokningsförfrågan.</p>"
)

ABOUT = {
    "slug": "about",
    "title": "Om Valund",
    "introduction": "Valund för samman företag som behöver kunnigt folk med frilansarna som har kompetensen, "
    "och samlar intyg, tidrapporter och betalningar på ett ställe.",
    "body": (
        "<h2>Därför byggde vi Valund</h2>"
        "<p>En stor del av arbetet som håller Norden igång görs av människor som går från uppdrag till uppdrag: "
        "svetsaren som kommer in vid revisionsstoppet, sjuksköterskan som täcker upp under sommaren, utvecklaren "
        "som hoppar in inför en release. Att hitta dem, kontrollera deras papper och betala dem kräver fortfarande "
        "telefonsamtal, kalkylark och en hel del förtroende.</p>"
        "<p>Valund samlar allt det på ett ställe. Frilansarna har en profil med sin kompetens och ett "
        "kompetenspass med sina intyg. Kunderna hittar rätt person, bokar timmarna, godkänner tidrapporten och "
        "betalar genom tjänsten. Båda parter ser när som helst vad som har avtalats.</p>"
        "<h2>Det här tror vi på</h2>"
        "<ul>"
        "<li><b>Kompetens ska visas, inte påstås.</b> Ett intyg med utfärdare, nummer och giltighetstid säger "
        "mer än en rad i ett cv.</li>"
        "<li><b>Frilansare driver företag.</b> De sätter sina egna priser, väljer sina uppdrag och får betalt "
        "i tid.</li>"
        "<li><b>Kunden betalar för utfört arbete.</b> Depositionen ligger kvar tills timmarna är godkända, så "
        "att ingen av parterna bär risken ensam.</li>"
        "<li><b>Rättvist och öppet.</b> Avgifterna visas innan någon bekräftar en bokning, och omdömen kommer "
        "bara från riktiga bokningar.</li>"
        "</ul>"
        "<h2>Var vi finns</h2>"
        "<p>Vi startade i Sverige och verkar i hela Norden och Baltikum. Timpriser anges i svenska kronor eller "
        "euro. Webbplatsen finns på svenska och engelska.</p>"
        "<h2>Kontakta oss</h2>"
        "<p>Frågor, idéer eller något som inte fungerade som det skulle? Skriv till "
        '<a href="mailto:hello@valund.example">hello@valund.example</a> så svarar vi inom en arbetsdag.</p>'
    ),
}

HOW_IT_WORKS = {
    "slug": "how-it-works",
    "title": "Så fungerar det",
    "introduction": "Fyra steg från behov till betald faktura, oavsett om du anlitar eller blir anlitad.",
    "body": (
        "<h2>För kunder</h2>"
        "<ol>"
        "<li><b>Sök.</b> Hitta frilansare efter kompetens, ort, tillgänglighet och timpris bland "
        '<a href="{freelancers}">frilansarna</a>.</li>'
        "<li><b>Kontrollera.</b> Läs profilen, se vilka intyg frilansaren har i sitt kompetenspass och vad "
        "tidigare kunder har sagt.</li>"
        "<li><b>Boka.</b> Skicka en bokningsförfrågan med datum, timmar, plats och timpris. Frilansaren tackar ja "
        "eller nej, och ni kan skriva till varandra i bokningen om detaljerna. När bokningen är accepterad "
        "betalar du det överenskomna beloppet som deposition, och Valund håller pengarna tills timmarna är "
        "godkända.</li>"
        "<li><b>Godkänn och betala.</b> Frilansaren skickar in sin tidrapport. Du godkänner den och betalningen "
        "frigörs; om något inte stämmer säger du till innan du godkänner.</li>"
        "</ol>"
        '<p><a href="{signup_client}">Skapa ett kundkonto</a></p>'
        "<h2>För frilansare</h2>"
        "<ol>"
        "<li><b>Skapa din profil.</b> Lägg till din kompetens, dina språk, ditt timpris och var du kan arbeta. "
        "Det är kostnadsfritt.</li>"
        "<li><b>Fyll ditt kompetenspass.</b> Ladda upp intygen bakom din kompetens. Vi granskar dem, markerar "
        "dem som verifierade och påminner dig innan de går ut.</li>"
        "<li><b>Ta emot bokningar.</b> Kunderna skickar förfrågningar till dig och du väljer de uppdrag som "
        "passar dig.</li>"
        "<li><b>Rapportera tiden och få betalt.</b> Kunden betalar en deposition när bokningen bekräftas, och "
        "pengarna betalas ut till dig när din tidrapport är godkänd.</li>"
        "</ol>"
        '<p><a href="{signup_freelancer}">Skapa din frilansprofil</a></p>'
        "<h2>Betalning och avgifter</h2>"
        "<p>Valund tar emot kundens betalning när en bokning bekräftas och håller den som deposition tills "
        "timmarna är godkända. En eventuell serviceavgift visas innan du bekräftar och läggs aldrig till i "
        "efterhand. Kortbetalningar sköts av vår betalleverantör; Valund ser eller sparar aldrig några "
        "kortnummer.</p>"
        "<h2>Intyg och säkerhet</h2>"
        "<p>Arbete på byggarbetsplatser, i vården och på vägarna kräver ofta ett intyg: ID06, heta arbeten, "
        "körkort, legitimation från Socialstyrelsen. Frilansarna visar sina intyg i kompetenspasset på profilen, "
        "och kunderna ser direkt om ett intyg är verifierat och när det går ut.</p>"
    ),
    "call_to_action": {
        "heading": "Redo att börja?",
        "text": "Det tar en minut att skapa ett konto. Välj om du anlitar eller blir anlitad; detaljerna kan du "
        "fylla i senare.",
        "label": "Skapa ett konto",
        "url": "{signup}",
    },
}

TERMS = {
    "slug": "terms",
    "title": "Användarvillkor",
    "introduction": "De här villkoren gäller alla som använder Valund, oavsett om du anlitar eller blir "
    "anlitad. Läs dem innan du skapar ett konto.",
    "body": (
        "<h2>1. Om villkoren</h2>"
        "<p>Valund är en marknadsplats där företag och organisationer (kunder) hittar och bokar självständiga "
        "yrkespersoner (frilansare). Valund drivs av Valund AB (vi). Genom att skapa ett konto godkänner du "
        "dessa villkor och vår integritetspolicy.</p>"
        "<h2>2. Ditt konto</h2>"
        "<p>Du måste ha fyllt 18 år och lämna korrekta och fullständiga uppgifter om dig själv och, om du "
        "företräder ett företag, om företaget. En person eller ett företag får ha ett konto av varje slag. Håll "
        "ditt lösenord för dig själv och meddela oss genast om du tror att någon annan har använt ditt konto. Du "
        "ansvarar för det som görs via ditt konto.</p>"
        "<h2>3. Vår roll</h2>"
        "<p>Valund tillhandahåller marknadsplatsen och sköter betalningarna. Avtalet om varje uppdrag ingås "
        "mellan kunden och frilansaren; vi är inte part i det och vi är inte frilansarens arbetsgivare. "
        "Frilansare driver egna företag och ansvarar själva för F-skatt, moms, försäkringar och sociala "
        "avgifter. Kunden ansvarar för arbetsmiljön där arbetet utförs, inklusive den "
        "säkerhetsintroduktion och skyddsutrustning som arbetsplatsen kräver.</p>"
        "<h2>4. Profiler, kompetens och intyg</h2>"
        "<p>Det du skriver på din profil ska vara sant. Intyg som du laddar upp i ditt kompetenspass ska vara "
        "äkta, dina egna och giltiga. Vi kan kontrollera ett intyg hos utfärdaren och markera det som "
        "verifierat; verifieringen bekräftar handlingen, inte kvaliteten på ett visst arbete. Vi tar bort "
        "felaktiga uppgifter och kan stänga kontot bakom dem.</p>"
        "<h2>5. Bokningar</h2>"
        "<p>En bokning är bekräftad när både kunden och frilansaren har godkänt den i Valund. Den binder båda "
        "till de datum, timmar, den plats och det timpris som står i bokningen. Ändringar ska överenskommas i "
        "Valund. Om en bokning avbokas gäller de avbokningsvillkor som visas i bokningen.</p>"
        "<h2>6. Tidrapporter och godkännande</h2>"
        "<p>Frilansaren rapporterar arbetad tid i Valund. Kunden godkänner tidrapporten eller ifrågasätter den "
        "inom sju dagar. Timmar som varken har godkänts eller ifrågasatts inom den tiden räknas som "
        "godkända.</p>"
        "<h2>7. Betalning och avgifter</h2>"
        "<p>Kunden betalar det överenskomna timpriset för godkända timmar, plus moms och en eventuell "
        "serviceavgift som visades innan bokningen bekräftades. Vi tar emot betalningen när bokningen bekräftas, "
        "håller den som deposition hos vår betalleverantör och betalar ut den till frilansaren när timmarna är "
        "godkända, med avdrag för en eventuell avgift som visades för frilansaren. Betalning för arbete som "
        "förmedlats via Valund ska göras genom Valund.</p>"
        "<h2>8. Tvister mellan användare</h2>"
        "<p>Om du och den andra parten är oense om en bokning, meddela oss via bokningen. Vi går igenom det ni "
        "båda har registrerat i Valund och hjälper er att hitta en lösning; under tiden ligger den berörda "
        "betalningen kvar som deposition.</p>"
        "<h2>9. Omdömen</h2>"
        "<p>Omdömen kan bara lämnas efter en genomförd bokning. Håll dem ärliga, relevanta och fria från "
        "personuppgifter om andra. Vi tar bort omdömen som strider mot lag eller mot dessa villkor.</p>"
        "<h2>10. Godtagbar användning</h2>"
        "<p>Du får inte diskriminera, trakassera eller vilseleda andra användare, skapa falska konton, kopiera "
        "uppgifter från webbplatsen med automatiska verktyg eller försöka kringgå avgifter eller säkerhet. Vi "
        "kan ta bort innehåll och stänga av konton som gör det.</p>"
        "<h2>11. Personuppgifter</h2>"
        "<p>Vi behandlar personuppgifter för att kunna driva tjänsten, så som beskrivs i vår integritetspolicy "
        "och i enlighet med EU:s dataskyddsförordning (GDPR). Du kan när som helst begära en kopia av dina "
        "uppgifter eller att de rättas eller raderas.</p>"
        "<h2>12. Ansvar</h2>"
        "<p>Vi arbetar för att Valund ska vara tillgängligt och korrekt men kan inte lova att tjänsten är fri "
        "från avbrott eller fel. Vi ansvarar inte för det arbete som utförs inom en bokning. Om vi inte har "
        "handlat uppsåtligen eller grovt vårdslöst är vårt ansvar mot en användare begränsat till de avgifter "
        "som användaren har betalat till oss under de tolv månaderna före kravet. Ingenting i dessa villkor "
        "begränsar rättigheter som enligt lag inte får begränsas.</p>"
        "<h2>13. Avsluta ditt konto</h2>"
        "<p>Du kan avsluta ditt konto när som helst när dina bokningar är genomförda och betalda. Vi kan stänga "
        "av eller avsluta ett konto som bryter mot dessa villkor; vi talar om varför, om inte lagen hindrar "
        "det.</p>"
        "<h2>14. Ändringar i villkoren</h2>"
        "<p>Vi meddelar dig via e-post minst 30 dagar innan en ändring som berör dig börjar gälla. Om du inte "
        "godtar ändringen kan du avsluta ditt konto innan dess.</p>"
        "<h2>15. Tillämplig lag och tvister</h2>"
        "<p>Svensk lag gäller för dessa villkor. Tvister avgörs av svensk domstol med Stockholms tingsrätt som "
        "första instans.</p>"
        "<h2>Kontakt</h2>"
        '<p>Frågor om villkoren: <a href="mailto:hello@valund.example">hello@valund.example</a>.</p>'
    ),
}

STANDARD_PAGES = {page["slug"]: page for page in (ABOUT, HOW_IT_WORKS, TERMS)}
