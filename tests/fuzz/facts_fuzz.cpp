// The facts reader: facts are written as JSON and read back (the cache, the
// extract/link split), so a truncated or foreign document must be rejected
// with an exception, and one that reads must write back to what it read.
#include "FuzzTarget.h"

#include "facts/Json.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace parready;
  nlohmann::json document = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded())
    return 0;
  TranslationUnitFacts facts;
  try {
    facts = document.get<TranslationUnitFacts>();
  } catch (const nlohmann::json::exception &) {
    return 0; // rejected: the reader's documented way to refuse a document
  }
  // Written and read once more, the facts must not change: what the cache
  // stores is what the next run analyses.
  nlohmann::json written = facts;
  nlohmann::json rewritten = written.get<TranslationUnitFacts>();
  if (written != rewritten)
    fuzz::broken("facts read back write the same JSON",
                 written.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return 0;
}
