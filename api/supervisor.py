"""The process supervisor of ``cica serve``: N server processes, and a reload on ``SIGHUP``
that swaps every process to the current ``dist/`` at once or not at all.

Each server process pins the build that was in ``dist/`` when it started (its query pool
hard-links ``dist/store/``: :mod:`cica_graph.pinning`). ``kill -HUP <pid of cica serve>`` starts a complete new set of
processes over the current ``dist/``. Only when every one of them has loaded its build and
answers the supervisor's health check are the old ones stopped; if any of them fails (the
build is missing or unreadable, the app does not start in time), the new ones are killed and
the old set keeps serving the old build, untouched. Uvicorn's own ``restart_all`` replaces
the processes one by one and stops at the first failure, which can leave old and new builds
served side by side; this supervisor never does.

``cica build`` itself replaces ``dist/`` by a rename and only after every check passed, so
what a reload picks up is always a complete build.
"""

from __future__ import annotations

import logging

from uvicorn.supervisors.multiprocess import Multiprocess, Process

logger = logging.getLogger("uvicorn.error")


class ReloadingSupervisor(Multiprocess):
    """Uvicorn's multiprocess supervisor with an all-or-nothing reload on ``SIGHUP``."""

    def restart_all(self) -> None:
        """Start a new set of processes; switch to it only if all of them are ready."""
        fresh = [Process(self.config, self.sockets) for _ in self.processes]
        for process in fresh:
            process.start()
        timeout = self.config.timeout_worker_healthcheck
        ready = all(p.wait_until_ready(timeout, self.should_exit) for p in fresh)
        if not ready or self.should_exit.is_set():
            for process in fresh:
                process.kill()
                process.join()
            if not self.should_exit.is_set():
                logger.error("reload failed: a new process did not start; the old build is served")
            return
        old, self.processes = self.processes, fresh
        for process in old:
            process.terminate()
            process.join()
        logger.info("reloaded: %d processes serve the current build", len(fresh))
