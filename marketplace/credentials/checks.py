"""A start-up check: production refuses to run without a usable signing key, instead of
failing later at the first approval. Django runs it before every management command (the
release step's migrate, the worker, runserver) and in `check --deploy`."""

from django.core import checks

from .keys import key_problem

CREDENTIALS_TAG = "credentials"


@checks.register(CREDENTIALS_TAG, checks.Tags.security)
def signing_key_check(app_configs=None, **kwargs):
    problem = key_problem()
    if problem is None:
        return []
    return [checks.Error(problem, hint="See docs/credentials.md, 'Keys and rotation'.", id="credentials.E001")]
