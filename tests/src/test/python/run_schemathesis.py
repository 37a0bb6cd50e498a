"""Runs schemathesis's command line (tests/requirements-fuzz.txt) for ApiFuzzIT.

CPython 3.11 up to 3.11.7 may raise "SystemError: AST constructor recursion depth mismatch" from
ast.parse, which Hypothesis calls only to describe a filtered strategy in its repr. That aborts
schemathesis's coverage phase for an operation, a failure of the fuzzer and not of the API, so the
description falls back to a plain one here. Nothing else changes.
"""
import sys

from hypothesis.internal import lambda_sources

_describe = lambda_sources.lambda_description


def _described(function):
    try:
        return _describe(function)
    except SystemError:
        return "lambda"


lambda_sources.lambda_description = _described

from schemathesis.cli import schemathesis  # noqa: E402  (after the patch, which it must see)

if __name__ == "__main__":
    sys.argv[0] = "schemathesis"
    sys.exit(schemathesis())
