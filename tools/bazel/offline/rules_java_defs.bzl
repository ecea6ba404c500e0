"""A stand-in for @rules_java//java:defs.bzl on Bazel 4: the native Java rules under their names.

Every Bazel 4 build registers the Java toolchains of @bazel_tools//tools/jdk, whose BUILD file
loads java_import, java_runtime and java_toolchain from @rules_java//java:defs.bzl: without this
stand-in, even a C++-only build downloads rules_java. Nothing of Java is built with it.
"""

java_binary = native.java_binary
java_import = native.java_import
java_library = native.java_library
java_lite_proto_library = native.java_lite_proto_library
java_package_configuration = native.java_package_configuration
java_plugin = native.java_plugin
java_proto_library = native.java_proto_library
java_runtime = native.java_runtime
java_test = native.java_test
java_toolchain = native.java_toolchain
