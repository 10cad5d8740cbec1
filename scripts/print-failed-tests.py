#!/usr/bin/env python3
"""Prints every failed test of the .trx files under a folder, last, where a CI log's tail shows it.

dotnet test runs the test projects side by side, so a failure's lines sit somewhere in the middle of the log,
between thousands of lines of the other projects; this prints each failed test's name, message and the top of its
stack trace once all of them have ended.
"""
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
STACK_LINES = 12
MESSAGE_CHARACTERS = 2000


def failed_results(results_folder: pathlib.Path):
    for trx in sorted(results_folder.rglob("*.trx")):
        root = ElementTree.parse(trx).getroot()
        for result in root.iter(f"{NAMESPACE}UnitTestResult"):
            if result.get("outcome") == "Failed":
                yield trx.name, result


def text_of(result, path: str) -> str:
    element = result.find(path)
    return (element.text or "").strip() if element is not None else ""


def main() -> int:
    results_folder = pathlib.Path(sys.argv[1])
    failures = list(failed_results(results_folder))
    print(f"\n==== {len(failures)} failed test(s) ====")
    for trx_name, result in failures:
        print(f"\nFAILED {result.get('testName')}  ({trx_name}, {result.get('duration')})")
        message = text_of(result, f"{NAMESPACE}Output/{NAMESPACE}ErrorInfo/{NAMESPACE}Message")
        print(message[:MESSAGE_CHARACTERS])
        stack = text_of(result, f"{NAMESPACE}Output/{NAMESPACE}ErrorInfo/{NAMESPACE}StackTrace").splitlines()
        print("\n".join(stack[:STACK_LINES]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
