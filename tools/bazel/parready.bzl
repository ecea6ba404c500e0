"""parready under Bazel: per-file fact extraction as Bazel actions, one report for a suite.

    load("@parready//:parready.bzl", "parready_aspect", "parready_report")

parready_aspect runs `parready extract` once for every C/C++ source of each cc_test and of
the cc_library targets it reaches through `deps`, with the target's own compile command
(toolchain flags, features, --copt/--cxxopt/--conlyopt, the rule's copts, the include
paths and defines of its CcInfo), and gives one facts file per source (output group
`parready_facts`). Each extraction is an ordinary action: sandboxed, cached, remotely
executable, rerun only when its source, a header it may include, its flags, the rules or
the parready binary change.

parready_report runs the aspect over its `tests` and one `parready link` action over all
their facts files, which writes the report exactly as a one-shot `parready` run does.

See README.md beside this file.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load(
    "@bazel_tools//tools/build_defs/cc:action_names.bzl",
    "CPP_COMPILE_ACTION_NAME",
    "C_COMPILE_ACTION_NAME",
)

ParreadyFactsInfo = provider(
    doc = "The parready facts files of a target and of everything it reaches through deps.",
    fields = {
        "facts": "depset of File: one facts file per C/C++ source",
        "sources": "depset of File: those sources (parready link reads their text)",
    },
)

# parready extract takes the last argument with one of these endings as the source.
_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C"]
_C_EXTENSIONS = ["c"]

# The rule kinds whose sources are extracted.
_CC_RULE_KINDS = ["cc_library", "cc_test", "cc_binary"]

# The attributes the aspect follows from a cc_test to the libraries it links.
_DEPS_ATTRIBUTES = ["deps", "implementation_deps"]

# The report formats of `parready --format` and the extension of each one's file.
_FORMAT_EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "markdown": "md",
    "ctest": "cmake",
    "github": "github.txt",
}

# Every action runs in a directory of its own (a sandbox, a remote worker), and parready makes
# the compile command's relative paths absolute against its working directory, which it takes
# from LLVM's current_path(): that answers $PWD when $PWD names the current directory. With
# PWD=/proc/self/cwd every facts file says /proc/self/cwd/<execroot path>, whichever directory
# or machine made it (a facts file from a remote cache links like a local one), and
# `link --root /proc/self/cwd` makes the report's paths workspace paths again.
_STABLE_CWD = "/proc/self/cwd"

def _tokenize(text):
    """Splits a copt the way Bazel does (Bourne-shell words: quotes and backslashes).

    Args:
      text: one element of a rule's copts.
    Returns:
      The list of words.
    """
    words = []
    word = ""
    in_word = False
    quote = None
    escaped = False
    for i in range(len(text)):
        c = text[i]
        if escaped:
            word += c
            in_word = True
            escaped = False
        elif quote == "'":
            if c == "'":
                quote = None
            else:
                word += c
        elif quote == '"':
            if c == '"':
                quote = None
            elif c == "\\":
                escaped = True
            else:
                word += c
        elif c == "\\":
            escaped = True
        elif c == "'" or c == '"':
            quote = c
            in_word = True
        elif c == " " or c == "\t" or c == "\n":
            if in_word:
                words.append(word)
            word = ""
            in_word = False
        else:
            word += c
            in_word = True
    if quote != None:
        fail("unterminated quotation in copt: " + text)
    if in_word or escaped:
        words.append(word)
    return words

def _rule_copts(ctx):
    """The rule's copts, with $(location ...) and make variables expanded, tokenized."""
    raw = getattr(ctx.rule.attr, "copts", [])
    data = getattr(ctx.rule.attr, "data", []) + getattr(ctx.rule.attr, "srcs", []) + getattr(ctx.rule.attr, "deps", [])
    copts = []
    for copt in raw:
        expanded = ctx.expand_location(copt, targets = data)
        for word in _tokenize(expanded):
            copts.append(word)
    return copts

