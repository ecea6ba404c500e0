// The API catalog loader (rules/api/*.json): users write these files, so any
// text must give a loaded catalog or one error line, never a crash.
#include "FuzzTarget.h"

#include "catalog/ApiCatalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace parready;
  const std::string origin = "fuzz.json";
  ApiCatalog catalog;
  std::string error = catalog.loadText(fuzz::text(data, size), origin);
  fuzz::checkError(error, origin);
  if (!error.empty())
    return 0;
  // What the extractors ask a loaded catalog must hold up for any content.
  catalog.clockCallSpellings();
  for (const auto &[name, program] : catalog.shellPrograms())
    catalog.find(name);
  for (const TestMacro &macro : catalog.frameworks().macros)
    catalog.findMacro(macro.name, macro.definedIn);
  return 0;
}
