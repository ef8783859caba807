"""OWL 2 DL profile check of the ontology, with the OWL API (Java).

The OWL API comes from Debian's ``libowlapi-java`` (``/usr/share/java``); set
``CICA_OWLAPI_CLASSPATH`` to use jars elsewhere. The small checker in ``java/OwlProfile.java``
is compiled once into a cache directory keyed by its checksum.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

JAVA_SOURCE = Path(__file__).parent / "java" / "OwlProfile.java"
DEFAULT_CLASSPATH = "/usr/share/java/*"


class ProfileCheckUnavailable(RuntimeError):
    """Java or the OWL API is missing."""


def _classpath() -> str:
    return os.environ.get("CICA_OWLAPI_CLASSPATH", DEFAULT_CLASSPATH)


def _compiled() -> Path:
    digest = hashlib.sha256(JAVA_SOURCE.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"cica-owlprofile-{digest}"
    if (target / "OwlProfile.class").exists():
        return target
    if shutil.which("javac") is None:
        raise ProfileCheckUnavailable("javac not found: install a JDK")
    staging = Path(tempfile.mkdtemp(prefix="cica-owlprofile-"))
    done = subprocess.run(
        ["javac", "-cp", _classpath(), "-d", str(staging), str(JAVA_SOURCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ProfileCheckUnavailable(
            f"cannot compile the OWL profile checker (is libowlapi-java installed?): {done.stderr.strip()}"
        )
    if not target.exists():
        staging.rename(target)
    return target


def dl_violations(ontology: Path) -> list[str]:
    """Every OWL 2 DL profile violation of the ontology document (empty: it is OWL 2 DL)."""
    classes = _compiled()
    done = subprocess.run(
        ["java", "-cp", f"{_classpath()}{os.pathsep}{classes}", "OwlProfile", str(ontology)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 2:
        raise ProfileCheckUnavailable(done.stderr.strip())
    return [line for line in done.stdout.splitlines() if line.strip()]
