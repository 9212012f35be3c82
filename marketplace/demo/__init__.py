"""Demo data for `manage.py seed_demo`.

taxonomy, people and site_content are the data tables; generate turns a seed and a number
into a member without touching the database; logins holds the fixed demo accounts; passport
turns the taxonomy's certificates into document types and holds the demo freelancer's
documents; seed writes it all, in bulk and idempotently.
"""
