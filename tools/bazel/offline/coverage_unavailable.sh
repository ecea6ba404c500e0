#!/bin/sh
# The stand-in for Bazel 4's downloaded coverage tools (parready_offline_repositories()).
echo "coverage tools are not available offline: parready_offline_repositories() stands in for them" >&2
exit 1
