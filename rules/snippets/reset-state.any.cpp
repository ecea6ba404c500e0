// Every test starts from the same state: reset what the tests share at the
// start of each test, so no test depends on which tests ran before it.
struct FreshRegistry {
    FreshRegistry() {
        Registry::instance().clear();
        g_requests = 0;
    }
};
