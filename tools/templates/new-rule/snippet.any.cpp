// TODO: the fix as code (the Markdown report shows it under each finding). One file for every
// framework; add @NAME@.gtest.cpp, @NAME@.catch2.cpp and @NAME@.doctest.cpp to show one each.
// A directory of this test's own, made by mkdtemp: point the code under test at it, not at @PREFIX@.
char tmpl[] = "@PREFIX@-XXXXXX";
const std::filesystem::path dir = ::mkdtemp(tmpl);  // nullptr: fail the test
std::ofstream(dir / "out.txt") << "data";
std::filesystem::remove_all(dir);
