"""Production refuses to start without a usable credentials signing key (credentials.E001),
instead of failing at the first approval: `check --deploy` (CI, scripts/health-check.sh) and
every management command (the release step's migrate, the worker) stop on it. Each case runs a
fresh interpreter under exactly the environment it names (tests/settings_runner.py)."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.settings_runner import PRODUCTION, run

DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING", "--tag", "credentials"]


def pem(key, encryption=None) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             encryption or serialization.NoEncryption())


def without_key(**env):
    base = {name: value for name, value in PRODUCTION.items() if name != "VALUND_VC_SIGNING_KEY"}
    return {**base, **env}


def refused(result) -> str:
    assert result.returncode != 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "credentials.E001" in output
    return output


def test_production_without_a_key_refuses_to_start():
    output = refused(run(DEPLOY_CHECK, without_key()))
    assert "set VALUND_VC_SIGNING_KEY or VALUND_VC_KEY_FILE" in output


def test_a_development_key_left_in_var_is_not_taken_for_productions():
    # The checkout's var/vc-signing-key.pem (made by development and tests) is there while this
    # runs; production still refuses, since it names no key of its own.
    from marketplace.credentials.keys import _default_key_file  # noqa: PLC0415 - only its path

    _default_key_file().parent.mkdir(parents=True, exist_ok=True)
    if not _default_key_file().exists():
        _default_key_file().write_bytes(pem(Ed25519PrivateKey.generate()))
        _default_key_file().chmod(0o600)
    refused(run(DEPLOY_CHECK, without_key()))


def test_the_release_steps_migrate_refuses_too():
    output = refused(run(["manage.py", "migrate", "--check"], without_key()))
    assert "SystemCheckError" in output


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(lambda path: None, "does not exist", id="missing-file"),
        pytest.param(lambda path: path.mkdir(), "cannot be read", id="a-folder"),
        pytest.param(lambda path: path.write_bytes(b"\xff\xfe not text"), "cannot be read", id="binary"),
        pytest.param(lambda path: path.write_text("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n"),
                     "not a usable Ed25519 private key", id="damaged-pem"),
        pytest.param(lambda path: path.write_bytes(pem(generate_private_key(SECP256R1()))),
                     "must be an Ed25519 key", id="ec-key"),
        pytest.param(lambda path: path.write_bytes(pem(Ed25519PrivateKey.generate(),
                                                       serialization.BestAvailableEncryption(b"secret"))),
                     "not a usable Ed25519 private key", id="encrypted-pem"),
    ],
)
def test_an_unusable_key_file_refuses_to_start(tmp_path, make, words):
    path = tmp_path / "vc.pem"
    make(path)
    output = refused(run(DEPLOY_CHECK, without_key(VALUND_VC_KEY_FILE=str(path))))
    assert words in output
    assert "broken" not in output


def test_an_unusable_key_value_refuses_without_echoing_it():
    value = base64.b64encode(b"sixteen byte key").decode()
    output = refused(run(DEPLOY_CHECK, without_key(VALUND_VC_SIGNING_KEY=value)))
    assert "32-byte seed" in output
    assert value not in output


def test_a_readable_key_file_passes(tmp_path):
    path = tmp_path / "vc.pem"
    path.write_bytes(pem(Ed25519PrivateKey.generate()))
    path.chmod(0o600)

    result = run(DEPLOY_CHECK, without_key(VALUND_VC_KEY_FILE=str(path)))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_key_in_the_environment_passes():
    result = run(DEPLOY_CHECK, PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr


def test_development_may_still_generate_its_key(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "valund.settings.dev", "VALUND_VC_KEY_FILE": str(tmp_path / "dev.pem")}

    result = run(["manage.py", "check", "--tag", "credentials"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "dev.pem").exists()  # the check writes nothing
