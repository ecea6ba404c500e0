// Save the shared state before the test and restore it afterwards, so the
// next test in this process starts from the same place.
class RestoresSettings : public ::testing::Test {
protected:
    void SetUp() override { saved_ = Settings::instance(); }
    void TearDown() override { Settings::instance() = saved_; }

    Settings saved_;
};
