"""Copy for the demo page tree: the home page, the editorial pages and the directory intro.

Rich text is stored the way Wagtail's editor stores it (`<b>`, `<i>`, plain `<a href>`).
Links to the site's pages are placeholders ({freelancers}, {how_it_works}) that page_tree.py
fills in with the English addresses (/en/…), as it fills site_content_sv.py's with the Swedish;
signup is a member's page, without a language prefix.
The terms are a sound starting point written for the demo, not legal advice: have them
reviewed before a real launch.
"""

HOME_TITLE = "Valund"

HOME_HERO = {
    "heading": "Skilled people for real work",
    "text": "Valund is the marketplace for freelancers in the building trades, engineering, IT, healthcare and "
    "logistics. Find someone with the right skills and papers, book the hours, approve the time worked and "
    "pay through one place.",
    "primary_label": "Find a freelancer",
    "primary_url": "{freelancers}",
    "secondary_label": "How it works",
    "secondary_url": "{how_it_works}",
}

HOME_SKILLS_HEADING = "Find skills by trade"

HOME_WHY = (
    "<h2>Why Valund</h2>"
    "<ul>"
    "<li><b>Competence you can check.</b> Freelancers show the certificates behind their skills, from hot work "
    "and electrical authorisation to nurse licences and cloud certifications, with issuer and expiry date.</li>"
    "<li><b>Hours, not guesswork.</b> Freelancers report the hours they work; clients approve them before "
    "anything is paid.</li>"
    "<li><b>Money held safely.</b> The client pays when the booking is confirmed; the money is released when "
    "the hours are approved.</li>"
    "<li><b>Nordic by default.</b> Swedish kronor and euros, VAT numbers and Swedish trade certificates are "
    "part of the platform, not an afterthought.</li>"
    "</ul>"
)

HOME_FEATURED_HEADING = "Featured freelancers"

# Calls to action that speak to one side link signup with that role chosen (?role=, read by
# accounts.forms.SignupForm); the header's "Join Valund" and the general ones leave it open.
SIGNUP_AS_CLIENT = "/accounts/signup/?role=client"
SIGNUP_AS_FREELANCER = "/accounts/signup/?role=freelancer"

HOME_CALL_TO_ACTION = {
    "heading": "Have work that needs doing?",
    "text": "Create a free client account, describe the job and book a freelancer who fits, often the same day.",
    "label": "Join as a client",
    "url": SIGNUP_AS_CLIENT,
}

HOME_FREELANCER_CALL_TO_ACTION = {
    "heading": "Do you work freelance?",
    "text": "Create a free profile with your skills, certificates and rate, and let clients find and book you.",
    "label": "Join as a freelancer",
    "url": SIGNUP_AS_FREELANCER,
}

DIRECTORY_TITLE = "Freelancers"
DIRECTORY_SLUG = "freelancers"
DIRECTORY_INTRO = (
    "<p>Browse freelancers by skill, place and availability. Every profile shows the freelancer's rate, "
    "languages and the skills they work with. Open a profile to read more and send a booking request.</p>"
)

ABOUT = {
    "title": "About Valund",
    "slug": "about",
    "introduction": "Valund brings together companies that need skilled people and the freelancers who have the "
    "skills, with certificates, hours and payments handled in one place.",
    "body": (
        "<h2>Why we built Valund</h2>"
        "<p>Much of the work that keeps the Nordic countries running is done by people who move from job to "
        "job: the welder who comes in for a shutdown, the nurse who covers the summer, the developer who joins "
        "for one release. Finding them, checking their papers and paying them still takes phone calls, "
        "spreadsheets and a good deal of trust.</p>"
        "<p>Valund puts all of that in one place. Freelancers keep a profile with their skills and "
        "certificates. Clients find the right person, book the hours, approve the time that was worked and pay "
        "through the platform. Both sides can see what was agreed, at any time.</p>"
        "<h2>What we believe</h2>"
        "<ul>"
        "<li><b>Skills are shown, not claimed.</b> A certificate with an issuer, a number and an expiry date "
        "says more than a line in a CV.</li>"
        "<li><b>Freelancers run businesses.</b> They set their own rates, choose their assignments and are "
        "paid on time.</li>"
        "<li><b>Clients pay for work done.</b> Money is held until the hours are approved, so neither side "
        "carries the risk alone.</li>"
        "<li><b>Fair and open.</b> Fees are shown before anyone confirms a booking, and reviews come only from "
        "real bookings.</li>"
        "</ul>"
        "<h2>Where we work</h2>"
        "<p>We started in Sweden and work across the Nordic and Baltic countries. Rates are set in Swedish "
        "kronor or euros. The site is in Swedish and English.</p>"
        "<h2>Get in touch</h2>"
        "<p>Questions, ideas, or something that did not work as it should? Write to "
        '<a href="mailto:hello@valund.example">hello@valund.example</a> and we will answer within one working '
        "day.</p>"
    ),
}

