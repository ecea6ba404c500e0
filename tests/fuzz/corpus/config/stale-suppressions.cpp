#include <gtest/gtest.h>
TEST(A, B) { f(); } // NOLINT(parready-shared-path) NOLINTNEXTLINE(parready-*
// parready: safe   
// parready: serial: the port
TEST(C, D) {}
