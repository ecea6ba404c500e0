// A directory of this test case's own (mkdtemp), removed when the case ends.
struct TempDir {
    TempDir() {
        std::string model = (std::filesystem::temp_directory_path() / "test-XXXXXX").string();
        path = ::mkdtemp(model.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::filesystem::path path;
};

TEST_CASE_FIXTURE(TempDir, "writes its report") {
    // point the code under test at path
}
