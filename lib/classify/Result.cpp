#include "classify/Result.h"

namespace parready {

namespace {
FileShare share(size_t files, size_t of) { return {files, of ? 100.0 * double(files) / double(of) : 0.0}; }
} // namespace

FileShare Summary::filesWith(Verdict verdict) const {
  switch (verdict) {
  case Verdict::Safe: return share(safe, files);
  case Verdict::Fixable: return share(fixable, files);
  case Verdict::Serial: return share(serial, files);
  }
  return {};
}

FileShare Summary::filesNotSerial() const { return share(files - serial, files); }

const Rule *AnalysisResult::rule(const std::string &id) const { return findRule(rules, id); }

} // namespace parready
