"""Command lines for e2e tests that read parready's stderr."""


def without_progress(args):
    """Progress lines come when a run takes a few seconds, as on a loaded
    machine: tests that read stderr ask for none unless they test progress."""
    args = list(args)
    if args[:1] == ["extract"] or any(a.startswith("--progress") for a in args):
        return args
    return ["--progress=never", *args]
