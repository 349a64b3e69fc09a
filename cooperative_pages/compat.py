"""What cooperative_pages relies on that Wagtail, django-treebeard and modelsearch do not promise.

Every private attribute of theirs we call, and every method of theirs we wrap, is used
here and only here, with the upstream gap that makes it necessary.
``tests/cooperative_pages/test_compat.py`` pins the signature and source of each upstream
object named in ``RELIED_ON`` to the versions it was checked against, so an upgrade that
changes one fails that test instead of breaking the importer or a guard in silence
(``tools/repin_compat.py`` re-pins them once this module is adapted).
The admin guards are installed by ``install_admin_guards()`` from ``AppConfig.ready()``.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, functions
from django.db.models.sql.subqueries import InsertQuery
from django.http import Http404
from django.shortcuts import redirect

# "module:qualified name" of every upstream object used below; test_compat.py pins each one.
RELIED_ON = (
    "treebeard.mp_tree:MP_Node._get_path",
    "treebeard.mp_tree:MP_Node._str2int",
    "wagtail.models.reference_index:ReferenceIndex._extract_references_from_object",
    "wagtail.models.reference_index:ReferenceIndex._get_content_path_hash",
    "modelsearch.backends.database.sqlite.sqlite:SQLiteIndex._refresh_title_norms",
    "modelsearch.backends.database.postgres.postgres:PostgresIndex._refresh_title_norms",
    "modelsearch.backends.database.postgres.postgres:PostgresIndex.add_items",
    "modelsearch.backends.database.postgres.postgres:ObjectIndexer.__init__",
    "modelsearch.backends.database.postgres.postgres:IndexEntry",
    "wagtail.permission_policies.collections:CollectionPermissionLookupMixin._get_user_permission_objects_for_actions",
    "wagtail.permission_policies.collections:CollectionPermissionLookupMixin._check_perm",
    "wagtail.permission_policies.collections:CollectionPermissionLookupMixin._collections_with_perm",
    "wagtail.admin.views.chooser:BrowseView.get",
    "wagtail.admin.views.chooser:ChosenMultipleView.get",
    "wagtail.admin.views.reports.page_types_usage:PageTypesUsageReportView.dispatch",
    "wagtail.admin.views.pages.workflow:WorkflowPageViewMixin.add_not_in_moderation_error",
    "wagtail.admin.views.pages.workflow:PreviewRevisionForTaskView.add_error_message",
    "wagtail.admin.views.tags:autocomplete",
    "wagtail.admin.views.pages.workflow:ConfirmWorkflowCancellationView.dispatch",
    "wagtail.admin.views.generic.workflow:WorkflowAction.post",
    "wagtail.admin.views.bulk_action.base_bulk_action:BulkAction.get_actionable_objects",
    "wagtail.admin.views.reports.workflows:get_editable_page_ids_query",
    "wagtail.actions.publish_revision:PublishRevisionAction.__init__",
    "wagtail.actions.publish_revision:PublishRevisionAction.execute",
)


# --- Tree paths -----------------------------------------------------------------------
# Gap: treebeard computes a new node's path only inside add_child(), which saves one node
# (several queries) at a time; the bulk importer lays out 322,000 pages in memory first
# (there is no bulk page API upstream: wagtail#10833).


def tree_path(*, model, parent_path: str, depth: int, step: int) -> str:
    """The materialised path of the ``step``-th child (1-based) of the node at ``parent_path``."""
    return model._get_path(parent_path, depth, step)


def tree_step(*, model, path: str) -> int:
    """The position among its siblings that ``path`` encodes (its last step)."""
    return model._str2int(path[-model.steplen :])


# --- Reference index ------------------------------------------------------------------
# Gap: ReferenceIndex.create_or_update_for_object() writes one object at a time; the bulk
# importer needs the rows it would write, to insert them for thousands of pages at once.


def references_of(obj) -> set:
    """``(to_content_type_id, to_object_id, model_path, content_path)`` of what ``obj`` references."""
    from wagtail.models import ReferenceIndex

    return set(ReferenceIndex._extract_references_from_object(obj))


def content_path_hash(content_path: str):
    from wagtail.models import ReferenceIndex

    return ReferenceIndex._get_content_path_hash(content_path)


# --- Search index (modelsearch's database backends) -------------------------------------
# Gap: after every add_items() call the database backends re-average the title lengths of
# the whole index, which grows with the index; the bulk importer defers that to one call
# at the end. And PostgresIndex.add_items() compiles every tsvector expression per row.


def defer_title_norms(index) -> None:
    """Make ``index`` skip the title-norm refresh after each ``add_items`` call (this index object only)."""
    if hasattr(index, "_refresh_title_norms"):
        index._refresh_title_norms = _skip_title_norms


def _skip_title_norms(full: bool = False) -> None:
    return None


def refresh_title_norms(index) -> None:
    """Give the entries added while norms were deferred their title norm (database backends only)."""
    if hasattr(index, "_refresh_title_norms"):
        index._refresh_title_norms()


def is_postgres_index(index) -> bool:
    """True for modelsearch's PostgreSQL full-text index (not importable without psycopg)."""
    try:
        from modelsearch.backends.database.postgres.postgres import PostgresIndex
    except ImportError:
        return False
    return isinstance(index, PostgresIndex)


