"""deploy/: every template names only settings; every setting read from the environment is in
.env.example (and nothing else is); the nginx site's body limit matches the upload limits; the
rendered files pass nginx -t, systemd-analyze verify and gunicorn --check-config; and a live
nginx in front of gunicorn serves static files, hands uploads over with X-Accel-Redirect only
after the permission check, refuses oversized bodies and redirects plain HTTP."""

import http.client
import re
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from efficiency_center.uploads import attach
from operations import deploy
from tests.factories import CenterUserFactory, DepartmentFactory
from tests.ops.live import ROOT, app_env, free_port, port_open, wait_for

ENV_EXAMPLE = ROOT / "deploy" / ".env.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def env_names_read():
    """Every environment variable read by settings.py and gunicorn.conf.py."""
    settings_src = (ROOT / "efficiency_center" / "settings.py").read_text()
    gunicorn_src = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', settings_src))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]*)"', gunicorn_src))
    return names


def env_example_names():
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))


def test_every_template_variable_is_a_setting():
    paths = deploy.template_paths()
    assert {p.parent.name for p in paths} == {"systemd", "nginx"}
    assert len(paths) >= 6
    for path in paths:
        names = deploy.variables(path)
        assert names, path
        missing = [name for name in names if not hasattr(settings, name)]
        assert not missing, f"{path.name} names {missing}, which are not settings"


def test_a_template_naming_no_setting_is_refused(tmp_path):
    bad = tmp_path / "bad.service"
    bad.write_text("ExecStart={{ DEPLOY_DIR }}/{{ NOT_A_SETTING }}\n")
    with pytest.raises(deploy.DeployError, match="NOT_A_SETTING"):
        deploy.render(bad)


def test_env_example_names_every_setting_read_from_the_environment():
    read, named = env_names_read(), env_example_names()
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"} <= read
    assert read - named == set(), f"missing from deploy/.env.example: {sorted(read - named)}"
    assert named - read == set(), f"named in .env.example but never read: {sorted(named - read)}"


def test_request_body_limit_matches_the_upload_limits():
    from complaints.services import intake
    from efficiency_center import uploads
    from pledges import forms as pledge_forms
    from practice_projects.services import plans, progress

    per_file = settings.UPLOAD_MAX_FILE_BYTES
    assert uploads.DEFAULT_MAX_BYTES == per_file
    assert max(progress.EVIDENCE_MAX_BYTES, plans.PLAN_MAX_BYTES) <= per_file
    most_files = max(
        pledge_forms.MAX_FILES_PER_UPLOAD, progress.MAX_EVIDENCE_FILES, intake.MAX_EVIDENCE_FILES
    )
    assert most_files == settings.UPLOAD_MAX_FILES_PER_REQUEST
    assert settings.REQUEST_MAX_BODY_MB * 1024**2 >= most_files * per_file
    assert settings.REQUEST_MAX_BODY_MB * 1024**2 <= most_files * per_file + 10 * 1024**2
    site = deploy.render(ROOT / "deploy" / "nginx" / "xnzx.conf", production_values())
    assert f"client_max_body_size {settings.REQUEST_MAX_BODY_MB}m;" in site


def production_values(**overrides):
    values = deploy.context()
    values.update(UPLOADS_X_ACCEL_REDIRECT_PREFIX="/_protected_media/", SERVER_NAME="xnzx.test")
    values.update(overrides)
    return values


def test_render_deploy_refuses_without_the_x_accel_prefix(settings, tmp_path):
    settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX = ""
    with pytest.raises(deploy.DeployError, match="UPLOADS_X_ACCEL_REDIRECT_PREFIX"):
        deploy.render_all(tmp_path)


def test_rendered_units_pass_systemd_analyze(settings, tmp_path):
    settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX = "/_protected_media/"
    settings.DEPLOY_DIR = str(ROOT)  # ExecStart must name a real .venv for verify
    deploy.render_all(tmp_path)
    units = sorted((tmp_path / "systemd").iterdir())
    assert {u.name for u in units} == {
        "xnzx-web.service",
        "xnzx-worker.service",
        "xnzx-beat.service",
        "xnzx-backup.service",
        "xnzx-backup.timer",
    }
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *[f"./{u.name}" for u in units]],
        cwd=tmp_path / "systemd",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    web = (tmp_path / "systemd" / "xnzx-web.service").read_text()
    assert f"ExecStart={ROOT}/.venv/bin/gunicorn -c {ROOT}/deploy/gunicorn.conf.py" in web
    assert f"EnvironmentFile={settings.DEPLOY_ENV_FILE}" in web


def test_gunicorn_config_loads():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "efficiency_center.wsgi",
        ],
        cwd=ROOT,
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- nginx, for real ---------------------------------------------------------------------------


def self_signed(folder):
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=xnzx.test",
            "-keyout",
            folder / "key.pem",
            "-out",
            folder / "cert.pem",
        ],
        check=True,
        capture_output=True,
    )
    return folder / "cert.pem", folder / "key.pem"