HOW_IT_WORKS = {
    "title": "How it works",
    "slug": "how-it-works",
    "introduction": "Four steps from a need to a paid invoice, whether you hire or are hired.",
    "body": (
        "<h2>For clients</h2>"
        "<ol>"
        "<li><b>Search.</b> Find freelancers by skill, place, availability and rate in the "
        '<a href="{freelancers}">directory</a>.</li>'
        "<li><b>Check.</b> Read the profile, the certificates the freelancer holds and what earlier clients "
        "have said.</li>"
        "<li><b>Book.</b> Send a booking request with dates, hours, place and rate. The freelancer accepts or "
        "declines it, and you can write to each other in the booking about the details. Once it is accepted, you "
        "pay the agreed amount, which Valund holds until the hours are approved.</li>"
        "<li><b>Approve and pay.</b> The freelancer reports the hours worked. You approve them and the payment "
        "is released; if something is wrong, say so before you approve.</li>"
        "</ol>"
        f'<p><a href="{SIGNUP_AS_CLIENT}">Create a client account</a></p>'
        "<h2>For freelancers</h2>"
        "<ol>"
        "<li><b>Create your profile.</b> Add your skills, languages, rate and where you can work. It is free.</li>"
        "<li><b>Add your certificates.</b> Upload the certificates behind your skills. We check them, mark them "
        "as verified and remind you before they expire.</li>"
        "<li><b>Accept bookings.</b> Clients send you requests; you choose the ones that suit you.</li>"
        "<li><b>Report your hours and get paid.</b> The client pays when the booking is confirmed, and the "
        "money is paid out to you when your hours are approved.</li>"
        "</ol>"
        f'<p><a href="{SIGNUP_AS_FREELANCER}">Create your freelancer profile</a></p>'
        "<h2>Payments and fees</h2>"
        "<p>Valund takes the client's payment when a booking is confirmed and holds it until the hours are "
        "approved. Any service fee is shown before you confirm, never added afterwards. Card payments are "
        "handled by our payment provider; Valund never sees or stores card numbers.</p>"
        "<h2>Certificates and safety</h2>"
        "<p>Work on building sites, in care and on the road often needs a certificate: ID06, hot work, a "
        "driving licence, a licence from Socialstyrelsen. Freelancers show theirs on their profile, and clients "
        "can see at a glance whether a certificate is verified and when it expires.</p>"
    ),
    "call_to_action": {
        "heading": "Ready to start?",
        "text": "Creating an account takes a minute. Choose whether you hire or are hired; you can add the "
        "details later.",
        "label": "Create an account",
        "url": "/accounts/signup/",
    },
}

