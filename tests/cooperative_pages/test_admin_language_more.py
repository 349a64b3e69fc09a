"""The rest of the officer's and facilitator's journeys reads in Indonesian: uploads and
choosers, every page type's editor and its side panels, history and revisions, workflow
actions and their modals, link choosers, account and password screens, refusals, the
facilitator console, the role screens, the workflow e-mails and the admin's JavaScript
catalog. A user whose admin language is English still gets English.

What counts as English is defined in ``test_admin_language``. Where Wagtail hard-codes an
English string in a template, the reference site overrides the template (``templates/``)
with the string translated; ``test_template_overrides_follow_wagtail`` keeps each override
equal to Wagtail's own template plus that one change, so an upgrade of Wagtail fails here
until the override is copied again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import wagtail
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.users.models import UserProfile

from cooperative_pages.models import (
    GovernanceIndexPage,
    GovernancePage,
    NewsIndexPage,
    ProductIndexPage,
)
from cooperative_pages.services import role_groups_ensure
from tests.factories import make_user, uploaded_jpeg, uploaded_pdf

from .test_admin_language import (
    assert_html_indonesian,
    assert_indonesian,
    english_fragments,
    is_english,
    response_html,
)
from .test_workflow_routing import submit

REPO = Path(__file__).resolve().parents[2]


STATUS_IN_MODERATION = (
    "{% trans 'In Moderation' as title %}\n"
    "                    {% if workflow_state.created_at %}\n"
    "                        {% timesince_last_update workflow_state.created_at "
    "user_display_name=workflow_state.requested_by|user_display_name use_shorthand=True as help_text %}\n"
    "                    {% endif %}"
)
# Wagtail templates with hard-coded English (no {% translate %}) on the officer's screens:
# template name -> (Wagtail's text, the override's text).
TEMPLATE_OVERRIDES = {
    "wagtailadmin/home.html": [
        ('<input type="submit" value="Search"', """<input type="submit" value="{% translate 'Search' %}\""""),
        # An officer's dashboard is headed with their cooperative's name.
        ("{% load wagtailadmin_tags i18n %}", "{% load wagtailadmin_tags i18n kmp_admin %}"),
        (
            "{% block branding_welcome %}{{ site_name }}{% endblock %}",
            "{% block branding_welcome %}{% admin_home_title site_name %}{% endblock %}",
        ),
    ],
    "wagtailadmin/shared/header.html": [
        ('<input type="submit" value="Search"', """<input type="submit" value="{% translate 'Search' %}\""""),
    ],
    # Wagtail's page search has no model, so its result count read "1-1 dari 1 None".
    "wagtailadmin/pages/listing/_page_title_column_header.html": [
        (
            "{% block after_label %}",
            '{% block after_label %}{% translate "pages" as pages_label %}'
            "{% firstof model_name pages_label as model_name %}",
        ),
    ],
    # Bulk actions the user cannot complete (publish, unpublish for an officer) are not offered.
    "wagtailadmin/bulk_actions/footer.html": [
        ("{% load i18n wagtailadmin_tags %}", "{% load i18n wagtailadmin_tags kmp_admin %}"),
        ("{% bulk_action_choices app_label model_name %}", "{% bulk_actions_for_user app_label model_name %}"),
    ],
    # A page sent back for changes said "In moderation ... by <the officer who sent it>":
    # it says "Changes requested ... by <the facilitator>".
    "wagtailadmin/shared/side_panels/includes/status/workflow.html": [
        (
            STATUS_IN_MODERATION,
            # No {% with %}: the titles set here are read after it.
            '{% if workflow_state.status == "needs_changes" and workflow_state.current_task_state.finished_at %}'
            "{% trans 'Changes requested' as title %}"
            "{% timesince_last_update workflow_state.current_task_state.finished_at "
            "user_display_name=workflow_state.current_task_state.finished_by|user_display_name "
            "use_shorthand=True as help_text %}{% else %}" + STATUS_IN_MODERATION + "{% endif %}",
        ),
    ],
    # The dashboard's account box linked Wagtail's English editor guide: it links the officers' guide.
    "wagtailadmin/home/account_summary.html": [
        (
            """{% wagtail_feature_release_editor_guide_link as editor_guide_link %}
            {% wagtail_version as current_version %}""",
            "",
        ),
        ('href="{{ editor_guide_link }}"', "href=\"{% url 'kmp_guide' %}\""),
        (
            """{% blocktrans trimmed %}
                        Wagtail {{ current_version }} editor guide
                    {% endblocktrans %}""",
            '{% translate "Guide for officers" %}',
        ),
    ],
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}\n{# Actions divider #}"),
        ('aria-label="Actions"', """aria-label="{% translate 'Actions' %}\""""),
    ],
}
# The link forms' fields have no label ("Link text", "Phone number"): translate the generated one.
# Wagtail's four link chooser templates differ only in a title, a link type and a button, so the
# reference site overrides them with one shared form: kind -> (title, button).
LINK_CHOOSERS = {
    "external": ("Add an external link", "Insert link"),
    "email": ("Add an email link", "Insert link"),
    "phone": ("Add a phone link", "Insert link"),
    "anchor": ("Add an anchor link", "Insert anchor"),
}
LINK_FIELD_LABEL = (
    "<li>{% formattedfield field %}</li>",
    '{% translate field.label context "link chooser" as label_text %}'
    "<li>{% formattedfield field label_text=label_text %}</li>",
)
LINK_FORM = "wagtailadmin/chooser/_link_form.html"
OVERRIDE_NOTE = (
    "{# Wagtail's template with its hard-coded English translated; kept equal to Wagtail's own by "
    "tests/cooperative_pages/test_admin_language_more.py. #}\n"
)