def nginx_config(tmp_path, site, http_port, https_port):
    """The rendered site inside a minimal nginx.conf of its own (ports and files under tmp)."""
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"""
user root;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp_path}/access.log;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    return main


def nginx_available():
    return shutil.which("nginx") or Path("/usr/sbin/nginx").exists()


def test_rendered_site_passes_nginx_t(tmp_path):
    assert nginx_available(), "nginx is missing: make test installs it (scripts/ensure_services.sh)"
    cert, key = self_signed(tmp_path)
    site = deploy.render(
        ROOT / "deploy" / "nginx" / "xnzx.conf",
        production_values(TLS_CERTIFICATE=str(cert), TLS_CERTIFICATE_KEY=str(key)),
    )
    main = nginx_config(tmp_path, site, free_port(), free_port())
    result = subprocess.run(
        ["nginx", "-t", "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_live_nginx_in_front_of_gunicorn(tmp_path):
    assert nginx_available()
    media, static = tmp_path / "media", tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.0123abcd.css").write_text("body{color:#123}")
    clerk = CenterUserFactory(username="deploy_clerk")
    owner = DepartmentFactory(code="D9")
    with override_media(media):
        attachment = attach(
            owner, SimpleUploadedFile("证据 材料.pdf", PDF), user=clerk, kinds=("pdf",)
        )
    client = Client()
    client.force_login(clerk)
    sessions = {"deploy_clerk": client.cookies["sessionid"].value}

    app_port, http_port, https_port = free_port(), free_port(), free_port()
    cert, key = self_signed(tmp_path)
    site = deploy.render(
        ROOT / "deploy" / "nginx" / "xnzx.conf",
        production_values(
            GUNICORN_BIND=f"127.0.0.1:{app_port}",
            STATIC_ROOT=str(static),
            MEDIA_ROOT=str(media),
            TLS_CERTIFICATE=str(cert),
            TLS_CERTIFICATE_KEY=str(key),
        ),
    )
    main = nginx_config(tmp_path, site, http_port, https_port)
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "efficiency_center.wsgi",
        ],
        cwd=ROOT,
        env=app_env(
            GUNICORN_BIND=f"127.0.0.1:{app_port}",
            GUNICORN_WORKERS=1,
            MEDIA_ROOT=media,
            UPLOADS_X_ACCEL_REDIRECT_PREFIX="/_protected_media/",
            ALLOWED_HOSTS="xnzx.test",
        ),
        stdout=open(tmp_path / "gunicorn.log", "w"),
        stderr=subprocess.STDOUT,
    )
    nginx = None
    try:
        wait_for(lambda: port_open(app_port), 30, what="gunicorn")
        nginx = subprocess.Popen(
            ["nginx", "-c", str(main), "-e", str(tmp_path / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "nginx.stderr", "w"),
        )
        wait_for(lambda: port_open(https_port), 10, what="nginx")
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False

        def get(path, *, cookie=None, method="GET", body=None, headers=None):
            conn = http.client.HTTPSConnection("127.0.0.1", https_port, context=context, timeout=30)
            all_headers = {"Host": "xnzx.test", **(headers or {})}
            if cookie:
                all_headers["Cookie"] = f"sessionid={cookie}"
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            return response, response.read()

        # Plain HTTP goes to HTTPS.
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/notices/", headers={"Host": "xnzx.test"})
        redirect = plain.getresponse()
        assert redirect.status == 301
        assert redirect.getheader("Location") == "https://xnzx.test/notices/"

        # nginx's request id reaches the application and its log.
        response, _ = get("/notices/")
        assert response.status == 200 and re.fullmatch(
            r"[0-9a-f]{32}", response.getheader("X-Request-ID")
        )
        assert response.getheader("X-Request-ID") in (tmp_path / "gunicorn.log").read_text()

        # Static files straight from the collection, cached for a year.
        response, body = get("/static/css/site.0123abcd.css")
        assert response.status == 200 and body == b"body{color:#123}"
        assert "immutable" in response.getheader("Cache-Control")

        # The file, through Django's check, sent by nginx.
        url = f"/files/{attachment.pk}/"
        response, body = get(url, cookie=sessions["deploy_clerk"])
        assert response.status == 200, body[:500]
        assert body == PDF
        assert response.getheader("Content-Type") == "application/pdf"
        assert "filename*=utf-8''%E8%AF%81%E6%8D%AE%20%E6%9D%90%E6%96%99.pdf" in (
            response.getheader("Content-Disposition")
        )
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert "sandbox" in response.getheader("Content-Security-Policy")
        assert response.getheader("X-Accel-Redirect") is None
        # Not for someone who may not see the record, nor straight from the internal location.
        assert get(url)[0].status == 404
        assert get(f"/_protected_media/{attachment.file.name}")[0].status == 404

        # A body over the limit is refused by nginx, with a Chinese page.
        too_big = b"x" * (settings.REQUEST_MAX_BODY_MB * 1024**2 + 1)
        response, body = get(
            "/complaints/file/",
            method="POST",
            body=too_big,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert response.status == 413 and "上传内容过大" in body.decode()
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        gunicorn.terminate()
        gunicorn.wait(20)


class override_media:
    def __init__(self, path):
        from django.test import override_settings

        self.override = override_settings(MEDIA_ROOT=str(path))

    def __enter__(self):
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()


@pytest.mark.django_db
def test_download_answers_x_accel_redirect_when_set(client, settings, tmp_path, users, dept_a):
    from tests.workflow_app.models import Memo

    settings.MEDIA_ROOT = str(tmp_path)
    memo = Memo.objects.create(department=dept_a, title="证据")
    attachment = attach(memo, SimpleUploadedFile("a.pdf", PDF), user=users["clerk"], kinds=("pdf",))
    client.force_login(users["clerk"])
    settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX = "/_protected_media/"
    response = client.get(f"/files/{attachment.pk}/")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected_media/{attachment.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="a.pdf"'
    # Dev and tests: Django streams the file itself.
    settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX = ""
    response = client.get(f"/files/{attachment.pk}/")
    assert b"".join(response.streaming_content) == PDF and "X-Accel-Redirect" not in response
    # The permission check comes first either way.
    settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX = "/_protected_media/"
    client.force_login(users["staff_b"])
    assert client.get(f"/files/{attachment.pk}/").status_code == 404
