"""Running a command: the errors a user can cause give a message and an exit code, anything
else is a bug and keeps its traceback. (What each command prints is tested through the
command line, in ``test_cli.py``.)"""

from __future__ import annotations

import argparse

import pytest

from cica_graph import commands
from cica_graph.queries import ParameterError
from cica_graph.reason import InconsistentGraph
from cica_graph.remote import RemoteError
from cica_graph.store import QueryError
from cica_graph.tbox import UnsupportedAxiom


@pytest.mark.parametrize(
    "error, code, prefix",
    [
        (InconsistentGraph(["no model"], "HermiT: no model"), 1, ""),
        (UnsupportedAxiom("an axiom"), 1, ""),
        (QueryError("error at 1:1"), 2, "query error: "),
        (ParameterError("state is missing"), 2, "query error: "),
        (RemoteError("503 from the store"), 3, "remote store: "),
    ],
)
def test_a_users_error_is_a_message_and_an_exit_code(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    code: int,
    prefix: str,
) -> None:
    def failing(args: argparse.Namespace) -> int:
        raise error

    monkeypatch.setattr(commands, "cmd_check", failing)
    assert commands.run(argparse.Namespace(command="check")) == code
    assert capsys.readouterr().err == f"{prefix}{error}\n"


def test_any_other_error_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(args: argparse.Namespace) -> int:
        raise KeyError("a bug")

    monkeypatch.setattr(commands, "cmd_check", failing)
    with pytest.raises(KeyError, match="a bug"):
        commands.run(argparse.Namespace(command="check"))


def test_every_parsed_command_but_serve_has_its_function() -> None:
    from cica_graph.cli import parser

    subparsers = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    names = set(subparsers.choices) - {"serve"}
    assert names and all(callable(getattr(commands, f"cmd_{name}", None)) for name in names)
