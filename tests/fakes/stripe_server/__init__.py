"""A local fake of the parts of Stripe's v1 API that Valund uses, served over real HTTP to the real ``stripe`` library.

Tests point ``stripe.StripeClient(..., base_addresses={"api": fake.url, ...})`` at a ``FakeStripe`` and then
drive it from Python: ``complete_checkout``, ``complete_onboarding``, ``open_dispute``... Every request is recorded
(``fake.requests``) with its idempotency key and ``Stripe-Account`` header, and every state change creates an Event
(``fake.events``) that tests can sign with ``sign_payload`` and post to the webhook view.

How it was checked against Stripe's documented shapes
    Every object starts as a deep copy of Stripe's own example object for its resource, taken from Stripe's public
    OpenAPI fixtures (``stripe_fixtures.json``, see ``STRIPE_LICENSE``); the fake only sets values, it never drops a
    key, and ``_new`` refuses to set a key the fixture does not have (the only addition is ``account`` on events of
    connected accounts, which Stripe adds the same way). ``tests/fakes/test_stripe_*.py`` talk to the fake only
    through the installed ``stripe`` library: they check that each endpoint's answer carries every key of the
    fixture, that errors arrive in Stripe's error shape and become the library's exception classes
    (``InvalidRequestError`` with ``param``, ``CardError`` with ``code``, ``AuthenticationError``, ``PermissionError``,
    ``IdempotencyError``), that
    the library's own retries (``max_network_retries``) recover from injected failures without doing anything twice,
    and that ``stripe.Webhook.construct_event`` accepts the fake's signatures. Rules such as minimum charge
    amounts, the refundable amount, ``source_transaction`` limits, idempotency and error codes follow Stripe's API
    reference.

What it deliberately does not do
    Payment method types other than cards; manual capture; Prices and Products (Checkout takes ``price_data``
    only, ``mode=payment`` only); subscriptions, invoices, setup intents, payouts, application fees, destination
    charges and ``reverse_transfer``; the platform's and connected accounts' balances (a transfer without
    ``source_transaction`` always succeeds; Stripe's processing and dispute fees are 0 unless a test sets a dispute
    fee); currency conversion; 3-D Secure flows beyond ``requires_action``; search endpoints; updates (``POST
    /v1/<resource>/<id>``) and deletes; webhook delivery (tests post ``event_payload(event)`` themselves); rate
    limits; the 24-hour expiry of idempotency keys. Unknown parameters are refused (as Stripe does) so a misspelt
    parameter fails here as it would in production.

Where Stripe's documentation leaves room, the fake takes the stricter reading
    Transfers with ``source_transaction`` may not exceed the charge minus its refunds minus every earlier transfer
    from it (reversed or not); a disputed charge cannot be refunded (``charge_disputed``); an idempotency key keeps
    successes and card declines (replayed) but not parameter errors (Stripe saves a result only once the endpoint
    has started executing); objects and events created with ``Stripe-Account`` are visible only with that header.

Layout: ``server`` (``FakeStripe``: routing, authentication, idempotency, failure injection) is built from one mixin
per resource (``accounts``, ``customers``, ``checkout``, ``payment_intents``, ``transfers``, ``refunds``,
``disputes``) over ``store`` (objects, events, ``expand``, lists); ``wire`` is Stripe's wire format,
``http_server`` the HTTP side and the fake hosted pages, ``constants`` and ``records`` what they share.
"""

from .constants import API_VERSION, TEST_API_KEY
from .records import RecordedRequest
from .server import FakeStripe
from .wire import event_payload, sign_payload

__all__ = ["API_VERSION", "FakeStripe", "RecordedRequest", "TEST_API_KEY", "event_payload", "sign_payload"]
