// Save the shared state before the test and restore it afterwards, so the
// next test in this process starts from the same place.
struct RestoresSettings {
    RestoresSettings() : saved(Settings::instance()) {}
    ~RestoresSettings() { Settings::instance() = saved; }
    Settings saved;
};
