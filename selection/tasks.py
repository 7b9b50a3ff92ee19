"""The ranking job: thin (takes the run's id, calls the service) and safe to run twice."""

from celery import shared_task


@shared_task(acks_late=True)
def compute_ranking(run_id):
    from .services import ranking_compute

    run = ranking_compute(run_id=run_id)
    return None if run is None else {"run": run.pk, "status": run.status}