# The columns of modelsearch's PostgreSQL index entry that postgres_add_new_items writes.
POSTGRES_INDEX_COLUMNS = (
    "content_type_id",
    "object_id",
    "title",
    "autocomplete",
    "body",
    "title_norm",
    "title_text",
    "body_text",
)


def postgres_add_new_items(index, model, objs: list) -> None:
    """modelsearch's ``PostgresIndex.add_items`` for new objects, with each distinct tsvector
    expression compiled once: three of every four pages are sections with the same titles."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
    from modelsearch.utils import get_content_type_pk

    connection = index.write_connection
    compiler = InsertQuery(IndexEntry).get_compiler(connection=connection)
    fields = {name: IndexEntry._meta.get_field(name) for name in ("title", "autocomplete", "body")}
    compiled: dict[tuple[str, str], tuple[str, list]] = {}

    def compile_value(name: str, value) -> tuple[str, list]:
        key = (name, repr(value))
        if key not in compiled:
            sql, params = compiler.prepare_value(fields[name], value).as_sql(compiler, connection)
            compiled[key] = (sql, list(params))
        return compiled[key]

    content_type_pk = get_content_type_pk(model)
    rows_sql, params = [], []
    for obj in objs:
        indexer = ObjectIndexer(obj, index.backend)
        params.extend((content_type_pk, indexer.id))
        parts = []
        for name in ("title", "autocomplete", "body"):
            sql, value_params = compile_value(name, getattr(indexer, name))
            parts.append(sql)
            params.extend(value_params)
        params.extend((indexer.title_text, indexer.body_text))
        rows_sql.append(f"(%s, %s, {parts[0]}, {parts[1]}, {parts[2]}, 1.0, %s, %s)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {IndexEntry._meta.db_table} "  # noqa: S608 (names from the model, values are parameters)
            f"({', '.join(POSTGRES_INDEX_COLUMNS)}) "
            f"VALUES {', '.join(rows_sql)}",
            params,
        )


# --- Publishing a revision with page-wide fields of the live page ---------------------------
# Gap: a revision is published as it was stored; the approval publishes it with the live
# page's registry data (models/cooperative.py), by preparing the object the publish action
# builds from the revision (PublishRevisionAction.object) before the action runs.


def publish_revision_prepared(revision, *, user, prepare) -> None:
    """Publish ``revision`` as ``user`` without Wagtail's permission check, after ``prepare(page)``."""
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    action = PublishPageRevisionAction(revision, user=user)
    prepare(action.object)
    action.execute(skip_permission_checks=True)


# --- Collection permission policy --------------------------------------------------------
# Gap: Wagtail's collection policies take permission records from the database only and
# collect them in sets; ours adds records built from officer memberships (see permissions.py),
# unsaved model instances, which Django refuses to hash. These overrides of the policy's
# private lookups do the same job with lists, and a flat id list for our leaf collections.


