"""The OpenSearch backend's tests use the fixtures of ``tests/conftest.py``: ``cluster``,
``state_dir``, ``new_archive``, ``sample_articles``, ``whoosh_sample``, ``first_run`` and
``cluster_sample`` (moved there so that ``tests/behaviour`` shares them)."""
