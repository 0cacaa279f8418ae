"""The private storage on an S3-compatible object store, chosen by configuration (issue 21).

The same rule as ``stockage.StockagePrive`` on disk: objects are private (ACL ``private``, no
public bucket policy needed), no URL is ever given (not even a signed one: a signed URL would
bypass the gate and the access log), files are read through the storage API by the gated views
and streamed by Django. Names stay random (``base.fichiers``) and never overwrite each other.

Configured by the environment (``settings.base``): ``STOCKAGE_S3_BUCKET`` switches it on;
``STOCKAGE_S3_ENDPOINT`` (an S3-compatible service: Scaleway, OVHcloud, Outscale, MinIO…),
``STOCKAGE_S3_REGION``, ``STOCKAGE_S3_ACCESS_KEY`` / ``STOCKAGE_S3_SECRET_KEY`` (or the usual AWS
credentials chain when empty), ``STOCKAGE_S3_PREFIXE`` (a folder inside the bucket),
``STOCKAGE_S3_CHIFFREMENT`` (server-side encryption, ``AES256`` by default; empty for a store that
does not offer it). Imported only when configured (boto3 is not loaded otherwise).
"""

from storages.backends.s3 import S3Storage

from francetravail.base.stockage import REFUS_URL


class StockagePriveS3(S3Storage):
    default_acl = "private"
    file_overwrite = False
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(REFUS_URL)


def options_depuis(env):
    """The ``OPTIONS`` of ``STORAGES['default']`` from the environment (``environ.Env``)."""
    options = {
        "bucket_name": env("STOCKAGE_S3_BUCKET"),
        "endpoint_url": env("STOCKAGE_S3_ENDPOINT", default="") or None,
        "region_name": env("STOCKAGE_S3_REGION", default="") or None,
        "access_key": env("STOCKAGE_S3_ACCESS_KEY", default="") or None,
        "secret_key": env("STOCKAGE_S3_SECRET_KEY", default="") or None,
        "location": env("STOCKAGE_S3_PREFIXE", default=""),
        "default_acl": "private",
        "file_overwrite": False,
    }
    chiffrement = env("STOCKAGE_S3_CHIFFREMENT", default="AES256")
    if chiffrement:
        options["object_parameters"] = {"ServerSideEncryption": chiffrement}
    return options
