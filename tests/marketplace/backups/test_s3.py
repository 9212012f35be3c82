"""A backup kept in an S3 bucket (moto's S3 server on a local port): `manage.py backup
s3://bucket/prefix` puts the dump, the files and the manifest there, `restore_backup
--check-only` reads the manifest back from the bucket and finds the site as it was, and
`restore_backup` from the bucket brings the site back into a new database and new, empty
buckets for its public and private files (the production layout: PostgreSQL and S3)."""

import hashlib
import json
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from marketplace.payments.selectors import ledger_totals
from tests.fakes.s3 import moto_s3
from tests.marketplace.backups.test_restore import (  # noqa: F401 - the drill's seeded site and new database
    _checksums,
    _source_counts,
    manage,
    restored_counts,
    restored_ledger,
    seeded,
    target,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

BUCKET = "valund-backups-test"
# Buckets of their own: moto keeps every bucket for the whole test process.
RESTORE_BUCKET = "valund-backups-drill"
MEDIA_BUCKET, PRIVATE_BUCKET = "valund-restored-media", "valund-restored-private"


def test_a_backup_in_a_bucket_holds_everything_and_checks_against_the_site(make_document, freelancer, capsys):
    make_document(freelancer)
    default_storage.save("avatars/backup-s3.txt", ContentFile(b"avatar"))
    with moto_s3(buckets=[BUCKET], environment={}) as s3:
        call_command("backup", f"s3://{BUCKET}/nightly")
        address = capsys.readouterr().out.strip()
        prefix = address.removeprefix(f"s3://{BUCKET}/")
        keys = {item["Key"] for item in s3["client"].list_objects_v2(Bucket=BUCKET)["Contents"]}
        manifest = json.loads(s3["client"].get_object(Bucket=BUCKET, Key=f"{prefix}/manifest.json")["Body"].read())

        call_command("restore_backup", address, "--check-only")
        checked = capsys.readouterr().out

    assert address.startswith(f"s3://{BUCKET}/nightly/valund-")
    assert f"{prefix}/{manifest['database']['file']}" in keys
    assert f"{prefix}/media/avatars/backup-s3.txt" in keys
    assert {f"{prefix}/private/{name}" for name in manifest["files"]["private"]} <= keys
    assert manifest["files"]["private"]
    assert "match" in checked


def test_check_only_names_what_differs_from_the_backup(make_document, freelancer, tmp_path, capsys):
    make_document(freelancer)
    call_command("backup", str(tmp_path))
    address = capsys.readouterr().out.strip()
    make_document(freelancer, title="Uploaded after the backup")

    with pytest.raises(Exception, match="passport_competencedocument"):
        call_command("restore_backup", address, "--check-only")


def _bucket_checksums(client, bucket) -> dict[str, str]:
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: hashlib.sha256(client.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest() for key in keys}


def test_a_backup_in_a_bucket_restores_into_a_new_database_and_new_buckets(seeded, target, capsys):  # noqa: F811
    from django.core.files.storage import storages

    before = {"tables": _source_counts(), "ledger": ledger_totals(), "media": _checksums(default_storage),
              "private": _checksums(storages["private"])}
    assert before["ledger"]["entries"] > 0 and len(before["private"]) >= 2 and before["media"]
    with moto_s3(buckets=[RESTORE_BUCKET, MEDIA_BUCKET, PRIVATE_BUCKET], environment={}) as s3:
        call_command("backup", f"s3://{RESTORE_BUCKET}/nightly")
        address = capsys.readouterr().out.strip()
        # The restored site keeps its files in buckets of its own, as production does.
        environment = {**target["environment"], "AWS_STORAGE_BUCKET_NAME": MEDIA_BUCKET,
                       "AWS_PRIVATE_BUCKET_NAME": PRIVATE_BUCKET,
                       **{name: value for name, value in os.environ.items() if name.startswith("AWS_")}}
        restored = manage({**target, "environment": environment}, "restore_backup", address)
        media, private = _bucket_checksums(s3["client"], MEDIA_BUCKET), _bucket_checksums(s3["client"], PRIVATE_BUCKET)

    assert restored.returncode == 0, restored.stderr
    assert "match" in restored.stdout
    assert restored_counts(target, before["tables"]) == before["tables"]
    assert restored_ledger(target) == before["ledger"]
    assert (media, private) == (before["media"], before["private"])
