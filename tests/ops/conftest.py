"""The real-replica test needs a streaming standby; `make test` starts one on PostgreSQL and names it.

On SQLite (and a PostgreSQL run without a standby) that file is not collected — not skipped: the
router's rules are tested there against a mirror alias (test_it_routes_reads_to_replicas.py).
"""

import os

collect_ignore = [] if os.environ.get("TUIJIN_TEST_REPLICA_URL") else ["test_it_reads_from_the_replica.py"]
