"""What the task workers of a cluster share through the database: who is alive, which
scheduled jobs were started today."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per running ``kmp_worker`` process, refreshed every few seconds. A task
    whose worker stopped refreshing is given to another worker (``cluster.worker``)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class ScheduledRun(models.Model):
    """A scheduled job claimed for a day: the unique row is the cluster-wide lock, so
    every node may try and only the first one enqueues the job."""

    job = models.CharField(_("job"), max_length=64)
    day = models.DateField(_("day"))
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    claimed_by = models.CharField(_("claimed by"), max_length=255)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="cluster_scheduledrun_once_a_day")]
        ordering = ["-day", "job"]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
