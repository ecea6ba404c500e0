"""Workspace macros of the parready Bazel rules (README.md).

    local_repository(name = "parready", path = "/path/to/parready/tools/bazel")
    load("@parready//:repositories.bzl", "parready_offline_repositories", "parready_repositories")
    parready_offline_repositories()  # Bazel 4 without network only
    parready_repositories(parready = "/usr/local/bin/parready")
"""

def _tool_repository_impl(ctx):
    binary = ctx.attr.parready or ctx.os.environ.get("PARREADY", "")
    if binary:
        binary = ctx.path(binary)
    else:
        binary = ctx.which("parready")
        if binary == None:
            fail("parready_repositories: no parready on PATH; pass parready = \"/path/to/parready\" " +
                 "(or set PARREADY, e.g. bazel build --repo_env=PARREADY=...)")
    if not binary.exists:
        fail("parready_repositories: %s does not exist" % binary)

    rules = ctx.attr.rules_dir or ctx.os.environ.get("PARREADY_RULES_DIR", "")
    if rules:
        rules = ctx.path(rules)
    else:
        # An installed parready: <prefix>/bin/parready and <prefix>/share/parready/rules.
        rules = binary.dirname.dirname.get_child("share").get_child("parready").get_child("rules")
        if not rules.exists:
            fail("parready_repositories: no %s beside %s; pass rules_dir = \"/path/to/parready/rules\" " %
                 (rules, binary) + "(or set PARREADY_RULES_DIR)")
    if not rules.get_child("registry.json").exists:
        fail("parready_repositories: %s holds no registry.json, it is not a parready rules directory" % rules)

    # Links, not copies: Bazel digests what they point to, so a rebuilt parready or an
    # edited rule reruns the actions that used it.
    ctx.symlink(binary, "parready")
    ctx.symlink(rules, "rules")
    ctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % ctx.name)
    ctx.file("BUILD", """# Made by parready_repositories() from {binary} and {rules}.
package(default_visibility = ["//visibility:public"])

exports_files(["parready"])

filegroup(
    name = "rules",
    srcs = glob(["rules/**"]),
)
""".format(binary = binary, rules = rules))

parready_tool_repository = repository_rule(
    implementation = _tool_repository_impl,
    attrs = {
        "parready": attr.string(doc = "absolute path of the parready binary; default $PARREADY, else parready on PATH"),
        "rules_dir": attr.string(doc = "absolute path of its rules directory; default $PARREADY_RULES_DIR, " +
                                       "else <prefix>/share/parready/rules of an installed parready"),
    },
    environ = ["PARREADY", "PARREADY_RULES_DIR", "PATH"],
    local = True,
    doc = "A repository that links an installed parready and its rules: @NAME//:parready, @NAME//:rules.",
)

def parready_repositories(parready = "", rules_dir = ""):
    """Defines @parready_tool, the default of --@parready//:bin and --@parready//:rules.

    Args:
      parready: absolute path of the parready binary (default: $PARREADY, else parready on PATH).
      rules_dir: absolute path of its rules directory (default: $PARREADY_RULES_DIR, else the
        share/parready/rules of an installed parready).
    """
    if "parready_tool" not in native.existing_rules():
        parready_tool_repository(name = "parready_tool", parready = parready, rules_dir = rules_dir)

def _stand_in_impl(ctx):
    ctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % ctx.name)
    if "BUILD" not in ctx.attr.build_files:
        ctx.file("BUILD", "")
    for path, content in ctx.attr.build_files.items():
        ctx.file(path, content)
    for label, path in ctx.attr.files.items():
        ctx.symlink(label, path)

_stand_in_repository = repository_rule(
    implementation = _stand_in_impl,
    attrs = {
        "build_files": attr.string_dict(doc = "BUILD files: path -> content"),
        "files": attr.label_keyed_string_dict(allow_files = True, doc = "file -> path in the repository"),
    },
)

_COVERAGE_TOOLS_BUILD = """# A stand-in for the coverage tools Bazel 4 downloads (parready_offline_repositories()).
package(default_visibility = ["//visibility:public"])

sh_binary(name = "coverage_report_generator", srcs = ["coverage_unavailable.sh"])

sh_binary(name = "lcov_merger", srcs = ["coverage_unavailable.sh"])
"""

def parready_offline_repositories():
    """Stand-ins for what Bazel 4 downloads for any C++ build, so that it builds offline.

    @rules_cc and @rules_java: Bazel 4's own toolchain BUILD files load them (the Java
    toolchains are registered in every build). @remote_coverage_tools: every test rule depends
    on it. Debian's bazel-bootstrap ships none of them (and Debian's bazel-rules-cc needs
    Bazel 5). The stand-ins re-export Bazel 4's native rules; the coverage tools fail when run
    (`bazel coverage` needs the real ones). A repository the workspace already defines is
    kept. Not for Bazel 5 and later.
    """
    existing = native.existing_rules()
    if "rules_cc" not in existing:
        _stand_in_repository(
            name = "rules_cc",
            build_files = {"cc/BUILD": "exports_files([\"defs.bzl\"])\n"},
            files = {Label("//offline:rules_cc_defs.bzl"): "cc/defs.bzl"},
        )
    if "rules_java" not in existing:
        _stand_in_repository(
            name = "rules_java",
            build_files = {"java/BUILD": "exports_files([\"defs.bzl\"])\n"},
            files = {Label("//offline:rules_java_defs.bzl"): "java/defs.bzl"},
        )
    if "remote_coverage_tools" not in existing:
        _stand_in_repository(
            name = "remote_coverage_tools",
            build_files = {"BUILD": _COVERAGE_TOOLS_BUILD},
            files = {Label("//offline:coverage_unavailable.sh"): "coverage_unavailable.sh"},
        )
