"""The WSGI entry point for running gunicorn yourself: `gunicorn --preload 'quizapp.wsgi:app'`.

`--preload` builds the app once in gunicorn's master, as `quizapp serve` does; without it every
worker builds its own. Either way the pooled database connections the build used are given back
here, so that none is inherited by a forked worker. The settings `quizapp serve` uses (threaded
workers, the bounded queue of `quizapp.workers.QueueWorker`) are in docs/deployment.md,
« Charge et surcharge ».
"""

from . import create_app
from .serving import release_connections

app = create_app()
release_connections(app)