def wagtail_template(name: str) -> str:
    return (Path(wagtail.__file__).parent / "admin" / "templates" / name).read_text(encoding="utf-8")


def replaced(text: str, name: str, replacements) -> str:
    for upstream, ours in replacements:
        assert text.count(upstream) == 1, f"Wagtail's {name} changed: {upstream!r} not found once"
        text = text.replace(upstream, ours)
    return text


def expected_override(name: str) -> str:
    return OVERRIDE_NOTE + replaced(wagtail_template(name), name, TEMPLATE_OVERRIDES[name])


def expected_link_form(kind: str) -> str:
    """Wagtail's ``{kind}_link.html`` translated, with its own title, link type and button as variables."""
    name = f"wagtailadmin/chooser/{kind}_link.html"
    title, button = LINK_CHOOSERS[kind]
    parameters = [
        LINK_FIELD_LABEL,
        (f'title=_("{title}")', "title=title"),
        (f"current='{kind}'", "current=current"),
        (f"{{% url 'wagtailadmin_choose_page_{kind}_link' %}}", "{% url url_name %}"),
        (f"{{% trans '{button}' %}}", "{{ submit_label }}"),
    ]
    return (
        "{# Wagtail's four link chooser templates (external, email, phone, anchor) in one, with their "
        "hard-coded English translated; kept equal to Wagtail's own by "
        "tests/cooperative_pages/test_admin_language_more.py. #}\n" + replaced(wagtail_template(name), name, parameters)
    )


def expected_link_chooser(kind: str) -> str:
    title, button = LINK_CHOOSERS[kind]
    return (
        f"{{# Wagtail's {kind}_link.html through the shared link form; kept equal to Wagtail's own by "
        "tests/cooperative_pages/test_admin_language_more.py. #}\n{% load i18n %}\n"
        f'{{% include "{LINK_FORM}" with title=_("{title}") current="{kind}" '
        f'url_name="wagtailadmin_choose_page_{kind}_link" submit_label=_("{button}") %}}\n'
    )


def test_template_overrides_follow_wagtail():
    for name in TEMPLATE_OVERRIDES:
        override = REPO / "templates" / name
        assert override.is_file(), f"missing override {override}"
        assert override.read_text(encoding="utf-8") == expected_override(name), (
            f"{override} is not Wagtail's {name} plus the translated strings: copy Wagtail's template again "
            "and reapply TEMPLATE_OVERRIDES"
        )


