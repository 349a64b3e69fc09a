"""cluster/compat.py: what ClusterWorker relies on in django-tasks-db's undocumented worker class."""

import inspect

from cluster.compat import WORKER_KEYWORDS, Worker


def test_the_worker_class_still_has_what_cluster_worker_overrides_and_calls():
    init = inspect.signature(Worker.__init__).parameters
    assert tuple(name for name in init if name != "self") == WORKER_KEYWORDS
    assert all(init[name].kind is inspect.Parameter.KEYWORD_ONLY for name in WORKER_KEYWORDS)
    assert list(inspect.signature(Worker.run_task).parameters) == ["self", "db_task_result"]
    assert list(inspect.signature(Worker.run).parameters) == ["self"]
    assert callable(Worker.configure_signals)
    # run() calls run_task() for each claimed task: ClusterWorker's retries hang on that.
    assert "self.run_task(" in inspect.getsource(Worker.run)