class SynthesisedRecordsCollectionPolicyMixin:
    def _get_user_permission_objects_for_actions(self, user, actions):
        from django.contrib.auth import get_permission_codename

        codenames = {get_permission_codename(action, self.auth_model._meta) for action in actions}
        return [perm for perm in self.get_cached_permissions_for_user(user) if perm.permission.codename in codenames]

    def _check_perm(self, user, actions, collection=None):
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        permissions = self._get_user_permission_objects_for_actions(user, actions)
        if collection is None:
            return bool(permissions)
        return any(
            collection.pk == perm.collection_id or collection.path.startswith(perm.collection.path)
            for perm in permissions
        )

    def _collections_with_perm(self, user, actions):
        # The base implementation ORs one subquery per record; records synthesised for
        # officers name leaf collections, so a flat id list is equivalent and bounded.
        from django.db.models import Q
        from wagtail.models import Collection

        permissions = self._get_user_permission_objects_for_actions(user, actions)
        q = Q(pk__in=[perm.collection_id for perm in permissions if perm.pk is None])
        for perm in permissions:
            if perm.pk is not None:
                q |= Q(path__startswith=perm.collection.path)
        return Collection.objects.filter(q)


# --- Admin view guards ---------------------------------------------------------------------
# Gap: these admin views look objects up by id without asking the permission policy or the
# chooser hooks (see admin_guards.py for what each guard protects).


def _guard(cls, name: str, make_wrapper) -> None:
    """Replace ``cls.name`` by ``make_wrapper(original)`` once (the wrapper is marked)."""
    original = getattr(cls, name)
    if getattr(original, "kmp_guard", False):
        return
    wrapper = wraps(original)(make_wrapper(original))
    wrapper.kmp_guard = True
    setattr(cls, name, wrapper)


def _chooser_browse(original):
    def get(self, request, parent_page_id=None):
        from .tenancy import pages_in_chooser

        if parent_page_id and not pages_in_chooser(user=request.user, page_ids=[parent_page_id]):
            raise Http404
        return original(self, request, parent_page_id)

    return get


def _chooser_chosen_multiple(original):
    def get(self, request):
        from .tenancy import pages_in_chooser

        if not pages_in_chooser(user=request.user, page_ids=request.GET.getlist("id")):
            raise Http404
        return original(self, request)

    return get


def _national_report(original):
    def dispatch(self, request, *args, **kwargs):
        from .tenancy import is_national_moderator

        if not is_national_moderator(user=request.user):
            raise PermissionDenied
        return original(self, request, *args, **kwargs)

    return dispatch


def _moderation_message(original):
    def add_message(self):
        from .admin_guards import may_hear_of_moderation

        if not may_hear_of_moderation(user=self.request.user, page=self.object, task=self.task):
            raise PermissionDenied
        original(self)

    return add_message


def _visible_tags_only(original):
    # Gap: Wagtail's tag autocomplete filters every tag in the database by the typed prefix only
    # (other cooperatives' and draft-only tags included) and has no hook. Installed before the admin
    # URLs are imported: they keep a reference to this function.
    def autocomplete(request, app_name=None, model_name=None):
        from django.http import JsonResponse
        from taggit.models import Tag
        from wagtail.admin.views import tags

        from .visibility import tags_visible_to

        response = original(request, app_name=app_name, model_name=model_name)  # its 404s for unknown models
        term = request.GET.get("term")
        if response.status_code != 200 or not term:
            return response
        if app_name and model_name and (app_name, model_name) != (Tag._meta.app_label, Tag._meta.model_name):
            return JsonResponse([], safe=False)  # no other tag model in this site: nothing to suggest
        names = tags_visible_to(user=request.user).filter(name__istartswith=term).order_by("name")
        return JsonResponse(list(names.values_list("name", flat=True)[: tags.TAGS_AUTOCOMPLETE_LIMIT]), safe=False)

    return autocomplete