@pytest.mark.parametrize("kind", LINK_CHOOSERS)
def test_link_chooser_overrides_follow_wagtail(kind):
    """Each of Wagtail's link chooser templates is the shared form once its values are variables,
    and the override passes it exactly Wagtail's values."""
    shared = (REPO / "templates" / LINK_FORM).read_text(encoding="utf-8")
    assert shared == expected_link_form(kind), (
        f"Wagtail's wagtailadmin/chooser/{kind}_link.html no longer matches {LINK_FORM}: copy it again "
        "and reapply LINK_FIELD_LABEL"
    )
    override = REPO / "templates" / "wagtailadmin" / "chooser" / f"{kind}_link.html"
    assert override.read_text(encoding="utf-8") == expected_link_chooser(kind)


def assert_screens(client, urls, *, known_gaps: dict[str, frozenset[str]] | None = None):
    """Every screen in ``urls``; all failures are reported together."""
    failures = []
    for url in urls:
        try:
            assert_indonesian(client, url, known_gaps=(known_gaps or {}).get(url, frozenset()))
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)


def assert_response_indonesian(response, what: str, *, status: int = 200):
    assert response.status_code == status, f"{what}: status {response.status_code} {response.get('Location', '')}"
    assert_html_indonesian(response_html(response), what)


def governance_page(cooperative) -> GovernancePage:
    index = GovernanceIndexPage.objects.child_of(cooperative).get()
    page = GovernancePage(title="AD/ART 2025", kind="ad-art", year=2025)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def sections(cooperative) -> dict[str, Page]:
    return {
        "products": ProductIndexPage.objects.child_of(cooperative).get(),
        "news": NewsIndexPage.objects.child_of(cooperative).get(),
        "governance": GovernanceIndexPage.objects.child_of(cooperative).get(),
    }


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def library_screens(app: str, *, usage: str, item, query: str) -> list[str]:
    """The screens Wagtail's image and document libraries (``app``) both have, with their choosers'
    search and upload tabs."""
    results = reverse(f"{app}_chooser:choose_results")
    return [
        reverse(f"{app}:add"),
        reverse(f"{app}:add_multiple"),
        reverse(f"{app}:edit", args=[item.pk]),
        reverse(f"{app}:{usage}", args=[item.pk]),
        reverse(f"{app}:index") + "?q=tidakada",
        reverse(f"{app}_chooser:choose"),
        results + f"?q={query}",
        results + "?q=tidakada",
    ]


def assert_library_forms_indonesian(client, app: str, *, item, upload, what: str) -> None:
    """A multiple upload, then the upload and edit forms with errors, of an image or document library."""
    response = client.post(reverse(f"{app}:add_multiple"), {"files[]": upload}, **XHR)
    assert json.loads(response.content)["success"]
    assert_response_indonesian(response, f"multiple upload: the new {what}'s form")
    assert_response_indonesian(client.post(reverse(f"{app}:add"), {}), f"{what} upload form with errors")
    edit = client.post(reverse(f"{app}:edit", args=[item.pk]), {"title": ""})
    assert_response_indonesian(edit, f"{what} edit with errors")


# ---------------------------------------------------------------- officer: images and documents


def test_image_screens_are_indonesian(world, client):
    side = world.a
    client.force_login(side.officer)
    assert_screens(
        client,
        [
            *library_screens("wagtailimages", usage="image_usage", item=side.image, query="Foto"),
            reverse("wagtailimages_chooser:select_format", args=[side.image.pk]),
        ],
    )
    collection = str(side.cooperative.collection_id)
    assert_library_forms_indonesian(client, "wagtailimages", item=side.image, upload=uploaded_jpeg(), what="image")
    refused = client.post(reverse("wagtailimages:add_multiple"), {"files[]": uploaded_pdf("bukan-gambar.gif")}, **XHR)
    assert_response_indonesian(refused, "multiple upload: a file that is not an image")
    chooser_upload = reverse("wagtailimages_chooser:create")
    assert_response_indonesian(client.post(chooser_upload, {}), "image chooser upload tab with errors")
    chosen = client.post(
        chooser_upload,
        {
            "image-chooser-upload-title": "Foto gudang",
            "image-chooser-upload-file": uploaded_jpeg(),
            "image-chooser-upload-collection": collection,
        },
    )
    assert_response_indonesian(chosen, "image chooser upload")


