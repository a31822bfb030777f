"""config/settings.py reads the environment; each case loads it in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DATABASE": {k: settings.DATABASES["default"].get(k) for k in ("ENGINE", "NAME", "HOST", "PORT", "USER")},
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "BROKER": settings.CELERY_BROKER_URL,
    "EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "MAILERS": settings.MAILERS,
    "STORAGE": settings.STORAGES["default"],
    "HAS_EMAIL_HOST": hasattr(settings, "EMAIL_HOST") and settings.is_overridden("EMAIL_HOST"),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "TRUSTED_PROXY_COUNT": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "TRUSTED_CLIENT_IP_HEADER": settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
}, default=str))
"""


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PLENARY_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_from(tmp_path, **env) -> dict:
    result = load_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    loaded = settings_from(tmp_path, DJANGO_SECRET_KEY="x" * 50)
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == []
    assert loaded["SESSION_COOKIE_SECURE"] is True


def test_a_malformed_boolean_is_refused(tmp_path):
    result = load_settings(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_embedded_defaults_need_nothing_but_python(tmp_path):
    loaded = settings_from(tmp_path, DEBUG="true")
    assert loaded["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASE"]["NAME"] == str(tmp_path / "var" / "plenary.sqlite3")
    assert loaded["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["BROKER"] == "memory://"
    assert loaded["EAGER"] is True
    assert loaded["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["STORAGE"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_behind_a_proxy_rate_limits_key_on_the_forwarded_client_address(tmp_path):
    assert settings_from(tmp_path, DEBUG="true")["TRUSTED_PROXY_COUNT"] == 0
    behind = settings_from(tmp_path, DEBUG="true", BEHIND_TLS_PROXY="true")
    assert behind["TRUSTED_PROXY_COUNT"] == 1
    assert behind["TRUSTED_CLIENT_IP_HEADER"] is None
    two = settings_from(tmp_path, DEBUG="true", BEHIND_TLS_PROXY="true", TRUSTED_PROXY_COUNT="2")
    assert two["TRUSTED_PROXY_COUNT"] == 2
    header = settings_from(tmp_path, DEBUG="true", TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    assert header["TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"


def test_database_url_switches_to_postgresql(tmp_path):
    loaded = settings_from(
        tmp_path, DEBUG="true", DATABASE_URL="postgres://plenary:secret@db.internal:5433/plenary"
    )
    assert loaded["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "plenary",
        "HOST": "db.internal",
        "PORT": 5433,
        "USER": "plenary",
    }


def test_redis_url_switches_the_cache_and_the_celery_broker(tmp_path):
    loaded = settings_from(tmp_path, DEBUG="true", REDIS_URL="redis://cache.internal:6379/1")
    assert (
        loaded["CACHE"] == "config.cache.DegradingRedisCache"
    )  # Django's RedisCache, degrading when Redis is down
    assert loaded["CACHE_LOCATION"] == "redis://cache.internal:6379/1"
    assert loaded["BROKER"] == "redis://cache.internal:6379/1"
    assert loaded["EAGER"] is False


def test_smtp_host_configures_mailers(tmp_path):
    loaded = settings_from(
        tmp_path,
        DEBUG="true",
        SMTP_HOST="mail.internal",
        SMTP_PORT="2525",
        SMTP_USER="plenary",
        SMTP_PASSWORD="pw",
        SMTP_USE_TLS="true",
    )
    default = loaded["MAILERS"]["default"]
    assert default["BACKEND"] == "members.smtp.EmailBackend"  # Django's, repeated headers cached
    assert default["OPTIONS"] == {
        "host": "mail.internal",
        "port": 2525,
        "username": "plenary",
        "password": "pw",
        "use_tls": True,
        "timeout": 20,
    }
    assert loaded["HAS_EMAIL_HOST"] is False, "Django 6.1 refuses EMAIL_* settings alongside MAILERS"


def test_a_malformed_port_is_refused(tmp_path):
    result = load_settings(tmp_path, DEBUG="true", SMTP_HOST="mail.internal", SMTP_PORT="twenty-five")
    assert result.returncode != 0
    assert "SMTP_PORT must be an integer" in result.stderr


def test_s3_bucket_switches_file_storage_to_s3(tmp_path):
    loaded = settings_from(
        tmp_path,
        DEBUG="true",
        S3_BUCKET="plenary-files",
        S3_ENDPOINT_URL="http://minio.internal:9000",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    )
    assert loaded["STORAGE"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = loaded["STORAGE"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "plenary-files",
        "http://minio.internal:9000",
    )
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")


def test_production_like_settings_pass_djangos_deployment_check(tmp_path):
    # Without SMTP_HOST, Django 6.1 refuses the console backend outside DEBUG: mail must go out.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PLENARY_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
        "DJANGO_ALLOWED_HOSTS": "plenary.example.org",
        "SMTP_HOST": "mail.internal",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def environment_variables_read_by_settings() -> set[str]:
    import ast

    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if (
                called in {"env_str", "env_bool", "env_int", "env_list", "get"}
                and str(node.args[0].value).isupper()
            ):
                names.add(node.args[0].value)
    return names


def test_the_readme_documents_every_environment_variable():
    names = environment_variables_read_by_settings()
    assert {"DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SMTP_HOST", "S3_BUCKET"} <= names
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"| `{name}` |" not in readme)
    assert not missing, f"Add these to the README's environment table: {missing}"


def test_readme_production_environment_passes_check_deploy_with_no_warning():
    """The README's production recipe, run as written, gives `check --deploy` nothing to say."""
    import re
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    section = (
        readme.split("## Running on PostgreSQL, Redis and SMTP", 1)[1]
        .split("```bash", 1)[1]
        .split("```", 1)[0]
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    for line in section.splitlines():
        if not line.startswith("export "):
            continue
        assignments = line.removeprefix("export ").split("#", 1)[0]
        for name, value in re.findall(r"(\w+)=(\"\$\(.*?\)\"|\S+)", assignments):
            env[name] = secrets.token_urlsafe(50) if value.startswith('"$(') else value
    assert env["BEHIND_TLS_PROXY"] == "true"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
