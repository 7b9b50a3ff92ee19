"""`make test` on a fresh machine: scripts/ensure_services.sh installs the missing Debian packages
(as root; otherwise one line naming them), starts PostgreSQL and Redis when they are down, and
does nothing the second time. The machine's own services are never stopped: the "down" Redis is
one on a free port, and the "missing" package is hidden from PATH."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.ops.live import ROOT, free_port, port_open

SCRIPT = ROOT / "scripts" / "ensure_services.sh"


def run(env=None, user=None):
    command = ["bash", str(SCRIPT)]
    if user:
        command = ["runuser", "-u", user, "--", "env", f"PATH={env['PATH']}", *command]
    result = subprocess.run(
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120
    )
    return result.returncode, result.stdout + result.stderr


def test_twice_on_a_machine_that_has_everything():
    for _ in range(2):
        code, out = run()
        assert code == 0
        assert out.strip() == "ensure_services: Debian packages present, PostgreSQL and Redis up"


def test_a_redis_that_is_down_is_started_once(tmp_path):
    port = free_port()
    env = {"TEST_REDIS_URL": f"redis://127.0.0.1:{port}/0", "TMPDIR": str(tmp_path)}
    try:
        code, out = run(env)
        assert code == 0 and f"started: Redis on port {port}" in out
        assert port_open(port)
        pid = (tmp_path / f"redis-{port}.pid").read_text().strip()
        code, out = run(env)
        assert code == 0 and "started" not in out
        assert (tmp_path / f"redis-{port}.pid").read_text().strip() == pid
    finally:
        pidfile = tmp_path / f"redis-{port}.pid"
        if pidfile.exists():
            os.kill(int(pidfile.read_text()), 15)


def path_without(tmp_path, *hidden):
    """A PATH with every command of this machine but `hidden`, plus the fakes in tmp/fake."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        for entry in Path(folder).iterdir():
            target = bin_dir / entry.name
            if entry.name not in hidden and not target.exists():
                target.symlink_to(entry)
    fake = tmp_path / "fake"
    fake.mkdir(exist_ok=True)
    return f"{fake}:{bin_dir}"


def test_not_root_gets_one_line_naming_the_packages():
    # pytest's tmp_path lies under a folder only root may enter: a folder `nobody` can read.
    folder = Path(tempfile.mkdtemp(prefix="ensure-services-"))
    try:
        folder.chmod(0o755)
        env = {"PATH": path_without(folder, "chromium", "pdffonts")}
        code, out = run(env, user="nobody")
    finally:
        shutil.rmtree(folder)
    assert code == 0
    lines = [line for line in out.splitlines() if "Debian" in line]
    assert lines == [
        "缺少测试所需的 Debian 软件包，请以 root 安装：apt-get install chromium poppler-utils"
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="the install path runs as root")
def test_root_installs_what_is_missing(tmp_path):
    """apt-get is a fake that records its arguments: nothing is installed on this machine."""
    path = path_without(tmp_path, "chromium", "apt-get")
    log = tmp_path / "apt.log"
    fake_apt = tmp_path / "fake" / "apt-get"
    fake_apt.write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    fake_apt.chmod(0o755)
    code, out = run({"PATH": path})
    assert code == 0, out
    assert "installing Debian packages: chromium" in out
    assert log.read_text().splitlines() == [
        "update -q",
        "install -y -q --no-install-recommends chromium",
    ]
