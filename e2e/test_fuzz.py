"""The API fuzzed against its own OpenAPI document: schemathesis generates requests for every operation as a
district admin, a facilitator and a leader of the demo district (deterministic generation, a fixed seed, a
bound on cases and on time). No answer may be a server error, and every answer's status code, content type
and body must be what the document says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ADMIN, FACILITATOR, LEADER, make_token

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def fuzz(server, email: str) -> tuple[int, str]:
    schemathesis = Path(sys.executable).parent / "schemathesis"
    done = subprocess.run(
        [
            str(schemathesis), "run", f"{server.url}/api/v1/openapi.json",
            "-H", f"Authorization: Bearer {make_token(server, email)}",
            "--checks", CHECKS, "--phases", "examples,coverage,fuzzing", "--generation-deterministic",
            "--seed", "20261206", "--max-examples", "10", "--max-time", "35", "--workers", "1",
            "--request-timeout", "20", "--output-truncate", "true", "--warnings", "off",
        ],
        capture_output=True, text=True, timeout=240,
    )
    output = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", output)
    return (int(generated.group(1)) if generated else 0), (output if done.returncode != 0 else "")


@pytest.mark.timeout(240)
def test_the_api_answers_what_its_document_says(fresh_server):
    server = fresh_server()
    total = 0
    failures = []
    for email in (ADMIN, FACILITATOR, LEADER):
        cases, failure = fuzz(server, email)
        print(f"schemathesis as {email}: {cases} cases")
        total += cases
        if failure:
            failures.append(f"--- as {email} ---\n{failure[-6000:]}")
    assert not failures, "\n".join(failures)
    assert total >= 1000, f"only {total} cases were generated"
