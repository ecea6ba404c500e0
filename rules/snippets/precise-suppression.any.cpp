// Suppress one rule, on the line of the finding (or on the call in the test
// that leads to it), and say why after the comment:
std::ofstream log("/tmp/app/debug.log");  // NOLINT(parready-shared-path): the CI image gives each job its own /tmp

// Or mark the whole test, with the reason the report shows:
// parready: serial talks to the license server on its fixed port
TEST(License, Checkout) { /* ... */ }
