// Runs a fuzz target over its corpus without libFuzzer, as the regression
// test of every input that ever broke it (ctest fuzz.<target>_corpus). Takes
// the same arguments a libFuzzer binary does for replaying: files and
// directories; options (-runs=0, ...) are ignored.
#include "FuzzTarget.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char **argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument.rfind("-", 0) == 0)
      continue;
    if (fs::is_directory(argument)) {
      for (const fs::directory_entry &entry : fs::recursive_directory_iterator(argument))
        if (entry.is_regular_file())
          inputs.push_back(entry.path());
    } else {
      inputs.push_back(argument);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::cerr << "replay: no inputs found\n";
    return 1;
  }
  for (const fs::path &input : inputs) {
    std::ifstream stream(input, std::ios::binary);
    if (!stream) {
      std::cerr << "replay: cannot read " << input << "\n";
      return 1;
    }
    std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    std::cerr << "replay: " << input.string() << "\n";
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  }
  std::cerr << "replay: " << inputs.size() << " inputs, no invariant broken\n";
  return 0;
}
