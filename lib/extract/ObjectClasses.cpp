#include "extract/ObjectClasses.h"

#include "extract/AstNames.h"

#include <algorithm>

namespace parready {

using namespace clang;

void recordObjectClasses(const TranslationUnitScope &scope, TranslationUnitFacts &facts) {
  for (const CXXRecordDecl *record : scope.objectClasses) {
    ClassFacts out{usrOf(record), record->getQualifiedNameAsString(), {}};
    auto addMethodsOf = [&](const CXXRecordDecl *declaring) {
      for (const CXXMethodDecl *method : declaring->methods()) {
        // Destructors run where objects die, not through call sites.
        if (!method->isVirtual() || isa<CXXDestructorDecl>(method))
          continue;
        const CXXMethodDecl *overrider = method->getCorrespondingMethodInClass(record);
        if (overrider && !overrider->isPureVirtual())
          out.finalOverriders.emplace_back(usrOf(method), usrOf(overrider));
      }
    };
    addMethodsOf(record);
    record->forallBases([&](const CXXRecordDecl *base) {
      addMethodsOf(base);
      return true;
    });
    std::sort(out.finalOverriders.begin(), out.finalOverriders.end());
    out.finalOverriders.erase(std::unique(out.finalOverriders.begin(), out.finalOverriders.end()),
                              out.finalOverriders.end());
    facts.classes.push_back(std::move(out));
  }
  // Pointer order is not stable between runs; the facts are.
  std::sort(facts.classes.begin(), facts.classes.end(),
            [](const ClassFacts &a, const ClassFacts &b) { return a.usr < b.usr; });
}

} // namespace parready
