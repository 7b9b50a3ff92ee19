"""deploy/'s templates (systemd units, the nginx site) rendered with the settings.

A template names settings as {{ NAME }} (Django template syntax, which leaves nginx's $variables
and systemd's %specifiers alone); a name that is not a setting stops the rendering."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

DEPLOY = Path(settings.BASE_DIR) / "deploy"
TEMPLATES = ("systemd", "nginx")
MISSING = "@@MISSING-SETTING@@"
VARIABLE = re.compile(r"{{\s*([A-Za-z_][A-Za-z0-9_]*)")


class DeployError(Exception):
    pass


def template_paths():
    return sorted(p for folder in TEMPLATES for p in (DEPLOY / folder).iterdir() if p.is_file())


def variables(path):
    return set(VARIABLE.findall(Path(path).read_text()))


def context():
    return {name: getattr(settings, name) for name in dir(settings) if name.isupper()}


def render(path, values=None):
    engine = Engine(autoescape=False, string_if_invalid=MISSING)
    text = engine.from_string(Path(path).read_text()).render(Context(values or context()))
    if MISSING in text:
        missing = sorted(n for n in variables(path) if n not in (values or context()))
        raise DeployError(f"{Path(path).name}：模板引用了不存在的设置 {', '.join(missing)}")
    return text


def render_all(out):
    if not settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX and settings.MEDIA_STORAGE == "filesystem":
        raise DeployError(
            "UPLOADS_X_ACCEL_REDIRECT_PREFIX 未设置：生产环境由 nginx 发送上传文件"
            "（见 deploy/.env.example）。"
        )
    out = Path(out)
    written = []
    for path in template_paths():
        target = out / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(path))
        written.append(target)
    return written
