"""moto's S3 server on a free local port, with the settings base.py builds from the S3
environment variables (the configuration production gets, not a copy of it)."""

import importlib
import runpy
import socket
import sys
from contextlib import contextmanager
from unittest import mock

import boto3
import pytest
from moto.server import ThreadedMotoServer

REGION = "eu-north-1"


def settings_from_environment() -> dict:
    """base.py's namespace as the current environment makes it: base.py and the modules it
    imports (storage.py reads the buckets) run afresh, and the loaded modules stay as they were."""
    package = importlib.import_module("valund.settings")
    with mock.patch.dict(sys.modules), mock.patch.dict(package.__dict__):
        for name in [name for name in sys.modules if name.startswith("valund.settings.")]:
            del sys.modules[name]
        return runpy.run_module("valund.settings.base")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def moto_s3(*, buckets, environment):
    """Start the server, create `buckets`, set `environment` (plus credentials and the endpoint)
    and yield {"client", "endpoint", "configured"}, where configured is base.py's namespace."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as env:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "valund-test-key", "AWS_SECRET_ACCESS_KEY": "valund-test-secret",
            "AWS_DEFAULT_REGION": REGION, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
            "AWS_S3_ENDPOINT_URL": endpoint, "AWS_S3_REGION_NAME": REGION, **environment,
        }.items():
            env.setenv(name, str(value))
        configured = settings_from_environment()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
            for bucket in buckets:
                client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
            yield {"client": client, "endpoint": endpoint, "configured": configured}
        finally:
            server.stop()
