"""The Celery app of the cluster's workers (orchestration/cluster.py):

    celery -A orchestration.celery_worker worker --pool solo -Q dagster --hostname w1@%h

Needs the same environment as the process that starts the runs: PLAN_WAREHOUSE_CELERY_BROKER,
DAGSTER_HOME with DAGSTER_POSTGRES_URL (`python -m orchestration.instance` writes its
dagster.yaml), and the raw directory and warehouse folder at the same paths.
"""

from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from orchestration.cluster import celery_app_args, executor_config_from_env

app = make_app(celery_app_args(executor_config_from_env()))
execute_plan = create_task(app)
