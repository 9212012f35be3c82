"""Demo data for `manage.py seed_demo`.

taxonomy, people and site_content are the data tables; generate turns a seed and a number
into a member without touching the database; logins holds the fixed demo accounts; seed
writes it all, in bulk and idempotently.
"""