TERMS = {
    "title": "Terms of service",
    "slug": "terms",
    "introduction": "These terms apply to everyone who uses Valund, whether you hire or are hired. Please read "
    "them before you create an account.",
    "body": (
        "<h2>1. About these terms</h2>"
        "<p>Valund is a marketplace where businesses and organisations (clients) find and book independent "
        "professionals (freelancers). Valund is operated by Valund AB (we, us). By creating an account you "
        "accept these terms and our privacy notice.</p>"
        "<h2>2. Your account</h2>"
        "<p>You must be at least 18 years old and give true and complete information about yourself and, if "
        "you act for a company, about the company. One person or company may hold one account of each kind. "
        "Keep your password to yourself and tell us at once if you think someone else has used your account. "
        "You are responsible for what is done through your account.</p>"
        "<h2>3. Our role</h2>"
        "<p>Valund provides the marketplace and handles payments. The agreement for each assignment is made "
        "between the client and the freelancer; we are not a party to it and we are not the freelancer's "
        "employer. Freelancers run their own businesses and are responsible for their own registration for tax "
        "(in Sweden, F-skatt), VAT, insurance and social charges. Clients are responsible for the work "
        "environment where the work is done, including safety induction and protective equipment that the "
        "site requires.</p>"
        "<h2>4. Profiles, skills and certificates</h2>"
        "<p>What you write on your profile must be true. Certificates you upload must be genuine, yours and "
        "valid. We may check a certificate with its issuer and mark it as verified; verification confirms the "
        "document, not the quality of any particular piece of work. We remove false information and may close "
        "the account behind it.</p>"
        "<h2>5. Bookings</h2>"
        "<p>A booking is confirmed when both the client and the freelancer have accepted it in Valund. It "
        "binds both of them to the dates, hours, place and rate shown in the booking. Changes must be agreed "
        "in Valund. If a booking is cancelled, the cancellation terms shown in the booking apply.</p>"
        "<h2>6. Hours and approval</h2>"
        "<p>The freelancer reports the hours worked in Valund. The client approves the hours or raises a "
        "question about them within seven days. Hours that are neither approved nor questioned in that time "
        "count as approved.</p>"
        "<h2>7. Payment and fees</h2>"
        "<p>The client pays the agreed rate for the approved hours, plus VAT and any service fee shown before "
        "the booking was confirmed. We collect the payment when the booking is confirmed, hold it through our "
        "payment provider and pay it out to the freelancer when the hours are approved, less any fee that was "
        "shown to the freelancer. Payments for work found through Valund must be made through Valund.</p>"
        "<h2>8. Disputes between members</h2>"
        "<p>If you disagree with the other party about a booking, tell us through the booking. We look at "
        "what both of you have recorded in Valund and help you reach a solution; while we do, the payment "
        "in question stays held.</p>"
        "<h2>9. Reviews</h2>"
        "<p>Reviews can only be written after a completed booking. Keep them honest, relevant and free of "
        "personal data about others. We remove reviews that break the law or these terms.</p>"
        "<h2>10. Acceptable use</h2>"
        "<p>Do not discriminate, harass or mislead other members; do not create fake accounts, copy data from "
        "the site with automated tools, or try to get round fees or security. We may remove content and "
        "suspend accounts that do.</p>"
        "<h2>11. Personal data</h2>"
        "<p>We process personal data to run the service, as described in our privacy notice and in line with "
        "the EU General Data Protection Regulation. You can ask for a copy of your data, or for it to be "
        "corrected or erased, at any time.</p>"
        "<h2>12. Liability</h2>"
        "<p>We work to keep Valund available and correct but cannot promise that it is free of interruptions "
        "or errors. We are not responsible for the work done under a booking. Unless we acted with intent or "
        "gross negligence, our liability to a member is limited to the fees that member paid us in the twelve "
        "months before the claim. Nothing in these terms limits rights that the law does not allow to be "
        "limited.</p>"
        "<h2>13. Closing your account</h2>"
        "<p>You can close your account at any time once your bookings are completed and paid. We may suspend "
        "or close an account that breaks these terms; we tell you why, unless the law prevents it.</p>"
        "<h2>14. Changes to these terms</h2>"
        "<p>We tell you by email at least 30 days before a change that matters to you takes effect. If you do "
        "not accept the change, you may close your account before then.</p>"
        "<h2>15. Law and disputes</h2>"
        "<p>Swedish law applies to these terms. Disputes are decided by Swedish courts, with Stockholm District "
        "Court as the first instance.</p>"
        "<h2>Contact</h2>"
        '<p>Questions about these terms: <a href="mailto:hello@valund.example">hello@valund.example</a>.</p>'
    ),
}

STANDARD_PAGES = (ABOUT, HOW_IT_WORKS, TERMS)
