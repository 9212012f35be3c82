"""Local fakes of outside services for the tests (see stripe_server/)."""