def _sources(ctx):
    """The C/C++ source files of the rule (not its headers)."""
    files = []
    for src in getattr(ctx.rule.files, "srcs", []):
        if src.extension in _CXX_EXTENSIONS or src.extension in _C_EXTENSIONS:
            files.append(src)
    return files

def _rules_directory(files):
    """The directory of the rules files: the one holding registry.json, nearest the top."""
    best = None
    for f in files:
        if f.basename == "registry.json" and (best == None or len(f.path) < len(best.path)):
            best = f
    if best == None:
        fail("the parready rules (--@parready//:rules) hold no registry.json")
    return best.dirname

def _facts_file(ctx, target, src):
    """The declared facts file of one source: <package>/_parready/<target>/<source>.facts.json."""
    package = target.label.package
    rel = src.short_path
    if src.short_path.startswith("../"):
        rel = src.short_path[3:]  # a source of an external repository: ../repo/path
    elif package and rel.startswith(package + "/"):
        rel = rel[len(package) + 1:]
    return ctx.actions.declare_file("_parready/%s/%s.facts.json" % (target.label.name, rel))

def _compile_command(ctx, target, src, cc_toolchain, feature_configuration):
    """The compiler and its arguments for src, as the C/C++ compile action would run them."""
    compilation_context = target[CcInfo].compilation_context
    cpp = ctx.fragments.cpp
    is_c = src.extension in _C_EXTENSIONS
    action_name = C_COMPILE_ACTION_NAME if is_c else CPP_COMPILE_ACTION_NAME
    user_flags = list(cpp.copts) + list(cpp.conlyopts if is_c else cpp.cxxopts) + _rule_copts(ctx)
    defines = [compilation_context.defines]
    if hasattr(compilation_context, "local_defines"):
        defines.append(compilation_context.local_defines)
    variables = cc_common.create_compile_variables(
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        source_file = src.path,
        user_compile_flags = user_flags,
        include_directories = compilation_context.includes,
        quote_include_directories = compilation_context.quote_includes,
        system_include_directories = compilation_context.system_includes,
        framework_include_directories = compilation_context.framework_includes,
        preprocessor_defines = depset(transitive = defines),
        # -fPIC where Bazel compiles position-independent code (__PIC__ is defined then).
        use_pic = getattr(cpp, "force_pic", False) or cc_toolchain.needs_pic_for_dynamic_libraries(
            feature_configuration = feature_configuration,
        ),
    )
    compiler = cc_common.get_tool_for_action(
        feature_configuration = feature_configuration,
        action_name = action_name,
    )
    # GCC options Clang does not know (-fno-canonical-system-headers, which the autodetected
    # GCC toolchain passes everywhere) are parready's to drop: it does, as for any database.
    arguments = cc_common.get_memory_inefficient_command_line(
        feature_configuration = feature_configuration,
        action_name = action_name,
        variables = variables,
    )
    env = cc_common.get_environment_variables(
        feature_configuration = feature_configuration,
        action_name = action_name,
        variables = variables,
    )
    return compiler, arguments, env