def _acting_users_only(original):
    # Gap: the workflow cancellation confirmation checks no permission: it told any admin user
    # whether a page id is in moderation, and its workflow and task.
    def dispatch(self, request, *args, **kwargs):
        from .tenancy import user_can_moderate_page

        page, user = self.object, request.user
        if not (page.permissions_for_user(user).can_edit() or user_can_moderate_page(user=user, page=page)):
            raise PermissionDenied
        return original(self, request, *args, **kwargs)

    return dispatch


# Gap: a PermissionDenied raised by Task.on_action() reaches the user as Wagtail's generic
# "you do not have permission" message; our task says why it refuses (an approval of a page
# changed since submission, see models/approval.py), so the workflow action view shows that.


def _explained_refusal(original):
    def post(self, request, *args, **kwargs):
        from wagtail.admin import messages

        from .models.approval import WorkflowActionRefused

        try:
            return original(self, request, *args, **kwargs)
        except WorkflowActionRefused as refusal:
            messages.error(request, refusal.message)
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(request, {"step": "success", "redirect": self.redirect_url})
            return redirect(self.redirect_url)

    return post


# Gap: a bulk action's confirmation page lists the title of every id it is given, and only
# then says which ones the user may not act on ("items_with_no_access"); ids are sequential,
# so anyone could read every cooperative's page, image and document titles. Every bulk
# action (pages, images, documents, of any app) gets its objects from this one method.


def _bulk_objects_in_reach(original):
    def get_actionable_objects(self):
        from .tenancy import objects_in_reach

        objects, details = original(self)
        reach = objects_in_reach(user=self.request.user, model=self.model)
        if reach is None:
            return objects, details
        listed = [*objects, *details.get("items_with_no_access", [])]
        visible = set(reach.filter(pk__in=[obj.pk for obj in listed]).values_list("pk", flat=True))
        objects = [obj for obj in objects if obj.pk in visible]
        no_access = [obj for obj in details.get("items_with_no_access", []) if obj.pk in visible]
        if not (objects or no_access):
            raise Http404
        return objects, {**details, "items_with_no_access": no_access}

    return get_actionable_objects


def _pages_in_workflows(original):
    # Gap: the workflow reports match states against every page the user may change (322,000: seconds a
    # request); only pages in a workflow can match, so the page list starts from the states (same rows).
    def get_editable_page_ids_query(request):
        from wagtail.models import WorkflowState, get_default_page_content_type

        states = WorkflowState.objects.filter(base_content_type=get_default_page_content_type())
        return original(request).filter(pk__in=states.values(page_id=functions.Cast("object_id", IntegerField())))

    return get_editable_page_ids_query


def install_admin_guards() -> None:
    """Wrap the admin view methods listed in ``RELIED_ON`` (idempotent)."""
    from wagtail.admin.views import tags
    from wagtail.admin.views.bulk_action import BulkAction
    from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
    from wagtail.admin.views.generic.workflow import WorkflowAction
    from wagtail.admin.views.pages import workflow as page_workflow
    from wagtail.admin.views.reports import page_types_usage, workflows

    _guard(BrowseView, "get", _chooser_browse)
    _guard(ChosenMultipleView, "get", _chooser_chosen_multiple)
    _guard(page_types_usage.PageTypesUsageReportView, "dispatch", _national_report)
    # Workflow action and action-data views; the task preview.
    _guard(page_workflow.WorkflowPageViewMixin, "add_not_in_moderation_error", _moderation_message)
    _guard(page_workflow.PreviewRevisionForTaskView, "add_error_message", _moderation_message)
    _guard(tags, "autocomplete", _visible_tags_only)
    _guard(page_workflow.ConfirmWorkflowCancellationView, "dispatch", _acting_users_only)
    _guard(WorkflowAction, "post", _explained_refusal)
    _guard(BulkAction, "get_actionable_objects", _bulk_objects_in_reach)
    _guard(workflows, "get_editable_page_ids_query", _pages_in_workflows)
