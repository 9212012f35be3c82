"""What the fake knows of Stripe: its API version and test key, minimum charges, test cards and the parameters
each endpoint accepts."""

from __future__ import annotations

from pathlib import Path

FIXTURES_PATH = Path(__file__).parent.parent / "stripe_fixtures.json"
API_VERSION = "2026-10-28.endive"
TEST_API_KEY = "sk_test_valund_fake_stripe"

# Stripe's minimum charge amounts in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
MINIMUM_CHARGE = {"usd": 50, "eur": 50, "gbp": 30, "sek": 300, "nok": 300, "dkk": 250, "chf": 50, "cad": 50, "aud": 50}
COUNTRY_CURRENCY = {"US": "usd", "SE": "sek", "NO": "nok", "DK": "dkk", "GB": "gbp", "FI": "eur", "DE": "eur"}

# Test cards, as Stripe's test-mode PaymentMethod ids and as cards a test can save on a customer.
CARDS = {
    "visa": {"brand": "visa", "last4": "4242", "behaviour": "succeed"},
    "mastercard": {"brand": "mastercard", "last4": "4444", "behaviour": "succeed"},
    "chargeDeclined": {"brand": "visa", "last4": "0002", "behaviour": "decline"},
    "authenticationRequired": {"brand": "visa", "last4": "3184", "behaviour": "authentication_required"},
}
MAGIC_PAYMENT_METHODS = {f"pm_card_{name}": name for name in CARDS}

LABELS = {"payment_method": "PaymentMethod", "checkout.session": "checkout.session"}

CAPABILITIES = ("card_payments", "transfers", "sepa_debit_payments", "klarna_payments", "link_payments")
OTHER_PAYMENT_METHOD_TYPES = ("sepa_debit", "klarna", "link", "us_bank_account")

# The parameters each endpoint accepts, as in Stripe's API reference; anything else is refused like Stripe does.
PARAMS = {
    "create_account": """
        type country email capabilities business_type business_profile metadata controller company
        individual default_currency settings tos_acceptance external_account documents account_token groups
    """.split(),
    "create_account_link": """
        account type refresh_url return_url collect collection_options
    """.split(),
    "create_customer": """
        email name description metadata phone address payment_method invoice_settings preferred_locales
        shipping tax_exempt invoice_prefix balance tax tax_id_data test_clock next_invoice_sequence source
    """.split(),
    "confirm_payment_intent": """
        payment_method off_session return_url setup_future_usage payment_method_options receipt_email
        mandate_data error_on_requires_action
    """.split(),
    "create_transfer": """
        amount currency destination source_transaction transfer_group metadata description source_type
    """.split(),
    "create_reversal": """
        amount metadata description refund_application_fee
    """.split(),
    "create_refund": """
        payment_intent charge amount reason metadata refund_application_fee reverse_transfer
        instructions_email origin currency customer
    """.split(),
    "payment_intent_data": """
        transfer_group metadata setup_future_usage description capture_method receipt_email
        statement_descriptor statement_descriptor_suffix shipping on_behalf_of transfer_data
        application_fee_amount
    """.split(),
    "create_checkout_session": """
        mode line_items customer customer_email client_reference_id metadata payment_intent_data success_url
        cancel_url return_url payment_method_types currency locale expires_at customer_creation
        customer_update saved_payment_method_options submit_type ui_mode allow_promotion_codes
        billing_address_collection consent_collection custom_text custom_fields invoice_creation
        payment_method_collection payment_method_options phone_number_collection automatic_tax discounts
        after_expiration tax_id_collection shipping_address_collection shipping_options
        redirect_on_completion adaptive_pricing wallet_options payment_method_configuration
    """.split(),
    "create_payment_intent": """
        amount currency customer payment_method confirm off_session transfer_group metadata description
        receipt_email setup_future_usage payment_method_types automatic_payment_methods capture_method
        statement_descriptor statement_descriptor_suffix return_url error_on_requires_action
        confirmation_method shipping payment_method_options use_stripe_sdk radar_options mandate_data
        payment_method_data payment_method_configuration on_behalf_of application_fee_amount transfer_data
    """.split(),
}
