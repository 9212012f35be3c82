"""A backup kept in an S3 bucket (moto's S3 server on a local port): `manage.py backup
s3://bucket/prefix` puts the dump, the files and the manifest there, and `restore_backup
--check-only` reads the manifest back from the bucket and finds the site as it was."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.fakes.s3 import moto_s3

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

BUCKET = "valund-backups-test"


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