def _parready_aspect_impl(target, ctx):
    transitive = []
    transitive_sources = []
    for attribute in _DEPS_ATTRIBUTES:
        for dep in getattr(ctx.rule.attr, attribute, []):
            if ParreadyFactsInfo in dep:
                transitive.append(dep[ParreadyFactsInfo].facts)
                transitive_sources.append(dep[ParreadyFactsInfo].sources)

    own = []
    sources = []
    if (CcInfo in target and ctx.rule.kind in _CC_RULE_KINDS and
        # Other repositories' code (a GoogleTest built from source, a vendored library) is
        # not the suite: a one-shot run skips vendored directories too.
        target.label.workspace_name == ""):
        sources = _sources(ctx)
    if sources:
        cc_toolchain = find_cpp_toolchain(ctx)
        feature_configuration = cc_common.configure_features(
            ctx = ctx,
            cc_toolchain = cc_toolchain,
            requested_features = ctx.features,
            unsupported_features = ctx.disabled_features,
        )
        headers = target[CcInfo].compilation_context.headers
        rules = ctx.attr._rules.files
        rules_dir = _rules_directory(rules.to_list())
        parready = ctx.executable._parready
        for src in sources:
            out = _facts_file(ctx, target, src)
            compiler, arguments, compiler_env = _compile_command(ctx, target, src, cc_toolchain, feature_configuration)
            args = ctx.actions.args()
            args.add("extract")
            args.add("--output", out)
            args.add("--rules-dir", rules_dir)
            args.add("--")
            args.add(compiler)
            args.add_all(arguments)
            # Exit 3: the file did not parse cleanly. Its record says so, and the report
            # shows it as partial (serial): a finished extraction, not a failed action.
            _run_accepting(
                ctx,
                accepted = [0, 3],
                executable = parready,
                arguments = [args],
                inputs = depset([src], transitive = [headers, rules, cc_toolchain.all_files]),
                outputs = [out],
                env = compiler_env,
                mnemonic = "ParreadyExtract",
                progress_message = "parready: extracting facts from %s" % src.short_path,
            )
            own.append(out)

    facts = depset(own, transitive = transitive)
    return [
        ParreadyFactsInfo(facts = facts, sources = depset(sources, transitive = transitive_sources)),
        OutputGroupInfo(parready_facts = facts),
    ]

def _run_accepting(ctx, accepted, executable, arguments, show_on_failure = None, **kwargs):
    """ctx.actions.run of `executable` in the directory-independent PWD (_STABLE_CWD), through
    /bin/sh, where every exit code in `accepted` is a success.

    PWD is set by the command, not by the action's env: a shell between Bazel and parready
    would reset an inherited PWD that it does not recognise. Its standard output is shown only
    when it fails, or else `show_on_failure` (a file it writes) then, on standard error.
    """
    show = '"$out"' if show_on_failure == None else '"%s"' % show_on_failure.path
    ctx.actions.run_shell(
        command = ('export PWD=%s; out="${TMPDIR:-/tmp}/parready-stdout.$$"; "$@" >"$out"; rc=$?; ' +
                   'case $rc in %s) rm -f "$out"; exit 0;; esac; cat %s >&2 2>/dev/null; rm -f "$out"; ' +
                   'exit $rc') % (_STABLE_CWD, "|".join([str(code) for code in accepted]), show),
        arguments = [executable.path] + arguments,
        tools = [executable],
        **kwargs
    )

_ASPECT_ATTRS = {
    "_parready": attr.label(
        default = Label("//:bin"),
        executable = True,
        allow_files = True,  # the default, @parready_tool//:parready, is a file
        cfg = "exec",
    ),
    "_rules": attr.label(
        default = Label("//:rules"),
        allow_files = True,
    ),
    "_cc_toolchain": attr.label(
        default = Label("@bazel_tools//tools/cpp:current_cc_toolchain"),
    ),
}

parready_aspect = aspect(
    implementation = _parready_aspect_impl,
    attr_aspects = _DEPS_ATTRIBUTES,
    attrs = _ASPECT_ATTRS,
    fragments = ["cpp"],
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    provides = [ParreadyFactsInfo],
    doc = "One `parready extract` action per C/C++ source of a cc_test and the cc_library " +
          "targets it reaches through deps; output group parready_facts.",
)