def test_document_screens_are_indonesian(world, client):
    side = world.a
    client.force_login(side.officer)
    assert_screens(client, library_screens("wagtaildocs", usage="document_usage", item=side.document, query="Dokumen"))
    assert_library_forms_indonesian(client, "wagtaildocs", item=side.document, upload=uploaded_pdf(), what="document")
    assert_response_indonesian(client.post(reverse("wagtaildocs_chooser:create"), {}), "document chooser upload tab")


# ---------------------------------------------------------------- officer: pages


def test_every_page_type_editor_is_indonesian(world, client):
    """Editors with their side panels (status, preview, comments, checks, history) and add forms."""
    side = world.a
    governance = governance_page(side.cooperative)
    index = sections(side.cooperative)
    client.force_login(side.officer)
    news_editors = [
        reverse("wagtailadmin_pages:edit", args=[side.news.pk]),
        reverse("wagtailadmin_pages:add", args=["cooperative_pages", "newspage", index["news"].pk]),
    ]
    assert_screens(
        client,
        [
            *(reverse("wagtailadmin_pages:edit", args=[page.pk]) for page in index.values()),
            *(reverse("wagtailadmin_explore", args=[page.pk]) for page in index.values()),
            reverse("wagtailadmin_pages:edit", args=[side.cooperative.pk]),
            reverse("wagtailadmin_pages:edit", args=[side.product.pk]),
            reverse("wagtailadmin_pages:edit", args=[side.draft_product.pk]),
            reverse("wagtailadmin_pages:edit", args=[governance.pk]),
            reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", index["products"].pk]),
            reverse("wagtailadmin_pages:add", args=["cooperative_pages", "governancepage", index["governance"].pk]),
            reverse("wagtailadmin_pages:delete", args=[side.draft_product.pk]),
            reverse("wagtailadmin_pages:search") + "?q=Beras",
            reverse("wagtailadmin_pages:search") + "?q=tidakada",
            *news_editors,
        ],
    )
    # Each section holds one page type, so "add a subpage" goes straight to that type's form.
    add_product = client.get(reverse("wagtailadmin_pages:add_subpage", args=[index["products"].pk]))
    assert add_product.status_code == 302
    assert add_product["Location"].endswith(f"/productpage/{index['products'].pk}/")


def test_saving_and_errors_are_indonesian(world, client):
    from .isolation import page_form_data

    side = world.a
    client.force_login(side.officer)
    edit = reverse("wagtailadmin_pages:edit", args=[side.product.pk])
    saved = client.post(edit, page_form_data(side.product, title="Beras Widoro Pulen"), follow=True)
    assert_response_indonesian(saved, "editor after saving a draft")
    invalid = client.post(edit, page_form_data(side.product, title="", price="abc"))
    assert_response_indonesian(invalid, "editor with errors")


def test_history_and_revisions_are_indonesian(world, client):
    side = world.a
    side.product.title = "Beras Widoro Pulen"
    revision = side.product.save_revision(user=side.officer)
    first = side.product.revisions.order_by("pk").first()
    client.force_login(side.officer)
    assert_screens(
        client,
        [
            reverse("wagtailadmin_pages:history", args=[side.product.pk]),
            reverse("wagtailadmin_pages:revisions_compare", args=[side.product.pk, "live", "latest"]),
            reverse("wagtailadmin_pages:revisions_compare", args=[side.product.pk, "earliest", revision.pk]),
            reverse("wagtailadmin_pages:revisions_view", args=[side.product.pk, revision.pk]),
            reverse("wagtailadmin_pages:revisions_revert", args=[side.product.pk, first.pk]),
        ],
    )


def test_link_choosers_are_indonesian(world, client):
    """The rich text editor's link modals (news, governance documents)."""
    client.force_login(world.a.officer)
    browse = reverse("wagtailadmin_choose_page")
    assert_screens(
        client,
        [
            browse,
            reverse("wagtailadmin_choose_page_child", args=[world.a.cooperative.pk]),
            reverse("wagtailadmin_choose_page_search") + "?q=Beras",
            reverse("wagtailadmin_choose_page_external_link"),
            reverse("wagtailadmin_choose_page_email_link"),
            reverse("wagtailadmin_choose_page_phone_link"),
            reverse("wagtailadmin_choose_page_anchor_link"),
        ],
    )


