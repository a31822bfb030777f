"""Uploads and generated PDFs go to S3-compatible storage when S3_BUCKET is set.

The test runs the real django-storages S3 backend against moto's S3 server on a free
loopback port, so web servers and workers on different machines would see the same files.
"""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

BUCKET = "plenary-test-files"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                **CREDENTIALS,
            },
        },
    }
    return default_storage


def test_files_are_saved_to_and_read_from_s3(s3_storage, s3_endpoint):
    name = s3_storage.save("minutes/2023-11-21.pdf", ContentFile(b"%PDF-1.7 minutes"))

    assert type(s3_storage._wrapped).__name__ == "S3Storage"
    assert s3_storage.exists(name)
    with s3_storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.7 minutes"
    assert s3_storage.size(name) == len(b"%PDF-1.7 minutes")
    # The object is really in the bucket, seen by any other process with the same settings.
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip
    assert client.get_object(Bucket=BUCKET, Key=name)["Body"].read() == b"%PDF-1.7 minutes"


def test_names_are_not_overwritten(s3_storage):
    first = s3_storage.save("documents/agenda.pdf", ContentFile(b"one"))
    second = s3_storage.save("documents/agenda.pdf", ContentFile(b"two"))
    assert first != second
    with s3_storage.open(first) as stored:
        assert stored.read() == b"one"


def test_download_urls_are_signed(s3_storage):
    name = s3_storage.save("documents/report.pdf", ContentFile(b"x"))
    url = s3_storage.url(name)
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_deleting_removes_the_object(s3_storage):
    name = s3_storage.save("documents/old.pdf", ContentFile(b"x"))
    s3_storage.delete(name)
    assert not s3_storage.exists(name)
