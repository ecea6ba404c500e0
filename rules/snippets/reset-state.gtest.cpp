// Every test starts from the same state: the fixture resets what the tests
// share before each one, so no test depends on which tests ran before it.
class RegistryTest : public ::testing::Test {
protected:
    void SetUp() override {
        Registry::instance().clear();
        g_requests = 0;
    }
};