def test_reports_in_the_officers_menu_are_indonesian(world, client):
    client.force_login(world.a.officer)
    workflow_reports = [reverse("wagtailadmin_reports:workflow"), reverse("wagtailadmin_reports:workflow_tasks")]
    assert_screens(
        client,
        [*workflow_reports, reverse("wagtailadmin_reports:site_history"), reverse("wagtailadmin_reports:aging_pages")],
    )


# ---------------------------------------------------------------- account, login, refusals


def test_account_login_and_password_screens_are_indonesian(world, client):
    officer = world.a.officer
    login = reverse("wagtailadmin_login")
    assert_response_indonesian(client.post(login, {"username": officer.username, "password": "salah"}), "bad login")
    assert_screens(
        client,
        [
            reverse("wagtailadmin_password_reset"),
            reverse("wagtailadmin_password_reset_done"),
            reverse("wagtailadmin_password_reset_confirm", args=["MQ", "token-salah"]),
            reverse("wagtailadmin_password_reset_complete"),
        ],
    )
    mail.outbox.clear()
    client.post(reverse("wagtailadmin_password_reset"), {"email": officer.email})
    assert len(mail.outbox) == 1
    assert_mail_indonesian(mail.outbox[0])

    client.force_login(officer)
    assert_screens(client, [reverse("wagtailadmin_account")])
    wrong_password = {
        "password-old_password": "salah",
        "password-new_password1": "Kata-Sandi-Baru-1",
        "password-new_password2": "Kata-Sandi-Lain-2",
    }
    changed = client.post(reverse("wagtailadmin_account"), wrong_password)
    assert_response_indonesian(changed, "password change with errors")
    logged_out = client.post(reverse("wagtailadmin_logout"), follow=True)
    assert logged_out.redirect_chain and "login" in logged_out.redirect_chain[-1][0]
    assert_response_indonesian(logged_out, "login page after logging out")


def test_refusals_and_missing_pages_are_indonesian(world, client):
    client.force_login(world.a.officer)
    missing = client.get("/admin/tidak-ada/")
    assert_response_indonesian(missing, "admin 404", status=404)
    refused = client.get(reverse("wagtailadmin_pages:edit", args=[world.b.product.pk]), follow=True)
    assert refused.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "Maaf, Anda tidak memiliki izin" in refused.content.decode()
    assert_response_indonesian(refused, "dashboard after a refusal")


# ---------------------------------------------------------------- workflow