def _parready_report_impl(ctx):
    facts = depset(transitive = [t[ParreadyFactsInfo].facts for t in ctx.attr.tests])

    # link tells test files from library files by their text, as a one-shot run does
    # (a test macro followed by "(", a main()): without the sources it would take every
    # library file for a test file that defines no test.
    sources = depset(transitive = [t[ParreadyFactsInfo].sources for t in ctx.attr.tests])
    if not ctx.attr.formats:
        fail("formats is empty: name at least one of " + ", ".join(_FORMAT_EXTENSIONS.keys()))
    outputs = []
    text_report = None
    args = ctx.actions.args()
    args.add("link")
    args.add("--runner", ctx.attr.runner)
    args.add("--fail-on", ctx.attr.fail_on)
    args.add("--root", _STABLE_CWD)
    rules = ctx.attr._rules.files
    args.add("--rules-dir", _rules_directory(rules.to_list()))
    for fmt in ctx.attr.formats:
        if fmt not in _FORMAT_EXTENSIONS:
            fail("unknown format '%s': use %s" % (fmt, ", ".join(_FORMAT_EXTENSIONS.keys())))
        out = ctx.actions.declare_file("%s.%s" % (ctx.label.name, _FORMAT_EXTENSIONS[fmt]))
        outputs.append(out)
        args.add("--format", "%s=%s" % (fmt, out.path))
        if fmt == "text":
            text_report = out
    if ctx.attr.fail_on != "never" and text_report == None:
        # The text report on stdout, shown when the build fails on a hazard (a failed
        # action's files are gone).
        args.add("--format", "text")
    args.add_all(ctx.attr.extra_args)

    # The facts files as one @response file: a suite's list outgrows a command line.
    facts_args = ctx.actions.args()
    facts_args.use_param_file("@%s", use_always = True)
    facts_args.add_all(facts)

    # Exit 3 (a file's analysis is incomplete) still writes the report; with
    # fail_on = "never" the report is all that is asked for, so 3 passes too.
    _run_accepting(
        ctx,
        accepted = [0, 3] if ctx.attr.fail_on == "never" else [0],
        executable = ctx.executable._parready,
        arguments = [args, facts_args],
        show_on_failure = text_report,
        inputs = depset(transitive = [facts, sources, rules]),
        outputs = outputs,
        mnemonic = "ParreadyLink",
        progress_message = "parready: linking %d facts files into %s" % (len(facts.to_list()), ctx.label),
    )
    return [
        DefaultInfo(files = depset(outputs)),
        OutputGroupInfo(parready_facts = facts),
    ]

_parready_report = rule(
    implementation = _parready_report_impl,
    attrs = {
        "tests": attr.label_list(
            aspects = [parready_aspect],
            providers = [CcInfo],
            doc = "cc_test targets (their cc_library deps are followed)",
        ),
        "formats": attr.string_list(
            default = ["json", "text"],
            doc = "report formats, one file each: <name>.json, .txt, .sarif, .md, .cmake, .github.txt",
        ),
        "runner": attr.string(
            default = "bazel",
            values = ["bazel", "ctest", "threads"],
            doc = "parready --runner: bazel (each test target has its own TEST_TMPDIR)",
        ),
        "fail_on": attr.string(
            default = "never",
            values = ["never", "fixable", "serial"],
            doc = "parready --fail-on: the build fails when a hazard is at least this bad",
        ),
        "extra_args": attr.string_list(
            doc = "more `parready link` options (--strict, ...)",
        ),
        "_parready": attr.label(
            default = Label("//:bin"),
            executable = True,
            allow_files = True,
            cfg = "exec",
        ),
        "_rules": attr.label(
            default = Label("//:rules"),
            allow_files = True,
        ),
    },
    doc = "The parready report of a suite: one `parready link` over the facts of its tests.",
)

def parready_report(name, tests, **kwargs):
    """The parready report of a suite: one `parready link` over the facts of its tests.

    Writes <name>.json, <name>.txt, ... (one file per format), built by `bazel build //pkg:name`.

    Args:
      name: the target, and the stem of the report files.
      tests: cc_test targets; the aspect follows their deps to the cc_library targets.
      **kwargs: formats (default ["json", "text"]), runner (default "bazel"), fail_on (default
        "never"), extra_args, and the common attributes; testonly defaults to True, as the
        tests are testonly.
    """
    kwargs.setdefault("testonly", True)
    _parready_report(name = name, tests = tests, **kwargs)
