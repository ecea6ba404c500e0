"""A stand-in for @rules_cc//cc:defs.bzl on Bazel 4: the native C++ rules under their names.

Bazel 4's @bazel_tools//tools/cpp loads cc_library, cc_toolchain and cc_toolchain_suite from
@rules_cc//cc:defs.bzl, and Bazel downloads rules_cc for that unless the workspace defines the
repository. Bazel 4's C++ rules are native, so re-exporting them is all rules_cc does there.
Not a replacement for rules_cc on a later Bazel (Debian's bazel-rules-cc 0.0.4 needs Bazel 5).
"""

cc_binary = native.cc_binary
cc_import = native.cc_import
cc_library = native.cc_library
cc_proto_library = native.cc_proto_library
cc_test = native.cc_test
cc_toolchain = native.cc_toolchain
cc_toolchain_suite = native.cc_toolchain_suite
fdo_prefetch_hints = native.fdo_prefetch_hints
fdo_profile = native.fdo_profile
objc_import = native.objc_import
objc_library = native.objc_library