def test_workflow_screens_are_indonesian(world, client):
    from .isolation import page_form_data

    side = world.a
    product = side.product.pk
    client.force_login(side.officer)
    submitted = client.post(
        reverse("wagtailadmin_pages:edit", args=[product]),
        page_form_data(side.product, title="Beras Widoro Premium", **{"action-submit": "1"}),
        follow=True,
    )
    assert_response_indonesian(submitted, "editor after submitting for approval")
    task_state = WorkflowState.objects.get(object_id=str(product), status="in_progress").current_task_state
    assert_screens(
        client,
        [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_pages:edit", args=[product]),
            reverse("wagtailadmin_pages:workflow_history", args=[product]),
            reverse("wagtailadmin_pages:workflow_history_detail", args=[product, task_state.workflow_state_id]),
            reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[product]),
        ],
    )

    client.force_login(world.facilitator_a)
    assert_screens(
        client,
        [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_pages:edit", args=[product]),
            reverse("wagtailadmin_pages:workflow_preview", args=[product, task_state.task_id]),
            reverse("wagtailadmin_pages:collect_workflow_action_data", args=[product, "approve", task_state.pk]),
            reverse("wagtailadmin_pages:collect_workflow_action_data", args=[product, "reject", task_state.pk]),
            reverse("wagtailadmin_pages:workflow_history", args=[product]),
            reverse("wagtailadmin_pages:workflow_history_detail", args=[product, task_state.workflow_state_id]),
            reverse("dashboard_facilitator_console"),
            reverse("dashboard_facilitator_console") + "?show=gaps",
            reverse("dashboard_facilitator_console") + "?show=stale",
            reverse("kmp_officers:index"),
            reverse("wagtailadmin_account"),
        ],
    )
    action = reverse("wagtailadmin_pages:workflow_action", args=[product, "reject", task_state.pk])
    rejected = client.post(action, {"comment": "Foto produk kurang jelas"}, follow=True)
    assert_response_indonesian(rejected, "facilitator's dashboard after rejecting")

    client.force_login(side.officer)
    assert_screens(client, [reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:edit", args=[product])])


def test_national_admin_role_screens_are_indonesian(world, client):
    national_admin = make_user("admin_nasional")
    role_groups_ensure()["NATIONAL_ADMIN_GROUP"].user_set.add(national_admin)
    client.force_login(national_admin)
    assignment = world.facilitator_a.facilitator_assignments.get()
    assert_screens(
        client,
        [
            reverse("facilitator_assignments:index"),
            reverse("facilitator_assignments:add"),
            reverse("facilitator_assignments:edit", args=[assignment.pk]),
            reverse("officer_memberships:index"),
            reverse("officer_memberships:add"),
            reverse("region_chooser:choose"),
            reverse("region_chooser:choose_results") + "?q=Jawa",
            reverse("kmp_officers:index"),
            reverse("dashboard_facilitator_console"),
        ],
    )


# ---------------------------------------------------------------- e-mails


def mail_lines(message) -> list[str]:
    """Subject and body lines of ``message``, without links."""
    text = message.subject + "\n" + message.body
    for body, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            text += "\n" + "\n".join(english_fragments(body))  # nothing English may hide in the HTML part
    return [line for line in (re.sub(r"https?://\S+", "", raw).strip() for raw in text.splitlines()) if line]


def assert_mail_indonesian(message):
    leaks = [line for line in mail_lines(message) if is_english(line)]
    assert not leaks, f"e-mail {message.subject!r} to {message.to} has English: {leaks}"


def _review_round(world, client, action: str):
    task_state = submit(client, world.a)
    submitted = list(mail.outbox)
    mail.outbox.clear()
    client.force_login(world.facilitator_a)
    url = reverse("wagtailadmin_pages:workflow_action", args=[world.a.product.pk, action, task_state.pk])
    client.post(url, {"comment": "Foto produk kurang jelas"})
    return submitted, list(mail.outbox)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_workflow_mails_are_indonesian(world, client, action):
    mail.outbox.clear()
    submitted, decided = _review_round(world, client, action)
    assert [message.to for message in submitted] == [[world.facilitator_a.email]]
    assert [message.to for message in decided] == [[world.a.officer.email]]
    for message in submitted + decided:
        assert_mail_indonesian(message)
    assert "disetujui" in submitted[0].subject
    assert ("disetujui" if action == "approve" else "ditolak") in decided[0].subject


# ---------------------------------------------------------------- JavaScript


def js_catalog(client) -> dict:
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL)
    return json.loads(found.group(1)) if found else {}  # English: no catalog, the msgids are the text


def wagtail_js_msgids() -> set[str]:
    """Keys of Wagtail's JavaScript strings as the catalog holds them (``context\\x04msgid``)."""
    from tests.test_admin_translation_catalog import entry_key, live_entries, parse_po

    keys = set()
    for po in Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/djangojs.po"):
        keys |= {entry_key(entry) for entry in live_entries(parse_po(po))}
    return keys


def test_every_javascript_string_has_an_indonesian_translation(world, client):
    """Comments, minimap, autosave, "Saving…", unsaved-changes prompts, the sidebar and the
    StreamField editor read their text from /admin/jsi18n/ (Wagtail's djangojs domain)."""
    client.force_login(world.a.officer)
    catalog = js_catalog(client)
    missing = sorted(wagtail_js_msgids() - catalog.keys())
    assert not missing, f"untranslated JavaScript strings: {missing[:20]}"
    assert catalog["Saving..."] != "Saving..."


# ---------------------------------------------------------------- English stays available


def test_an_officer_who_prefers_english_gets_english(world, client):
    officer = world.a.officer
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(officer)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[world.a.product.pk])).content.decode()
    assert '<html lang="en"' in editor
    assert "Save draft" in editor and "Simpan draf" not in editor
    external_link = client.get(reverse("wagtailadmin_choose_page_external_link")).content.decode()
    assert "Link text" in external_link
    assert js_catalog(client).get("Saving...", "Saving...") == "Saving..."

    mail.outbox.clear()
    _, decided = _review_round(world, client, "reject")
    assert "has been rejected" in decided[0].subject
