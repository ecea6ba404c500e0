"""The golden reports of the bundled example (tests/golden/registry-review/):
the options that produce them and the comparison, shared by every test that
must reproduce a one-shot run's reports byte for byte (test_example.py, and
test_build_actions.py for `parready extract` + `parready link`)."""
import os
import re

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(SOURCE_DIR, "tests", "golden", "registry-review")
FORMATS = {"text": "report.txt", "json": "report.json", "sarif": "report.sarif", "markdown": "report.md",
           "ctest": "parready.cmake", "github": "annotations.txt"}


def expected_verdicts():
    """The bundled example's expected verdict of each test file (examples/registry-review/expected-verdicts.txt)."""
    verdicts = {}
    with open(os.path.join(SOURCE_DIR, "examples", "registry-review", "expected-verdicts.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                verdict, path = line.split()
                verdicts[path] = verdict
    return verdicts


def report_options(out):
    """The report options of the golden run, every format written into `out`."""
    options = ["--workers", "4", "--durations", os.path.join(GOLDEN, "CTestCostData.txt")]
    for fmt, name in FORMATS.items():
        options += ["--format", f"{fmt}={os.path.join(out, name)}"]
    return options


def compare_with_golden_files(test, out, build, example, source_dir, update=False):
    """Each report in `out`, its machine-specific parts (where the example, its
    build and the docs live; the version) replaced by tokens, must equal its
    golden file; `update` rewrites the golden files instead."""
    replacements = [(os.path.realpath(build), "@BUILD@"), (os.path.realpath(example), "@EXAMPLE@"),
                    (os.path.realpath(source_dir), "@SOURCE@")]
    for fmt, name in FORMATS.items():
        with open(os.path.join(out, name)) as f:
            actual = f.read()
        for path, token in replacements:
            actual = actual.replace(path, token)
        actual = re.sub(r"parready \d+\.\d+\.\d+", "parready @VERSION@", actual)
        actual = re.sub(r'"(semanticVersion|version)": "\d+\.\d+\.\d+"', r'"\1": "@VERSION@"', actual)
        golden = os.path.join(GOLDEN, name)
        if update:
            with open(golden, "w") as f:
                f.write(actual)
            continue
        with open(golden) as f:
            expected = f.read()
        test.assertEqual(actual, expected, f"{fmt}: differs from {golden} "
                         "(if the change is intended: PARREADY_UPDATE_GOLDEN=1 ctest -R e2e.example_verdicts)")
